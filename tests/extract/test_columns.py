import pytest

from raporty.extract.columns import (
    classify_column,
    classify_header,
    classify_kind,
    is_header_row,
    is_year_subheader,
)
from raporty.models import ColumnKind


@pytest.mark.parametrize(
    ("header", "kind", "year", "year_end"),
    [
        ("Planowane do realizacji działania", ColumnKind.ACTIVITY, None, None),
        ("Komórka/ jednostka odpowiedzialna za realizację", ColumnKind.UNIT, None, None),
        ("Wskaźniki rezultatów zaplanowanych działań w 2021 roku", ColumnKind.PLANNED, 2021, None),
        ("Zakres realizacji zadania w 2021 roku", ColumnKind.ACTUAL, 2021, None),
        ("Wysokość środków na realizację działania w 2021 roku", ColumnKind.BUDGET, 2021, None),
        ("Mierniki 2018 – zakres realizowanego zadania", ColumnKind.TARGET, 2018, None),
        ("Plan na 2023 rok", ColumnKind.PLANNED, 2023, None),
        ("Stopień realizacji zakładanych wskaźników 2022", ColumnKind.ACTUAL, 2022, None),
        ("Wartość przewidywana na 2024 r.", ColumnKind.PLANNED, 2024, None),
        ("Osoby odpowiedzialne za realizację", ColumnKind.UNIT, None, None),
        ("Stan wskaźnika (wzrost - spadek) 2023", ColumnKind.ACTUAL, 2023, None),
        ("2025", ColumnKind.TARGET, 2025, None),
        ("Budżet 2025-2027", ColumnKind.BUDGET, 2025, 2027),
        ("wartość bazowa", ColumnKind.BASELINE, None, None),
        ("zakładana wartość docelowa", ColumnKind.TARGET, None, None),
        ("Stan realizacji", ColumnKind.STATUS, None, None),
        ("Kierunki działań", ColumnKind.ACTIVITY, None, None),
        ("Wskaźniki", ColumnKind.INDICATOR, None, None),
        ("trend", ColumnKind.TREND, None, None),
        ("Lp.", ColumnKind.ROW_NUMBER, None, None),
        ("Ośrodek realizujący", ColumnKind.UNIT, None, None),  # "ośrodek" is no "środki" (funds)
        ("Środki na realizację", ColumnKind.BUDGET, None, None),
        ("Dotacja", ColumnKind.BUDGET, None, None),
        ("Wartość [tys. zł]", ColumnKind.BUDGET, None, None),  # an amount in złoty by its unit
        ("Wartość w złotych", ColumnKind.BUDGET, None, None),
        ("Założenia na 2023 r.", ColumnKind.PLANNED, 2023, None),
        ("Zamierzenia na 2024", ColumnKind.PLANNED, 2024, None),
        ("Podmioty współpracujące", ColumnKind.UNIT, None, None),
        ("Formy realizacji", ColumnKind.ACTIVITY, None, None),
        ("Miary realizacji", ColumnKind.INDICATOR, None, None),
        ("Informacja o realizacji", ColumnKind.STATUS, None, None),
    ],
)
def test_header_roles_by_meaning(header, kind, year, year_end):
    role = classify_column(header)
    assert (role.kind, role.year, role.year_end) == (kind, year, year_end)


def test_years_never_come_from_code_a_header_for_another_year_is_read_as_written():
    assert classify_column("Zakres realizacji zadania w 2037 roku").year == 2037


def test_two_row_header_group_over_years():
    group = "Wskaźniki rezultatów zaplanowanych działań oraz ich wartości docelowe"
    budget = "Planowana wysokość środków na realizację działania"
    roles = classify_header(
        [
            [
                "Zadania podstawowe - planowane do realizacji działania",
                "Komórka/ jednostka odpowiedzialna za realizację",
                group,
                group,
                group,
                budget,
            ],
            ["", "", "2025", "2026", "2027", "2025-2027"],
        ]
    )
    assert [(r.kind, r.year, r.year_end) for r in roles] == [
        (ColumnKind.ACTIVITY, None, None),
        (ColumnKind.UNIT, None, None),
        (ColumnKind.TARGET, 2025, None),
        (ColumnKind.TARGET, 2026, None),
        (ColumnKind.TARGET, 2027, None),
        (ColumnKind.BUDGET, 2025, 2027),
    ]


