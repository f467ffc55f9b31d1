"""Format-independent table assembly.

Every backend reads its tables into :class:`RawCell` grids and hands them to a :class:`TableAssembler`
together with the headings it meets, in body order. The assembler

* finds the header row(s) and recognises column roles (:mod:`raporty.extract.columns`);
* splits a grid of tables set side by side at an empty spacer column (:func:`side_by_side`);
* keeps rows above the header (e.g. "Działania powiązane z: …") as notes of the section, and the
  money scale a caption names ("(kwoty w tys. zł)") for the money columns of the next table;
* continues a table whose header repeats (a table copied across a page break) or that comes
  straight after one with the same column structure and no header of its own;
* merges continuation rows (empty or vertically merged label cell) into the row above;
* turns full-width rows ("Cel operacyjny 1: …") into sections;
* keeps italic notes ("zadanie włączone …") as notes of the section, not as values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from raporty.extract.columns import classify_header, is_header_row, is_subheader
from raporty.extract.grid.headers import MAX_HEADER_ROWS, header_block, spread_group_cells
from raporty.extract.sections import SectionTracker
from raporty.models import VALUE_KINDS, Cell, ColumnKind, ColumnRole, Document, Row, Table
from raporty.polish.fold import fold


@dataclass
class RawCell:
    text: str
    page: int | None = None
    paragraph: int | None = None
    confidence: float | None = None
    merged_from_above: bool = False  # vertically merged continuation (w:vMerge="continue")
    italic: bool = False


_RULE_CHARS = " \t-–—=_|+:.*~"
_STARTS_NUMBER = re.compile(r"^\s*[-–]?\d")


def _reports_a_state(text: str) -> bool:
    """An italic cell saying what happened ("wydarzenie nie zostało zorganizowane") is a value, not a note."""
    from raporty.polish.statuses import detect_status

    return detect_status(text) is not None


#: How alike (rapidfuzz ratio, 0–100) a header must be to the last one to repeat it: OCR reads the
#: same header a little differently on each page ("Komórka/ jednostka" / "Komórkal jednostka").
_REPEATED_HEADER_SIMILARITY = 90.0


def _same_header(last: list[str] | None, texts: list[str]) -> bool:
    """``texts`` (normalised, per column) repeat the ``last`` table's header."""
    if last is None or len(last) != len(texts):
        return False
    return last == texts or fuzz.ratio(" | ".join(last), " | ".join(texts)) >= _REPEATED_HEADER_SIMILARITY


def _norm(text: str) -> str:
    return " ".join(fold(text).split())


def _join(above: str, below: str) -> str:
    if not above:
        return below
    if not below:
        return above
    return f"{above}\n{below}"


def _continues_text(text: str) -> bool:
    """Text that reads as the rest of a sentence begun elsewhere: lower-case start or leading punctuation."""
    first = text.lstrip()[:1]
    return bool(first) and (first.islower() or first in ",;:.)]–-")


def _with_label_column(columns: list[ColumnRole], body: list[list[RawCell]]) -> list[ColumnRole]:
    """A table whose header names no activity or indicator column (e.g. its header cell holds the domain
    title, "Dziedzina - …") takes the unrecognised column with the longest body texts as its indicator column."""
    if any(c.kind in (ColumnKind.ACTIVITY, ColumnKind.INDICATOR) for c in columns):
        return columns
    candidates = [i for i, c in enumerate(columns) if c.kind is ColumnKind.OTHER]
    if not candidates or not body:
        return columns

    def mean_length(col: int) -> float:
        texts = [row[col].text.strip() for row in body if col < len(row)]
        return sum(len(t) for t in texts) / max(1, len(texts))

    best = max(candidates, key=mean_length)
    if mean_length(best) < 15:  # short codes or numbers, not names
        return columns
    return [
        c.model_copy(update={"kind": ColumnKind.INDICATOR}) if i == best else c for i, c in enumerate(columns)
    ]


def _same_shape_as_last(table: Table, texts: list[str]) -> bool:
    """A row that starts a number in every value column the last row filled (two or more) is a row of its
    own, such as a lower-case numerator row ("liczba rodzin …") under an indicator, not a split row."""
    if not table.rows:
        return False
    last = table.rows[-1]
    value_cols = [i for i, c in enumerate(table.columns) if c.kind in VALUE_KINDS and i < len(texts)]
    filled = {i for i in value_cols if last.text(i).strip()}
    numbers = {i for i in value_cols if _STARTS_NUMBER.match(texts[i])}
    return len(filled) >= 2 and filled <= numbers


