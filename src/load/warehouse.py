"""The DuckDB warehouse: one transaction per document, content-hash idempotence, one writer at a time."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

import duckdb

from raporty.load.intact_state import known_intact, remember_intact, remember_loaded
from raporty.load.migrations import LATEST, migrate
from raporty.load.unit_store import UnitStore
from raporty.settings import settings

if TYPE_CHECKING:
    from raporty.row_records import Columns, DocumentRows, UnitMention


class UnitResolution(Protocol):
    """What the writer asks of a unit resolver (:class:`raporty.normalize.unit_resolver.UnitResolver`)."""

    def resolve_document(
        self, units: dict[tuple[str, int], list[UnitMention]], drop_unused: bool = True
    ) -> list[tuple[str, int, int, str | None]]: ...


#: Builds the batch's unit resolver on the writer's unit store; the ingest passes one in.
UnitResolverFactory = Callable[[UnitStore], UnitResolution]


def link_activities(con: duckdb.DuckDBPyConnection) -> int:
    """Cross-report linking (imported when first needed: it loads Morfeusz, which an unchanged
    re-ingest never needs)."""
    from raporty.load.linking import link_activities as link

    return link(con)


#: The storage format new warehouse files are written in: DuckDB 2.x writes storage version 69 by
#: default, which the duckdb CLI 1.5 (pip install duckdb-cli), DBeaver and other readers built on
#: DuckDB 1.x refuse. "v1.1.0" is read by every DuckDB from 1.1 on. An existing file keeps the
#: format it was created in.
STORAGE_VERSION = "v1.1.0"

#: Rendition rank by format: lower is preferred when one report was loaded in several files.
RENDITION_RANK_SQL = """
    CASE WHEN d.format = 'docx' THEN 1
         WHEN d.format = 'pdf' AND NOT coalesce(o.ocr, false) THEN 2
         WHEN d.format = 'text' THEN 3
         ELSE 4 END
"""

#: Which loaded documents are renditions of one report. Two documents are when they name the same
#: programme and years (both may be NULL) and carry the same figures: 80 % of the smaller one's
#: distinct (kind, year, value) figures, at least 3 of them, are in the other. (Documents with
#: fewer than 3 figures are compared by their linked activities instead.) Reports built from the
#: same template with other numbers, or one programme's reports for other years, stay apart; a
#: corrected edition is a rendition. The report's id is the lowest document_id among its
#: renditions; the preferred rendition is the lowest rank (DOCX > text PDF > text export > scan),
#: then the latest loaded. Pairs come from joins on shared figures, not from comparing every
#: pair of documents.
GROUP_RENDITIONS_SQL = f"""
WITH docs AS (
    SELECT document_id, programme_id, year_from, year_to FROM dim_document WHERE status = 'loaded'
),
figures AS (
    SELECT DISTINCT f.document_id, f.kind || ':' || coalesce(f.year, 0) || ':' || f.value AS item
    FROM fact_measure f JOIN docs USING (document_id)
    WHERE f.value IS NOT NULL
),
figure_counts AS (SELECT document_id, count(*) AS n FROM figures GROUP BY document_id),
few_figures AS (
    SELECT d.document_id FROM docs d LEFT JOIN figure_counts c USING (document_id) WHERE coalesce(c.n, 0) < 3
),
activities AS (
    SELECT DISTINCT f.document_id, coalesce(a.activity_key, a.activity_id) AS item
    FROM fact_measure f JOIN few_figures USING (document_id) JOIN dim_activity a USING (activity_id)
),
activity_counts AS (SELECT document_id, count(*) AS n FROM activities GROUP BY document_id),
shared AS (
    SELECT x.document_id AS a, y.document_id AS b, count(*) AS n, 'figures' AS what
    FROM figures x JOIN figures y ON x.item = y.item AND x.document_id < y.document_id
    GROUP BY ALL
    UNION ALL
    SELECT x.document_id, y.document_id, count(*), 'activities'
    FROM activities x JOIN activities y ON x.item = y.item AND x.document_id < y.document_id
    GROUP BY ALL
),
pairs AS (
    SELECT s.a, s.b
    FROM shared s
    JOIN docs da ON da.document_id = s.a
    JOIN docs db ON db.document_id = s.b
    LEFT JOIN figure_counts fa ON fa.document_id = s.a AND s.what = 'figures'
    LEFT JOIN figure_counts fb ON fb.document_id = s.b AND s.what = 'figures'
    LEFT JOIN activity_counts aa ON aa.document_id = s.a AND s.what = 'activities'
    LEFT JOIN activity_counts ab ON ab.document_id = s.b AND s.what = 'activities'
    WHERE da.programme_id IS NOT DISTINCT FROM db.programme_id
      AND da.year_from IS NOT DISTINCT FROM db.year_from
      AND da.year_to IS NOT DISTINCT FROM db.year_to
      AND least(coalesce(fa.n, aa.n), coalesce(fb.n, ab.n)) >= 3
      AND s.n >= 0.8 * least(coalesce(fa.n, aa.n), coalesce(fb.n, ab.n))
),
reports AS (
    SELECT d.document_id, least(d.document_id, min(p.a)) AS report_id
    FROM docs d LEFT JOIN pairs p ON p.b = d.document_id
    GROUP BY d.document_id
),
ocr AS (
    SELECT document_id, bool_or(confidence IS NOT NULL) AS ocr FROM fact_measure GROUP BY document_id
),
ranked AS (
    SELECT r.document_id, r.report_id, {RENDITION_RANK_SQL} AS rendition_rank
    FROM reports r
    JOIN dim_document d ON d.document_id = r.document_id
    LEFT JOIN ocr o ON o.document_id = r.document_id
)
SELECT document_id, report_id, rendition_rank,
       row_number() OVER (PARTITION BY report_id ORDER BY rendition_rank, document_id DESC) > 1 AS superseded
