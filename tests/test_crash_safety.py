"""Crash safety (issue 8): an ingest killed at any moment leaves a warehouse that opens, holds no partial
document, and a rerun gives the same facts as an uninterrupted run. A load error or a dying worker
process fails one document only.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import raporty.ingest as ingest_module
from raporty.cli import main
from raporty.ingest import ingest
from raporty.load.warehouse import Warehouse

ROOT = Path(__file__).resolve().parents[1]
TEXT = ROOT / "tests" / "fixtures" / "text"
DOCX = ROOT / "tests" / "fixtures" / "docx"
BATCH = [
    TEXT / "mops_krakow_2021_annex.txt",
    TEXT / "pcpr_strategy_monitoring_2023.txt",
    TEXT / "program_wspierania_rodziny_2025_2027.txt",
    DOCX / "mops_krakow_2021_annex.docx",
    DOCX / "pcpr_strategy_monitoring_2023.docx",
]
SMALL = TEXT / "pcpr_strategy_monitoring_2023.txt"


def _raporty() -> list[str]:
    script = Path(sys.executable).with_name("raporty")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from raporty.cli import main; sys.exit(main())"]


def warehouse_checksum(db: Path) -> tuple[int, int]:
    """Facts and a checksum over every fact, keyed by file name (not by ids, which differ per run)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            """
            SELECT count(*), coalesce(sum(hash(d.file_name, f.kind, f.year, f.value, f.raw_text, f.qualifier,
                                                  f.status, f.row_index, f.col_index, a.name)), 0)
            FROM fact_measure f JOIN dim_document d USING (document_id) JOIN dim_activity a USING (activity_id)
            """
        ).fetchone()


def assert_consistent(db: Path) -> None:
    """No partial document: every loaded document has the facts its load logged; no orphan rows."""
    with duckdb.connect(str(db)) as con:  # read-write: replays the write-ahead log like a real open
        for table in ("fact_measure", "stg_cell", "dim_section"):
            orphans = con.execute(
                f"SELECT count(*) FROM {table} t LEFT JOIN dim_document d USING (document_id) "
                "WHERE d.document_id IS NULL OR d.status <> 'loaded'"
            ).fetchone()[0]
            assert orphans == 0, f"{table} has rows of no loaded document"
        rows = con.execute(
            """
            SELECT d.file_name,
                   (SELECT count(*) FROM fact_measure f WHERE f.document_id = d.document_id),
                   (SELECT count(*) FROM stg_cell c WHERE c.document_id = d.document_id),
                   (SELECT l.facts FROM ingest_log l WHERE l.file_name = d.file_name AND l.status = 'loaded'
                    ORDER BY l.run_at DESC LIMIT 1)
            FROM dim_document d WHERE d.status = 'loaded'
            """
        ).fetchall()
    for name, facts, cells, logged in rows:
        assert facts == logged and cells > 0, f"{name}: {facts} facts in the warehouse, {logged} logged"


@pytest.fixture(scope="module")
def batch(tmp_path_factory, bad_inputs_tool) -> Path:
    """The fixtures, and last (by name) a 3 000-row table that takes seconds, so a kill lands inside it."""
    folder = tmp_path_factory.mktemp("batch")
    for source in BATCH:
        shutil.copyfile(source, folder / f"{source.stem}_{source.suffix[1:]}{source.suffix}")
    bad_inputs_tool.make_big_table_text(folder / "zz_big_table_3000_rows.txt", 3000)
    return folder


@pytest.fixture(scope="module")
def reference(batch, tmp_path_factory) -> tuple[int, int]:
    """The checksum of an uninterrupted run."""
    db = tmp_path_factory.mktemp("reference") / "w.duckdb"
    assert main(["ingest", str(batch), "--db", str(db), "-q"]) == 0
    checksum = warehouse_checksum(db)
    assert checksum[0] > 1000
    return checksum


