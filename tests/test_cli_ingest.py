"""End-to-end: the real CLI, a real DuckDB file, real fixture documents."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from raporty.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEXT_000 = FIXTURES / "text" / "mops_krakow_2021_annex.txt"
DOCX_000 = FIXTURES / "docx" / "mops_krakow_2021_annex.docx"


def _facts(db: Path, where: str, params: list) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            f"SELECT kind, year, value, measure, value_type, qualifier, status FROM v_facts WHERE {where} "
            "ORDER BY kind, value",
            params,
        ).fetchall()


@pytest.mark.parametrize("source", [TEXT_000, DOCX_000], ids=["text", "docx"])
def test_ingest_gives_planned_actual_and_budget_facts(tmp_path, source):
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(source), "--db", str(db), "-q"]) == 0
    rows = _facts(db, "activity = ?", ["Prowadzenie poradnictwa rodzinnego i terapii"])
    assert ("planned", 2021, 10600.0, "usługa", "count", None, None) in rows
    assert ("actual", 2021, 12271.0, "usługa", "count", None, None) in rows
    assert ("budget", 2021, 1839660.39, "zł", "money", None, None) in rows
    chust = _facts(db, "activity LIKE 'Chustowe spotkania%'", [])
    assert ("planned", 2021, 12.0, "spotkanie", "count", None, None) in chust
    assert ("planned", 2021, 280.0, "uczestnik", "count", None, None) in chust
    assert [r for r in chust if r[0] == "actual"] == [("actual", 2021, None, None, None, None, "not_held")]
    with duckdb.connect(str(db), read_only=True) as con:
        units = con.execute(
            "SELECT units FROM v_facts WHERE activity LIKE 'Organizacja usługi asystenta rodziny%' LIMIT 1"
        ).fetchall()[0][0]
        assert units == ["Miejski Ośrodek Pomocy Społecznej"]
        section = con.execute(
            "SELECT DISTINCT section_code FROM v_facts WHERE activity LIKE 'Chustowe spotkania%'"
        ).fetchall()
        assert section == [("I.2 / 1)",)]


def test_reingest_of_an_unchanged_file_is_a_no_op(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(TEXT_000), "--db", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        before = con.execute("SELECT count(*), max(loaded_at) FROM dim_document").fetchall()
        facts_before = con.execute("SELECT count(*) FROM fact_measure").fetchall()
    capsys.readouterr()
    assert main(["ingest", str(TEXT_000), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "unchanged          1" in out
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), max(loaded_at) FROM dim_document").fetchall() == before
        assert con.execute("SELECT count(*) FROM fact_measure").fetchall() == facts_before


def _ingest_in_new_process(db, *options: str, modules: tuple[str, ...]) -> tuple[list[str], str]:
    """`raporty ingest` of the sample's text and Word files in a fresh interpreter: (which of
    ``modules`` it imported and its exit code as the last line of its output, the whole output)."""
    import subprocess
    import sys

    code = (
        "import sys; from raporty.cli import main; "
        f"code = main(['ingest', {str(TEXT_000)!r}, {str(DOCX_000)!r}, '--db', {str(db)!r}, *{list(options)!r}]); "
        f"print(sorted(m for m in {list(modules)!r} if m in sys.modules), code)"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert shown.stdout, shown.stderr
    return shown.stdout.splitlines()[-1], shown.stdout


def test_an_unchanged_reingest_does_not_open_the_warehouse(tmp_path):
    """The writer notes which files it left loaded: a re-ingest of them, finding the warehouse as it
    was left, answers 'unchanged' without importing DuckDB (nor opening, locking, checking it)."""
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(TEXT_000), str(DOCX_000), "--db", str(db), "-q"]) == 0
    last, out = _ingest_in_new_process(db, modules=("duckdb",))
    assert last == "[] 0"
    assert "unchanged          2" in out


def test_the_writer_loads_a_batch_without_pyarrow_or_pandas(tmp_path):
    """The writing process hands DuckDB plain lists: importing pyarrow and pandas would cost it more
    than the appends of a small batch, on a core the workers need."""
    db = tmp_path / "w.duckdb"
    last, _ = _ingest_in_new_process(db, "-q", "--jobs", "2", modules=("pandas", "pyarrow", "duckdb"))
    assert last == "['duckdb'] 0"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dim_document WHERE status = 'loaded'").fetchall() == [(2,)]


def test_a_first_ingest_starts_reading_before_duckdb_is_imported(tmp_path):
    """Into a warehouse file that does not exist yet nothing can be unchanged: the first document's
    reader is forked at once, and DuckDB is imported and the schema created while it reads. Into
    an existing warehouse the known hashes are looked up first."""
    import subprocess
    import sys

    db = tmp_path / "w.duckdb"
    code = (
        "import os, sys\n"
        "fork, first = os.fork, []\n"
        "def watched():\n"
        "    if not first:  # whether DuckDB was imported when the first reader was forked\n"
        "        first.append('duckdb' in sys.modules)\n"
        "    return fork()\n"
        "os.fork = watched\n"
        "from raporty.cli import main\n"
        f"code = main(['ingest', sys.argv[1], '--db', {str(db)!r}, '-q'])\n"
        "print(first[0], code)"
    )
    copy = tmp_path / "report.txt"
    shutil.copy(TEXT_000, copy)
    runs = []
    for _ in range(2):
        shown = subprocess.run(
            [sys.executable, "-c", code, str(copy)], capture_output=True, text=True, timeout=120
        )
        runs.append(shown.stdout.splitlines()[-1])
        copy.write_text(copy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert runs == ["False 0", "True 0"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), min(status) FROM dim_document").fetchall() == [(1, "loaded")]


def test_a_new_warehouse_filled_by_another_ingest_meanwhile_is_looked_up(tmp_path):
    """The file was absent when the batch started, and another ingest loaded this very report into
    it before this one could open it: the report is told unchanged and not loaded a second time."""
    from raporty.ingest import ingest, open_warehouse

    db = tmp_path / "w.duckdb"

    def opened_after_another_ingest():
        with open_warehouse(db) as other:
            ingest([TEXT_000], other)
        return open_warehouse(db)

    other_report = FIXTURES / "docx" / "pcpr_strategy_monitoring_2023.docx"
    outcomes = ingest([TEXT_000, other_report], opened_after_another_ingest)
    assert [o.status for o in outcomes] == ["unchanged", "loaded"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dim_document").fetchall() == [(2,)]
        facts = con.execute("SELECT count(*) FROM v_facts WHERE document = ?", [TEXT_000.name]).fetchall()
        assert facts[0][0] > 100


def test_a_warehouse_changed_by_another_client_is_read_again(tmp_path, capsys):
    """What the writer noted holds only for the file as it left it: after an analyst's UPDATE through
    another connection, the re-ingest looks in the warehouse and loads the file whose hash no longer
    matches; a file changed on disk is loaded again too."""
    db = tmp_path / "w.duckdb"
    copy = tmp_path / "report.txt"
    shutil.copy(TEXT_000, copy)
    assert main(["ingest", str(copy), str(DOCX_000), "--db", str(db), "-q"]) == 0
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE dim_document SET sha256 = 'edited' WHERE file_name = 'report.txt'")
    capsys.readouterr()
    assert main(["ingest", str(copy), str(DOCX_000), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "loaded             1" in out and "unchanged          1" in out
    copy.write_text(copy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main(["ingest", str(copy), str(DOCX_000), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "loaded             1" in out and "unchanged          1" in out


def test_a_changed_file_replaces_its_rows(tmp_path):
    db = tmp_path / "w.duckdb"
    copy = tmp_path / "report.txt"
    shutil.copy(TEXT_000, copy)
    assert main(["ingest", str(copy), "--db", str(db), "-q"]) == 0
    text = copy.read_text(encoding="utf-8").replace("10 600 usług poradnictwa", "10 700 usług poradnictwa")
    copy.write_text(text, encoding="utf-8")
    assert main(["ingest", str(copy), "--db", str(db), "-q"]) == 0
    rows = _facts(db, "activity = ? AND kind = 'planned'", ["Prowadzenie poradnictwa rodzinnego i terapii"])
    assert [r[2] for r in rows] == [10700.0]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dim_document").fetchall() == [(1,)]


def test_bad_files_fail_with_one_line_and_the_rest_loads(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    noise = tmp_path / "noise.docx"
    noise.write_bytes(bytes(range(256)) * 40)
    prose = tmp_path / "letter.txt"
    prose.write_text("Szanowni Państwo,\nuprzejmie informujemy o zmianie godzin pracy.\n", encoding="utf-8")
    code = main(["ingest", str(empty), str(noise), str(prose), str(TEXT_000), "--db", str(db), "-q"])
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    errors = [line for line in err if line.startswith("error:")]
    assert len(errors) == 3 and all("Traceback" not in line for line in err)
    assert any("empty.docx" in e and "empty file" in e for e in errors)
    with duckdb.connect(str(db), read_only=True) as con:
        status = dict(con.execute("SELECT file_name, status FROM dim_document").fetchall())
        assert status == {
            "empty.docx": "failed",
            "noise.docx": "failed",
            "letter.txt": "failed",
            "mops_krakow_2021_annex.txt": "loaded",
        }
        assert con.execute("SELECT count(DISTINCT document) FROM v_facts").fetchall() == [(1,)]


def test_split_measures_cli_prints_json(capsys):
    assert main(["split-measures", "12 spotkań, 240 uczestników"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"value": 12.0, "measure": "spotkanie", "value_type": "count", "qualifier": None},
        {"value": 240.0, "measure": "uczestnik", "value_type": "count", "qualifier": None},
    ]


def test_repair_text_cli_reads_stdin(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("Miejski Osrodek Pomocy Spotecznej w Krakowie"))
    assert main(["repair-text", "-"]) == 0
    assert capsys.readouterr().out == "Miejski Ośrodek Pomocy Społecznej w Krakowie"