def test_header_row_detection():
    assert is_header_row(
        [
            "Planowane do realizacji działania",
            "Komórka/ jednostka odpowiedzialna za realizację",
            "Wskaźniki rezultatów zaplanowanych działań w 2021 roku",
        ]
    )
    assert not is_header_row(["Prowadzenie Klubów Rodziców", "Miejski Ośrodek Pomocy Społecznej", "44 kluby"])
    assert is_year_subheader(["", "2025", "2026", "2027", "2025-2027"])
    assert not is_year_subheader(["", "12 spotkań"])


@pytest.mark.parametrize(
    ("header", "kind", "year"),
    [
        ("Efekty za 2023 rok", ColumnKind.ACTUAL, 2023),  # the effects of a year
        ("Zakładane efekty 2023", ColumnKind.PLANNED, 2023),  # a planning word written first
        ("Stan zaawansowania prac", ColumnKind.STATUS, None),
        ("Przebieg realizacji zadań", ColumnKind.STATUS, None),
        ("Osiągnięcia za 2021 r.", ColumnKind.ACTUAL, 2021),
        ("Wskaźnik osiągnięcia celu", ColumnKind.INDICATOR, None),  # names the indicator, not a value
        ("Wartość do osiągnięcia w 2026 r.", ColumnKind.TARGET, 2026),
        ("Wartość referencyjna 2018", ColumnKind.BASELINE, 2018),
        ("Wydatkowano w 2021 r. (w tys. zł)", ColumnKind.BUDGET, 2021),
        ("Poniesiono w 2021 r. (zł)", ColumnKind.BUDGET, 2021),  # an amount in złoty by its unit
        ("Instytucja koordynująca", ColumnKind.UNIT, None),
        ("Kto prowadzi", ColumnKind.UNIT, None),
        ("Forma pomocy", ColumnKind.ACTIVITY, None),
        # a short header of one year and words not known: what that year gave
        ("Bilans roku 2022", ColumnKind.ACTUAL, 2022),
        ("Zestawienie za 2022 r.", ColumnKind.ACTUAL, 2022),
        ("Bilans lat 2021–2023", ColumnKind.OTHER, 2021),  # a range is not one year's result
    ],
)
def test_header_wording_by_meaning(header: str, kind: ColumnKind, year: int | None) -> None:
    role = classify_column(header)
    assert (role.kind, role.year) == (kind, year)


def test_a_year_named_in_other_words_is_a_year_group() -> None:
    assert is_year_subheader(["Dane za 2019 r.", "w roku 2020", "2021 rok"])
    assert not is_year_subheader(["Dane o 2019 r. i latach wcześniejszych"])


def test_money_without_its_diacritic_is_data_not_a_header() -> None:
    assert not is_header_row(
        ["Wysokość środków na remonty", "Straż Miejska", "765,29zl (dane szacunkowe)", "643 zl"]
    )


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Plan", ColumnKind.PLANNED),
        ("Wykonanie", ColumnKind.ACTUAL),
        ("Zrealizowano", ColumnKind.ACTUAL),
        ("Planowana wartość", ColumnKind.PLANNED),
        ("Planowane działania", ColumnKind.ACTIVITY),  # a timing word over what is done
        ("Plan działań", ColumnKind.ACTIVITY),
        ("Realizacja", ColumnKind.ACTUAL),  # the carrying out, not its when, how or state
        ("Rok 2024 – realizacja", ColumnKind.ACTUAL),
        ("Termin realizacji", ColumnKind.OTHER),
        ("Stan realizacji", ColumnKind.STATUS),
        ("Założenia", ColumnKind.PLANNED),
        ("Zamierzenia na 2025 r.", ColumnKind.PLANNED),
    ],
)
def test_a_timing_word_alone_heads_a_value_column(header: str, kind: ColumnKind) -> None:
    assert classify_kind(header) is kind


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Wynik", ColumnKind.ACTUAL),
        ("Efekty działań", ColumnKind.ACTUAL),  # what the activities gave, not the activities
        ("Osiągnięcia", ColumnKind.ACTUAL),
        ("Oczekiwany rezultat", ColumnKind.TARGET),  # the timing word first
        ("Rezultat planowany", ColumnKind.PLANNED),
        ("Koordynator", ColumnKind.UNIT),
        ("Rodzaj wsparcia", ColumnKind.ACTIVITY),
        ("Punkt odniesienia", ColumnKind.BASELINE),
    ],
)
def test_more_header_words_by_meaning(header: str, kind: ColumnKind) -> None:
    assert classify_kind(header) is kind
