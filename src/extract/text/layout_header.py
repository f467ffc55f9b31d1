"""Table headers in OCR text: column roles from header keyword stems, value columns from years.

A header line names column roles (unit, indicator values, budget); year-only lines (or years at
the end of a header line) give the value columns, a range going to the budget column when the
header names one. A year out of sequence inside an ascending run is corrected from its neighbours.
"""

from __future__ import annotations

import re

from raporty.extract.text.layout_cells import YEAR_TOKEN, Columns, is_value_number, tokenize
from raporty.polish.fold import fold

_UNIT_HEADER = ("komork", "jednostk", "realizator", "wykonawc", "odpowiedzialn", "partner")
_VALUE_HEADER = (
    "wskaznik",
    "rezultat",
    "wartosc",
    "docelow",
    "bazow",
    "wyjsciow",
    "miernik",
    "prognoz",
    "zaplanowan",
    "osiagniet",
    "wykonan",
    "zakres",
    "stan ",
)
_BUDGET_HEADER = ("srodk", "budzet", "koszt", "kwot", "naklad", "finansow", "wysokosc")
_ACTIVITY_HEADER = ("zadani", "dzialani", "dzialan", "kierun", "przedsiewzie", "program")


# -- years ------------------------------------------------------------------------------------------
def year_line(line: str) -> list[tuple[int, int | None]] | None:
    """The years of a line made of years and year ranges only, else None."""
    tokens = [t for t in re.split(r"[\s|\[\]]+", line.strip()) if t]
    if not tokens:
        return None
    found: list[tuple[int, int | None]] = []
    for tok in tokens:
        m = YEAR_TOKEN.match(tok)
        if not m:
            return None
        found.append((int(m.group(1)), int(m.group(2)) if m.group(2) else None))
    return found


def fix_year_sequence(years: list[int]) -> list[int]:
    """Correct a year misread inside an ascending run of consecutive years ("2025 2020 2027")."""
    fixed = list(years)
    n = len(fixed)
    for i in range(n):
        before = fixed[i - 1] if i > 0 else None
        after = years[i + 1] if i + 1 < n else None
        if before is not None and after is not None:
            if after - before == 2 and fixed[i] != before + 1:
                fixed[i] = before + 1
        elif before is not None and i >= 2 and before - fixed[i - 2] == 1 and fixed[i] != before + 1:
            fixed[i] = before + 1
        elif after is not None and i + 2 < n and years[i + 2] - after == 1 and fixed[i] != after - 1:
            fixed[i] = after - 1
    return fixed


# -- header -----------------------------------------------------------------------------------------
def header_roles(line: str) -> set[str]:
    folded = fold(line)
    roles = set()
    if any(s in folded for s in _UNIT_HEADER):
        roles.add("unit")
    if any(s in folded for s in _VALUE_HEADER):
        roles.add("value")
    if any(s in folded for s in _BUDGET_HEADER):
        roles.add("budget")
    return roles


def has_value_numbers(line: str) -> bool:
    return any(is_value_number(t) for t in tokenize(line))


def header_cells(header_lines: list[str], columns: Columns) -> list[list[str]]:
    """Two header rows: role texts (each header word goes to the column its stem names), then years."""
    words = [w for line in header_lines for w in line.split()]
    first = header_lines[0].split() if header_lines else []
    unit_at = next((i for i, w in enumerate(first) if any(s in fold(w) for s in _UNIT_HEADER)), len(first))
    activity = " ".join(first[:unit_at])
    if not any(s in fold(activity) for s in _ACTIVITY_HEADER):
        activity_words = [w for w in words if any(s in fold(w) for s in _ACTIVITY_HEADER)]
        activity = " ".join([activity, *activity_words]).strip() or "działanie"
    unit = " ".join(w for w in words if any(s in fold(w) for s in _UNIT_HEADER))
    value = " ".join(
        w
        for w in words
        if any(s in fold(w) for s in _VALUE_HEADER) and not any(s in fold(w) for s in _BUDGET_HEADER)
    )
    budget = " ".join(w for w in words if any(s in fold(w) for s in _BUDGET_HEADER))
    roles = [activity, unit] + [value] * columns.year_columns + ([budget] if columns.budget else [])
    years = ["", ""] + [f"{y}-{e}" if e else str(y) for y, e in columns.years]
    return [roles, years]


def columns_from_years(found: list[tuple[int, int | None]], header_text: str) -> Columns:
    singles = [y for y, e in found if e is None]
    ranges = [(y, e) for y, e in found if e is not None]
    fixed = fix_year_sequence(singles)
    years: list[tuple[int, int | None]] = [(y, None) for y in fixed]
    has_budget = bool(ranges) and "budget" in header_roles(header_text)
    years.extend(ranges)
    return Columns(years=years, budget=has_budget)


def trailing_years(line: str) -> tuple[str, list[tuple[int, int | None]]] | None:
    """(text before, years) of a line ending in a run of years: "kryzysów 2025 2026 2027 2025-2027".
    A line of years only may hold one; after other words at least two are needed."""
    tokens = [t for t in re.split(r"[\s|\[\]]+", line.strip()) if t]
    found: list[tuple[int, int | None]] = []
    while tokens and (m := YEAR_TOKEN.match(tokens[-1])):
        found.insert(0, (int(m.group(1)), int(m.group(2)) if m.group(2) else None))
        tokens.pop()
    if not found or (tokens and len(found) < 2):
        return None
    return " ".join(tokens), found


def header_start(lines: list[str]) -> int | None:
    """First line of a table header: a line naming a column role, with a second role named within
    the next lines; the page's opening paragraph joins it (the label column's header)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for n, i in enumerate(filled):
        roles = header_roles(lines[i])
        if not roles or has_value_numbers(lines[i]):
            continue
        window = [lines[j] for j in filled[n : n + 40] if not has_value_numbers(lines[j])]
        if len(set().union(*(header_roles(w) for w in window))) < 2:
            continue
        before = lines[:i]
        if sum(
            1 for k, line in enumerate(before) if not line.strip() and k > 0 and before[k - 1].strip()
        ) <= 1 and not any(has_value_numbers(line) for line in before):
            return filled[0]
        return i
    return None


def opens_header_block(line: str) -> bool:
    first = fold(line.split()[0]) if line.split() else ""
    return any(first.startswith(s) for s in (*_UNIT_HEADER, *_VALUE_HEADER, *_BUDGET_HEADER))
