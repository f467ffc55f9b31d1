"""Values written the way reports write them beside the plain "12 spotkań": numbers in words,
approximate counts, money whose scale the column header names (text made up for the tests)."""

from __future__ import annotations

import pytest

from raporty.models import ColumnKind, ColumnRole
from raporty.normalize.document import column_context
from raporty.normalize.measures import split_measures


def _facts(text: str, context: str = "Realizacja w 2023 r.") -> list[tuple]:
    return [(m.value, m.measure, m.value_type, m.qualifier) for m in split_measures(text, context=context)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dwadzieścia trzy spotkania", (23.0, "spotkanie", "count", None)),
        ("Dwudziestu czterech pracowników", (24.0, "pracownik", "count", None)),
        ("sto dwadzieścia pięć osób", (125.0, "osoba", "count", None)),
        ("czterdzieści siedem warsztatów", (47.0, "warsztat", "count", None)),
        ("dwieście porad", (200.0, "porada", "count", None)),
        ("pięćdziesiąt dwie rodziny", (52.0, "rodzina", "count", None)),
    ],
)
def test_compound_numeral_words_are_one_number(text: str, expected: tuple) -> None:
    assert _facts(text) == [expected]


def test_numeral_words_of_the_same_order_do_not_add_up() -> None:
    # "dwa trzy" is no number of Polish: only the numeral before the noun counts it
    assert _facts("dwa trzy spotkania") == [(3.0, "spotkanie", "count", None)]


def test_a_numeral_word_counts_a_noun_wrapped_to_the_next_line() -> None:
    assert _facts("dziewięciu\npracowników") == [(9.0, "pracownik", "count", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ok. 40 osób", (40.0, "osoba", "count", "około")),
        ("około 25 rodzin", (25.0, "rodzina", "count", "około")),
        ("ponad 100 uczestników", (100.0, "uczestnik", "count", "powyżej")),
        ("jedna edycja", (1.0, "edycja", "count", None)),
    ],
)
def test_approximate_counts_keep_their_word_as_qualifier(text: str, expected: tuple) -> None:
    assert _facts(text) == [expected]


@pytest.mark.parametrize(
    ("header", "cell", "value"),
    [
        ("Nakład 2022", "125,5", 125.5),  # a budget column's money word, no currency named
        ("Finansowanie w 2022 r.", "4 300", 4300.0),
        ("Budżet (w tys. zł)", "125,5", 125_500.0),
        ("Koszt [mln zł]", "1,25", 1_250_000.0),
        ("Nakład 2022 (w tys. zł)", "12,3", 12_300.0),
        ("Budżet (w tys. zł)", "125,5 tys. zł", 125_500.0),  # the cell's own unit counts, once
    ],
)
def test_bare_numbers_of_a_budget_column_are_zloty_in_its_scale(header: str, cell: str, value: float) -> None:
    role = ColumnRole(kind=ColumnKind.BUDGET, header=header)
    assert _facts(cell, column_context(role)) == [(value, "zł", "money", None)]


def test_a_bare_number_outside_budget_columns_stays_a_count() -> None:
    role = ColumnRole(kind=ColumnKind.ACTUAL, header="Wykonanie 2022")
    assert column_context(role) == "Wykonanie 2022"
    assert _facts("125", column_context(role)) == [(125.0, None, "count", None)]
