"""Normalise a Document into Facts: the step between extraction and loading.

For every table row the label cell (activity, or indicator name in indicator tables) names the
activity; unit cells name the responsible units; every value column (planned, actual, budget,
baseline, target) is split into typed measures. A cell that only reports a state gives one
status-only fact; a "Stan realizacji" column lends its status to the row's actual facts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from raporty.models import (
    VALUE_KINDS,
    Cell,
    ColumnKind,
    ColumnRole,
    Document,
    Fact,
    InputFormat,
    Measure,
    Row,
    Table,
)
from raporty.normalize.measures import context_measure, split_measures, trend_qualifier
from raporty.normalize.units import UnitMention, mend_broken_names, parse_units
from raporty.polish.damage import has_ocr_traces, looks_ocr_damaged
from raporty.polish.digit_lookalikes import restore_digits
from raporty.polish.repair import (
    repair_name,
    repair_text,
    restore_opening_quotes,
    split_glued_words,
    written_by_ocr,
)
from raporty.polish.statuses import NO_FIGURE_STATUSES, detect_status

#: Fact kinds that take the report's year when their column names none (baseline/target do not).
_REPORT_YEAR_KINDS = {"planned", "actual", "budget"}

#: A fact from OCR whose number words were read below this tesseract confidence is flagged.


@dataclass
class CellOutcome:
    """What one cell gave: kept for the raw layer (stg_cell)."""

    table: int | None
    cell: Cell
    kind: ColumnKind | None
    header: str
    year: int | None
    year_end: int | None
    facts: int = 0


@dataclass
class NormalisedDocument:
    document: Document
    facts: list[Fact] = field(default_factory=list)
    cells: list[CellOutcome] = field(default_factory=list)
    units: dict[tuple[str, int], list[UnitMention]] = field(default_factory=dict)  # (activity, table) → units


def collapse(text: str) -> str:
    return " ".join(text.split())


#: Punctuation an activity name cannot start with: list bullets, dashes, stray marks and quotes
#: (an opening „ is kept: it opens a quoted title).
_LEADING_PUNCTUATION = re.compile(r"^[\s»«,.;:*•·\-–—_'\"“”~|]+(?=[\w„])")


def activity_name(text: str) -> str:
    """The cell text as an activity name: whitespace collapsed, opening quotes mangled by OCR
    restored ("»,Razem” – …" → "„Razem” – …", "usługi ,Pomoc w domu”" → "usługi „Pomoc w domu”"),
    then stray leading punctuation removed."""
    name = restore_opening_quotes(collapse(text))
    return _LEADING_PUNCTUATION.sub("", name)


#: A column rule OCR read as "|" inside a cell: what follows it on the line is the next column's.
_COLUMN_RULE = re.compile(r"[ \t]*\|[ \t]*(?P<moved>[^\n|]*)$", re.MULTILINE)


def split_column_rule(text: str) -> tuple[str, str]:
    """(the cell's own text, the text OCR ran in from the next column past a "|" rule):
    "politykę na rzecz | UMK\nrodzin" → ("politykę na rzecz\nrodzin", "UMK")."""
    moved = [m.group("moved").strip() for m in _COLUMN_RULE.finditer(text)]
    return _COLUMN_RULE.sub("", text), "\n".join(m for m in moved if m)


_WRAPPED_LINE = re.compile(r"(?<=[^\W\d_])[ \t]*\n\s*(?=[a-ząćęłńóśźż])")


def unwrap(text: str) -> str:
    """Join lines broken mid-phrase (a word, then a line starting in lower case); keep breaks between items."""
    return _WRAPPED_LINE.sub(" ", text)


def _identity(text: str) -> str:
    return text


def _repair_damaged(text: str) -> str:
    """OCR-damaged text: digits read as letters put back, then every word repaired."""
    return repair_text(restore_digits(text))


def _cells(doc: Document) -> Iterator[Cell]:
    return (cell for table in doc.tables for row in table.rows for cell in row.cells)


def ocr_software_text(doc: Document, sample: str) -> bool:
    """A Word file, PDF text layer or text export that OCR software wrote from a scan (judged on
    its headings, headers and the cells' text ``sample``, unless the extractor judged it): its text
    keeps most Polish letters (so it does not look damaged as a whole) but shows OCR traces
    ("Krakéw", "os6b") or misread words ("Naktad", "rnln"). No extractor repaired it, so it is
    repaired like damaged text (text exports rebuilt from OCR layout are repaired when read,
    extract/text/layout.py)."""
    if doc.format not in (InputFormat.DOCX, InputFormat.PDF, InputFormat.TEXT):
        return False
    if doc.ocr_output is not None:
        return doc.ocr_output  # the extractor judged it
    written = [*(s.title for s in doc.sections), *(c.header for t in doc.tables for c in t.columns)]
    return written_by_ocr(" ".join([*written, sample]))


def normalise_document(doc: Document) -> NormalisedDocument:
    out = NormalisedDocument(document=doc)
    sample = " ".join(cell.text for cell in _cells(doc))
    read_by_ocr = any(c.confidence is not None for c in _cells(doc))
    damaged = looks_ocr_damaged(sample) or (ocr_software_text(doc, sample) and not read_by_ocr)
    repair = _repair_damaged if damaged else _identity
    name_repair = repair_name if damaged else _identity
    if not damaged and (has_ocr_traces(sample) or read_by_ocr):
        name_repair = split_glued_words  # OCR text an extractor repaired already: words glued stay
    if doc.programme and (damaged or looks_ocr_damaged(doc.programme)):  # titles are shown to analysts
        doc.programme = repair_text(doc.programme)
    for section in doc.sections:
        if damaged or looks_ocr_damaged(section.title):
            section.title = repair_text(section.title)
    for table in doc.tables:
        _normalise_table(doc, table, out, repair, name_repair)
    for cell in doc.unparsed:
        out.cells.append(CellOutcome(None, cell, None, "", None, None))
    _mend_unit_names(out)
    return out


def _mend_unit_names(out: NormalisedDocument) -> None:
    """Unit names broken across columns mended against the document's whole names (see
    :func:`raporty.normalize.units.mend_broken_names`); facts follow their row's new names."""
    mended, renamed = mend_broken_names(out.units)
    out.units = {(renamed.get(key, key[0]), key[1]): units for key, units in mended.items()}
    for fact in out.facts:
        key = (fact.activity, fact.table if fact.table is not None else -1)
        if key in mended:
            fact.units = list(dict.fromkeys(m.name for m in mended[key]))
            fact.activity = renamed.get(key, fact.activity)


def _normalise_table(
    doc: Document,
    table: Table,
    out: NormalisedDocument,
    repair: Callable[[str], str],
    name_repair: Callable[[str], str],
) -> None:
    label = table.label_column()
    indicator = label if label is not None and table.columns[label].kind is ColumnKind.INDICATOR else None
    activity_col = _activity_naming_each_row(table) if indicator is not None else None
    if activity_col is not None:
        label = activity_col  # the indicator column then only says what the row's numbers count
    section = doc.sections[table.section] if table.section is not None else None
    section_code = doc.section_path_code(table.section)
    unit_cols = [i for i, c in enumerate(table.columns) if c.kind is ColumnKind.UNIT]
    status_cols = [i for i, c in enumerate(table.columns) if c.kind is ColumnKind.STATUS]
    actual = next((c for c in table.columns if c.kind is ColumnKind.ACTUAL), None)
    for row in table.rows:
        for cell in row.cells:
            role = table.columns[cell.col]
            out.cells.append(CellOutcome(table.index, cell, role.kind, role.header, role.year, role.year_end))
        if label is None:
            continue
        label_text, unit_texts = _name_texts(row, label, unit_cols)
        activity = activity_name(name_repair(label_text))
        if not activity:
            continue
        mentions = [m for text in unit_texts for m in parse_units(name_repair(text))]
        out.units[(activity, table.index)] = mentions
        units = list(dict.fromkeys(m.name for m in mentions))
        row_status = next((s for col in status_cols if (s := detect_status(repair(row.text(col))))), None)
        base: dict[str, Any] = {
            "document": doc.file_name,
            "programme": doc.programme,
            "section_code": section_code,
            "task": section.title if section else None,
            "activity": activity,
            "units": units,
            "table": table.index,
        }
        context = collapse(name_repair(row.text(indicator))) if indicator is not None else None
        row_facts = _row_facts(doc, table, row, base, context, row_status, out, repair)
        if row_status and actual is not None and not any(f.kind == "actual" for f in row_facts):
            status_cell = next(c for c in row.cells if c.col == status_cols[0])
            out.facts.append(
                Fact(
                    **base,
                    kind="actual",
                    year=actual.year,
                    year_end=actual.year_end,
                    status=row_status,
                    raw_text=collapse(status_cell.text),
                    page=status_cell.page,
                    row=row.index,
                    col=status_cell.col,
                )
            )


#: An activity column names rows of its own from this many rows on (one row says nothing).
_MIN_ROWS_NAMED = 2


def _activity_naming_each_row(table: Table) -> int | None:
    """The activity column of a table that also has an indicator column, when it names each row
    itself: a text on every row and no text twice ("Działanie | Realizator | Wskaźnik | Plan |
    Wykonanie", an indicator per activity). An activity written once over several indicator rows
    (merged, repeated or left empty below: a direction of action and its indicators) does not: the
    indicator names those rows (docs/expected_facts.md)."""
    column = next((i for i, c in enumerate(table.columns) if c.kind is ColumnKind.ACTIVITY), None)
    if column is None or len(table.rows) < _MIN_ROWS_NAMED:
        return None
    texts = [collapse(row.text(column)).casefold() for row in table.rows]
    return column if all(texts) and len(set(texts)) == len(texts) else None


def _name_texts(row: Row, label: int, unit_cols: list[int]) -> tuple[str, list[str]]:
    """The label cell's text and the unit cells' texts; what ran into the label cell past a "|"
    column rule (OCR reads the rule so) goes to the unit cell right after it."""
    label_text = row.text(label)
    units = {col: row.text(col) for col in unit_cols}
    if label + 1 in units:
        label_text, moved = split_column_rule(label_text)
        if moved:
            units[label + 1] = f"{units[label + 1]}\n{moved}" if units[label + 1].strip() else moved
    return label_text, list(units.values())


def _row_facts(
    doc: Document,
    table: Table,
    row: Row,
    base: dict,
    context: str | None,
    row_status: str | None,
    out: NormalisedDocument,
    repair: Callable[[str], str],
) -> list[Fact]:
    facts: list[Fact] = []
    outcomes = {o.cell.col: o for o in out.cells[-len(row.cells) :]} if row.cells else {}
    for cell in row.cells:
        role = table.columns[cell.col]
        kind = _dated_kind(doc, role)
        text = collapse(cell.text)
        if kind is None or not text:
            continue
        repaired = unwrap(repair(cell.text))
        # a budget column's header names the money (and its scale), not the row's indicator
        measures = split_measures(
            repaired,
            context=column_context(role) if kind == "budget" else context or column_context(role),
            repair=False,
        )
        own_line = _status_line(repaired) if measures else None
        if own_line is not None:  # "Nie dotyczy" above a further row's "10 wizyt": two facts
            repaired = "\n".join(line for line in repaired.splitlines() if line.strip() != own_line[1])
        status = detect_status(repaired) or (row_status if kind == "actual" else None)
        year, year_end = role.year, role.year_end
        if year is None and kind in _REPORT_YEAR_KINDS:
            year = _report_year(doc)  # a plan/result/budget column of a report on one year is about it
        common = dict(
            base,
            kind=kind,
            year=year,
            year_end=year_end,
            raw_text=text,
            page=cell.page,
            row=row.index,
            col=cell.col,
        )
        cell_facts = [_measure_fact(common, m, status, cell) for m in measures]
        if own_line is not None:
            cell_facts.insert(0, Fact(**dict(common, raw_text=own_line[1]), status=own_line[0]))
        if not cell_facts and status:
            cell_facts = [Fact(**common, status=status)]
        elif not cell_facts and (trend := trend_qualifier(repaired)):
            cell_facts = [Fact(**common, qualifier=trend)]  # "tendencja wzrostowa": a direction only
        first = len(out.facts) + len(facts)
        for fact in cell_facts:
            if fact.part_of is not None:
                fact.part_of += first
        facts.extend(cell_facts)
        if cell.col in outcomes:
            outcomes[cell.col].facts = len(cell_facts)
    out.facts.extend(facts)
    return facts


def _status_line(text: str) -> tuple[str, str] | None:
    """(status, line) of a line of a cell with several that states there is no figure and has no
    number ("Nie dotyczy", "brak danych"), while other lines have figures: the status of a row the
    export merged with the further rows of its activity, not of their numbers."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    for line in lines:
        if not any(ch.isdigit() for ch in line) and (status := detect_status(line)) in NO_FIGURE_STATUSES:
            return status, line
    return None


def _dated_kind(doc: Document, role: ColumnRole) -> str | None:
    """The fact kind of a column. A column headed by a year alone holds what that year is set to
    reach (a target: a programme's years ahead), unless the report is dated and the year is not
    after it: a monitoring report's "2022 | 2023 | 2024" columns, stated on 31.12.2024, are results."""
    kind = VALUE_KINDS.get(role.kind)
    if kind == "target" and role.year is not None and role.years_only:
        reported = doc.report_year
        if reported is not None and (role.year_end or role.year) <= reported:
            return "actual"
    return kind


def _report_year(doc: Document) -> int | None:
    """The year a report covers: the one its title names ("Sprawozdanie … za rok 2023", also in a
    report on a programme for 2022–2024), else the programme's when it runs one year."""
    if doc.report_year is not None:
        return doc.report_year
    return doc.year_from if doc.year_from is not None and doc.year_from == doc.year_to else None


def column_context(role: ColumnRole) -> str:
    """The header bare numbers of a column are read under. A budget column's numbers are złoty
    whatever word its header uses for money ("Nakład 2022", "Finansowanie"): a header that does
    not say so itself is read as naming złoty, so its scale ("w tys. zł") still counts."""
    cm = context_measure(role.header)
    if role.kind is ColumnKind.BUDGET and (cm is None or cm.value_type != "money"):
        return f"{role.header} (zł)"
    return role.header


def _measure_fact(common: dict, measure: Measure, status: str | None, cell: Cell) -> Fact:
    if measure.year is not None and measure.year != common["year"]:
        common = dict(common, year=measure.year, year_end=None)
        status = None  # the cell's state speaks of the column's year, not of this earlier figure
    return Fact(
        **common,
        value=measure.value,
        measure=measure.measure,
        value_type=measure.value_type,
        qualifier=measure.qualifier,
        status=status,
        part_of=measure.part_of,
        confidence=cell.confidence,
    )


def document_facts(doc: Document) -> list[Fact]:
    return normalise_document(doc).facts
