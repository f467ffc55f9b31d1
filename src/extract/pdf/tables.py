"""Table grids from a pdfplumber page: ruled tables first, tables without rules (the word-box finder
:mod:`raporty.extract.grid.whitespace`) as a fallback.

A pdfplumber table is a set of cell rectangles. The grid keeps the document's own structure:
a cell spanning several columns repeats its text in every column it covers (as the DOCX
backend does for ``w:gridSpan``), and a cell spanning several rows leaves the rows below it
marked ``merged_from_above``. Lines wrapped inside a cell stay one cell, joined with "\\n".
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from pdfplumber.page import Page
from pdfplumber.table import Table as PlumberTable
from pdfplumber.utils import extract_text

from raporty.extract.grid.cells import cell_text
from raporty.extract.grid.whitespace import Layout, find_tables
from raporty.extract.grid.words import Word, cluster, group_lines
from raporty.extract.pdf.layout import BAND, PAGE_NUMBER
from raporty.extract.tables import RawCell

RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
MIN_TABLE_AREA = 2000.0  # pt²: smaller ruled boxes are frames or decorations, not tables
_TOL = 2.0  # pt: edges closer than this are the same grid line


@dataclass
class PageTable:
    """One table found on a page: its bounding box and its cell grid."""

    bbox: tuple[float, float, float, float]
    grid: list[list[RawCell]]
    ruled: bool
    layout: Layout | None = None  # columns of a table without rules (a next page may continue it)


def _is_italic(fontname: str) -> bool:
    lowered = fontname.lower()
    return "italic" in lowered or "oblique" in lowered


def _clean_cell_text(text: str | None) -> str:
    return cell_text(text.splitlines()) if text else ""


def _index(bounds: list[float], value: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - value))


def _cell_chars(chars: list[dict], bbox: tuple[float, float, float, float]) -> list[dict]:
    x0, top, x1, bottom = bbox
    return [
        c
        for c in chars
        if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]


def _grid(page: Page, table: PlumberTable, page_number: int) -> list[list[RawCell]]:
    cells = [c for c in table.cells if c is not None]
    xs = cluster([c[0] for c in cells] + [c[2] for c in cells], _TOL)
    ys = cluster([c[1] for c in cells] + [c[3] for c in cells], _TOL)
    width, height = len(xs) - 1, len(ys) - 1
    if width < 1 or height < 1:
        return []
    spans: list[tuple[int, int, int, int]] = []
    owner: dict[tuple[int, int], int] = {}  # grid slot → index of the cell covering it
    for bbox in cells:
        c0, c1 = _index(xs, bbox[0]), _index(xs, bbox[2])
        r0, r1 = _index(ys, bbox[1]), _index(ys, bbox[3])
        if c1 <= c0 or r1 <= r0:
            continue
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner[(r, c)] = len(spans)
        spans.append((r0, r1, c0, c1))
    chars_of: list[list[dict]] = [[] for _ in spans]
    for char in _cell_chars(page.chars, table.bbox):  # one pass: each character to the cell it sits in
        c = bisect_right(xs, (char["x0"] + char["x1"]) / 2) - 1
        r = bisect_right(ys, (char["top"] + char["bottom"]) / 2) - 1
        if (r, c) in owner:
            chars_of[owner[(r, c)]].append(char)
    grid: list[list[RawCell | None]] = [[None] * width for _ in range(height)]
    for (r0, r1, c0, c1), chars in zip(spans, chars_of, strict=True):
        text = _clean_cell_text(extract_text(chars)) if chars else ""
        italic = bool(text) and all(_is_italic(c["fontname"]) for c in chars if c["text"].strip())
        top_cell = RawCell(text=text, page=page_number, italic=italic)
        for r in range(r0, r1):
            for c in range(c0, c1):
                if r == r0:
                    grid[r][c] = top_cell  # a horizontal span repeats its text in every column
                else:
                    grid[r][c] = RawCell(text="", page=page_number, merged_from_above=True)
    return [[cell if cell is not None else RawCell("", page=page_number) for cell in row] for row in grid]


def page_words(page: Page) -> list[Word]:
    """The words of a page as word boxes; page numbers in the header/footer band are left out.

    Letters closer than ``settings.pdf_char_gap`` × the font size are one word."""
    from raporty.settings import settings

    found = page.extract_words(x_tolerance_ratio=settings.pdf_char_gap, y_tolerance=3, extra_attrs=["size"])
    words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], None, float(w["size"])) for w in found]
    height = float(page.height)
    kept: list[Word] = []
    for line in group_lines(words):
        in_band = line[0].top < BAND * height or line[0].bottom > (1 - BAND) * height
        if not (in_band and PAGE_NUMBER.match(" ".join(w.text for w in line))):
            kept.extend(line)
    return kept


def find_page_tables(page: Page, page_number: int, previous: Layout | None = None) -> list[PageTable]:
    """Ruled tables of the page; when there are none, the tables laid out without rules (found by their
    header, or carrying on the ``previous`` page's table without rules by its column layout)."""
    found: list[PageTable] = []
    for table in page.find_tables(RULED):
        x0, top, x1, bottom = table.bbox
        if (x1 - x0) * (bottom - top) < MIN_TABLE_AREA or len(table.rows) < 1:
            continue
        grid = _grid(page, table, page_number)
        if grid:
            found.append(PageTable(bbox=table.bbox, grid=grid, ruled=True))
    if found or not page.chars:
        return found
    for unruled in find_tables(page_words(page), page_number, previous=previous):
        found.append(PageTable(bbox=unruled.bbox, grid=unruled.grid, ruled=False, layout=unruled.layout))
    return found
