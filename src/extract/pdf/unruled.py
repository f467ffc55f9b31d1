"""Tables without ruling lines: columns from the white gutters between words, rows from line starts.

Used when a page has no ruled table. The header is found by its vocabulary (the same column-role
rules as everywhere, :func:`raporty.extract.columns.is_header_row`) over up to four consecutive
lines. Below it, words are grouped into phrases (words closer than about half the font size), and
the x ranges no phrase of a body line covers are the column gutters. A line that starts a number
in a column the current row already has filled, has something in the first column, or follows a
row gap larger than the line pitch starts a new row; other lines continue the row (wrapped
labels, "utrzymanie / wartości bazowej"). A line with one phrase wider than several columns is a
full-width row (the assembler turns those into sections).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from pdfplumber.page import Page

from raporty.extract.columns import classify_kind, is_header_row
from raporty.extract.pdf.layout import BAND, PAGE_NUMBER, cell_text
from raporty.extract.tables import RawCell
from raporty.models import ColumnKind

MAX_HEADER_LINES = 6
NEXT_HEADER_ROLES = 3  # a second header on a page must name more roles (wrapped body lines can name two)
PHRASE_GAP = 0.6  # × font size: a wider gap between two words separates two cells
SPANNING_SHARE = 0.45  # a phrase wider than this share of the table is a full-width row
ROW_GAP = 1.35  # × line pitch: a larger gap between lines starts a new row
_YEAR_PHRASE = re.compile(r"^(?:w\s+)?(?:19|20)\d{2}(?:\s*(?:r\.|roku|rok))?$", re.I)
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}|[IVXL]{1,6})[.)]?$")
_NUMERIC = re.compile(r"^(?:[-–]?\d[\d\s.,]*%?|b\.\s?d\.|x|-)(?:\s|$)", re.I)


@dataclass
class Phrase:
    text: str
    x0: float
    x1: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Line:
    top: float
    bottom: float
    size: float = 0.0
    phrases: list[Phrase] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.phrases)


def _lines(page: Page) -> list[Line]:
    """Text lines of the page split into phrases; page numbers in the header/footer band are left out."""
    words = page.extract_words(x_tolerance=1.5, y_tolerance=3, extra_attrs=["size"])
    words.sort(key=lambda w: (round(w["top"]), w["x0"]))
    rows: list[list[dict]] = []
    for word in words:
        if rows and abs(word["top"] - rows[-1][0]["top"]) <= 3:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        line = Line(
            top=min(w["top"] for w in row),
            bottom=max(w["bottom"] for w in row),
            size=median(float(w["size"]) for w in row),
        )
        for word in row:
            last = line.phrases[-1] if line.phrases else None
            if last is not None and word["x0"] - last.x1 <= PHRASE_GAP * float(word["size"]):
                last.text += " " + word["text"]
                last.x1 = word["x1"]
            else:
                line.phrases.append(Phrase(word["text"], word["x0"], word["x1"]))
        in_band = line.top < BAND * page.height or line.bottom > (1 - BAND) * page.height
        if not (in_band and PAGE_NUMBER.match(line.text)):
            lines.append(line)
    return lines


def _header_at(lines: list[Line], first: int = 0, min_roles: int = 2) -> tuple[int, int] | None:
    """(first line, number of lines) of the first header block at or after line ``first`` naming at
    least ``min_roles`` column roles."""
    for start in range(first, len(lines)):
        for count in range(1, MAX_HEADER_LINES + 1):
            block = lines[start : start + count]
            if len(block) < count:
                break
            if any(
                _NUMERIC.match(p.text) and not p.text.lower().startswith(("x", "-"))
                for p in block[-1].phrases
            ):
                break
            texts = [p.text for line in block for p in line.phrases]
            roles = {classify_kind(t) for t in texts} - {ColumnKind.OTHER}
            if is_header_row(texts) and len(roles) >= min_roles and len(block[0].phrases) >= 2:
                # extend over following header lines (no numbers) that still align under the header
                end = start + count
                while end < len(lines) and end - start < MAX_HEADER_LINES and not _has_number(lines[end]):
                    if len(lines[end].phrases) < 2 and not _YEAR_PHRASE.match(lines[end].text):
                        break
                    end += 1
                return start, end - start
    return None


def _has_number(line: Line) -> bool:
    """A quantity in the line; years ("2021 roku", header wraps) do not count."""
    return any(_NUMERIC.match(p.text) and not _YEAR_PHRASE.match(p.text) for p in line.phrases)


def _gutters(body: list[Line], header: list[Line], x0: float, x1: float) -> list[float]:
    """Column borders: the middle of every x range that no phrase of a (non-spanning) body line covers.

    A column that is empty on this page leaves a wide gutter; header phrases standing inside such a
    gutter (the empty column's header) split it, so the page keeps the columns its header names.
    """
    spans = sorted(
        (p.x0, p.x1) for line in body for p in line.phrases if (p.x1 - p.x0) < SPANNING_SHARE * (x1 - x0)
    )
    gaps: list[tuple[float, float]] = []
    reach = x0
    for start, end in spans:
        if start > reach + 1:
            gaps.append((reach, start))
        reach = max(reach, end)
    heads = _stacks([p for line in header for p in line.phrases])
    borders: list[float] = []
    for left, right in gaps:
        inside = [(a, b) for a, b in heads if a > left and b < right]
        edges = [left] + [x for a, b in inside for x in (a, b)] + [right]
        borders.extend((edges[i] + edges[i + 1]) / 2 for i in range(0, len(edges), 2))
    return borders


def _stacks(phrases: list[Phrase]) -> list[tuple[float, float]]:
    """x ranges of header phrases stacked over each other (one multi-line header cell each)."""
    ranges: list[tuple[float, float]] = []
    for a, b in sorted((p.x0, p.x1) for p in phrases):
        if ranges and a <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], b))
        else:
            ranges.append((a, b))
    return ranges


def _column(borders: list[float], x: float) -> int:
    return sum(1 for b in borders if x > b)


def _is_spanning(line: Line, borders: list[float]) -> bool:
    return len(line.phrases) == 1 and _column(borders, line.phrases[0].x0) != _column(
        borders, line.phrases[0].x1
    )


def find_unruled_tables(
    page: Page, page_number: int
) -> list[tuple[tuple[float, float, float, float], list[list[RawCell]]]]:
    """(bbox, grid) of every table laid out without rules on ``page``, top to bottom."""
    lines = _lines(page)
    tables = []
    found = _header_at(lines)
    while found is not None:
        start, count = found
        following = _header_at(lines, start + count, min_roles=NEXT_HEADER_ROLES)
        end = following[0] if following else len(lines)
        table = _table(lines[start : start + count], lines[start + count : end], page_number)
        if table is not None:
            tables.append(table)
        found = following
    return tables


def _table_body(header: list[Line], body: list[Line]) -> list[Line]:
    """The body lines that belong to the table: up to a large gap or a line set in a heading font;
    full-width lines just before the next table's header are that table's heading, not rows."""
    pitch = median([b.top - a.top for a, b in zip(body, body[1:], strict=False)] or [12.0])
    size = median([line.size for line in header + body])
    for i in range(1, len(body)):
        if body[i].top - body[i - 1].bottom > 3 * pitch or body[i].size > size + 1.5:
            body = body[:i]
            break
    return body


def _table(
    header: list[Line], body: list[Line], page_number: int
) -> tuple[tuple[float, float, float, float], list[list[RawCell]]] | None:
    body = _table_body(header, body)
    if not body:
        return None
    x0 = min(p.x0 for line in header + body for p in line.phrases)
    x1 = max(p.x1 for line in header + body for p in line.phrases)
    borders = _gutters(body, header, x0, x1)
    width = len(borders) + 1
    if width < 3:
        return None
    while body and _is_spanning(body[-1], borders):
        body = body[:-1]  # full-width lines after the last row: the text that follows the table
    if not body:
        return None

    def cells_of(line: Line) -> list[str]:
        texts = [""] * width
        for phrase in line.phrases:
            col = _column(borders, phrase.center)
            texts[col] = f"{texts[col]} {phrase.text}".strip()
        return texts

    header_row = [""] * width
    for line in header:
        for col, text in enumerate(cells_of(line)):
            if text:
                header_row[col] = f"{header_row[col]}\n{text}".strip()
    rows: list[list[str]] = []
    previous: Line | None = None
    line_pitch = min([b.top - a.top for a, b in zip(body, body[1:], strict=False)] or [12.0])
    for line in body:
        if _is_spanning(line, borders):
            rows.append([line.text] * width)
            previous = None
            continue
        texts = cells_of(line)
        current = rows[-1] if rows and previous is not None else None
        gap = line.top - previous.top if previous is not None else None
        starts = (
            current is None
            or bool(_ROW_NUMBER.match(texts[0]))
            or (gap is not None and gap > ROW_GAP * line_pitch)
            or any(t and _NUMERIC.match(t) and current[i] for i, t in enumerate(texts))
        )
        if starts:
            rows.append(texts)
        else:
            assert current is not None  # no row starts only while one is open
            for i, text in enumerate(texts):
                if text:
                    current[i] = f"{current[i]}\n{text}".strip()
        previous = line
    grid = [[RawCell(cell_text(t.split("\n")), page=page_number) for t in row] for row in [header_row, *rows]]
    bbox = (x0, header[0].top, x1, body[-1].bottom)
    return bbox, grid
