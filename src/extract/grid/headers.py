"""Header rows of a ruled grid printed as a group cell over its sub-columns.

A header cell spanning several columns ("Wskaźnik") over a row of sub-headers ("wartość bazowa",
"docelowa 2026", "wykonanie w 2024 r.") is one header: the rows are merged into one, each column
reading its group and its own name ("Wskaźnik\\nwartość bazowa"), as the word-box finder reads
stacked header lines — or its own name alone when that names a column role by itself
("wykonanie 2021" under "Mierniki"). A row of bare years stays as it is (the assembler reads year sub-headers).
"""

from __future__ import annotations

import re

from raporty.extract.columns import classify_kind, is_header_row, is_year_subheader
from raporty.extract.tables import RawCell
from raporty.models import ColumnKind

_YEARS = re.compile(r"(?<!\d)(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?(?!\d)")
_QUANTITY = re.compile(r"\d[\d\s.,]*\s*(?:zł|%|[a-ząćęłńóśźż]{3,})", re.I)
_BARE_NUMBER = re.compile(r"^(?:[-–]?\d[\d\s.,]*%?|b\.\s?d\.)$", re.I)
MAX_HEADER_ROWS = 6


def has_quantity(text: str) -> bool:
    """A quantity in the text ("8", "12 etatów", "b.d."); years ("2021 roku", "2019 –") do not count."""
    stripped = _YEARS.sub(" ", text)
    return bool(_QUANTITY.search(stripped) or _BARE_NUMBER.match(stripped.strip()))


def _spans(row: list[RawCell]) -> set[int]:
    """Columns covered by a cell spanning several columns (its text repeated side by side)."""
    out: set[int] = set()
    for i in range(1, len(row)):
        text = row[i].text.strip()
        if text and text == row[i - 1].text.strip():
            out |= {i - 1, i}
    return out


def merge_header_rows(grid: list[list[RawCell]]) -> list[list[RawCell]]:
    """The grid with sub-header rows under a spanning header cell merged into the header row."""
    at = next(
        (i for i, row in enumerate(grid[:MAX_HEADER_ROWS]) if is_header_row([c.text for c in row])), None
    )
    if at is None:
        return grid
    header = [
        RawCell(c.text, c.page, c.paragraph, c.confidence, c.merged_from_above, c.italic) for c in grid[at]
    ]
    merged = at + 1
    while merged < len(grid) and merged - at < MAX_HEADER_ROWS:
        row = grid[merged]
        texts = [c.text.strip() for c in row]
        filled = {i for i, t in enumerate(texts) if t}
        spanned = _spans(header)
        if (
            not filled
            or any(has_quantity(t) for t in texts)
            or is_year_subheader(texts)
            or not (filled & spanned)
            or not filled <= spanned | {i for i, c in enumerate(header) if not c.text.strip()}
        ):
            break
        for i in filled:  # the sub-header's own wording wins when it names a role by itself
            own = classify_kind(texts[i]) is not ColumnKind.OTHER
            header[i].text = texts[i] if own else f"{header[i].text}\n{texts[i]}".strip()
        merged += 1
    if merged == at + 1:
        return grid
    return grid[:at] + [header] + grid[merged:]