def _unnumbered_after_numbered(table: Table, texts: list[str]) -> bool:
    """In a table with an "Lp." column, a line with no row number under a numbered row (its label
    going on in lower case) is the rest of that row, whatever its value cells hold."""
    numbers = [i for i, c in enumerate(table.columns) if c.kind is ColumnKind.ROW_NUMBER and i < len(texts)]
    return (
        bool(numbers and table.rows)
        and not texts[numbers[0]]
        and bool(table.rows[-1].text(numbers[0]).strip())
    )


#: A line opening a breakdown of the row above ("w tym kobiety", "z tego w formie on-line"): a row of
#: its own, never the rest of the name above.
_BREAKDOWN_START = re.compile(r"\W*(?:w tym|z tego|z czego|tj\.|spos?rod|ogolem)\b")


def _wraps_into_last(table: Table, texts: list[str]) -> bool:
    """The rest of the row above whose name and cells wrapped onto a further line ("ze szczególnym … |
    WSS: 5 porad | realizowanych w …"): text only in columns the row above filled, and no value cell
    starting with a number (a lower-case numerator row "liczba rodzin … | 62 | 34" is a row of its own)
    unless the cell above ends its list with a comma or semicolon, left open. A line that goes on
    with a list left open in one of its cells is the rest of the row in all of them ("2 umowy," |
    "43 umowy" above "39 spotkań" | "325 spotkań"); so is a line with a number in one value column
    under a row that filled two or more (a numerator row fills them all), unless it opens a
    breakdown ("w tym kobiety | 12")."""
    if not table.rows:
        return False
    last = table.rows[-1]
    if any(t and not last.text(i).strip() for i, t in enumerate(texts)):
        return False
    value_cols = [i for i, c in enumerate(table.columns) if c.kind in VALUE_KINDS and i < len(texts)]
    if any(texts[i] and last.text(i).rstrip().endswith((",", ";")) for i in value_cols):
        return True
    filled_above = [i for i in value_cols if last.text(i).strip()]
    numbered = [i for i in value_cols if _STARTS_NUMBER.match(texts[i])]
    first = next((t for t in texts if t), "")
    if len(numbered) == 1 and len(filled_above) >= 2 and not _BREAKDOWN_START.match(fold(first)):
        return True  # the rest of a name with the rest of one cell: "w oparciu o … | | 10 314 posiłków"
    return not any(
        _STARTS_NUMBER.match(texts[i]) and not last.text(i).rstrip().endswith((",", ";")) for i in value_cols
    )  # a number after a list the cell above left open ("47 kursów,") goes on with that list


#: A money scale a caption or note states for a table ("(kwoty w tys. zł)", "Dane w mln PLN").
_CAPTION_SCALE = re.compile(r"\b(tys|mln|mld)\w*\.?\s*(?:zl\w*|pln)\b")
_CAPTION_MAX_LENGTH = 200
_SCALE_WORDS = {"tys": "tys.", "mln": "mln", "mld": "mld"}
_NAMES_CURRENCY = re.compile(r"\b(?:zl\w*|pln)\b")


def caption_scale(text: str) -> str | None:
    """The money scale a short caption or note names ("w tys. zł"), or None."""
    if len(text) > _CAPTION_MAX_LENGTH:
        return None
    found = _CAPTION_SCALE.search(fold(text))
    return f"w {_SCALE_WORDS[found.group(1)]} zł" if found else None


def _with_caption_scale(columns: list[ColumnRole], scale: str | None) -> list[ColumnRole]:
    """Money columns whose header names no currency take the scale the table's caption states
    ("Tabela 2. … (kwoty w tys. zł)" over "Budżet 2023"): the header is read as "Budżet 2023 (w tys. zł)"."""
    if scale is None:
        return columns
    return [
        c.model_copy(update={"header": f"{c.header} ({scale})"})
        if c.kind is ColumnKind.BUDGET and not _NAMES_CURRENCY.search(fold(c.header))
        else c
        for c in columns
    ]


def _spans_whole_row(row: list[RawCell]) -> bool:
    filled = {c.text.strip() for c in row if c.text.strip()}
    return len(filled) == 1 and all(c.text.strip() for c in row)


