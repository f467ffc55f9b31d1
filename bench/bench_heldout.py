"""Held-out extraction figures for `make bench`: generated reports the rules were never tuned on.

For each rendition, value-F1 and typed-F1 (right lemma and value type too) over 50 held-out
reports (seed 2), and the same over a fresh seed (7) that no figure was tuned or reported on,
so the difference shows whether the figures depend on the corpus drawn. Scans are slow to OCR:
they use fewer reports. Run alone: `.venv/bin/python bench/bench_heldout.py [--quick]`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools"
#: rendition → reports per corpus (full, quick)
RENDITIONS = {
    "txt": (50, 10), "docx": (50, 10), "pdf": (50, 10), "pdf-borderless": (50, 10),
    "scan200": (6, 2), "scan150-noisy": (6, 2),
}  # fmt: skip
SEEDS = (2, 7)


def _score(seed: int, count: int, renditions: list[str], work: Path) -> dict:
    out = work / f"heldout_{seed}_{count}"
    subprocess.run(
        [sys.executable, str(TOOLS / "make_report_corpus.py"), "--seed", str(seed), "--count", str(count),
         "--out", str(out), "--split", "heldout", "--renditions", ",".join(renditions)],
        check=True, capture_output=True,
    )  # fmt: skip
    result = out / "scores.json"
    subprocess.run(
        [sys.executable, str(TOOLS / "score_corpus.py"), str(out), "--json", str(result), "--jobs", "2"],
        check=True, capture_output=True,
    )  # fmt: skip
    return json.loads(result.read_text(encoding="utf-8"))["renditions"]


def run(quick: bool = False) -> dict:
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="raporty-heldout-") as tmp:
        by_count: dict[int, list[str]] = {}
        for rendition, counts in RENDITIONS.items():
            by_count.setdefault(counts[1] if quick else counts[0], []).append(rendition)
        for seed in SEEDS:
            for count, renditions in by_count.items():
                for rendition, scores in _score(seed, count, renditions, Path(tmp)).items():
                    figures.setdefault(rendition, {})[f"seed_{seed}"] = {
                        "documents": scores["documents"], "failed": scores["failed"],
                        "value_f1": round(scores["match"]["f1"], 3), "typed_f1": round(scores["strict"]["f1"], 3),
                    }  # fmt: skip
    return figures


def report(figures: dict) -> None:
    print(
        "\nheld-out generated reports   docs  value-F1  typed-F1 | fresh seed: value-F1  typed-F1  (Δ value)"
    )
    for rendition, seeds in figures.items():
        a, b = seeds.get(f"seed_{SEEDS[0]}"), seeds.get(f"seed_{SEEDS[1]}")
        if not a or not b:
            continue
        delta = b["value_f1"] - a["value_f1"]
        print(f"{rendition:<28} {a['documents']:>4}  {a['value_f1']:>8.3f}  {a['typed_f1']:>8.3f} |"
              f"             {b['value_f1']:>8.3f}  {b['typed_f1']:>8.3f}  ({delta:+.3f})")  # fmt: skip


if __name__ == "__main__":
    results = run(quick="--quick" in sys.argv)
    report(results)
