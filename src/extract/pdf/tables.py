"""Table grids from a pdfplumber page: ruled tables from the lines the page draws, tables without
rules (the word-box finder :mod:`raporty.extract.grid.whitespace`) as a fallback.

The page's edges (its drawn lines and the sides of its rectangles) become ruling segments, and the
ruled tables are built from them and the page's words by :mod:`raporty.extract.grid.ruled`, the
same finder a scan's image lines go through. The grid keeps the document's own structure: a cell
spanning several columns repeats its text in every column it covers (as the DOCX backend does for
``w:gridSpan``), and a cell spanning several rows leaves the rows below it marked
``merged_from_above``. Lines wrapped inside a cell stay one cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from pdfplumber.page import Page

from raporty.extract.grid.ruled import Segment, ruled_bands, ruled_grid, split_tables
from raporty.extract.grid.whitespace import Layout, find_tables
from raporty.extract.grid.words import Word, group_lines
from raporty.extract.pdf.layout import BAND, PAGE_NUMBER
from raporty.extract.tables import RawCell

MIN_TABLE_AREA = 2000.0  # pt²: smaller ruled boxes are frames or decorations, not tables
_TOL = 2  # pt: edges closer than this are the same grid line


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


def _is_bold(fontname: str) -> bool:
    lowered = fontname.lower()
    return any(weight in lowered for weight in ("bold", "black", "heavy"))


def edge_segments(page: Page) -> tuple[list[Segment], list[Segment]]:
    """(horizontal, vertical) ruling segments of the page, in points (rounded)."""
    horizontal, vertical = [], []
    for edge in page.edges:
        if edge["orientation"] == "h":
            horizontal.append(Segment(round(edge["top"]), round(edge["x0"]), round(edge["x1"])))
        else:
            vertical.append(Segment(round(edge["x0"]), round(edge["top"]), round(edge["bottom"])))
    return horizontal, vertical


def ruled_tables(page: Page, page_number: int, words: list[Word]) -> list[PageTable]:
    """Tables drawn with lines (:mod:`raporty.extract.grid.ruled`); small boxes are not tables."""
    horizontal, vertical = edge_segments(page)
    found = []
    for bands in split_tables(ruled_bands(horizontal, vertical, _TOL), _TOL):
        bbox = (bands[0].separators[0], float(bands[0].top), bands[0].separators[-1], float(bands[-1].bottom))
        if (bbox[2] - bbox[0]) * (bbox[3] - bbox[1]) < MIN_TABLE_AREA:
            continue
        height = float(max(w.height for w in words)) if words else None
        grid, _ = ruled_grid(bands, words, page_number, _TOL, height or 8.0, None, horizontal)
        if grid:
            found.append(PageTable(bbox=bbox, grid=grid, ruled=True))
    return found


def page_words(page: Page) -> list[Word]:
    """The words of a page as word boxes; page numbers in the header/footer band are left out.

    Letters closer than ``settings.pdf_char_gap`` × the font size are one word."""
    from raporty.settings import settings

    found = page.extract_words(
        x_tolerance_ratio=settings.pdf_char_gap, y_tolerance=3, extra_attrs=["size", "fontname"]
    )
    words = [
        Word(
            w["text"],
            w["x0"],
            w["x1"],
            w["top"],
            w["bottom"],
            None,
            float(w["size"]),
            _is_italic(w["fontname"]),
            _is_bold(w["fontname"]),
        )
        for w in found
    ]
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
    words = page_words(page)
    found = ruled_tables(page, page_number, words)
    if found or not page.chars:
        return found
    for unruled in find_tables(words, page_number, previous=previous):
        found.append(PageTable(bbox=unruled.bbox, grid=unruled.grid, ruled=False, layout=unruled.layout))
    return found
