"""Column roles by meaning: recognise what a table column holds from its header text.

Rules are keyword stems of the Polish report vocabulary (matched without diacritics), so a header
worded differently from the samples is still understood. Years always come from the header text.
"""

from __future__ import annotations

import re

from raporty.models import ColumnKind, ColumnRole
from raporty.polish.fold import fold

_YEAR = r"(?:19|20)\d{2}"
_YEAR_RANGE = re.compile(rf"({_YEAR})\s*(?:r\.)?\s*[-–—/]\s*({_YEAR})")
_YEAR_ONE = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")
_ROW_NUMBER = re.compile(r"^\s*(?:l\.?\s*p\.?|nr|lp)\s*$")
_ONLY_YEARS = re.compile(rf"^\s*(?:rok\s*)?{_YEAR}(?:\s*(?:r\.)?\s*[-–—/]\s*{_YEAR})?\s*(?:r\.?|rok)?\s*$")


def _has(text: str, *stems: str) -> bool:
    return any(stem in text for stem in stems)


def classify_kind(header: str) -> ColumnKind:
    """The kind of a column from its (possibly multi-row, concatenated) header text."""
    t = fold(" ".join(header.split()))
    if not t:
        return ColumnKind.OTHER
    if _ROW_NUMBER.match(t):
        return ColumnKind.ROW_NUMBER
    if _has(t, "srodk", "budzet", "koszt", "kwota", "kwoty", "naklad", "finansowan", "wydatk"):
        return ColumnKind.BUDGET
    if _has(t, "stan realizacji", "uwagi", "komentarz", "opis realizacji"):
        return ColumnKind.STATUS
    if _has(t, "trend"):
        return ColumnKind.TREND
    if _has(t, "bazow", "wyjsciow"):
        return ColumnKind.BASELINE
    if _has(t, "docelow", "miernik", "prognoz", "oczekiwan"):
        return ColumnKind.TARGET
    if _has(t, "stan wskaznik", "zakres realizacji", "wykonan", "osiagniet", "realizacja w", "wartosc wskaznik",
            "uzyskan", "zrealizowan"):
        return ColumnKind.ACTUAL
    if _has(t, "zaplanowan", "planowan", "plan ") and _has(t, "wskaznik", "rezultat", "wartosc", "efekt"):
        return ColumnKind.PLANNED
    if _has(t, "komork", "jednostk", "realizator", "odpowiedzialn", "wykonawc", "partner"):
        return ColumnKind.UNIT
    if _has(t, "dzialan", "zadani", "przedsiewzie", "kierun", "nazwa programu", "forma wsparcia"):
        return ColumnKind.ACTIVITY
    if _has(t, "wskaznik", "miara", "nazwa"):
        return ColumnKind.INDICATOR
    if _ONLY_YEARS.match(t):
        return ColumnKind.TARGET
    return ColumnKind.OTHER


def header_years(header: str) -> tuple[int | None, int | None]:
    """(year, year_end) named in a header: "w 2021 roku" → (2021, None); "2025-2027" → (2025, 2027)."""
    text = " ".join(header.split())
    if m := _YEAR_RANGE.search(text):
        start, end = int(m.group(1)), int(m.group(2))
        if end > start:
            return start, end
        return start, None
    years = [int(y) for y in _YEAR_ONE.findall(text)]
    if not years:
        return None, None
    return years[-1], None


def classify_column(header: str) -> ColumnRole:
    kind = classify_kind(header)
    year, year_end = header_years(header) if kind not in (ColumnKind.ACTIVITY, ColumnKind.UNIT) else (None, None)
    return ColumnRole(kind=kind, header=" ".join(header.split()), year=year, year_end=year_end)


def classify_header(header_rows: list[list[str]]) -> list[ColumnRole]:
    """Column roles from one or more header rows (texts per column, group headers repeated)."""
    width = max(len(r) for r in header_rows)
    texts = []
    for col in range(width):
        parts: list[str] = []
        for row in header_rows:
            piece = row[col].strip() if col < len(row) else ""
            if piece and piece not in parts:
                parts.append(piece)
        texts.append(" ".join(parts))
    return [classify_column(text) for text in texts]


def is_header_row(texts: list[str]) -> bool:
    """A row reads as a header when at least two cells name a known role and none holds a quantity."""
    kinds = [classify_kind(t) for t in texts if t.strip()]
    known = [k for k in kinds if k is not ColumnKind.OTHER]
    has_roles = len({k for k in known}) >= 2 or (len(known) >= 2 and len(known) == len(kinds))
    return has_roles and not any(_looks_like_data(t) for t in texts)


def is_year_subheader(texts: list[str]) -> bool:
    """A row of bare years under a group header ("2025 | 2026 | 2027 | 2025-2027")."""
    filled = [t for t in texts if t.strip()]
    return bool(filled) and all(_ONLY_YEARS.match(fold(t)) for t in filled)


_QUANTITY = re.compile(r"\d[\d\s.,]*\s*(?:zł|%|[a-ząćęłńóśźż]{3,})", re.IGNORECASE)


def _looks_like_data(text: str) -> bool:
    stripped = _YEAR_RANGE.sub("", _YEAR_ONE.sub("", text))
    return bool(_QUANTITY.search(stripped))
