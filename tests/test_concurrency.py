"""Two ingests on one warehouse (issue 8): the second waits for the lock and says so, or with ``--wait 0``
fails at once with "warehouse is busy" (exit code 3); the result equals a serial run, never corruption.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from raporty.cli import main
from raporty.load.warehouse import Warehouse, WarehouseBusy

ROOT = Path(__file__).resolve().parents[1]
TEXT = ROOT / "tests" / "fixtures" / "text"
DOCX = ROOT / "tests" / "fixtures" / "docx"
FIRST = [
    TEXT / "mops_krakow_2021_annex.txt",
    TEXT / "pcpr_strategy_monitoring_2023.txt",
    DOCX / "mops_krakow_2021_annex.docx",
]
SECOND = [DOCX / "mops_krakow_2021_annex.docx", TEXT / "program_wspierania_rodziny_2025_2027.txt"]


def _raporty() -> list[str]:
    script = Path(sys.executable).with_name("raporty")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from raporty.cli import main; sys.exit(main())"]


def checksum(db: Path) -> tuple:
    with duckdb.connect(str(db), read_only=True) as con:
        facts = con.execute(
            """
            SELECT count(*), coalesce(sum(hash(d.file_name, f.kind, f.year, f.value, f.raw_text, f.qualifier,
                                                  f.status, f.row_index, f.col_index, a.name)), 0)
            FROM fact_measure f JOIN dim_document d USING (document_id) JOIN dim_activity a USING (activity_id)
            """
        ).fetchone()
        documents = con.execute("SELECT file_name, status FROM dim_document ORDER BY file_name").fetchall()
        cells = con.execute("SELECT count(*) FROM stg_cell").fetchone()
    return facts, documents, cells


def _copies(folder: Path, sources: list[Path]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for source in sources:
        target = folder / f"{source.stem}_{source.suffix[1:]}{source.suffix}"
        shutil.copyfile(source, target)
        out.append(target)
    return out


@pytest.fixture(scope="module")
def batches(tmp_path_factory, bad_inputs_tool) -> tuple[list[Path], list[Path]]:
    """Two overlapping batches; the first has a 3 000-row table so that it holds the lock for seconds."""
    folder = tmp_path_factory.mktemp("batches")
    first = _copies(folder / "first", FIRST)
    first.append(bad_inputs_tool.make_big_table_text(folder / "first" / "big_table_3000_rows.txt", 3000))
    return first, _copies(folder / "second", SECOND)


@pytest.fixture(scope="module")
def serial(batches, tmp_path_factory) -> tuple:
    db = tmp_path_factory.mktemp("serial") / "w.duckdb"
    first, second = batches
    assert main(["ingest", *map(str, first), "--db", str(db), "-q"]) == 0
    assert main(["ingest", *map(str, second), "--db", str(db), "-q"]) == 0
    result = checksum(db)
    assert result[0][0] > 10_000 and len(result[1]) == 5
    return result


class Running:
    """A `raporty ingest` subprocess whose stderr is collected as it comes."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [*_raporty(), "ingest", *args], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL
        )
        self.chunks: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        while chunk := self.process.stderr.read1(4096):
            self.chunks.append(chunk.decode(errors="replace"))

    @property
    def stderr(self) -> str:
        return "".join(self.chunks)

    def wait_for(self, pattern: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.stderr):
            assert self.process.poll() is None or re.search(pattern, self.stderr), self.stderr
            assert time.monotonic() < deadline, f"no {pattern!r} in {self.stderr!r}"
            time.sleep(0.05)

    def finish(self, timeout: float = 600) -> int:
        code = self.process.wait(timeout=timeout)
        time.sleep(0.1)  # let the reader thread drain the pipe
        return code


def test_second_ingest_waits_or_reports_busy(batches, serial, tmp_path) -> None:
    first, second = batches
    db = tmp_path / "w.duckdb"
    one = Running(*map(str, first), "--db", str(db), "--progress")
    one.wait_for(r"documents:\s+0%")  # the progress bar starts once the warehouse is open
    two = Running(*map(str, second), "--db", str(db), "--wait", "300", "-q")

    busy = subprocess.run(
        [*_raporty(), "ingest", *map(str, second), "--db", str(db), "--wait", "0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert busy.returncode == 3
    assert "warehouse is busy" in busy.stderr and str(db) in busy.stderr
    assert "Traceback" not in busy.stderr
    assert one.process.poll() is None, "the first ingest ended before the second could meet its lock"

    two.wait_for(r"is locked by another ingest \(process \d+\); waiting")
    assert one.finish() == 0, one.stderr
    assert two.finish() == 0, two.stderr
    assert "Traceback" not in one.stderr + two.stderr

    assert checksum(db) == serial


def _hold_lock(db: Path, seconds: float, read_only: bool = False) -> subprocess.Popen:
    """Another process holding the warehouse open (DuckDB allows one writing process per file, and
    no writer beside a reader)."""
    code = (
        f"import duckdb, sys, time; c = duckdb.connect({str(db)!r}, read_only={read_only}); "
        f"print('open', flush=True); time.sleep({seconds})"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    return holder


@pytest.mark.parametrize("read_only", [False, True])
def test_warehouse_waits_then_gives_up(tmp_path, read_only) -> None:
    """The message names the process holding the warehouse (an analyst's read-only connection too)."""
    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    holder = _hold_lock(db, 30, read_only)
    try:
        messages: list[str] = []
        start = time.monotonic()
        with pytest.raises(WarehouseBusy, match=f"warehouse is busy: .* is locked by process {holder.pid} "):
            Warehouse(db, wait_seconds=1.0, on_wait=messages.append)
        assert 1.0 <= time.monotonic() - start < 10
        assert len(messages) == 1 and messages[0].startswith(
            f"warehouse {db} is locked by process {holder.pid} ("
        )
        assert "read-only connection" in messages[0] and messages[0].endswith("; waiting up to 1 s")
    finally:
        holder.kill()
        holder.wait()
    with Warehouse(db, wait_seconds=0) as warehouse:  # the lock goes with the process that held it
        assert warehouse.known_hash("nothing.txt") is None
