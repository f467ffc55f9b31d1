"""OCR look-alike letters inside numbers: one rule for text exports, scans and OCR'd Word files."""

from __future__ import annotations

import pytest

from raporty.polish.digit_lookalikes import restore_digits


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("w 2O2l r.", "w 2021 r."),  # letters between digits, and a round letter ending a number
        ("1 2S0 osób", "1 250 osób"),
        ("3B0 dzieci, 1G spotkań", "380 dzieci, 1G spotkań"),  # G ends a word: not between digits
        ("O00zł", "000zł"),
        ("(l5%)", "(15%)"),
        ("12 500,OO zł", "12 500,00 zł"),  # decimals after a decimal comma
        ("razem 1O.", "razem 10."),
        ("4545,07", "4545,07"),
    ],
)
def test_letters_read_for_digits_are_put_back(read: str, meant: str) -> None:
    assert restore_digits(read) == meant


@pytest.mark.parametrize(
    "text", ["Cel II.1", "Zadanie I.2", "art. 5b ust. 2a", "droga S1", "lO", "OIK", "Ola", "I", "10 l wody"]
)
def test_codes_words_and_units_stay(text: str) -> None:
    assert restore_digits(text) == text
