"""Tables laid out without rules, found in word boxes (text PDFs and OCR'd scans alike).

* **Header.** A block of up to six lines whose phrases name at least two column roles (the
  same header vocabulary as everywhere, :func:`raporty.extract.columns.is_header_row`).
* **Columns.** The x ranges no phrase of a body line covers are the gutters; a single-phrase line
  that crosses a gap between two header cells is a full-width row and does not count. A wide
  gutter with header cells standing inside it (a column empty on this page) is split by them.
* **Rows.** When the lines are spaced unevenly, a gap clearly larger than the smallest line
  pitch (a cell's own leading) starts a row; with even spacing (one line per row) a line whose
  first column starts with a capital, a digit or a row number does. A full-width phrase is a row
  of its own (the assembler turns those into sections).
* **Continuation.** Lines at the top of a page that fit the column layout of the table that
  ended the last page (:class:`Layout`) form a headerless part of that table.

Without a header, ``headerless=True`` still gives blocks of three or more lines with at least two
phrases each as tables (scans, where OCR pages are read one by one); the assembler decides
whether such a block continues the table before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

import numpy as np

from raporty.extract.columns import classify_kind, is_header_row
from raporty.extract.grid.cells import cell_from_words, year_broken
from raporty.extract.grid.headers import has_quantity
from raporty.extract.grid.words import (
    Phrase,
    W,
    group_lines,
    gutters,
    phrases,
    typical_height,
)
from raporty.extract.tables import RawCell
from raporty.models import ColumnKind
from raporty.settings import settings

MAX_HEADER_LINES = 10
#: roles a further header on the page must name, unless a heading or caption line stands above it
#: (wrapped body lines such as "utrzymanie / wartości bazowej" can name two)
NEXT_HEADER_ROLES = 3
#: the leading of wrapped text is at most this × the font size (single to 1.5 line spacing); a table
#: whose rows are all one line gives no wrapped line to measure it from
MAX_LEADING = 1.5
#: lines of two or more phrases enough to read the column gutters from them alone
MIN_COLUMN_LINES = 3
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}|[IVXL]{1,6})[.)]?$")

Box = tuple[float, float, float, float]


@dataclass
class Line:
    words: list
    phrases: list[Phrase]
    height: float  # font size (PDF) or its estimate (OCR)
    sized: bool = True  # the font size is known, not estimated

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def middle(self) -> float:
        return float(median((w.top + w.bottom) / 2 for w in self.words))

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.phrases)

    @property
    def bold(self) -> bool | None:
        """All its words set in bold (None when the medium does not tell the weight: OCR)."""
        weights = [getattr(w, "bold", None) for w in self.words]
        return None if None in weights else all(weights)


@dataclass(frozen=True)
class Layout:
    """The column layout of a table: its x extent and the borders between its columns."""

    x0: float
    x1: float
    borders: tuple[float, ...]

    def column(self, x: float) -> int:
        return sum(1 for b in self.borders if x > b)

    @property
    def width(self) -> int:
        return len(self.borders) + 1


@dataclass
class FoundTable:
    bbox: Box
    grid: list[list[RawCell]]
    layout: Layout
    words: set[int] = field(default_factory=set)  # ids of the word boxes the table used
    headed: bool = True


#: font size ≈ this × the height of an OCR word box (tight around the ink, so smaller than the font)
BOX_TO_FONT = 1.4


def _size(word: object) -> float:
    """The font size of a word: known in a PDF, estimated from the box height for OCR."""
    return float(getattr(word, "size", 0.0) or BOX_TO_FONT * (word.bottom - word.top))  # type: ignore[attr-defined]


def text_lines(words: list[W]) -> list[Line]:
    """Lines of phrases: words closer than ``grid_phrase_gap`` × the text size share a phrase."""
    height = typical_height(words)
    out = []
    for line in group_lines(words, height):
        size = float(median(_size(w) for w in line))
        sized = all(getattr(w, "size", 0.0) for w in line)
        out.append(Line(line, phrases(line, settings.grid_phrase_gap * size), size, sized))
    return out


def _has_number(line: Line, above: Line | None = None) -> bool:
    """A quantity in the line, but for the rest of a year range that the line ``above`` cut in the
    same column ("Budżet 2024–2" over "028")."""
    return any(
        has_quantity(p.text)
        and not (
            above is not None
            and any(q.x0 < p.x1 and p.x0 < q.x1 and year_broken(q.text, p.text) for q in above.phrases)
        )
        for p in line.phrases
    )


def leading_of(lines: list[Line]) -> float:
    """The smallest usual distance between two lines (10th percentile): the leading of wrapped text.
    Pitches below 0.9 × the text size are lines of two columns interleaving (a merged cell running
    past its row), not a leading."""
    pitches = [
        b.middle - a.middle
        for a, b in zip(lines, lines[1:], strict=False)
        if b.middle - a.middle >= 0.9 * a.height
    ]
    return float(np.percentile(pitches, 10)) if pitches else float("inf")


def header_at(
    lines: list[Line], first: int = 0, min_roles: int = 2, leading: float | None = None
) -> tuple[int, int] | None:
    """(first line, number of lines) of the first header block at or after line ``first`` naming at
    least ``min_roles`` column roles: consecutive lines one leading apart, without quantities, whose
    stacked phrases read as a header row."""
    limit = settings.grid_row_gap * (leading if leading is not None else leading_of(lines))

    def joins(i: int) -> bool:
        return (
            i < len(lines)
            and not _has_number(lines[i], lines[i - 1])
            and lines[i].middle - lines[i - 1].middle <= limit
            and not _weight_drops(lines, start, i)
        )

    for start in range(first, len(lines)):
        if len(lines[start].phrases) < 2 or _has_number(lines[start]):
            continue
        count = 1
        while True:
            texts = stack_texts(lines[start : start + count])
            roles = {classify_kind(t) for t in texts} - {ColumnKind.OTHER}
            if is_header_row(texts) and len(roles) >= min_roles:
                end = start + count  # and the header lines below, one leading apart and without numbers
                while end - start < MAX_HEADER_LINES and (
                    joins(end)
                    or (_sub_header(lines, start, end, limit) and not _weight_drops(lines, start, end))
                ):
                    end += 1
                return start, end - start
            if count >= MAX_HEADER_LINES or not (
                joins(start + count) or _sub_header(lines, start, start + count, limit)
            ):
                break  # (a group header naming one role, "Wskaźniki realizacji", reads its sub-headers)
            count += 1
    return None


def _weight_drops(lines: list[Line], start: int, end: int) -> bool:
    """The header lines ``lines[start:end]`` are set in bold and line ``end`` is not: the header
    ended above it (the rest of a row a page break split, standing right under a repeated header)."""
    return lines[end].bold is False and all(line.bold for line in lines[start:end])


def _sub_header(lines: list[Line], start: int, end: int, limit: float) -> bool:
    """Line ``end`` is a row of sub-headers under the header ``lines[start:end]`` ("realizacja 2020 |
    realizacja 2021" under "Wskaźniki realizacji"): one row pitch below, no quantity, and nothing
    in the first header cell's column (a body row has its label there)."""
    if (
        end >= len(lines)
        or _has_number(lines[end], lines[end - 1])
        or lines[end].middle - lines[end - 1].middle > 2.5 * limit
    ):
        return False
    stacks = _stacks([(p.x0, p.x1) for line in lines[start:end] for p in line.phrases])
    first_stack = stacks[0]
    # the label column: the first one but a row number's ("Lp." is empty in the rest of a split row)
    kinds = [classify_kind(t) for t in stack_texts(lines[start:end])]
    label = next(
        (stack for stack, kind in zip(stacks, kinds, strict=False) if kind is not ColumnKind.ROW_NUMBER),
        first_stack,
    )
    following = lines[end + 1] if end + 1 < len(lines) else None
    return (
        all(p.x0 > first_stack[1] for p in lines[end].phrases) and _under_one_group(lines[end], stacks)
    ) and (
        following is None
        or _has_number(following)
        or following.phrases[0].x0 <= label[1]
        or following.middle - lines[end].middle <= limit  # the sub-headers' own second line
    )


def _under_one_group(line: Line, stacks: list[tuple[float, float]]) -> bool:
    """Two or more phrases of ``line`` stand under one header cell: between its left edge and the
    next header cell's (a group cell over its sub-headers). The rest of a body row split by a page
    break has one phrase under each of several header cells instead."""
    starts = [a for a, _ in stacks]
    regions = [sum(1 for s in starts if s <= p.center) for p in line.phrases]
    return any(regions.count(r) >= 2 for r in set(regions))


def stack_texts(lines: list[Line]) -> list[str]:
    """The text of each stack of phrases over each other in ``lines`` (one multi-line header cell
    each: "Wartość" over "bazowa" reads "Wartość bazowa"), left to right."""
    items = sorted((p.x0, p.x1, row, p.text) for row, line in enumerate(lines) for p in line.phrases)
    stacks: list[list[tuple[float, float, int, str]]] = []
    for item in items:
        if stacks and item[0] <= max(i[1] for i in stacks[-1]):
            stacks[-1].append(item)
        else:
            stacks.append([item])
    return [" ".join(text for _, _, _, text in sorted(stack, key=lambda i: (i[2], i[0]))) for stack in stacks]


def _stacks(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """x ranges of phrases stacked over each other (one multi-line header cell each)."""
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


#: × text size: a cell's text stops at least this far short of the next column's header text
#: (both cells' padding lies between), so a phrase reaching closer runs over the border
CELL_PADDING = 0.5


def _crosses(phrase: Phrase, stacks: list[tuple[float, float]], slack: float = 0.0) -> bool:
    """A phrase reaching from one header cell's range into the next one's (or to within ``slack`` of it)."""
    return any(
        phrase.x0 < a1 and phrase.x1 > b0 - slack
        for (_, a1), (b0, _) in zip(stacks, stacks[1:], strict=False)
    )


def _is_full_width(line: Line, stacks: list[tuple[float, float]], width: float) -> bool:
    if len(line.phrases) != 1:
        return False
    phrase = line.phrases[0]
    if len(stacks) < 2:
        return phrase.x1 - phrase.x0 > 0.45 * width
    return _crosses(phrase, stacks, CELL_PADDING * line.height)


def column_borders(header: list[Line], body: list[Line], x0: float, x1: float) -> list[float]:
    """Borders between columns: in every gutter through the body, the middle of each stretch that no
    header phrase covers either — a header cell reaching into the gutter pushes the border aside,
    header cells standing inside it (a column empty on this page) split it. A gutter covered by a
    header cell spanning several columns keeps its middle. Before the first body text and after
    the last, the columns empty in the body (the last sub-header's column, a page holding only the
    rest of a split row) are the header cells standing there, group cells over them left out.
    Gutters are read from the lines of two or more phrases (when there are ``MIN_COLUMN_LINES``):
    a line of one phrase shows no column border, and a heading row inside the table that stops
    short of the next column's header ("1.2 Integracja osób …") would close the gutter."""
    heads = _stacks([(p.x0, p.x1) for line in header for p in line.phrases])
    height = median([line.height for line in header + body])
    min_width = settings.grid_phrase_gap * height
    rows = [line for line in body if not _is_full_width(line, heads, x1 - x0)]
    if sum(1 for line in rows if len(line.phrases) >= 2) >= MIN_COLUMN_LINES:
        rows = [line for line in rows if len(line.phrases) >= 2]
    spans = [(p.x0, p.x1) for line in rows for p in line.phrases]
    head_spans = [(p.x0, p.x1) for line in header for p in line.phrases]
    groups = _group_phrases(header)
    borders: list[float] = []
    for left, right in gutters(spans, x0, x1, min_width, ends=True):
        if left <= x0 or right >= x1:
            cells = [(p.x0, p.x1) for line in header for p in line.phrases if id(p) not in groups]
            inside = [(a, b) for a, b in cells if b > left and a < right]
            free = gutters(inside, left, right, min_width / 2, ends=True)
            borders.extend((a + b) / 2 for a, b in free if a > x0 and b < x1)
            continue
        inside = [(a, b) for a, b in head_spans if b > left and a < right]
        free = gutters(inside, left, right, min_width / 2, ends=True) if inside else [(left, right)]
        borders.extend((a + b) / 2 for a, b in free or [(left, right)])
    return borders


def _group_phrases(header: list[Line]) -> set[int]:
    """Ids of the header phrases over two or more phrases of one lower header line (group cells)."""
    return {
        id(p)
        for i, line in enumerate(header)
        for p in line.phrases
        if any(sum(1 for q in lower.phrases if _under(p, q)) >= 2 for lower in header[i + 1 :])
    }


def _table_body(header: list[Line], body: list[Line]) -> list[Line]:
    """The body lines that belong to the table: up to a large gap or a line set in a larger font."""
    pitch = median(
        [b.top - a.top for a, b in zip(body, body[1:], strict=False)]
        or [2 * body[0].height if body else 12.0]
    )
    size = median([line.height for line in header + body])
    for i in range(1, len(body)):
        larger = body[i].sized and body[i].height > size * 1.18  # a heading (estimated sizes vary too much)
        if body[i].top - body[i - 1].bottom > 3 * pitch or larger:
            return body[:i]
    return body


def _row_starts(lines: list[Line], cells: list[list[list]], full: list[bool], leading: float) -> list[bool]:
    """Which body lines start a row (see the module docstring). Distances are measured per column,
    from the last line with text in the same column, so that a cell merged down over several rows
    and running past its own row does not hide the row below; and from the middle of the column's
    own words, as a cell's second paragraph may sit a few points off the line it was grouped with."""
    last: dict[int, float] = {}
    gaps: list[float | None] = []  # per line: the smallest distance to text above in one of its columns
    for line, row, is_full in zip(lines, cells, full, strict=True):
        at = {c: float(median((w.top + w.bottom) / 2 for w in words)) for c, words in enumerate(row) if words}
        if is_full:
            at = dict.fromkeys(range(len(row)), line.middle)
        distances = [middle - last[c] for c, middle in at.items() if c in last]
        gaps.append(min(distances) if distances else None)
        last.update(at)
    pitches = [g for g, f in zip(gaps, full, strict=True) if g is not None and not f]
    leading = min([leading, float(np.percentile(pitches, 10))] if pitches else [leading])
    if lines and all(line.sized for line in lines):  # no wrapped line to measure: the font's leading at most
        leading = min(leading, MAX_LEADING * float(median(line.height for line in lines)))
    spaced = bool(pitches) and max(pitches) > settings.grid_row_gap * leading
    starts: list[bool] = []
    for i, row in enumerate(cells):
        first = " ".join(w.text for w in row[0])
        gap = gaps[i]
        if i == 0 or full[i] or full[i - 1] or _ROW_NUMBER.match(first):
            starts.append(True)
        elif spaced:
            starts.append(gap is None or gap > settings.grid_row_gap * leading)
        else:
            starts.append(bool(first) and (first[:1].isupper() or first[:1].isdigit()))
    return starts


def _cell(words: list, page: int | None, right: float | None = None) -> RawCell:
    return cell_from_words(words, page, typical_height(words) if words else None, right)


def _under(p: Phrase, q: Phrase) -> bool:
    return p.x0 < q.x1 and p.x1 > q.x0


def _header_spans(header: list[Line], layout: Layout) -> dict[int, tuple[int, int]]:
    """The columns (first, last) each header phrase covers: the columns its box crosses, and the first
    line of a cell (no header text above it) reaches on to the free columns to its right that have
    header text below: a group cell over its sub-headers."""
    spans: dict[int, tuple[int, int]] = {}
    for line in header:
        taken = {
            c for p in line.phrases for c in range(layout.column(p.x0 + 1e-6), layout.column(p.x1 - 1e-6) + 1)
        }
        under = {
            layout.column(p.center) for other in header if other.middle > line.middle for p in other.phrases
        }
        for phrase in line.phrases:
            first, last = layout.column(phrase.x0 + 1e-6), layout.column(phrase.x1 - 1e-6)
            wrapped = any(
                _under(phrase, p) for other in header if other.middle < line.middle for p in other.phrases
            )
            while not wrapped and last + 1 < layout.width and last + 1 not in taken and last + 1 in under:
                last += 1
            spans[id(phrase)] = (first, last)
    return spans


def header_grid(header: list[Line], layout: Layout) -> list[list[list]]:
    """The words of each header cell, one row per header row. A header cell spanning columns repeats
    in each (as a ruled grid gives it). The phrases under a group cell, from the first line with two
    or more of them side by side ("planowane | realizacja" under "Wartość wskaźnika"), are its
    sub-headers and form a second row; a single phrase under it is its own wrapped line, and the
    cells beside the group keep all their lines in the first row."""
    spans = _header_spans(header, layout)
    subs: set[int] = set()
    for i, line in enumerate(header):
        for group in line.phrases:
            first, last = spans[id(group)]

            def inside(p: Phrase, first: int = first, last: int = last) -> bool:
                return first <= layout.column(p.center) <= last

            split = next(
                (j for j in range(i + 1, len(header)) if sum(map(inside, header[j].phrases)) >= 2), None
            )
            if last > first and split is not None:
                subs |= {id(p) for other in header[split:] for p in other.phrases if inside(p)}
    rows: list[list[list]] = [[[] for _ in range(layout.width)] for _ in range(2)]
    for line in header:
        for phrase in line.phrases:
            first, last = spans[id(phrase)]
            for col in range(first, last + 1):
                rows[id(phrase) in subs][col].extend(phrase.words)
    return rows if any(rows[1]) else rows[:1]


def build_grid(
    header: list[Line], body: list[Line], layout: Layout, page: int | None, leading: float = float("inf")
) -> tuple[list[list[RawCell]], set[int]]:
    """Header rows (when there is a header: one grid row per header row, a cell spanning columns
    repeated in each, as a ruled grid gives it; :mod:`~raporty.extract.grid.headers` reads them) and
    body rows of a table with the given column layout."""
    width = layout.width
    heads = _stacks([(p.x0, p.x1) for line in header for p in line.phrases])
    head_rows = header_grid(header, layout) if header else []
    full = [_is_full_width(line, heads, layout.x1 - layout.x0) for line in body]
    split: list[list[list]] = []
    for line in body:
        cells: list[list] = [[] for _ in range(width)]
        for word in line.words:
            cells[layout.column((word.x0 + word.x1) / 2)].append(word)
        split.append(cells)
    rows: list[list[list]] = []
    for line, cells, is_full, start in zip(
        body, split, full, _row_starts(body, split, full, leading), strict=True
    ):
        if is_full:
            rows.append([list(line.words) for _ in range(width)])
        elif start or not rows:
            rows.append(cells)
        else:
            for column, words in zip(rows[-1], cells, strict=True):
                column.extend(words)
    # the right end of each column's body text: where a line reaching it fills the column
    rights = [max((w.x1 for row in rows for w in row[c]), default=None) for c in range(width)]
    grid = [[_cell(words, page, rights[c]) for c, words in enumerate(row)] for row in rows]
    grid[:0] = [[_cell(words, page, rights[c]) for c, words in enumerate(row)] for row in head_rows]
    used = {id(w) for line in header + body for w in line.words}
    return grid, used


def _extent(lines: list[Line]) -> tuple[float, float]:
    return min(p.x0 for line in lines for p in line.phrases), max(
        p.x1 for line in lines for p in line.phrases
    )


def _fits(line: Line, layout: Layout) -> bool:
    """A line inside the layout's extent whose phrases each stay in one column."""
    slack = line.height
    return all(
        p.x0 >= layout.x0 - slack and p.x1 <= layout.x1 + slack and layout.column(p.x0) == layout.column(p.x1)
        for p in line.phrases
    )


def _continued(
    lines: list[Line], end: int, previous: Layout, page: int | None, leading: float
) -> FoundTable | None:
    """The lines at the top of the page that carry on the previous page's table (same column layout)."""
    body: list[Line] = []
    for line in lines[:end]:
        if not _fits(line, previous):
            break
        body.append(line)
    if not any(len(line.phrases) >= 2 for line in body):
        return None
    body = _table_body([], body)
    grid, used = build_grid([], body, previous, page, leading)
    bbox = (previous.x0, body[0].top, previous.x1, body[-1].bottom)
    return FoundTable(bbox, grid, previous, used, headed=False)


def _headerless(lines: list[Line], page: int | None, leading: float) -> list[FoundTable]:
    """Blocks of ≥ 3 lines with ≥ 2 phrases each (lines between them that fit the block's gutters join it)."""
    found: list[FoundTable] = []
    block: list[Line] = []

    def flush() -> None:
        if sum(1 for line in block if len(line.phrases) >= 2) >= 3:
            x0, x1 = _extent(block)
            layout = Layout(x0, x1, tuple(column_borders([], block, x0, x1)))
            if layout.width >= 2:
                grid, used = build_grid([], block, layout, page, leading)
                found.append(
                    FoundTable((x0, block[0].top, x1, block[-1].bottom), grid, layout, used, headed=False)
                )
        block.clear()

    for line in lines:
        close = bool(block) and line.top - block[-1].bottom < 1.2 * line.height
        if len(line.phrases) >= 2 or close:
            block.append(line)
        else:
            flush()
    flush()
    return found


def find_tables(
    words: list[W], page: int | None = None, previous: Layout | None = None, headerless: bool = False
) -> list[FoundTable]:
    """Tables without rules among the word boxes of one page, top to bottom (see the module docstring)."""
    lines = [line for line in text_lines(words) if line.phrases]
    if not lines:
        return []
    tables: list[FoundTable] = []
    leading = leading_of(lines)
    found = header_at(lines, leading=leading)
    if previous is not None:
        part = _continued(lines, found[0] if found else len(lines), previous, page, leading)
        if part is not None:
            tables.append(part)
    if found is None and headerless and not tables:
        return _headerless(lines, page, leading)
    while found is not None:
        start, count = found
        following = _next_header(lines, start + count, leading)
        end = following[0] if following else len(lines)
        table = _table(lines[start : start + count], lines[start + count : end], page, leading)
        if table is not None:
            tables.append(table)
        found = following
    return tables


def _next_header(lines: list[Line], first: int, leading: float) -> tuple[int, int] | None:
    """The next header after a table: naming ``NEXT_HEADER_ROLES`` roles, or two below a one-phrase line."""
    while (found := header_at(lines, first, 2, leading)) is not None:
        start, count = found
        texts = stack_texts(lines[start : start + count])
        if len({classify_kind(t) for t in texts} - {ColumnKind.OTHER}) >= NEXT_HEADER_ROLES or (
            start > 0 and len(lines[start - 1].phrases) == 1
        ):
            return found
        first = start + 1
    return None


def _table(header: list[Line], body: list[Line], page: int | None, leading: float) -> FoundTable | None:
    body = _table_body(header, body) if body else []
    if not body:
        return None
    x0, x1 = _extent(header + body)
    layout = Layout(x0, x1, tuple(column_borders(header, body, x0, x1)))
    if layout.width < 2:
        return None
    heads = _stacks([(p.x0, p.x1) for line in header for p in line.phrases])
    while body and _is_full_width(body[-1], heads, x1 - x0):
        body = body[:-1]  # full-width lines after the last row: the text that follows the table
    if not body:
        return None
    grid, used = build_grid(header, body, layout, page, leading)
    return FoundTable((x0, header[0].top, x1, body[-1].bottom), grid, layout, used)
