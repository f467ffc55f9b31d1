"""parse_units on real unit cells of the sample reports (000 annex, 001 OCR programme, 002 monitoring)."""

from __future__ import annotations

import pytest

from raporty.normalize.units import UnitMention, mend_broken_names, parse_units, split_units

MOPS = "Miejski Ośrodek Pomocy Społecznej"
WPSZ = "Wydział Polityki Społecznej i Zdrowia UMK"
WPSRZ = "Wydział Polityki Społecznej, Równości i Zdrowia UMK"

# Seed 000 (MOPS Kraków 2021 annex): unit cells as the DOCX/text extractors give them.
ANNEX_CELLS = [
    (
        "Miejski Ośrodek Pomocy Społecznej Wydział Polityki Społecznej i Zdrowia UMK (SZ/PSD/03), organizacje pozarządowe",
        [UnitMention(MOPS), UnitMention(WPSZ, "SZ/PSD/03"), UnitMention("organizacje pozarządowe")],
    ),
    ("Miejski Ośrodek Pomocy Społecznej (MOPS/OBA)", [UnitMention(MOPS, "MOPS/OBA")]),
    ("Miejski Ośrodek Pomocy Społecznej (MOPS/PRZ/07)", [UnitMention(MOPS, "MOPS/PRZ/07")]),
    (
        "Miejski Ośrodek Pomocy Społecznej, Wydział Polityki Społecznej i Zdrowia (SZ/PSD/05), organizacje pozarządowe",
        [
            UnitMention(MOPS),
            UnitMention("Wydział Polityki Społecznej i Zdrowia", "SZ/PSD/05"),
            UnitMention("organizacje pozarządowe"),
        ],
    ),
    (
        "Pełnomocnik PMK ds. Rodziny, Wydział Polityki Społecznej i Zdrowia UMK, Miejski Ośrodek Pomocy Społecznej, "
        "Organizacje Pozarządowe, Instytucje Kultury",
        [
            UnitMention("Pełnomocnik PMK ds. Rodziny"),
            UnitMention(WPSZ),
            UnitMention(MOPS),
            UnitMention("Organizacje Pozarządowe"),
            UnitMention("Instytucje Kultury"),
        ],
    ),
    (  # a continuation row merged into the cell: the second line starts with "i"
        "Pełnomocnik PMK ds. Rodziny, Wydział Polityki Społecznej\ni Zdrowia, Miejski Ośrodek Pomocy Społecznej",
        [
            UnitMention("Pełnomocnik PMK ds. Rodziny"),
            UnitMention("Wydział Polityki Społecznej i Zdrowia"),
            UnitMention(MOPS),
        ],
    ),
    (
        "Pełnomocnik PMK ds. Rodziny, Miejskie Jednostki Organizacyjne, partnerzy zewnętrzni",
        [
            UnitMention("Pełnomocnik PMK ds. Rodziny"),
            UnitMention("Miejskie Jednostki Organizacyjne"),
            UnitMention("partnerzy zewnętrzni"),
        ],
    ),
    (
        "Pełnomocnik PMK ds. Rodziny, Krakowskie Stowarzyszenie Kuratorów Sądowych, Centrum Kultury „Dworek Białostrzycki”",
        [
            UnitMention("Pełnomocnik PMK ds. Rodziny"),
            UnitMention("Krakowskie Stowarzyszenie Kuratorów Sądowych"),
            UnitMention("Centrum Kultury „Dworek Białostrzycki”"),
        ],
    ),
    (
        "Miejski Ośrodek Pomocy Społecznej, Zarząd Budynków Komunalnych, Grodzki Urząd Pracy",
        [UnitMention(MOPS), UnitMention("Zarząd Budynków Komunalnych"), UnitMention("Grodzki Urząd Pracy")],
    ),
    # names that hold a genitive chain, an adjective or a second capitalised noun stay whole
    (
        "Wydział Profilaktyki Straży Miejskiej Miasta Krakowa",
        [UnitMention("Wydział Profilaktyki Straży Miejskiej Miasta Krakowa")],
    ),
    ("Muzeum Historyczne Miasta Krakowa", [UnitMention("Muzeum Historyczne Miasta Krakowa")]),
    (
        "Muzeum Inżynierii Miejskiej i Ogrodu Doświadczeń",
        [UnitMention("Muzeum Inżynierii Miejskiej i Ogrodu Doświadczeń")],
    ),
    ("Ośrodek Kultury im. C. K. Norwida", [UnitMention("Ośrodek Kultury im. C. K. Norwida")]),
    ("Nowohuckie Centrum Kultury", [UnitMention("Nowohuckie Centrum Kultury")]),
    ("Integracyjny Klub Kultury Olsza KFK", [UnitMention("Integracyjny Klub Kultury Olsza KFK")]),
    ("Capella Cracoviensis", [UnitMention("Capella Cracoviensis")]),
    (
        "Krakowskie Forum Kultury, Klub Malwa KFK",
        [UnitMention("Krakowskie Forum Kultury"), UnitMention("Klub Malwa KFK")],
    ),
]

