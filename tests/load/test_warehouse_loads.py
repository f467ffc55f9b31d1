"""Loading: idempotent re-ingest, a changed document replaces only its rows, upgrade from schema v1."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from raporty.ingest import ingest, open_warehouse
from raporty.load.migrations import LATEST, current_version
from raporty.normalize.document import NormalisedDocument
from raporty.normalize.rows import document_rows

TABLES = (
    "dim_programme",
    "dim_document",
    "dim_section",
    "dim_activity",
    "activity_lemma",
    "dim_unit",
    "unit_alias",
    "bridge_activity_unit",
    "dim_measure",
    "dim_year",
    "fact_measure",
    "stg_cell",
)
SUPPORT = "Bezpłatne wsparcie psychologiczne rodzin z dziećmi do lat 3"


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in TABLES}


def _facts(con: duckdb.DuckDBPyConnection, document: str) -> list[tuple]:
    return con.execute(
        "SELECT activity, kind, year, value, measure, status, raw_text FROM v_facts WHERE document = ? "
        "ORDER BY ALL",
        [document],
    ).fetchall()


def test_reingest_of_the_same_files_changes_nothing(tmp_path: Path, report_inputs: list[Path]) -> None:
    inputs = report_inputs
    with open_warehouse(tmp_path / "w.duckdb") as warehouse:
        first = ingest(inputs, warehouse)
        before = _counts(warehouse.con)
        keys_before = warehouse.con.execute(
            "SELECT activity_id, activity_key FROM dim_activity ORDER BY 1"
        ).fetchall()
        second = ingest(inputs, warehouse)
        assert _counts(warehouse.con) == before
        keys_after = warehouse.con.execute(
            "SELECT activity_id, activity_key FROM dim_activity ORDER BY 1"
        ).fetchall()
    assert [o.status for o in first] == ["loaded", "loaded", "failed"]
    # a failed document is tried again (the extractor may have improved); good ones are skipped
    assert [o.status for o in second] == ["unchanged", "unchanged", "failed"]
    assert before["fact_measure"] > 500 and before["dim_document"] == 3
    assert keys_after == keys_before


def test_a_changed_document_replaces_only_its_own_rows(tmp_path: Path, report_inputs: list[Path]) -> None:
    inputs = report_inputs
    annex, monitoring = inputs[0], inputs[1]
    with open_warehouse(tmp_path / "w.duckdb") as warehouse:
        ingest(inputs[:2], warehouse)
        con = warehouse.con
        other_before = _facts(con, monitoring.name)
        annex_count = len(_facts(con, annex.name))
        other_id = con.execute(
            "SELECT document_id FROM dim_document WHERE file_name = ?", [monitoring.name]
        ).fetchall()

        text = annex.read_text(encoding="utf-8")
        assert "830 rodzin objętych wsparciem" in text
        annex.write_text(
            text.replace("830 rodzin objętych wsparciem", "831 rodzin objętych wsparciem"), "utf-8"
        )
        outcomes = ingest(inputs[:2], warehouse)

        assert [o.status for o in outcomes] == ["loaded", "unchanged"]
        assert _facts(con, monitoring.name) == other_before
        assert (
            con.execute(
                "SELECT document_id FROM dim_document WHERE file_name = ?", [monitoring.name]
            ).fetchall()
            == other_id
        )
        assert len(_facts(con, annex.name)) == annex_count
        actual = con.execute(
            "SELECT value FROM v_facts WHERE activity = ? AND kind = 'actual'", [SUPPORT]
        ).fetchall()
        assert actual == [(831.0,)]
        # one document row per file, and the replaced document's old facts are gone
        assert con.execute("SELECT count(*) FROM dim_document").fetchall()[0][0] == 2
        orphans = con.execute(
            "SELECT count(*) FROM fact_measure WHERE document_id NOT IN (SELECT document_id FROM dim_document)"
        ).fetchall()[0][0]
        assert orphans == 0


#: v_facts columns of schema versions 1 and 2 (later versions add columns, never drop one)
V1_FACT_COLUMNS = (
    "document, programme, section_code, task, activity, units, year, year_end, kind, value, measure, "
    'value_type, qualifier, status, raw_text, page, "row"'
)


def _as_version_1(db: Path) -> None:
    """Turn a warehouse into what the first release left: schema version 1 (no activity_lemma, no
    views of version 2, no rendition or encoding columns) and no activity linking."""
    con = duckdb.connect(str(db))
    views = [
        name for (name,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    ]
    for name in views:
        if name != "documents":
            con.execute(f"DROP VIEW {name}")
    con.execute("DROP TABLE activity_lemma")
    for column in ("report_id", "rendition_rank", "superseded", "encoding"):
        con.execute(f"ALTER TABLE dim_document DROP COLUMN {column}")
    con.execute("UPDATE dim_activity SET activity_key = NULL, link_confidence = NULL")
    con.execute("DELETE FROM schema_version WHERE version > 1")
    assert current_version(con) == 1
    con.close()


def test_a_version_1_warehouse_is_upgraded_with_its_data(
    tmp_path: Path, annex_norm: NormalisedDocument
) -> None:
    db = tmp_path / "v1.duckdb"
    with open_warehouse(db) as warehouse:
        facts = warehouse.load(document_rows(annex_norm), str(db))
        before = warehouse.con.execute(f"SELECT {V1_FACT_COLUMNS} FROM v_facts ORDER BY ALL").fetchall()
    _as_version_1(db)
    with duckdb.connect(str(db)) as old:
        assert (
            old.execute("SELECT count(*) FROM dim_activity WHERE activity_key IS NULL").fetchall()[0][0] > 100
        )

    with open_warehouse(db) as warehouse:
        con = warehouse.con
        assert current_version(con) == LATEST >= 3
        ingest([], warehouse)  # the next batch, even an empty one, keys what the upgrade left unkeyed
        assert con.execute("SELECT count(*) FROM fact_measure").fetchall()[0][0] == facts
        assert con.execute(f"SELECT {V1_FACT_COLUMNS} FROM v_facts ORDER BY ALL").fetchall() == before
        assert (
            con.execute("SELECT count(*) FROM dim_activity WHERE activity_key IS NULL").fetchall()[0][0] == 0
        )
        assert con.execute("SELECT report_id, superseded FROM dim_document").fetchall() == [(1, False)]
        row = con.execute(
            "SELECT planned, actual, realisation FROM v_plan_vs_actual WHERE activity = ? AND measure = 'rodzina'",
            [SUPPORT],
        ).fetchall()
    assert row == [(400.0, 830.0, pytest.approx(2.075))]


def test_the_same_report_in_two_formats_is_not_counted_twice(
    tmp_path: Path, annex_norm: NormalisedDocument
) -> None:
    with open_warehouse(tmp_path / "w.duckdb") as warehouse:
        con = warehouse.con
        warehouse.load(document_rows(annex_norm), annex_norm.document.file_name)
        single = con.execute(
            "SELECT budget_total, documents FROM v_programme_summary WHERE year = 2021"
        ).fetchall()
        copy = annex_norm.document.model_copy(update={"file_name": "annex.docx", "sha256": "0" * 64})
        warehouse.load(
            document_rows(NormalisedDocument(copy, annex_norm.facts, annex_norm.cells, annex_norm.units)),
            "annex.docx",
        )
        double = con.execute(
            "SELECT budget_total, documents FROM v_programme_summary WHERE year = 2021"
        ).fetchall()
        superseded = con.execute(
            "SELECT document, superseded, count(*) FROM v_budget_by_unit GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        budget_facts = con.execute(
            "SELECT sum(value) FROM v_facts WHERE document = 'annex.docx' AND kind = 'budget' AND value_type = 'money'"
        ).fetchall()[0][0]
    assert single[0][1] == 1 and double[0][1] == 1  # one report, whichever of its files
    assert double[0][0] == pytest.approx(single[0][0]) == pytest.approx(budget_facts)
    # the later-loaded copy of the same format is the one counted; the other stays in v_facts_all
    assert [(document, flag) for document, flag, _ in superseded] == [("annex.docx", False)]
    assert superseded[0][2] > 10


def test_ocr_confidence_reaches_the_data_quality_views(
    tmp_path: Path, annex_norm: NormalisedDocument
) -> None:
    """Facts carrying an OCR word confidence are counted as OCR; below 60 they are flagged."""
    confidences = [45.0 if i % 10 == 0 else 91.0 for i in range(len(annex_norm.facts))]
    facts = [
        f.model_copy(update={"confidence": c}) for f, c in zip(annex_norm.facts, confidences, strict=True)
    ]
    scanned = NormalisedDocument(annex_norm.document, facts, annex_norm.cells, annex_norm.units)
    with open_warehouse(tmp_path / "w.duckdb") as warehouse:
        warehouse.load(document_rows(scanned), "scan.pdf")
        con = warehouse.con
        row = con.execute(
            "SELECT facts, ocr_facts, low_confidence_facts FROM v_data_quality_documents"
        ).fetchall()
        flagged = con.execute(
            "SELECT count(*), min(confidence), max(confidence) FROM v_data_quality_facts WHERE issue = 'low_confidence'"
        ).fetchall()
    low = sum(1 for c in confidences if c < 60)
    assert row == [(len(facts), len(facts), low)]
    assert flagged == [(low, 45.0, 45.0)]


def test_a_version_2_warehouse_counts_each_report_once_after_the_upgrade(
    tmp_path: Path, annex_norm: NormalisedDocument
) -> None:
    """Opened read-only (raporty report, export) right after the upgrade: renditions already grouped."""
    from raporty.load.warehouse import open_for_reading

    db = tmp_path / "v2.duckdb"
    with open_warehouse(db) as warehouse:
        warehouse.load(document_rows(annex_norm), "annex.txt")
        copy = annex_norm.document.model_copy(update={"file_name": "annex.docx", "sha256": "0" * 64})
        warehouse.load(
            document_rows(NormalisedDocument(copy, annex_norm.facts, annex_norm.cells, annex_norm.units)),
            "annex.docx",
        )
    con = duckdb.connect(str(db))
    for column in ("report_id", "rendition_rank", "superseded", "encoding"):
        con.execute(f"ALTER TABLE dim_document DROP COLUMN {column}")
    con.execute("DELETE FROM schema_version WHERE version > 2")
    con.close()
    with open_for_reading(db) as con:
        assert con.execute("SELECT count(DISTINCT document) FROM v_facts").fetchall() == [(1,)]
        assert con.execute("SELECT count(*) FROM dim_document WHERE superseded").fetchall() == [(1,)]


def test_views_are_recreated_only_when_their_definitions_changed(tmp_path: Path) -> None:
    db = tmp_path / "views.duckdb"
    open_warehouse(db).close()
    with duckdb.connect(str(db)) as con:
        digest = con.execute(
            "SELECT comment FROM duckdb_tables() WHERE table_name = 'schema_version'"
        ).fetchall()[0][0]
        assert digest.startswith("views:")
        # a view replaced behind the digest's back stays: the definitions the digest names are current
        con.execute("CREATE OR REPLACE VIEW v_facts AS SELECT 1 AS marker")
    open_warehouse(db).close()
    with duckdb.connect(str(db)) as con:
        assert con.execute("SELECT * FROM v_facts").fetchall() == [(1,)]
        con.execute("COMMENT ON TABLE schema_version IS 'views:an older release'")
    open_warehouse(db).close()  # a stale digest: every view is written again
    with duckdb.connect(str(db)) as con:
        columns = [row[0] for row in con.execute("DESCRIBE v_facts").fetchall()]
        assert columns[:3] == ["document", "programme", "section_code"]
        assert (
            con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'schema_version'").fetchall()[
                0
            ][0]
            == digest
        )


def test_a_warehouse_is_scanned_again_only_after_it_changed(tmp_path: Path) -> None:
    """The full integrity scan runs once per change of the file: a warehouse our writer closed is
    known intact; any later write to it (here a byte changed at its end) makes it unknown again."""
    from raporty.load.intact_state import known_intact

    db = tmp_path / "w.duckdb"
    open_warehouse(db).close()
    assert known_intact(db)
    with open(db, "r+b") as file:
        file.seek(-1, 2)
        last = file.read(1)
        file.seek(-1, 2)
        file.write(bytes([last[0] ^ 0xFF]))
    assert not known_intact(db)
    with open(db, "r+b") as file:  # the byte restored: still not the file as noted (a new mtime)
        file.seek(-1, 2)
        file.write(last)
    assert not known_intact(db)
    open_warehouse(db).close()  # scanned, found intact, noted again
    assert known_intact(db)
