"""What the writer is handed for one document: the rows of :class:`DocumentRows` and the unit
names of :class:`UnitMention`. Plain dataclasses, apart from :mod:`raporty.models`, so that the
writing process unpickles them without importing pydantic."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class UnitMention:
    name: str
    code: str | None = None

    @property
    def abbreviation(self) -> str | None:
        """The leading letters of a code ("MOPS" of "MOPS/OBA"), which usually abbreviate the name."""
        if self.code is None:
            return None
        return re.split(r"[/-]", self.code)[0] or None


Columns = dict[str, list]


@dataclass
class DocumentRows:
    """Everything the warehouse writes for one document, as plain columns (built by
    :func:`raporty.normalize.rows.document_rows`, written by :meth:`raporty.load.warehouse.Warehouse.load`)."""

    file_name: str
    sha256: str
    format: str
    warnings: list[str]
    programme: str | None
    year_from: int | None
    year_to: int | None
    pages: int | None
    sections: Columns  # row_columns.SECTION_COLUMNS
    facts: Columns  # row_columns.FACT_COLUMNS
    cells: Columns  # row_columns.CELL_COLUMNS
    #: normalised activity name → the name stored for it (the first spelling in sort order)
    activities: dict[str, str] = field(default_factory=dict)
    #: normalised activity name → (lemma text, known share) of its stored name, which cross-report
    #: linking compares (raporty.polish.name_lemmas)
    activity_lemmas: dict[str, tuple[str, float]] = field(default_factory=dict)
    #: (lemma, value type) pairs the facts count in
    measures: set[tuple[str, str]] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    #: (activity, table) → the units its row names, for the writer's unit resolver
    units: dict[tuple[str, int], list[UnitMention]] = field(default_factory=dict)
    #: word of a unit name → its Morfeusz readings (raporty.polish.lemmas.Reading), analysed by the
    #: reader: the writer's unit resolver compares names without loading the dictionary itself
    readings: dict[str, tuple] = field(default_factory=dict)
    #: the character encoding of a text export (Document.encoding)
    encoding: str | None = None

    @property
    def fact_count(self) -> int:
        return len(self.facts["kind"])
