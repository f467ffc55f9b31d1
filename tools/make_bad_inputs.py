"""Generate the bad-input corpus for tests/test_bad_input.py (issue 8).

Run: ``.venv/bin/python tools/make_bad_inputs.py [--out tests/bad_input]``. Small files are written
to the output folder (and committed) together with ``manifest.json``, which says for every file what
the ingest must do with it:

* ``failed`` — a one-line error naming the file, ``dim_document.status = 'failed'`` with a reason that
  contains ``reason`` (case-insensitive; ``|`` separates accepted alternatives);
* ``loaded`` — loads like any report (``min_facts`` facts at least);
* ``degraded`` — loads, but with less than the document holds (docs/limits.md says what is lost).

Big inputs (the zip bomb, the 10 000-row tables) are not committed: the tests build them in a
temporary folder with :func:`make_zip_bomb_docx`, :func:`make_big_table_docx` and
:func:`make_big_table_text`.

Every report text here is invented for the corpus; nothing is copied from the sample reports.
The random inputs use a fixed seed; DOCX and PDF files carry the time they were made (python-docx,
LibreOffice), so only those bytes change from run to run.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image, ImageDraw

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "tests" / "bad_input"

HEADER = [
    "Planowane do realizacji działania",
    "Komórka/ jednostka odpowiedzialna za realizację",
    "Wskaźniki rezultatów zaplanowanych działań w 2021 roku",
    "Zakres realizacji zadania w 2021 roku",
    "Wysokość środków na realizację działania w 2021 roku",
]

#: Invented activity rows (activity, unit, planned, actual, budget).
ROWS = [
    (
        "Warsztaty umiejętności wychowawczych dla rodziców",
        "Ośrodek Pomocy Społecznej",
        "8 warsztatów, 96 uczestników",
        "7 warsztatów, 88 uczestników",
        "14 500,00 zł",
    ),
    (
        "Grupa wsparcia dla rodzin zastępczych",
        "Powiatowe Centrum Pomocy Rodzinie",
        "24 spotkania",
        "22 spotkania, 150 uczestników",
        "6 000,00 zł",
    ),
    (
        "Poradnictwo prawne dla rodzin w kryzysie",
        "Ośrodek Interwencji Kryzysowej",
        "300 porad",
        "352 porady",
        "21 120,50 zł",
    ),
    (
        "Kampania informacyjna o pieczy zastępczej",
        "Wydział Spraw Społecznych",
        "2 kampanie",
        "nie zrealizowano",
        "0,00 zł",
    ),
]

TITLE = "Sprawozdanie z realizacji gminnego programu wspierania rodziny w 2021 roku"
SECTION = "I.1 Wzmacnianie kompetencji opiekuńczo-wychowawczych rodzin"


# -- building blocks --------------------------------------------------------------------------------
def report_docx(rows: list[tuple[str, ...]] = ROWS, header: list[str] = HEADER, title: str = TITLE) -> bytes:
    """A small, valid report: a title, one numbered section heading and one activity table."""
    doc = new_docx()
    doc.add_heading(title, level=1)
    doc.add_paragraph(SECTION)
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"  # ruled, as reports are (and as the PDF backend finds tables)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def two_page_docx() -> bytes:
    """The report with a page break after the second row; the table header repeats on page 2."""
    doc = new_docx()
    doc.add_heading(TITLE, level=1)
    doc.add_paragraph(SECTION)
    for part, rows in enumerate((ROWS[:2], ROWS[2:])):
        if part:
            doc.add_page_break()
        table = doc.add_table(rows=1, cols=len(HEADER))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
            cell.text = text
        for values in rows:
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def report_text(rows: list[tuple[str, ...]] = ROWS, header: list[str] = HEADER, title: str = TITLE) -> str:
    """The same report as a tab-separated text export."""
    lines = [title, "", SECTION, "", "\t".join(header)]
    lines += ["\t".join(r) for r in rows]
    return "\n".join(lines) + "\n"


def rewrite_zip(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """Copy a zip container, replacing the named parts and adding new ones."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def docx_part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


def with_prolog(xml: bytes, prolog: bytes) -> bytes:
    """Insert ``prolog`` (a DOCTYPE, comments) after the XML declaration of a part."""
    end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    return xml[:end] + b"\n" + prolog + xml[end:]


def docx_to_pdf(data: bytes, work: Path) -> bytes:
    """Convert a DOCX to PDF with LibreOffice (headless)."""
    source = work / "convert.docx"
    source.write_bytes(data)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{work}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (work / "convert.pdf").read_bytes()


def qpdf(args: list[str], data: bytes, work: Path) -> bytes:
    src, dst = work / "qpdf-in.pdf", work / "qpdf-out.pdf"
    src.write_bytes(data)
    subprocess.run(["qpdf", *args, "--", str(src), str(dst)], check=True, capture_output=True, timeout=60)
    return dst.read_bytes()


def image_only_pdf(pdf: bytes, work: Path) -> bytes:
    """Render the PDF's pages to images and wrap them in a PDF without a text layer (a scan)."""
    src = work / "render.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(src), str(work / "page")], check=True, timeout=120)
    pages = sorted(work.glob("page*.png"))
    out = work / "scan.pdf"
    subprocess.run(["img2pdf", *map(str, pages), "-o", str(out)], check=True, timeout=60)
    return out.read_bytes()


