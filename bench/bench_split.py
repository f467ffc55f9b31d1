"""Benchmark of the measure splitter against hand-verified cells.

Run: ``python bench/bench_split.py``. Prints exact-match accuracy (a cell is correct when its list of
(value, measure, value_type, qualifier) equals the expected list, in order), the failures and the
throughput, separately for two sets:

* ``split_gold.jsonl`` – the cells the splitter was developed on (a regression figure);
* ``split_heldout.jsonl`` – seed cells not in the gold set, whose expectations were written by
  reading before the splitter was run on them: the honest accuracy figure.

``run()`` returns the figures of one set for ``make bench``.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path
from typing import Any

from raporty.normalize.measures import split_measures

GOLD_PATH = Path(__file__).resolve().parent / "data" / "split_gold.jsonl"
HELDOUT_PATH = Path(__file__).resolve().parent / "data" / "split_heldout.jsonl"

Key = tuple[float | None, str | None, str | None, str | None]


def load_gold(path: Path = GOLD_PATH) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def _keys_match(got: list[Key], expected: list[Key]) -> bool:
    return len(got) == len(expected) and all(
        _same_value(g[0], e[0]) and g[1:] == e[1:] for g, e in zip(got, expected, strict=True)
    )


def _expected_keys(cell: dict[str, Any]) -> list[Key]:
    return [(e["value"], e["measure"], e["value_type"], e["qualifier"]) for e in cell["expected"]]


def run(path: Path = GOLD_PATH, repeat: int = 3, with_heldout: bool | None = None) -> dict[str, Any]:
    """Score every cell of ``path``; return accuracy, per-source accuracy, failures and cells/s.

    Scoring the gold set also scores the held-out set (``heldout_*`` keys, for ``make bench``)
    unless ``with_heldout`` is False.
    """
    gold = load_gold(path)
    failures: list[dict[str, Any]] = []
    per_source: dict[str, list[int]] = {}
    for cell in gold:
        got = [
            (m.value, m.measure, m.value_type, m.qualifier)
            for m in split_measures(cell["text"], cell["context"])
        ]
        expected = _expected_keys(cell)
        ok = _keys_match(got, expected)
        counts = per_source.setdefault(cell["source"], [0, 0])
        counts[0] += ok
        counts[1] += 1
        if not ok:
            failures.append(
                {"source": cell["source"], "text": cell["text"], "expected": expected, "got": got}
            )
    start = time.perf_counter()
    for _ in range(repeat):
        for cell in gold:
            split_measures(cell["text"], cell["context"])
    elapsed = time.perf_counter() - start
    correct = len(gold) - len(failures)
    result = {
        "cells": len(gold),
        "correct": correct,
        "accuracy": correct / len(gold) if gold else 0.0,
        "per_source": {src: c[0] / c[1] for src, c in sorted(per_source.items())},
        "cells_per_second": (len(gold) * repeat) / elapsed if elapsed > 0 else float("inf"),
        "failures": failures,
    }
    if with_heldout if with_heldout is not None else path == GOLD_PATH and HELDOUT_PATH.exists():
        heldout = run(HELDOUT_PATH, repeat=0, with_heldout=False)
        result |= {
            "heldout_cells": heldout["cells"],
            "heldout_correct": heldout["correct"],
            "heldout_accuracy": heldout["accuracy"],
            "heldout_failures": heldout["failures"],
        }
    return result


def _print(name: str, result: dict[str, Any], failures: bool) -> None:
    if failures:
        for failure in result["failures"]:
            print(f"--- [{name} {failure['source']}] {failure['text']!r}")
            print(f"    expected: {failure['expected']}")
            print(f"    got:      {failure['got']}")
    print(
        f"split_measures {name}: {result['correct']}/{result['cells']} cells exact "
        f"({result['accuracy']:.1%}); per source "
        + ", ".join(f"{src}: {acc:.1%}" for src, acc in result["per_source"].items())
        + f"; {result['cells_per_second']:.0f} cells/s (warm cache)"
    )


def main() -> int:
    quiet = "--quiet" in sys.argv[1:]
    gold = run(GOLD_PATH, with_heldout=False)
    heldout = run(HELDOUT_PATH)
    _print("gold", gold, not quiet)
    _print("held-out", heldout, not quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
