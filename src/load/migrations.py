"""Versioned schema migrations: each version is a list of .sql files from schemas/.

Opening a warehouse applies every version above the one recorded in ``schema_version``, each in
its own transaction, so a warehouse made by an older release is upgraded in place.

Views (the ``v_*`` files) hold no data and are always written for the latest schema: a step
creates only tables and columns, and :func:`refresh_views` re-creates every view, in migration
order, once the warehouse is at :data:`LATEST`.
"""

from __future__ import annotations

import hashlib
from importlib.resources import files

import duckdb

#: version → SQL files (in schemas/) that bring the warehouse from version-1 to version.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        "dim_programme.sql",
        "dim_document.sql",
        "dim_section.sql",
        "dim_activity.sql",
        "dim_unit.sql",
        "unit_alias.sql",
        "bridge_activity_unit.sql",
        "dim_measure.sql",
        "dim_year.sql",
        "fact_measure.sql",
        "stg_cell.sql",
        "ingest_log.sql",
        "v_facts.sql",
    ],
    # 2: cross-report activity linking (lemma texts), analyst views, data-quality views.
    2: [
        "activity_lemma.sql",
        "v_activity_series.sql",
        "v_activity_timeseries.sql",
        "v_plan_vs_actual.sql",
        "v_budget_by_unit.sql",
        "v_programme_summary.sql",
        "v_data_quality_documents.sql",
        "v_data_quality_cells.sql",
        "v_data_quality_facts.sql",
        "v_data_quality_plan_without_actual.sql",
    ],
    # 3: one report counted once (renditions: report_id, rendition_rank, superseded), the encoding
    # a text export was read in; v_facts_all, is_part in v_facts.
    3: ["dim_document_renditions.sql"],
}

LATEST = max(MIGRATIONS)


def read_sql(name: str) -> str:
    return files("raporty.schemas").joinpath(name).read_text(encoding="utf-8")


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute(read_sql("schema_version.sql"))
    row = con.execute("SELECT max(version) FROM schema_version").fetchall()
    return int(row[0][0]) if row and row[0][0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection, target: int = LATEST) -> int:
    """Apply pending migrations up to ``target``; return the resulting version."""
    version = current_version(con)
    for step in sorted(v for v in MIGRATIONS if version < v <= target):
        con.execute("BEGIN TRANSACTION")
        try:
            for name in MIGRATIONS[step]:
                if not is_view(name):
                    con.execute(read_sql(name))
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [step])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        version = step
    refresh_views(con, version)
    return version


def is_view(name: str) -> bool:
    return name.startswith("v_")


def refresh_views(con: duckdb.DuckDBPyConnection, version: int) -> None:
    """Re-create every view (CREATE OR REPLACE, in migration order) when the warehouse is at
    :data:`LATEST`; below it (a partial migration, in tests of upgrades) there are no views.

    Views hold no data, so a corrected view definition reaches existing warehouses the next time
    one is opened for writing, without a new schema version. The digest of the definitions is kept
    as the comment of ``schema_version``: an open that finds it current re-creates nothing (an
    unchanged re-ingest opens the warehouse and leaves).
    """
    if version < LATEST:
        return
    names = [name for step in sorted(MIGRATIONS) for name in MIGRATIONS[step] if is_view(name)]
    views = [read_sql(name) for name in names]
    digest = "views:" + hashlib.sha256("\0".join(views).encode()).hexdigest()[:16]
    stored, present = con.execute(
        "SELECT (SELECT comment FROM duckdb_tables() WHERE table_name = 'schema_version'"
        " AND schema_name = 'main'), (SELECT count(*) FROM duckdb_views() WHERE view_name IN ?"
        " AND schema_name = 'main')",
        [[name.removesuffix(".sql") for name in names]],
    ).fetchall()[0]
    if stored == digest and present == len(names):
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for sql in views:
            con.execute(sql)
        con.execute(f"COMMENT ON TABLE schema_version IS '{digest}'")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
