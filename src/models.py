"""The record model shared by every stage: extract → normalise → load.

Extractors produce a :class:`Document` (sections, tables, rows, cells with provenance).
The normaliser turns cell text into :class:`Measure` objects; the pipeline combines the two
into :class:`Fact` records, which the loader writes to DuckDB.

Glossary of the Polish terms used in reports (see README for the full list):
programme = program, goal = cel, task = zadanie, activity = działanie,
responsible unit = komórka/jednostka, indicator = wskaźnik.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field

from raporty.row_records import Columns, DocumentRows, UnitMention  # noqa: F401 - part of the model

SCHEMA_VERSION = 1


class InputFormat(str, Enum):
    """Input formats, detected from content (see :mod:`raporty.extract.detect`)."""

    DOCX = "docx"
    PDF = "pdf"
    IMAGE = "image"
    TEXT = "text"


class ColumnKind(str, Enum):
    """What a table column holds, recognised from its header text."""

    ACTIVITY = "activity"  # planowane działanie / kierunki działań / zadanie
    INDICATOR = "indicator"  # wskaźnik (name of an indicator, acts as the row label)
    UNIT = "unit"  # komórka/jednostka odpowiedzialna
    PLANNED = "planned"  # wskaźniki rezultatów zaplanowanych działań
    ACTUAL = "actual"  # zakres realizacji / stan wskaźnika
    BUDGET = "budget"  # wysokość środków / budżet
    BASELINE = "baseline"  # wartość bazowa
    TARGET = "target"  # wartość docelowa / mierniki / bare year columns
    STATUS = "status"  # stan realizacji (free-text state)
    TREND = "trend"  # trend (wzrost/spadek)
    ROW_NUMBER = "row_number"  # lp.
    OTHER = "other"


#: Column kinds whose cells become facts, and the fact kind they give.
VALUE_KINDS = {
    ColumnKind.PLANNED: "planned",
    ColumnKind.ACTUAL: "actual",
    ColumnKind.BUDGET: "budget",
    ColumnKind.BASELINE: "baseline",
    ColumnKind.TARGET: "target",
}


class ColumnRole(BaseModel):
    """A column's meaning: its kind and, for value columns, the year(s) it covers."""

    kind: ColumnKind
    header: str = ""
    year: int | None = None
    year_end: int | None = None
    years_only: bool = False  # the header is a year or a range and nothing else ("2023", "rok 2024")


class Cell(BaseModel):
    """One table cell with its provenance."""

    text: str
    row: int
    col: int
    page: int | None = None  # 1-based page (PDF, scans)
    paragraph: int | None = None  # body-order block index (DOCX, text)
    confidence: float | None = None  # OCR word confidence 0–100 (lowest number word), None if not OCR


class Row(BaseModel):
    """One logical table row (continuation rows already merged into it)."""

    index: int
    cells: list[Cell]

    def text(self, col: int) -> str:
        for cell in self.cells:
            if cell.col == col:
                return cell.text
        return ""


class Table(BaseModel):
    index: int
    section: int | None = None  # index into Document.sections
    columns: list[ColumnRole]
    rows: list[Row] = Field(default_factory=list)
    page: int | None = None

    def label_column(self) -> int | None:
        """The column that names a row: the indicator where there is one, else the activity."""
        kinds = [c.kind for c in self.columns]
        for wanted in (ColumnKind.INDICATOR, ColumnKind.ACTIVITY):
            if wanted in kinds:
                return kinds.index(wanted)
        return None


class Section(BaseModel):
    """A heading in the report hierarchy: goal (cel) → task (zadanie) → subsection."""

    index: int
    code: str | None = None  # "I", "I.2", "1)", "Cel 1", "Cel operacyjny 2"
    title: str
    level: int = 1
    parent: int | None = None
    notes: list[str] = Field(default_factory=list)


class Document(BaseModel):
    schema_version: int = SCHEMA_VERSION
    file_name: str
    sha256: str
    format: InputFormat
    programme: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    report_year: int | None = None  # the one year a report on a longer programme covers ("za rok 2023")
    pages: int | None = None
    sections: list[Section] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    unparsed: list[Cell] = Field(default_factory=list)  # text the extractor could not place
    warnings: list[str] = Field(default_factory=list)
    encoding: str | None = None  # the character encoding a text export was decoded from
    # whether the extractor found the file's text to be OCR output saved as a document (None: not judged)
    ocr_output: bool | None = None

    def section_path_code(self, index: int | None) -> str | None:
        """The full code of a section: "I.2 / 1)" for subsection 1) of task I.2."""
        codes: list[str] = []
        while index is not None:
            section = self.sections[index]
            if section.code and not any(c.startswith(section.code) for c in codes):
                codes.append(section.code)
            index = section.parent
        return " / ".join(reversed(codes)) or None


class Measure(BaseModel):
    """One typed quantity found in a cell's text by the normaliser."""

    value: float | None
    measure: str | None  # lemma of the head noun; "zł" for money, "%" for percent
    value_type: str  # count | money | percent | hours | fte | ratio | other
    qualifier: str | None = None  # "do", "co najmniej", "miesięcznie", "on-line", unit code, …
    part_of: int | None = None  # index of the measure this one is a "w tym" part of
    year: int | None = None  # a year the text itself gives the value ("w 2022 r. – 35 osób"), else None
    span: str = ""  # the text the measure was read from


class Fact(BaseModel):
    """One row of v_facts: one measure (or one status) of one activity for one year and kind."""

    document: str
    programme: str | None = None
    section_code: str | None = None
    task: str | None = None
    activity: str
    units: list[str] = Field(default_factory=list)
    year: int | None = None
    year_end: int | None = None
    kind: str
    value: float | None = None
    measure: str | None = None
    value_type: str | None = None
    qualifier: str | None = None
    status: str | None = None
    raw_text: str
    page: int | None = None
    row: int | None = None
    col: int | None = None
    table: int | None = None
    part_of: int | None = None
    confidence: float | None = None
