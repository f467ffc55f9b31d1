"""Plain-text export: headings as lines, one table row per line, cells separated by tabs.

A two-row header is two lines (the group text in the first column of its span, the sub-headers
below; other headers on the first line only). Rows of the layout families: a name wrapped into a
second row is a line with only the name cell; further rows of one activity and the later parts of
a cell broken over lines are lines whose first cell is empty (as a text export of a Word table).
"""

from __future__ import annotations

import re
from pathlib import Path

from .layout_real import ocr_damage
from .model import Cell, Heading, Report, Row, Table

_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def _cells(texts: list[str], keep_spaces: bool = False) -> str:
    if keep_spaces:  # layout families with no-break and thin spaces: keep them
        return "\t".join(_ASCII_SPACE.sub(" ", t).strip(" ") for t in texts)
    return "\t".join(" ".join(t.split()) for t in texts)


def _header_lines(table: Table) -> list[str]:
    if not table.groups:
        return [_cells([c.header for c in table.columns])]
    top = [c.header for c in table.columns]
    bottom = [""] * len(table.columns)
    for first, last, text in table.groups:
        for i in range(first, last + 1):
            bottom[i] = table.columns[i].header
            top[i] = text if i == first else ""
    return [_cells(top), _cells(bottom)]


def _text(cell: Cell, keep: bool) -> str:
    if keep:  # Cell.text would turn no-break and thin spaces into plain ones
        return " ".join(p for p in cell.paragraphs if p.strip())
    return cell.text


def _first_line(cells: list[Cell], keep: bool) -> list[str]:
    return [" ".join(c.paragraphs[:1]) if c.line_break else _text(c, keep) for c in cells]


def _extra_lines(row: Row, keep: bool) -> list[str]:
    lines: list[str] = []
    depth = max((len(c.paragraphs) for c in row.cells if c.line_break), default=1)
    for k in range(1, depth):
        parts = [c.paragraphs[k] if c.line_break and k < len(c.paragraphs) else "" for c in row.cells]
        lines.append(_cells(parts, keep))
    return lines


def _table_lines(table: Table, keep: bool = False) -> list[str]:
    header = _header_lines(table)
    unit_index = next((i for i, c in enumerate(table.columns) if c.role == "unit"), None)
    name_index = next(i for i, c in enumerate(table.columns) if c.role in ("activity", "indicator"))
    lines: list[str] = []
    if table.note:
        lines.append(table.note + "\t" * (len(table.columns) - 1))
    lines += header
    previous_unit: str | None = None
    page_break: list[str] = []
    if table.page_break:
        page_break = ["", table.page_break[1], "\f", *(header if table.page_break[3] else [])]
    for index, row in enumerate(table.rows):
        if index == table.split_at:
            lines += ["", *header]
        inside = bool(table.page_break and index == table.page_break[0] and table.page_break[2])
        if table.page_break and index == table.page_break[0] and not inside:
            lines += page_break
        if index in table.inner_headings:
            lines.append(table.inner_headings[index] + "\t" * (len(table.columns) - 1))
            previous_unit = None
        texts = _first_line(row.cells, keep)
        if table.merge_units and unit_index is not None:
            if texts[unit_index] == previous_unit and not row.empty:
                texts[unit_index] = ""  # a vertically merged cell is exported once
            else:
                previous_unit = texts[unit_index]
        lines.append(_cells(texts, keep))
        if inside:
            lines += page_break
        lines += _extra_lines(row, keep)
        if row.name_tail:
            lines.append(
                _cells([row.name_tail if i == name_index else "" for i in range(len(row.cells))], keep)
            )
        for sub in row.sub_rows:
            lines.append(_cells([_text(c, keep) for c in sub], keep))
    return lines


def render_txt(report: Report, path: Path) -> None:
    keep = bool(report.families & {"layout:thin_space", "layout:nbsp_unit"})
    lines: list[str] = [*report.title_lines, ""]
    for block in report.blocks:
        if isinstance(block, Heading):
            lines += [block.text, ""]
        else:
            lines += [*_table_lines(block, keep), ""]
    text = ocr_damage(report.name, report.families, "\n".join(lines) + "\n")
    path.write_text(text, encoding="utf-8")
