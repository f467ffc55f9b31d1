"""Layout family `side_by_side` (shared by both splits, whose tables carry their own header
wording): two tables of a report set next to each other, as one table whose columns are the first
table's, an empty spacer column (or none: the second table's header starts right after the
first's), then the second table's (one Word table, one text-export line per row, one PDF table).
Each half keeps its own header and rows; the facts are those of the two tables (the shorter
half's last rows are empty).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Cell, Column, Heading, Row, Table

if TYPE_CHECKING:
    from .layout_real import RealVariation

#: Columns of two tables side by side that fit a portrait or a landscape page.
_MAX_COLUMNS = {False: 7, True: 11}


def _width(table: Table) -> int:
    """Columns but the narrow "Lp." one (its own family: whether it is there changes no pairing)."""
    return sum(c.role != "lp" for c in table.columns)


def _fits(table: Table) -> bool:
    return not any(r.sub_rows for r in table.rows)


def _flatten(table: Table) -> None:
    """What a half cannot show is left out of its rendering (the facts stay): no split, no page
    break, no heading rows; a name wrapped into a second row becomes a second paragraph."""
    table.split_at = table.row_break = table.page_break = None
    table.inner_headings = {}
    name_index = next(i for i, c in enumerate(table.columns) if c.role in ("activity", "indicator"))
    for row in table.rows:
        if row.name_tail:
            name = row.cells[name_index]
            name.paragraphs = [" ".join(name.paragraphs), row.name_tail]
            name.line_break = False
            row.name_tail = None


def _pad(row: Row | None, width: int) -> list[Cell]:
    return list(row.cells) if row is not None else [Cell([""]) for _ in range(width)]


def join(left: Table, right: Table, spacer: bool = True) -> Table:
    """One table holding `left`, a spacer column (or none) and `right` side by side."""
    rows = []
    for k in range(max(len(left.rows), len(right.rows))):
        a = left.rows[k] if k < len(left.rows) else None
        b = right.rows[k] if k < len(right.rows) else None
        between = [Cell([""])] if spacer else []
        rows.append(Row([*_pad(a, len(left.columns)), *between, *_pad(b, len(right.columns))]))
    between_columns = [Column("spacer", "")] if spacer else []
    table = Table([*left.columns, *between_columns, *right.columns], rows, note=left.note)
    offset = len(left.columns) + len(between_columns)
    table.groups = [*left.groups, *((a + offset, b + offset, text) for a, b, text in right.groups)]
    table.narrow = left.narrow or right.narrow
    table.halves = (left, right)
    return table


def side_by_side(real: RealVariation, blocks: list[Heading | Table], landscape: bool) -> None:
    """Join pairs of simple tables (no rows of other tables in them), the second's own heading
    dropped; equal unit cells are written out (no vertical merge across the halves)."""
    found = real.chance("side_by_side", 0.7)
    if not found:
        return
    family, _, rng = found
    done = False
    k = 0
    while k + 2 < len(blocks):
        left, heading, right = blocks[k], blocks[k + 1], blocks[k + 2]
        pair = (
            isinstance(left, Table) and isinstance(heading, Heading) and isinstance(right, Table)
            and _fits(left) and _fits(right)
            and _width(left) + _width(right) + 1 <= _MAX_COLUMNS[landscape]
        )  # fmt: skip
        if pair and rng.random() < 0.8:
            _flatten(left)  # type: ignore[arg-type]
            _flatten(right)  # type: ignore[arg-type]
            blocks[k : k + 3] = [join(left, right, spacer=rng.random() < 0.6)]  # type: ignore[arg-type]
            done = True
        k += 1
    if done:
        real.layout.used(family)
