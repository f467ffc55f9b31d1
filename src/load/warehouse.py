"""The DuckDB warehouse: one transaction per document, content-hash idempotence, one writer at a time."""

from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import duckdb

from raporty.extract.columns import fold
from raporty.extract.sections import section_path_code
from raporty.load.migrations import LATEST, migrate

if TYPE_CHECKING:
    from raporty.pipeline import NormalisedDocument


def link_activities(con: duckdb.DuckDBPyConnection) -> int:
    """Cross-report linking (imported when first needed: it loads Morfeusz, which an unchanged
    re-ingest never needs)."""
    from raporty.load.linking import link_activities as link

    return link(con)

DEFAULT_DB = Path("data/warehouse/raporty.duckdb")


class WarehouseError(Exception):
    """The warehouse file cannot be opened (not a DuckDB file, a folder, no permission…); one line."""


class WarehouseBusy(WarehouseError):
    """Another process holds the warehouse's write lock."""


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back, keeping the error that caused it (a failed rollback must not replace that error)."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


@lru_cache(maxsize=65536)
def normalised_name(text: str) -> str:
    """The key two spellings of one activity share: folded case/diacritics, punctuation and spaces."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())


def open_for_reading(path: Path | str = DEFAULT_DB) -> duckdb.DuckDBPyConnection:
    """A read-only connection (for export and report); an older schema version is upgraded first."""
    path = Path(path)
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path} (run raporty ingest first)")
    for _attempt in range(2):
        try:
            con = duckdb.connect(str(path), read_only=True)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise WarehouseBusy(f"warehouse is busy: {path} is locked by another process") from None
            raise
        tables = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
        version = con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0] if tables.fetchall()[0][0] else 0
        if (version or 0) >= LATEST:
            return con
        con.close()
        Warehouse(path).close()
    raise RuntimeError(f"could not upgrade the warehouse at {path}")


class Warehouse:
    def __init__(self, path: Path | str = DEFAULT_DB, wait_seconds: float = 30.0, on_wait=None) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = self._connect(wait_seconds, on_wait)
        migrate(self.con)
        self.link_pending()

    def link_pending(self) -> None:
        """Key activities left unlinked: after a batch loaded with ``link=False``, after a crash in
        the middle of one, or in a warehouse upgraded from schema version 1. One transaction."""
        con = self.con
        if not con.execute("SELECT count(*) FROM dim_activity WHERE activity_key IS NULL").fetchall()[0][0]:
            return
        con.execute("BEGIN TRANSACTION")
        try:
            link_activities(con)
            con.execute("COMMIT")
        except Exception:
            _rollback(con)
            raise

    def _connect(self, wait_seconds: float, on_wait) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    reason = " ".join(str(exc).split()).removeprefix("IO Error: ")
                    raise WarehouseError(f"cannot open warehouse {self.path}: {reason}") from None
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(f"warehouse is busy: {self.path} is locked by another process") from None
                if not told and on_wait is not None:
                    on_wait(f"warehouse {self.path} is locked by another ingest; waiting up to {wait_seconds:.0f} s")
                    told = True
                time.sleep(0.5)

    # context manager --------------------------------------------------------------------
    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # queries ----------------------------------------------------------------------------
    def known_hash(self, file_name: str) -> tuple[str, str] | None:
        row = self.con.execute(
            "SELECT sha256, status FROM dim_document WHERE file_name = ?", [file_name]
        ).fetchall()
        return (row[0][0], row[0][1]) if row else None

    def log(self, file_name: str, path: str, sha256: str | None, status: str, error: str | None = None,
            facts: int | None = None, seconds: float | None = None) -> None:
        self.con.execute(
            "INSERT INTO ingest_log (file_name, path, sha256, status, error, facts, seconds) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [file_name, path, sha256, status, error, facts, seconds],
        )

    # writes -----------------------------------------------------------------------------
    def record_failure(self, file_name: str, path: str, sha256: str, error: str) -> None:
        """Record a failed document. A previous good load of the same file is kept as it was."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            known = self.known_hash(file_name)
            if known is None or known[1] == "failed":
                con.execute("DELETE FROM dim_document WHERE file_name = ?", [file_name])
                con.execute(
                    "INSERT INTO dim_document (file_name, path, sha256, status, error) VALUES (?, ?, ?, 'failed', ?)",
                    [file_name, path, sha256, error],
                )
            self.log(file_name, path, sha256, "failed", error)
            con.execute("COMMIT")
        except Exception:
            _rollback(con)
            raise

    def load(self, norm: NormalisedDocument, path: str, seconds: float | None = None, link: bool = True) -> int:
        """Replace the document's rows with ``norm`` in one transaction; return the number of facts.

        With ``link=False`` cross-report activity linking is left to :meth:`link_pending`, which a
        batch runs once at its end (the single writer's time is what bounds a parallel ingest)."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            document_id = self._replace_document(norm, path)
            self._write_sections(norm, document_id)
            self._write_facts(norm, document_id)
            self._write_cells(norm, document_id)
            if link:
                link_activities(con)
            self.log(norm.document.file_name, path, norm.document.sha256, "loaded", None, len(norm.facts), seconds)
            con.execute("COMMIT")
        except Exception:
            _rollback(con)
            raise
        return len(norm.facts)

    def _delete_document_rows(self, document_id: int) -> None:
        for table in ("fact_measure", "stg_cell", "dim_section", "bridge_activity_unit"):
            self.con.execute(f"DELETE FROM {table} WHERE document_id = ?", [document_id])

    def _replace_document(self, norm: NormalisedDocument, path: str) -> int:
        doc = norm.document
        con = self.con
        old = con.execute("SELECT document_id FROM dim_document WHERE file_name = ?", [doc.file_name]).fetchall()
        if old:
            self._delete_document_rows(old[0][0])
            con.execute("DELETE FROM dim_document WHERE document_id = ?", [old[0][0]])
        programme_id = None
        if doc.programme:
            con.execute(
                "INSERT INTO dim_programme (name, year_from, year_to) SELECT ?, ?, ? "
                "WHERE NOT EXISTS (SELECT 1 FROM dim_programme WHERE name = ?)",
                [doc.programme, doc.year_from, doc.year_to, doc.programme],
            )
            programme_id = con.execute("SELECT programme_id FROM dim_programme WHERE name = ?", [doc.programme]).fetchall()[0][0]
        row = con.execute(
            "INSERT INTO dim_document (file_name, path, sha256, format, status, warnings, programme_id, "
            "year_from, year_to, pages) VALUES (?, ?, ?, ?, 'loaded', ?, ?, ?, ?, ?) RETURNING document_id",
            [doc.file_name, path, doc.sha256, doc.format.value, doc.warnings, programme_id, doc.year_from,
             doc.year_to, doc.pages],
        ).fetchall()[0]
        return int(row[0])

    def _write_sections(self, norm: NormalisedDocument, document_id: int) -> None:
        import pandas as pd

        doc = norm.document
        if not doc.sections:
            return
        frame = pd.DataFrame(
            {
                "section_index": [s.index for s in doc.sections],
                "code": [s.code for s in doc.sections],
                "path_code": [section_path_code(doc, s.index) for s in doc.sections],
                "title": [s.title for s in doc.sections],
                "level": [s.level for s in doc.sections],
                "parent_index": [s.parent for s in doc.sections],
                "notes": [s.notes for s in doc.sections],
            }
        )
        con = self.con
        con.register("new_sections", frame)
        con.execute(
            "INSERT INTO dim_section (document_id, section_index, code, path_code, title, level, notes) "
            "SELECT ?, section_index, code, path_code, title, level, notes FROM new_sections",
            [document_id],
        )
        con.execute(
            "UPDATE dim_section s SET parent_section_id = p.section_id FROM new_sections n, dim_section p "
            "WHERE s.document_id = ? AND s.section_index = n.section_index AND p.document_id = s.document_id "
            "AND p.section_index = n.parent_index",
            [document_id],
        )
        con.unregister("new_sections")

    def _write_facts(self, norm: NormalisedDocument, document_id: int) -> None:
        import pandas as pd

        con = self.con
        facts = norm.facts
        if not facts:
            return
        base = con.execute("SELECT coalesce(max(fact_id), 0) FROM fact_measure").fetchall()[0][0]
        section_of_table = {t.index: t.section for t in norm.document.tables}
        frame = pd.DataFrame(
            {
                "fact_id": [base + i + 1 for i in range(len(facts))],
                "section_index": [section_of_table.get(f.table) for f in facts],
                "activity": [f.activity for f in facts],
                "normalised": [normalised_name(f.activity) for f in facts],
                "lemma": [f.measure for f in facts],
                "kind": [f.kind for f in facts],
                "year": pd.array([f.year for f in facts], dtype="Int64"),
                "year_end": pd.array([f.year_end for f in facts], dtype="Int64"),
                "value": pd.array([f.value for f in facts], dtype="Float64"),
                "value_type": [f.value_type for f in facts],
                "qualifier": [f.qualifier for f in facts],
                "status": [f.status for f in facts],
                "confidence": pd.array([f.confidence for f in facts], dtype="Float64"),
                "part_of": pd.array([None if f.part_of is None else base + f.part_of + 1 for f in facts], dtype="Int64"),
                "page": pd.array([f.page for f in facts], dtype="Int64"),
                "table_index": pd.array([f.table for f in facts], dtype="Int64"),
                "row_index": pd.array([f.row for f in facts], dtype="Int64"),
                "col_index": pd.array([f.col for f in facts], dtype="Int64"),
                "raw_text": [f.raw_text for f in facts],
            }
        )
        con.register("new_facts", frame)
        con.execute(
            "INSERT INTO dim_activity (name, normalised) SELECT min(activity), normalised FROM new_facts "
            "WHERE normalised NOT IN (SELECT normalised FROM dim_activity) GROUP BY normalised"
        )
        con.execute(
            "INSERT INTO dim_measure (lemma, value_type) SELECT DISTINCT lemma, value_type FROM new_facts n "
            "WHERE lemma IS NOT NULL AND value_type IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM dim_measure m WHERE m.lemma = n.lemma AND m.value_type = n.value_type)"
        )
        con.execute(
            "INSERT INTO dim_year SELECT DISTINCT year FROM new_facts WHERE year IS NOT NULL "
            "AND year NOT IN (SELECT year FROM dim_year)"
        )
        con.execute(
            """
            INSERT INTO fact_measure (fact_id, document_id, section_id, activity_id, measure_id, kind, year, year_end,
                value, value_type, qualifier, status, confidence, part_of, page, table_index, row_index, col_index,
                raw_text)
            SELECT n.fact_id, ?, s.section_id, a.activity_id, m.measure_id, n.kind, n.year, n.year_end, n.value,
                n.value_type, n.qualifier, n.status, n.confidence, n.part_of, n.page, n.table_index, n.row_index,
                n.col_index, n.raw_text
            FROM new_facts n
            JOIN dim_activity a ON a.normalised = n.normalised
            LEFT JOIN dim_section s ON s.document_id = ? AND s.section_index = n.section_index
            LEFT JOIN dim_measure m ON m.lemma = n.lemma AND m.value_type = n.value_type
            ORDER BY n.fact_id
            """,
            [document_id, document_id],
        )
        con.unregister("new_facts")
        self._write_units(norm, document_id)

    def _write_units(self, norm: NormalisedDocument, document_id: int) -> None:
        import pandas as pd

        from raporty.normalize.unit_resolver import resolve_units

        rows = resolve_units(self.con, norm, document_id)
        if not rows:
            return
        frame = pd.DataFrame(rows, columns=["normalised", "unit_id", "position", "code"])
        self.con.register("new_bridge", frame)
        self.con.execute(
            "INSERT INTO bridge_activity_unit (document_id, activity_id, unit_id, position, code) "
            "SELECT DISTINCT ON (a.activity_id, n.unit_id) ?, a.activity_id, n.unit_id, n.position, n.code "
            "FROM new_bridge n JOIN dim_activity a ON a.normalised = n.normalised "
            "ORDER BY a.activity_id, n.unit_id, n.position",
            [document_id],
        )
        self.con.unregister("new_bridge")

    def _write_cells(self, norm: NormalisedDocument, document_id: int) -> None:
        import pandas as pd

        if not norm.cells:
            return
        cells = norm.cells
        frame = pd.DataFrame(
            {
                "table_index": pd.array([o.table for o in cells], dtype="Int64"),
                "row_index": pd.array([o.cell.row for o in cells], dtype="Int64"),
                "col_index": pd.array([o.cell.col for o in cells], dtype="Int64"),
                "column_kind": [o.kind.value if o.kind else None for o in cells],
                "column_header": [o.header for o in cells],
                "year": pd.array([o.year for o in cells], dtype="Int64"),
                "year_end": pd.array([o.year_end for o in cells], dtype="Int64"),
                "text": [o.cell.text for o in cells],
                "page": pd.array([o.cell.page for o in cells], dtype="Int64"),
                "paragraph": pd.array([o.cell.paragraph for o in cells], dtype="Int64"),
                "confidence": pd.array([o.cell.confidence for o in cells], dtype="Float64"),
                "facts": pd.array([o.facts for o in cells], dtype="Int64"),
            }
        )
        self.con.register("new_cells", frame)
        self.con.execute("INSERT INTO stg_cell SELECT ?, * FROM new_cells", [document_id])
        self.con.unregister("new_cells")
