"""Loading: idempotent re-ingest, a changed document replaces only its rows, upgrade from schema v1."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from raporty.ingest import ingest, open_warehouse
from raporty.load import warehouse as warehouse_module
from raporty.load.migrations import LATEST, current_version, migrate
from raporty.load.warehouse import Warehouse
from raporty.normalize.document import NormalisedDocument
from raporty.normalize.rows import document_rows
from raporty.normalize.unit_resolver import UnitResolver

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


def test_a_version_1_warehouse_is_upgraded_with_its_data(
    tmp_path: Path, annex_norm: NormalisedDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "v1.duckdb"
    # The previous release: schema version 1, no activity linking.
    old = Warehouse.__new__(Warehouse)
    old.path = db
    old.con = duckdb.connect(str(db))
    old.units = UnitResolver
    assert migrate(old.con, target=1) == 1
    with monkeypatch.context() as patch:
        patch.setattr(warehouse_module, "link_activities", lambda con: 0)
        facts = old.load(document_rows(annex_norm), str(db))
    v1_facts = old.con.execute("SELECT * FROM v_facts ORDER BY ALL").fetchall()
    assert (
        old.con.execute("SELECT count(*) FROM dim_activity WHERE activity_key IS NULL").fetchall()[0][0] > 100
    )
    old.close()

    with open_warehouse(db) as warehouse:
        con = warehouse.con
        assert current_version(con) == LATEST >= 2
        ingest([], warehouse)  # the next batch, even an empty one, keys what the upgrade left unkeyed
        assert con.execute("SELECT count(*) FROM fact_measure").fetchall()[0][0] == facts
        assert con.execute("SELECT * FROM v_facts ORDER BY ALL").fetchall() == v1_facts
        assert (
            con.execute("SELECT count(*) FROM dim_activity WHERE activity_key IS NULL").fetchall()[0][0] == 0
        )
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
    assert single[0][1] == 1 and double[0][1] == 2
    assert double[0][0] == pytest.approx(single[0][0]) == pytest.approx(budget_facts)
    assert [(document, flag) for document, flag, _ in superseded] == [
        ("annex.docx", False),
        ("mops_krakow_2021_annex.txt", True),
    ]
    assert superseded[0][2] == superseded[1][2] > 10


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
