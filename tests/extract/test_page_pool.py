"""Pages of one PDF read by parallel processes give the document one process gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from raporty.extract import ExtractionError, extract_bytes
from raporty.extract.page_pool import page_processes, page_ranges
from raporty.settings import settings

ANNEX_PDF = Path(__file__).resolve().parents[1] / "fixtures" / "pdf" / "mops_krakow_2021_annex.pdf"


def test_page_ranges_cover_every_page_once_in_order() -> None:
    assert page_ranges(23, 2) == [range(0, 12), range(12, 23)]
    assert page_ranges(5, 3) == [range(0, 2), range(2, 4), range(4, 5)]
    assert page_ranges(2, 4) == [range(0, 1), range(1, 2)]  # never an empty slice


def test_never_more_processes_than_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "page_jobs", 8)
    assert page_processes(3) == 3
    assert page_processes(0) == 1
    monkeypatch.setattr(settings, "page_jobs", 1)
    assert page_processes(50) == 1


def test_a_pdf_read_in_two_processes_is_the_pdf_read_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    data = ANNEX_PDF.read_bytes()
    monkeypatch.setattr(settings, "page_jobs", 1)
    alone = extract_bytes(ANNEX_PDF, data)
    monkeypatch.setattr(settings, "page_jobs", 2)
    shared = extract_bytes(ANNEX_PDF, data)
    assert alone.pages == shared.pages == 23
    assert shared.model_dump() == alone.model_dump()
    pages = {cell.page for table in shared.tables for row in table.rows for cell in row.cells}
    assert pages >= {1, 12, 13, 23}  # both slices' pages are there


def test_a_page_refused_in_another_process_fails_the_document_with_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "max_page_points", 100.0)  # every A4 page is too large now
    messages = []
    for jobs in (1, 2):
        monkeypatch.setattr(settings, "page_jobs", jobs)
        with pytest.raises(ExtractionError) as error:
            extract_bytes(ANNEX_PDF, ANNEX_PDF.read_bytes())
        messages.append(str(error.value))
    assert messages[0] == messages[1]
    assert "page 1" in messages[0]
