"""`--jobs 2` (workers read, one writer appends) loads what `--jobs 1` loads, row for row."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

import raporty.ingest as ingest_module
from raporty.ingest import ingest
from raporty.load.warehouse import Warehouse

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BATCH = [
    FIXTURES / "docx" / "mops_krakow_2021_annex.docx",
    FIXTURES / "text" / "program_wspierania_rodziny_2025_2027.txt",
    FIXTURES / "docx" / "pcpr_strategy_monitoring_2023.docx",
    FIXTURES / "docx" / "stradom_indicators_2024.docx",
]

#: Everything analysts see, by names rather than surrogate ids (those may be numbered differently).
CONTENT = {
    "facts": "SELECT * FROM v_facts",
    "units": "SELECT name, abbreviation FROM dim_unit",
    "aliases": "SELECT a.alias, u.name, a.kind FROM unit_alias a JOIN dim_unit u USING (unit_id)",
    "bridge": "SELECT d.file_name, a.normalised, u.name, b.position, b.code FROM bridge_activity_unit b "
    "JOIN dim_document d USING (document_id) JOIN dim_activity a USING (activity_id) JOIN dim_unit u USING (unit_id)",
    "links": "SELECT a.normalised, k.normalised, a.link_confidence FROM dim_activity a "
    "JOIN dim_activity k ON k.activity_id = a.activity_key",
    "sections": "SELECT d.file_name, s.section_index, s.path_code, s.title, p.section_index FROM dim_section s "
    "JOIN dim_document d USING (document_id) LEFT JOIN dim_section p ON p.section_id = s.parent_section_id",
    "cells": "SELECT d.file_name, c.* EXCLUDE (document_id) FROM stg_cell c JOIN dim_document d USING (document_id)",
}


def _content(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in CONTENT.items()}


def _ingest(files: list[Path], db: Path, jobs: int) -> list[ingest_module.Outcome]:
    with Warehouse(db) as warehouse:
        return ingest(files, warehouse, jobs=jobs)


def test_two_workers_load_what_one_loads(tmp_path: Path) -> None:
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    assert [o.status for o in _ingest(BATCH, one, jobs=1)] == ["loaded"] * len(BATCH)
    assert [o.status for o in _ingest(BATCH, two, jobs=2)] == ["loaded"] * len(BATCH)
    serial, parallel = _content(one), _content(two)
    assert len(serial["facts"]) > 1000 and len(serial["units"]) > 30 and serial["links"]
    for name in CONTENT:
        assert parallel[name] == serial[name], name


REPORT = (
    "Sprawozdanie z realizacji Programu Wspierania Rodziny w 2022 roku\n\nI Wsparcie rodzin\n\n"
    "Planowane do realizacji działania\tKomórka/ jednostka odpowiedzialna za realizację\t"
    "Wskaźniki rezultatów zaplanowanych działań w 2022 roku\tZakres realizacji zadania w 2022 roku\n"
    "Prowadzenie grup wsparcia dla rodziców\t{units}\t10 grup\t12 grup\n"
    "Organizacja pikniku rodzinnego\tMOPS\t1 piknik\t1 piknik\n"
)


def test_a_reload_by_the_same_writer_leaves_no_dangling_ids(tmp_path: Path) -> None:
    """The writer keeps dimension ids in memory across documents: a changed file loaded again by
    the same writer, and the unit it no longer names, must leave no dangling ids."""
    report = tmp_path / "report_2022.txt"
    report.write_text(REPORT.format(units="MOPS, Teatr Ludowy"), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as warehouse:
        assert [o.facts for o in ingest([report], warehouse)] == [4]
        report.write_text(REPORT.format(units="MOPS, Teatr Groteska"), encoding="utf-8")
        other = FIXTURES / "text" / "program_wspierania_rodziny_2025_2027.txt"
        assert [o.status for o in ingest([report, other], warehouse)] == ["loaded", "loaded"]
    with duckdb.connect(str(db), read_only=True) as con:
        dangling = con.execute(
            "SELECT count(*) FROM fact_measure f LEFT JOIN dim_activity a USING (activity_id) "
            "LEFT JOIN dim_section s USING (section_id) LEFT JOIN dim_measure m USING (measure_id) "
            "WHERE a.activity_id IS NULL OR (f.section_id IS NOT NULL AND s.section_id IS NULL) "
            "OR (f.measure_id IS NOT NULL AND m.measure_id IS NULL)"
        ).fetchall()[0][0]
        assert dangling == 0
        units = con.execute(
            "SELECT DISTINCT coalesce(u.abbreviation, u.name) FROM bridge_activity_unit b "
            "JOIN dim_unit u USING (unit_id) JOIN dim_document d USING (document_id) "
            "WHERE d.file_name = 'report_2022.txt' ORDER BY 1"
        ).fetchall()
        assert units == [("MOPS",), ("Teatr Groteska",)]  # MOPS now under the full name 001 gives it
        assert not con.execute("SELECT * FROM dim_unit WHERE name = 'Teatr Ludowy'").fetchall()
        assert con.execute("SELECT count(DISTINCT fact_id) = count(*) FROM fact_measure").fetchall()[0][0]


def _unpicklable_for_b(args: tuple[Path, bool], warming: object = None) -> ingest_module.Result:
    rows, error, seconds = _ORIGINAL_WORK(args, warming)
    if args[0].name.startswith("b_"):
        rows.units[("x", 0)] = [lambda: None]  # a worker result that cannot be written to the spool
    return rows, error, seconds


_ORIGINAL_WORK = ingest_module._work


def test_a_result_the_worker_cannot_hand_over_fails_its_file_only(tmp_path: Path, monkeypatch) -> None:
    files = []
    for copy, name in enumerate(("a_first.txt", "b_broken.txt", "c_third.txt")):  # not identical: no aliases
        source = FIXTURES / "text" / "pcpr_strategy_monitoring_2023.txt"
        (tmp_path / name).write_bytes(source.read_bytes() + b"\n" * copy)
        files.append(tmp_path / name)
    monkeypatch.setattr(ingest_module, "_work", _unpicklable_for_b)
    outcomes = {o.path.name: o for o in _ingest(files, tmp_path / "w.duckdb", jobs=2)}
    assert {name: o.status for name, o in outcomes.items()} == {
        "a_first.txt": "loaded",
        "b_broken.txt": "failed",
        "c_third.txt": "loaded",
    }
    assert (outcomes["b_broken.txt"].error or "").startswith("worker result lost:")


def test_without_a_temporary_folder_results_come_through_the_pipe(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))  # where the spool would go
    outcomes = _ingest(BATCH[1:3], tmp_path / "w.duckdb", jobs=2)
    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    assert [o.facts for o in outcomes] == [
        o.facts for o in _ingest(BATCH[1:3], tmp_path / "one.duckdb", jobs=1)
    ]


_WRITER_PROBE = """
import json, sys
from pathlib import Path
from raporty.ingest import ingest, open_warehouse
from raporty.polish import lemmas
outcomes = ingest(sys.argv[2:], lambda: open_warehouse(Path(sys.argv[1])), jobs=2)
import duckdb
with duckdb.connect(sys.argv[1], read_only=True) as con:
    units = con.execute("SELECT count(*) FROM bridge_activity_unit").fetchall()[0][0]
print(json.dumps({
    "statuses": [o.status for o in outcomes],
    "units_named": units,
    "morfeusz_loaded": lemmas.morfeusz.cache_info().currsize,
    "pydantic": "pydantic" in sys.modules,
}))
"""


def test_the_writer_resolves_units_with_the_readers_analyses(tmp_path: Path) -> None:
    """The writing process of a first ingest resolves the unit names with the Morfeusz readings its
    readers handed over: it loads no dictionary of its own, and imports no pydantic (the rows it
    unpickles are plain dataclasses)."""
    import json
    import subprocess
    import sys

    shown = subprocess.run(
        [sys.executable, "-c", _WRITER_PROBE, str(tmp_path / "w.duckdb"), *map(str, BATCH)],
        capture_output=True,
        text=True,
        check=True,
    )
    probe = json.loads(shown.stdout)
    assert probe["statuses"] == ["loaded"] * len(BATCH)
    assert probe["units_named"] > 20
    assert probe["morfeusz_loaded"] == 0
    assert probe["pydantic"] is False
