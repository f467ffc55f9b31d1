"""Which column names a row, what a budget column's bare numbers are, which year a column without
one is about: rules of report layout, on reports made up here (text exports read by the real
extractor and normaliser)."""

from __future__ import annotations

from pathlib import Path

from raporty.extract import extract_bytes
from raporty.normalize.document import normalise_document

HEADER = "Lp.\tDziałanie\tRealizator\tWskaźnik\tPlan na 2023\tWykonanie 2023\t{budget}\n"


def _facts(tmp_path: Path, rows: list[str], budget: str = "Koszt (zł)") -> list[tuple]:
    text = "Sprawozdanie z realizacji programu osłonowego za rok 2023\n\nCel 1. Wsparcie seniorów\n\n"
    text += HEADER.format(budget=budget) + "".join(f"{row}\n" for row in rows)
    path = tmp_path / "gmina_2023.txt"
    path.write_text(text, encoding="utf-8")
    facts = normalise_document(extract_bytes(path, path.read_bytes())).facts
    return sorted(((f.activity, f.kind, f.value, f.measure, f.value_type) for f in facts), key=str)


def test_an_activity_written_on_each_row_names_it_and_its_indicator_gives_the_measure(tmp_path) -> None:
    facts = _facts(
        tmp_path,
        [
            "1.\tDowóz posiłków do domu\tOPS\tliczba wydanych obiadów\t900\t1 012\t4 500,00",
            "2.\tKlub seniora\tDom Kultury\tliczba spotkań\t24\t20\t1 200",
        ],
    )
    assert facts == [
        ("Dowóz posiłków do domu", "actual", 1012.0, "obiad", "count"),
        ("Dowóz posiłków do domu", "budget", 4500.0, "zł", "money"),
        ("Dowóz posiłków do domu", "planned", 900.0, "obiad", "count"),
        ("Klub seniora", "actual", 20.0, "spotkanie", "count"),
        ("Klub seniora", "budget", 1200.0, "zł", "money"),
        ("Klub seniora", "planned", 24.0, "spotkanie", "count"),
    ]


def test_an_activity_over_several_indicators_leaves_the_rows_to_the_indicators(tmp_path) -> None:
    facts = _facts(
        tmp_path,
        [
            "1.\tAktywizacja seniorów\tOPS\tliczba wycieczek\t4\t5\t",
            "2.\tAktywizacja seniorów\tOPS\tliczba uczestników zajęć\t60\t71\t",
        ],
    )
    assert [f[0] for f in facts] == ["liczba uczestników zajęć"] * 2 + ["liczba wycieczek"] * 2
    assert ("liczba wycieczek", "actual", 5.0, "wycieczka", "count") in facts


def test_a_bare_number_in_a_budget_column_is_money_whatever_the_header_words(tmp_path) -> None:
    for header in ("Nakłady", "Źródło i wysokość finansowania", "Koszt (w tys. zł)"):
        rows = [
            "1.\tTeleopieka\tOPS\tliczba opasek\t30\t28\t12,5",
            "2.\tPorady prawne\tOPS\tliczba porad\t10\t9\t2",
        ]
        budget = [f for f in _facts(tmp_path, rows, budget=header) if f[1] == "budget"]
        scale = 1000 if "tys" in header else 1
        assert budget == [
            ("Porady prawne", "budget", 2.0 * scale, "zł", "money"),
            ("Teleopieka", "budget", 12.5 * scale, "zł", "money"),
        ], header


def test_a_report_on_one_year_of_a_longer_programme_dates_its_columns_by_its_title(tmp_path) -> None:
    text = (
        "Sprawozdanie z realizacji Programu Opieki nad Seniorami na lata 2021-2025 za rok 2022\n\n"
        "Cel 1. Wsparcie seniorów w miejscu zamieszkania\n\n"
        "Lp.\tZadanie\tRealizator\tZakładany rezultat\tOsiągnięty rezultat\n"
        "1.\tTeleopieka dla osób samotnych\tOPS\t30 opasek\t28 opasek\n"
        "2.\tW 2019 roku rozpoczęty klub seniora\tOPS\t24 spotkania\t20 spotkań\n"
    )
    path = tmp_path / "seniorzy.txt"
    path.write_text(text, encoding="utf-8")
    document = normalise_document(extract_bytes(path, path.read_bytes()))
    assert (document.document.year_from, document.document.year_to, document.document.report_year) == (
        2021,
        2025,
        2022,
    )
    assert {(f.kind, f.year) for f in document.facts} == {("planned", 2022), ("actual", 2022)}


def test_year_columns_of_a_dated_report_are_results_up_to_its_date(tmp_path) -> None:
    """A monitoring report stated on 31.12.2024 with "2022 | 2023 | 2024" columns reports what those
    years gave; a later year, and a programme with no report date, give targets."""
    rows = "Liczba osób w programie\t10\t12\t15\t20\n"
    dated = "Monitoring Strategii Gminy Brzozów na lata 2021-2030\nStan na 31.12.2024\n\n"
    undated = "Program Aktywności Lokalnej Gminy Brzozów na lata 2022-2030\n\n"
    header = "Cel operacyjny 1.2. Aktywizacja mieszkańców\n\nWskaźnik\t2022\t2023\t2024\t2026\n"
    for name, title, kinds in (
        ("dated", dated, ["actual", "actual", "actual", "target"]),
        ("undated", undated, ["target"] * 4),
    ):
        path = tmp_path / f"{name}.txt"
        path.write_text(title + header + rows, encoding="utf-8")
        document = normalise_document(extract_bytes(path, path.read_bytes()))
        assert [(f.year, f.kind) for f in sorted(document.facts, key=lambda f: f.year or 0)] == list(
            zip([2022, 2023, 2024, 2026], kinds, strict=True)
        ), name
        assert document.facts[0].section_code.endswith("Cel operacyjny 1.2")


def test_a_no_figure_status_above_a_further_rows_numbers_is_a_fact_of_its_own(tmp_path) -> None:
    # a text export puts the further rows of an activity on lines whose first cells are empty
    facts = _facts(
        tmp_path,
        [
            "1.\tTeleopieka dla seniorów\tOPS\tliczba urządzeń\tnie dotyczy\tbrak danych\t1 500",
            "\t\t\t\t\t14 wizyt",
            "2.\tKlub seniora\tDom Kultury\tliczba spotkań\t24\t20\t1 200",
        ],
    )
    assert ("Teleopieka dla seniorów", "actual", 14.0, "wizyta", "count") in facts
    assert ("Teleopieka dla seniorów", "actual", None, None, None) in facts  # "brak danych" alone
    assert ("Teleopieka dla seniorów", "planned", None, None, None) in facts
