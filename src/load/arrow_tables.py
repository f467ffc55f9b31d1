"""Arrow schemas of the rows the writer appends (the columns of raporty.normalize.rows, typed).

Only the writer imports this: the workers that build the rows send plain lists.
"""

from __future__ import annotations

import pyarrow as pa

_INT = pa.int32()
_TEXT = pa.string()

SECTION_SCHEMA = pa.schema(
    [
        ("section_index", _INT),
        ("code", _TEXT),
        ("path_code", _TEXT),
        ("title", _TEXT),
        ("level", _INT),
        ("parent_index", _INT),
        ("notes", pa.list_(_TEXT)),
    ]
)

#: Facts as the document knows them: activities by name, measures by (lemma, value type), sections
#: and ``part_of`` by their position in the document. The writer swaps these for warehouse ids.
FACT_SCHEMA = pa.schema(
    [
        ("section_index", _INT),
        ("normalised", _TEXT),
        ("lemma", _TEXT),
        ("kind", _TEXT),
        ("year", _INT),
        ("year_end", _INT),
        ("value", pa.float64()),
        ("value_type", _TEXT),
        ("qualifier", _TEXT),
        ("status", _TEXT),
        ("confidence", pa.float64()),
        ("part_of", pa.int64()),
        ("page", _INT),
        ("table_index", _INT),
        ("row_index", _INT),
        ("col_index", _INT),
        ("raw_text", _TEXT),
    ]
)

#: stg_cell without its document_id (the writer puts that first).
CELL_SCHEMA = pa.schema(
    [
        ("table_index", _INT),
        ("row_index", _INT),
        ("col_index", _INT),
        ("column_kind", _TEXT),
        ("column_header", _TEXT),
        ("year", _INT),
        ("year_end", _INT),
        ("text", _TEXT),
        ("page", _INT),
        ("paragraph", _INT),
        ("confidence", pa.float64()),
        ("facts", _INT),
    ]
)


#: The same with the warehouse ids the writer adds.
SECTION_SCHEMA_WITH_IDS = pa.schema([*SECTION_SCHEMA, ("section_id", _INT), ("parent_section_id", _INT)])
FACT_SCHEMA_WITH_IDS = pa.schema(
    [*FACT_SCHEMA, ("fact_id", pa.int64()), ("activity_id", _INT), ("measure_id", _INT), ("section_id", _INT)]
)


def arrow(schema: pa.Schema, columns: dict[str, list]) -> pa.Table:
    """An Arrow table of ``columns`` (pyarrow imports pandas on its first conversion of a list)."""
    return pa.Table.from_pydict(columns, schema=schema)
