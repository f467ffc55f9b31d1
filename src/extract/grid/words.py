"""Word boxes and the geometry every table finder shares: text lines, phrases, clusters, gutters.

A word box is anything with ``text``, ``x0``, ``x1``, ``top``, ``bottom`` and ``conf`` (None
for a text PDF, 0–100 for OCR); :class:`Word` is the plain one. Units are whatever the medium
uses (PDF points, image pixels): every threshold is relative to the text height.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median
from typing import Protocol, TypeVar

import numpy as np

_DIGIT = re.compile(r"\d")


class WordBox(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def x0(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...
    @property
    def conf(self) -> float | None: ...


W = TypeVar("W", bound=WordBox)


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float | None = None
    size: float = 0.0  # font size when the medium knows it (PDF); 0: the box height stands in
    italic: bool = False  # set in an italic font (PDF)
    bold: bool | None = None  # set in a bold font (PDF); None where the medium does not tell (OCR)

    @property
    def height(self) -> float:
        return self.size or (self.bottom - self.top)


def typical_height(words: list[W]) -> float:
    """Median height of the words longer than one character (20 when there are none)."""
    heights = [w.bottom - w.top for w in words if len(w.text) > 1]
    return float(median(heights)) if heights else 20.0


def cluster(values: list[float], tolerance: float) -> list[float]:
    """Sorted centres of 1-D clusters: a value within ``tolerance`` of the previous one joins its cluster."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def group_lines(words: list[W], height: float | None = None) -> list[list[W]]:
    """Words clustered into text lines by their vertical centre (within half a text height of the
    line's mean), top to bottom, each line left to right."""
    if not words:
        return []
    tolerance = 0.5 * (height or typical_height(words))
    lines: list[list[W]] = []
    sums: list[float] = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        centre = (word.top + word.bottom) / 2
        if lines and abs(centre - sums[-1] / len(lines[-1])) <= tolerance:
            lines[-1].append(word)
            sums[-1] += centre
        else:
            lines.append([word])
            sums.append(centre)
    return [sorted(line, key=lambda w: w.x0) for line in lines]


@dataclass
class Phrase:
    """Words of one line closer to each other than a column gap: the text of one cell on that line."""

    words: list = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


def phrases(line: list[W], gap: float) -> list[Phrase]:
    """The words of a line (left to right) split wherever the space between two words is wider than ``gap``."""
    out: list[Phrase] = []
    for word in line:
        if out and word.x0 - out[-1].x1 <= gap:
            out[-1].words.append(word)
        else:
            out.append(Phrase([word]))
    return out


def gutters(
    spans: list[tuple[float, float]], left: float, right: float, min_width: float = 0.0, ends: bool = False
) -> list[tuple[float, float]]:
    """Stretches of [left, right] that no span covers, at least ``min_width`` wide: the gaps between
    spans, and with ``ends`` also the stretches before the first span and after the last."""
    out: list[tuple[float, float]] = []
    reach, seen = left, False
    for start, end in sorted(spans):
        if start - reach >= min_width and start > reach and (seen or ends) and reach < right:
            out.append((reach, min(start, right)))
        reach, seen = max(reach, end), True
    if ends and right - reach >= min_width:
        out.append((reach, right))
    return out


def lowest_number_confidence(words: list[W]) -> float | None:
    """The lowest confidence of the words holding a digit (None without OCR confidences or numbers)."""
    found = [w.conf for w in words if w.conf is not None and _DIGIT.search(w.text)]
    return min(found) if found else None


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) index pairs of True runs in a 1-D bool array (end exclusive)."""
    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]
