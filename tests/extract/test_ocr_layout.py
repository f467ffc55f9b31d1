"""OCR text without column positions (slides, scans exported as text): rows written across the
page and cells written down it, header roles, year correction, and the programme 2025–2027 sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from raporty.extract.text.layout import (
    Columns,
    extract_layout,
    fix_year_sequence,
    split_values,
    tokenize,
    trailing_years,
)
from raporty.models import Document, InputFormat

ROOT = Path(__file__).resolve().parents[2]
TEXT = ROOT / "tests" / "fixtures" / "text"
PROGRAMME = TEXT / "program_wspierania_rodziny_2025_2027.txt"
PROGRAMME_EXPECTED = ROOT / "tests" / "expected" / "program_wspierania_rodziny_2025_2027.facts.jsonl"

THREE_YEARS_AND_BUDGET = Columns(years=[(2025, None), (2026, None), (2027, None), (2025, 2027)], budget=True)
THREE_YEARS = Columns(years=[(2025, None), (2026, None), (2027, None)], budget=False)


def _doc(name: str = "x.txt") -> Document:
    return Document(file_name=name, sha256="-", format=InputFormat.TEXT)


@pytest.mark.parametrize(
    ("years", "fixed"),
    [
        ([2025, 2020, 2027], [2025, 2026, 2027]),  # OCR read 2026 as 2020
        ([2021, 2022, 2029], [2021, 2022, 2023]),  # last one out of the run
        ([2030, 2024, 2025], [2023, 2024, 2025]),  # first one out of the run
        ([2019, 2020, 2021], [2019, 2020, 2021]),
        ([2018, 2022], [2018, 2022]),  # two years: nothing to judge by
    ],
)
def test_year_out_of_sequence_is_corrected_from_its_neighbours(years: list[int], fixed: list[int]) -> None:
    assert fix_year_sequence(years) == fixed


def test_years_at_the_end_of_a_header_line() -> None:
    assert trailing_years("kryzysów życia rodzinnego 2025 2026 2027 2025-2027") == (
        "kryzysów życia rodzinnego",
        [(2025, None), (2026, None), (2027, None), (2025, 2027)],
    )
    assert trailing_years("2026") == ("", [(2026, None)])
    assert trailing_years("spotkania w 2021") is None  # one year after words is text, not a header


def test_tokens_split_glued_numbers_and_keep_column_borders() -> None:
    tokens = tokenize("porad,1 164 warsztaty, | 1rodzina [ 2 200 zł")
    assert [t.text for t in tokens] == ["porad,", "1 164", "warsztaty,", "1", "rodzina", "2 200", "zł"]
    assert [t.border_before for t in tokens] == [False, False, False, True, False, True, False]


def test_across_line_splits_into_repeating_value_cells_and_a_budget() -> None:
    prefix, values = split_values(
        "Organizacja festynów Urząd Gminy 4 festyny 5 festynów 6 festynów 12 000 zł", THREE_YEARS_AND_BUDGET
    )
    assert " ".join(t.text for t in prefix) == "Organizacja festynów Urząd Gminy"
    assert values == ["4 festyny", "5 festynów", "6 festynów", "12 000 zł"]


def test_thousands_groups_are_read_the_way_the_cells_repeat() -> None:
    _, values = split_values("386 wykładów, 212 386 wykładów, 212 386 wykładów, 212", THREE_YEARS)
    assert values == ["386 wykładów, 212", "386 wykładów, 212", "386 wykładów, 212"]
    _, values = split_values("1 200 rodzin 1 300 rodzin 1 400 rodzin", THREE_YEARS)
    assert values == ["1 200 rodzin", "1 300 rodzin", "1 400 rodzin"]


def test_line_without_repeating_cells_is_not_split() -> None:
    assert split_values("Zespół Interdyscyplinarny oraz pracownicy socjalni", THREE_YEARS) is None


# A made-up report in the same OCR shapes as the sample (none of its words or numbers): one page
# written across with a budget column and a misread year, one page written down with a "|" border.
MADE_UP = """Plan działań gminy na lata 2024-2026



Zadania gminy - Jednostka Wskaźniki wartości docelowe Planowany
wspieranie seniorów odpowiedzialna koszt
realizacji
2024 2029 2026 2024-2026
Prowadzenie klubu Urząd Gminy 40 spotkań 45 spotkań 50 spotkań 90 000 zł
seniora w świetlicy Referat Spraw |klubowych klubowych klubowych
wiejskiej Społecznych
Dowóz seniorów na Gminny Ośrodek 120 przejazdów 130 przejazdów 140 przejazdów 30 000 zł
badania profilaktyczne Pomocy Społecznej



Zadania gminy - c.d.

Jednostka
odpowiedzialna

Wskaźniki wartości docelowe

2024

2025

2026

Festyn rodzinny
z okazji Dnia Seniora

Gminny Ośrodek Kultury

1 festyn,
300 uczestników

1 festyn,
320 uczestników

