"""The command line's rough edges (issue 18), on the real command, real files and real DuckDB:
help with exit codes for every command, a fast `--help` that imports no optional command, usage
errors as exit 2 without a traceback, report and export waiting for a busy warehouse (--wait),
and one line, never a traceback, for a damaged image, an unreadable warehouse or a file in the way."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from raporty.cli import OPTIONAL_COMMANDS, main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ANNEX = FIXTURES / "text" / "mops_krakow_2021_annex.txt"
RAPORTY = [sys.executable, "-m", "raporty.cli"]
COMMANDS = ["ingest", "remove", "sql", "repair-text", "split-measures", *OPTIONAL_COMMANDS]


def _run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RAPORTY, *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ux") / "w.duckdb"
    assert main(["ingest", str(ANNEX), "--db", str(db), "-q"]) == 0
    return db


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_its_exit_codes(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"Usage: raporty {command} ")
    codes = text[text.index("Exit codes:") :].splitlines()[1:]
    assert codes[0].split()[0] == "0" and len(codes) >= 1
    if command in ("ingest", "remove", "sql", "export", "report"):  # they open the warehouse
        assert any(line.split()[0] == "3" and "busy" in line for line in codes if line.strip())
        assert "--db PATH" in text
    if command in ("ingest", "remove", "export", "report"):
        assert "--wait SECONDS" in text


def test_help_lists_the_commands_without_importing_the_optional_ones() -> None:
    code = (
        "import sys; from raporty.cli import main; code = main(['--help']); "
        "heavy = {'raporty.quality.report', 'raporty.load.export', 'raporty.quality.verify', "
        "'pandas', 'duckdb', 'rich', 'tqdm', 'raporty.ingest'}; "
        "print('imported:', sorted(heavy & set(sys.modules)), code)"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[-1] == "imported: [] 0"
    listed = shown.stdout[shown.stdout.index("Commands:") :]
    assert [
        line.split()[0] for line in listed.splitlines()[1:] if line.startswith("  ") and line[2] != " "
    ] == (COMMANDS)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["ingest"], "Missing argument 'PATH...'"),
        (["ingest", str(ANNEX), "--memory", "lots"], "not a memory size: 'lots'"),
        (["ingest", str(ANNEX), "--wait", "-1"], "Invalid value for '--wait'"),
        (["report", "--fail-on", "everything"], "unknown check 'everything'"),
        (["export", "--csvv", "out"], "No such option '--csvv'. Did you mean '--csv'?"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_a_usage_error_is_exit_2_with_one_message(
    args: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_verify_takes_several_expected_files_after_one_option(tmp_path: Path) -> None:
    other = FIXTURES / "text" / "pcpr_strategy_monitoring_2023.txt"
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert main(["verify", str(ANNEX), str(other), "--expected", str(first), str(second), "--update"]) == 0
    named = [
        {json.loads(line)["document"] for line in path.read_text(encoding="utf-8").splitlines()}
        for path in (first, second)
    ]
    assert named == [{ANNEX.stem}, {other.stem}]


def _hold_write_lock(db: Path) -> subprocess.Popen[str]:
    """Another process writing to the warehouse: DuckDB lets no reader in beside it."""
    code = f"import duckdb, sys; c = duckdb.connect({str(db)!r}); print('open', flush=True); sys.stdin.readline()"
    holder = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    return holder


@pytest.mark.parametrize("command", ["report", "export"])
def test_report_and_export_wait_for_a_busy_warehouse(loaded: Path, tmp_path: Path, command: str) -> None:
    target = ["--html", str(tmp_path / "r.html")] if command == "report" else ["--csv", str(tmp_path / "csv")]
    holder = _hold_write_lock(loaded)
    try:
        started = time.monotonic()
        refused = _run(command, "--db", str(loaded), *target, "--wait", "0")
        assert refused.returncode == 3, refused.stderr
        lines = refused.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(
            f"raporty: warehouse is busy: {loaded} is locked by process {holder.pid} ("
        )
        waiting = subprocess.Popen(
            [*RAPORTY, command, "--db", str(loaded), *target, "--wait", "120"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert waiting.stderr is not None
        told = waiting.stderr.readline()
        assert told.startswith(f"warehouse {loaded} is locked by process {holder.pid}")
        assert told.rstrip().endswith("; waiting up to 120 s")
        assert waiting.poll() is None  # still waiting while the writer holds the file
    finally:
        assert holder.stdin is not None
        holder.stdin.close()  # the writer finishes: its lock goes
        holder.wait(timeout=60)
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert "Traceback" not in err and time.monotonic() - started < 280
    if command == "report":
        assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    else:
        assert "v_facts" in out and (tmp_path / "csv" / "v_facts.csv").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["report"],
        ["export", "--xlsx", "x.xlsx"],
        ["sql", "SELECT 1"],
        ["ingest", str(ANNEX)],
        ["remove", "a.txt"],
    ],
    ids=lambda c: c[0],
)
def test_an_unreadable_warehouse_is_one_line(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "notes.duckdb"
    db.write_text("these are my notes, not a warehouse\n" * 200, encoding="utf-8")
    run = subprocess.run(
        [*RAPORTY, *command, "--db", str(db)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines() == [run.stderr.strip()]  # one line
    assert run.stderr.startswith(f"raporty: cannot open warehouse {db}: ")
    assert db.read_text(encoding="utf-8").startswith("these are my notes")  # left as it was


def test_damaged_images_fail_with_one_line_each(tmp_path: Path) -> None:
    png = tmp_path / "skan_strony.png"
    png.write_bytes(
        b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    )  # cut after its header
    jpeg = tmp_path / "zdjecie.jpg"
    jpeg.write_bytes(b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 50)
    db = tmp_path / "w.duckdb"
    run = _run("ingest", str(png), str(jpeg), str(ANNEX), "--db", str(db), "--json")
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert [line.split(": ")[1] for line in errors] == [str(png), str(jpeg)]
    result = json.loads(run.stdout)
    statuses = {Path(d["path"]).name: d["status"] for d in result["documents"]}
    assert statuses == {png.name: "failed", jpeg.name: "failed", ANNEX.name: "loaded"}
    # the documents were read in processes of their own: their processor time is told apart
    assert result["cpu_seconds"]["readers"] > 0.1 and result["cpu_seconds"]["writer"] > 0.05


def test_report_writes_json_run_results(loaded: Path, tmp_path: Path) -> None:
    html = tmp_path / "r.html"
    run = _run("report", "--db", str(loaded), "--html", str(html), "--json", "--fail-on", "failed,warnings")
    result = json.loads(run.stdout)
    assert run.returncode == (1 if any(result["fail_on"].values()) else 0)
    assert result["warehouse"] == str(loaded) and result["html"] == str(html) and html.exists()
    assert result["totals"]["documents"] == 1 and result["totals"]["failed"] == 0
    assert set(result["fail_on"]) == {"failed", "warnings"} and result["fail_on"]["failed"] == 0


def _with_stderr_on_a_terminal(*args: str) -> tuple[int, str]:
    """Run raporty with its stderr on a pseudo-terminal; the exit code and what the terminal got."""
    import os
    import pty
    import threading

    leader, follower = pty.openpty()
    chunks: list[bytes] = []

    def read() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        run = subprocess.run([*RAPORTY, *args], stdout=subprocess.PIPE, stderr=follower, timeout=300)
    finally:
        os.close(follower)
    reader.join(timeout=10)
    os.close(leader)
    return run.returncode, b"".join(chunks).decode(errors="replace")


def test_on_a_terminal_the_bar_is_drawn_unasked(tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    code, screen = _with_stderr_on_a_terminal("ingest", str(ANNEX), "--db", db)
    assert code == 0
    assert screen.count("documents:") >= 2 and "1/1" in screen and ANNEX.name in screen
    assert "\x1b[3" in screen  # a terminal's colours
    assert _with_stderr_on_a_terminal("ingest", str(ANNEX), "--db", db, "--no-progress") == (0, "")
    assert _with_stderr_on_a_terminal("ingest", str(ANNEX), "--db", db, "-q") == (0, "")


def test_a_file_in_the_way_is_one_line(
    loaded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = tmp_path / "mine.xlsx"
    workbook.write_bytes(b"my own workbook")
    assert main(["export", "--xlsx", str(workbook), "--db", str(loaded)]) == 2
    assert capsys.readouterr().err.startswith(
        f"raporty export: {workbook} exists (add --overwrite to replace it)"
    )
    assert workbook.read_bytes() == b"my own workbook"
    folder = tmp_path / "report.html"
    folder.mkdir()
    assert main(["report", "--db", str(loaded), "--html", str(folder)]) == 1
    assert capsys.readouterr().err == f"raporty: Is a directory: {folder}\n"
    assert main(["repair-text", str(tmp_path / "missing.txt")]) == 1
    assert capsys.readouterr().err == f"raporty: No such file or directory: {tmp_path / 'missing.txt'}\n"
