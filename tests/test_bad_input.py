"""Bad input (issue 8): every input of the corpus in tests/bad_input/ (tools/make_bad_inputs.py) either

* fails with one line naming the file and the reason (no traceback), recorded in dim_document as
  'failed' with that reason, adding no facts, cells or sections; or
* loads (fine, or degraded as docs/limits.md describes);

and in every case the good report of the same batch loads exactly as it does alone, and what the
warehouse held before is unchanged. The exit code is 1 when a file failed.

Each case runs the real command line in-process (``raporty.cli.main``) so the dictionaries load once;
one test runs the installed ``raporty`` command in a subprocess over the whole committed corpus.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from raporty.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "bad_input"
MANIFEST: dict[str, dict] = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
GOOD_FIXTURE = ROOT / "tests" / "fixtures" / "text" / "mops_krakow_2021_annex.txt"
CONTROL_NAME = "control_report.docx"


def _generator():
    spec = importlib.util.spec_from_file_location("make_bad_inputs", ROOT / "tools" / "make_bad_inputs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


GENERATOR = _generator()


# -- warehouse helpers ----------------------------------------------------------------------------------
def document_stats(db: Path, file_name: str) -> tuple:
    """Facts, cells, sections and a checksum of the fact rows of one document (independent of ids)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            """
            SELECT
              (SELECT count(*) FROM fact_measure f WHERE f.document_id = d.document_id),
              (SELECT coalesce(sum(hash(f.kind, f.year, f.year_end, f.value, f.raw_text, f.qualifier, f.status,
                                        f.row_index, f.col_index, a.name, m.lemma)), 0)
                 FROM fact_measure f JOIN dim_activity a USING (activity_id)
                 LEFT JOIN dim_measure m USING (measure_id) WHERE f.document_id = d.document_id),
              (SELECT count(*) FROM stg_cell c WHERE c.document_id = d.document_id),
              (SELECT coalesce(sum(hash(c.table_index, c.row_index, c.col_index, c.text)), 0)
                 FROM stg_cell c WHERE c.document_id = d.document_id),
              (SELECT count(*) FROM dim_section s WHERE s.document_id = d.document_id),
              d.status
            FROM dim_document d WHERE d.file_name = ?
            """,
            [file_name],
        ).fetchone()


def totals(db: Path) -> tuple[int, int, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return tuple(
            con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("fact_measure", "stg_cell", "dim_section")
        )


def document_row(db: Path, file_name: str) -> tuple[str, str | None, str | None]:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "SELECT status, error, path FROM dim_document WHERE file_name = ?", [file_name]
        ).fetchone()
    assert row is not None, f"{file_name} is not in dim_document"
    return row


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def ingest(capsys, *args: str) -> tuple[int, str]:
    code = main(["ingest", *args, "-q"])
    return code, capsys.readouterr().err


def reason_matches(reason: str, text: str) -> bool:
    return any(alt.strip().lower() in text.lower() for alt in reason.split("|"))


# -- fixtures -------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    """Every corpus file: committed ones from tests/bad_input/, big ones built now."""
    built = tmp_path_factory.mktemp("generated")
    work = tmp_path_factory.mktemp("work")
    cases = {case.name: case for case in GENERATOR.build_cases()}
    paths = {}
    for name, entry in MANIFEST.items():
        if entry.get("generated"):
            (built / name).write_bytes(cases[name].build(work))
            paths[name] = built / name
        else:
            paths[name] = CORPUS / name
    return paths


@pytest.fixture(scope="module")
def control(tmp_path_factory) -> tuple[Path, tuple]:
    """A small good report mixed into every batch, and its stats when loaded alone."""
    folder = tmp_path_factory.mktemp("control")
    path = folder / CONTROL_NAME
    path.write_bytes(GENERATOR.report_docx())
    db = folder / "alone.duckdb"
    assert main(["ingest", str(path), "--db", str(db), "-q"]) == 0
    stats = document_stats(db, CONTROL_NAME)
    assert stats[0] >= 10 and stats[-1] == "loaded"
    return path, stats


