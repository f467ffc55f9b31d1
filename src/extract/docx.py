"""DOCX backend: python-docx, body order (headings, paragraphs and tables interleaved).

Cells are read from the XML so that vertical merges (w:vMerge) and horizontal spans (w:gridSpan)
are seen as they are: a spanned cell repeats its text in every grid column it covers, a
vertically continued cell is marked ``merged_from_above`` so the assembler attaches it to the row
above. Several paragraphs in a cell are kept, one per line.
"""

from __future__ import annotations

import zipfile
import zlib
from io import BytesIO
from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from raporty.extract.base import ExtractionError, Extractor, sha256_of
from raporty.extract.limits import check_part_size, count_cells
from raporty.extract.tables import RawCell, TableAssembler, header_repair_for
from raporty.extract.text.export import is_page_mark
from raporty.models import Document, InputFormat

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # refuse zip bombs before unpacking
MAX_RATIO = 200  # uncompressed / compressed size of the whole container
MAX_PARTS = 10_000  # zip entries; a real report has a few dozen
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_CONTAINER_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
    ValueError,
)


def _declares_dtd(content: bytes) -> bool:
    """Whether an XML part declares a DTD or entities anywhere (UTF-8 or UTF-16 encoded)."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        content = content.decode("utf-16", errors="replace").encode("utf-8")
    return any(marker in content for marker in _DTD_MARKERS)


def _check_container(data: bytes) -> None:
    """Refuse zip bombs (by declared sizes, before unpacking) and XML parts with a DTD (entity attacks).

    Declared sizes cannot be understated to get past this: :mod:`zipfile` stops at the declared size
    and then fails the CRC check.
    """
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_PARTS:
                raise ExtractionError(f"refused: {len(infos)} parts in the container, more than {MAX_PARTS}")
            total = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos) or 1
            if "word/document.xml" not in {info.filename for info in infos}:
                raise ExtractionError("not a Word document (no word/document.xml)")
            if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
                raise ExtractionError(
                    f"refused: unpacks to {total / 1024 / 1024:.0f} MiB, {total / packed:.0f} times its packed size "
                    f"(zip bomb limits {MAX_UNCOMPRESSED // 1024 // 1024} MiB, ratio {MAX_RATIO})"
                )
            for info in infos:
                if info.is_dir():
                    continue
                check_part_size(info.filename, info.file_size)  # each part bounded, not the ratio alone
                content = zf.read(info)
                if content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"<", b"\xff", b"\xfe") and _declares_dtd(
                    content
                ):
                    raise ExtractionError(
                        f"refused: {info.filename} declares a DOCTYPE or entities (not allowed in DOCX: entity attacks)"
                    )
    except _CONTAINER_ERRORS as exc:
        raise ExtractionError(
            f"damaged DOCX container ({' '.join(str(exc).split()) or type(exc).__name__})"
        ) from None


def _heading_level(paragraph: Paragraph) -> int | None:
    try:
        name = (paragraph.style.name or "") if paragraph.style is not None else ""
    except (KeyError, ValueError):
        return None
    lowered = name.lower()
    if lowered.startswith(("heading", "nagłówek", "naglowek")):
        digits = "".join(ch for ch in name if ch.isdigit())
        return int(digits) if digits else 1
    if lowered == "title":
        return 1
    return None


def _is_italic(paragraphs: list[Paragraph], style_italic: dict[str | None, bool]) -> bool:
    """All text runs italic, directly or by their character style (looked up once per style id:
    python-docx scans every style on each lookup, which is slow on tables of thousands of rows)."""
    runs = [r for p in paragraphs for r in p.runs if r.text.strip()]
    return bool(runs) and all(r.italic or _style_is_italic(r, style_italic) for r in runs)


def _style_is_italic(run: Run, cache: dict[str | None, bool]) -> bool:
    style_id = run._r.style
    if style_id not in cache:
        style = run.style
        cache[style_id] = bool(style is not None and style.font.italic)
    return cache[style_id]


def _span(tc_span: int, used: int, cells_left: int, grid_width: int) -> int:
    """A cell's horizontal span, cut so the row still fits the table grid (hand-edited or damaged
    files carry spans wider than the table); without a grid (``grid_width`` 0) the span is kept."""
    span = max(1, tc_span)
    if grid_width:
        span = max(1, min(span, grid_width - used - cells_left))
    return span


def _cell_grid(table: DocxTable, block: int, style_italic: dict[str | None, bool]) -> list[list[RawCell]]:
    grid: list[list[RawCell]] = []
    tbl_grid = table._tbl.tblGrid
    grid_width = len(tbl_grid.gridCol_lst) if tbl_grid is not None else 0
    for tr in table._tbl.tr_lst:
        row: list[RawCell] = [RawCell("", paragraph=block)] * min(max(0, tr.grid_before), grid_width)
        cells = tr.tc_lst
        for position, tc in enumerate(cells):
            paragraphs = [Paragraph(p, table) for p in tc.iter(qn("w:p"))]
            text = "\n".join(p.text.strip() for p in paragraphs if p.text.strip())
            count_cells(1, len(text))  # limits checked while reading
            merged = tc.vMerge == "continue"
            cell = RawCell(
                text="" if merged else text,
                paragraph=block,
                merged_from_above=merged,
                italic=_is_italic(paragraphs, style_italic),
            )
            row.extend([cell] * _span(tc.grid_span, len(row), len(cells) - position - 1, grid_width))
        while grid_width and len(row) > grid_width and not row[-1].text.strip():
            row.pop()  # empty cells beyond the grid
        grid.append(row)
    return grid


def _body_text(word) -> str:
    return " ".join(t.text or "" for t in word.element.body.iter(qn("w:t")))


class DocxExtractor(Extractor):
    format = InputFormat.DOCX

    def extract(self, path: Path, data: bytes) -> Document:
        _check_container(data)
        try:
            word = open_docx(BytesIO(data))
        except Exception as exc:  # python-docx raises many kinds on damaged parts
            raise ExtractionError(f"cannot open DOCX ({type(exc).__name__}: {exc})") from None
        try:
            return self._read(path, data, word)
        except ExtractionError:
            raise
        except (ValueError, KeyError, AttributeError, TypeError) as exc:  # malformed but well-formed XML
            raise ExtractionError(f"cannot read DOCX content ({type(exc).__name__}: {exc})") from None

    def _read(self, path: Path, data: bytes, word) -> Document:
        doc = Document(file_name=path.name, sha256=sha256_of(data), format=self.format)
        assembler = TableAssembler(doc, header_repair=header_repair_for(doc, _body_text(word)))
        style_italic: dict[str | None, bool] = {}
        after_table = False  # nothing but empty paragraphs and page numbers since the last table
        for block, element in enumerate(word.element.body.iterchildren()):
            if element.tag == qn("w:p"):
                paragraph = Paragraph(element, word)
                text = paragraph.text.strip()
                if not text:
                    continue
                level = _heading_level(paragraph)
                if level is not None:
                    assembler.heading(text, level)
                else:
                    assembler.paragraph(text, italic=_is_italic([paragraph], style_italic))
                after_table = after_table and level is None and is_page_mark(text)
            elif element.tag == qn("w:tbl"):
                # A table right after another (a Word file converted from PDF splits a table at each
                # page) may begin with the rest of the row the page cut, as a PDF page does.
                grid = _cell_grid(DocxTable(element, word), block, style_italic)
                assembler.table(grid, after_page_break=after_table)
                after_table = True
        return doc
