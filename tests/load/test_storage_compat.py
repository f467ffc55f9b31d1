"""The warehouse opens in the duckdb CLI 1.5 (`pip install duckdb-cli`), which reads DuckDB storage
versions 64–68 only: DuckDB 2.x writes 69 unless told otherwise (Warehouse.STORAGE_VERSION)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from raporty.ingest import ingest, open_warehouse

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def _duckdb_cli() -> Path:
    """The duckdb CLI of the dev extras (pip package duckdb-cli), installed into the venv if missing."""
    cli = Path(sys.executable).parent / "duckdb"
    if not cli.exists():
        try:
            subprocess.run(
                [sys.executable, "-m", "pip", "install", "-q", "duckdb-cli"],
                check=True,
                capture_output=True,
                timeout=300,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            pytest.skip(f"the duckdb CLI is not installed and `pip install duckdb-cli` failed: {exc}")
    if not cli.exists():
        found = shutil.which("duckdb")
        if found is None:
            pytest.skip("no duckdb CLI: install the dev extras (duckdb-cli)")
        cli = Path(found)
    return cli


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("compat") / "raporty.duckdb"
    with open_warehouse(db) as w:
        outcomes = ingest(
            [
                FIXTURES / "text" / "mops_krakow_2021_annex.txt",
                FIXTURES / "docx" / "pcpr_strategy_monitoring_2023.docx",
            ],
            w,
        )
    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    with open_warehouse(db) as w:  # reopened for writing: the file keeps its storage version
        ingest([], w)
    return db


def test_the_duckdb_cli_1_5_opens_the_warehouse(warehouse: Path) -> None:
    cli = _duckdb_cli()
    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True, timeout=60).stdout
    result = subprocess.run(
        [
            str(cli),
            "-readonly",
            "-csv",
            "-noheader",
            str(warehouse),
            "-c",
            "SELECT count(*), count(DISTINCT document) FROM v_facts",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"{version}: {result.stderr}"
    facts, documents = result.stdout.strip().split(",")
    assert int(facts) > 500 and int(documents) == 2


def test_examples_queries_run_in_the_duckdb_cli(warehouse: Path) -> None:
    cli = _duckdb_cli()
    queries = (ROOT / "examples" / "queries.sql").read_text(encoding="utf-8")
    result = subprocess.run(
        [str(cli), "-readonly", str(warehouse)], input=queries, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and "Error" not in result.stderr, result.stderr