# Seed 001 (OCR of the 2025–2027 programme): narrow column, every line wrapped, OCR damage left after repair.
PROGRAMME_CELLS = [
    ("Miejski Ośrodek\nPomocy Społecznej", [UnitMention(MOPS)]),
    (
        "Miejski Ośrodek\nPomocy Społecznej,\norganizacja\npozarządowa",
        [UnitMention(MOPS), UnitMention("organizacja pozarządowa")],
    ),
    (
        "Pełnomocnik PMK ds.\nRodziny, Wydział\nPolityki Społecznej,\nRówności i Zdrowia\nUMK, Miejskie\nJednostki\n"
        "Organizacyjne,\nInstytucje Kultury",
        [
            UnitMention("Pełnomocnik PMK ds. Rodziny"),
            UnitMention(WPSRZ),
            UnitMention("Miejskie Jednostki Organizacyjne"),
            UnitMention("Instytucje Kultury"),
        ],
    ),
    (  # the comma inside the department's name is not a separator, even with OCR damage ("Réwnoscii")
        "Pełnomocnik PMK ds.\nRodziny, Wydział\nPolityki Społecznej,\nRéwnoscii Zdrowia\nUMK, Miegjski\nOśrodek Pomocy\n"
        "Społecznej,\nOrganizacje\nPozarządowe",
        [
            UnitMention("Pełnomocnik PMK ds. Rodziny"),
            UnitMention("Wydział Polityki Społecznej, Réwnoscii Zdrowia UMK"),
            UnitMention("Miegjski Ośrodek Pomocy Społecznej"),
            UnitMention("Organizacje Pozarządowe"),
        ],
    ),
    (
        "Woydziat Polityki\nSpołecznej, Réwnoscii\nZdrowia UMK",
        [UnitMention("Woydziat Polityki Społecznej, Réwnoscii Zdrowia UMK")],
    ),
    ("Wydział Polityki\nSpołecznej, Równości\ni Zdrowia UMK", [UnitMention(WPSRZ)]),
    (
        "Wydział Polityki\nSpołecznej, Równości i\nZdrowia UMK,\nWydział Edukacji i\nProjektów\nEdukacyjnych UMK",
        [UnitMention(WPSRZ), UnitMention("Wydział Edukacji i Projektów Edukacyjnych UMK")],
    ),
    (
        "Wydział Profilaktyki\nStraży Miejskiej Miasta\nKrakowa",
        [UnitMention("Wydział Profilaktyki Straży Miejskiej Miasta Krakowa")],
    ),
    (  # a part of a unit (Referat) stays in the unit's name
        "Grodzki Urząd Pracy\nw Krakowie Referat\nPoradnictwa\nZawodowego",
        [UnitMention("Grodzki Urząd Pracy w Krakowie Referat Poradnictwa Zawodowego")],
    ),
    (  # the opening quote read as a comma by OCR
        "Pełnomocnik PMK ds.\nRodziny, Krakowskie\nStowarzyszenie\nKuratorów Sądowych,\nCentrum Kultury\n,Dworek\nBiałoprądnicki”",
        [
            UnitMention("Pełnomocnik PMK ds. Rodziny"),
            UnitMention("Krakowskie Stowarzyszenie Kuratorów Sądowych"),
            UnitMention("Centrum Kultury „Dworek Białoprądnicki”"),
        ],
    ),
    ("Miejski Ośrodek\nPomocy Społecznej,", [UnitMention(MOPS)]),
]

