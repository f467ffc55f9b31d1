"""The report model: what is written (headings, tables, cells) and what it states (facts)."""

from __future__ import annotations

from dataclasses import dataclass, field

VALUE_KINDS = ("planned", "actual", "budget", "baseline", "target")


@dataclass(frozen=True)
class Measure:
    """One quantity (or one state) stated by a cell."""

    value: float | None
    measure: str | None
    value_type: str | None
    qualifier: str | None = None
    status: str | None = None


@dataclass
class Cell:
    paragraphs: list[str]
    measures: list[Measure] = field(default_factory=list)
    line_break: bool = False  # DOCX: one paragraph with line breaks; txt: later parts on continuation lines
    pattern: str | None = None  # the cell pattern that wrote it (not rendered)

    @property
    def text(self) -> str:
        return " ".join(" ".join(p.split()) for p in self.paragraphs if p.strip())


@dataclass(frozen=True)
class Column:
    role: str  # activity | indicator | unit | status | one of VALUE_KINDS
    header: str
    year: int | None = None
    year_end: int | None = None


@dataclass
class Row:
    cells: list[Cell]  # one per column
    empty: bool = False  # an empty spacer row (no text, no facts)
    name_tail: str | None = None  # the name wraps into a second table row holding only this text
    sub_rows: list[list[Cell]] = field(default_factory=list)  # further rows of the same activity
    # (name cell vertically merged; each sub row gives values of another measure)


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row]
    note: str | None = None  # a note row above the header ("Tabela 2. …")
    inner_headings: dict[int, str] = field(default_factory=dict)  # row index → spanning heading row
    split_at: int | None = None  # DOCX/PDF: the table continues in a second table from this row
    merge_units: bool = False  # DOCX: equal unit cells of consecutive rows are vertically merged
    groups: list[tuple[int, int, str]] = field(default_factory=list)  # two-row header: (first column,
    # last column, group text) over sub-headers (Column.header); other headers span both rows
    narrow: bool = False  # PDF: narrow value columns (long cells wrap)
    row_break: dict[int, tuple[list[str], list[str]]] | None = None  # DOCX: the row before split_at
    # breaks across the two tables: column → (paragraphs in the first table, paragraphs continuing
    # in the first row of the second); columns not named stay whole in the first table
    break_header: bool = True  # DOCX: the second table of a row_break repeats the header
    break_mark: str | None = None  # DOCX: a page-number paragraph between the two tables
    halves: tuple[Table, Table] | None = None  # two tables side by side (layout_side_by_side):
    # the columns are the first's, a spacer, the second's; the facts are the halves' facts
    page_break: tuple[int, str, bool, bool] | None = None  # txt: a page break before row i (or inside
    # it, after its first line when the third item is true), its page mark, the header repeated after


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass
class Report:
    name: str
    split: str
    title_lines: list[str]
    blocks: list[Heading | Table]
    landscape: bool
    families: set[str] = field(default_factory=set)  # phrasing families used (for the audit)
