"""The data defects of issue 18 on data/raw/ as shipped: names from the OCR text export, trend words
of the county monitoring report. The rules are general (tests/normalize/test_repair.py,
test_activity_names.py, test_units.py, test_measures.py); this checks they reach the warehouse rows."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from raporty.extract import extract_bytes
from raporty.normalize.document import NormalisedDocument, normalise_document

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@cache
def _normalised(name: str) -> NormalisedDocument:
    path = RAW / name
    return normalise_document(extract_bytes(path, path.read_bytes()))


def _activities() -> set[str]:
    return {fact.activity for fact in _normalised("program_wspierania_rodziny_2025_2027.txt").facts}


@pytest.mark.parametrize(
    "damage",
    [
        "dlarodzin",
        "Organizacjaw",
        "dziecii",
        "planowaniai",
        "Dzieémidolat",
        "dzie¢cmido",
        "narzecz",
        "funkgcji",
        "zapewnhnienie",
        "wspalny",
        "réoznorodnych",
        "Pomocw",
        "zyciao",
        "| UMK",
    ],
)
def test_no_ocr_damage_left_in_activity_names(damage: str) -> None:
    assert not [a for a in _activities() if damage in a]


@pytest.mark.parametrize(
    "activity",
    [
        "Bezpłatne wsparcie psychologiczne rodzin z dziećmi do lat 3",
        "Prowadzenie Klubów Rodziców z Dziećmi do lat 3",
        "Organizacja zajęć profilaktycznych dla dzieci i młodzieży",
        "Organizacja różnorodnych przedsięwzięć w Centrum Wielokulturowym",
        "Organizowanie i realizacja usługi „Pomoc w domu”",
        "Organizacja plebiscytu „Miejsce Przyjazne Rodzinom z Dziećmi”",
        # words of the unit column that OCR line order put into the activity went back to the unit
        "Organizacja wsparcia udzielanego przez Poradnie Psychologiczno- Pedagogiczne w zakresie pracy "
        "z dzieckiem oraz prowadzenie terapii rodzin",
        "Prowadzenie portalu/zakładki informacyjnej o usługach dedykowanych Rodzinie N",
    ],
)
def test_repaired_activity_names(activity: str) -> None:
    assert activity in _activities()


def test_no_activity_starts_with_stray_punctuation() -> None:
    assert not [a for a in _activities() if not (a[0].isalnum() or a[0] in "„#")]


def test_quoted_unit_name_read_out_of_line_order() -> None:
    units = {
        tuple(fact.units)
        for fact in _normalised("program_wspierania_rodziny_2025_2027.txt").facts
        if fact.activity == "Organizowanie spotkań z psychologiem"
    }
    assert units == {("Centrum Kultury „Dworek Białoprądnicki”",)}


def _units_of(activity_start: str) -> set[tuple[str, ...]]:
    facts = _normalised("program_wspierania_rodziny_2025_2027.txt").facts
    return {tuple(f.units) for f in facts if f.activity.startswith(activity_start)}


def test_unit_names_broken_across_columns_are_mended() -> None:
    welfare = "Wydział Polityki Społecznej, Równości i Zdrowia UMK"
    education = "Wydział Edukacji i Projektów Edukacyjnych UMK"
    assert _units_of("Organizacja wsparcia udzielanego przez Poradnie") == {(education,)}
    assert _units_of("Realizacja rządowego programu") == {(education,)}
    assert _units_of("Prowadzenie portalu/zakładki informacyjnej o usługach dedykowanych Rodzinie") == {
        (welfare,)
    }
    assert _units_of("„Wspornik") == {(welfare, "organizacje pozarządowe")}
    assert _units_of("Uczestnictwo GMK") == {("Pełnomocnik PMK ds. Rodziny", welfare)}
    every_unit = {u for units in _units_of("") for u in units}
    assert not [
        u for u in every_unit if u.endswith(("ds. Europejska", "Równości i UMK")) or u == "Wydział Polityki"
    ]


def test_trend_words_of_the_monitoring_report_are_qualifiers() -> None:
    facts = _normalised("pcpr_strategy_monitoring_2023.docx").facts
    by_text = {(f.raw_text, f.value): f.qualifier for f in facts}
    assert by_text[("spadek 10", 10)] == "spadek"
    assert by_text[("45 Wzrost", 45)] == "wzrost"
    assert by_text[("Wzrost 71 w tym: Wydział Edukacji: 56 GOPS: 8 PCPR: 7", 71)] == "wzrost"
    assert by_text[("Wzrost 71 w tym: Wydział Edukacji: 56 GOPS: 8 PCPR: 7", 8)] == "GOPS"