FROM ranked
"""


def group_renditions(con: duckdb.DuckDBPyConnection) -> None:
    """Set report_id, rendition_rank and superseded of every loaded document (in the caller's
    transaction); failed documents get NULLs."""
    rows = con.execute(GROUP_RENDITIONS_SQL).fetchall()
    current = {
        row[0]: tuple(row[1:])
        for row in con.execute(
            "SELECT document_id, report_id, rendition_rank, superseded FROM dim_document"
        ).fetchall()
    }
    wanted = {row[0]: tuple(row[1:]) for row in rows}
    for document_id in current:
        target = wanted.get(document_id, (None, None, None))
        if current[document_id] != target:
            con.execute(
                "UPDATE dim_document SET report_id = ?, rendition_rank = ?, superseded = ? WHERE document_id = ?",
                [*target, document_id],
            )


class WarehouseError(Exception):
    """The warehouse file cannot be opened (not a DuckDB file, a folder, no permission…); one line."""


class WarehouseBusy(WarehouseError):
    """Another process holds the warehouse's write lock."""


class NameTaken(Exception):
    """A different file of the same name is already loaded: documents are keyed by file name, so
    loading this one would silently replace the other."""


def _same_file(a: str, b: str) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back, keeping the error that caused it (a failed rollback must not replace that error)."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


@dataclass
class _KnownIds:
    """Dimension ids the writer has seen, so that loading a document appends rows instead of joining
    against the growing dimension tables. Valid while this connection is the only writer; dropped on
    any rollback, since the rows it names may be gone."""

    activities: dict[str, int]
    measures: dict[tuple[str, str], int]
    years: set[int]
    programmes: dict[str, int]
    next_fact_id: int
    resolver: UnitResolution | None = field(default=None)

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> _KnownIds:
        return cls(
            activities=dict(con.execute("SELECT normalised, activity_id FROM dim_activity").fetchall()),
            measures={
                (lemma, kind): i
                for i, lemma, kind in con.execute(
                    "SELECT measure_id, lemma, value_type FROM dim_measure"
                ).fetchall()
            },
            years={y for (y,) in con.execute("SELECT year FROM dim_year").fetchall()},
            programmes=dict(con.execute("SELECT name, programme_id FROM dim_programme").fetchall()),
            next_fact_id=con.execute("SELECT coalesce(max(fact_id), 0) + 1 FROM fact_measure").fetchall()[0][
                0
            ],
        )

    def units(self, con: duckdb.DuckDBPyConnection, factory: UnitResolverFactory | None) -> UnitResolution:
        if self.resolver is None:
            if factory is None:
                raise WarehouseError("this warehouse connection was opened without a unit resolver")
            self.resolver = factory(UnitStore(con))
        return self.resolver