# Seed 002 (county strategy monitoring) has no unit column: units appear as the labels of per-unit
# breakdowns ("PCPR: 441 porad", "Wydział Edukacji: 56") and in the text ("przez Ośrodek Interwencji Kryzysowej").
MONITORING_CELLS = [
    ("PCPR", [UnitMention("PCPR")]),
    ("Wydział Edukacji", [UnitMention("Wydział Edukacji")]),
    ("Ośrodek Interwencji Kryzysowej", [UnitMention("Ośrodek Interwencji Kryzysowej")]),
    ("PCPR, GOPS", [UnitMention("PCPR"), UnitMention("GOPS")]),
]


@pytest.mark.parametrize(("cell", "expected"), ANNEX_CELLS + PROGRAMME_CELLS + MONITORING_CELLS)
def test_parse_units_on_sample_cells(cell: str, expected: list[UnitMention]) -> None:
    assert parse_units(cell) == expected


def test_code_prefix_is_the_abbreviation() -> None:
    (mention,) = parse_units("Miejski Ośrodek Pomocy Społecznej (MOPS/UBO/06)")
    assert (mention.code, mention.abbreviation) == ("MOPS/UBO/06", "MOPS")
    (mention,) = parse_units("Powiatowe Centrum Pomocy Rodzinie (PCPR)")
    assert (mention.name, mention.code, mention.abbreviation) == (
        "Powiatowe Centrum Pomocy Rodzinie",
        "PCPR",
        "PCPR",
    )


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        # general rules on names not in the samples
        ("Gminny Ośrodek Pomocy Społecznej w Mogilanach\nPowiatowe Centrum Pomocy Rodzinie",
         ["Gminny Ośrodek Pomocy Społecznej w Mogilanach", "Powiatowe Centrum Pomocy Rodzinie"]),
        ("Dom Pomocy Społecznej; Środowiskowy Dom Samopomocy", ["Dom Pomocy Społecznej", "Środowiskowy Dom Samopomocy"]),
        ("• Policja\n• Sąd Rejonowy", ["Policja", "Sąd Rejonowy"]),
        ("Kuratorium Oświaty oraz szkoły", ["Kuratorium Oświaty", "szkoły"]),
        ("Biblioteka Publiczna Teatr Ludowy", ["Biblioteka Publiczna", "Teatr Ludowy"]),
        ("Urząd Pracy – Dział Poradnictwa", ["Urząd Pracy – Dział Poradnictwa"]),
        ("Fundacja Dzieci Niczyje\nStowarzyszenie Rodzin Zastępczych",
         ["Fundacja Dzieci Niczyje", "Stowarzyszenie Rodzin Zastępczych"]),
        ("Miejskie\nCentrum Usług\nSpołecznych", ["Miejskie Centrum Usług Społecznych"]),
        ("Miejski Ośrodek Pomocy Społecznej, Caritas Archidiecezji Krakowskiej",
         ["Miejski Ośrodek Pomocy Społecznej", "Caritas Archidiecezji Krakowskiej"]),
        ("Wydział Polityki Społecznej (dawniej Wydział Spraw Społecznych)",
         ["Wydział Polityki Społecznej (dawniej Wydział Spraw Społecznych)"]),
        ("", []),
        (" ,\n ", []),
    ],
)  # fmt: skip
def test_general_splitting_rules(cell: str, names: list[str]) -> None:
    assert split_units(cell) == names


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # OCR read the line that opens the quote after the line that closes it
        ("Dom Kultury\nPodgórze”\n,Sokół", [UnitMention("Dom Kultury „Sokół Podgórze”")]),
        (
            "Miejski Ośrodek Kultury\nZielona”\n„Dolina",
            [UnitMention("Miejski Ośrodek Kultury „Dolina Zielona”")],
        ),
        # in reading order already: left alone
        (
            "Klub „Nad Wisłą”\nWydział Kultury",
            [UnitMention("Klub „Nad Wisłą”"), UnitMention("Wydział Kultury")],
        ),
    ],
)
def test_quoted_name_lines_out_of_order_are_put_back(cell: str, expected: list[UnitMention]) -> None:
    assert parse_units(cell) == expected


