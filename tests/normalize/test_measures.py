"""split_measures and head_noun_lemma on cells taken from the sample reports."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from raporty.normalize.measures import head_noun_lemma, split_measures, trend_qualifier

Row = tuple[float | None, str | None, str, str | None]


def _rows(text: str, context: str | None = None) -> list[Row]:
    return [(m.value, m.measure, m.value_type, m.qualifier) for m in split_measures(text, context)]


@pytest.mark.parametrize(
    ("phrase", "lemma"),
    [
        ("12 spotkań", "spotkanie"),
        ("255 dzieci i młodzieży", "dziecko"),
        ("40 osób korzystających z refundacji", "osoba"),
        ("15 280 uczestników zajęć", "uczestnik"),
        ("441 porad", "porada"),
        ("5 400 godzin usługi", "godzina"),
        ("214 etatów pedagogów", "etat"),
        ("690 rodzin objętych usługą", "rodzina"),
        ("44 kluby prowadzone przez Instytucje Kultury", "klub"),
        ("120 szkół skontrolowanych pod kątem", "szkoła"),
        ("14 realizowanych Programów Aktywności Lokalnej", "program"),
        ("9 pokazów filmowych", "pokaz"),
        ("220 000 osobowejść", "osobowejście"),  # compound unknown to Morfeusz
        ("9 910 ustug poradnictwa", "usługa"),  # OCR damage (seed 001)
        ("10 szkot bioracych udziat", "szkoła"),
        ("70000 oséb", "osoba"),
        ("KKR 3+", "kkr"),
        ("w 2021 roku", None),
    ],
)
def test_head_noun_lemma(phrase: str, lemma: str | None) -> None:
    assert head_noun_lemma(phrase) == lemma


def test_compound_cell() -> None:
    assert _rows("12 spotkań, 280 uczestników") == [
        (12, "spotkanie", "count", None),
        (280, "uczestnik", "count", None),
    ]
    assert _rows(
        "120 szkół skontrolowanych pod kątem prawidłowości oznakowania, 120 patroli pod szkołami"
    ) == [
        (120, "szkoła", "count", None),
        (120, "patrol", "count", None),
    ]


def test_value_types() -> None:
    assert _rows("1 839 660,39 zł") == [(1839660.39, "zł", "money", None)]
    assert _rows("0,00 zł") == [(0.0, "zł", "money", None)]
    assert _rows("62%") == [(62, "%", "percent", None)]
    assert _rows("970,56 godzin usług") == [(970.56, "godzina", "hours", None)]
    assert _rows("207,34 etatów pedagogów i psychologów") == [(207.34, "etat", "fte", None)]
    assert _rows("503 m²") == [(503, "m²", "other", None)]
    assert _rows("6 540 600 zt") == [(6540600, "zł", "money", None)]
    assert _rows("2000 zł") == [(2000, "zł", "money", None)]  # a year-like amount is still money
    assert _rows("1/2 etatu psychologa, 3/4 etatu pedagoga") == [
        (0.5, "etat", "fte", None),
        (0.75, "etat", "fte", None),
    ]


def test_online_note_applies_to_the_cell() -> None:
    assert _rows("4 spotkania, 61 uczestników (wydarzenie zorganizowane on-line)") == [
        (4, "spotkanie", "count", "on-line"),
        (61, "uczestnik", "count", "on-line"),
    ]
    assert _rows("80 kursów i zajęć, 3 000 uczestników, 20 kursów on-line, 400 uczestników")[2:] == [
        (20, "kurs", "count", "on-line"),
        (400, "uczestnik", "count", "on-line"),
    ]


def test_bounds_and_rates() -> None:
    assert _rows("Do 10 lokali") == [(10, "lokal", "count", "do")]
    assert _rows("500 czytelników/miesiąc") == [(500, "czytelnik", "count", "miesięcznie")]
    assert _rows("300 rodzin miesiecznie") == [(300, "rodzina", "count", "miesięcznie")]
    assert _rows("wydanie min. 200 indeksów wolontariusza") == [(200, "indeks", "count", "co najmniej")]
    assert _rows("10-15 spotkań") == [
        (10, "spotkanie", "count", "co najmniej"),
        (15, "spotkanie", "count", "do"),
    ]


def test_unit_breakdown_and_w_tym() -> None:
    context = "Liczba spotkań z przedstawicielami sądów w celu omówienia sytuacji prawnej dziecka i rodziny"
    measures = split_measures("Wzrost\n71 w tym:\nWydział Edukacji: 56\nGOPS: 8 \nPCPR: 7", context)
    assert [(m.value, m.measure, m.qualifier, m.part_of) for m in measures] == [
        (71, "spotkanie", "wzrost", None),
        (56, "spotkanie", "Wydział Edukacji", 0),
        (8, "spotkanie", "GOPS", 0),
        (7, "spotkanie", "PCPR", 0),
    ]
    assert _rows("Wzrost\n5.531 porad\n\nPCPR: 441 porad\nSPPPPK: 4915porad") == [
        (5531, "porada", "count", "wzrost"),
        (441, "porada", "count", "PCPR"),
        (4915, "porada", "count", "SPPPPK"),
    ]


def test_context_gives_bare_numbers_their_measure() -> None:
    assert _rows("spadek\n10", "Liczba kampanii informacyjnych na rzecz zwiększenia świadomości") == [
        (10, "kampania", "count", "spadek")
    ]
    money = "Kwota wydatków na wsparcie wychowanków pieczy zastępczej (zł)"
    assert _rows("PCPR: \nRodziny zastępcze: \n125 047,39\nPOW: \n53 669,70", money) == [
        (125047.39, "zł", "money", "Rodziny zastępcze"),
        (53669.70, "zł", "money", "POW"),
    ]
    assert _rows("12", "Kwota dotacji (tys. zł)") == [(12000, "zł", "money", None)]
    assert _rows("1 RDDz", "Liczba Rodzinnych Domów Dziecka") == [(1, "dom", "count", None)]
    assert _rows("Liczba porad – 1200") == [(1200, "porada", "count", None)]
    assert _rows("-0,92", "Wskaźnik dynamiki liczby urodzeń") == [(-0.92, None, "ratio", None)]


def test_unit_heading_a_paragraph_and_agent_phrase_context() -> None:
    text = (
        "UPPK: W 2023 roku w stażach zorganizowanych przez pracodawców uczestniczyło 25 osób bezrobotnych.\n"
        "Nastąpił spadek w stosunku do roku 2022(35 osób)\n\nWydział Edukacji:\nZSTE w Skawinie:  1 uczeń\n"
        "SOWS w Skawinie : praktyki wspomagane:10 uczniów ( 3 uczniów w Urzędzie, 7 uczniów w Centrum)\n\nGOPS: 2"
    )
    context = "Liczba zorganizowanych przez pracodawców staży wspomaganych lub praktyk"
    assert _rows(text, context) == [
        (25, "osoba", "count", "UPPK"),
        (35, "osoba", "count", "UPPK"),
        (1, "uczeń", "count", "ZSTE w Skawinie"),
        (10, "uczeń", "count", "SOWS w Skawinie"),
        (3, "uczeń", "count", None),
        (7, "uczeń", "count", None),
        (2, "staż", "count", "GOPS"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Bezpłatne wsparcie psychologiczne rodzin z dziećmi do lat 3",
        "Warsztaty feryjne i wakacyjne dla dzieci w wieku 7-11 lat",
        "Miejski Ośrodek Pomocy Społecznej Wydział Polityki Społecznej i Zdrowia UMK (SZ/PSD/03)",
        "1. Usługą Publiczną K-2 „Tworzenie warunków do upowszechniania kultury w mieście”",
        "zadanie włączone w 2020 roku do Programu Wspierania Rodziny",
        "Program Wspierania Rodziny na lata 2019-2021",
        "Uchwała Nr XII/123/2019 z dnia 12 marca 2019 r. (Dz. U. 2020 poz. 821), art. 10 ust. 2",
        "Kontakt: tel. 12 616 70 00, ul. Józefińska 14, 30-529 Kraków",
        "Organizacja w filii nr 56 Biblioteki Kraków dla rodziców z dziećmi do 6 roku życia",
        "Z uwagi na stan epidemii wydarzenie nie zostało zorganizowane",
    ],
)
def test_non_quantities_give_no_measures(text: str) -> None:
    assert split_measures(text) == []


def test_numbers_inside_quoted_names_are_not_quantities() -> None:
    text = "96 szkół realizujących program „Trzymaj formę”, 114 szkół realizujących program „5 porcji warzyw”"
    assert _rows(text) == [(96, "szkoła", "count", None), (114, "szkoła", "count", None)]


def test_split_gold_accuracy() -> None:
    bench = Path(__file__).resolve().parents[2] / "bench" / "bench_split.py"
    spec = importlib.util.spec_from_file_location("bench_split", bench)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.run(repeat=0)
    assert result["cells"] >= 150
    assert result["accuracy"] >= 0.98, result["failures"]
    heldout = module.run(module.HELDOUT_PATH, repeat=0)
    assert heldout["cells"] >= 60
    assert heldout["accuracy"] >= 0.95, heldout["failures"]


def test_indicator_names_that_do_not_read_liczba_noun() -> None:
    # Seed 003 rows: the counted noun after a participle and a prepositional phrase; a rate
    # named "…, wskaźnik W6"; the trend word printed beside the value ("43 52 wzrost 44 …").
    clubs = "Liczba funkcjonujących na terenie Krakowa Klubów Rodziców."
    assert _rows("43", clubs) == [(43, "klub", "count", None)]
    rate = "Przyrost naturalny w Krakowie, wskaźnik W6 _W (system STRADOM UMK)."
    assert _rows("-0,92", rate) == [(-0.92, "przyrost", "ratio", None)]
    assert _rows("52 wzrost", clubs) == [(52, "klub", "count", "wzrost")]
    assert _rows("1,3 wzrost", rate) == [(1.3, "przyrost", "ratio", "wzrost")]
    money = "Kwota wydatków na wsparcie wychowanków pieczy zastępczej (zł)"
    assert _rows("53 669,70 wzrost", money) == [(53669.70, "zł", "money", "wzrost")]
    assert _rows("12 brak zmian", clubs) == [(12, "klub", "count", "bez zmian")]
    assert _rows("3 zmiany w regulaminie") == [(3, "zmiana", "count", None)]  # a counted change


def test_abbreviations_after_the_number() -> None:
    # Seed 002: a unit label after the number leaves the measure to the indicator name; an
    # abbreviation that is the counted thing takes the name's head noun.
    places = "Liczba placówek dziennego wsparcia seniorów"
    assert _rows("1 GOPS Mogilany", places) == [(1, "placówka", "count", "GOPS Mogilany")]
    assert _rows("11 (GOPS)", places) == [(11, "placówka", "count", "GOPS")]
    assert _rows("1 RDDz", "Liczba Rodzinnych Domów Dziecka") == [(1, "dom", "count", None)]
    assert _rows("1 UTW Słomniki", "Liczba powiatowych UTW") == [(1, "uniwersytet", "count", None)]
    # Capitals are an office name even when the lowercase word exists ("mops" is a pug, "cis" a yew).
    assert _rows("1 MOPS Kraków", places) == [(1, "placówka", "count", "MOPS Kraków")]
    assert _rows("3 CIS") == [(3, "centrum", "count", None)]
    assert _rows("12 OSÓB") == [(12, "osoba", "count", None)]


def test_numbers_written_as_words() -> None:
    # Seed 001: "powstanie jednej Pracowni Młodych" under each target year.
    assert _rows("powstanie jednej Pracowni Młodych") == [(1, "pracownia", "count", None)]
    assert _rows("organizacja dwóch spotkań, trzy rodziny wspierające") == [
        (2, "spotkanie", "count", None),
        (3, "rodzina", "count", None),
    ]
    assert _rows("zajęcia w dwóch szkołach") == [(2, "szkoła", "count", None)]
    assert _rows("jeden z uczestników zrezygnował") == []
    assert _rows("wszystkie zajęcia w jednym miejscu") == []
    assert _rows("zajęcia dwa razy w tygodniu") == []


def test_a_value_tied_to_another_year() -> None:
    # Seed 002: the previous year's figure in parentheses; the cell's own "W 2023 roku" preamble
    # ties nothing.
    text = (
        "UPPK: W 2023 roku 5 osób bezrobotnych z niepełnosprawnością uczestniczyło w szkoleniach "
        "zawodowych. Spadek w stosunku do 2022r (9 osób)"
    )
    measures = split_measures(text, "Liczba osób biorących udział w szkoleniu")
    assert [(m.value, m.measure, m.year) for m in measures] == [(5, "osoba", None), (9, "osoba", 2022)]
    measures = split_measures("w 2022 r. – 35 osób, 4 grupy; w 2023 r. – 40 osób")
    assert [(m.value, m.year) for m in measures] == [(35, 2022), (4, 2022), (40, 2023)]
    assert [m.year for m in split_measures("Program na lata 2021 - 2023 - 50 osób")] == [None]


@pytest.mark.parametrize(
    ("name", "measure", "value_type"),
    [
        # Indicator names of seed 002 and 003 and their general patterns.
        ("Liczba funkcjonujących na terenie Krakowa Klubów Rodziców.", "klub", "count"),
        ("Liczba zorganizowanych przez pracodawców staży wspomaganych lub praktyk", "staż", "count"),
        ("Liczba objętych wsparciem rodzin", "rodzina", "count"),  # participle + its complement
        ("Liczba wydanych w 2023 r. decyzji", "decyzja", "count"),
        ("Liczba nowo utworzonych miejsc", "miejsce", "count"),
        ("Liczba osób biorących udział w szkoleniu", "osoba", "count"),
        ("Przyrost naturalny w Krakowie, wskaźnik W6 _W (system STRADOM UMK).", "przyrost", "ratio"),
        ("Stopa bezrobocia w powiecie, wskaźnik W3", "stopa", "ratio"),  # nominative head, not "stop"
        ("Udział rodzin mających 3 i więcej dzieci w liczbie rodzin ogółem, wskaźnik W7_W", "%", "percent"),
    ],
)
def test_context_measure_of_indicator_names(name: str, measure: str, value_type: str) -> None:
    from raporty.normalize.measures import context_measure

    found = context_measure(name)
    assert found is not None
    assert (found.measure, found.value_type) == (measure, value_type)


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("spadek 12", [(12, "spotkanie", "count", "spadek")]),
        ("wzrost o 4%", [(4, "%", "percent", "wzrost")]),
        ("30 osób\nWzrost", [(30, "osoba", "count", "wzrost")]),
        ("18 porad, tendencja spadkowa", [(18, "porada", "count", "spadek")]),
        ("bez zmian – 7 grup", [(7, "grupa", "count", "bez zmian")]),
        # a breakdown keeps its unit label, a rate stays the qualifier it is
        (
            "Spadek\n40 w tym:\nGOPS: 30\nPCPR: 10",
            [
                (40, "spotkanie", "count", "spadek"),
                (30, "spotkanie", "count", "GOPS"),
                (10, "spotkanie", "count", "PCPR"),
            ],
        ),
        ("wzrost o 3% w skali roku", [(3, "%", "percent", "rocznie")]),
        # a trend inside a sentence speaks of its own line, not of the figures below it
        ("Odnotowano wzrost zainteresowania.\n9 spotkań", [(9, "spotkanie", "count", None)]),
    ],
)
def test_trend_words_are_kept_as_the_qualifier(text: str, rows: list) -> None:
    assert _rows(text, "Liczba spotkań") == rows


def test_trend_qualifier_of_a_cell_without_a_number() -> None:
    assert trend_qualifier("tendencja wzrostowa") == "wzrost"
    assert trend_qualifier("spadek liczby zgłoszeń") == "spadek"
    assert trend_qualifier("bez zmian") == "bez zmian"
    assert trend_qualifier("12 spotkań") is None


def test_a_day_and_month_after_na_or_dnia_is_a_date_not_a_value() -> None:
    assert _rows("17 wizyt (wg stanu na 15.09)") == [(17.0, "wizyta", "count", None)]
    assert _rows("4 kursy, stan na dzień 01.12") == [(4.0, "kurs", "count", None)]
    # a dot decimal before a currency sign, or a dot-grouped thousand, stays a value
    assert _rows("do 12.40 zł") == [(12.4, "zł", "money", "do")]
    assert _rows("na 14.500 uczniów") == [(14500.0, "uczeń", "count", None)]


def test_a_note_after_a_spaced_dash_is_not_the_counted_noun() -> None:
    assert _rows("27 – dane niepełne", context="Liczba wizyt domowych") == [(27.0, "wizyta", "count", None)]
    assert _rows("Liczba porad - 310 – wartość przybliżona") == [(310.0, "porada", "count", None)]
    assert _rows("MOPS – 41 porad") == [(41.0, "porada", "count", "MOPS")]


def test_a_noun_that_lost_its_diacritics_is_restored() -> None:
    assert _rows("7 wizyt, 12 swiadczen", context=None)[1][1] == "świadczenie"
    assert _rows("3 szkoly")[0][1] == "szkoła"
    # the noun of a frame in the indicator name, too
    assert _rows("841", context="Liczba posilkow wydanych w stolowkach") == [
        (841.0, "posiłek", "count", None)
    ]


def test_a_counted_abbreviation_wins_over_a_word_it_spells() -> None:
    """ "os." after a number is "osób", not the genitive plural of "osa" (a wasp)."""
    assert [(m.value, m.measure) for m in split_measures("3 edycje, 48 os.")] == [
        (3.0, "edycja"),
        (48.0, "osoba"),
    ]
    assert [(m.value, m.measure) for m in split_measures("12 godz. zajęć")] == [(12.0, "godzina")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("38 rodzin, w tym 9 nowych", [(38.0, "rodzina"), (9.0, "rodzina")]),
        ("120 osób (w tym 40 niepełnosprawnych)", [(120.0, "osoba"), (40.0, "osoba")]),
        ("10 spotkań, w tym 3 wyjazdowe", [(10.0, "spotkanie"), (3.0, "spotkanie")]),
        ("120 osób, w tym 40 dzieci", [(120.0, "osoba"), (40.0, "dziecko")]),  # a noun of its own
        ("50 uczestników (w tym 20 nowych uczestniczek)", [(50.0, "uczestnik"), (20.0, "uczestniczka")]),
    ],
)
def test_a_breakdown_by_an_adjective_counts_the_totals_noun(text: str, expected: list) -> None:
    """Polish leaves the noun out after an adjective in a breakdown: "w tym 9 nowych" are new
    families, even where the adjective also reads as a noun ("nowy", "niepełnosprawny")."""
    assert [(m.value, m.measure) for m in split_measures(text)] == expected


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [("2 razy w miesiącu", "miesięcznie"), ("4 x w roku", "rocznie"), ("3 razy w tygodniu", "tygodniowo")],
)
def test_how_many_times_in_a_period_is_a_rate(text: str, qualifier: str) -> None:
    assert [m.qualifier for m in split_measures(text)] == [qualifier]
    assert split_measures("5 spotkań w roku 2023")[0].qualifier is None


def test_how_many_times_counts_the_noun_before_it() -> None:
    assert [(m.value, m.measure, m.qualifier) for m in split_measures("spotkania 2 razy w miesiącu")] == [
        (2.0, "spotkanie", "miesięcznie")
    ]
    assert [m.measure for m in split_measures("odbywały się 2 razy w tygodniu")] == ["raz"]  # no noun before


def test_notes_after_a_footnote_mark_and_misspelt_scales() -> None:
    from raporty.normalize.measures import split_measures

    # a footnote mark opens a note: the number counts nothing written after it
    assert [(m.value, m.measure) for m in split_measures("64 ** dane z rejestru gminy")] == [(64.0, None)]
    assert [(m.value, m.measure) for m in split_measures("37 uczniów *) wg stanu na wrzesień")] == [
        (37.0, "uczeń")
    ]
    # "tyś." is a common misspelling of "tys."
    assert [(m.value, m.value_type) for m in split_measures("82,5 tyś. zł")] == [(82500.0, "money")]


def test_a_year_like_number_alone_under_a_counted_indicator_is_a_count() -> None:
    from raporty.normalize.measures import split_measures

    assert [(m.value, m.measure) for m in split_measures("1981", context="Liczba wydanych paczek")] == [
        (1981.0, "paczka")
    ]
    # a year it stays without a counted thing, or with words around it
    assert split_measures("2015", context="Rok rozpoczęcia") == []
    assert split_measures("w 2019 r.", context="Liczba paczek") == []


def test_the_money_scale_a_header_names_in_any_currency_word() -> None:
    from raporty.normalize.measures import split_measures

    for header in ("Budżet 2023 (tys. PLN)", "Koszt (tys. zł)", "Wydatki (w tys.) (zł)"):
        assert [(m.value, m.measure) for m in split_measures("125,5", context=header)] == [(125500.0, "zł")]
    assert [m.value for m in split_measures("125,5", context="Budżet 2023 (zł)")] == [125.5]
    assert [m.value for m in split_measures("1981 (wzrost)", context="Liczba wydanych paczek")] == [1981.0]
    assert split_measures("dane z 2019", context="Liczba wydanych paczek") == []