def side_by_side(
    grid: list[list[RawCell]], header_repair: Callable[[str], str] | None = None
) -> list[list[list[RawCell]]]:
    """The tables of a grid that holds two (or more) side by side: at a column empty in every row
    (a spacer; rows of one text over the whole width, a caption, do not count) with a header naming
    the row label (activity or indicator) on its right, the grid splits into a left and a right
    table. A grid with no such column is one table."""
    width = len(grid[0])
    rows = [row for row in grid if not _spans_whole_row(row)]
    empty = [all(not row[i].text.strip() for row in rows) for i in range(width)]
    for i in range(1, width - 1):
        if not empty[i] or empty[i - 1]:
            continue
        right = [row[i + 1 :] for row in grid if not _spans_whole_row(row)]
        block = header_block([[c.text for c in r] for r in right])
        if block is None:
            continue
        if _labels(_header_roles(right, block, header_repair)):
            return [[row[:i] for row in grid], *side_by_side(right, header_repair)]
    at = _second_table_at(grid, header_repair)
    if at is not None:
        return [[row[:at] for row in grid], *side_by_side([row[at:] for row in grid], header_repair)]
    return [grid]


def _header_roles(
    grid: list[list[RawCell]], block: tuple[int, int], header_repair: Callable[[str], str] | None
) -> list[ColumnRole]:
    repair = header_repair or (lambda text: text)
    return classify_header([[repair(c.text) for c in r] for r in grid[block[0] : block[0] + block[1]]])


def _labels(roles: list[ColumnRole]) -> list[int]:
    return [i for i, c in enumerate(roles) if c.kind in (ColumnKind.ACTIVITY, ColumnKind.INDICATOR)]


def _second_table_at(grid: list[list[RawCell]], header_repair: Callable[[str], str] | None) -> int | None:
    """Where a second table starts in a grid of two side by side with no spacer column between: at
    a header cell naming the row label again ("Wskaźnik", "Działanie", or the "Lp." before it) after
    value columns of the first, with value columns of its own after it. (An activity column beside
    an indicator column, with no values between them, is one table.)"""
    rows = [row for row in grid if not _spans_whole_row(row)]
    block = header_block([[c.text for c in r] for r in rows])
    if block is None:
        return None
    roles = _header_roles(rows, block, header_repair)
    labels = _labels(roles)
    for first, second in zip(labels, labels[1:], strict=False):
        values = [roles[k].kind in VALUE_KINDS for k in range(len(roles))]
        if any(values[first:second]) and any(values[second:]):
            return second - 1 if roles[second - 1].kind is ColumnKind.ROW_NUMBER else second
    return None


def header_repair_for(document: Document, text: str) -> Callable[[str], str] | None:
    """How the headers of a born-digital file are read: repaired when its whole ``text`` is OCR
    output (diacritics lost, OCR glyphs, misread words: "Wartosc clocelowa", "Naktad 2019" are
    "Wartość docelowa", "Nakład 2019"), else as written (None). The verdict on OCR software's
    output is kept on ``document`` (``ocr_output``) for the normaliser, which repairs the cells."""
    from raporty.polish.damage import looks_ocr_damaged
    from raporty.polish.repair import repair_text, written_by_ocr

    document.ocr_output = written_by_ocr(text)
    return repair_text if document.ocr_output or looks_ocr_damaged(text) else None


