"""Ruled tables from ruling lines and word boxes, whatever the medium: the lines a scan's image shows
(:func:`raporty.extract.scan.page_table.find_rules`) or a PDF draws, in the units of its words.

The bands between horizontal rules that at least two vertical rules cross are table rows, and the
vertical rules crossing a band split it into cells. Touching bands form one table. A cell with no
horizontal rule between it and the cell above (same column borders) spans both bands: its words
join the cell above and its slot is marked ``merged_from_above``; a band with no rule between two
columns has one cell spanning them, its text repeated in each (as a DOCX grid span is). Pure
functions: no image, no pdfplumber or tesseract objects (reading a cell again is a callback).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from raporty.extract.grid.cells import cell_from_words
from raporty.extract.grid.words import W, WordBox, cluster
from raporty.extract.tables import RawCell


@dataclass(frozen=True)
class Segment:
    """A ruling line: ``pos`` is y for a horizontal rule and x for a vertical one; start–end along it."""

    pos: int
    start: int
    end: int


@dataclass
class Band:
    top: int
    bottom: int
    separators: list[float]  # x of the vertical rules crossing the band


def ruled_bands(horizontal: list[Segment], vertical: list[Segment], tolerance: int) -> list[Band]:
    """Bands between horizontal rules that at least two vertical rules cross. The ends of the long
    vertical rules also bound bands (a table whose closing rule is missing); short vertical marks
    (specks, a smudged cell) do not cut rows."""
    longest = max((s.end - s.start for s in vertical), default=0)
    outline = [s for s in vertical if s.end - s.start >= longest / 2]
    ys = cluster(
        [float(s.pos) for s in horizontal] + [float(v) for s in outline for v in (s.start, s.end)], tolerance
    )
    bands: list[Band] = []
    for top, bottom in zip(ys, ys[1:], strict=False):
        if bottom - top < 2 * tolerance:
            continue
        crossing = [s.pos for s in vertical if s.start <= top + tolerance and s.end >= bottom - tolerance]
        separators = cluster([float(x) for x in crossing], tolerance)
        if len(separators) >= 2:
            bands.append(Band(int(top), int(bottom), separators))
    return bands


def split_tables(bands: list[Band], tolerance: int) -> list[list[Band]]:
    """Consecutive bands that touch (one's bottom rule is the next one's top) form one table."""
    tables: list[list[Band]] = []
    for band in bands:
        if tables and band.top - tables[-1][-1].bottom <= tolerance and _overlap(tables[-1][-1], band):
            tables[-1].append(band)
        else:
            tables.append([band])
    return tables


def _overlap(a: Band, b: Band) -> bool:
    return min(a.separators[-1], b.separators[-1]) > max(a.separators[0], b.separators[0])


#: Reads the words inside boxes (left, top, right, bottom) of the page again, each box on its own;
#: one call for many boxes so that tesseract starts once.
Reread = Callable[[list[tuple[int, int, int, int]]], list[list[Any]]]
#: A cell holding a word read with less confidence than this is read again on its own.
REREAD_BELOW = 70.0
#: Words found in a cell the page reading left empty are kept from this mean confidence up.
EMPTY_REREAD_MIN = 50.0


def _mean_conf(words: list) -> float:
    """Mean confidence of OCR words (a text PDF's words, with none, count as sure)."""
    return sum(100.0 if w.conf is None else w.conf for w in words) / len(words) if words else 0.0


def _centre(word: WordBox) -> tuple[float, float]:
    return (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2


def _ruled_at(horizontal: list[Segment], y: float, x: float, tolerance: int) -> bool:
    """A horizontal rule runs at height ``y`` through ``x``."""
    return any(
        abs(s.pos - y) <= tolerance and s.start - tolerance <= x <= s.end + tolerance for s in horizontal
    )


def ruled_grid(
    bands: list[Band],
    words: list[W],
    page: int | None,
    tolerance: int,
    height: float,
    reread: Reread | None = None,
    horizontal: list[Segment] | None = None,
) -> tuple[list[list[RawCell]], set[int]]:
    """The cell grid of one ruled table and the ids of the words it used.

    A cell with no horizontal rule between it and the cell above (same column borders) is one
    cell spanning both bands: its words join the cell above and its slot is marked
    ``merged_from_above``, as a ruled PDF's row-spanning cell is. Header cells, empty cells and
    cells with doubtful words are read again from their crop (page-level layout analysis misreads short
    header lines more often than a cell read alone); the second reading is kept when it is at
    least as confident."""
    columns = cluster([x for band in bands for x in band.separators], tolerance)
    used: set[int] = set()
    Key = tuple[int, float, float]
    cells: dict[Key, list[W]] = {}
    boxes: dict[Key, tuple[int, int, int, int]] = {}
    owner: dict[Key, Key] = {}  # a band cell merged into the cell above → the cell it belongs to
    layout: list[list[Key | None]] = []
    merged: set[tuple[int, int]] = set()  # (band, column) slots merged into the cell above
    for band_index, band in enumerate(bands):
        in_band = [
            w
            for w in words
            if band.top <= _centre(w)[1] < band.bottom
            and band.separators[0] <= _centre(w)[0] < band.separators[-1]
        ]
        used.update(id(w) for w in in_band)
        keys: list[Key | None] = []
        for col, (left, right) in enumerate(zip(columns, columns[1:], strict=False)):
            mid = (left + right) / 2
            # the band cell holding this table column: between the band separators around its middle
            lo = max((x for x in band.separators if x <= mid), default=None)
            hi = min((x for x in band.separators if x > mid), default=None)
            if lo is None or hi is None:
                keys.append(None)
                continue
            key = (band_index, lo, hi)
            above = layout[-1][col] if layout else None
            if (
                horizontal is not None
                and above is not None
                and above[1:] == (lo, hi)
                and not _ruled_at(horizontal, band.top, mid, tolerance)
            ):
                target = owner.get(above, above)
                if key not in owner:
                    owner[key] = target
                    cells[target].extend(w for w in in_band if lo <= _centre(w)[0] < hi)
                    boxes.pop(target, None)  # a crop of its first band alone would lose the rest
                merged.add((band_index, col))
                keys.append(target)
                continue
            if key not in cells:
                cells[key] = [w for w in in_band if lo <= _centre(w)[0] < hi]
                doubtful = any(w.conf is not None and w.conf < REREAD_BELOW for w in cells[key])
                if (
                    (not cells[key] or band_index == 0 or doubtful)
                    and hi - lo > 12
                    and band.bottom - band.top > 12
                ):
                    boxes[key] = (int(lo) + 3, band.top + 3, int(hi) - 3, band.bottom - 3)
            keys.append(key)
        layout.append(keys)
    if reread is not None and boxes:
        for key, again in zip(boxes, reread(list(boxes.values())), strict=True):
            # an empty cell read again may hold what the page read missed (a lone "3"), not a speck
            floor = _mean_conf(cells[key]) - 1.0 if cells[key] else EMPTY_REREAD_MIN
            if again and _mean_conf(again) >= floor:
                cells[key] = again
    built = {key: cell_from_words(found, page, height) for key, found in cells.items()}
    grid = [
        [
            RawCell("", page=page, merged_from_above=True)
            if (r, c) in merged
            else built[key]
            if key is not None
            else RawCell("", page=page)
            for c, key in enumerate(keys)
        ]
        for r, keys in enumerate(layout)
    ]
    return grid, used
