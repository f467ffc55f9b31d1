"""SQL types of the columns of rows the writer appends (the columns of raporty.normalize.rows).

The writer hands each column to DuckDB as one list parameter and unnests them side by side
(:func:`unnest_select`): no pyarrow or pandas in the process that writes, whose import would cost
more than the appends of a small batch.
"""

from __future__ import annotations

SECTION_COLUMNS = {
    "section_index": "INTEGER",
    "code": "VARCHAR",
    "path_code": "VARCHAR",
    "title": "VARCHAR",
    "level": "INTEGER",
    "parent_index": "INTEGER",
    "notes": "VARCHAR[]",
}

#: Facts as the document knows them: activities by name, measures by (lemma, value type), sections
#: and ``part_of`` by their position in the document. The writer swaps these for warehouse ids.
FACT_COLUMNS = {
    "section_index": "INTEGER",
    "normalised": "VARCHAR",
    "lemma": "VARCHAR",
    "kind": "VARCHAR",
    "year": "INTEGER",
    "year_end": "INTEGER",
    "value": "DOUBLE",
    "value_type": "VARCHAR",
    "qualifier": "VARCHAR",
    "status": "VARCHAR",
    "confidence": "DOUBLE",
    "part_of": "BIGINT",
    "page": "INTEGER",
    "table_index": "INTEGER",
    "row_index": "INTEGER",
    "col_index": "INTEGER",
    "raw_text": "VARCHAR",
}

#: stg_cell without its document_id (the writer puts that first).
CELL_COLUMNS = {
    "table_index": "INTEGER",
    "row_index": "INTEGER",
    "col_index": "INTEGER",
    "column_kind": "VARCHAR",
    "column_header": "VARCHAR",
    "year": "INTEGER",
    "year_end": "INTEGER",
    "text": "VARCHAR",
    "page": "INTEGER",
    "paragraph": "INTEGER",
    "confidence": "DOUBLE",
    "facts": "INTEGER",
}

#: The same with the warehouse ids the writer adds.
SECTION_COLUMNS_WITH_IDS = {**SECTION_COLUMNS, "section_id": "INTEGER", "parent_section_id": "INTEGER"}
FACT_COLUMNS_WITH_IDS = {
    **FACT_COLUMNS,
    "fact_id": "BIGINT",
    "activity_id": "INTEGER",
    "measure_id": "INTEGER",
    "section_id": "INTEGER",
}


def unnest_select(types: dict[str, str]) -> str:
    """``SELECT unnest(?::T[]) AS name, …`` over ``types``: one row per position of the lists
    passed as parameters, in the order of ``types``."""
    return "SELECT " + ", ".join(f"unnest(?::{sql}[]) AS {name}" for name, sql in types.items())
