"""The rows one document adds to the warehouse, as columns, built next to the extraction.

A parallel ingest builds these in its worker processes, so that the single DuckDB writer only maps
the document's names to warehouse ids and appends. Plain lists of numbers and strings cross the
process boundary far more cheaply than the pydantic records they are made from; the writer hands
them to DuckDB as list parameters (raporty.load.row_columns).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from raporty.normalize.unit_resolver import name_readings
from raporty.polish.name_lemmas import known_share, lemma_text
from raporty.polish.names import normalised_name
from raporty.row_records import Columns, DocumentRows

if TYPE_CHECKING:
    from raporty.normalize.document import NormalisedDocument


def document_rows(norm: NormalisedDocument) -> DocumentRows:
    doc = norm.document
    sections = doc.sections
    section_columns: Columns = {
        "section_index": [s.index for s in sections],
        "code": [s.code for s in sections],
        "path_code": [doc.section_path_code(s.index) for s in sections],
        "title": [s.title for s in sections],
        "level": [s.level for s in sections],
        "parent_index": [s.parent for s in sections],
        "notes": [s.notes for s in sections],
    }
    facts = norm.facts
    section_of_table = {t.index: t.section for t in doc.tables}
    normalised = [normalised_name(f.activity) for f in facts]
    fact_columns: Columns = {
        "section_index": [None if f.table is None else section_of_table.get(f.table) for f in facts],
        "normalised": normalised,
        "lemma": [f.measure for f in facts],
        "kind": [f.kind for f in facts],
        "year": [f.year for f in facts],
        "year_end": [f.year_end for f in facts],
        "value": [f.value for f in facts],
        "value_type": [f.value_type for f in facts],
        "qualifier": [f.qualifier for f in facts],
        "status": [f.status for f in facts],
        "confidence": [f.confidence for f in facts],
        "part_of": [f.part_of for f in facts],
        "page": [f.page for f in facts],
        "table_index": [f.table for f in facts],
        "row_index": [f.row for f in facts],
        "col_index": [f.col for f in facts],
        "raw_text": [f.raw_text for f in facts],
    }
    cells = norm.cells
    cell_columns: Columns = {
        "table_index": [o.table for o in cells],
        "row_index": [o.cell.row for o in cells],
        "col_index": [o.cell.col for o in cells],
        "column_kind": [o.kind.value if o.kind else None for o in cells],
        "column_header": [o.header for o in cells],
        "year": [o.year for o in cells],
        "year_end": [o.year_end for o in cells],
        "text": [o.cell.text for o in cells],
        "page": [o.cell.page for o in cells],
        "paragraph": [o.cell.paragraph for o in cells],
        "confidence": [o.cell.confidence for o in cells],
        "facts": [o.facts for o in cells],
    }
    activities: dict[str, str] = {}
    for key, fact in zip(normalised, facts, strict=True):
        if key not in activities or fact.activity < activities[key]:
            activities[key] = fact.activity
    return DocumentRows(
        file_name=doc.file_name,
        sha256=doc.sha256,
        format=doc.format.value,
        warnings=list(doc.warnings),
        programme=doc.programme,
        year_from=doc.year_from,
        year_to=doc.year_to,
        pages=doc.pages,
        sections=section_columns,
        facts=fact_columns,
        cells=cell_columns,
        activities=activities,
        activity_lemmas={key: (lemma_text(name), known_share(name)) for key, name in activities.items()},
        measures={
            (f.measure, f.value_type) for f in facts if f.measure is not None and f.value_type is not None
        },
        years={f.year for f in facts if f.year is not None},
        units=norm.units,
        readings=name_readings(m.name for found in norm.units.values() for m in found),
    )
