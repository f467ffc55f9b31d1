"""The word-box table finder (raporty.extract.grid): its pure functions on made-up boxes, and the
generated fixtures of tests/fixtures/grid (borderless portrait and landscape PDFs, a ruled table
with a group header, a noisy 150 dpi scan) scored against their facts known by construction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from raporty.extract.columns import classify_header
from raporty.extract.grid.cells import cell_text
from raporty.extract.grid.headers import has_quantity, header_block, spread_group_cells
from raporty.extract.grid.whitespace import Layout, find_tables
from raporty.extract.grid.words import Word, cluster, group_lines, gutters, phrases
from raporty.models import ColumnKind
from raporty.quality.verify import verify_documents

GRID = Path(__file__).resolve().parents[1] / "fixtures" / "grid"


def _tesseract_ready() -> bool:
    if shutil.which("tesseract") is None:
        return False
    from raporty.extract.scan.tesseract import available_languages

    try:
        return "pol" in available_languages()
    except Exception:
        return False


# -- geometry -----------------------------------------------------------------------------------------
def test_words_group_into_lines_and_phrases() -> None:
    words = [Word("Liczba", 10, 40, 100, 108, size=8), Word("osób", 42, 60, 101, 109, size=8),
             Word("12", 120, 130, 100, 108, size=8), Word("dalej", 10, 35, 112, 120, size=8)]  # fmt: skip
    lines = group_lines(words)
    assert [[w.text for w in line] for line in lines] == [["Liczba", "osób", "12"], ["dalej"]]
    assert [p.text for p in phrases(lines[0], gap=5)] == ["Liczba osób", "12"]


def test_gutters_and_clusters() -> None:
    assert gutters([(0, 10), (5, 20), (30, 40)], 0, 40) == [(20, 30)]
    assert gutters([(10, 20)], 0, 30, ends=True) == [(0, 10), (20, 30)]
    assert cluster([1.0, 1.5, 10.0, 10.4], 1.0) == [1.25, 10.2]


# -- cell text and headers ------------------------------------------------------------------------------
def test_a_word_broken_without_hyphen_is_joined_back_and_ordinary_wraps_keep_their_space() -> None:
    assert (
        cell_text(["1928 uczes", "tników (w tym", "1453 wol", "ontariuszy)"])
        == "1928 uczestników (w tym 1453 wolontariuszy)"
    )
    assert cell_text(["105 uczestnikó", "w 66 wniosków"]) == "105 uczestników 66 wniosków"
    assert cell_text(["Prowadzenie poradnictwa", "rodzinnego"]) == "Prowadzenie poradnictwa rodzinnego"
    assert cell_text(["szkolenia dla", "w domu"]) == "szkolenia dla w domu"


def test_a_word_broken_in_its_ending_or_a_year_broken_after_its_first_digit_is_joined_back() -> None:
    assert cell_text(["169 pracownik", "ów"]) == "169 pracowników"  # an ending alone on its line
    assert cell_text(["5 grupowy", "ch spotkań"]) == "5 grupowych spotkań"
    assert cell_text(["Komórka/jedno", "stka"]) == "Komórka/jednostka"  # a piece that is no word
    assert cell_text(["Budżet 2", "017–2020"]) == "Budżet 2017–2020"
    # one or two digits after a number broken at the line end are its rest, not a number of their own
    assert cell_text(["180 osób (w tym 4", "6 osób on-line)"]) == "180 osób (w tym 46 osób on-line)"
    assert cell_text(["do 1", "25 godzin"]) == "do 125 godzin"
    assert cell_text(["w roku 2023", "14 spotkań"]) == "w roku 2023 14 spotkań"  # a year ends the line
    # a narrow header column breaking a word before a particle, or the last year of a range
    assert cell_text(["wykona", "nie 2024"]) == "wykonanie 2024"
    assert cell_text(["Budżet", "2024-20", "26"]) == "Budżet 2024-2026"
    assert cell_text(["Budżet 2", "021-202", "3"]) == "Budżet 2021-2023"
    assert cell_text(["w wieku 5-20", "15 osób"]) == "w wieku 5-20 15 osób"
    assert cell_text(["pomoc", "nie była udzielana"]) == "pomoc nie była udzielana"
    # a conjunction starting the next line, a number's thousands, a plain wrap stay apart
    assert cell_text(["pomoc dla rodzin", "a także szkół"]) == "pomoc dla rodzin a także szkół"
    assert cell_text(["32", "219 uczestników"]) == "32 219 uczestników"
    assert cell_text(["zajęć dla", "dzieci"]) == "zajęć dla dzieci"


def test_pieces_broken_at_a_full_lines_end_are_joined_back() -> None:
    # a narrow column broke words and numbers at its right edge (the lines marked full reach it)
    assert cell_text(["2870 ś", "wiadcz", "eń"], [True, True, False]) == "2870 świadczeń"
    assert cell_text(["Wartość wyj", "ściow", "a (2020)"], [True, True, False]) == "Wartość wyjściowa (2020)"
    # a preposition of its own and a word after it were wrapped at a space, even on a full line
    assert (
        cell_text(["na terenie powiatu w", "ciągu roku"], [True, False]) == "na terenie powiatu w ciągu roku"
    )
    assert (
        cell_text(["przygotowujący do", "pełnienia roli"], [True, False])
        == "przygotowujący do pełnienia roli"
    )
    assert cell_text(["428148,", "78 zł"], [True, False]) == "428148,78 zł"
    assert cell_text(["1103639", ",98 zł"], [True, False]) == "1103639,98 zł"
    assert cell_text(["96600,0", "0 zł"], [True, False]) == "96600,00 zł"
    # a line short of the edge was wrapped at a space; full lines whose pieces make no word keep it
    assert cell_text(["na pod", "stawie umowy"], [False, False]) == "na pod stawie umowy"
    assert cell_text(["pomoc w", "rodzinie"], [True, False]) == "pomoc w rodzinie"
    assert cell_text(["w roku 2023", "14 spotkań"], [True, False]) == "w roku 2023 14 spotkań"


def test_a_cell_knows_which_of_its_lines_reach_the_columns_right_edge() -> None:
    from raporty.extract.grid.cells import cell_from_words

    words = [Word("12", 10, 20, 100, 108, size=8), Word("warszt", 23, 49, 100, 108, size=8),
             Word("atów", 10, 28, 110, 118, size=8)]  # fmt: skip
    assert cell_from_words(words, page=1, height=8, right=50).text == "12 warsztatów"
    # the column's text reaches far further right: the first line was wrapped at a space
    words = [Word("pomoc", 10, 35, 100, 108, size=8), Word("dla", 38, 50, 100, 108, size=8),
             Word("dzieci", 10, 36, 110, 118, size=8)]  # fmt: skip
    assert cell_from_words(words, page=1, height=8, right=90).text == "pomoc dla dzieci"


def test_quantities_and_years() -> None:
    assert has_quantity("12 etatów") and has_quantity("8") and has_quantity("b.d.")
    assert not has_quantity("Realizacja w 2019 roku") and not has_quantity("2019 – zakres")
    # a year range written short or cut at the line end is no quantity; a count after a year is
    assert not has_quantity("Budżet 2021-25") and not has_quantity("Budżet 2024-20")
    assert has_quantity("2019 – 20 osób")
    assert not has_quantity("Budżet 2024–2") and not has_quantity("2024–")  # a range cut at the line end
    assert has_quantity("2080 godzin dyżurów") and has_quantity("2030 osób")  # numbers, not years
    assert not has_quantity("Wykonanie 2023 roku") and not has_quantity("2021 wartość osiągnięta")
    # a number after a label is a quantity; a number inside a heading's name is none
    assert has_quantity("OIK: 3259") and has_quantity("Liczba uczestników – 861")
    assert not has_quantity("Cel 1: Rozwój usług") and not has_quantity("Kierunek działań 2: Wzmocnienie")


def test_the_names_under_a_spanning_header_cell_are_header_rows_of_one_header() -> None:
    rows = [
        ["Tabela 3", "", "", ""],
        ["Kierunek działań", "Jednostka odpowiedzialna", "Wskaźnik", "Wskaźnik"],
        ["", "", "wartość bazowa", "ogółem"],
        ["Organizacja festynu", "MOPS", "3 festyny", "4 festyny"],
    ]
    assert header_block(rows) == (1, 2)
    roles = classify_header(rows[1:3])  # "wartość bazowa" names its role; "ogółem" reads its group's
    assert [r.kind for r in roles] == [ColumnKind.ACTIVITY, ColumnKind.UNIT, ColumnKind.BASELINE,
                                       ColumnKind.INDICATOR]  # fmt: skip
    # a row naming a column outside the spanning cell, or holding a number, is not a header row
    assert header_block([rows[1], ["", "MOPS", "wartość", ""], rows[3]]) == (0, 1)
    assert header_block([rows[1], ["", "", "12", "ogółem"]]) == (0, 1)
    # the names come in one row: text under them in the spanned columns alone is the body (the rest
    # of a row a page break split, under a repeated header)
    rest = ["", "", "", "w punkcie konsultacyjnym"]
    assert header_block([*rows[1:3], rest, rows[3]]) == (0, 2)


def test_a_group_cell_written_once_spreads_over_its_sub_headers() -> None:
    rows = [["Działanie", "Mierniki", "", "Uwagi"], ["", "plan 2023", "wykonanie 2023", ""]]
    assert header_block(rows + [["Festyn", "3", "4", ""]]) == (0, 2)
    spread = spread_group_cells(rows)
    assert spread[0] == ["Działanie", "Mierniki", "Mierniki", "Uwagi"]
    assert [r.kind for r in classify_header(spread)][1:3] == [ColumnKind.PLANNED, ColumnKind.ACTUAL]


# -- tables without rules from word boxes -------------------------------------------------------------------
def _row(top: float, *cells: tuple[float, str]) -> list[Word]:
    out = []
    for x, text in cells:
        for part in text.split():
            out.append(Word(part, x, x + 5.0 * len(part), top, top + 8, size=8))
            x += 5.0 * len(part) + 2.5
    return out


def test_borderless_table_rows_from_spacing_and_a_merged_cell_running_past_its_row() -> None:
    words = (
        _row(100, (60, "Planowane działanie"), (220, "Jednostka"), (330, "Wysokość środków"))
        + _row(110, (220, "odpowiedzialna"), (330, "w 2023 roku"))
        + _row(126, (60, "Organizacja festynu"), (220, "Ośrodek Pomocy"), (330, "12 500 zł"))
        + _row(136, (60, "rodzinnego"), (220, "Społecznej, szkoły,"))
        + _row(146, (220, "placówki"))
        + _row(152, (60, "Warsztaty kulinarne"), (330, "3 150 zł"))
        + _row(168, (60, "Punkt konsultacyjny"), (220, "Urząd Gminy"), (330, "8 000 zł"))
    )
    (table,) = find_tables(words, page=1)
    texts = [[c.text for c in row] for row in table.grid]
    assert texts[0] == ["Planowane działanie", "Jednostka odpowiedzialna", "Wysokość środków w 2023 roku"]
    assert texts[1:] == [
        ["Organizacja festynu rodzinnego", "Ośrodek Pomocy Społecznej, szkoły, placówki", "12 500 zł"],
        ["Warsztaty kulinarne", "", "3 150 zł"],
        ["Punkt konsultacyjny", "Urząd Gminy", "8 000 zł"],
    ]
    assert table.layout.width == 3 and all(c.page == 1 for row in table.grid for c in row)


def test_sub_headers_under_a_group_cell_are_a_header_row_of_their_own() -> None:
    # "Wartość wskaźnika" over "planowana | osiągnięta" one leading apart, beside a cell wrapped
    # over three lines ("Jednostka / odpowiedzialna / za zadanie") that stays in the first row
    words = (
        _row(100, (60, "Zadanie"), (200, "Jednostka"), (330, "Wartość wskaźnika"), (480, "Uwagi"))
        + _row(110, (200, "odpowiedzialna"), (330, "planowana"), (410, "osiągnięta"))
        + _row(120, (200, "za zadanie"), (330, "w 2022 r."), (410, "w 2022 r."))
        + _row(
            136, (60, "Festyn rodzinny"), (200, "MOPS"), (330, "3 festyny"), (410, "2 festyny"), (480, "brak")
        )
        + _row(152, (60, "Warsztaty"), (200, "PCPR"), (330, "12 warsztatów"), (410, "12 warsztatów"))
    )
    (table,) = find_tables(words, page=1)
    texts = [[c.text for c in row] for row in table.grid]
    assert texts[:2] == [
        ["Zadanie", "Jednostka odpowiedzialna za zadanie", "Wartość wskaźnika", "Wartość wskaźnika", "Uwagi"],
        ["", "", "planowana w 2022 r.", "osiągnięta w 2022 r.", ""],
    ]
    assert header_block(texts) == (0, 2)
    kinds = [r.kind for r in classify_header(texts[:2])]
    assert kinds[2:4] == [ColumnKind.PLANNED, ColumnKind.ACTUAL]
    assert texts[2] == ["Festyn rodzinny", "MOPS", "3 festyny", "2 festyny", "brak"]


def test_a_header_cell_broken_over_many_lines_in_a_narrow_column_stays_one_header() -> None:
    # narrow columns: "Wartość wyjściowa (2020)" broken at the column edge over seven lines
    words = _row(100, (60, "Zadanie"), (200, "Warto"), (300, "Wykonanie"))
    for i, piece in enumerate(["ść", "wyj", "ści", "ow", "a", "(2020)"], start=1):
        words += _row(100 + 10 * i, (200, piece), *([(300, "w 2023 r.")] if i == 1 else []))
    words += _row(176, (60, "Festyn rodzinny"), (200, "3 festyny"), (300, "2 festyny"))
    words += _row(192, (60, "Warsztaty"), (200, "12 warsztatów"), (300, "10 warsztatów"))
    (table,) = find_tables(words, page=1)
    texts = [[c.text for c in row] for row in table.grid]
    assert texts[0][0] == "Zadanie" and texts[0][2] == "Wykonanie w 2023 r."
    assert texts[0][1].startswith("Warto") and texts[0][1].endswith("(2020)")
    assert texts[1:] == [
        ["Festyn rodzinny", "3 festyny", "2 festyny"],
        ["Warsztaty", "12 warsztatów", "10 warsztatów"],
    ]


def test_a_header_goes_on_below_a_year_range_cut_at_its_line_end() -> None:
    # "Budżet 2024–2" over "028": the rest of the range is no quantity ending the header
    words = (
        _row(100, (60, "Zadanie"), (200, "Wartość"), (300, "Budżet 2024–2"))
        + _row(110, (200, "bazowa"), (300, "028"))
        + _row(120, (200, "(2023)"), (300, "(zł)"))
        + _row(136, (60, "Festyn rodzinny"), (200, "3 festyny"), (300, "1200 zł"))
        + _row(152, (60, "Warsztaty"), (200, "12 warsztatów"), (300, "800 zł"))
    )
    (table,) = find_tables(words, page=1)
    texts = [[c.text for c in row] for row in table.grid]
    assert texts[0] == ["Zadanie", "Wartość bazowa (2023)", "Budżet 2024–2028 (zł)"]
    assert texts[1:] == [
        ["Festyn rodzinny", "3 festyny", "1200 zł"],
        ["Warsztaty", "12 warsztatów", "800 zł"],
    ]


def test_sub_headers_over_the_rest_of_a_split_row_beside_an_empty_row_number_column() -> None:
    # a header repeated at a page top: "Dane za 2023 r." over "plan | wykonanie", then the rest of the
    # row the page break split, whose "Lp." cell is empty and whose label goes on in the next column
    words = (
        _row(60, (40, "Lp."), (70, "Zadanie"), (230, "Dane za 2023 r."))
        + _row(78, (230, "plan"), (330, "wykonanie"))
        + _row(94, (70, "dla dzieci i młodzieży"))
        + _row(110, (40, "2."), (70, "Festyn rodzinny"), (230, "3 festyny"), (330, "2 festyny"))
        + _row(120, (70, "w parku miejskim"))
        + _row(136, (40, "3."), (70, "Warsztaty"), (230, "12 warsztatów"), (330, "10 warsztatów"))
    )
    (table,) = find_tables(words, page=2)
    texts = [[c.text for c in row] for row in table.grid]
    assert texts[:2] == [
        ["Lp.", "Zadanie", "Dane za 2023 r.", "Dane za 2023 r."],
        ["", "", "plan", "wykonanie"],
    ]
    assert texts[2] == ["", "dla dzieci i młodzieży", "", ""]


def _weight(words: list[Word], bold: bool) -> list[Word]:
    return [Word(w.text, w.x0, w.x1, w.top, w.bottom, size=w.size, bold=bold) for w in words]


def test_a_bold_header_ends_at_the_first_line_in_regular_weight() -> None:
    # the rest of a row split by a page break, right under the repeated (bold) header, one leading
    # apart and without a number: regular weight, so body
    header = _row(60, (60, "Zadanie"), (230, "Jednostka"), (360, "Wykonanie")) + _row(
        70, (230, "realizująca"), (360, "w 2023 r.")
    )
    body = (
        _row(80, (60, "dla dzieci i młodzieży"))
        + _row(96, (60, "Festyn rodzinny"), (230, "MOPS"), (360, "2 festyny"))
        + _row(112, (60, "Warsztaty"), (230, "PCPR"), (360, "10 warsztatów"))
    )
    words = _weight(header, True) + _weight(body, False)
    (table,) = find_tables(words, page=2)
    texts = [[c.text for c in row] for row in table.grid]
    assert texts[0] == ["Zadanie", "Jednostka realizująca", "Wykonanie w 2023 r."]
    assert texts[1] == ["dla dzieci i młodzieży", "", ""]
    # without weights (OCR) the line joins the header as before
    (table,) = find_tables(header + body, page=2)
    assert table.grid[0][0].text == "Zadanie dla dzieci i młodzieży"


def test_a_heading_row_reaching_the_next_columns_text_spans_the_table() -> None:
    # "Cel 2: …" ends a point short of where the unit column's text starts: it ran over the border
    words = (
        _row(60, (60, "Zadanie"), (230, "Jednostka"), (360, "Wykonanie 2023"))
        + _row(76, (60, "Festyn rodzinny"), (230, "MOPS"), (360, "2 festyny"))
        + _row(86, (60, "w parku"))
        + _row(102, (60, "Cel 2: Integracja osób starszych i ze"))  # 60 to 230
        + _row(118, (60, "Warsztaty"), (230, "PCPR"), (360, "10 warsztatów"))
        + _row(128, (60, "kulinarne"))
    )
    (table,) = find_tables(words, page=1)
    assert table.layout.width == 3
    assert [c.text for c in table.grid[2]] == ["Cel 2: Integracja osób starszych i ze"] * 3


def test_a_table_continued_on_the_next_page_without_its_header_keeps_the_column_layout() -> None:
    layout = Layout(60, 420, (200.0, 320.0))
    words = _row(60, (60, "Warsztaty kulinarne"), (220, "Klub Seniora"), (330, "24 warsztaty")) + _row(
        76, (60, "Festyn"), (220, "MOPS"), (330, "2 festyny")
    )
    (table,) = find_tables(words, page=2, previous=layout)
    assert not table.headed
    assert [[c.text for c in row] for row in table.grid] == [
        ["Warsztaty kulinarne", "Klub Seniora", "24 warsztaty"],
        ["Festyn", "MOPS", "2 festyny"],
    ]


def test_ocr_number_keeps_its_lowest_confidence() -> None:
    from raporty.extract.scan.tesseract import OcrWord

    def word(text: str, left: int, top: int, conf: float) -> OcrWord:
        return OcrWord(text, conf, left, top, 12 * len(text), 24, 1, 1, 1)

    words = [word("Planowane", 40, 100, 95), word("działanie", 160, 100, 95), word("Wysokość", 600, 100, 95),
             word("środków", 710, 100, 95), word("Festyn", 40, 160, 95), word("120", 600, 160, 41),
             word("zł", 640, 160, 93), word("Warsztaty", 40, 220, 96), word("300", 600, 220, 90)]  # fmt: skip
    (table,) = find_tables(words, page=1, headerless=True)
    assert [c.text for c in table.grid[1]] == ["Festyn", "120 zł"]
    assert table.grid[1][1].confidence == 41 and table.grid[1][0].confidence is None


# -- generated fixtures, scored --------------------------------------------------------------------------------
#: (fixture, lowest value-F1, lowest typed-F1); figures measured when added (2026-12-02): all 1.000.
CASES = [
    ("borderless_portrait", 0.97, 0.97),
    ("borderless_landscape", 0.97, 0.97),
    ("ruled_group_header", 0.97, 0.97),
    ("scan150_noisy", 0.93, 0.93),
]


@pytest.mark.parametrize(("name", "min_f1", "min_strict"), CASES, ids=[c[0] for c in CASES])
def test_generated_fixture_keeps_its_figures(name: str, min_f1: float, min_strict: float) -> None:
    if name.startswith("scan") and not _tesseract_ready():
        pytest.skip("tesseract with Polish data not installed")
    (result,) = verify_documents([GRID / f"{name}.pdf"], [GRID / f"{name}.facts.jsonl"])
    match, strict = result.comparison.score, result.comparison.strict_score
    print(
        f"{name:<24} P {match.precision:.3f}  R {match.recall:.3f}  F1 {match.f1:.3f}  strict F1 {strict.f1:.3f}"
    )
    assert match.f1 >= min_f1 and strict.f1 >= min_strict, (
        f"{name}: F1 {match.f1:.3f}, strict {strict.f1:.3f}"
    )