1 festyn,
350 uczestników

Wydawanie biuletynu
dla seniorów

Urząd Gminy

4 wydania

4 wydania

6 wydań
"""


def test_made_up_report_in_both_layouts() -> None:
    from raporty.normalize.document import document_facts

    doc = _doc("plan.txt")
    extract_layout(MADE_UP, doc)
    first, second = doc.tables
    assert [(c.kind.value, c.year, c.year_end) for c in first.columns] == [
        ("activity", None, None),
        ("unit", None, None),
        ("target", 2024, None),
        ("target", 2025, None),  # "2029" between 2024 and 2026
        ("target", 2026, None),
        ("budget", 2024, 2026),
    ]
    assert [" ".join(r.text(0).split()) for r in first.rows] == [
        "Prowadzenie klubu seniora w świetlicy wiejskiej",
        "Dowóz seniorów na badania profilaktyczne",
    ]
    assert " ".join(first.rows[0].text(1).split()) == "Urząd Gminy Referat Spraw Społecznych"
    assert [" ".join(r.text(0).split()) for r in second.rows] == [
        "Festyn rodzinny z okazji Dnia Seniora",
        "Wydawanie biuletynu dla seniorów",
    ]
    facts = {(f.activity, f.kind, f.year, f.value) for f in document_facts(doc)}
    assert ("Prowadzenie klubu seniora w świetlicy wiejskiej", "target", 2025, 45.0) in facts
    assert ("Prowadzenie klubu seniora w świetlicy wiejskiej", "budget", 2024, 90000.0) in facts
    assert ("Dowóz seniorów na badania profilaktyczne", "target", 2026, 140.0) in facts
    assert ("Festyn rodzinny z okazji Dnia Seniora", "target", 2026, 350.0) in facts
    assert ("Wydawanie biuletynu dla seniorów", "target", 2026, 6.0) in facts


# The same kind of table in a layout-preserving export: columns separated by runs of spaces.
SPACED = """Zadanie                  Jednostka odpowiedzialna     Wskaźniki wartości docelowe
                                                       2024            2025
Festyn rodzinny          Urząd Gminy                  1 festyn        2 festyny
Warsztaty dla rodziców   Gminny Ośrodek               10 warsztatów   12 warsztatów
i opiekunów              Pomocy Społecznej
"""


def test_columns_separated_by_runs_of_spaces() -> None:
    doc = _doc("spaced.txt")
    extract_layout(SPACED, doc)
    (table,) = doc.tables
    assert [(c.kind.value, c.year) for c in table.columns] == [
        ("activity", None),
        ("unit", None),
        ("target", 2024),
        ("target", 2025),
    ]
    rows = [[" ".join(c.text.split()) for c in r.cells] for r in table.rows]
    assert rows == [
        ["Festyn rodzinny", "Urząd Gminy", "1 festyn", "2 festyny"],
        [
            "Warsztaty dla rodziców i opiekunów",
            "Gminny Ośrodek Pomocy Społecznej",
            "10 warsztatów",
            "12 warsztatów",
        ],
    ]


def test_text_without_year_columns_gets_no_tables() -> None:
    doc = _doc("stradom_indicators_2024.txt")
    extract_layout((TEXT / "stradom_indicators_2024.txt").read_text(encoding="utf-8"), doc)
    assert doc.tables == []


@pytest.fixture(scope="module")
def programme_facts() -> list[dict]:
    from raporty.extract import extract_file
    from raporty.normalize.document import document_facts

    doc = extract_file(PROGRAMME)
    return [f.model_dump() for f in document_facts(doc)]


def test_programme_sample_matches_the_hand_read_facts(programme_facts: list[dict]) -> None:
    from raporty.quality.match import compare

    expected = [json.loads(line) for line in PROGRAMME_EXPECTED.read_text(encoding="utf-8").splitlines()]
    result = compare(expected, programme_facts)
    precision = len(result.pairs) / len(result.in_scope)
    recall = len(result.pairs) / len(expected)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.90, (precision, recall)


def test_programme_budget_spans_the_programme_years(programme_facts: list[dict]) -> None:
    budget = [
        (f["year"], f["year_end"], f["value"], f["measure"])
        for f in programme_facts
        if f["activity"] == "Prowadzenie poradnictwa rodzinnego i terapii" and f["kind"] == "budget"
    ]
    assert budget == [(2025, 2027, 6540600.0, "zł")]


def test_programme_page_with_misread_year_keeps_2026(programme_facts: list[dict]) -> None:
    targets = sorted(
        (f["year"], f["value"])
        for f in programme_facts
        if f["activity"].startswith("Prowadzenie Klubów Rodziców z")
        and f["activity"].endswith("3")
        and f["kind"] == "target"
    )
    assert targets == [
        (2025, 6000.0),
        (2025, 70000.0),
        (2026, 7000.0),
        (2026, 75000.0),
        (2027, 8000.0),
        (2027, 80000.0),
    ]