def lock_holder(exc: BaseException) -> str:
    """Who holds the warehouse, from DuckDB's lock error ("… held in /usr/bin/python3 (PID 1234)"):
    another ingest, or a reader (an analyst's notebook) named by its command line."""
    import re

    match = re.search(r"\(PID (\d+)\)", str(exc))
    if not match:
        return "another process"
    pid = match.group(1)
    try:
        command = " ".join(
            Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
        ).strip()
    except OSError:
        command = ""
    if "raporty" in command and " ingest" in command:
        return f"another ingest (process {pid})"
    shown = "".join(ch if ch.isprintable() else "?" for ch in command)[:80]
    return f"process {pid} ({shown or 'unknown'}), e.g. an open read-only connection: close it, or wait longer with --wait"


def is_lock_error(exc: BaseException) -> bool:
    """DuckDB's "Could not set lock on file …: Conflicting lock is held in …" (and not, say, a
    checksum error "in block at location N")."""
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


def open_error(path: Path, exc: BaseException) -> WarehouseError:
    """One line for a warehouse DuckDB cannot open: truncated, a damaged block or WAL, not a
    DuckDB file, a folder, no permission, a full disk."""
    reason = " ".join(str(exc).split()).removeprefix("IO Error: ")
    wal = Path(f"{path}.wal")
    if "WAL" in reason and wal.exists():
        reason += (
            f" ({wal} holds the last writes not yet saved in the file: move it away to open the "
            "warehouse without them)"
        )
    return WarehouseError(f"cannot open warehouse {path}: {reason}")


_RESTORE = "restore it from a backup, or ingest the reports again into a new --db"


def check_integrity(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Read every block of every table once, so that a truncated file or a damaged block (DuckDB
    checks each block's checksum as it reads it) is found at open, in one line, rather than by the
    first query that happens to touch it (or never, by an unchanged re-ingest). Costs about 0.1 s
    for 10 MiB of warehouse, once per change of the file (:mod:`raporty.load.intact_state`: a file
    as it was last found intact, or as our writer left it, is not read again);
    ``RAPORTY_CHECK_WAREHOUSE=0`` turns it off."""
    if not settings.check_warehouse or known_intact(path):
        return
    try:
        block_size, blocks = con.execute(
            "SELECT block_size, used_blocks FROM pragma_database_size() WHERE database_name = current_database()"
        ).fetchall()[0]
        size = path.stat().st_size
        # The blocks in use must fit in the file (free ones at its end may have been cut off by
        # DuckDB itself). This finds a cut-off index or metadata block, which the scan does not read.
        if size < block_size * blocks:
            con.close()
            raise WarehouseError(
                f"warehouse {path} is truncated ({size} bytes for {blocks} blocks in use of "
                f"{block_size} bytes): {_RESTORE}"
            )
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
        for schema, table in tables:
            con.execute(
                f'SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM "{schema}"."{table}"'  # every column read
            ).fetchall()
    except duckdb.Error as exc:
        con.close()
        reason = " ".join(str(exc).split()).removeprefix("IO Error: ")
        raise WarehouseError(f"warehouse {path} is damaged ({reason}): {_RESTORE}") from None
    remember_intact(path)


def connect_waiting(
    path: Path,
    connect: Callable[[], duckdb.DuckDBPyConnection],
    wait_seconds: float,
    on_wait: Callable[[str], None] | None,
) -> duckdb.DuckDBPyConnection:
    """``connect()``, tried again every half second while a writer holds the file's lock, up to
    ``wait_seconds`` (``on_wait`` told once); then WarehouseBusy. Any other failure (a damaged or
    truncated file) is a WarehouseError of one line."""
    deadline = time.monotonic() + wait_seconds
    told = False
    while True:
        try:
            return connect()
        except duckdb.Error as exc:
            if not is_lock_error(exc):
                raise open_error(path, exc) from None
            if time.monotonic() >= deadline:
                raise WarehouseBusy(f"warehouse is busy: {path} is locked by {lock_holder(exc)}") from None
            if not told and on_wait is not None:
                on_wait(
                    f"warehouse {path} is locked by {lock_holder(exc)}; waiting up to {wait_seconds:.0f} s"
                )
                told = True
            time.sleep(0.5)


def open_for_reading(
    path: Path | str | None = None, wait_seconds: float = 0.0, on_wait: Callable[[str], None] | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only connection (for export and report); an older schema version is upgraded first.
    A warehouse locked by a writer is waited for up to ``wait_seconds`` (``on_wait`` told once)."""
    path = Path(path or settings.db)
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path} (run raporty ingest first)")
    for _attempt in range(2):
        con = connect_waiting(path, lambda: duckdb.connect(str(path), read_only=True), wait_seconds, on_wait)
        check_integrity(con, path)
        tables = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        )
        version = (
            con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]
            if tables.fetchall()[0][0]
            else 0
        )
        if (version or 0) >= LATEST:
            return con
        con.close()
        Warehouse(path).close()
    raise RuntimeError(f"could not upgrade the warehouse at {path}")


