"""Low-level python-docx helpers shared by the fixture builders.

These cover the Word features python-docx has no API for: repeating header rows
(``w:tblHeader``), vertical merges written explicitly (``w:vMerge``), horizontal spans
(``w:gridSpan``), section orientation, fixed core properties and reproducible zip output.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

#: Fixed timestamp written into core properties and zip entries (reproducible output).
FIXED_TIMESTAMP = dt.datetime(2024, 1, 1, 12, 0, 0, tzinfo=dt.timezone.utc)

_ITALIC_TAG = re.compile(r"<i>(.*?)</i>", re.DOTALL)


def set_fixed_core_properties(document: DocxDocument, title: str) -> None:
    """Give the document fixed metadata so regenerated files do not differ."""
    props = document.core_properties
    props.title = title
    props.author = "raporty fixture generator"
    props.last_modified_by = "raporty fixture generator"
    props.created = FIXED_TIMESTAMP.replace(tzinfo=None)
    props.modified = FIXED_TIMESTAMP.replace(tzinfo=None)
    props.last_printed = FIXED_TIMESTAMP.replace(tzinfo=None)
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.category = ""


def set_base_font(document: DocxDocument, name: str = "Arial", size_pt: float = 10) -> None:
    """Set the Normal style font (Arial maps to Liberation Sans in LibreOffice)."""
    style = document.styles["Normal"]
    style.font.name = name
    style.font.size = Pt(size_pt)
    r_pr = style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def set_page_layout(document: DocxDocument, landscape: bool, margin_cm: float = 2.0) -> None:
    """A4 page, portrait or landscape (orientation flag and page size swapped)."""
    for section in document.sections:
        width, height = Cm(21.0), Cm(29.7)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = height, width
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = width, height
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(margin_cm))


def text_width(document: DocxDocument) -> int:
    """Usable text width of the first section in EMU."""
    section = document.sections[0]
    return int(section.page_width - section.left_margin - section.right_margin)


def add_marked_runs(paragraph: Paragraph, text: str, bold: bool = False) -> None:
    """Add ``text`` to ``paragraph``; ``<i>…</i>`` spans become italic runs (tags removed)."""
    position = 0
    for match in _ITALIC_TAG.finditer(text):
        if match.start() > position:
            run = paragraph.add_run(text[position : match.start()])
            run.bold = bold or None
        run = paragraph.add_run(match.group(1))
        run.italic = True
        run.bold = bold or None
        position = match.end()
    if position < len(text):
        run = paragraph.add_run(text[position:])
        run.bold = bold or None


def fill_cell(cell: _Cell, paragraphs: list[str], bold: bool = False) -> None:
    """Write one paragraph per item into ``cell`` (reusing the cell's empty first paragraph)."""
    items = paragraphs or [""]
    first = cell.paragraphs[0]
    for index, text in enumerate(items):
        paragraph = first if index == 0 else cell.add_paragraph()
        add_marked_runs(paragraph, text, bold=bold)


def mark_header_row(row: _Row) -> None:
    """Mark ``row`` as a header row repeated on every page (``w:tblHeader``)."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def set_vertical_merge(cell: _Cell, restart: bool) -> None:
    """Write ``w:vMerge`` (restart or continue) on ``cell``; a cell already in a merge keeps it."""
    tc_pr = cell._tc.get_or_add_tcPr()
    if tc_pr.find(qn("w:vMerge")) is not None:
        return
    merge = OxmlElement("w:vMerge")
    if restart:
        merge.set(qn("w:val"), "restart")
    tc_pr.append(merge)


def span_row(row: _Row) -> _Cell:
    """Merge all cells of ``row`` horizontally into one (``w:gridSpan``); return it."""
    cells = row.cells
    return cells[0].merge(cells[-1])


def set_column_widths(table: Table, widths: list[int]) -> None:
    """Fixed column widths (EMU) on the grid and on every cell, autofit off."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for grid_col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(int(width / 635)))  # EMU → twentieths of a point
    for row in table.rows:
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            start = _grid_index(row, tc)
            tc.width = sum(widths[start : start + span])


def _grid_index(row: _Row, tc) -> int:
    index = 0
    for other in row._tr.tc_lst:
        if other is tc:
            return index
        index += other.grid_span
    return index


def write_reproducible_zip(source: Path, target: Path) -> None:
    """Rewrite a DOCX zip with fixed entry timestamps and order, so reruns give equal bytes."""
    stamp = FIXED_TIMESTAMP.timetuple()[:6]
    with zipfile.ZipFile(source) as zin:
        entries = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, data)


def new_document(title: str, landscape: bool) -> tuple[DocxDocument, int]:
    """A fixture document with the shared font, page layout and fixed metadata; and its text width."""
    import docx

    document = docx.Document()
    set_base_font(document)
    set_page_layout(document, landscape=landscape)
    set_fixed_core_properties(document, title)
    return document, text_width(document)


def save_reproducible(document: DocxDocument, target: Path) -> None:
    """Save through a scratch file so the committed DOCX has fixed zip timestamps."""
    scratch = target.with_suffix(".tmp.docx")
    document.save(str(scratch))
    write_reproducible_zip(scratch, target)
    scratch.unlink()
