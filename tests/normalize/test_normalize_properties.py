"""Property tests: the normalisers never raise, and formatted numbers parse back."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from raporty.normalize.measures import split_measures
from raporty.normalize.numbers import find_numbers, parse_number
from raporty.polish.statuses import STATUS_CODES, detect_status

_CELLISH = st.text(
    alphabet=st.sampled_from(
        list("0123456789 ,.-–:;/()%\n\u00a0złtPLNwym do lat roku spotkań osób GOPS:„”+")
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or math.isfinite(value)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), _CELLISH))
def test_split_measures_never_raises(text: str) -> None:
    for measure in split_measures(text, context=text[:30] or None):
        assert measure.value is None or math.isfinite(measure.value)
        assert measure.value_type in {"count", "money", "percent", "hours", "fte", "ratio", "other"}


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), _CELLISH))
def test_detect_status_never_raises(text: str) -> None:
    assert detect_status(text) in (*STATUS_CODES, None)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=100), _CELLISH))
def test_find_numbers_spans_are_in_text(text: str) -> None:
    for span in find_numbers(text):
        assert text[span.start : span.end] == span.text
        assert math.isfinite(span.value)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([" ", "\u00a0", "\u202f"]))
def test_space_grouped_integers_parse_back(n: int, separator: str) -> None:
    assert parse_number(f"{n:,}".replace(",", separator)) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_decimal_comma_money_parses_back(whole: int, cents: int) -> None:
    text = f"{whole:,}".replace(",", " ") + f",{cents:02d} zł"
    assert parse_number(text) == round(whole + cents / 100, 2)


@given(st.integers(min_value=1000, max_value=10**9))
def test_dot_grouped_integers_parse_back(n: int) -> None:
    assert parse_number(f"{n:,}".replace(",", ".")) == n


_INDICATOR_NAMES = [
    "Liczba koordynatorów rodzinnej pieczy zastępczej",
    "Liczba funkcjonujących na terenie Krakowa Klubów Rodziców.",
    "Kwota wydatków na działalność warsztatów terapii zajęciowej (zł)",
    "Przyrost naturalny w Krakowie, wskaźnik W6 _W (system STRADOM UMK).",
]


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**6),
    st.sampled_from(_INDICATOR_NAMES),
    st.sampled_from(["wzrost", "spadek", "Wzrost", "bez zmian"]),
    st.sampled_from([" ", "\n", "  "]),
)
def test_a_trend_note_never_changes_the_measure(n: int, context: str, trend: str, gap: str) -> None:
    def rows(text: str) -> list[tuple[float | None, str | None, str]]:
        return [(m.value, m.measure, m.value_type) for m in split_measures(text, context)]

    assert rows(f"{n}{gap}{trend}") == rows(str(n)) == rows(f"{trend}{gap}{n}")


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), _CELLISH))
def test_a_value_year_is_written_in_the_text(text: str) -> None:
    for measure in split_measures(text):
        assert measure.year is None or str(measure.year) in text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["jeden", "dwóch", "trzy", "jednej", "z", "w", "spotkań", "rodziny", "x"]), max_size=8
    )
)
def test_number_word_spans_are_in_text(words: list[str]) -> None:
    from raporty.normalize.numbers import find_number_words

    text = " ".join(words)
    for span in find_number_words(text):
        assert text[span.start : span.end] == span.text
        assert 1 <= span.value <= 20