@pytest.fixture(scope="module")
def base_warehouse(tmp_path_factory) -> tuple[Path, tuple, tuple]:
    """A warehouse that already holds a real report, before any bad input arrives."""
    db = tmp_path_factory.mktemp("base") / "base.duckdb"
    assert main(["ingest", str(GOOD_FIXTURE), "--db", str(db), "-q"]) == 0
    stats = document_stats(db, GOOD_FIXTURE.name)
    assert stats[0] > 300
    return db, stats, totals(db)


def test_corpus_is_complete() -> None:
    committed = {p.name for p in CORPUS.iterdir() if p.name != "manifest.json"}
    assert committed == {name for name, entry in MANIFEST.items() if not entry.get("generated")}
    assert len(MANIFEST) >= 30
    assert {e["expect"] for e in MANIFEST.values()} == {"failed", "loaded", "degraded"}


# -- one case at a time ---------------------------------------------------------------------------------
#: Extra checks of what a loaded or degraded input must keep: (condition, expected count) on the
#: document's stg_cell rows (CELLS) or v_facts rows (FACTS).
CELLS = "SELECT count(*) FROM stg_cell JOIN dim_document USING (document_id) WHERE file_name = ? AND "
FACTS = "SELECT count(*) FROM v_facts_all WHERE document = ? AND "  # every rendition
DOCS = "SELECT count(*) FROM dim_document WHERE file_name = ? AND "
KEPT = {
    "absurd_numbers.docx": [
        (CELLS + "text = '12 345 678 901 234 zł'", 1),
        (CELLS + "text = '1e300'", 1),
        (FACTS + "value = 12345678901234 AND measure = 'zł'", 1),
    ],
    "merged_cells_odd_shapes.docx": [
        # a span wider than the grid is cut: the row's actual and budget stay in their columns
        (FACTS + "kind = 'budget' AND raw_text = '0,00 zł' AND value = 0", 1),
        (FACTS + "kind = 'actual' AND raw_text = 'nie zrealizowano' AND status = 'not_achieved'", 1),
        (FACTS + "activity = 'Dyżury telefoniczne' AND kind = 'budget' AND value = 3200", 1),
    ],
    "many_columns.txt": [
        (CELLS + "text LIKE 'kolumna%' AND col_index = 199", 1),
        # 200 cells kept; the first five, lower case and without a number, may be read as the
        # rest of the row above (a wrapped name), so they are counted inside that row's cells too
        (CELLS + "text LIKE '%kolumna %'", 200),
        (DOCS + "warnings[1] LIKE 'line % 1000 cells, only the first 200 are kept'", 1),
    ],
    "text_cp1250.txt": [(FACTS + "activity = 'Warsztaty umiejętności wychowawczych dla rodziców'", 5)],
    "text_utf16le_bom.txt": [
        (FACTS + "activity = 'Poradnictwo prawne dla rodzin w kryzysie' AND value = 352", 1)
    ],
    "text_utf16be_bom.txt": [
        (FACTS + "activity = 'Poradnictwo prawne dla rodzin w kryzysie' AND value = 352", 1)
    ],
    "mixed_text_and_image_pages.pdf": [(FACTS + "page = 1", 9), (FACTS + "page = 2", 6)],
    "big_table_10000_rows.docx": [(FACTS + "kind = 'budget' AND value_type = 'money'", 10_000)],
    "big_table_10000_rows.txt": [(FACTS + "kind = 'budget' AND value_type = 'money'", 10_000)],
}


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_bad_input(name: str, inputs, control, base_warehouse, tmp_path, capsys) -> None:
    entry = MANIFEST[name]
    bad = inputs[name]
    control_path, control_stats = control
    base_db, base_stats, base_totals = base_warehouse
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(base_db, db)

    code, err = ingest(capsys, str(control_path), str(bad), "--db", str(db), *entry.get("args", []))

    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert [line for line in err.splitlines() if line.strip() and line not in errors] == [], err
    status, error, path = document_row(db, bad.name)
    assert document_stats(db, GOOD_FIXTURE.name) == base_stats, "the warehouse's earlier document changed"
    assert document_stats(db, CONTROL_NAME) == control_stats, (
        "the good report of the batch loaded differently"
    )
    if entry["expect"] == "failed":
        assert code == 1
        assert len(errors) == 1 and errors[0].startswith(f"error: {bad}: "), err
        assert reason_matches(entry["reason"], errors[0]), errors[0]
        assert status == "failed" and error and reason_matches(entry["reason"], error)
        assert "\n" not in error
        grown = tuple(t - b for t, b in zip(totals(db), base_totals, strict=True))
        assert grown == (control_stats[0], control_stats[2], control_stats[4]), "the failed file left rows"
    else:
        assert code == 0, err
        assert errors == []
        assert status == "loaded" and error is None and path == str(bad)
        facts = document_stats(db, bad.name)[0]
        assert facts >= entry["min_facts"]
        values = [v for (v,) in query(db, "SELECT value FROM fact_measure WHERE value IS NOT NULL")]
        assert all(math.isfinite(v) for v in values)
        for sql, expected in KEPT.get(name, []):
            assert query(db, sql, [bad.name])[0][0] == expected, sql