def mixed_pdf(text_pdf: bytes, scan_pdf: bytes, work: Path) -> bytes:
    """Page 1 from the PDF with a text layer, the other pages from its image-only twin."""
    (work / "text.pdf").write_bytes(text_pdf)
    (work / "image.pdf").write_bytes(scan_pdf)
    out = work / "mixed.pdf"
    subprocess.run(
        [
            "qpdf",
            "--empty",
            "--pages",
            str(work / "text.pdf"),
            "1",
            str(work / "image.pdf"),
            "2-z",
            "--",
            str(out),
        ],
        check=True,
        timeout=60,
    )
    return out.read_bytes()


def picture_png() -> bytes:
    """A drawing with no text at all: a photo-like picture someone dropped into the inbox."""
    rng = random.Random(8)
    image = Image.new("RGB", (640, 480), (200, 220, 255))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(640), rng.randrange(480)
        r = rng.randrange(5, 60)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def picture_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.open(io.BytesIO(picture_png())).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


def merged_cells_docx() -> bytes:
    """A report table with odd merges: a vertical merge starting in the header, a horizontal span
    wider than the grid, a row with more cells than the header, a nested table and an empty row."""
    doc = new_docx()
    doc.add_heading(TITLE, level=1)
    doc.add_paragraph(SECTION)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"  # ruled, as reports are (and as the PDF backend finds tables)
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for values in ROWS[:3]:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    # vertical merges: the unit column over rows 1–3, the budget column over rows 1–2
    table.cell(1, 1).merge(table.cell(3, 1))
    table.cell(1, 4).merge(table.cell(2, 4))
    # a horizontal span over planned + actual in row 2
    table.cell(2, 2).merge(table.cell(2, 3))
    # an empty row and a row whose first cell spans the whole width
    table.add_row()
    wide = table.add_row().cells
    wide[0].merge(wide[4]).text = "Uwaga: dane za IV kwartał szacunkowe"
    # a nested table inside the activity cell of the last data row
    last = table.add_row().cells
    for cell, text in zip(last, ROWS[3], strict=True):
        cell.text = text
    nested = last[0].add_table(rows=2, cols=2)
    nested.cell(0, 0).text = "w tym"
    nested.cell(1, 1).text = "5 spotkań"
    # a gridSpan larger than the table's grid (damaged by a hand edit)
    tc = last[2]._tc
    tc_pr = tc.get_or_add_tcPr()
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), "9")
    tc_pr.append(span)
    # a row with one more cell than the grid
    extra = table.add_row()
    extra._tr.append(OxmlElement("w:tc"))
    extra._tr[-1].append(OxmlElement("w:p"))
    for cell, text in zip(
        extra.cells,
        ("Dyżury telefoniczne", "Punkt Konsultacyjny", "100 dyżurów", "104 dyżury", "3 200,00 zł"),
        strict=False,
    ):
        cell.text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def header_merged_into_body_docx() -> bytes:
    """The header's budget cell merged with the first row's below it: the header now holds an amount."""
    doc = new_docx()
    doc.add_heading(TITLE, level=1)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"  # ruled, as reports are (and as the PDF backend finds tables)
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for values in ROWS:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    table.cell(0, 4).merge(table.cell(1, 4))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def deep_nested_docx() -> bytes:
    """Tables nested 300 levels deep in the first cell (beyond lxml's default depth limit)."""
    base = report_docx()
    xml = docx_part(base, "word/document.xml")
    nest = (
        b"<w:tbl><w:tr><w:tc><w:p/>" * 300
        + b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
        + b"</w:tc></w:tr></w:tbl>" * 300
    )
    end = xml.index(b"</w:body>")
    return rewrite_zip(base, {"word/document.xml": xml[:end] + nest + b"<w:p/>" + xml[end:]})


# -- the big inputs (built at test time, not committed) ---------------------------------------------
def make_zip_bomb_docx(path: Path, unpacked_mib: int = 256) -> Path:
    """A DOCX whose document.xml unpacks to ``unpacked_mib`` MiB of zeros (about 1 MiB on disk per GiB)."""
    base = report_docx()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
        chunk = b"\0" * (1024 * 1024)
        with dst.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(docx_part(base, "word/document.xml")[:-20])
            for _ in range(unpacked_mib):
                part.write(chunk)
    path.write_bytes(out.getvalue())
    return path


def big_rows(count: int) -> list[tuple[str, ...]]:
    """``count`` invented, varied activity rows."""
    forms = ("warsztatów", "spotkań", "porad", "dyżurów", "szkoleń")
    units = ("Ośrodek Pomocy Społecznej", "Powiatowe Centrum Pomocy Rodzinie", "Wydział Edukacji")
    rows = []
    for i in range(count):
        form = forms[i % len(forms)]
        rows.append(
            (
                f"Działanie nr {i + 1}: zajęcia grupowe dla rodzin w dzielnicy {i % 17 + 1}",
                units[i % len(units)],
                f"{10 + i % 50} {form}",
                f"{8 + i % 47} {form}, {i % 300 + 20} uczestników",
                f"{(i * 137) % 90000 + 500:,}".replace(",", " ") + f",{i % 100:02d} zł",
            )
        )
    return rows


def make_big_table_docx(path: Path, rows: int = 10_000) -> Path:
    """The report DOCX with ``rows`` body rows (written as XML: python-docx's add_row is slow at this size)."""
    base = report_docx(big_rows(1))
    xml = docx_part(base, "word/document.xml")
    cell = '<w:tc><w:tcPr><w:tcW w:w="1728" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>'
    body = "".join(
        "<w:tr>" + "".join(cell.format(escape(text)) for text in values) + "</w:tr>"
        for values in big_rows(rows)
    ).encode()
    start = xml.rindex(b"<w:tr>")
    end = xml.rindex(b"</w:tbl>")
    path.write_bytes(rewrite_zip(base, {"word/document.xml": xml[:start] + body + xml[end:]}))
    return path


