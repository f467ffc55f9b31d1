"""Text exports that write one table cell per line (Word "save as text" of nested tables).

Layout: a line starting with a tab opens a cell; following lines without a tab continue it
(blank lines inside a cell included); a text line after a blank line, once the cells read so far
make whole rows, ends the table. The header row comes first; a caption cell that reads as a
section ("Cel operacyjny 2: …") spans the full width; body rows follow. Cells that Word merged
vertically are not written, so the first body row may be short: it is aligned to the right.
"""

from __future__ import annotations

import re

from raporty.extract.columns import classify_kind, is_header_row
from raporty.extract.sections import section_code
from raporty.extract.tables import RawCell, TableAssembler
from raporty.models import ColumnKind

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_LIST_NUMBER = re.compile(r"^\d{1,3}[.)]?$")


def is_cell_per_line(text: str) -> bool:
    """Most tab lines hold one leading tab and nothing else tab-separated."""
    tab_lines = [line for line in text.splitlines() if "\t" in line]
    if len(tab_lines) < 5:
        return False
    single = sum(1 for line in tab_lines if line.startswith("\t") and line.count("\t") == 1)
    return single / len(tab_lines) > 0.8


def _cells(lines: list[str], start: int) -> tuple[list[tuple[str, int]], int]:
    """Read cells (text, line number) from ``start`` until the table ends."""
    cells: list[list[str]] = []
    first_line: list[int] = []
    index, blank_before = start, False
    while index < len(lines):
        line = lines[index]
        if line.startswith("\t"):
            cells.append([line[1:]])
            first_line.append(index + 1)
            blank_before = False
        elif not line.strip():
            blank_before = True
        elif blank_before and not _continues(line) and _rows_complete(cells):
            break
        elif cells:
            cells[-1].append(line)
        index += 1
    texts = ["\n".join(part.strip() for part in cell if part.strip()) for cell in cells]
    return list(zip(texts, first_line, strict=True)), index


def _rows_complete(cells: list[list[str]]) -> bool:
    """The cells read so far make whole rows (the first body row may lack one merged cell)."""
    texts = ["\n".join(part.strip() for part in cell if part.strip()) for cell in cells]
    width = _header_width(texts)
    if width == 0:
        return True
    body = [t for t in texts[width:] if not _is_caption(t)]
    return bool(body) and (len(body) % width in (0, width - 1))


def _continues(line: str) -> bool:
    stripped = line.strip()
    return stripped[:1].islower() or stripped[:1] in "(–-,.;"


def _is_caption(text: str) -> bool:
    return section_code(text)[0] is not None and len(text) < 300


def _header_width(texts: list[str]) -> int:
    """Cells before the first caption, else the longest prefix of cells that all name a column role."""
    caption = next((i for i, t in enumerate(texts[:13]) if _is_caption(t)), None)
    if caption is not None and caption >= 2 and is_header_row(texts[:caption]):
        return caption
    width = 0
    for n in range(1, min(len(texts), 12) + 1):
        if texts[n - 1].strip() and classify_kind(texts[n - 1]) is ColumnKind.OTHER:
            break
        width = n
    return width if width >= 2 and is_header_row(texts[:width]) else 0


def _rows(cells: list[tuple[str, int]]) -> list[list[RawCell]]:
    """Header row, full-width caption rows and body rows aligned to the header width."""
    texts = [t for t, _ in cells]
    width = _header_width(texts)
    if width == 0:
        return [[RawCell(t, paragraph=line)] for t, line in cells]
    grid = [[RawCell(t, paragraph=line) for t, line in cells[:width]]]
    body: list[tuple[str, int]] = []

    def flush() -> None:
        short = (width - len(body) % width) % width
        padded = [("", body[0][1] if body else 0)] * short + body
        for offset in range(0, len(padded), width):
            row = [RawCell(t, paragraph=line) for t, line in padded[offset : offset + width]]
            if len(row) > 1 and not row[0].text and _LIST_NUMBER.match(row[1].text):
                row[0], row[1] = row[1], RawCell("", paragraph=row[1].paragraph)  # "6." is the lp. cell
            grid.append(row)
        body.clear()

    for text, line in cells[width:]:
        if _is_caption(text) and not body:
            grid.append([RawCell(text, paragraph=line)] * width)  # a caption spanning the table
            continue
        body.append((text, line))
    flush()
    return grid


def extract_cell_per_line(text: str, assembler: TableAssembler) -> None:
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = _BOOKMARK.sub("", lines[index])
        if line.startswith("\t"):
            cells, index = _cells(lines, index)
            assembler.table(_rows(cells))
            continue
        if line.strip():
            assembler.paragraph(" ".join(line.split()))
        index += 1