def _mend(rows: dict[str, list[str]]) -> dict[str, list[str]]:
    mended, renamed = mend_broken_names(
        {(a, 0): [UnitMention(n) for n in names] for a, names in rows.items()}
    )
    return {renamed.get(key, key[0]): [m.name for m in units] for key, units in mended.items()}


def test_words_of_a_unit_name_found_in_the_activity_go_back_to_the_unit() -> None:
    rows = {
        "Warsztaty dla seniorów": ["Wydział Spraw Społecznych i Mieszkaniowych UM"],
        "Kluby seniora": ["Wydział Spraw Społecznych i Mieszkaniowych UM"],
        "Spotkania z Mieszkaniowych sąsiadami": ["Wydział Spraw Społecznych i UM"],
        "Opieka domowa dla seniorów Społecznych i Mieszkaniowych UM, organizacje pozarządowe": [
            "Wydział Spraw"
        ],
    }
    assert _mend(rows) == {
        "Warsztaty dla seniorów": ["Wydział Spraw Społecznych i Mieszkaniowych UM"],
        "Kluby seniora": ["Wydział Spraw Społecznych i Mieszkaniowych UM"],
        "Spotkania z sąsiadami": ["Wydział Spraw Społecznych i Mieszkaniowych UM"],
        "Opieka domowa dla seniorów": [
            "Wydział Spraw Społecznych i Mieszkaniowych UM",
            "organizacje pozarządowe",
        ],
    }


def test_fragments_with_words_of_the_next_column_between_them_make_the_whole_name() -> None:
    rows = {
        "Poradnictwo": ["Pełnomocnik Burmistrza ds. Seniorów"],
        "Kluby": ["Pełnomocnik Burmistrza ds. Seniorów", "Miejski Ośrodek Pomocy Społecznej"],
        "Udział w projekcie Sieć Miast": ["Pełnomocnik Burmistrza ds. Krajowa", "Sieć Gmin Seniorów"],
    }
    assert _mend(rows)["Udział w projekcie Sieć Miast"] == ["Pełnomocnik Burmistrza ds. Seniorów"]


def test_different_units_are_not_mended_into_one() -> None:
    rows = {
        "Poradnictwo": ["Miejski Ośrodek Pomocy Społecznej", "Wydział Edukacji"],
        "Kluby": ["Miejski Ośrodek Pomocy Społecznej Wydział Edukacji"],
        "Szkolenia": ["Miejski Ośrodek Pomocy Społecznej Wydział Edukacji"],
        "Festyn w Ośrodku": ["Wydział Kultury"],  # no whole name lacks words of it
    }
    assert _mend(rows) == {
        "Poradnictwo": ["Miejski Ośrodek Pomocy Społecznej", "Wydział Edukacji"],
        "Kluby": ["Miejski Ośrodek Pomocy Społecznej Wydział Edukacji"],
        "Szkolenia": ["Miejski Ośrodek Pomocy Społecznej Wydział Edukacji"],
        "Festyn w Ośrodku": ["Wydział Kultury"],
    }
