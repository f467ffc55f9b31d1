"""Tables in OCR text without positions: presentation slides and scans exported as plain text.

Tesseract's text output keeps no column positions. A table row comes out either *across* (one
line holds the start of every column: activity, unit, one value per year, budget) or *down* (each
cell is its own paragraph: the activity, then the unit, then one paragraph per year column), and
often as a mix of both. The parser works per page (pages are separated by form feeds or runs of
blank lines) and rebuilds RawCell grids for the :class:`~raporty.extract.tables.TableAssembler`:

* **header**: the first line naming two column roles (unit, indicator values, budget) starts it;
  year-only lines give the value columns ("2025 2026 2027 2025-2027": three single years and a
  range, the range going to the budget column when the header names one). A year out of sequence
  inside an ascending run is an OCR misreading and is corrected from its neighbours. Header words
  go to the column whose role their stem names (:func:`header_cells`); a page without a year line
  keeps the columns of the page before.
* **across lines**: the value cells are the end of the line that splits into one segment per year
  column with the same word skeleton ("9 910 usług 9 910 usług 9 910 usług"; digits ignored,
  "|"/"[" artefacts honoured as cell borders), after a money amount at the end for the budget
  column. Before them are the activity and the unit: the unit starts at an institution noun
  ("Wydział", "Ośrodek", "Pełnomocnik" …) or, on a continuation line, is the run of capitalised
  words at the end.
* **down paragraphs**: a run of as many similar paragraphs as there are year columns is one set of
  value cells; a paragraph opening with an institution noun (or written in title case) is a unit;
  a lowercase paragraph continues the text before it; any other capitalised paragraph is a new
  activity if the next values open a new row (they start with a number and the previous row's
  cells are complete), otherwise it continues the unit or activity of the current row.

Only general rules are used: header keyword stems, Polish institution nouns, capitalisation.
"""

from __future__ import annotations

import re

from raporty.extract.tables import RawCell, TableAssembler
from raporty.extract.text.layout_cells import (
    Columns,
    Token,
    money_tail,
    segments_similar,
    split_values,
    tokenize,
)
from raporty.extract.text.layout_header import (
    columns_from_years,
    fix_year_sequence,
    has_value_numbers,
    header_cells,
    header_roles,
    header_start,
    opens_header_block,
    trailing_years,
    year_line,
)
from raporty.extract.text.layout_rows import (
    LayoutRow,
    PageParser,
    institution_start,
    join_parts,
    starts_upper,
)
from raporty.models import Document

__all__ = [
    "Columns",
    "extract_layout",
    "fix_year_sequence",
    "parse_page",
    "split_values",
    "tokenize",
    "trailing_years",
]

_PAGE_BREAK = re.compile(r"\f|\n[ \t]*\n[ \t]*\n[ \t]*\n")


def _paragraph_is_value_run(paragraphs: list[str], start: int, count: int) -> bool:
    if count < 2 or start + count > len(paragraphs):
        return False
    segments = [[Token(w) for w in p.split()] for p in paragraphs[start : start + count]]
    if any(year_line(p) for p in paragraphs[start : start + count]):
        return False
    return segments_similar(segments) is not None


def parse_page(lines: list[str], columns: Columns | None) -> tuple[list[list[RawCell]], Columns] | None:
    """The grid (two header rows, then one row per activity) of one page, or None if no table."""
    start = header_start(lines)
    if start is None:
        return None
    header: list[str] = []
    years: list[tuple[int, int | None]] = []
    body: list[str] = []  # lines, "" for paragraph breaks
    in_header = True
    after_years = False  # inside the paragraph that held the year line
    for line in lines[start:]:
        stripped = line.strip()
        if not stripped:
            body.append("")
            if after_years:
                in_header = after_years = False
            continue
        found = trailing_years(stripped)
        if found and (in_header or not found[0]):
            if found[0]:
                header.append(found[0])
            years.extend(found[1])
            in_header = after_years = True
            continue
        if (
            in_header
            and not has_value_numbers(stripped)
            and (after_years or not header or not starts_upper(stripped) or header_roles(stripped))
        ):
            header.append(stripped)
            continue
        if (
            not in_header
            and body
            and body[-1] == ""
            and opens_header_block(stripped)
            and not has_value_numbers(stripped)
        ):
            in_header = True  # a second header block below rows written down the page
            header.append(stripped)
            continue
        in_header = after_years = False
        body.append(stripped)
    header_text = " ".join(header)
    if years:
        columns = columns_from_years(years, header_text)
    elif columns is not None:
        budget = columns.budget and "budget" in header_roles(header_text)
        singles = [y for y in columns.years if y[1] is None]
        columns = Columns(
            years=singles + ([y for y in columns.years if y[1] is not None] if budget else []), budget=budget
        )
    else:
        return None  # no year columns on this page or an earlier one: not a table this parser can read
    rows = _parse_body(body, columns)
    if not any(any(parts) for row in rows for parts in row.cells):
        return None
    head = header_cells(header or [""], columns)
    grid = [[RawCell(t) for t in head[0]], [RawCell(t) for t in head[1]]]
    for row in rows:
        cells = [join_parts(row.activity), join_parts(row.unit)]
        cells += [" ".join(parts) for parts in row.cells[: columns.width]]
        cells += [""] * (2 + columns.width - len(cells))
        grid.append([RawCell(c) for c in cells])
    return grid, columns


def _paragraphs(body: list[str]) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in body:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _parse_body(body: list[str], columns: Columns) -> list[LayoutRow]:
    parser = PageParser(columns)
    paragraphs = _paragraphs(body)
    texts = [" ".join(p) for p in paragraphs]
    i = 0
    while i < len(paragraphs):
        lines = paragraphs[i]
        split = [split_values(line, columns) for line in lines]
        if any(s is not None for s in split):
            for line, result in zip(lines, split, strict=True):
                if result is None:
                    tokens = tokenize(line)
                    activity, unit = parser.across_prefix(tokens, with_values=False)
                    parser.prefix_only(activity, unit, institution_start(tokens) is not None)
                    continue
                prefix, values = result
                activity, unit = parser.across_prefix(prefix)
                parser.values(values, activity, unit)
            i += 1
            continue
        count = columns.year_columns
        if _paragraph_is_value_run(texts, i, count):
            values = texts[i : i + count]
            i += count
            if columns.budget:
                money = texts[i] if i < len(texts) else ""
                tokens = tokenize(money)
                if money_tail(tokens) == 0:
                    values.append(money)
                    i += 1
                else:
                    values.append("")
            parser.values(values)
            continue
        parser.text_paragraph(join_parts(lines))
        i += 1
    return parser.finish()


def split_pages(text: str) -> list[list[str]]:
    return [page.splitlines() for page in _PAGE_BREAK.split(text) if page.strip()]


def _repair(text: str) -> str:
    try:
        from raporty.polish.repair import repair_text
    except ImportError:
        return text
    return repair_text(text)


def extract_layout(text: str, doc: Document) -> None:
    """Find activity/indicator tables laid out by OCR in ``text`` and add them to ``doc``."""
    assembler = TableAssembler(doc)
    columns: Columns | None = None
    for page in split_pages(_repair(text)):
        parsed = parse_page(page, columns)
        if parsed is None:
            continue
        grid, columns = parsed
        if len(grid) > 2:
            assembler.table(grid)
    if doc.tables:
        doc.warnings.append("tables rebuilt from OCR text layout (no column positions): check the values")
