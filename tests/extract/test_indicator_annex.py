"""Seed 003, the STRADOM indicator annex: the rebuilt PDF table and the scrambled pdftotext dump."""

from __future__ import annotations

from pathlib import Path

import pytest

from raporty.extract import ExtractionError, extract_file
from raporty.extract.text.scrambled_annex import detect_scrambled_indicator_table
from raporty.models import ColumnKind
from raporty.normalize.document import document_facts
from raporty.quality.expected import read_expected
from raporty.quality.match import compare

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
PDF = FIXTURES / "pdf" / "stradom_indicators_2024.pdf"
DOCX = FIXTURES / "docx" / "stradom_indicators_2024.docx"
TEXT_DUMP = FIXTURES / "text" / "stradom_indicators_2024.txt"
EXPECTED = ROOT / "tests" / "expected" / "stradom_indicators_2024.facts.jsonl"
W19 = "Populacja rodzin w Krakowie korzystających z Programu Krakowska Karta Rodzinna 3+, wskaźnik W19_W"


@pytest.fixture(scope="module")
def doc():
    return extract_file(PDF)


@pytest.fixture(scope="module")
def facts(doc):
    return document_facts(doc)


def _values(facts, activity_start: str, kind: str) -> dict:
    return {
        f.year: (f.value if f.value is not None else f.status)
        for f in facts
        if f.activity.startswith(activity_start) and f.kind == kind
    }


def test_header_gives_baseline_target_trend_and_one_actual_column_per_year(doc):
    (table,) = doc.tables
    assert [c.kind for c in table.columns] == [
        ColumnKind.OTHER,
        ColumnKind.INDICATOR,
        ColumnKind.BASELINE,
        ColumnKind.TARGET,
        ColumnKind.TREND,
        ColumnKind.ACTUAL,
        ColumnKind.ACTUAL,
        ColumnKind.ACTUAL,
        ColumnKind.ACTUAL,
    ]
    assert [c.year for c in table.columns[5:]] == [2021, 2022, 2023, 2024]
    assert doc.sections[table.section].code == "Kierunek działań 1"


def test_indicator_gets_baseline_target_and_actual_by_year(facts):
    assert _values(facts, W19, "actual") == {2021: 89, 2022: 91, 2023: 62, 2024: 64}
    (baseline,) = [f for f in facts if f.activity.startswith(W19) and f.kind == "baseline"]
    assert (baseline.value, baseline.measure, baseline.value_type) == (80, "%", "percent")
    clubs = "Liczba funkcjonujących na terenie Krakowa Klubów Rodziców"
    assert [f.value for f in facts if f.activity.startswith(clubs) and f.kind == "target"] == [52]
    assert _values(facts, clubs, "actual") == {2021: 44, 2022: 46, 2023: 46, 2024: 47}
    assert _values(facts, "Przyrost naturalny w Krakowie", "actual") == {
        2021: -0.92,
        2022: -0.93,
        2023: -0.6,
        2024: -0.43,
    }


def test_numerator_denominator_and_district_rows_are_their_own_activities(facts):
    assert _values(facts, "liczba rodzin korzystających z Programu Krakowska Karta", "actual") == {
        2021: 5853,
        2022: 5956,
        2023: 6138,
        2024: 6272,
    }
    assert _values(facts, "liczba dzieci do 18 roku życia mieszkających", "actual")[2024] == 138626
    assert _values(facts, "Dzielnica XVIII", "actual") == {
        2021: 5.21,
        2022: 5.03,
        2023: 4.90,
        2024: 4.36,
    }  # page 2
    assert not any(f.activity.startswith(W19) and f.value == 5853 for f in facts)


def test_no_data_and_not_applicable_cells_are_status_facts(facts):
    assert _values(facts, "Liczba uchodźców objętych poradnictwem", "actual") == {
        2021: 0,
        2022: 2226,
        2023: "no_data",
        2024: "no_data",
    }
    assert _values(facts, "Liczba miejsc w placówkach wsparcia dziennego", "actual") == {
        2021: "not_applicable",
        2022: "not_applicable",
    }
    trend_words = {"wzrost", "spadek", "utrzymanie wartości bazowej"}
    assert not any(f.raw_text in trend_words for f in facts)  # the trend column gives no facts


def test_facts_match_the_hand_read_expected_facts(facts):
    expected = [f for f in read_expected(EXPECTED) if f["reviewed"]]
    produced = [f.model_dump() for f in facts]
    score = compare(expected, produced).score
    assert score.expected >= 200
    assert score.recall >= 0.95 and score.precision >= 0.95, score.as_dict()


def test_baseline_and_target_facts_carry_no_report_year(facts):
    """The header names no year for them; the report's year (2024) is not theirs."""
    assert {f.year for f in facts if f.kind in ("baseline", "target")} == {None}


def test_docx_source_gives_the_same_facts_as_the_pdf(facts):
    def keys(items):
        return {(" ".join(f.activity.split()), f.kind, f.year, f.value, f.status) for f in items}

    assert keys(document_facts(extract_file(DOCX))) == keys(facts)


# -- the scrambled pdftotext dump of the same annex --------------------------------------------------
def test_scrambled_text_dump_is_recognised_with_its_number_rows():
    found = detect_scrambled_indicator_table(TEXT_DUMP.read_text(encoding="utf-8"))
    assert found is not None
    assert found.number_rows[:3] == [
        (20, "1 80%"),
        (24, "89% 91% 62% 64%"),
        (26, "5 120 5 853 5 956 6 138 6 272"),
    ]
    assert len(found.number_rows) > 150
    assert "scrambled" in found.reason and "\n" not in found.reason


@pytest.mark.parametrize(
    "name",
    [
        "mops_krakow_2021_annex.txt",
        "pcpr_strategy_monitoring_2023.txt",
        "program_wspierania_rodziny_2025_2027.txt",
    ],
)
def test_other_text_exports_are_not_taken_for_a_scrambled_table(name):
    assert detect_scrambled_indicator_table((FIXTURES / "text" / name).read_text(encoding="utf-8")) is None


def test_scrambled_text_dump_is_refused_with_its_reason_not_guessed_at():
    with pytest.raises(ExtractionError) as refused:
        extract_file(TEXT_DUMP)
    assert "scrambled" in str(refused.value) and "\n" not in str(refused.value)
