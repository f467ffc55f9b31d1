"""Tables from OCR word boxes: ruling lines found in the page image, tables built by the grid finder.

Horizontal and vertical rules are found as long runs of dark pixels (:func:`find_rules`) and erased
before OCR; the ruled tables are then built from those lines and the word boxes by
:mod:`raporty.extract.grid.ruled`, the same for every medium. Pages without rules go to the
word-box finder shared with text PDFs (:mod:`raporty.extract.grid.whitespace`). Words outside
tables are grouped into paragraphs by tesseract's block/paragraph numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from raporty.extract.grid.ruled import Reread, Segment, ruled_bands, ruled_grid, split_tables
from raporty.extract.grid.whitespace import find_tables
from raporty.extract.grid.words import group_lines, runs, typical_height
from raporty.extract.scan.tesseract import OcrWord
from raporty.extract.tables import RawCell

RULE_CONTRAST = 45  # a pixel this much darker than the paper can be part of a ruling line (grey rules too)


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
    for bands in split_tables(ruled_bands(horizontal, vertical, tolerance), tolerance):
        grid, ids = ruled_grid(bands, words, page, tolerance, height, reread, horizontal)
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
