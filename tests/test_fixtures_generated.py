"""Structure of the committed fixtures made by tools/make_fixtures.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = REPO.parent / "shared" / "seeds"
ANNEX_DOCX = FIXTURES / "docx" / "mops_krakow_2021_annex.docx"
ANNEX_PDF = FIXTURES / "pdf" / "mops_krakow_2021_annex.pdf"
MONITORING_DOCX = FIXTURES / "docx" / "pcpr_strategy_monitoring_2023.docx"

sys.path.insert(0, str(REPO / "tools"))
from fixtures_check import find_split_rows  # noqa: E402


@pytest.fixture(scope="module")
def annex() -> docx.document.Document:
    return docx.Document(str(ANNEX_DOCX))


@pytest.fixture(scope="module")
def monitoring() -> docx.document.Document:
    return docx.Document(str(MONITORING_DOCX))


def _vmerge(row, column: int) -> str | None:
    """The raw w:vMerge value of a cell (python-docx's row.cells resolves merges)."""
    return row._tr.tc_lst[column].vMerge


def _is_header_row(row) -> bool:
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def _style_of(document, prefix: str) -> str:
    for paragraph in document.paragraphs:
        if paragraph.text.startswith(prefix):
            return paragraph.style.name
    raise AssertionError(f"no paragraph starts with {prefix!r}")


# --- seed 000: the 2021 annex ----------------------------------------------------------


def test_annex_tables_and_headers(annex):
    assert len(annex.tables) == 17
    first = annex.tables[0]
    assert [cell.text for cell in first.rows[0].cells] == [
        "Planowane do realizacji działania",
        "Komórka/ jednostka odpowiedzialna za realizację",
        "Wskaźniki rezultatów zaplanowanych działań w 2021 roku",
        "Zakres realizacji zadania w 2021 roku",
        "Wysokość środków na realizację działania w 2021 roku",
    ]
    assert first.rows[1].cells[4].text == "1 839 660,39 zł"
    assert sorted({len(table.columns) for table in annex.tables}) == [4, 5]
    for table in annex.tables:
        header = table.rows[0]
        assert _is_header_row(header)
        assert all(run.bold for cell in header.cells for p in cell.paragraphs for run in p.runs)
        assert not any(_is_header_row(row) for row in table.rows[1:])


def test_annex_headings(annex):
    assert _style_of(annex, "I Zapewnienie specjalistycznej") == "Heading 1"
    assert _style_of(annex, "I.2 Zadanie komplementarne") == "Heading 2"
    assert _style_of(annex, "1) Pomoc dla rodziców") == "Heading 3"
    assert _style_of(annex, "5)Wspieranie rodzin") == "Heading 3"
    assert _style_of(annex, "Działania powiązane z:") == "Normal"
    assert _style_of(annex, "Załącznik nr 3") == "Normal"


def test_annex_vertically_merged_continuation(annex):
    table = annex.tables[4]
    upper, lower = table.rows[1], table.rows[2]
    assert _vmerge(upper, 0) == "restart"
    assert _vmerge(lower, 0) == "continue"
    assert upper.cells[0].text == "Prowadzenie i rozwijanie kanałów komunikacji z krakowskimi rodzinami"
    assert lower.cells[1].text == "i Zdrowia, Miejski Ośrodek Pomocy Społecznej"
    assert lower.cells[2].text.startswith("wydanych egzemplarzy informatora")


def test_annex_plain_continuation_row(annex):
    rows = [row for table in annex.tables for row in table.rows]
    matches = [row for row in rows if row.cells[0].text.startswith("folklorystycznych, teatralnych")]
    assert len(matches) == 1
    assert [cell.text for cell in matches[0].cells[1:]] == ["", "", ""]
    assert all(_vmerge(matches[0], column) is None for column in range(4))


def test_annex_italic_runs_without_tags(annex):
    italic = [
        run.text
        for table in annex.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.italic
    ]
    assert "zadanie włączone w 2020 roku do Programu Wspierania Rodziny" in italic
    assert "Z uwagi na stan epidemii wydarzenie nie zostało zorganizowane" in italic
    texts = [cell.text for table in annex.tables for row in table.rows for cell in row.cells]
    assert not any("<i>" in text or "</i>" in text for text in texts)


def test_annex_cell_with_several_paragraphs(annex):
    cells = [
        cell
        for table in annex.tables
        for row in table.rows
        for cell in row.cells
        if cell.text.startswith("Realizacja zadań w ramach programu Krakowska Szkoła")
    ]
    paragraphs = [p.text for p in cells[0].paragraphs]
    assert len(paragraphs) == 3
    assert paragraphs[1].startswith("Realizatorami działań są:")
    assert paragraphs[2].startswith("Odbiorcami działań są:")


def test_annex_long_table_split_with_repeated_header(annex):
    body = annex.element.body
    tables = body.findall(qn("w:tbl"))
    pairs = []
    for index in range(len(tables) - 1):
        between = tables[index].getnext()
        if between is not None and between.getnext() is tables[index + 1]:
            pairs.append(index)
    split = [
        i
        for i in pairs
        if [c.text for c in annex.tables[i].rows[0].cells]
        == [c.text for c in annex.tables[i + 1].rows[0].cells]
    ]
    assert split == [7]
    assert annex.tables[7].rows[1].cells[0].text.startswith("Organizacja w filii nr 56")
    assert annex.tables[8].rows[1].cells[0].text == "Mikołajki na sportowo"


def test_annex_portrait_page(annex):
    section = annex.sections[0]
    assert section.page_width < section.page_height


# --- seed 002: strategy monitoring -----------------------------------------------------


def test_monitoring_tables(monitoring):
    assert len(monitoring.tables) == 18
    header = monitoring.tables[0].rows[0]
    assert _is_header_row(header)
    assert [cell.text for cell in header.cells] == [
        "",
        "Kierunki działań",
        "Wskaźniki",
        "Stan wskaźnika\n(wzrost - spadek)\n2023",
        "Stan realizacji",
    ]
    assert [p.text for p in header.cells[3].paragraphs] == [
        "Stan wskaźnika",
        "(wzrost - spadek)",
        "2023",
    ]


def test_monitoring_caption_row_spans_table(monitoring):
    caption_row = monitoring.tables[0].rows[1]
    tcs = caption_row._tr.tc_lst
    assert len(tcs) == 1 and tcs[0].grid_span == 5
    assert caption_row.cells[0].text.startswith("Cel operacyjny 1: Rozwój systemu pieczy")


def test_monitoring_directions_cell_merged_over_indicator_rows(monitoring):
    table = monitoring.tables[0]
    body = table.rows[2:]
    assert [_vmerge(row, 1) for row in body] == ["restart", "continue", "continue", "continue"]
    assert [p.text for p in body[0].cells[1].paragraphs][:2] == [
        "1. Promocja i zwiększanie",
        "świadomości na temat",
    ]
    assert [row.cells[2].text for row in body][1] == (
        "Liczba tutorów podejmujących współpracę z dzieckiem i rodziną"
    )
    assert [p.text for p in body[2].cells[3].paragraphs][:3] == [
        "Wzrost",
        "71 w tym:",
        "Wydział Edukacji: 56",
    ]


def test_monitoring_list_number_in_lp_column(monitoring):
    rows = [row for table in monitoring.tables for row in table.rows]
    numbered = [row for row in rows if row.cells[0].text == "6."]
    assert len(numbered) == 2
    assert numbered[0].cells[2].text == "Liczba  mieszkań chronionych"


def test_monitoring_paragraphs(monitoring):
    assert _style_of(monitoring, "Cel strategiczny 1:") == "Heading 1"
    assert _style_of(monitoring, "Cel strategiczny 4:") == "Heading 1"
    assert _style_of(monitoring, "Tabela 1.") == "Normal"
    assert _style_of(monitoring, "Cel operacyjny został zrealizowany.") == "Normal"
    texts = [p.text for p in monitoring.paragraphs]
    assert not any("[bookmark" in text for text in texts)
    names = [b.get(qn("w:name")) for b in monitoring.element.body.iter(qn("w:bookmarkStart"))]
    assert "_Toc67987491" in names


# --- PDFs ------------------------------------------------------------------------------


def _fonts(path: Path) -> list[str]:
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return output.stdout.splitlines()[2:]


def test_scan_is_image_only():
    path = FIXTURES / "scan" / "mops_krakow_2021_annex_scan.pdf"
    with pdfplumber.open(str(path)) as pdf:
        assert len(pdf.pages) == 3
        assert all(not page.chars for page in pdf.pages)
        assert all(len(page.images) == 1 for page in pdf.pages)
    assert _fonts(path) == []


def test_mixed_pdf_has_text_then_image_page():
    path = FIXTURES / "pdf" / "mops_krakow_2021_annex_mixed.pdf"
    with pdfplumber.open(str(path)) as pdf:
        assert len(pdf.pages) == 3
        assert pdf.pages[0].chars and pdf.pages[1].chars
        assert not pdf.pages[2].chars and len(pdf.pages[2].images) == 1
        assert "Załącznik nr 3" in pdf.pages[0].extract_text()


def test_landscape_pages_are_wide():
    with pdfplumber.open(str(FIXTURES / "pdf" / "mops_krakow_2021_annex_landscape.pdf")) as pdf:
        assert len(pdf.pages) > 10
        assert all(page.width > page.height for page in pdf.pages)
    with pdfplumber.open(str(ANNEX_PDF)) as pdf:
        assert all(page.width < page.height for page in pdf.pages)


def test_portrait_pdf_breaks_a_row_across_pages():
    split = find_split_rows(ANNEX_PDF, ANNEX_DOCX)
    assert len(split) >= 1
    activities = [row.cells[0] for row in split]
    assert any(a.startswith("Organizacja wsparcia udzielanego przez Poradnie") for a in activities)


def test_monitoring_pdf_has_text():
    with pdfplumber.open(str(FIXTURES / "pdf" / "pcpr_strategy_monitoring_2023.pdf")) as pdf:
        text = pdf.pages[0].extract_text()
    assert "Cel strategiczny 1:" in text


# --- text exports and data/raw ---------------------------------------------------------


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed directory not available")
def test_text_fixtures_are_unchanged_seeds():
    pairs = {
        "000": "mops_krakow_2021_annex",
        "001": "program_wspierania_rodziny_2025_2027",
        "002": "pcpr_strategy_monitoring_2023",
        "003": "stradom_indicators_2024",
    }
    for prefix, name in pairs.items():
        seed = sorted(SEEDS.glob(f"{prefix}_*.txt"))[0]
        assert (FIXTURES / "text" / f"{name}.txt").read_bytes() == seed.read_bytes()


def test_raw_examples_match_fixtures():
    raw = REPO / "data" / "raw"
    expected = {
        "mops_krakow_2021_annex.docx": FIXTURES / "docx",
        "pcpr_strategy_monitoring_2023.docx": FIXTURES / "docx",
        "mops_krakow_2021_annex.pdf": FIXTURES / "pdf",
        "mops_krakow_2021_annex.txt": FIXTURES / "text",
        "program_wspierania_rodziny_2025_2027.txt": FIXTURES / "text",
    }
    for name, directory in expected.items():
        assert (raw / name).read_bytes() == (directory / name).read_bytes()
