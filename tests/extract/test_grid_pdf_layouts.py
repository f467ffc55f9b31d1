"""The word-box table finder on borderless tables drawn into real PDFs (reportlab), read back with
pdfplumber: layouts made up here, the cell texts known because they were written."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from raporty.extract import extract_file
from raporty.extract.pdf.tables import find_page_tables

FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
#: a name of its own: the report generator registers DejaVu Sans with its bold face under "DejaVuSans"
FONT = "GridTestSans"
SIZE = 8.0
#: (x, top, text) in points from the top left corner of the page
Text = tuple[float, float, str]

pytestmark = pytest.mark.skipif(
    not FONT_FILE.exists(), reason="DejaVu Sans (fonts-dejavu-core) not installed"
)


def register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))


def write_pdf(path: Path, pages: list[list[Text]]) -> Path:
    """A PDF with each text drawn at its place in 8-point DejaVu Sans (Polish letters included)."""
    register_font()
    sheet = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]
    for texts in pages:
        sheet.setFont(FONT, SIZE)
        for x, top, text in texts:
            sheet.drawString(x, height - top - SIZE, text)
        sheet.showPage()
    sheet.save()
    return path


def cells(rows: list[tuple[float, list[tuple[float, str]]]]) -> list[Text]:
    return [(x, top, text) for top, row in rows for x, text in row]


COLUMNS = (60, 190, 265, 335, 405, 475)
HEADER = cells(
    [
        (60, [(60, "Działanie"), (190, "Wartość"), (265, "Docelowo"), (335, "Wartość"), (405, "Koszt"), (475, "Stan")]),
        (70, [(190, "bazowa"), (265, "w 2024 r."), (335, "uzyskana"), (405, "realizacji"), (475, "realizacji")]),
        (80, [(335, "w 2022 r."), (405, "w 2022 r.")]),
    ]
)  # fmt: skip


def test_the_rest_of_a_row_split_by_a_page_break_keeps_every_column_of_the_repeated_header(
    tmp_path: Path,
) -> None:
    # the next page holds the repeated header and only the rest of the last row, with text in the
    # first, second and fourth columns: the empty fifth and sixth columns still come from the header
    first = HEADER + cells(
        [
            (96, [(60, "Festyn rodzinny"), (190, "3 festyny"), (265, "4 festyny"), (335, "2 festyny"),
                  (405, "12 500 zł"), (475, "Zrealizowano")]),
            (116, [(60, "Porady prawne dla"), (190, "36 porad"), (265, "105 porad"), (335, "Odsetek rodzin"),
                   (405, "9 201,11 zł"), (475, "Kontynuacja")]),
            (126, [(60, "rodzin zastępczych"), (190, "6 kampanii"), (335, "objętych")]),
        ]
    )  # fmt: skip
    second = HEADER + cells(
        [
            (96, [(60, "i adopcyjnych"), (190, "(wg MOPS)"), (335, "– 10,7%")]),
        ]
    )
    pdf = write_pdf(tmp_path / "split_row.pdf", [first, second])
    with pdfplumber.open(pdf) as document:
        (rest,) = find_page_tables(document.pages[1], 2)
    assert rest.layout is not None and rest.layout.width == 6
    assert [c.text for c in rest.grid[-1]] == [
        "i adopcyjnych", "(wg MOPS)", "", "– 10,7%", "", "",
    ]  # fmt: skip

    (table,) = extract_file(pdf).tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows == [
        ["Festyn rodzinny", "3 festyny", "4 festyny", "2 festyny", "12 500 zł", "Zrealizowano"],
        ["Porady prawne dla rodzin zastępczych\ni adopcyjnych", "36 porad 6 kampanii\n(wg MOPS)",
         "105 porad", "Odsetek rodzin objętych\n– 10,7%", "9 201,11 zł", "Kontynuacja"],
    ]  # fmt: skip


def test_a_sub_header_column_empty_in_the_body_after_the_last_body_text_is_a_column_of_its_own(
    tmp_path: Path,
) -> None:
    # "Wskaźniki realizacji" over "realizacja 2024 | realizacja 2025"; nothing is reported for 2025 yet
    texts = cells(
        [
            (60, [(60, "Działanie"), (260, "Jednostka realizująca"), (380, "Wskaźniki realizacji")]),
            (78, [(380, "realizacja"), (452, "realizacja")]),
            (88, [(380, "2024"), (452, "2025")]),
            (104, [(60, "Dyżury psychologa w szkołach"), (260, "Ośrodek Interwencji"), (380, "do 75 dyżurów")]),
            (114, [(60, "podstawowych"), (260, "Kryzysowej"), (380, "(dane wstępne)")]),
            (130, [(60, "Wolontariat szkolny"), (260, "Miejski Dom Kultury"), (380, "837 posiłków")]),
        ]
    )  # fmt: skip
    pdf = write_pdf(tmp_path / "empty_last_sub_header.pdf", [texts])
    with pdfplumber.open(pdf) as document:
        (found,) = find_page_tables(document.pages[0], 1)
    grid = [[c.text for c in row] for row in found.grid]
    assert grid[:2] == [
        ["Działanie", "Jednostka realizująca", "Wskaźniki realizacji", "Wskaźniki realizacji"],
        ["", "", "realizacja 2024", "realizacja 2025"],
    ]
    assert grid[2] == ["Dyżury psychologa w szkołach podstawowych", "Ośrodek Interwencji Kryzysowej",
                       "do 75 dyżurów (dane wstępne)", ""]  # fmt: skip
    (table,) = extract_file(pdf).tables
    assert [c.year for c in table.columns[2:]] == [2024, 2025]
    assert [row.cells[2].text for row in table.rows] == ["do 75 dyżurów (dane wstępne)", "837 posiłków"]


def test_the_rest_of_a_split_row_under_a_repeated_header_is_body_not_a_sub_header(tmp_path: Path) -> None:
    # one phrase under each of two header cells, one row pitch below the header: body text (the
    # rest of a row begun on the page before), not a row of sub-headers
    header = cells(
        [
            (60, [(60, "Lp."), (85, "Nazwa działania"), (230, "Kto realizuje"), (325, "Mierniki"), (475, "Przebieg")]),
            (70, [(475, "realizacji")]),
            (78, [(325, "planowane"), (400, "wykonanie w")]),
            (88, [(325, "2019"), (400, "2019 r.")]),
        ]
    )  # fmt: skip
    body = cells(
        [
            (104, [(400, "zaangażowanych"), (475, "realizowane")]),
            (114, [(325, "PUP: 30"), (400, "w akcje – 114")]),
            (124, [(325, "wolontariuszy")]),
            (144, [(60, "3"), (85, "Treningi umiejętności"), (230, "organizacje"), (325, "9 lokali"),
                   (400, "32 lokale"), (475, "B.d.")]),
        ]
    )  # fmt: skip
    pdf = write_pdf(tmp_path / "split_row_under_sub_headers.pdf", [header + body])
    with pdfplumber.open(pdf) as document:
        (found,) = find_page_tables(document.pages[0], 1)
    grid = [[c.text for c in row] for row in found.grid]
    assert grid[1] == ["", "", "", "planowane 2019", "wykonanie w 2019 r.", ""]
    assert grid[2] == ["", "", "", "PUP: 30 wolontariuszy", "zaangażowanych w akcje – 114", "realizowane"]
    assert grid[3] == ["3", "Treningi umiejętności", "organizacje", "9 lokali", "32 lokale", "B.d."]


def test_a_cell_of_two_paragraphs_beside_a_wrapped_cell_stays_one_row(tmp_path: Path) -> None:
    # the value cell's second paragraph starts 6 pt below its first, off the lines of the unit cell
    # beside it; rows are 10 pt lines, 16 pt apart between rows
    texts = cells(
        [
            (60, [(60, "Zadania realizowane"), (230, "Wykonawca"), (400, "Wartość osiągnięta")]),
            (76, [(60, "Warsztaty dla rodzin"), (230, "Ośrodek Interwencji"), (400, "Zrealizowano,")]),
            (86, [(60, "zastępczych"), (230, "Kryzysowej, Miejski Dom"), (400, "2 573 posiłki")]),
            (96, [(230, "Kultury, Wydział Spraw")]),
            (102, [(400, "220 uczestników")]),
            (106, [(230, "Społecznych")]),
            (122, [(60, "Dyżury psychologa"), (230, "Poradnia"), (400, "5 dyżurów")]),
        ]
    )
    pdf = write_pdf(tmp_path / "two_paragraph_cell.pdf", [texts])
    with pdfplumber.open(pdf) as document:
        (found,) = find_page_tables(document.pages[0], 1)
    assert [[c.text for c in row] for row in found.grid[1:]] == [
        ["Warsztaty dla rodzin zastępczych", "Ośrodek Interwencji Kryzysowej, Miejski Dom Kultury, Wydział Spraw Społecznych",
         "Zrealizowano, 2 573 posiłki 220 uczestników"],
        ["Dyżury psychologa", "Poradnia", "5 dyżurów"],
    ]  # fmt: skip


def test_a_heading_row_inside_the_table_stopping_short_of_the_next_column_leaves_the_gutter_open(
    tmp_path: Path,
) -> None:
    # "1.2 Integracja …" is one phrase reaching almost to the second column: lines of one phrase
    # show no column border, so the gutter between the label and the baseline columns stays
    texts = cells(
        [
            (60, [(60, "Miara postępu"), (244, "Wartość"), (338, "Osiągnięcia"), (420, "Osiągnięcia")]),
            (70, [(244, "bazowa"), (338, "w 2023 r."), (420, "w 2024 r.")]),
            (86, [(60, "Liczba szkół biorących udział"), (244, "19 szkół"), (338, "5"), (420, "16")]),
            (102, [(60, "1.2 Integracja osób z niepełnosprawnościami")]),
            (118, [(60, "Liczba ankiet od mieszkańców"), (244, "667 ankiet"), (338, "23"), (420, "16 ankiet")]),
            (134, [(60, "Liczba wniosków"), (244, "415 wniosków"), (338, "w trakcie"), (420, "nie dotyczy")]),
        ]
    )  # fmt: skip
    pdf = write_pdf(tmp_path / "heading_inside_table.pdf", [texts])
    with pdfplumber.open(pdf) as document:
        (found,) = find_page_tables(document.pages[0], 1)
    grid = [[c.text for c in row] for row in found.grid]
    assert grid[0] == ["Miara postępu", "Wartość bazowa", "Osiągnięcia w 2023 r.", "Osiągnięcia w 2024 r."]
    assert grid[1] == ["Liczba szkół biorących udział", "19 szkół", "5", "16"]
    assert grid[3] == ["Liczba ankiet od mieszkańców", "667 ankiet", "23", "16 ankiet"]


def test_a_ruled_pdf_table_is_built_from_its_drawn_lines_by_the_grid_finder(tmp_path: Path) -> None:
    # columns x 60-200-300-400, rows y 60-80-100-120 (from the top); the rule under the second row
    # runs under the value columns only, so its label cell spans the third row; the header's last
    # two columns share one cell (no rule between them in the first row)
    register_font()
    path = tmp_path / "ruled.pdf"
    sheet = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]
    for top, x0 in ((60, 60), (80, 60), (100, 200), (120, 60)):
        sheet.line(x0, height - top, 400, height - top)
    for x, top in ((60, 60), (200, 60), (400, 60), (300, 80)):
        sheet.line(x, height - top, x, height - 120)
    sheet.setFont(FONT, SIZE)
    for x, top, text in [(64, 64, "Zadanie"), (204, 64, "Wykonanie 2023"), (64, 84, "Festyn rodzinny"),
                         (204, 84, "3 festyny"), (304, 84, "1 200 zł"), (64, 104, "i piknik"),
                         (204, 104, "2 pikniki"), (304, 104, "800 zł")]:  # fmt: skip
        sheet.drawString(x, height - top - SIZE - 4, text)
    sheet.showPage()
    sheet.save()
    with pdfplumber.open(path) as document:
        (table,) = find_page_tables(document.pages[0], 1)
    assert table.ruled
    grid = [[c.text for c in row] for row in table.grid]
    assert grid == [
        ["Zadanie", "Wykonanie 2023", "Wykonanie 2023"],
        ["Festyn rodzinny i piknik", "3 festyny", "1 200 zł"],
        ["", "2 pikniki", "800 zł"],
    ]
    assert table.grid[2][0].merged_from_above and not table.grid[2][1].merged_from_above
