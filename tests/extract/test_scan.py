"""Scanned pages: tesseract word boxes → ruled / whitespace tables → the same records as other backends.

The page images in tests/fixtures/scan/ are made-up report pages (ruled table, table without
rules, a page with one pixelated number); the scanned annex is the first three pages of the
000 PDF rasterised at 150 dpi. OCR is slow, so every page is read once per module.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
import time
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from raporty.extract.base import ExtractionError
from raporty.extract.tables import TableAssembler

ROOT = Path(__file__).resolve().parents[2]
SCAN = ROOT / "tests" / "fixtures" / "scan"
ANNEX_TEXT_PDF = ROOT / "tests" / "fixtures" / "pdf" / "mops_krakow_2021_annex.pdf"
ANNEX_EXPECTED = ROOT / "tests" / "expected" / "mops_krakow_2021_annex.facts.jsonl"


def _tesseract_ready() -> bool:
    if shutil.which("tesseract") is None:
        return False
    from raporty.extract.scan.tesseract import available_languages

    try:
        return "pol" in available_languages()
    except ExtractionError:
        return False


needs_tesseract = pytest.mark.skipif(
    not _tesseract_ready(), reason="tesseract with Polish data not installed"
)


def _extract_image(path: Path, data: bytes | None = None):
    from raporty.extract.scan.extractor import ImageExtractor

    return ImageExtractor().extract(path, data if data is not None else path.read_bytes())


def _facts(doc):
    from raporty.normalize.document import document_facts

    return document_facts(doc)


def _by_activity(facts, start: str) -> list:
    return [f for f in facts if f.activity.startswith(start)]


# -- pure functions (no tesseract) -------------------------------------------------------------------
def test_tsv_rows_become_words_and_empty_rows_are_dropped() -> None:
    from raporty.extract.scan.tesseract import parse_tsv

    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "4\t1\t1\t1\t1\t0\t10\t20\t300\t30\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t20\t60\t30\t96.5\t12\n"
        "5\t1\t1\t1\t1\t2\t80\t20\t120\t30\t41.0\tspotkań\n"
        "5\t1\t1\t1\t1\t3\t210\t20\t10\t30\t95.0\t \n"
    )
    words = parse_tsv(tsv)
    assert [(w.text, w.conf, w.left, w.right) for w in words] == [
        ("12", 96.5, 10, 70),
        ("spotkań", 41.0, 80, 200),
    ]


def test_a_ruled_cell_without_a_rule_below_it_spans_the_next_band() -> None:
    from raporty.extract.grid.ruled import Segment, ruled_bands, ruled_grid
    from raporty.extract.scan.tesseract import OcrWord

    def word(text: str, left: int, top: int) -> OcrWord:
        return OcrWord(text, 95.0, left, top, 10 * len(text), 20, 1, 1, 1)

    # three columns (x 0-200-400-600) and three bands (y 0-50-100-150); the rule at y 100 runs under
    # the value columns only: the label cell of the second band spans the third band too
    vertical = [Segment(x, 0, 150) for x in (0, 200, 400, 600)]
    horizontal = [Segment(0, 0, 600), Segment(50, 0, 600), Segment(100, 200, 600), Segment(150, 0, 600)]
    bands = ruled_bands(horizontal, vertical, 4)
    words = [word("Zadanie", 10, 15), word("plan", 210, 15), word("wykonanie", 410, 15),
             word("Festyn", 10, 60), word("3", 210, 60), word("2", 410, 60),
             word("rodzinny", 10, 110), word("5", 210, 110), word("4", 410, 110)]  # fmt: skip
    grid, used = ruled_grid(bands, words, 1, 4, 20.0, horizontal=horizontal)
    assert [[c.text for c in row] for row in grid] == [
        ["Zadanie", "plan", "wykonanie"], ["Festyn rodzinny", "3", "2"], ["", "5", "4"]
    ]  # fmt: skip
    assert grid[2][0].merged_from_above and not grid[2][1].merged_from_above
    assert len(used) == len(words)


def test_cell_confidence_is_the_lowest_number_word() -> None:
    from raporty.extract.grid.cells import cell_from_words
    from raporty.extract.scan.tesseract import OcrWord

    words = [
        OcrWord("12", 55.0, 10, 10, 30, 20, 1, 1, 1),
        OcrWord("spotkań,", 30.0, 50, 10, 90, 20, 1, 1, 1),
        OcrWord("280", 88.0, 10, 40, 40, 20, 1, 1, 2),
        OcrWord("uczestników", 90.0, 60, 40, 120, 20, 1, 1, 2),
    ]
    cell = cell_from_words(words, page=3)
    assert cell.text == "12 spotkań, 280 uczestników"
    assert cell.confidence == 55.0  # the word "spotkań," is less sure but holds no number
    assert cell.page == 3


def test_transparent_and_16_bit_pages_become_black_on_white() -> None:
    import numpy as np

    from raporty.extract.scan.extractor import to_grey

    transparent = Image.new("RGBA", (40, 20), (0, 0, 0, 0))
    transparent.paste((0, 0, 0, 255), (10, 5, 20, 15))
    grey = np.asarray(to_grey(transparent))
    assert grey[0, 0] == 255 and grey[10, 15] == 0
    deep = Image.fromarray(np.array([[0, 30000], [60000, 65535]], dtype=np.uint16))
    assert np.asarray(to_grey(deep)).tolist() == [[0, 116], [233, 255]]


def test_header_repeated_on_a_later_page_takes_the_first_reading() -> None:
    from raporty.extract.scan.extractor import OcrPage, harmonise_headers
    from raporty.extract.tables import RawCell

    def grid(header: list[str], row: list[str]) -> list[list[RawCell]]:
        return [[RawCell(t) for t in header], [RawCell(t) for t in row]]

    first = ["Planowane działanie", "Komórka/ jednostka odpowiedzialna", "Zakres realizacji w 2021 roku"]
    again = ["Planowane działanie", "Komórkal jednostka odpowiedzialna", "Zakres realizacjj w 2021 roku"]
    other = ["Nazwa wskaźnika", "Jednostka", "Wartość bazowa"]
    pages = [
        OcrPage(page=1, grids=[grid(first, ["Festyn", "Urząd Gminy", "3 festyny"])]),
        OcrPage(
            page=2, grids=[grid(again, ["Warsztaty", "Klub", "2 warsztaty"]), grid(other, ["A", "B", "5"])]
        ),
    ]
    harmonise_headers(pages)
    assert [c.text for c in pages[1].grids[0][0]] == first
    assert [c.text for c in pages[1].grids[0][1]] == ["Warsztaty", "Klub", "2 warsztaty"]  # body untouched
    assert [c.text for c in pages[1].grids[1][0]] == other


def test_oversized_image_is_refused_with_a_clear_message() -> None:
    from raporty.extract.scan.tesseract import check_image_size

    with pytest.raises(ExtractionError, match="over the 60 MP limit"):
        check_image_size(Image.new("1", (9000, 7000)))


def test_missing_tesseract_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    from raporty.extract.scan import tesseract as ocr

    ocr.available_languages.cache_clear()
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    try:
        with pytest.raises(ExtractionError, match="apt-get install tesseract-ocr tesseract-ocr-pol"):
            ocr.ocr_image(Image.new("L", (100, 100), 255))
    finally:
        ocr.available_languages.cache_clear()


def test_image_that_is_not_an_image_is_refused() -> None:
    if not _tesseract_ready():
        pytest.skip("tesseract with Polish data not installed")
    with pytest.raises(ExtractionError, match="cannot read the image"):
        _extract_image(Path("broken.png"), b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)


# -- OCR of made-up pages ---------------------------------------------------------------------------
@needs_tesseract
def test_ruled_table_page_gives_the_same_records_as_other_backends() -> None:
    doc = _extract_image(SCAN / "ruled_table.png")
    assert [s.code for s in doc.sections] == ["2)"]
    (table,) = doc.tables
    assert [(c.kind.value, c.year) for c in table.columns] == [
        ("activity", None),
        ("unit", None),
        ("planned", 2023),
        ("budget", 2023),
    ]
    assert [r.text(0) for r in table.rows] == [
        "Organizacja festynu rodzinnego w parku",
        "Prowadzenie punktu konsultacyjnego dla rodziców",  # three lines in one cell
        "Warsztaty kulinarne dla seniorów",
    ]
    assert table.rows[1].text(1) == "Ośrodek Pomocy Społecznej"
    facts = _facts(doc)
    assert [(f.kind, f.value, f.measure) for f in _by_activity(facts, "Organizacja festynu")] == [
        ("planned", 3.0, "festyn"),
        ("planned", 450.0, "uczestnik"),
        ("budget", 12500.0, "zł"),
    ]
    assert all(f.page == 1 and f.confidence is not None and f.confidence >= 60 for f in facts)


@needs_tesseract
def test_light_grey_rules_are_found() -> None:
    import numpy as np

    from raporty.extract.scan.page_table import find_rules

    page = Image.open(SCAN / "ruled_table.png").convert("L")
    pixels = np.asarray(page).copy()
    pixels[find_rules(page).mask] = 185  # the same rules printed light grey
    grey = Image.fromarray(pixels)
    rules = find_rules(grey)
    assert (len(rules.horizontal), len(rules.vertical)) == (5, 5)
    buffer = io.BytesIO()
    grey.save(buffer, format="PNG")
    (table,) = _extract_image(Path("grey.png"), buffer.getvalue()).tables
    assert [r.text(2) for r in table.rows] == ["3 festyny, 450 uczestników", "120 porad", "24 warsztaty"]


@needs_tesseract
def test_table_without_rules_is_split_by_whitespace_and_line_spacing() -> None:
    doc = _extract_image(SCAN / "unruled_table.png")
    (table,) = doc.tables
    assert [c.kind.value for c in table.columns] == ["activity", "unit", "planned", "budget"]
    assert [r.text(0) for r in table.rows] == [
        "Organizacja festynu rodzinnego w parku",
        "Prowadzenie punktu konsultacyjnego dla rodziców",
        "Warsztaty kulinarne dla seniorów",
    ]
    facts = _facts(doc)
    assert [(f.kind, f.value) for f in _by_activity(facts, "Prowadzenie punktu")] == [
        ("planned", 120.0),
        ("budget", 8000.0),
    ]


@needs_tesseract
def test_low_confidence_number_is_flagged() -> None:
    from raporty.settings import settings

    doc = _extract_image(SCAN / "degraded_number.png")
    row = next(r for r in doc.tables[0].rows if r.text(0).startswith("Prowadzenie punktu"))
    assert row.cells[2].confidence is not None and row.cells[2].confidence < 60  # the pixelated "120 porad"
    assert row.cells[3].confidence is not None and row.cells[3].confidence >= 60  # "8 000,00 zł" is clean
    facts = _by_activity(_facts(doc), "Prowadzenie punktu")
    flagged = [f for f in facts if f.confidence is not None and f.confidence < settings.low_confidence]
    assert [f.kind for f in flagged] == ["planned"]
    assert [f.value for f in facts if f.kind == "budget"] == [8000.0]


@needs_tesseract
def test_multipage_tiff_with_a_rotated_page_and_a_blank_page() -> None:
    ruled = Image.open(SCAN / "ruled_table.png").convert("L")
    pages = [ruled.rotate(90, expand=True), Image.new("L", (800, 1000), 255)]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    doc = _extract_image(Path("scan.tif"), buffer.getvalue())
    assert doc.pages == 2
    assert any("turned 90°" in w for w in doc.warnings)
    assert [r.text(0) for r in doc.tables[0].rows][0] == "Organizacja festynu rodzinnego w parku"
    assert {f.page for f in _facts(doc)} == {1}  # the blank page gives nothing, and no error


@needs_tesseract
def test_skewed_page_is_levelled_before_the_table_is_rebuilt() -> None:
    skewed = Image.open(SCAN / "ruled_table.png").convert("L").rotate(2.5, expand=True, fillcolor=255)
    buffer = io.BytesIO()
    skewed.save(buffer, format="PNG")
    doc = _extract_image(Path("skewed.png"), buffer.getvalue())
    assert any("deskewed by -2.5°" in w for w in doc.warnings)
    (table,) = doc.tables
    assert [r.text(1) for r in table.rows] == ["Urząd Gminy", "Ośrodek Pomocy Społecznej", "Klub Seniora"]
    assert [(f.kind, f.value) for f in _by_activity(_facts(doc), "Warsztaty kulinarne")] == [
        ("planned", 24.0),
        ("budget", 3150.0),
    ]


def test_skew_angle_of_a_level_page_is_zero() -> None:
    from raporty.extract.scan.tesseract import skew_angle

    assert skew_angle(Image.open(SCAN / "ruled_table.png")) == 0.0
    assert skew_angle(Image.new("L", (400, 500), 255)) == 0.0


@needs_tesseract
def test_orientation_is_found_by_trial_without_osd_data(monkeypatch: pytest.MonkeyPatch) -> None:
    from raporty.extract.scan import tesseract as ocr

    monkeypatch.setattr(ocr, "available_languages", lambda: frozenset({"pol", "eng"}))
    upside_down = Image.open(SCAN / "ruled_table.png").convert("L").rotate(180)
    page, rotation, notes = ocr.upright(upside_down)
    assert rotation == 180
    assert notes == ["page orientation guessed by trial (180°): osd traineddata is not installed"]
    assert "Organizacja" in {w.text for w in ocr.read_words(page)}


@needs_tesseract
def test_blank_page_gives_no_words() -> None:
    from raporty.extract.scan.extractor import ocr_page_image

    page = ocr_page_image(Image.new("L", (1200, 1600), 255), 7)
    assert (page.page, page.words, page.grids, page.lines) == (7, 0, [], [])


# -- the scanned annex (first three pages of the 000 PDF at 150 dpi) --------------------------------------
def _annex_subset() -> list[dict]:
    """Expected facts of the activities whose whole activity cell is on pages 1–3 of the text PDF."""
    from rapidfuzz import fuzz

    from raporty.quality.match import activity_key

    cells = []
    with pdfplumber.open(ANNEX_TEXT_PDF) as pdf:
        for page in pdf.pages[:3]:
            for table in page.extract_tables():
                cells += [activity_key(row[0]) for row in table if row and row[0]]
    expected = [json.loads(line) for line in ANNEX_EXPECTED.read_text(encoding="utf-8").splitlines()]
    keys = {f["activity"]: activity_key(f["activity"]) for f in expected}
    on_pages = {a for a, k in keys.items() if any(fuzz.ratio(k, c) >= 95 for c in cells)}
    return [f for f in expected if f["activity"] in on_pages and f["reviewed"]]


@needs_tesseract
def test_scanned_annex_pages_match_the_hand_read_facts() -> None:
    from raporty.extract.scan.extractor import fill_document, ocr_pdf_pages
    from raporty.models import Document, InputFormat
    from raporty.quality.match import compare

    data = (SCAN / "mops_krakow_2021_annex_scan.pdf").read_bytes()
    started = time.perf_counter()
    pages = ocr_pdf_pages(data, [1, 2, 3])
    seconds = time.perf_counter() - started
    doc = Document(file_name="mops_krakow_2021_annex_scan.pdf", sha256="-", format=InputFormat.PDF, pages=3)
    fill_document(TableAssembler(doc), [pages[n] for n in sorted(pages)])
    produced = [f.model_dump() for f in _facts(doc)]
    expected = _annex_subset()
    assert len({f["activity"] for f in expected}) >= 12

    result = compare(expected, produced)
    matched = len(result.pairs)
    precision = matched / len(result.in_scope)
    recall = matched / len(expected)
    f1 = 2 * precision * recall / (precision + recall)
    low = sum(1 for f in produced if f["confidence"] is not None and f["confidence"] < 60)
    print(
        f"\nscanned annex: F1 {f1:.3f} (P {precision:.3f} R {recall:.3f}), {seconds / 3:.1f} s/page, "
        f"{low}/{len(produced)} low-confidence facts",
        file=sys.stderr,
    )
    assert f1 >= 0.90
    assert all(f["page"] in (1, 2, 3) for f in produced)
    budget = [f for f in produced if f["activity"] == "Prowadzenie poradnictwa rodzinnego i terapii"]
    assert [(f["kind"], f["value"]) for f in budget] == [
        ("planned", 10600.0),
        ("actual", 12271.0),
        ("budget", 1839660.39),
    ]


def test_a_scans_resolution_is_read_in_whole_dots_per_inch() -> None:
    # A4 at 200 dpi (1654 px over 595.3 pt) comes out 199.99… from the page box: it is 200, not a
    # resolution below the minimum to enlarge from
    import img2pdf

    from raporty.extract.scan.extractor import scan_resolutions
    from raporty.extract.scan.prepare import scale_for

    page = io.BytesIO()
    Image.new("L", (1654, 2339), 255).save(page, format="PNG")
    layout = img2pdf.get_fixed_dpi_layout_fun((200, 200))
    data = img2pdf.convert(page.getvalue(), layout_fun=layout)
    ppi = scan_resolutions(data, [1])[1]
    assert ppi == 200.0 and scale_for(ppi) == 1.0