def _start(batch: Path, db: Path, read_stderr) -> tuple[subprocess.Popen, list[str]]:
    process = subprocess.Popen(
        [*_raporty(), "ingest", str(batch), "--db", str(db), "--progress"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    seen, _reader = read_stderr(process)
    return process, seen


def _documents_done(seen: list[str]) -> int:
    import re

    counts = [int(m) for m in re.findall(r" (\d+)/\d+ \d+:\d\d:\d\d", "".join(seen))]
    return max(counts, default=0)


@pytest.mark.parametrize("kill_at", ["after_first_document", "in_last_document"])  # reading or writing
def test_sigkill_mid_batch_then_rerun(kill_at: str, batch, reference, tmp_path, read_stderr) -> None:
    """SIGKILL once the progress bar shows the first (or all but the last) document done, a moment
    into the next one (reading it or writing it), then check the warehouse and rerun."""
    db = tmp_path / "w.duckdb"
    process, seen = _start(batch, db, read_stderr)
    wanted = 1 if kill_at == "after_first_document" else len(BATCH)  # the big table is document len+1
    deadline = time.monotonic() + 300
    while _documents_done(seen) < wanted and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    assert process.poll() is None, "the batch finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)

    assert db.exists()
    assert_consistent(db)
    partial = warehouse_checksum(db)
    assert 0 < partial[0] < reference[0]

    assert main(["ingest", str(batch), "--db", str(db), "-q"]) == 0  # the rerun
    assert_consistent(db)
    assert warehouse_checksum(db) == reference


def test_ctrl_c_stops_cleanly(batch, reference, tmp_path, read_stderr) -> None:
    """Ctrl-C (SIGINT to the whole process group, workers too, with --jobs 2): exit 130 with one line,
    no document wrongly marked failed, nothing partial; a rerun completes the batch."""
    db = tmp_path / "w.duckdb"
    process = subprocess.Popen(
        [*_raporty(), "ingest", str(batch), "--db", str(db), "--jobs", "2", "--progress"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    seen, reader = read_stderr(process)
    deadline = time.monotonic() + 300
    while _documents_done(seen) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the batch finished before Ctrl-C"
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=60) == 130
    reader.join(timeout=10)
    stderr = "".join(seen)
    assert stderr.rstrip().endswith("raporty: interrupted") and "Traceback" not in stderr, stderr
    assert_consistent(db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert (
            con.execute("SELECT file_name, error FROM dim_document WHERE status = 'failed'").fetchall() == []
        )
    assert main(["ingest", str(batch), "--db", str(db), "-q"]) == 0
    assert warehouse_checksum(db) == reference


KILLED_WHILE_WRITING = """
import sys, time
from pathlib import Path
from raporty.ingest import ingest
from raporty.load.warehouse import Warehouse

db, target, *files = sys.argv[1:]
original = Warehouse._write_cells

def write_cells_then_stall(self, rows, document_id):
    original(self, rows, document_id)
    if rows.file_name == target:  # facts and cells written, the transaction not committed
        print("writing", flush=True)
        time.sleep(600)

Warehouse._write_cells = write_cells_then_stall
with Warehouse(db) as warehouse:
    ingest([Path(f) for f in files], warehouse)
"""


def test_sigkill_inside_a_document_transaction(batch, reference, tmp_path) -> None:
    """Killed after a document's facts and cells are written but before its commit: none of it stays."""
    db = tmp_path / "w.duckdb"
    files = sorted(batch.iterdir())
    target = files[2].name
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_WHILE_WRITING, str(db), target, *map(str, files)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "writing"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)

    assert_consistent(db)
    with duckdb.connect(str(db), read_only=True) as con:
        documents = dict(con.execute("SELECT file_name, status FROM dim_document").fetchall())
    assert documents == {files[0].name: "loaded", files[1].name: "loaded"}
    assert main(["ingest", str(batch), "--db", str(db), "-q"]) == 0
    assert_consistent(db)
    assert warehouse_checksum(db) == reference


def test_load_error_rolls_the_document_back(tmp_path, monkeypatch) -> None:
    """An error half-way through writing a document leaves none of its rows; the next one loads."""
    first, second = TEXT / "program_wspierania_rodziny_2025_2027.txt", SMALL
    original = Warehouse._write_cells

    def failing_write_cells(self, rows, document_id):
        if rows.file_name == first.name:
            raise OSError("disk full (simulated)")
        return original(self, rows, document_id)

    monkeypatch.setattr(Warehouse, "_write_cells", failing_write_cells)
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as warehouse:
        outcomes = {o.path.name: o for o in ingest([first, second], warehouse)}
    assert outcomes[first.name].status == "failed"
    assert outcomes[first.name].error == "load failed: OSError: disk full (simulated)"
    assert outcomes[second.name].status == "loaded" and outcomes[second.name].facts > 50
    assert_consistent(db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(
            "SELECT status FROM dim_document WHERE file_name = ?", [first.name]
        ).fetchone() == ("failed",)


def _work_that_dies_on_crash_files(args, warming=None):
    if "crash" in args[0].name:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return _ORIGINAL_WORK(args, warming)


_ORIGINAL_WORK = ingest_module._work


def test_a_dying_worker_fails_its_file_only(tmp_path, monkeypatch) -> None:
    """With --jobs, a worker killed mid-document breaks the pool; the other files are still loaded."""
    files = []
    for copy, name in enumerate(("a_first.txt", "b_crash.txt", "c_third.txt")):  # not identical: no aliases
        (tmp_path / name).write_bytes(SMALL.read_bytes() + b"\n" * copy)
        files.append(tmp_path / name)
    monkeypatch.setattr(ingest_module, "_work", _work_that_dies_on_crash_files)
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as warehouse:
        outcomes = {o.path.name: o for o in ingest(files, warehouse, jobs=2)}
    assert {name: o.status for name, o in outcomes.items()} == {
        "a_first.txt": "loaded",
        "b_crash.txt": "failed",
        "c_third.txt": "loaded",
    }
    assert "worker process" in (outcomes["b_crash.txt"].error or "")
    assert outcomes["a_first.txt"].facts == outcomes["c_third.txt"].facts > 50
    assert_consistent(db)


def _warm_up_that_kills_the_fork_server(tasks=()):
    os.kill(os.getpid(), signal.SIGKILL)  # the out-of-memory killer choosing the fork server


def test_a_dying_fork_server_fails_the_files_it_did_not_start(tmp_path, monkeypatch) -> None:
    """The process that forks the readers killed before it started any: every file fails with that
    reason and the batch ends (nothing waits for readers that will never come); the next run loads."""
    files = []
    for copy, name in enumerate(("a_first.txt", "b_second.txt")):
        (tmp_path / name).write_bytes(SMALL.read_bytes() + b"\n" * copy)
        files.append(tmp_path / name)
    db = tmp_path / "w.duckdb"
    with monkeypatch.context() as patched:
        patched.setattr(ingest_module, "warm_workers", _warm_up_that_kills_the_fork_server)
        with Warehouse(db) as warehouse:
            outcomes = ingest(files, warehouse, jobs=2)
    assert [(o.status, o.error) for o in outcomes] == [
        ("failed", "the process that starts the readers died")
    ] * 2
    with Warehouse(db) as warehouse:
        assert [o.status for o in ingest(files, warehouse, jobs=2)] == ["loaded", "loaded"]
    assert_consistent(db)


def test_namesakes_in_one_batch_do_not_replace_each_other(tmp_path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copyfile(SMALL, tmp_path / "a" / "raport.txt")
    shutil.copyfile(TEXT / "program_wspierania_rodziny_2025_2027.txt", tmp_path / "b" / "raport.txt")
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as warehouse:
        outcomes = ingest([tmp_path / "a" / "raport.txt", tmp_path / "b" / "raport.txt"], warehouse)
    assert [o.status for o in outcomes] == ["loaded", "failed"]
    assert "another file named 'raport.txt'" in (outcomes[1].error or "")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT path FROM dim_document").fetchall() == [
            (str(tmp_path / "a" / "raport.txt"),)
        ]
