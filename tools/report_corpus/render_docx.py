"""Word rendition with the quirks of real reports.

Vertically merged unit cells (w:vMerge), a heading row spanning all columns (w:gridSpan), a
note row above the header, the header row marked to repeat (w:tblHeader), a table split in two
with the header repeated, empty rows, multi-paragraph cells; of the layout families: a two-row
header (group cell with w:gridSpan, the other headers merged over both rows with w:vMerge), a
name wrapped into a second row, one activity over several rows (name cell merged with w:vMerge),
cells broken by line breaks (w:br) inside one paragraph. Output is byte-reproducible:
fixed core properties and fixed zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row

from .layout_docx_real import ocr_docx_report
from .model import Cell, Heading, Report, Row, Table

FIXED_TIME = dt.datetime(2024, 1, 1, 12, 0, 0)
ZIP_TIME = (2024, 1, 1, 12, 0, 0)


def _fill(cell: _Cell, paragraphs: list[str], bold: bool = False, line_break: bool = False) -> None:
    if line_break:  # one paragraph, the parts separated by line breaks
        for k, text in enumerate(paragraphs):
            run = cell.paragraphs[0].add_run(text)
            run.bold = bold
            if k < len(paragraphs) - 1:
                run.add_break()
        return
    first = True
    for text in paragraphs or [""]:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        run = paragraph.add_run(text)
        run.bold = bold


def _repeat_header(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _spanning_row(table: DocxTable, text: str, bold: bool) -> None:
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[-1])  # w:gridSpan over every column
    _fill(merged, [text], bold)


def _header(table: DocxTable, model: Table) -> None:
    row = table.add_row()
    if not model.groups:
        for cell, column in zip(row.cells, model.columns, strict=True):
            _fill(cell, [column.header], bold=True)
        _repeat_header(row)
        return
    second = table.add_row()
    grouped = {i: (first, text) for first, last, text in model.groups for i in range(first, last + 1)}
    for i, column in enumerate(model.columns):
        if i in grouped:
            if grouped[i][0] == i:
                _fill(row.cells[i], [grouped[i][1]], bold=True)
            _fill(second.cells[i], [column.header], bold=True)
        else:
            _fill(row.cells[i], [column.header], bold=True)
    top, bottom = len(table.rows) - 2, len(table.rows) - 1
    for i in range(len(model.columns)):
        if i not in grouped:
            table.cell(top, i).merge(table.cell(bottom, i))  # w:vMerge over both header rows
    for first, last, _text in model.groups:
        table.cell(top, first).merge(table.cell(top, last))  # w:gridSpan over the sub-headers
    _repeat_header(row)
    _repeat_header(second)


def _body_row(table: DocxTable, row: Row, skip_empty: bool = False) -> _Row:
    docx_row = table.add_row()
    for cell, model_cell in zip(docx_row.cells, row.cells, strict=True):
        if skip_empty and not model_cell.text:
            continue  # a cell merged into the one above stays without a run
        if not row.empty:
            _fill(cell, model_cell.paragraphs, line_break=model_cell.line_break)
    return docx_row


def _extra_rows(table: DocxTable, model: Table, row: Row, merge_units: bool) -> None:
    """The name's second row, or further rows of the same activity (name cell merged)."""
    start = len(table.rows) - 1
    name_index = next(i for i, c in enumerate(model.columns) if c.role in ("activity", "indicator"))
    if row.name_tail:
        tail = table.add_row()
        _fill(tail.cells[name_index], [row.name_tail])
    if not row.sub_rows:
        return
    for sub in row.sub_rows:
        _body_row(table, Row(sub), skip_empty=True)
    end = len(table.rows) - 1
    merged = [i for i, c in enumerate(model.columns) if c.role in ("activity", "indicator", "lp")]
    merged += [i for i, c in enumerate(model.columns) if c.role == "unit" and not merge_units]
    for i in merged:
        table.cell(start, i).merge(table.cell(end, i))


def _merge_units(table: DocxTable, rows: list[tuple[int, Row]], unit_index: int) -> None:
    """Merge runs of equal unit cells vertically; the text stays in the first cell only."""
    start = 0
    while start < len(rows):
        end = start
        text = rows[start][1].cells[unit_index].text
        while (
            end + 1 < len(rows)
            and not rows[end + 1][1].empty
            and rows[end + 1][1].cells[unit_index].text == text
        ):
            end += 1
        if end > start and not rows[start][1].empty:
            for index, _row in rows[start + 1 : end + 1]:
                cell = table.rows[index].cells[unit_index]
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.text = ""
            table.cell(rows[start][0], unit_index).merge(table.cell(rows[end][0], unit_index))
        start = end + 1


def _new_table(document: docx.document.Document, model: Table, with_note: bool) -> DocxTable:
    table = document.add_table(rows=0, cols=len(model.columns))
    table.style = "Table Grid"
    if with_note and model.note:
        _spanning_row(table, model.note, bold=False)
    _header(table, model)
    return table


def _broken(row: Row, parts: dict[int, tuple[list[str], list[str]]], first: bool) -> Row:
    """The first part of a row broken across two tables, or its continuation (layout_docx_real)."""
    cells = []
    for i, cell in enumerate(row.cells):
        if i in parts:
            cells.append(Cell(parts[i][0 if first else 1], line_break=cell.line_break))
        else:
            cells.append(cell if first else Cell([""]))
    return Row(cells)


def _table(document: docx.document.Document, model: Table) -> None:
    unit_index = next((i for i, c in enumerate(model.columns) if c.role == "unit"), None)
    table = _new_table(document, model, with_note=True)
    placed: list[tuple[int, Row]] = []
    broken = model.row_break if model.split_at is not None else None
    for index, row in enumerate(model.rows):
        if index == model.split_at:
            _finish(table, placed, unit_index, model.merge_units)
            document.add_paragraph((model.break_mark or "") if broken else "")
            if broken is None or model.break_header:
                table = _new_table(document, model, with_note=False)
            else:
                table = document.add_table(rows=0, cols=len(model.columns))
                table.style = "Table Grid"
            placed = []
            if broken:
                _body_row(table, _broken(model.rows[index - 1], broken, first=False))
        if broken and index == model.split_at - 1:  # type: ignore[operator]
            row = _broken(row, broken, first=True)
        if index in model.inner_headings:
            _finish(table, placed, unit_index, model.merge_units)
            placed = []
            _spanning_row(table, model.inner_headings[index], bold=True)
        _body_row(table, row)
        placed.append((len(table.rows) - 1, row))
        if not row.empty:
            _extra_rows(table, model, row, model.merge_units)
    _finish(table, placed, unit_index, model.merge_units)
    document.add_paragraph("")


def _finish(table: DocxTable, placed: list[tuple[int, Row]], unit_index: int | None, merge: bool) -> None:
    if merge and unit_index is not None and placed:
        _merge_units(table, placed, unit_index)


def _layout(document: docx.document.Document, landscape: bool) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    document.styles["Normal"].font.size = Pt(10)


def _fixed_properties(document: docx.document.Document, title: str) -> None:
    props = document.core_properties
    props.title = title
    props.author = "report_corpus"
    props.last_modified_by = "report_corpus"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1


def _reproducible_zip(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def render_docx(report: Report, path: Path) -> None:
    report = ocr_docx_report(report)
    document = docx.Document()
    _layout(document, report.landscape)
    _fixed_properties(document, " ".join(report.title_lines))
    for line in report.title_lines:
        paragraph = document.add_paragraph()
        paragraph.add_run(line).bold = True
    for block in report.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=min(block.level, 3))
        else:
            _table(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_reproducible_zip(buffer.getvalue()))
