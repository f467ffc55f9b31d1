"""Parse a strategy-monitoring export where every table cell starts on its own line with a
tab, and rebuild its real Word tables.

The export layout (one table per operational goal):

* free paragraphs: goal headings (``Cel strategiczny N: …``), table captions, closing notes;
  ``[bookmark: NAME]`` prefixes are Word bookmarks;
* a table: a line starting with a tab opens a cell; following lines without a tab continue
  that cell (blank lines included). The first cells are the header row (the first is the
  empty "lp." column); then one full-width caption cell (``Cel operacyjny N: …``); then the
  body: the first row lacks the lp. cell, every later row starts with the lp. cell and the
  (vertically merged, hence usually empty) first content cell;
* the table ends at a text line that follows a blank line once a row is complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from fixtures_docx import (
    fill_cell,
    mark_header_row,
    new_document,
    save_reproducible,
    set_column_widths,
    set_vertical_merge,
    span_row,
)

_BOOKMARK = re.compile(r"^\[bookmark:\s*([^\]]+)\]")
# Numbered goal headings of strategy documents: "Cel strategiczny 2: …", "Priorytet 1: …".
_GOAL_HEADING = re.compile(r"^(cel\s+strategiczny|priorytet|obszar\s+strategiczny)\s+\d+\s*:", re.I)
# Full-width caption row of a goal table: "Cel operacyjny 3: …".
_CAPTION_CELL = re.compile(r"^(cel|priorytet|obszar|kierunek)\w*(\s+\w+)?\s+\d+\s*[:.]", re.I)
_LIST_NUMBER = re.compile(r"^\d+\.?$")

_WIDTH_SHARES = [0.06, 0.27, 0.27, 0.19, 0.21]


@dataclass
class MonitoringParagraph:
    text: str
    heading: bool = False
    bookmark: str | None = None


@dataclass
class MonitoringTable:
    header: list[list[str]]  # header cells, each a list of paragraphs
    caption: list[str]
    rows: list[list[list[str]]] = field(default_factory=list)  # rows → cells → paragraphs


Block = MonitoringParagraph | MonitoringTable


def parse_monitoring(text: str) -> list[Block]:
    """Split the export into paragraphs and reconstructed tables."""
    blocks: list[Block] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("\t"):
            table, index = _parse_table(lines, index)
            blocks.append(table)
            continue
        if line.strip():
            blocks.append(_paragraph(line))
        index += 1
    return blocks


def _paragraph(line: str) -> MonitoringParagraph:
    text = line.strip()
    bookmark = None
    match = _BOOKMARK.match(text)
    if match:
        bookmark = match.group(1).strip()
        text = text[match.end() :].strip()
    return MonitoringParagraph(text, bool(_GOAL_HEADING.match(text)), bookmark)


def _parse_table(lines: list[str], start: int) -> tuple[MonitoringTable, int]:
    """Read cells from ``start``; return the table and the index of the first line after it."""
    cells: list[list[str]] = []
    header_count: int | None = None
    index = start
    blank_before = False
    while index < len(lines):
        line = lines[index]
        if line.startswith("\t"):
            cells.append([line[1:]])
            if header_count is None and _CAPTION_CELL.match(line.strip()):
                header_count = len(cells) - 1
        elif not line.strip():
            if cells:
                cells[-1].append("")
            blank_before = True
            index += 1
            continue
        else:
            if blank_before and header_count is not None and _row_complete(cells, header_count):
                break
            cells[-1].append(line)
        blank_before = False
        index += 1
    if header_count is None:
        raise ValueError(f"table at line {start + 1}: no caption cell found")
    return _assemble(cells, header_count), index


def _row_complete(cells: list[list[str]], header_count: int) -> bool:
    columns = header_count
    body = len(cells) - header_count - 1
    return body >= columns - 1 and (body - (columns - 1)) % columns == 0


def _assemble(cells: list[list[str]], header_count: int) -> MonitoringTable:
    columns = header_count
    header = [_cell_paragraphs(cell) for cell in cells[:header_count]]
    caption = _cell_paragraphs(cells[header_count])
    body = [_cell_paragraphs(cell) for cell in cells[header_count + 1 :]]
    rows: list[list[list[str]]] = []
    if body:
        rows.append([[]] + body[: columns - 1])
        rest = body[columns - 1 :]
        for offset in range(0, len(rest), columns):
            row = rest[offset : offset + columns]
            row += [[] for _ in range(columns - len(row))]
            lp, first = row[0], row[1]
            # A list number alone in the first content cell belongs to the lp. column.
            if not lp and len(first) == 1 and _LIST_NUMBER.match(first[0]):
                row[0], row[1] = first, []
            rows.append(row)
    return MonitoringTable(header, caption, rows)


def _cell_paragraphs(lines: list[str]) -> list[str]:
    """Non-empty lines as paragraphs; a run of blank lines inside becomes one empty paragraph."""
    paragraphs: list[str] = []
    for line in lines:
        text = line.strip()
        if text:
            paragraphs.append(text)
        elif paragraphs and paragraphs[-1]:
            paragraphs.append("")
    while paragraphs and not paragraphs[-1]:
        paragraphs.pop()
    return paragraphs


def build_monitoring_docx(blocks: list[Block], target: Path, title: str) -> None:
    """Write the parsed monitoring report as a portrait A4 Word document."""
    document, width = new_document(title, landscape=False)
    bookmark_id = 0
    for block in blocks:
        if isinstance(block, MonitoringParagraph):
            if block.heading:
                paragraph = document.add_heading(block.text, level=1)
            else:
                paragraph = document.add_paragraph(block.text)
            if block.bookmark:
                _add_bookmark(paragraph, block.bookmark, bookmark_id)
                bookmark_id += 1
            continue
        _add_table(document, block, width)
    save_reproducible(document, target)


def _add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    p = paragraph._p
    first_run = p.find(qn("w:r"))
    if first_run is not None:
        first_run.addprevious(start)
    else:
        p.append(start)
    p.append(end)


def _add_table(document, block: MonitoringTable, width: int) -> None:
    columns = len(block.header)
    table = document.add_table(rows=2, cols=columns)
    table.style = "Table Grid"
    mark_header_row(table.rows[0])
    for cell, paragraphs in zip(table.rows[0].cells, block.header, strict=True):
        fill_cell(cell, paragraphs, bold=True)
    fill_cell(span_row(table.rows[1]), block.caption, bold=True)
    merge_column = 1
    for index, row in enumerate(block.rows):
        cells = table.add_row().cells
        for column, (cell, paragraphs) in enumerate(zip(cells, row, strict=True)):
            if column != merge_column:
                fill_cell(cell, paragraphs)
                continue
            next_row = block.rows[index + 1] if index + 1 < len(block.rows) else None
            continues_below = next_row is not None and not next_row[merge_column]
            if paragraphs:
                fill_cell(cell, paragraphs)
                if continues_below:
                    set_vertical_merge(cell, restart=True)
            elif index > 0:
                set_vertical_merge(cell, restart=False)
    shares = _WIDTH_SHARES if columns == len(_WIDTH_SHARES) else [1 / columns] * columns
    set_column_widths(table, [int(width * share) for share in shares])
