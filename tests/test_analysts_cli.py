"""The CLI as an analyst meets it: the real command, real DuckDB files, real fixture reports.

A name already used by a different file is refused, never silently replaced; `remove` and
`ingest --prune`; a mistyped path is an argument error; `raporty sql`; `--version`; a closed
pipe ends quietly; an ISO-8859-2 text export keeps its Polish letters and records its encoding.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from raporty.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ANNEX = FIXTURES / "text" / "mops_krakow_2021_annex.txt"
MONITORING_TXT = FIXTURES / "text" / "pcpr_strategy_monitoring_2023.txt"
RAPORTY = [sys.executable, "-m", "raporty.cli"]


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_a_different_file_with_a_used_name_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.duckdb"
    first = tmp_path / "a" / "report.txt"
    other = tmp_path / "b" / "report.txt"
    first.parent.mkdir()
    other.parent.mkdir()
    shutil.copy(ANNEX, first)
    shutil.copy(MONITORING_TXT, other)
    assert main(["ingest", str(first), "--db", str(db), "-q"]) == 0
    before = _rows(db, "SELECT count(*), sum(value) FROM v_facts")
    capsys.readouterr()
    assert main(["ingest", str(other), "--db", str(db), "-q"]) == 1
    err = capsys.readouterr().err
    assert "a different document named 'report.txt' is already loaded from" in err
    assert "raporty remove report.txt" in err
    assert _rows(db, "SELECT count(*), sum(value) FROM v_facts") == before  # the first one untouched
    assert _rows(db, "SELECT path FROM dim_document") == [(str(first),)]
    # the same file changed in place is a new edition of it: it replaces its own rows
    shutil.copy(MONITORING_TXT, first)
    assert main(["ingest", str(first), "--db", str(db), "-q"]) == 0
    assert _rows(db, "SELECT count(*) FROM v_facts")[0][0] != before[0][0]
    # after `raporty remove`, the other file loads under the name
    assert main(["remove", "report.txt", "--db", str(db)]) == 0
    assert main(["ingest", str(other), "--db", str(db), "-q"]) == 0
    assert _rows(db, "SELECT path FROM dim_document") == [(str(other),)]


def test_remove_and_prune(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(ANNEX, raw)
    shutil.copy(MONITORING_TXT, raw)
    elsewhere = tmp_path / "elsewhere" / "annex_copy_2021.txt"
    elsewhere.parent.mkdir()
    shutil.copy(ANNEX, elsewhere)
    elsewhere.write_text(ANNEX.read_text(encoding="utf-8").replace("12 271", "12 272"), encoding="utf-8")
    assert main(["ingest", str(raw), str(elsewhere), "--db", str(db), "-q"]) == 0
    assert len(_rows(db, "SELECT * FROM dim_document")) == 3

    (raw / MONITORING_TXT.name).unlink()
    elsewhere.unlink()  # gone too, but not under the folder named: --prune leaves it
    capsys.readouterr()
    assert main(["ingest", str(raw), "--db", str(db), "--prune", "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["removed"] == [MONITORING_TXT.name]
    assert f"removed: {MONITORING_TXT.name} (its file is gone)" in out.err
    assert sorted(_rows(db, "SELECT file_name FROM dim_document")) == [
        ("annex_copy_2021.txt",),
        (ANNEX.name,),
    ]
    assert _rows(
        db,
        "SELECT count(*) FROM fact_measure WHERE document_id NOT IN (SELECT document_id FROM dim_document)",
    ) == [(0,)]

    assert main(["remove", str(elsewhere), "unknown.pdf", "--db", str(db)]) == 1  # a path names its file
    out = capsys.readouterr()
    assert "removed: annex_copy_2021.txt" in out.out and "unknown.pdf: not in the warehouse" in out.err
    assert _rows(db, "SELECT file_name FROM dim_document") == [(ANNEX.name,)]
    assert main(["remove", "x.txt", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert not (tmp_path / "none.duckdb").exists()


def test_a_missing_path_is_an_argument_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(ANNEX), "--db", str(db), "-q"]) == 0
    assert main(["ingest", str(tmp_path / "raprot.pdf"), str(ANNEX), "--db", str(db), "-q"]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert _rows(db, "SELECT file_name, status FROM dim_document") == [(ANNEX.name, "loaded")]


def test_sql_is_read_only_and_prints_a_table(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(ANNEX), "--db", str(db), "-q"]) == 0
    shown = subprocess.run(
        [*RAPORTY, "sql", "--db", str(db), "SELECT count(DISTINCT document) AS n FROM v_facts"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    assert [line.strip("│ ") for line in shown.stdout.splitlines() if line.startswith("│")][::2] == ["n", "1"]
    csv = subprocess.run(
        [*RAPORTY, "sql", "--db", str(db), "--csv"],
        input="SELECT 1 AS a;\nSELECT 2 AS b;\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert csv.stdout.splitlines() == ["a", "1", "b", "2"]
    refused = subprocess.run(
        [*RAPORTY, "sql", "--db", str(db), "DELETE FROM fact_measure"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1 and "read-only" in refused.stderr and "Traceback" not in refused.stderr
    assert _rows(db, "SELECT count(*) > 0 FROM fact_measure") == [(True,)]


def test_version_and_a_closed_pipe(tmp_path: Path) -> None:
    version = subprocess.run([*RAPORTY, "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("raporty ")
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(ANNEX), "--db", str(db), "-q"]) == 0
    # `raporty report | head -1`: the reader leaves early; no traceback
    pipeline = subprocess.run(
        f"{sys.executable} -m raporty.cli report --db {db} --html {tmp_path / 'r.html'} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert pipeline.stdout.count("\n") == 1
    assert "Traceback" not in pipeline.stderr and "BrokenPipe" not in pipeline.stderr, pipeline.stderr
    many = subprocess.run(  # far more than a pipe buffer: the writer meets the closed pipe for sure
        f"{sys.executable} -m raporty.cli sql --db {db} --csv 'SELECT * FROM range(300000)' | head -2; "
        "exit ${PIPESTATUS[0]}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert many.stdout.splitlines() == ["range", "0"]
    assert many.returncode == 0 and "Traceback" not in many.stderr and "Exception" not in many.stderr, (
        many.stderr
    )


def test_an_iso_8859_2_export_keeps_its_polish_letters(tmp_path: Path) -> None:
    text = ANNEX.read_text(encoding="utf-8").replace("„", '"').replace("”", '"')
    legacy = tmp_path / "annex_iso.txt"
    legacy.write_bytes(text.encode("iso8859_2", errors="replace"))
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(legacy), "--db", str(db), "-q"]) == 0
    assert _rows(db, "SELECT encoding FROM dim_document") == [("iso-8859-2",)]
    activities = " ".join(name for (name,) in _rows(db, "SELECT DISTINCT activity FROM v_facts"))
    assert "upośledzeniem umysłowym" in activities and "ciąży" in activities
    assert "¶" not in activities and "±" not in activities
    assert _rows(db, "SELECT encoding FROM v_data_quality_documents") == [("iso-8859-2",)]


def test_the_progress_bar_ends_at_n_of_n_and_names_the_files(tmp_path: Path) -> None:
    paths = [str(ANNEX), str(MONITORING_TXT)]
    run = subprocess.run(
        [*RAPORTY, "ingest", *paths, "--db", str(tmp_path / "w.duckdb"), "--progress"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    frames = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", run.stderr).replace("\r", "\n").splitlines()
    bars = [line.split() for line in frames if line.startswith("documents:")]
    assert [bar[1] for bar in bars[:1] + bars[-1:]] == ["0%", "100%"]
    assert "2/2" in bars[-1] and "1/2" not in bars[-1]
    assert [bar for bar in bars if "0/2" in bar][-1][-1] == ANNEX.name  # names the file being read
    assert [bar for bar in bars if "1/2" in bar][-1][-1] == MONITORING_TXT.name
    # stderr is not a terminal and no --progress: no bar (a log file gets no frames)
    quiet = subprocess.run(
        [*RAPORTY, "ingest", *paths, "--db", str(tmp_path / "w.duckdb")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_an_unwritable_report_path_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(ANNEX), "--db", str(db), "-q"]) == 0
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    run = subprocess.run(
        [*RAPORTY, "report", "--db", str(db), "--html", str(blocker / "report.html")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines()[-1].startswith("raporty: ")


def test_ingest_prints_a_table_of_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "w.duckdb"
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    assert main(["ingest", str(ANNEX), str(MONITORING_TXT), str(broken), "--db", str(db)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["status", "facts", "seconds", "document", "note"]
    rows = {line.split()[3]: line.split() for line in lines[2:5]}
    facts = dict(
        _rows(
            db,
            "SELECT file_name, count(*) FROM fact_measure JOIN dim_document USING (document_id) GROUP BY 1",
        )
    )
    assert rows[ANNEX.name][:2] == ["loaded", str(facts[ANNEX.name])]
    assert rows[MONITORING_TXT.name][:2] == ["loaded", str(facts[MONITORING_TXT.name])]
    assert rows["broken.docx"][:2] == ["failed", "0"] and len(rows["broken.docx"]) > 4  # with its reason
    totals = dict(line.split() for line in lines[6:] if not line.startswith("warehouse:"))
    assert totals == {
        "documents": "3",
        "loaded": "2",
        "unchanged": "0",
        "failed": "1",
        "facts": str(facts[ANNEX.name] + facts[MONITORING_TXT.name]),
    }
    # --details: whole paths and page counts; an unchanged file is a row too
    assert main(["ingest", str(ANNEX), str(MONITORING_TXT), "--db", str(db), "--details"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["status", "facts", "pages", "seconds", "document"]
    assert [(line.split()[0], line.split()[-1]) for line in lines[2:4]] == [
        ("unchanged", str(ANNEX)),
        ("unchanged", str(MONITORING_TXT)),
    ]
