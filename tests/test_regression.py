"""The project's fixture regression, run through `raporty verify` (raporty.verify.verify_documents).

Each case extracts one fixture and compares its facts with the hand-verified expected file. The
figures are printed (visible with ``pytest -s`` and in CI logs) and repeated in pytest's terminal
summary. Add a case per new fixture with the threshold it must keep; a threshold below the
project's target says so in a comment with the figure measured when it was added.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import NamedTuple

import pytest

from raporty.verify import verify_documents
from raporty.verify_report import write_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
EXPECTED = ROOT / "tests" / "expected"


class Case(NamedTuple):
    document: str  # path under tests/fixtures
    expected: str  # file under tests/expected
    min_f1: float
    min_strict_f1: float = 0.90  # strict: also the right measure lemma and value_type


CASES = [
    Case("docx/mops_krakow_2021_annex.docx", "mops_krakow_2021_annex.facts.jsonl", 0.95),
    Case("text/mops_krakow_2021_annex.txt", "mops_krakow_2021_annex.facts.jsonl", 0.95),
    Case("docx/pcpr_strategy_monitoring_2023.docx", "pcpr_strategy_monitoring_2023.facts.jsonl", 0.95),
    Case("text/pcpr_strategy_monitoring_2023.txt", "pcpr_strategy_monitoring_2023.facts.jsonl", 0.95),
    Case("pdf/mops_krakow_2021_annex.pdf", "mops_krakow_2021_annex.facts.jsonl", 0.95),
    Case("pdf/mops_krakow_2021_annex_landscape.pdf", "mops_krakow_2021_annex.facts.jsonl", 0.95),
    # strict F1 measured 0.507 (2026-11-23): bare numbers under an indicator get no measure from the
    # indicator name in the PDF path (69 facts with measure None); target 0.90.
    Case("pdf/pcpr_strategy_monitoring_2023.pdf", "pcpr_strategy_monitoring_2023.facts.jsonl", 0.95, 0.45),
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


@pytest.mark.parametrize("case", CASES, ids=[c.document for c in CASES])
def test_fixture_regression(case: Case, regression_summary: list[str]) -> None:
    document = FIXTURES / case.document
    if not document.is_file():
        pytest.fail(f"fixture missing: {document} (make fixtures)")
    (result,) = verify_documents([document], [EXPECTED / case.expected])
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
