"""Tables from OCR word boxes: ruling lines from the page image, rows and columns from geometry.

Ruled tables (the usual scanned report) are read from their lines: horizontal and vertical rules
are found as long runs of dark pixels; the bands between horizontal rules that at least two
vertical rules cross are table rows, and the vertical rules crossing a band split it into cells.
A cell whose band has no rule between two table columns spans them, and its text is repeated in
each (as a DOCX grid span is). Tables without rules go to the word-box finder shared with text
PDFs (:mod:`raporty.extract.grid.whitespace`).
Words outside tables are grouped into paragraphs by tesseract's block/paragraph numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from raporty.extract.grid.cells import cell_text
from raporty.extract.grid.whitespace import find_tables
from raporty.extract.grid.words import cluster, group_lines, lowest_number_confidence, runs, typical_height
from raporty.extract.scan.tesseract import OcrWord
from raporty.extract.tables import RawCell

RULE_CONTRAST = 45  # a pixel this much darker than the paper can be part of a ruling line (grey rules too)


@dataclass(frozen=True)
class Segment:
    """A ruling line: ``pos`` is y for a horizontal rule and x for a vertical one; start–end along it."""

    pos: int
    start: int
    end: int


@dataclass
class PageItem:
    """A table grid or a paragraph of text, with the y it starts at (for reading order)."""

    top: float
    grid: list[list[RawCell]] | None = None
    text: str | None = None


@dataclass
class PageLayout:
    items: list[PageItem] = field(default_factory=list)


# -- ruling lines ----------------------------------------------------------------------------------
def _longruns(dark: np.ndarray, length: int) -> np.ndarray:
    """Pixels that lie on a horizontal run of at least ``length`` dark pixels (row-wise)."""
    if dark.shape[1] < length:
        return np.zeros_like(dark)
    cs = np.cumsum(dark, axis=1, dtype=np.int32)
    cs = np.concatenate([np.zeros((dark.shape[0], 1), np.int32), cs], axis=1)
    ends = (cs[:, length:] - cs[:, :-length]) == length  # run of `length` ending at column j+length-1
    # a run ending at e covers e-length+1 … e: mark starts with +1 and ends+1 with -1, then cumsum
    starts = np.zeros((dark.shape[0], dark.shape[1] + 1), np.int32)
    starts[:, : ends.shape[1]] += ends
    starts[:, length : length + ends.shape[1]] -= ends
    covered = np.cumsum(starts[:, :-1], axis=1) > 0
    return covered


def _segments(on_rule: np.ndarray, min_length: int, max_thickness: int) -> tuple[list[Segment], np.ndarray]:
    """Ruling segments from a mask of long dark runs (rows = positions across the rule), and the mask
    of the pixels they cover. A run band thicker on average than ``max_thickness`` is a smear of
    text or a dark picture, not a rule."""
    kept = np.zeros_like(on_rule)
    rows = np.flatnonzero(on_rule.any(axis=1))
    segments: list[Segment] = []
    if rows.size == 0:
        return segments, kept
    groups = np.split(rows, np.flatnonzero(np.diff(rows) > 2) + 1)
    for group in groups:
        block = on_rule[group[0] : group[-1] + 1]
        along = np.asarray(block.any(axis=0))
        pos = int(round(float(group.mean())))
        for start, end in runs(along):
            if end - start < min_length or block[:, start:end].sum() / (end - start) > max_thickness:
                continue
            segments.append(Segment(pos, start, end))
            kept[group[0] : group[-1] + 1, start:end] = block[:, start:end]
    return segments, kept


@dataclass
class Rules:
    horizontal: list[Segment]
    vertical: list[Segment]
    mask: np.ndarray  # pixels on a ruling line


def find_rules(image: Image.Image) -> Rules:
    """Horizontal and vertical ruling lines of a grey-scale page image (the paper's grey level is the
    median pixel, so grey rules and greyish scans are found as well as black on white)."""
    pixels = np.asarray(image.convert("L"))
    paper = float(np.median(pixels))
    dark = pixels < max(60.0, paper - RULE_CONTRAST)
    height, width = dark.shape
    h_len = max(40, width // 20)
    v_len = max(25, height // 50)
    on_h = _longruns(dark, h_len)
    on_v = _longruns(dark.T, v_len)
    thickness = max(6, max(height, width) // 250)
    horizontal, on_h = _segments(on_h, h_len, thickness)
    vertical, on_v = _segments(on_v, v_len, thickness)
    if horizontal:  # a table's vertical rules meet a horizontal rule at one end at least
        reach = thickness + 2
        loose = [
            v
            for v in vertical
            if not any(
                h.start - reach <= v.pos <= h.end + reach
                and min(abs(h.pos - v.start), abs(h.pos - v.end)) <= reach
                for h in horizontal
            )
        ]
        for v in loose:
            on_v[v.pos - 3 * thickness : v.pos + 3 * thickness, v.start : v.end] = False
        vertical = [v for v in vertical if v not in loose]
    return Rules(horizontal, vertical, on_h | on_v.T)


def erase_rules(image: Image.Image, rules: Rules) -> Image.Image:
    """A copy of the page with ruling lines (and a pixel around them) painted white, so tesseract
    reads neither "|" nor "_" from them and finds the cell text blocks more easily."""
    if not rules.mask.any():
        return image
    mask = rules.mask.copy()
    mask[1:, :] |= rules.mask[:-1, :]
    mask[:-1, :] |= rules.mask[1:, :]
    mask[:, 1:] |= rules.mask[:, :-1]
    mask[:, :-1] |= rules.mask[:, 1:]
    pixels = np.asarray(image.convert("L")).copy()
    pixels[mask] = 255
    return Image.fromarray(pixels)


# -- words into lines and cells --------------------------------------------------------------------
def join_lines(lines: list[str]) -> str:
    """Text lines of one cell or paragraph joined by spaces; a line-end hyphen joins without one."""
    text = ""
    for line in lines:
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha():
            text += line
        elif text:
            text += " " + line
        else:
            text = line
    return text


def cell_from_words(words: list[OcrWord], page: int | None, height: float | None = None) -> RawCell:
    """A RawCell: words in reading order, its lines joined as every table cell's are
    (:func:`~raporty.extract.grid.cells.cell_text`), confidence = lowest of its number words."""
    lines = group_lines(words, height)
    text = cell_text([" ".join(w.text for w in line) for line in lines])
    return RawCell(text=text, page=page, confidence=lowest_number_confidence(words))


# -- ruled tables ---------------------------------------------------------------------------------
@dataclass
class _Band:
    top: int
    bottom: int
    separators: list[float]  # x of the vertical rules crossing the band


def _ruled_bands(horizontal: list[Segment], vertical: list[Segment], tolerance: int) -> list[_Band]:
    """Bands between horizontal rules that at least two vertical rules cross. The ends of the long
    vertical rules also bound bands (a table whose closing rule is missing); short vertical marks
    (specks, a smudged cell) do not cut rows."""
    longest = max((s.end - s.start for s in vertical), default=0)
    outline = [s for s in vertical if s.end - s.start >= longest / 2]
    ys = cluster(
        [float(s.pos) for s in horizontal] + [float(v) for s in outline for v in (s.start, s.end)], tolerance
    )
    bands: list[_Band] = []
    for top, bottom in zip(ys, ys[1:], strict=False):
        if bottom - top < 2 * tolerance:
            continue
        crossing = [s.pos for s in vertical if s.start <= top + tolerance and s.end >= bottom - tolerance]
        separators = cluster([float(x) for x in crossing], tolerance)
        if len(separators) >= 2:
            bands.append(_Band(int(top), int(bottom), separators))
    return bands


def _split_tables(bands: list[_Band], tolerance: int) -> list[list[_Band]]:
    """Consecutive bands that touch (one's bottom rule is the next one's top) form one table."""
    tables: list[list[_Band]] = []
    for band in bands:
        if tables and band.top - tables[-1][-1].bottom <= tolerance and _overlap(tables[-1][-1], band):
            tables[-1].append(band)
        else:
            tables.append([band])
    return tables


def _overlap(a: _Band, b: _Band) -> bool:
    return min(a.separators[-1], b.separators[-1]) > max(a.separators[0], b.separators[0])


#: Reads the words inside boxes (left, top, right, bottom) of the page again, each box on its own;
#: one call for many boxes so that tesseract starts once.
Reread = Callable[[list[tuple[int, int, int, int]]], list[list[OcrWord]]]
#: A cell holding a word read with less confidence than this is read again on its own.
REREAD_BELOW = 70.0
#: Words found in a cell the page reading left empty are kept from this mean confidence up.
EMPTY_REREAD_MIN = 50.0


def _mean_conf(words: list[OcrWord]) -> float:
    return sum(w.conf for w in words) / len(words) if words else 0.0


def _ruled_at(horizontal: list[Segment], y: float, x: float, tolerance: int) -> bool:
    """A horizontal rule runs at height ``y`` through ``x``."""
    return any(
        abs(s.pos - y) <= tolerance and s.start - tolerance <= x <= s.end + tolerance for s in horizontal
    )


def _ruled_grid(
    bands: list[_Band],
    words: list[OcrWord],
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
    cells: dict[Key, list[OcrWord]] = {}
    boxes: dict[Key, tuple[int, int, int, int]] = {}
    owner: dict[Key, Key] = {}  # a band cell merged into the cell above → the cell it belongs to
    layout: list[list[Key | None]] = []
    merged: set[tuple[int, int]] = set()  # (band, column) slots merged into the cell above
    for band_index, band in enumerate(bands):
        in_band = [
            w
            for w in words
            if band.top <= w.center_y < band.bottom and band.separators[0] <= w.center_x < band.separators[-1]
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
                    cells[target].extend(w for w in in_band if lo <= w.center_x < hi)
                    boxes.pop(target, None)  # a crop of its first band alone would lose the rest
                merged.add((band_index, col))
                keys.append(target)
                continue
            if key not in cells:
                cells[key] = [w for w in in_band if lo <= w.center_x < hi]
                doubtful = any(w.conf < REREAD_BELOW for w in cells[key])
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


# -- page layout ----------------------------------------------------------------------------------
def _paragraphs(words: list[OcrWord], height: float) -> list[PageItem]:
    groups: dict[tuple[int, int], list[OcrWord]] = {}
    for word in words:
        groups.setdefault((word.block, word.par), []).append(word)
    items = []
    for group in groups.values():
        lines = group_lines(group, height)
        text = join_lines([" ".join(w.text for w in line) for line in lines])
        if text.strip():
            items.append(PageItem(top=float(min(w.top for w in group)), text=text))
    return items


def page_layout(
    words: list[OcrWord], rules: Rules, image_height: int, page: int | None, reread: Reread | None = None
) -> PageLayout:
    """Tables (ruled, else by whitespace) and paragraphs of one OCR'd page, in reading order."""
    layout = PageLayout()
    if not words:
        return layout
    height = typical_height(words)
    tolerance = max(4, image_height // 300)
    horizontal, vertical = rules.horizontal, rules.vertical
    used: set[int] = set()
    for bands in _split_tables(_ruled_bands(horizontal, vertical, tolerance), tolerance):
        grid, ids = _ruled_grid(bands, words, page, tolerance, height, reread, horizontal)
        used |= ids
        if any(c.text for row in grid for c in row):
            layout.items.append(PageItem(top=float(bands[0].top), grid=grid))
    rest = [w for w in words if id(w) not in used]
    if not layout.items:
        for table in find_tables(rest, page, headerless=True):
            layout.items.append(PageItem(top=table.bbox[1], grid=table.grid))
            used |= table.words
        rest = [w for w in words if id(w) not in used]
    layout.items.extend(_paragraphs(rest, height))
    layout.items.sort(key=lambda item: item.top)
    return layout