class TableAssembler:
    """Collects headings and raw tables in body order and fills a Document."""

    def __init__(self, document: Document, header_repair: Callable[[str], str] | None = None) -> None:
        """``header_repair``: how header texts of a document OCR software wrote are read (the words
        restored before their column roles are recognised), or None for text as written."""
        self.doc = document
        self._header_repair = header_repair
        self.sections = SectionTracker(document)
        self._last: Table | None = None
        self._last_header: list[str] | None = None
        self._header_lines: list[list[str]] = []  # each header row of the last table, to skip repeats
        self._since_table = 0  # headings/paragraphs seen since the last table
        self._caption_scale: str | None = None  # the money scale a note right before the next table names
        self._beside: list[tuple[Table | None, list[str] | None, list[list[str]]]] = []  # the last
        # tables side by side, left to right: (table, header, header rows) of each

    # -- text between tables -------------------------------------------------------------
    def heading(self, text: str, level: int | None = None) -> None:
        self.sections.heading(text, level)
        self._since_table += 1
        self._caption_scale = None

    def paragraph(self, text: str, italic: bool = False) -> None:
        """A body paragraph: a numbered heading, a note of the current section, or programme text."""
        if self.sections.paragraph(text, italic):
            self._since_table += 1
        self._caption_scale = caption_scale(text) or self._caption_scale

    # -- tables --------------------------------------------------------------------------
    def table(
        self, grid: list[list[RawCell]], page: int | None = None, after_page_break: bool = False
    ) -> None:
        """A raw table; ``after_page_break``: it starts a new page right after a table ended the last one
        (nothing but page furniture between), so its first row may be the rest of a row split by the break."""
        grid = [
            row for row in grid if any(c.text.strip(_RULE_CHARS) for c in row)
        ]  # drop empty and ruler rows
        if not grid:
            return
        width = max(len(r) for r in grid)
        grid = [r + [RawCell("")] * (width - len(r)) for r in grid]
        halves = side_by_side(grid, self._header_repair)
        if len(halves) > 1:
            self._tables_beside(halves, page, after_page_break)
            return
        self._beside = []
        block = header_block(self._header_texts(grid))  # the one header rule (grid/headers.py)
        if block is None:
            if self._last is not None and self._since_table <= 1 and self._fits_last(grid, after_page_break):
                self._append_rows(self._last, grid, split_row=after_page_break)
                return
            self._unparsed(grid)
            return

        header_at, body_start = block[0], block[0] + block[1]
        for row in grid[:header_at]:
            self._row_as_note(row)
        header_rows = spread_group_cells([[c.text for c in r] for r in grid[header_at:body_start]])
        if self._header_repair is not None:
            header_rows = [[self._header_repair(text) for text in row] for row in header_rows]
        header_texts = [_norm(" ".join(col)) for col in zip(*header_rows, strict=True)]

        if (
            self._last is not None
            and _same_header(self._last_header, header_texts)
            and (after_page_break or self._last.section == self.sections.current)
        ):
            self._append_rows(self._last, grid[body_start:], split_row=after_page_break)
            return

        columns = self._with_document_years(classify_header(header_rows))
        columns = _with_label_column(columns, grid[body_start:])
        columns = _with_caption_scale(columns, self._caption_scale)
        self._caption_scale = None
        table = Table(
            index=len(self.doc.tables),
            section=self.sections.current,
            columns=columns,
            page=page if page is not None else grid[header_at][0].page,
        )
        self.doc.tables.append(table)
        self._last, self._last_header = table, header_texts
        self._header_lines = [[_norm(text) for text in row] for row in header_rows]
        self._since_table = 0
        self._append_rows(table, grid[body_start:])

    # -- internals -----------------------------------------------------------------------
    def _header_texts(self, grid: list[list[RawCell]]) -> list[list[str]]:
        """Cell texts to find the header in: the rows a header may take read repaired when the
        document's headers need it (OCR software's Word files)."""
        texts = [[c.text for c in r] for r in grid]
        if self._header_repair is None:
            return texts
        repair = self._header_repair
        return [[repair(t) for t in row] if k < MAX_HEADER_ROWS else row for k, row in enumerate(texts)]

    def _tables_beside(
        self, halves: list[list[list[RawCell]]], page: int | None, after_page_break: bool
    ) -> None:
        """Tables side by side: each half is a table of its own; on the next page (or a table right
        after) each half may continue the table of its own side."""
        previous = self._beside
        made: list[tuple[Table | None, list[str] | None, list[list[str]]]] = []
        for k, half in enumerate(halves):
            if k < len(previous):
                self._last, self._last_header, self._header_lines = previous[k]
            self.table(half, page, after_page_break)
            made.append((self._last, self._last_header, self._header_lines))
        self._beside = made

    def _fits_last(self, grid: list[list[RawCell]], after_page_break: bool = False) -> bool:
        """A headerless block continues the last table when its filled columns fit that table's columns,
        or, right after a page break, when it has exactly that table's columns."""
        assert self._last is not None
        roles = self._last.columns
        if after_page_break and len(grid[0]) == len(roles):
            return True  # a text export keeps every column of a row: the rest of the table on the next page
        used = max((i + 1 for row in grid for i, c in enumerate(row) if c.text.strip()), default=0)
        meaningful = max((i + 1 for i, c in enumerate(roles) if c.kind is not ColumnKind.OTHER), default=0)
        return meaningful - 1 <= used <= len(roles)

    def _with_document_years(self, columns: list[ColumnRole]) -> list[ColumnRole]:
        """Value columns without a year take the one year the other columns agree on."""
        years = {(c.year, c.year_end) for c in columns if c.year is not None}
        if len(years) != 1:
            return columns
        year, year_end = years.pop()
        value_kinds = {ColumnKind.PLANNED, ColumnKind.ACTUAL, ColumnKind.BUDGET, ColumnKind.TARGET}
        return [
            c.model_copy(update={"year": year, "year_end": year_end})
            if c.kind in value_kinds and c.year is None
            else c
            for c in columns
        ]

    def _label_col(self, table: Table) -> int:
        label = table.label_column()
        if label is not None:
            return label
        return next((i for i, c in enumerate(table.columns) if c.kind is not ColumnKind.ROW_NUMBER), 0)

    def _append_rows(self, table: Table, grid: list[list[RawCell]], split_row: bool = False) -> None:
        """Append body rows; with ``split_row`` the first row continues the last one when its label
        cell reads as the rest of a sentence (starts in lower case or with punctuation)."""
        label = self._label_col(table)
        width = len(table.columns)
        carry = {i for i, c in enumerate(table.columns) if c.kind is ColumnKind.ACTIVITY and i != label}
        for raw in grid:
            raw = raw + [RawCell("")] * (width - len(raw))
            texts = [c.text.strip() for c in raw[:width]]
            if not any(texts):
                continue
            normalised = [_norm(t) for t in texts]
            if (is_header_row(texts) or is_subheader(texts)) and (
                _same_header(self._last_header, normalised) or normalised in self._header_lines
            ):
                continue  # a repeated header inside a continued table
            filled = {t for t in texts if t}
            if len(filled) == 1 and sum(1 for t in texts if t) == width and width > 1:
                self.sections.heading(texts[0], None)  # full-width row: a section of its own
                if table.rows:  # rows after it belong to the new section: continue in a new table
                    table = self._split_table(table)
                table.section = self.sections.current
                continue
            for i, cell in enumerate(raw[:width]):
                if cell.italic and cell.text.strip() and not _reports_a_state(cell.text):
                    self.sections.note(cell.text.strip())
                    texts[i] = ""
            is_continuation = (
                not texts[label]
                or raw[label].merged_from_above
                or (_continues_text(texts[label]) and _unnumbered_after_numbered(table, texts))
                or (split_row and _continues_text(texts[label]) and not _same_shape_as_last(table, texts))
                or (_continues_text(texts[label]) and _wraps_into_last(table, texts))
                or self._continues_label(raw, texts, label)
            ) and bool(table.rows)
            split_row = False
            if is_continuation:
                self._merge_into_last(table, raw, texts, label, carry)
                continue
            row = Row(index=len(table.rows), cells=[])
            for i, text in enumerate(texts):
                if not text and i in carry and table.rows:
                    text = table.rows[-1].text(i)  # a merged "Kierunki działań" cell spans rows
                row.cells.append(self._cell(raw[i], text, row.index, i))
            table.rows.append(row)

    @staticmethod
    def _continues_label(raw: list[RawCell], texts: list[str], label: int) -> bool:
        """Only label text, carrying on mid-sentence or beside cells merged from the row above."""
        others = [i for i in range(len(texts)) if i != label]
        if not others or any(texts[i] and not raw[i].merged_from_above for i in others):
            return False
        return texts[label][:1].islower() or all(raw[i].merged_from_above for i in others)

    def _split_table(self, table: Table) -> Table:
        fresh = Table(
            index=len(self.doc.tables), section=table.section, columns=table.columns, page=table.page
        )
        self.doc.tables.append(fresh)
        self._last = fresh
        return fresh

    def _merge_into_last(
        self, table: Table, raw: list[RawCell], texts: list[str], label: int, carry: set[int]
    ) -> None:
        last = table.rows[-1]
        by_col = {c.col: c for c in last.cells}
        for i, text in enumerate(texts):
            if (
                not text
                or (raw[i].merged_from_above and i != label)
                or (i in carry and text == by_col[i].text)
            ):
                continue
            cell = by_col[i]
            cell.text = _join(cell.text, text)
            if raw[i].confidence is not None:
                cell.confidence = min(cell.confidence or 100.0, raw[i].confidence or 100.0)

    @staticmethod
    def _cell(raw: RawCell, text: str, row: int, col: int) -> Cell:
        return Cell(
            text=text, row=row, col=col, page=raw.page, paragraph=raw.paragraph, confidence=raw.confidence
        )

    def _row_as_note(self, row: list[RawCell]) -> None:
        text = " ".join(c.text.strip() for c in row if c.text.strip())
        if text:
            self.sections.note(text)
            spanned = " ".join(dict.fromkeys(c.text.strip() for c in row if c.text.strip()))  # once per cell
            self._caption_scale = caption_scale(spanned) or self._caption_scale

    def _unparsed(self, grid: list[list[RawCell]]) -> None:
        self.doc.warnings.append(
            f"table without a recognisable header ({len(grid)} rows) kept as unparsed cells"
        )
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell.text.strip():
                    self.doc.unparsed.append(self._cell(cell, cell.text.strip(), r, c))
