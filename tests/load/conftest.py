"""Warehouse fixtures for the load tests: fixture reports ingested once per session into tmp dirs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from raporty.ingest import ingest, process_file
from raporty.load.warehouse import Warehouse
from raporty.normalize.document import NormalisedDocument

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ANNEX = FIXTURES / "text" / "mops_krakow_2021_annex.txt"  # seed 000, tab-separated rows
MONITORING = FIXTURES / "docx" / "pcpr_strategy_monitoring_2023.docx"  # seed 002
PROGRAMME = FIXTURES / "text" / "program_wspierania_rodziny_2025_2027.txt"  # seed 001, OCR text
NOT_A_REPORT = "Notatka służbowa\n\nSpotkanie zespołu odbyło się zgodnie z planem.\n"


def copy_inputs(folder: Path) -> list[Path]:
    """The two fixture reports and one text file that is no report (it must fail with a reason)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [Path(shutil.copy(ANNEX, folder)), Path(shutil.copy(MONITORING, folder))]
    note = folder / "notatka.txt"
    note.write_text(NOT_A_REPORT, encoding="utf-8")
    return [*paths, note]


@pytest.fixture
def report_inputs(tmp_path: Path) -> list[Path]:
    """Fresh copies (annex, monitoring report, non-report) in this test's tmp dir."""
    return copy_inputs(tmp_path / "raw")


@pytest.fixture(scope="session")
def annex_norm() -> NormalisedDocument:
    norm, error = process_file(ANNEX)
    assert norm is not None, error
    return norm


@pytest.fixture(scope="session")
def warehouse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed warehouse: the annex (000), the monitoring report (002), one failure, then the
    2025–2027 programme (001, OCR text) whose activities link to the annex's."""
    folder = tmp_path_factory.mktemp("warehouse")
    inputs = [*copy_inputs(folder / "raw"), PROGRAMME]
    db = folder / "raporty.duckdb"
    with Warehouse(db) as warehouse:
        outcomes = ingest(inputs, warehouse)
    assert [o.status for o in outcomes] == ["loaded", "loaded", "failed", "loaded"]
    return db
