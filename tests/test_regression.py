"""The project's fixture regression, run through `raporty verify` (raporty.quality.verify.verify_documents).

Each case extracts one fixture and compares its facts with the hand-verified expected file. The
figures are printed (visible with ``pytest -s`` and in CI logs) and repeated in pytest's terminal
summary. Add a case per new fixture with the threshold it must keep; a threshold below the
project's target says so in a comment with the figure measured when it was added.
"""

from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pytest

from raporty.quality.expected import read_expected
from raporty.quality.match import activity_key, align_activities, compare
from raporty.quality.verify import extract_facts, verify_documents
from raporty.quality.verify_output import write_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
EXPECTED = ROOT / "tests" / "expected"


class Case(NamedTuple):
    document: str  # path under tests/fixtures
    expected: str  # file under tests/expected
    min_f1: float
    min_strict_f1: float = 0.90  # strict: also the right measure lemma and value_type
    pages: tuple[int, int] | None = None  # the fixture holds only these pages of the report …
    page_reference: str | None = None  # … whose page numbers this text-layer fixture gives


CASES = [
    Case("docx/mops_krakow_2021_annex.docx", "mops_krakow_2021_annex.facts.jsonl", 0.95),
    Case("text/mops_krakow_2021_annex.txt", "mops_krakow_2021_annex.facts.jsonl", 0.95),
    Case("docx/pcpr_strategy_monitoring_2023.docx", "pcpr_strategy_monitoring_2023.facts.jsonl", 0.95),
    Case("text/pcpr_strategy_monitoring_2023.txt", "pcpr_strategy_monitoring_2023.facts.jsonl", 0.95),
    Case("pdf/mops_krakow_2021_annex.pdf", "mops_krakow_2021_annex.facts.jsonl", 0.95),
    Case("pdf/mops_krakow_2021_annex_landscape.pdf", "mops_krakow_2021_annex.facts.jsonl", 0.95),
    # Seed 001: OCR text (tesseract, English model) of the 2025-2027 programme; target for OCR text.
    Case(
        "text/program_wspierania_rodziny_2025_2027.txt",
        "program_wspierania_rodziny_2025_2027.facts.jsonl",
        0.90,
    ),
    # Seed 003 indicator annex: F1 1.000, strict 0.951 (2026-11-23, DOCX and PDF).
    Case("docx/stradom_indicators_2024.docx", "stradom_indicators_2024.facts.jsonl", 0.95, 0.90),
    Case("pdf/stradom_indicators_2024.pdf", "stradom_indicators_2024.facts.jsonl", 0.95, 0.90),
    # Page subsets (the scan and the mixed PDF hold pages 1-3 of the annex): judged against the
    # expected facts that the text-layer PDF puts on those pages.
    Case(
        "pdf/mops_krakow_2021_annex_mixed.pdf",
        "mops_krakow_2021_annex.facts.jsonl",
        0.95,
        pages=(1, 3),
        page_reference="pdf/mops_krakow_2021_annex.pdf",
    ),
    # scan: F1 0.957 measured 2026-11-23 (OCR drops the wrapped second line of one activity cell).
    Case(
        "scan/mops_krakow_2021_annex_scan.pdf",
        "mops_krakow_2021_annex.facts.jsonl",
        0.90,
        pages=(1, 3),
        page_reference="pdf/mops_krakow_2021_annex.pdf",
    ),
    Case("pdf/pcpr_strategy_monitoring_2023.pdf", "pcpr_strategy_monitoring_2023.facts.jsonl", 0.95),
]

_figures: list[str] = []


class _Summary:
    """Repeats the regression figures in pytest's terminal summary."""

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if _figures:
            terminalreporter.section("fixture regression (raporty verify)")
            for line in _figures:
                terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def regression_summary(pytestconfig: pytest.Config) -> list[str]:
    if not pytestconfig.pluginmanager.has_plugin("raporty-regression-summary"):
        pytestconfig.pluginmanager.register(_Summary(), "raporty-regression-summary")
    return _figures


@lru_cache(maxsize=4)
def _reference_facts(reference: Path) -> list[dict]:
    extraction = extract_facts([reference])[reference]
    assert extraction.error is None, f"{reference}: {extraction.error}"
    return extraction.facts


def expected_on_pages(expected_path: Path, reference: Path, pages: tuple[int, int], out: Path) -> Path:
    """The expected facts found on ``pages`` of ``reference``, written to ``out``.

    An expected fact is kept when its match in the reference extraction lies on those pages, or,
    when the reference missed it, when its activity has produced facts on those pages.
    """
    first, last = pages
    expected = read_expected(expected_path)
    produced = _reference_facts(reference)
    on_pages = [first <= (f.get("page") or 0) <= last for f in produced]
    comparison = compare(expected, produced)
    paired = dict(comparison.pairs)
    aligned = align_activities(expected, produced)
    activities = {
        aligned[key]
        for f, inside in zip(produced, on_pages, strict=True)
        if inside and (key := activity_key(f["activity"])) in aligned
    }
    kept = [
        f
        for i, f in enumerate(expected)
        if (on_pages[paired[i]] if i in paired else activity_key(f["activity"]) in activities)
    ]
    out.write_text(
        "".join(
            json.dumps({k: v for k, v in f.items() if k != "_line"}, ensure_ascii=False) + "\n" for f in kept
        ),
        encoding="utf-8",
    )
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.document for c in CASES])
def test_fixture_regression(case: Case, regression_summary: list[str], tmp_path: Path) -> None:
    document = FIXTURES / case.document
    if not document.is_file():
        pytest.fail(f"fixture missing: {document} (make fixtures)")
    expected = EXPECTED / case.expected
    if case.pages is not None:
        assert case.page_reference is not None
        expected = expected_on_pages(
            expected, FIXTURES / case.page_reference, case.pages, tmp_path / expected.name
        )
    (result,) = verify_documents([document], [expected])
    match, strict = result.comparison.score, result.comparison.strict_score
    line = (
        f"{case.document:<48} P {match.precision:.3f}  R {match.recall:.3f}  F1 {match.f1:.3f}  "
        f"strict F1 {strict.f1:.3f}  (min {case.min_f1:.2f} / {case.min_strict_f1:.2f})"
    )
    print(line)
    regression_summary.append(line)
    if not result.passed(case.min_f1) or strict.f1 < case.min_strict_f1:
        details = io.StringIO()
        write_text(result, case.min_f1, details)
        pytest.fail(f"{line}\n{details.getvalue()}", pytrace=False)
