"""Extraction on reports the rules were never written on: a small held-out sample of the generated
corpus (tools/make_report_corpus.py --split heldout), scored fact by fact as a user scores it
(tools/score_corpus.py → raporty verify). The full figures (50 reports per rendition) are in
`make bench`; this guards them in `make test`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: A seed no figure was tuned or reported on; eight reports keep the test near 20 s.
SEED, COUNT = 11, 8
RENDITIONS = ("txt", "docx", "pdf")
#: The thresholds of the held-out issue: value-F1 and typed-F1 (right lemma and value type too).
MIN_VALUE_F1, MIN_TYPED_F1 = 0.97, 0.93


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("heldout")
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_report_corpus.py"), "--seed", str(SEED), "--count", str(COUNT),
         "--out", str(out), "--split", "heldout", "--renditions", ",".join(RENDITIONS)],
        check=True, capture_output=True,
    )  # fmt: skip
    result = out / "scores.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "score_corpus.py"), str(out), "--json", str(result)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    print(f"\nheld-out corpus, seed {SEED}, {COUNT} reports:\n{proc.stdout}")
    return json.loads(result.read_text(encoding="utf-8"))["renditions"]


@pytest.mark.parametrize("rendition", RENDITIONS)
def test_heldout_reports_reach_the_thresholds(scores: dict, rendition: str) -> None:
    figures = scores[rendition]
    assert figures["documents"] == COUNT and figures["failed"] == 0
    assert figures["match"]["f1"] >= MIN_VALUE_F1, figures["match"]
    assert figures["strict"]["f1"] >= MIN_TYPED_F1, figures["strict"]
