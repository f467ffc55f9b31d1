"""PDF backend: text-layer tables, tables across pages, page furniture, bad input, OCR pages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from raporty.extract import ExtractionError, extract_bytes, extract_file
from raporty.extract.pdf import extractor as pdf_backend
from raporty.extract.pdf.layout import TextLine, furniture_keys, is_furniture
from raporty.extract.tables import RawCell, TableAssembler
from raporty.models import ColumnKind, Document, InputFormat
from raporty.normalize.document import document_facts
from raporty.quality.expected import read_expected
from raporty.quality.match import compare

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
EXPECTED = ROOT / "tests" / "expected"
ANNEX_PDF = FIXTURES / "pdf" / "mops_krakow_2021_annex.pdf"
MONITORING_PDF = FIXTURES / "pdf" / "pcpr_strategy_monitoring_2023.pdf"


def collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def annex():
    return extract_file(ANNEX_PDF)


@pytest.fixture(scope="module")
def monitoring():
    return extract_file(MONITORING_PDF)


def _rows(doc):
    for table in doc.tables:
        for row in table.rows:
            yield table, row


def _fact_keys(doc) -> set[tuple]:
    return {
        (collapse(f.activity), f.kind, f.year, None if f.value is None else round(f.value, 2), f.status)
        for f in document_facts(doc)
    }


# -- tables, cells, pages --------------------------------------------------------------------------
def test_cells_keep_their_lines_and_pages(annex):
    assert annex.format is InputFormat.PDF
    assert annex.pages == 23
    first = annex.tables[0]
    assert [c.kind for c in first.columns] == [
        ColumnKind.ACTIVITY,
        ColumnKind.UNIT,
        ColumnKind.PLANNED,
        ColumnKind.ACTUAL,
        ColumnKind.BUDGET,
    ]
    assert annex.sections[first.section].code == "I.1"
    row = first.rows[0]
    assert row.text(0) == "Prowadzenie poradnictwa rodzinnego i terapii"  # one cell, wrapped lines joined
    assert collapse(row.text(4)) == "1 839 660,39 zł"
    assert row.cells[0].page == 1
    pages = {c.page for _, r in _rows(annex) for c in r.cells}
    assert pages <= set(range(1, 24)) and len(pages) > 15


def test_table_continued_on_next_page_is_one_table_without_the_repeated_header(annex):
    first = annex.tables[0]
    labels = [collapse(r.text(0)) for r in first.rows]
    assert labels[0] == "Prowadzenie poradnictwa rodzinnego i terapii"
    assert any(
        label.startswith("Organizowanie specjalistycznych usług wspierania rodziny") for label in labels
    )
    assert {r.cells[0].page for r in first.rows} == {1, 2}
    assert not any(collapse(r.text(0)).startswith("Planowane do realizacji") for _, r in _rows(annex))


def test_row_split_by_a_page_break_is_merged_into_the_row_above(annex, monitoring):
    row = next(r for _, r in _rows(annex) if collapse(r.text(0)).startswith("„Naturalnie Rodzinie”"))
    assert collapse(row.text(0)).endswith("ze specjalistami, organizacja warsztatów")
    assert "zorganizowane on-line" in collapse(row.text(3))  # a hyphenated wrap is joined
    assert not any(collapse(r.text(0)).startswith("ze specjalistami") for _, r in _rows(annex))
    labels = {collapse(r.text(2)) for _, r in _rows(monitoring)}
    assert "Liczba osób niepełnosprawnych wspartych w ramach opieki wytchnieniowej" in labels
    assert "niepełnosprawnych wspartych w ramach opieki wytchnieniowej" not in labels


def test_number_wrapped_between_thousands_groups_stays_one_number(annex):
    row = next(
        r for _, r in _rows(annex) if collapse(r.text(0)).startswith("Organizowanie spotkań, warsztatów i")
    )
    assert "2 180 spotkań, 32 219 uczestników" in row.text(3)


def test_paragraphs_inside_a_cell_stay_on_lines_of_their_own(annex):
    row = next(
        r for _, r in _rows(annex) if r.text(0).startswith("Realizacja zadań w ramach programu Krakowska")
    )
    assert row.text(0).split("\n")[:2] == [
        "Realizacja zadań w ramach programu Krakowska Szkoła Doradztwa Zawodowego.",
        "Realizatorami działań są: Poradnia Psychologiczno-Pedagogiczna Nr 2 w Krakowie oraz Centrum Pedagogiki i "
        "Psychologii Politechniki Krakowskiej.",
    ]


# -- same facts as the DOCX, and against the hand-read expected facts --------------------------------
@pytest.mark.parametrize(
    ("pdf_name", "docx_name"),
    [
        ("mops_krakow_2021_annex.pdf", "mops_krakow_2021_annex.docx"),
        ("mops_krakow_2021_annex_landscape.pdf", "mops_krakow_2021_annex.docx"),
        ("pcpr_strategy_monitoring_2023.pdf", "pcpr_strategy_monitoring_2023.docx"),
    ],
)
def test_pdf_rendition_gives_the_facts_of_the_docx(pdf_name, docx_name, annex, monitoring):
    cached = {ANNEX_PDF.name: annex, MONITORING_PDF.name: monitoring}
    pdf_doc = cached.get(pdf_name) or extract_file(FIXTURES / "pdf" / pdf_name)
    from_pdf = _fact_keys(pdf_doc)
    from_docx = _fact_keys(extract_file(FIXTURES / "docx" / docx_name))
    assert len(from_docx) > 100
    assert len(from_pdf ^ from_docx) <= 0.01 * len(from_docx), sorted(from_pdf ^ from_docx)[:5]


@pytest.mark.parametrize(
    ("which", "expected_name"),
    [
        ("annex", "mops_krakow_2021_annex.facts.jsonl"),
        ("monitoring", "pcpr_strategy_monitoring_2023.facts.jsonl"),
    ],
)
def test_precision_and_recall_against_expected_facts(which, expected_name, annex, monitoring):
    doc = {"annex": annex, "monitoring": monitoring}[which]
    expected = [f for f in read_expected(EXPECTED / expected_name) if f["reviewed"]]
    produced = [f.model_dump() for f in document_facts(doc)]
    score = compare(expected, produced).score
    assert score.recall >= 0.95, score.as_dict()
    assert score.precision >= 0.95, score.as_dict()


# -- assembler behaviour the PDF backend relies on ---------------------------------------------------
def _assembler() -> TableAssembler:
    return TableAssembler(Document(file_name="x.pdf", sha256="0", format=InputFormat.PDF))


HEADER = ["Planowane działania", "Zakres realizacji zadania w 2021 roku"]


def _grid(*rows: list[str], page: int = 1) -> list[list[RawCell]]:
    return [[RawCell(text, page=page) for text in row] for row in rows]


@pytest.mark.parametrize(
    ("after_page_break", "rows"),
    [
        (True, ["Organizacja spotkań dla rodziców i warsztatów"]),
        (False, ["Organizacja spotkań dla", "rodziców i warsztatów"]),
    ],
)
def test_lower_case_row_after_a_page_break_continues_the_row_above(after_page_break, rows):
    assembler = _assembler()
    assembler.table(_grid(HEADER, ["Organizacja spotkań dla", "12 spotkań"]))
    assembler.table(
        _grid(HEADER, ["rodziców i warsztatów", "3 warsztaty"], page=2), after_page_break=after_page_break
    )
    table = assembler.doc.tables[-1]
    assert [collapse(r.text(0)) for r in table.rows] == rows


def test_capitalised_row_after_a_page_break_is_a_row_of_its_own():
    assembler = _assembler()
    assembler.table(_grid(HEADER, ["Organizacja spotkań", "12 spotkań"]))
    assembler.table(_grid(HEADER, ["Prowadzenie warsztatów", "3 warsztaty"], page=2), after_page_break=True)
    assert len(assembler.doc.tables) == 1
    assert [r.text(0) for r in assembler.doc.tables[0].rows] == [
        "Organizacja spotkań",
        "Prowadzenie warsztatów",
    ]


# -- page furniture ----------------------------------------------------------------------------------
def _line(text: str, in_band: bool = True) -> TextLine:
    return TextLine(text=text, top=800, bottom=810, size=9, bold=False, italic=False, in_band=in_band)


def test_page_numbers_and_repeated_running_heads_are_furniture():
    pages = [
        [_line("Sprawozdanie MOPS za rok 2024 – strona 1"), _line(f"{n}"), _line("Cel 1", in_band=False)]
        for n in range(1, 4)
    ]
    keys = furniture_keys(pages)
    assert is_furniture(_line("Sprawozdanie MOPS za rok 2024 – strona 7"), keys)
    assert is_furniture(_line("Strona 3 z 12"), keys)
    assert is_furniture(_line("- 14 -"), keys)
    assert not is_furniture(_line("Cel 1", in_band=False), keys)
    assert not is_furniture(_line("Załącznik Nr 4"), keys)  # once only: document text


def test_footer_page_numbers_do_not_become_notes_or_break_the_table():
    doc = extract_file(FIXTURES / "pdf" / "stradom_indicators_2024.pdf")
    assert doc.pages == 2 and len(doc.tables) == 1
    notes = [n for s in doc.sections for n in s.notes]
    assert not any("Strona" in n for n in notes)
    assert {r.cells[1].page for r in doc.tables[0].rows} == {1, 2}


# -- bad input ---------------------------------------------------------------------------------------
def _extract_error(path: Path, data: bytes) -> str:
    with pytest.raises(ExtractionError) as info:
        extract_bytes(path, data)
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_password_protected_pdf_fails_but_owner_password_only_opens(tmp_path):
    user_locked, owner_locked = tmp_path / "user.pdf", tmp_path / "owner.pdf"
    source = FIXTURES / "pdf" / "stradom_indicators_2024.pdf"
    subprocess.run(["qpdf", "--encrypt", "secret", "owner", "256", "--", source, user_locked], check=True)
    subprocess.run(["qpdf", "--encrypt", "", "owner", "256", "--", source, owner_locked], check=True)
    assert _extract_error(user_locked, user_locked.read_bytes()) == "PDF is password-protected"
    opened = extract_file(owner_locked)
    assert len(opened.tables) == 1 and len(opened.tables[0].rows) == 45


def test_truncated_and_corrupt_pdfs_fail_with_the_reason():
    data = MONITORING_PDF.read_bytes()
    assert _extract_error(Path("cut.pdf"), data[:4000]).startswith("damaged or truncated PDF (")
    garbage = b"%PDF-1.7\n" + bytes(range(256)) * 4
    assert _extract_error(Path("bad.pdf"), garbage).startswith("damaged or truncated PDF (")


def test_image_only_pages_without_ocr_name_the_pages(monkeypatch):
    monkeypatch.setattr(pdf_backend, "_ocr_function", lambda: None)
    scan = FIXTURES / "scan" / "mops_krakow_2021_annex_scan.pdf"
    message = _extract_error(scan, scan.read_bytes())
    assert message == "PDF pages 1, 2, 3 have no text layer: OCR needed (install tesseract-ocr-pol)"


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_mixed_pdf_reads_text_pages_and_ocrs_the_image_page():
    doc = extract_file(FIXTURES / "pdf" / "mops_krakow_2021_annex_mixed.pdf")
    cells = [c for _, r in _rows(doc) for c in r.cells]
    assert {c.page for c in cells} == {1, 2, 3}
    assert all(c.confidence is None for c in cells if c.page in (1, 2))
    assert any(c.confidence is not None for c in cells if c.page == 3)
    facts = document_facts(doc)
    assert any(f.page == 3 and f.value == 220 for f in facts)  # "220 spotkań, 200 uczestników", scanned
    assert any(f.page == 1 and f.value == 1839660.39 for f in facts)


# -- tables without ruling lines ---------------------------------------------------------------------
def test_unruled_table_gives_the_same_rows_and_facts_as_the_ruled_one():
    ruled = extract_file(FIXTURES / "pdf" / "stradom_indicators_2024.pdf")
    unruled = extract_file(FIXTURES / "pdf" / "stradom_indicators_2024_unruled.pdf")
    assert len(unruled.tables) == 1  # continued over its pages: same columns on every page
    assert [c.kind for c in unruled.tables[0].columns] == [c.kind for c in ruled.tables[0].columns]
    assert [collapse(r.text(1)) for r in unruled.tables[0].rows] == [
        collapse(r.text(1)) for r in ruled.tables[0].rows
    ]
    assert _fact_keys(unruled) == _fact_keys(ruled)
