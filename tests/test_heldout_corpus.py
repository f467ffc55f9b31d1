"""Extraction on reports the rules were never written on: a small held-out sample of the generated
corpus (tools/make_report_corpus.py --split heldout), scored fact by fact as a user scores it
(tools/score_corpus.py → raporty verify). The full figures (50 reports per rendition, and a fresh
seed) are in `make bench`; this guards them in `make test`.

Two corpora of the same reports: the base layout (one header row, one line per row) must reach the
thresholds of the held-out issue; with the layout families of real Word and PDF files switched on
(two-row headers, wrapped names, cells over several lines, held-out-only families among them) the
figures are lower and held at what was measured, less a margin, so that a regression shows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: A seed no rule was tuned on; eight reports keep the test near 30 s.
SEED, COUNT = 11, 8
RENDITIONS = ("txt", "docx", "pdf")
#: The thresholds of the held-out issue: value-F1 and typed-F1 (right lemma and value type too).
BASE_MIN = (0.97, 0.93)
#: With every layout family (the real-world variation families and the held-out header wording among
#: them): measured 1.000 on each rendition (txt / docx / pdf), held at the issue's thresholds.
FAMILIES_MIN = {"txt": BASE_MIN, "docx": BASE_MIN, "pdf": BASE_MIN}
#: Families added later (issue 15, second round: the money scale in a header or caption, counts in
#: words, Word rows broken across split tables, Word files OCR software saved, tables side by side):
#: the figures above are held on the corpus without them (the same files as before they came);
#: with them the sample is harder, measured 0.960 on each of txt / docx / pdf, less 0.03.
NEW_FAMILIES = (
    "header_scale_other",
    "number_words_other",
    "docx_row_split_other",
    "ocr_docx_other",
    "side_by_side",
)
NEW_FAMILIES_MIN = {"txt": (0.93, 0.93), "docx": (0.93, 0.93), "pdf": (0.93, 0.93)}


def _score(out: Path, *generator_options: str) -> dict:
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_report_corpus.py"), "--seed", str(SEED), "--count", str(COUNT),
         "--out", str(out), "--split", "heldout", "--renditions", ",".join(RENDITIONS), *generator_options],
        check=True, capture_output=True,
    )  # fmt: skip
    result = out / "scores.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "score_corpus.py"), str(out), "--json", str(result)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    print(f"\nheld-out corpus, seed {SEED}, {COUNT} reports {' '.join(generator_options)}:\n{proc.stdout}")
    return json.loads(result.read_text(encoding="utf-8"))["renditions"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return _score(tmp_path_factory.mktemp("heldout_base"), "--exclude-families", "all")


@pytest.fixture(scope="module")
def families(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return _score(tmp_path_factory.mktemp("heldout_families"), "--exclude-families", ",".join(NEW_FAMILIES))


@pytest.fixture(scope="module")
def new_families(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return _score(tmp_path_factory.mktemp("heldout_new_families"))


def _check(figures: dict, minimum: tuple[float, float]) -> None:
    assert figures["documents"] == COUNT and figures["failed"] == 0
    assert figures["match"]["f1"] >= minimum[0], figures["match"]
    assert figures["strict"]["f1"] >= minimum[1], figures["strict"]


@pytest.mark.parametrize("rendition", RENDITIONS)
def test_heldout_base_layout_reaches_the_thresholds(base: dict, rendition: str) -> None:
    _check(base[rendition], BASE_MIN)


@pytest.mark.parametrize("rendition", RENDITIONS)
def test_heldout_real_layouts_hold_their_figures(families: dict, rendition: str) -> None:
    _check(families[rendition], FAMILIES_MIN[rendition])


@pytest.mark.parametrize("rendition", RENDITIONS)
def test_heldout_new_layouts_hold_their_figures(new_families: dict, rendition: str) -> None:
    _check(new_families[rendition], NEW_FAMILIES_MIN[rendition])
