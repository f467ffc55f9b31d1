"""Status codes from the sample reports' free text."""

from __future__ import annotations

import pytest

from raporty.polish.statuses import STATUS_CODES, detect_status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Z uwagi na stan epidemii wydarzenie nie zostało zorganizowane", "not_held"),
        ("<i>Ze względu na stan epidemii zadanie nie było realizowane</i>", "not_held"),
        ("<i>Wydarzenie nie było organizowane</i>", "not_held"),
        ("<i>Organizacja wydarzenia przez Muzeum Armii Krajowej została zakończona</i>", "not_held"),
        ("Wydarzenie odwołane", "not_held"),
        ("Wskaźnik zrealizowany", "achieved"),
        ("Wskaznik zrealizowany", "achieved"),  # OCR without diacritics
        ("zrealizowano", "achieved"),
        ("Wskaźnik niezrealizowany  ", "not_achieved"),
        ("w 2021 roku nie pozyskano rodzin wspierających", "not_achieved"),
        ("<i>Zadanie nie zostało zrealizowane</i>", "not_achieved"),
        ("Cel operacyjny został zrealizowany w części.", "partially_achieved"),
        ("w trakcie realizacji", "in_progress"),
        ("Zadanie w realizacji", "in_progress"),
        ("Zrealizowano częściowo", "partially_achieved"),
        ("zadanie zrealizowane w 80%", "partially_achieved"),
        ("Działanie zostanie zrealizowane w 2024 r.", "postponed"),
        ("Zadanie realizowane w sposób ciągły", "continued"),
        ("Spotkania nie odbyły się z powodu pandemii", "not_held"),
        ("kontynuacja", "continued"),
        (
            "UPPK: Działania realizowane na bieżąco corocznie z wykorzystaniem środków Funduszu Pracy",
            "continued",
        ),
        ("realizacja przesunięta na 2022 rok", "postponed"),
        (
            "W 2021 roku Informator Krakowskiej Rodziny nie został wydany, natomiast powstała "
            "elektroniczna aktualizacja informatora (wydanego w 2019 roku)",
            "not_achieved",
        ),
        ("Porozumienie nie zostało zawarte", "not_achieved"),
        ("W 2023 r. nie wydano informatora", "not_achieved"),
        ("Kurs nie został przeprowadzony z powodu braku chętnych", "not_held"),
        ("Konkurs nie został w 2023 r. ogłoszony", "not_achieved"),
        ("Program nie został jeszcze uchwalony", "not_achieved"),
        ("Nie udało się zorganizować spotkania", "not_held"),
        ("Nie udało się pozyskać rodzin zastępczych", "not_achieved"),
        ("b.d.", "no_data"),
        ("brak danych", "no_data"),
        ("x", "not_applicable"),
        ("nie dotyczy", "not_applicable"),
    ],
)
def test_detect_status(text: str, expected: str) -> None:
    assert detect_status(text) == expected
    assert expected in STATUS_CODES


@pytest.mark.parametrize(
    "text",
    [
        "12 spotkań, 280 uczestników",
        "Z uwagi na stan epidemii zorganizowano 5 spotkań, 75 uczestników",
        "Z uwagi na stan epidemii wydarzenie zorganizowano w formie dostosowanej do reżimu sanitarnego",
        "Nie stwierdzono przypadków przemocy",
        "osoby, które nie są objęte wsparciem",
        "żaden z uczestników nie został rodzicem zastępczym",
        "",
    ],
)
def test_no_status_in_plain_results(text: str) -> None:
    assert detect_status(text) is None


def test_earliest_status_wins() -> None:
    text = "Wskaźnik zrealizowany \n(wsparcie doradcze udzielane jest na bieżąco, brak superwizji dla kierowników)"
    assert detect_status(text) == "achieved"