def test_failed_file_keeps_an_earlier_good_load(control, tmp_path, capsys) -> None:
    """A file that loaded once and is later replaced by a broken copy keeps its good rows."""
    control_path, control_stats = control
    target = tmp_path / CONTROL_NAME
    shutil.copyfile(control_path, target)
    db = tmp_path / "w.duckdb"
    assert ingest(capsys, str(target), "--db", str(db))[0] == 0
    target.write_bytes(control_path.read_bytes()[:1000])
    code, err = ingest(capsys, str(target), "--db", str(db))
    assert code == 1 and "damaged zip container" in err
    assert document_stats(db, CONTROL_NAME) == control_stats
    assert query(db, "SELECT status FROM ingest_log ORDER BY run_at") == [("loaded",), ("failed",)]


def test_missing_file_pipe_and_empty_folder(tmp_path, capsys) -> None:
    db = tmp_path / "w.duckdb"
    # a path that does not exist is an argument error (exit 2), not a failed document (issue 18)
    code, err = ingest(capsys, str(tmp_path / "nie ma – raportu.docx"), "--db", str(db))
    assert code == 2 and "no such file or folder" in err and "nie ma – raportu.docx" in err
    assert not db.exists()
    fifo = tmp_path / "kolejka.txt"
    os.mkfifo(fifo)  # reading a pipe nobody writes to would block forever
    code, err = ingest(capsys, str(fifo), "--db", str(db))
    assert code == 1 and f"error: {fifo}: not a regular file" in err
    empty = tmp_path / "empty folder"
    empty.mkdir()
    code, err = ingest(capsys, str(empty), "--db", str(db))
    assert code == 2 and "no files found" in err


def _raporty_command() -> list[str]:
    script = Path(sys.executable).with_name("raporty")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from raporty.cli import main; sys.exit(main())"]


