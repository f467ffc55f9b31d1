"""Parse a tab-separated annex export (one table row per line) and rebuild it as a Word file.

The export layout: free paragraphs (title, section headings such as ``I …``, ``I.1 …``,
``1) …``, "related to" notes), then tables whose rows are tab-separated lines. Blank lines
inside a table mark page breaks of the original; a row that broke across a page shows up
as a continuation line (first cell empty, or only the first cell filled). Lines of dashes
are separators left by the converter. ``<i>…</i>`` marks italic text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from fixtures_docx import (
    add_marked_runs,
    fill_cell,
    mark_header_row,
    new_document,
    save_reproducible,
    set_column_widths,
    set_vertical_merge,
)

_HEADING_1 = re.compile(r"^[IVXLC]+\s+\S")
_HEADING_2 = re.compile(r"^[IVXLC]+\.\d+\.?\s+\S")
_HEADING_3 = re.compile(r"^\d+\)\s*\S")
_SEPARATOR_CELL = re.compile(r"^-*$")
# Sentence end: a lowercase word of 4+ letters, a full stop, then a capitalised word.
_SENTENCE_BREAK = re.compile(r"(?<=[a-ząćęłńóśźż]{4}[.!?])\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ])")

#: Relative column widths for 4- and 5-column annex tables (activity column widest).
_WIDTH_SHARES = {
    4: [0.34, 0.22, 0.22, 0.22],
    5: [0.28, 0.19, 0.18, 0.19, 0.16],
}


@dataclass
class AnnexParagraph:
    """A free paragraph; ``level`` 0 = body text, 1–3 = heading level, -1 = title."""

    text: str
    level: int = 0


@dataclass
class AnnexRow:
    """A table body row; ``continuation`` is None, ``"tail"`` (first cell empty) or ``"head"``."""

    cells: list[str]
    continuation: str | None = None
    after_page_break: bool = False


@dataclass
class AnnexTable:
    header: list[str]
    rows: list[AnnexRow] = field(default_factory=list)


Block = AnnexParagraph | AnnexTable


def parse_annex(text: str) -> list[Block]:
    """Split the export into paragraphs and tables (see module docstring)."""
    blocks: list[Block] = []
    lines = text.split("\n")
    index = 0
    seen_heading = False
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        if "\t" in line:
            end = _table_region_end(lines, index)
            blocks.extend(_parse_table_region(lines[index:end]))
            index = end
            continue
        level = heading_level(line)
        if level:
            seen_heading = True
        elif not seen_heading:
            level = -1
        blocks.append(AnnexParagraph(line.strip(), level))
        index += 1
    return blocks


def heading_level(line: str) -> int:
    """Word heading level of a section line (0 if it is body text)."""
    stripped = line.strip()
    if _HEADING_2.match(stripped):
        return 2
    if _HEADING_1.match(stripped):
        return 1
    if _HEADING_3.match(stripped):
        return 3
    return 0


def _table_region_end(lines: list[str], start: int) -> int:
    """Index after the last tab line of the region starting at ``start`` (blank lines allowed)."""
    end = start
    index = start
    while index < len(lines):
        line = lines[index]
        if "\t" in line:
            end = index + 1
        elif line.strip():
            break
        index += 1
    return end


def _is_separator(cells: list[str]) -> bool:
    return all(_SEPARATOR_CELL.match(cell.strip()) for cell in cells) and any("-" in cell for cell in cells)


def _parse_table_region(region: list[str]) -> list[Block]:
    blocks: list[Block] = []
    table: AnnexTable | None = None
    blank_before = False
    for line in region:
        if not line.strip():
            blank_before = True
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if _is_separator(cells):
            continue
        filled = [cell for cell in cells if cell]
        if table is None:
            if len(filled) >= 2:
                header = _trim_trailing_empty(cells)
                table = AnnexTable(header=header)
                blocks.append(table)
            elif filled:
                blocks.append(AnnexParagraph(filled[0]))
            blank_before = False
            continue
        width = len(table.header)
        row_cells = (_trim_trailing_empty(cells) + [""] * width)[:width]
        continuation = None
        if not row_cells[0] and any(row_cells[1:]):
            continuation = "tail"
        elif row_cells[0] and not any(row_cells[1:]):
            continuation = "head"
        table.rows.append(AnnexRow(row_cells, continuation, after_page_break=blank_before))
        blank_before = False
    return blocks


def _trim_trailing_empty(cells: list[str]) -> list[str]:
    trimmed = list(cells)
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


def cell_paragraphs(text: str) -> list[str]:
    """Split a cell into paragraphs at sentence ends outside quotation marks."""
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        prefix = text[start : match.start()]
        if prefix.count("„") != prefix.count("”"):
            continue
        parts.append(prefix)
        start = match.end()
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def split_longest_table(blocks: list[Block]) -> list[Block]:
    """Split the longest table into two tables (header repeated), at the page break nearest
    its middle — the way a table continued after a page break looks when copied."""
    tables = [block for block in blocks if isinstance(block, AnnexTable)]
    if not tables:
        return blocks
    longest = max(tables, key=lambda table: len(table.rows))
    middle = len(longest.rows) // 2
    breaks = [i for i, row in enumerate(longest.rows) if row.after_page_break and i > 0]
    cut = min(breaks, key=lambda i: abs(i - middle)) if breaks else middle
    # Never cut right before a continuation row: it belongs to the row above.
    while cut < len(longest.rows) and longest.rows[cut].continuation:
        cut += 1
    first = AnnexTable(longest.header, longest.rows[:cut])
    second = AnnexTable(longest.header, longest.rows[cut:])
    result: list[Block] = []
    for block in blocks:
        if block is longest:
            result.extend([first, AnnexParagraph(""), second])
        else:
            result.append(block)
    return result


def build_annex_docx(
    blocks: list[Block], target: Path, landscape: bool, title: str, merge_first: bool = True
) -> None:
    """Write the parsed annex as a Word document (portrait or landscape A4).

    Continuation rows alternate between the two forms Word annexes have (see
    :func:`_add_table`); ``merge_first`` says which form the first one takes.
    """
    document, width = new_document(title, landscape=landscape)
    counter = 0
    for block in blocks:
        if isinstance(block, AnnexParagraph):
            _add_paragraph(document, block)
            continue
        counter = _add_table(document, block, width, counter, merge_first)
    save_reproducible(document, target)


def _add_paragraph(document, block: AnnexParagraph) -> None:
    if block.level > 0:
        document.add_heading(block.text, level=block.level)
        return
    paragraph = document.add_paragraph()
    add_marked_runs(paragraph, block.text, bold=block.level < 0)
    if block.level < 0:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _add_table(document, block: AnnexTable, width: int, counter: int, merge_first: bool) -> int:
    """Add one table and return the updated continuation counter.

    A continuation row (a row the original broke across a page) is written either as a
    plain row (its empty cells stay empty) or with its empty cells vertically merged with
    the row above (``w:vMerge``): the activity cell for a row continuing the other columns,
    the other cells for a row continuing only the activity text.
    """
    columns = len(block.header)
    table: Table = document.add_table(rows=1, cols=columns)
    table.style = "Table Grid"
    header_row = table.rows[0]
    mark_header_row(header_row)
    for cell, text in zip(header_row.cells, block.header, strict=True):
        fill_cell(cell, [text], bold=True)
    previous = None
    for row in block.rows:
        new_row = table.add_row()
        cells = new_row.cells
        merge = row.continuation is not None and previous is not None
        merge = merge and (counter % 2 == 0) == merge_first
        for column, (cell, text) in enumerate(zip(cells, row.cells, strict=True)):
            if merge and not text:
                set_vertical_merge(previous.cells[column], restart=True)
                set_vertical_merge(cell, restart=False)
            else:
                fill_cell(cell, cell_paragraphs(text))
        if row.continuation:
            counter += 1
        previous = new_row
    shares = _WIDTH_SHARES.get(columns, [1 / columns] * columns)
    set_column_widths(table, [int(width * share) for share in shares])
    return counter