class Warehouse:
    _ids: _KnownIds | None = None  # read at the first load, dropped on rollback

    def __init__(
        self,
        path: Path | str | None = None,
        wait_seconds: float | None = None,
        on_wait: Callable[[str], None] | None = None,
        units: UnitResolverFactory | None = None,
    ) -> None:
        """Open (creating or upgrading) the warehouse for writing. ``units`` builds the unit resolver
        the loads of this connection use; without one, only documents naming no unit can load."""
        self.path = Path(path or settings.db)
        self.units = units
        wait_seconds = settings.lock_wait_seconds if wait_seconds is None else wait_seconds
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WarehouseError(
                f"cannot create the warehouse folder {self.path.parent}: {exc.strerror or exc}"
            ) from None
        self.con = self._connect(wait_seconds, on_wait)
        check_integrity(self.con, self.path)  # closes the connection when it fails
        # The writer runs many small appends: DuckDB's thread pool only adds hand-over costs to them
        # (and takes a core from a parallel ingest's workers), and a checkpoint every 16 MiB of WAL
        # (the default) stalls a batch every few dozen documents. Neither setting is stored in the
        # file; closing the connection checkpoints.
        self.con.execute("SET threads = 1")
        self.con.execute("SET checkpoint_threshold = '256MiB'")
        migrate(self.con)
        self._group_if_upgraded()

    def _group_if_upgraded(self) -> None:
        """A warehouse upgraded from schema version 2 has documents not yet grouped into reports:
        group them now, so that even a read-only open after the upgrade counts each report once."""
        con = self.con
        ungrouped = con.execute(
            "SELECT count(*) FROM dim_document WHERE status = 'loaded' AND report_id IS NULL"
        ).fetchall()[0][0]
        if not ungrouped:
            return
        con.execute("BEGIN TRANSACTION")
        try:
            group_renditions(con)
            con.execute("COMMIT")
        except Exception:
            _rollback(con)
            raise

    def link_pending(self) -> None:
        """Key activities left unlinked: after a batch loaded with ``link=False``, after a crash in
        the middle of one, or in a warehouse upgraded from schema version 1; then group the loaded
        documents into reports (:func:`group_renditions`). One transaction."""
        con = self.con
        unlinked = con.execute("SELECT count(*) FROM dim_activity WHERE activity_key IS NULL").fetchall()[0][
            0
        ]
        con.execute("BEGIN TRANSACTION")
        try:
            if unlinked:
                link_activities(con)
            group_renditions(con)  # activity keys are what renditions are compared by
            con.execute("COMMIT")
        except Exception:
            _rollback(con)
            raise

    def _connect(self, wait_seconds: float, on_wait) -> duckdb.DuckDBPyConnection:
        def connect() -> duckdb.DuckDBPyConnection:
            if self.path.exists():
                return duckdb.connect(str(self.path))
            return duckdb.connect(str(self.path), config={"storage_compatibility_version": STORAGE_VERSION})

        return connect_waiting(self.path, connect, wait_seconds, on_wait)

    # context manager --------------------------------------------------------------------
    def __enter__(self) -> Warehouse:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close; note the warehouse intact and which files it holds loaded (the committed ones: a
        transaction left open, as by Ctrl-C, is rolled back first, as closing would)."""
        _rollback(self.con)
        try:
            loaded = dict(
                self.con.execute(
                    "SELECT file_name, sha256 FROM dim_document WHERE status = 'loaded'"
                ).fetchall()
            )
        except duckdb.Error:  # a transaction left failed: what is loaded is read again next time
            loaded = None
        self.con.close()
        if settings.check_warehouse:
            remember_intact(self.path)  # every block of it written (and checksummed) by DuckDB
        if loaded is not None:
            remember_loaded(self.path, loaded)

    # queries ----------------------------------------------------------------------------
    def known_hash(self, file_name: str) -> tuple[str, str] | None:
        row = self.con.execute(
            "SELECT sha256, status FROM dim_document WHERE file_name = ?", [file_name]
        ).fetchall()
        return (row[0][0], row[0][1]) if row else None

    def known_document(self, file_name: str) -> tuple[str, str, str | None] | None:
        """(sha256, status, path) of the document loaded under ``file_name``, if any."""
        row = self.con.execute(
            "SELECT sha256, status, path FROM dim_document WHERE file_name = ?", [file_name]
        ).fetchall()
        return (row[0][0], row[0][1], row[0][2]) if row else None

    def documents(self) -> list[tuple[str, str | None, str]]:
        """(file_name, path, status) of every document, by name."""
        return [
            (name, path, status)
            for name, path, status in self.con.execute(
                "SELECT file_name, path, status FROM dim_document ORDER BY file_name"
            ).fetchall()
        ]

    def remove(self, file_names: list[str]) -> list[str]:
        """Drop the named documents and all their rows in one transaction; return the names that
        were in the warehouse (the others are left for the caller to report)."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        removed: list[str] = []
        try:
            for name in file_names:
                found = con.execute(
                    "SELECT document_id FROM dim_document WHERE file_name = ?", [name]
                ).fetchall()
                if not found:
                    continue
                for table in (
                    "fact_measure",
                    "stg_cell",
                    "dim_section",
                    "bridge_activity_unit",
                    "dim_document",
                ):
                    con.execute(f"DELETE FROM {table} WHERE document_id = ?", [found[0][0]])
                self.log(name, None, None, "removed")
                removed.append(name)
            if removed:
                group_renditions(con)
            con.execute("COMMIT")
        except Exception:
            self._ids = None
            _rollback(con)
            raise
        return removed

    def log(
        self,
        file_name: str,
        path: str | None,
        sha256: str | None,
        status: str,
        error: str | None = None,
        facts: int | None = None,
        seconds: float | None = None,
    ) -> None:
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

    def load(self, rows: DocumentRows, path: str, seconds: float | None = None, link: bool = True) -> int:
        """Replace the document's rows with ``rows`` in one transaction; return the number of facts.

        ``rows`` are built where the document was read (a parallel ingest builds them in its
        workers). With ``link=False`` cross-report activity linking is left to
        :meth:`link_pending`, which a batch runs once at its end: the single writer's time is what
        bounds a parallel ingest. Only the lemma texts of the new activities are stored now, while
        the workers read the next documents, rather than all of them at the end of the batch."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            if self._ids is None:
                self._ids = _KnownIds.read(con)
            ids = self._ids
            document_id, replaced = self._replace_document(rows, path, ids)
            section_ids = self._write_sections(rows, document_id)
            if rows.fact_count:
                self._write_facts(rows, document_id, section_ids, ids)
                self._write_units(rows, document_id, replaced, ids)
            self._write_cells(rows, document_id)
            if link:
                link_activities(con)
                group_renditions(con)
            self.log(rows.file_name, path, rows.sha256, "loaded", None, rows.fact_count, seconds)
            con.execute("COMMIT")
        except Exception:
            self._ids = None
            _rollback(con)
            raise
        return rows.fact_count

    def _append(
        self, table: str, columns: str, select: str, types: dict[str, str], rows: Columns, *params: object
    ) -> None:
        """``INSERT INTO table (columns) SELECT select FROM`` the new ``rows`` (a list per column of
        ``types``); ``params`` fill the ``?`` of ``select``."""
        from raporty.load.row_columns import unnest_select

        self.con.execute(
            f"INSERT INTO {table} ({columns}) SELECT {select} FROM ({unnest_select(types)})",
            [*params, *(rows[name] for name in types)],
        )

    def _replace_document(self, rows: DocumentRows, path: str, ids: _KnownIds) -> tuple[int, bool]:
        """Drop the rows of an earlier load of this file; insert its dim_document row. Returns
        (document_id, whether an earlier load was replaced)."""
        con = self.con
        old = con.execute(
            "SELECT document_id, path, sha256, status FROM dim_document WHERE file_name = ?", [rows.file_name]
        ).fetchall()
        if (
            old
            and old[0][3] == "loaded"
            and old[0][2] != rows.sha256
            and old[0][1]
            and not _same_file(old[0][1], path)
        ):
            if os.path.isfile(old[0][1]):  # both files exist: two documents, not a new edition of one
                raise NameTaken(
                    f"a different document named {rows.file_name!r} is already loaded from {old[0][1]}; "
                    f"rename this file, or run `raporty remove {rows.file_name}` first to replace it"
                )
        if old:
            for table in ("fact_measure", "stg_cell", "dim_section", "bridge_activity_unit", "dim_document"):
                con.execute(f"DELETE FROM {table} WHERE document_id = ?", [old[0][0]])
        programme_id = None
        if rows.programme:
            programme_id = ids.programmes.get(rows.programme)
            if programme_id is None:
                programme_id = con.execute(
                    "INSERT INTO dim_programme (name, year_from, year_to) VALUES (?, ?, ?) RETURNING programme_id",
                    [rows.programme, rows.year_from, rows.year_to],
                ).fetchall()[0][0]
                ids.programmes[rows.programme] = programme_id
        row = con.execute(
            "INSERT INTO dim_document (file_name, path, sha256, format, status, warnings, programme_id, "
            "year_from, year_to, pages, encoding) VALUES (?, ?, ?, ?, 'loaded', ?, ?, ?, ?, ?, ?) RETURNING document_id",
            [
                rows.file_name,
                path,
                rows.sha256,
                rows.format,
                rows.warnings,
                programme_id,
                rows.year_from,
                rows.year_to,
                rows.pages,
                rows.encoding,
            ],
        ).fetchall()[0]
        return int(row[0]), bool(old)

    def _write_sections(self, rows: DocumentRows, document_id: int) -> dict[int, int]:
        """Insert the document's sections with their parents; returns section index → section_id."""
        from raporty.load.row_columns import SECTION_COLUMNS_WITH_IDS

        sections = rows.sections
        if not sections["section_index"]:
            return {}
        new_ids = self.con.execute(
            "SELECT nextval('seq_section') FROM range(?)", [len(sections["section_index"])]
        ).fetchall()
        section_id = dict(zip(sections["section_index"], (i for (i,) in new_ids), strict=True))
        sections = dict(
            sections,
            section_id=list(section_id.values()),
            parent_section_id=[section_id.get(p) for p in sections["parent_index"]],
        )
        self._append(
            "dim_section",
            "section_id, document_id, section_index, code, path_code, title, level, parent_section_id, notes",
            "section_id, ?, section_index, code, path_code, title, level, parent_section_id, notes",
            SECTION_COLUMNS_WITH_IDS,
            sections,
            document_id,
        )
        return section_id

    def _write_facts(
        self, rows: DocumentRows, document_id: int, section_ids: dict[int, int], ids: _KnownIds
    ) -> None:
        from raporty.load.row_columns import FACT_COLUMNS_WITH_IDS

        con = self.con
        new = [(key, name) for key, name in rows.activities.items() if key not in ids.activities]
        if new:
            keys, names = (list(column) for column in zip(*new, strict=True))
            created = dict(
                con.execute(
                    "INSERT INTO dim_activity (name, normalised) SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]) "
                    "RETURNING normalised, activity_id",
                    [names, keys],
                ).fetchall()
            )
            ids.activities.update(created)
            self._write_lemma_texts(rows, created)
        new_measures = sorted(rows.measures - ids.measures.keys())
        if new_measures:
            lemmas, kinds = (list(column) for column in zip(*new_measures, strict=True))
            for measure_id, lemma, kind in con.execute(
                "INSERT INTO dim_measure (lemma, value_type) SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]) "
                "RETURNING measure_id, lemma, value_type",
                [lemmas, kinds],
            ).fetchall():
                ids.measures[(lemma, kind)] = measure_id
        new_years = sorted(rows.years - ids.years)
        if new_years:
            con.execute("INSERT INTO dim_year SELECT unnest(?::INTEGER[])", [new_years])
            ids.years.update(new_years)

        facts = rows.facts
        first = ids.next_fact_id
        count = rows.fact_count
        facts = dict(
            facts,
            fact_id=list(range(first, first + count)),
            activity_id=[ids.activities[key] for key in facts["normalised"]],
            measure_id=[
                ids.measures.get(key) for key in zip(facts["lemma"], facts["value_type"], strict=True)
            ],
            section_id=[section_ids.get(index) for index in facts["section_index"]],
        )
        self._append(
            "fact_measure",
            "fact_id, document_id, section_id, activity_id, measure_id, kind, year, year_end, value, value_type, "
            "qualifier, status, confidence, part_of, page, table_index, row_index, col_index, raw_text",
            "fact_id, ?, section_id, activity_id, measure_id, kind, year, year_end, value, value_type, qualifier, "
            "status, confidence, part_of + ?, page, table_index, row_index, col_index, raw_text",
            FACT_COLUMNS_WITH_IDS,
            facts,
            document_id,
            first,
        )
        ids.next_fact_id = first + count

    def _write_lemma_texts(self, rows: DocumentRows, created: dict[str, int]) -> None:
        """The lemma texts of the new activities, as the document's reader worked them out (one
        left out is worked out by the linking at the end of the batch)."""
        lemmas = [
            (created[key], *rows.activity_lemmas[key]) for key in created if key in rows.activity_lemmas
        ]
        if lemmas:
            self.con.execute(
                "INSERT INTO activity_lemma (activity_id, lemma_text, known_share) "
                "SELECT unnest(?::INTEGER[]), unnest(?::VARCHAR[]), unnest(?::DOUBLE[])",
                [list(column) for column in zip(*lemmas, strict=True)],
            )

    def _write_units(self, rows: DocumentRows, document_id: int, replaced: bool, ids: _KnownIds) -> None:
        if not rows.units:
            return
        bridge: dict[tuple[int, int], tuple[int, str | None]] = {}
        resolver = ids.units(self.con, self.units)
        for activity, unit_id, position, code in resolver.resolve_document(rows.units, drop_unused=replaced):
            activity_id = ids.activities.get(activity)
            if activity_id is None:
                continue
            key = (activity_id, unit_id)
            if key not in bridge or position < bridge[key][0]:
                bridge[key] = (position, code)  # where the activity names the unit first
        if bridge:
            self.con.execute(
                "INSERT INTO bridge_activity_unit (document_id, activity_id, unit_id, position, code) "
                "SELECT ?, unnest(?::INTEGER[]), unnest(?::INTEGER[]), unnest(?::INTEGER[]), unnest(?::VARCHAR[])",
                [
                    document_id,
                    [a for a, _ in bridge],
                    [u for _, u in bridge],
                    [p for p, _ in bridge.values()],
                    [c for _, c in bridge.values()],
                ],
            )

    def _write_cells(self, rows: DocumentRows, document_id: int) -> None:
        from raporty.load.row_columns import CELL_COLUMNS

        if rows.cells["text"]:
            self._append(
                "stg_cell",
                "document_id, " + ", ".join(CELL_COLUMNS),
                "?, *",
                CELL_COLUMNS,
                rows.cells,
                document_id,
            )