def test_real_command_over_the_whole_corpus(tmp_path) -> None:
    """`raporty ingest` (a subprocess, two workers) on the committed corpus plus a real report."""
    db = tmp_path / "w.duckdb"
    files = sorted(p for p in CORPUS.iterdir() if p.name != "manifest.json")
    # the time limit of the cases that hang (10 s), with room for the slowest good one (OCR)
    result = subprocess.run(
        [
            *_raporty_command(),
            "ingest",
            str(GOOD_FIXTURE),
            *map(str, files),
            "--db",
            str(db),
            "--jobs",
            "2",
            "--timeout",
            "30",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    should_fail = {p.name for p in files if MANIFEST[p.name]["expect"] == "failed"}
    assert {Path(line.split(": ")[1]).name for line in errors} == should_fail
    # identical files (two DOCX built in the same second) load once: the later names are aliases
    first_of: dict[bytes, str] = {}
    aliases = set()
    for p in files:
        content = p.read_bytes()
        if content in first_of and p.name not in should_fail:
            aliases.add(p.name)
        first_of.setdefault(content, p.name)
    statuses = dict(query(db, "SELECT file_name, status FROM dim_document"))
    assert statuses.pop(GOOD_FIXTURE.name) == "loaded"
    assert statuses == {
        p.name: "failed" if p.name in should_fail else "loaded" for p in files if p.name not in aliases
    }
    logged = {name for (name,) in query(db, "SELECT file_name FROM ingest_log WHERE status = 'alias'")}
    assert logged == aliases
    summary = dict(line.split(maxsplit=1) for line in result.stdout.splitlines() if line[:1].isalpha())
    assert int(summary["failed"]) == len(should_fail)
    assert int(summary["loaded"]) == len(files) - len(should_fail) - len(aliases) + 1


@pytest.mark.parametrize(
    ("limit", "value", "reason"),
    [
        ("max_file_bytes", 1000, "file is larger than the"),
        ("max_table_cells", 10, "more than the 10 cell limit"),
    ],
)
def test_size_limits_fail_with_their_reason(
    limit, value, reason, control, tmp_path, capsys, monkeypatch
) -> None:
    """Past a limit of the settings (lowered here), the file fails with the limit named; no rows stay."""
    from raporty.settings import settings

    monkeypatch.setattr(settings, limit, value)
    control_path, _ = control
    db = tmp_path / "w.duckdb"
    code, err = ingest(capsys, str(control_path), "--db", str(db))
    assert code == 1 and reason in err and "Traceback" not in err
    status, error, _ = document_row(db, CONTROL_NAME)
    assert status == "failed" and reason in error
    assert totals(db) == (0, 0, 0)


def test_without_ocr_scans_fail_with_an_install_hint(control, tmp_path) -> None:
    """No tesseract on PATH: image inputs and image-only PDF pages fail with one line saying what to install."""
    control_path, control_stats = control
    db = tmp_path / "w.duckdb"
    scans = [CORPUS / "not_a_report.png", CORPUS / "scan_only.pdf"]
    result = subprocess.run(
        [*_raporty_command(), "ingest", str(control_path), *map(str, scans), "--db", str(db), "-q"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PATH": str(Path(sys.executable).parent)},
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert all("tesseract" in line for line in errors), errors
    assert document_stats(db, CONTROL_NAME) == control_stats


# -- damaged warehouses (issue 19) ------------------------------------------------------------------
WAREHOUSE_COMMANDS = {
    "ingest": lambda db: ["ingest", str(GOOD_FIXTURE), "--db", str(db), "-q"],
    "report": lambda db: ["report", "--db", str(db), "--html", str(db.with_suffix(".html"))],
    "export": lambda db: ["export", "--parquet", str(db.parent / "export"), "--db", str(db)],
    "sql": lambda db: ["sql", "--db", str(db), "SELECT count(*) FROM fact_measure"],
}


@pytest.mark.parametrize("how", GENERATOR.WAREHOUSE_DAMAGE)
def test_damaged_warehouse_gives_one_line_in_every_command(how, base_warehouse, tmp_path, capsys) -> None:
    """A warehouse cut short, with a bad block or a damaged WAL: ingest, report, export and sql each
    stop with one line and exit code 2, before reading or writing anything (an unchanged re-ingest
    once exited 0 on a truncated file; the others printed tracebacks)."""
    base_db, _, _ = base_warehouse
    for command, argv in WAREHOUSE_COMMANDS.items():
        folder = tmp_path / command
        folder.mkdir()
        db = folder / "w.duckdb"
        shutil.copyfile(base_db, db)
        GENERATOR.damage_warehouse(db, how)
        damaged = db.read_bytes()
        code = main(argv(db))
        captured = capsys.readouterr()
        lines = [line for line in captured.err.splitlines() if line.strip()]
        assert code == 2, (command, captured.err)
        assert len(lines) == 1 and lines[0].startswith("raporty: "), (command, captured.err)
        assert str(db) in lines[0] and ("damaged" in lines[0] or "truncated" in lines[0] or "WAL" in lines[0])
        assert "busy" not in lines[0]  # "… in block at location N" is not a lock
        assert db.read_bytes() == damaged, f"{command} changed the damaged file"
        assert not (folder / "export").exists() and not db.with_suffix(".html").exists()


def test_unopenable_warehouse_paths(tmp_path, capsys) -> None:
    """A folder, a non-DuckDB file and a --db below a file: one line, exit code 2."""
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"\x00" * 5000)
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    cases = {
        tmp_path: "cannot open warehouse",
        junk: "not a valid DuckDB database file",
        a_file / "sub" / "w.duckdb": "cannot create the warehouse folder",
    }
    for db, reason in cases.items():
        code, err = ingest(capsys, str(GOOD_FIXTURE), "--db", str(db))
        assert code == 2 and err.count("\n") == 1 and reason in err, err


def _components(folder: Path) -> list[str]:
    return [part for path in folder.rglob("*") for part in path.relative_to(folder).parts]


def test_export_of_a_300_character_programme_keeps_names_short(base_warehouse, tmp_path, capsys) -> None:
    """A programme name of 325 bytes: partition folders stay under the 255-byte file name limit
    (the slug cut, with a hash of the full name), and the files keep the full name."""
    db = tmp_path / "w.duckdb"
    shutil.copyfile(base_warehouse[0], db)
    assert ingest(capsys, str(CORPUS / "programme_name_300_chars.txt"), "--db", str(db))[0] == 0
    out = tmp_path / "eksport"
    assert main(["export", "--parquet", str(out), "--db", str(db)]) == 0, capsys.readouterr().err
    parts = _components(out)
    assert max(len(part.encode()) for part in parts) <= 115  # "programme_part=" and 100
    long_parts = [
        p for p in parts if p.startswith("programme_part=program-wspierania-rodziny-przeciwdzialania")
    ]
    assert len(set(long_parts)) == 1 and len(long_parts[0]) == 115
    (name,) = query(db, "SELECT name FROM dim_programme WHERE name LIKE '%Źdźbłowo%'")[0]
    assert len(name) > 300
    in_files = duckdb.sql(
        f"SELECT DISTINCT programme_part FROM read_parquet('{out}/facts/**/*.parquet', hive_partitioning = true) "
        "WHERE programme = ?",
        params=[name],
    ).fetchall()
    assert in_files == [(long_parts[0].removeprefix("programme_part="),)]


def test_failed_export_leaves_the_previous_one(base_warehouse, tmp_path) -> None:
    """An export that fails half-way (here: files limited to 4 KiB, as on a full disk) prints one
    line, exit code 2, and the previous export stays as it was, with no temporary folder left."""
    db = tmp_path / "w.duckdb"
    shutil.copyfile(base_warehouse[0], db)
    for kind in ("--parquet", "--csv"):
        out = tmp_path / f"out{kind}"
        assert main(["export", kind, str(out), "--db", str(db)]) == 0
        before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
        result = subprocess.run(
            [
                "bash",
                "-c",
                'ulimit -f 4 && exec "$@"',
                "-",
                *_raporty_command(),
                "export",
                kind,
                str(out),
                "--overwrite",
                "--db",
                str(db),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1 and "left as it was" in result.stderr
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
