"""Polish number formats from the sample reports."""

from __future__ import annotations

import pytest

from raporty.normalize.numbers import find_numbers, parse_number, parse_range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 561 423, 94 zł", 2561423.94),  # seed 000: stray space after the decimal comma
        ("1 839 660,39 zł", 1839660.39),
        ("0,00 zł", 0.0),
        ("5.531", 5531.0),  # seed 002: dot thousands
        ("778.703,58zł", 778703.58),
        ("1 348.574,20zł", 1348574.20),  # mixed space and dot thousands
        ("1.624.966,55zł", 1624966.55),
        ("1,5%", 1.5),
        ("207,34", 207.34),
        ("62%", 62.0),
        ("6 540 600 zt", 6540600.0),  # seed 001: OCR "zt" for "zł"
        ("33571 800 zt", 33571800.0),  # OCR lost a thousands space
        ("1173840zt", 1173840.0),
        ("1 200 000 PLN", 1200000.0),
        ("2,5 tys. zł", 2500.0),
        ("3 tysiące", 3000.0),
        ("1.5", 1.5),
        ("-0,92", -0.92),
        ("12\u00a0271", 12271.0),
        ("10-15", 10.0),
    ],
)
def test_parse_number_polish_formats(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "abc", "12 osób", "1e300", "SZ/PSD/03", "zł", "—"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_absurd_values_are_finite_or_none() -> None:
    assert parse_number("12 345 678 901 234 zł") == pytest.approx(12345678901234.0)
    assert parse_number("9" * 400) is None


def test_parse_range() -> None:
    assert parse_range("10-15") == (10.0, 15.0)
    assert parse_range("10 – 15 tys. zł") == (10000.0, 15000.0)
    assert parse_range("15") is None


def test_find_numbers_positions_units_and_codes() -> None:
    text = "PCPR: 441 porad, SZ/PSD/03, K-2, W19_W, 2 291 277,94 zł, 62%"
    spans = find_numbers(text)
    assert [s.value for s in spans] == [441.0, 2291277.94, 62.0]
    assert text[spans[0].start : spans[0].end] == "441"
    assert spans[1].currency and not spans[1].percent
    assert spans[2].percent


def test_find_numbers_glued_to_following_word_and_after_comma() -> None:
    spans = find_numbers("SPPPPK: 4915porad, uczen-rodzic,44 562 spotkania")
    assert [s.value for s in spans] == [4915.0, 44562.0]


def test_number_words() -> None:
    from raporty.normalize.numbers import find_number_words, numeral_value

    assert numeral_value("jednej") == 1
    assert numeral_value("dwóch") == 2
    assert numeral_value("dwanaście") == 12
    assert numeral_value("jednak") is None
    assert [(s.text, s.value) for s in find_number_words("powstanie jednej Pracowni Młodych")] == [
        ("jednej", 1)
    ]
    assert find_number_words("jeden z uczestników, w jednym miejscu") == []
