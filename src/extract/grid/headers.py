"""The header rows of a table grid: the one rule every backend's tables go through.

A header is the first row (of the first six) that names at least two column roles
(:func:`~raporty.extract.columns.is_header_row`); when that row is itself a row of sub-headers
("rok 2019 | rok 2020") under a row of short group texts ("Działanie | Realizacja"), the header
starts at the group row. The rows below it belong to the header while they are

* sub-headers (:func:`~raporty.extract.columns.is_subheader`: "plan 2023 | wykonanie 2023",
  bare years), or
* the names of the columns under a header cell spanning several columns (its text repeated side
  by side, as DOCX grid spans and ruled PDF cells give it): "wartość bazowa | ogółem" under
  "Wskaźnik | Wskaźnik" — no quantity, and nothing outside the spanned (or empty) header cells.

A group cell written once over the sub-headers it spans ("Wskaźniki | (empty)" over "plan 2023 |
wykonanie 2023") is spread over the empty cells to its right that have a sub-header below, as a
merged cell would give it (text exports and tables without rules carry no span). How stacked
header cells combine into a column role is :func:`~raporty.extract.columns.classify_header`'s
rule: the lowest cell that names a timing wins ("Mierniki" over "wykonanie 2021" is actual).
"""

from __future__ import annotations

import re

from raporty.extract.columns import is_header_row, is_subheader, looks_like_data

#: years and year ranges, also with the second year short or cut at the line end ("2021-25",
#: "2024-20|26", "2024–2|028", "2024–|2028")
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2}|[-–]\d{0,2})?(?!\d)")
_QUANTITY = re.compile(r"\d[\d\s.,]*\s*(?:zł|%|[a-ząćęłńóśźż]{3,})", re.I)
_BARE_NUMBER = re.compile(r"^(?:[-–]?\d[\d\s.,]*%?|b\.\s?d\.)$", re.I)
_LABELLED = re.compile(r"\w\s*(?::|\s[-–—])\s*\d")
MAX_HEADER_ROWS = 6
#: group texts are short; a longer cell above a sub-header row is a caption or data
_MAX_GROUP_WORDS = 8


_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")


def _counts_a_noun(text: str, end: int) -> bool:
    """The word after ``text[:end]`` is a noun in the genitive plural alone ("2080 godzin", "2030
    osób"): what a number from five on counts, so the number before it is no year ("2021 roku")."""
    from raporty.polish.lemmas import analyse

    word = _NEXT_WORD.match(text, end)
    if word is None:
        return False
    readings = analyse(word.group(1))
    return bool(readings) and all(
        r.pos in ("subst", "ger") and ":pl:gen" in r.tag and r.lemma not in ("rok", "lato") for r in readings
    )


def has_quantity(text: str) -> bool:
    """A quantity in the text ("8", "12 etatów", "b.d.", a number after a label: "OIK: 3259",
    "Liczba uczestników – 861"); years ("2021 roku", "2019 –") do not count, but a number that
    reads as one and counts the noun after it does ("2080 godzin")."""
    stripped = _YEARS.sub(lambda m: m.group(0) if _counts_a_noun(text, m.end()) else " ", text)
    return bool(
        _QUANTITY.search(stripped) or _BARE_NUMBER.match(stripped.strip()) or _LABELLED.search(stripped)
    )


def _group_row(texts: list[str]) -> bool:
    """A row of header cells over sub-headers: two or more short texts, no quantity, not one text
    over the whole row (a caption in a cell spanning every column)."""
    filled = [t for t in texts if t.strip()]
    return (
        len({t.strip() for t in filled}) >= 2
        and not any(looks_like_data(t) for t in filled)
        and all(len(t.split()) <= _MAX_GROUP_WORDS for t in filled)
    )


def _spanned(header: list[str]) -> set[int]:
    """Columns covered by a header cell spanning several columns (its text repeated side by side)."""
    out: set[int] = set()
    for i in range(1, len(header)):
        text = header[i].strip()
        if text and text == header[i - 1].strip():
            out |= {i - 1, i}
    return out


def _names_spanned_columns(header: list[str], texts: list[str]) -> bool:
    """``texts`` name the columns under the header's spanning cells, and nothing else."""
    filled = {i for i, t in enumerate(texts) if t.strip()}
    spanned = _spanned(header)
    empty = {i for i, t in enumerate(header) if not t.strip()}
    return bool(filled & spanned) and filled <= spanned | empty and not any(has_quantity(t) for t in texts)


def header_block(rows: list[list[str]]) -> tuple[int, int] | None:
    """(first row, number of rows) of the header of a grid given as cell texts (module docstring)."""
    at = next((i for i, row in enumerate(rows[:MAX_HEADER_ROWS]) if is_header_row(row)), None)
    if at is None:
        return None
    if at and is_subheader(rows[at]) and _group_row(rows[at - 1]):
        at -= 1  # "Działanie | Realizacja" over "rok 2019 | rok 2020": the header starts above
    end = at + 1
    while (
        end < len(rows)
        and end - at < MAX_HEADER_ROWS
        and (
            is_subheader(rows[end])
            or (_names_spanned_columns(rows[at], rows[end]) and not _named(rows[at], rows[at + 1 : end]))
        )
    ):
        end += 1
    return at, end - at


def _named(header: list[str], below: list[list[str]]) -> bool:
    """A row of ``below`` already names a column under the header's spanning cells: the names come
    in one row, and a row under them with text there alone is the body (the rest of a row split
    by a page break, right under a repeated header)."""
    spanned = _spanned(header)
    return any(row[i].strip() for row in below for i in spanned if i < len(row))


def spread_group_cells(header_rows: list[list[str]]) -> list[list[str]]:
    """Header rows with a group cell written once spread over the empty cells to its right that have
    a sub-header below (when the cell to its left has one too)."""
    spread = [list(row) for row in header_rows]
    for upper, lower in zip(spread, spread[1:], strict=False):
        for col in range(1, len(upper)):
            if (
                not upper[col].strip()
                and lower[col].strip()
                and upper[col - 1].strip()
                and lower[col - 1].strip()
            ):
                upper[col] = upper[col - 1]
    return spread