def make_big_table_text(path: Path, rows: int = 10_000) -> Path:
    path.write_text(report_text(big_rows(rows)), encoding="utf-8")
    return path


# -- the corpus ---------------------------------------------------------------------------------------
@dataclass
class Case:
    name: str
    build: Callable[[Path], bytes]
    expect: str  # failed | loaded | degraded
    reason: str = ""  # failed: substring(s) of the recorded error, "|"-separated alternatives
    note: str = ""  # what the case is about / what is lost when degraded
    min_facts: int = 0
    generated: bool = False  # big: built by the tests in a temporary folder, not committed
    args: tuple[str, ...] = ()  # options of `raporty ingest` the case runs with (a lowered limit)


def _random(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def build_cases() -> list[Case]:
    good_docx = report_docx()
    good_text = report_text()
    cache: dict[str, bytes] = {}

    def good_pdf(work: Path) -> bytes:
        if "pdf" not in cache:
            cache["pdf"] = docx_to_pdf(good_docx, work)
        return cache["pdf"]

    def two_page_pdf(work: Path) -> bytes:
        if "two" not in cache:
            cache["two"] = docx_to_pdf(two_page_docx(), work)
        return cache["two"]

    def scan(work: Path) -> bytes:
        if "scan" not in cache:
            sub = work / "scan"
            sub.mkdir(exist_ok=True)
            cache["scan"] = image_only_pdf(two_page_pdf(work), sub)
        return cache["scan"]

    document_xml = docx_part(good_docx, "word/document.xml")
    xxe = (
        b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        b'<!ENTITY net SYSTEM "http://127.0.0.1:9/x.dtd">]>'
    )
    laughs = (
        b'<!DOCTYPE w:document [<!ENTITY a0 "ha">'
        + b"".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">'.encode() for i in range(1, 10))
        + b"]>"
    )
    xxe_xml = with_prolog(document_xml, xxe).replace(b"Warsztaty", b"&xxe;&net; Warsztaty", 1)
    laughs_xml = with_prolog(document_xml, laughs).replace(b"Warsztaty", b"&a9; Warsztaty", 1)
    rels = "word/_rels/document.xml.rels"
    rels_xml = with_prolog(docx_part(good_docx, rels), xxe)
    late_xml = with_prolog(document_xml, b"<!--" + b" padding " * 600 + b"-->\n" + xxe)

    absurd = [
        (
            "Dodatki do czynszu dla rodzin",
            "Ośrodek Pomocy Społecznej",
            "1e300",
            "12 345 678 901 234 zł",
            "99999999999999999999999999999999999999 zł",
        ),
        (
            "Pomoc rzeczowa dla rodzin",
            "Ośrodek Pomocy Społecznej",
            "1e400 rodzin",
            "-5 rodzin",
            "1,7976931348623157e309 zł",
        ),
        (
            "Spotkania informacyjne",
            "Wydział Spraw Społecznych",
            "0,000000000000001 spotkania",
            "NaN spotkań",
            "inf zł",
        ),
    ]
    crc = bytearray(good_docx)
    with zipfile.ZipFile(io.BytesIO(good_docx)) as zf:
        info = zf.getinfo("word/document.xml")
    crc[info.header_offset + 30 + len(info.filename) + 40] ^= 0xFF  # a byte inside the packed data

    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _random(4096, 11)
    no_header_rows = [("Zadanie A", "OPS", "5", "4", "100 zł"), ("Zadanie B", "PCPR", "3", "3", "0 zł")]
    prose = (
        TITLE + "\n\n" + "W roku sprawozdawczym ośrodek prowadził działania wspierające rodziny. "
        "Szczegółowe dane liczbowe zostaną przedstawione w odrębnym opracowaniu.\n"
    ) * 3

    def no_tables_docx(_: Path) -> bytes:
        doc = new_docx()
        for paragraph in prose.split("\n"):
            doc.add_paragraph(paragraph)
        buffer = io.BytesIO()
        doc.save(buffer)
        return buffer.getvalue()

    utf16_text = report_text()
    nul_text = (report_text() + "Uwagi końcowe " * 500 + "\n").encode()
    nul_text = nul_text[:5000] + b"\x00" + nul_text[5000:]

    return [
        Case("empty.txt", lambda w: b"", "failed", "empty file"),
        Case("whitespace_only.txt", lambda w: b" \n\t\r\n   \n", "failed", "empty file"),
        Case("zero_byte.docx", lambda w: b"", "failed", "empty file"),
        Case("zero_byte.pdf", lambda w: b"", "failed", "empty file"),
        Case(
            "truncated.docx",
            lambda w: good_docx[: len(good_docx) * 6 // 10],
            "failed",
            "damaged zip|damaged docx",
        ),
        Case(
            "truncated.pdf",
            lambda w: good_pdf(w)[: len(good_pdf(w)) // 2],
            "failed",
            "pdf",
            note="half of a PDF: pdf backend must refuse or recover",
        ),
        Case("random_bytes.docx", lambda w: _random(20_000, 1), "failed", "not a docx, pdf, image or text"),
        Case("random_bytes.pdf", lambda w: _random(20_000, 2), "failed", "not a docx, pdf, image or text"),
        Case("random_bytes.txt", lambda w: _random(20_000, 3), "failed", "not a docx, pdf, image or text"),
        Case(
            "binary_junk.txt",
            lambda w: b"report\x00\x01\x02" * 500 + _random(3000, 4),
            "failed",
            "not a docx, pdf, image or text",
        ),
        Case(
            "gzip_named.txt",
            lambda w: b"\x1f\x8b\x08\x00" + _random(5000, 5),
            "failed",
            "not a docx, pdf, image or text",
        ),
        Case(
            "docx_named_as.pdf",
            lambda w: good_docx,
            "loaded",
            min_facts=8,
            note="a DOCX with a .pdf name: detected by content",
        ),
        Case("pdf_named_as.docx", good_pdf, "loaded", min_facts=8, note="a PDF with a .docx name"),
        Case(
            "encrypted_user_password.pdf",
            lambda w: qpdf(["--encrypt", "tajne", "wlasciciel", "256"], good_pdf(w), w),
            "failed",
            "password|encrypt",
        ),
        Case(
            "encrypted_owner_only.pdf",
            lambda w: qpdf(
                ["--encrypt", "", "wlasciciel", "256", "--print=none", "--modify=none"], good_pdf(w), w
            ),
            "loaded",
            min_facts=8,
            note="owner password only: readable without a password",
        ),
        Case(
            "doctype_external_entity.docx",
            lambda w: rewrite_zip(good_docx, {"word/document.xml": xxe_xml}),
            "failed",
            "doctype",
        ),
        Case(
            "doctype_billion_laughs.docx",
            lambda w: rewrite_zip(good_docx, {"word/document.xml": laughs_xml}),
            "failed",
            "doctype",
        ),
        Case(
            "doctype_in_relationships.docx",
            lambda w: rewrite_zip(good_docx, {rels: rels_xml}),
            "failed",
            "doctype",
        ),
        Case(
            "doctype_after_long_comment.docx",
            lambda w: rewrite_zip(good_docx, {"word/document.xml": late_xml}),
            "failed",
            "doctype",
        ),
        Case(
            "zip_not_a_word_document.docx",
            lambda w: rewrite_zip(b"PK\x05\x06" + b"\0" * 18, {}, {"readme.txt": b"hello"}),
            "failed",
            "not a word document",
        ),
        Case("opendocument_text.docx", lambda w: odt.getvalue(), "failed", "opendocument|odt"),
        Case("legacy_word_97.doc", lambda w: ole, "failed", ".doc|word 97"),
        Case(
            "rich_text.rtf",
            lambda w: b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Sprawozdanie \\par}",
            "failed",
            "rtf",
        ),
        Case(
            "broken_document_xml.docx",
            lambda w: rewrite_zip(good_docx, {"word/document.xml": document_xml[: len(document_xml) // 2]}),
            "failed",
            "cannot open docx",
        ),
        Case("bad_crc.docx", lambda w: bytes(crc), "failed", "crc|damaged|cannot open docx"),
        Case(
            "tables_nested_300_deep.docx",
            lambda w: deep_nested_docx(),
            "failed",
            "cannot open docx|too deep|nest",
            note="beyond the XML parser's depth limit",
        ),
        Case("text_cp1250.txt", lambda w: good_text.encode("cp1250"), "loaded", min_facts=8),
        Case("text_utf16le_bom.txt", lambda w: utf16_text.encode("utf-16"), "loaded", min_facts=8),
        Case(
            "text_utf16be_bom.txt",
            lambda w: b"\xfe\xff" + utf16_text.encode("utf-16-be"),
            "loaded",
            min_facts=8,
        ),
        Case("text_utf8_bom.txt", lambda w: b"\xef\xbb\xbf" + good_text.encode(), "loaded", min_facts=8),
        Case(
            "text_nul_byte_inside.txt",
            lambda w: nul_text,
            "loaded",
            min_facts=8,
            note="a stray NUL byte past the first 4 KiB",
        ),
        Case(
            "table_without_header.docx",
            lambda w: report_docx(no_header_rows, header=list(no_header_rows[0])),
            "failed",
            "no tables found",
        ),
        Case(
            "table_without_header.txt",
            lambda w: report_text(no_header_rows[1:], header=list(no_header_rows[0])).encode(),
            "failed",
            "no tables found",
        ),
        Case("no_tables.docx", no_tables_docx, "failed", "no tables found"),
        Case("no_tables.txt", lambda w: prose.encode(), "failed", "no tables found"),
        Case(
            "absurd_numbers.docx",
            lambda w: report_docx(ROWS[:1] + absurd),
            "degraded",
            min_facts=3,
            note="exponent notation is read as its mantissa (1e300 → 1) and 38-digit amounts give no fact; "
            "the cell text is kept in raw_text/stg_cell; no value is infinite",
        ),
        Case(
            "absurd_numbers.txt",
            lambda w: report_text(ROWS[:1] + absurd).encode(),
            "degraded",
            min_facts=3,
            note="as absurd_numbers.docx, from a text export",
        ),
        Case(
            "raport roczny – Łódź 2021.docx",
            lambda w: good_docx,
            "loaded",
            min_facts=8,
            note="spaces, a dash and Polish letters in the file name",
        ),
        Case(
            "merged_cells_odd_shapes.docx",
            lambda w: merged_cells_docx(),
            "degraded",
            min_facts=4,
            note="a span over planned+actual gives both columns the same facts; a vertical merge moves the lower "
            "amount into the upper row; a span wider than the grid is cut; nested tables read as cell text",
        ),
        Case(
            "header_merged_into_body.docx",
            lambda w: header_merged_into_body_docx(),
            "failed",
            "no tables found",
            note="a header cell merged with the amount below it no longer reads as a header",
        ),
        Case(
            "many_columns.txt",
            lambda w: (report_text() + "\t".join(f"kolumna {i}" for i in range(1000)) + "\n").encode(),
            "degraded",
            min_facts=8,
            note="a row of 1000 cells: cut to the first 200, with a warning in dim_document.warnings",
        ),
        Case(
            "one_huge_line.txt",
            lambda w: (report_text() + "słowo " * 400_000 + "\n").encode(),
            "loaded",
            min_facts=8,
            note="a 2.4 MB line without a tab",
            generated=True,
        ),
        Case(
            "zip_bomb_256_mib.docx",
            lambda w: make_zip_bomb_docx(w / "bomb.docx").read_bytes(),
            "failed",
            "zip bomb",
            note="document.xml unpacks to 256 MiB: refused from the zip directory, before unpacking",
            generated=True,
        ),
        Case(
            "zip_bomb_ratio.docx",
            lambda w: make_zip_bomb_docx(w / "ratio.docx", unpacked_mib=20).read_bytes(),
            "failed",
            "zip bomb",
            note="20 MiB packed into 20 KiB: refused by the compression ratio",
            generated=True,
        ),
        Case(
            "big_table_10000_rows.docx",
            lambda w: make_big_table_docx(w / "big.docx").read_bytes(),
            "loaded",
            min_facts=40_000,
            note="one table of 10 000 rows",
            generated=True,
        ),
        Case(
            "big_table_10000_rows.txt",
            lambda w: make_big_table_text(w / "big.txt").read_bytes(),
            "loaded",
            min_facts=40_000,
            note="one table of 10 000 rows",
            generated=True,
        ),
        Case(
            "html_page.txt",
            lambda w: b"<!DOCTYPE html><html><body><h1>Strona</h1><p>Brak danych.</p></body></html>",
            "failed",
            "no tables found",
        ),
        Case("pdf_header_only.pdf", lambda w: b"%PDF-1.7\n%%EOF\n", "failed", "pdf"),
        Case("scan_only.pdf", scan, "loaded", min_facts=8, note="image-only pages: OCR"),
        Case(
            "mixed_text_and_image_pages.pdf",
            lambda w: mixed_pdf(two_page_pdf(w), scan(w), w),
            "loaded",
            min_facts=8,
            note="page 1 with a text layer, page 2 image-only (read by OCR)",
        ),
        Case("not_a_report.png", lambda w: picture_png(), "failed", "no tables found|ocr|tesseract"),
        Case(
            "not_a_report.jpg_named.docx", lambda w: picture_jpeg(), "failed", "no tables found|ocr|tesseract"
        ),
        *hostile_cases(),
    ]


# -- hostile inputs (issue 19): hangs, inflation, huge pages, digit runs, budgets --------------------
def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given object bodies (object 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    return (
        b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"
    )


_PDF_HEAD = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
_PDF_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_PDF_TEXT = b"BT /F1 12 Tf 72 720 Td (Sprawozdanie) Tj ET"


def pdf_self_resources() -> bytes:
    """A page whose /Resources is an object that is a reference to itself: pdfminer resolves it forever."""
    return raw_pdf(
        [
            *_PDF_HEAD,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 5 0 R /Contents 4 0 R >>",
            pdf_stream(_PDF_TEXT),
            b"5 0 R",
        ]
    )


def pdf_self_contents() -> bytes:
    """A page whose /Contents is an object that is a reference to itself."""
    return raw_pdf(
        [
            *_PDF_HEAD,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            b"4 0 R",
            _PDF_FONT,
        ]
    )


def pdf_reference_cycle() -> bytes:
    """A page whose /Resources is object 5, a reference to object 6, a reference to object 5."""
    return raw_pdf(
        [
            *_PDF_HEAD,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 5 0 R /Contents 4 0 R >>",
            pdf_stream(_PDF_TEXT),
            b"6 0 R",
            b"5 0 R",
        ]
    )


def _pdf_page(resources: bytes, contents: bytes = b"4 0 R") -> bytes:
    return (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
        + resources
        + b" /Contents "
        + contents
        + b" >>"
    )


_FONT_5 = b"<< /Font << /F1 5 0 R >> >>"


def pdf_resources_cycle_of_three() -> bytes:
    """/Resources is object 5, a reference to 6, to 7, back to 5."""
    return raw_pdf([*_PDF_HEAD, _pdf_page(b"5 0 R"), pdf_stream(_PDF_TEXT), b"6 0 R", b"7 0 R", b"5 0 R"])


def pdf_contents_cycle() -> bytes:
    """/Contents is object 4, a reference to 5, a reference back to 4."""
    return raw_pdf([*_PDF_HEAD, _pdf_page(b"<< /Font << /F1 6 0 R >> >>"), b"5 0 R", b"4 0 R", _PDF_FONT])


def pdf_inherited_mediabox_self_reference() -> bytes:
    """The page tree's /MediaBox (inherited by the page) is a reference to itself."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox 5 0 R >>",
            b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 6 0 R >> >> /Contents 4 0 R >>",
            pdf_stream(_PDF_TEXT),
            b"5 0 R",
            _PDF_FONT,
        ]
    )


def pdf_kids_cycle() -> bytes:
    """The page tree holds itself: /Kids of object 2 lists object 5, whose /Kids lists 2."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
            _pdf_page(b"<< /Font << /F1 6 0 R >> >>"),
            pdf_stream(_PDF_TEXT),
            b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>",
            _PDF_FONT,
        ]
    )


def _pdf_form(body: bytes, resources: bytes) -> bytes:
    return (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources "
        + resources
        + b" /Length %d >>\nstream\n" % len(body)
        + body
        + b"\nendstream"
    )


def pdf_form_draws_itself() -> bytes:
    """A form XObject whose content draws itself twice."""
    return raw_pdf(
        [
            *_PDF_HEAD,
            _pdf_page(b"<< /XObject << /Fm1 5 0 R >> /Font << /F1 6 0 R >> >>"),
            pdf_stream(b"/Fm1 Do " + _PDF_TEXT),
            _pdf_form(b"/Fm1 Do /Fm1 Do", b"<< /XObject << /Fm1 5 0 R >> >>"),
            _PDF_FONT,
        ]
    )


def pdf_forms_in_a_cycle() -> bytes:
    """Form A draws form B twice, B draws A twice."""
    return raw_pdf(
        [
            *_PDF_HEAD,
            _pdf_page(b"<< /XObject << /Fa 5 0 R >> /Font << /F1 7 0 R >> >>"),
            pdf_stream(b"/Fa Do " + _PDF_TEXT),
            _pdf_form(b"/Fb Do /Fb Do", b"<< /XObject << /Fb 6 0 R >> >>"),
            _pdf_form(b"/Fa Do /Fa Do", b"<< /XObject << /Fa 5 0 R >> >>"),
            _PDF_FONT,
        ]
    )


def pdf_forms_doubling(depth: int = 25) -> bytes:
    """Form k draws form k + 1 twice, ``depth`` deep: no cycle, but 2^depth form runs."""
    forms = [
        _pdf_form(
            b"/X%d Do /X%d Do" % (k + 1, k + 1) if k < depth - 1 else b"",
            b"<< /XObject << /X%d %d 0 R >> >>" % (k + 1, k + 6),
        )
        for k in range(depth)
    ]
    return raw_pdf(
        [
            *_PDF_HEAD,
            _pdf_page(b"<< /XObject << /X0 5 0 R >> /Font << /F1 4 0 R >> >>", b"%d 0 R" % (depth + 5)),
            _PDF_FONT,
            *forms,
            pdf_stream(b"/X0 Do " + _PDF_TEXT),
        ]
    )


def lzw_bomb(repeats: int = 8000) -> bytes:
    """LZW codes that build ever longer strings of 'A' (pdfminer's table never resets), then name
    the longest one ``repeats`` times: 18 KB that decode to 38 MB."""
    codes, size, width = [(256, 9), (65, 9)], 258, 9
    for code in range(258, 4096):
        codes.append((code, width))
        size += 1
        width = {511: 10, 1023: 11, 2047: 12}.get(size, width)
    codes += [(4095, 12)] * repeats + [(257, 12)]
    out, buffer, bits = bytearray(), 0, 0
    for code, code_width in codes:
        buffer, bits = (buffer << code_width) | code, bits + code_width
        while bits >= 8:
            bits -= 8
            out.append((buffer >> bits) & 0xFF)
        buffer &= (1 << bits) - 1
    if bits:
        out.append((buffer << (8 - bits)) & 0xFF)
    return bytes(out)


def pdf_filtered_content(raw: bytes, filters: bytes, params: bytes = b"") -> bytes:
    """One page whose content stream is ``raw`` under ``filters`` (a name or an array)."""
    stream = b"<< /Length %d /Filter %s%s >>\nstream\n" % (len(raw), filters, params) + raw + b"\nendstream"
    return raw_pdf([*_PDF_HEAD, _pdf_page(_FONT_5), stream, _PDF_FONT])


def pdf_inflating(mib: int = 20) -> bytes:
    """One content stream of ``mib`` MiB of text operators, packed into about 60 KB."""
    operators = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" * (mib * 1024 * 1024 // 33)
    return raw_pdf(
        [
            *_PDF_HEAD,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            pdf_stream(operators),
            _PDF_FONT,
        ]
    )


def pdf_huge_page() -> bytes:
    """A 14 400 × 14 400 pt page (PDF's largest) holding a 2 × 2 px image: rendered at 200 dpi, 1.6 Gpx."""
    image = zlib.compress(b"\x80" * 4, 9)
    return raw_pdf(
        [
            *_PDF_HEAD,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Resources << /XObject << /Im1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            pdf_stream(b"q 14400 0 0 14400 0 0 cm /Im1 Do Q"),
            b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 "
            b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(image) + image + b"\nendstream",
        ]
    )


def digit_run_text(digits: int = 20_000) -> bytes:
    """The good report with cells of ``digits`` digits (once quadratic: 17 s per cell)."""
    rows = [
        *ROWS,
        ("Akcja z kodem", "Ośrodek Pomocy Społecznej", "1" * digits, "2" * digits + " zł", "3" * digits),
    ]
    return report_text(rows).encode()


def make_many_cells_text(path: Path, mib: int = 22) -> Path:
    """``mib`` MiB of short tab lines (about 8 M cells): refused at the cell limit while reading."""
    line = b"a\tb\tc\t1\t2\n"
    path.write_bytes(report_text().encode() + line * (mib * 1024 * 1024 // len(line)))
    return path


def make_part_bomb_docx(path: Path, runs_mib: int = 185, padding_kib: int = 1200) -> Path:
    """A DOCX whose document.xml is ``runs_mib`` MiB of runs, next to ``padding_kib`` KiB of random
    bytes stored: the whole container stays under the ratio and total limits, one part does not."""
    base = report_docx()
    out = io.BytesIO()
    run = b"<w:r><w:t>x</w:t></w:r>"
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
        xml = docx_part(base, "word/document.xml")
        end = xml.index(b"</w:body>")
        with dst.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(xml[:end] + b"<w:p>")
            chunk = run * (1024 * 1024 // len(run))
            for _ in range(runs_mib):
                part.write(chunk)
            part.write(b"</w:p>" + xml[end:])
        dst.writestr(
            zipfile.ZipInfo("word/media/padding.bin"),
            _random(padding_kib * 1024, 7),
            compress_type=zipfile.ZIP_STORED,
        )
    path.write_bytes(out.getvalue())
    return path


#: An invented programme name of 300 characters with Polish letters (325 bytes in UTF-8): its
#: export folder name would pass the 255-byte limit of a file name.
LONG_PROGRAMME = (
    "Gminnego Programu Wspierania Rodziny, Przeciwdziałania Przemocy w Rodzinie oraz Profilaktyki i "
    "Rozwiązywania Problemów Alkoholowych, Narkomanii i Uzależnień Behawioralnych, Ochrony Zdrowia "
    "Psychicznego Dzieci i Młodzieży oraz Aktywizacji Społecznej Osób Starszych dla Gminy "
    "Żółkiewka-Łęczna-Źdźbłowo na lata 2021–2025"
)


def long_programme_text() -> bytes:
    return report_text(title=f"Sprawozdanie z realizacji {LONG_PROGRAMME} w 2021 roku").encode()


# -- damaged warehouses (issue 19): made by the tests from a warehouse they have just loaded ----------
#: How a warehouse file gets damaged: a copy cut short (by half, by its last block), a bad disk
#: block (in the table data, in the file's header), a write-ahead log left by a crash and damaged.
WAREHOUSE_DAMAGE = ("truncated_half", "truncated_one_block", "bad_data_block", "bad_header", "bad_wal")

_DUCKDB_HEADERS = 3 * 4096  # the file header and two database headers, before block 0


def damage_warehouse(db: Path, how: str) -> None:
    """Damage the DuckDB file ``db`` (closed) in place, as ``how`` (one of WAREHOUSE_DAMAGE) says."""
    import duckdb

    if how.startswith("truncated_"):
        with duckdb.connect(str(db), read_only=True) as con:
            (block_size,) = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()
        size = db.stat().st_size
        db.write_bytes(db.read_bytes()[: size // 2 if how == "truncated_half" else size - block_size])
    elif how == "bad_data_block":
        with duckdb.connect(str(db), read_only=True) as con:
            (block_size,) = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()
            (block,) = con.execute(
                "SELECT min(block_id) FROM pragma_storage_info('fact_measure') WHERE block_id >= 0"
            ).fetchone()
        _flip(db, _DUCKDB_HEADERS + block * block_size + 64, 256)
    elif how == "bad_header":
        _flip(db, 4096 + 16, 64)
    elif how == "bad_wal":
        con = duckdb.connect(str(db))
        con.execute("PRAGMA disable_checkpoint_on_shutdown")  # the writes stay in the WAL, as after a crash
        con.execute("SET checkpoint_threshold = '1GB'")
        con.execute("CREATE TABLE scratch AS SELECT * FROM stg_cell")
        con.close()
        wal = db.with_name(db.name + ".wal")
        _flip(wal, wal.stat().st_size // 2, 64)
    else:
        raise ValueError(how)


def _flip(path: Path, offset: int, length: int) -> None:
    """Invert ``length`` bytes of ``path`` at ``offset`` (a bad sector, a bit rot)."""
    with path.open("r+b") as file:
        file.seek(offset)
        data = file.read(length)
        file.seek(offset)
        file.write(bytes(b ^ 0xFF for b in data))


def hostile_cases() -> list[Case]:
    return [
        Case(
            "programme_name_300_chars.txt",
            lambda w: long_programme_text(),
            "loaded",
            min_facts=8,
            note="a 300-character programme name (325 bytes): its export folder is cut to 100 bytes and a hash",
        ),
        Case(
            "pdf_resources_self_reference.pdf",
            lambda w: pdf_self_resources(),
            "failed",
            "refers to itself",
            note="/Resources is a reference to itself: pdfminer would follow it for ever; refused at once",
        ),
        Case(
            "pdf_contents_self_reference.pdf",
            lambda w: pdf_self_contents(),
            "failed",
            "refers to itself",
            note="/Contents is a reference to itself",
        ),
        Case(
            "pdf_resources_reference_cycle.pdf",
            lambda w: pdf_reference_cycle(),
            "failed",
            "objects 5 → 6 → 5 refer to each other in a cycle",
            note="/Resources in a cycle of two references: pdfminer never returned (once killed at the time limit)",
        ),
        Case(
            "pdf_resources_cycle_of_three.pdf",
            lambda w: pdf_resources_cycle_of_three(),
            "failed",
            "objects 5 → 6 → 7 → 5 refer to each other in a cycle",
        ),
        Case(
            "pdf_contents_reference_cycle.pdf",
            lambda w: pdf_contents_cycle(),
            "failed",
            "objects 4 → 5 → 4 refer to each other in a cycle",
        ),
        Case(
            "pdf_inherited_mediabox_self_reference.pdf",
            lambda w: pdf_inherited_mediabox_self_reference(),
            "failed",
            "object 5 refers to itself",
        ),
        Case(
            "pdf_kids_cycle.pdf",
            lambda w: pdf_kids_cycle(),
            "failed",
            "no tables found",
            note="the page tree holds itself: pdfminer visits each node once; the one page has no table",
        ),
        Case(
            "pdf_form_draws_itself.pdf",
            lambda w: pdf_form_draws_itself(),
            "failed",
            "no tables found",
            note="a form XObject drawing itself twice: pdfminer skips the repeat; the page has no table",
        ),
        Case(
            "pdf_forms_in_a_cycle.pdf",
            lambda w: pdf_forms_in_a_cycle(),
            "failed",
            "no tables found",
            note="form A draws B twice, B draws A: skipped as above",
        ),
        Case(
            "pdf_forms_doubling_25_deep.pdf",
            lambda w: pdf_forms_doubling(25),
            "failed",
            "draws more than 20000 forms",
            note="each form draws the next twice, 25 deep: 33 million runs without a cycle",
        ),
        Case(
            "pdf_lzw_inflates_38_mib.pdf",
            lambda w: pdf_filtered_content(lzw_bomb(), b"/LZWDecode"),
            "failed",
            "stream limit",
            note="18 KB of LZW codes decode to 38 MB (pure-Python decoding took minutes)",
        ),
        Case(
            "pdf_ascii85_inflates_64_mib.pdf",
            lambda w: pdf_filtered_content(
                zlib.compress(b"z" * (16 * 1024 * 1024), 9), b"[/FlateDecode /ASCII85Decode]"
            ),
            "failed",
            "stream limit",
            note="16 MiB of ASCII85 'z' (four zero bytes each) under Flate: each filter is bounded",
        ),
        Case(
            "pdf_runlength_inflates_1_gib.pdf",
            lambda w: pdf_filtered_content(
                zlib.compress(b"\x81x" * (8 * 1024 * 1024), 9), b"[/FlateDecode /RunLengthDecode]"
            ),
            "failed",
            "stream limit",
            note="runs of 128 bytes in 2 under Flate: once past the 2 GiB memory limit",
        ),
        Case(
            "pdf_ccitt_200m_columns.pdf",
            lambda w: pdf_filtered_content(
                b"\x00\x10\x01\x00", b"/CCITTFaxDecode", b" /DecodeParms << /K -1 /Columns 200000000 >>"
            ),
            "failed",
            "stream limit",
            note="a fax stream 200 million pixels wide: once 2.1 GB and 20 s",
        ),
        Case(
            "pdf_stream_inflates_20_mib.pdf",
            lambda w: pdf_inflating(20),
            "failed",
            "stream limit",
            note="a 60 KB PDF whose content stream inflates to 20 MiB (once 3 min and 7.4 GB)",
        ),
        Case(
            "pdf_page_14400_pt.pdf",
            lambda w: pdf_huge_page(),
            "failed",
            "page limit",
            note="a 14 400 pt page: refused before pdftoppm would render 1.6 Gpx",
        ),
        Case(
            "digit_runs_20000.txt",
            lambda w: digit_run_text(),
            "loaded",
            min_facts=8,
            note="cells of 20 000 digits give no fact (past 1e15) and cost milliseconds",
        ),
        Case(
            "text_8m_cells.txt",
            lambda w: make_many_cells_text(w / "cells.txt").read_bytes(),
            "failed",
            "cell limit",
            note="22 MiB of short tab lines: refused while reading (once 2 min 40 s, 11.8 GB)",
            generated=True,
        ),
        Case(
            "docx_part_185_mib.docx",
            lambda w: make_part_bomb_docx(w / "part.docx").read_bytes(),
            "failed",
            "part limit",
            note="1.7 MB, under the ratio limit; document.xml unpacks to 185 MiB",
            generated=True,
        ),
        Case(
            "big_table_over_memory_budget.docx",
            lambda w: make_big_table_docx(w / "big_budget.docx", 3000).read_bytes(),
            "failed",
            "needed more than 64 MiB of memory",
            note="3 000 rows under --memory 64M: the worker stops, the batch goes on",
            generated=True,
            args=("--memory", "64M"),
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", nargs="*", help="build only these case names")
    parser.add_argument("--all", action="store_true", help="write the big generated inputs too")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    manifest_path = args.out / "manifest.json"
    manifest = (
        json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() and args.only else {}
    )
    with tempfile.TemporaryDirectory(prefix="bad-inputs-") as tmp:
        work = Path(tmp)
        for case in build_cases():
            if args.only and case.name not in args.only:
                continue
            manifest[case.name] = {
                "expect": case.expect,
                "reason": case.reason,
                "note": case.note,
                "min_facts": case.min_facts,
                "generated": case.generated,
                **({"args": list(case.args)} if case.args else {}),
            }
            if case.generated and not args.all:
                continue
            data = case.build(work)
            (args.out / case.name).write_bytes(data)
            print(f"{case.name:<40} {len(data):>9} bytes  {case.expect}")
    manifest_path.write_text(
        json.dumps(dict(sorted(manifest.items())), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    shutil.rmtree(args.out / "__pycache__", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
