"""One-to-one matching of expected facts with produced facts, and the scores that come out of it.

A fact here is a plain dict with the keys of an expected-facts line (see docs/expected_facts.md):
activity, year, year_end, kind, value, measure, value_type, qualifier, status, raw_text.

First the activities are aligned: every distinct normalised activity text of the produced facts is
paired with at most one of the expected file, and vice versa, when their ``rapidfuzz.fuzz.ratio``
reaches the activity threshold, most similar pairs first. Reports repeat near-identical activity
names in different sections, so of two such names only the closer one is judged against an
expected activity; the other counts as an activity the expected file does not list.

Then facts of aligned activities are paired one to one: same kind, year and year_end, values
within :data:`VALUE_TOLERANCE` (or both null, and then the same status). The *strict* pairing
also requires the same measure and value_type. Among several candidates, pairs that also agree on
measure, qualifier and status are taken first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from raporty.polish.names import normalised_name
from raporty.settings import settings

Fact = dict[str, Any]

#: Default minimum rapidfuzz ratio (0–100) of two normalised activity texts to count as one activity.
#: High, because reports repeat near-identical activity names in different sections.

#: Two values match when they differ by at most this much.
VALUE_TOLERANCE = 0.01


def activity_key(text: str) -> str:
    """Activity text folded for comparison: case, diacritics, punctuation and whitespace."""
    return normalised_name(text or "")


@dataclass
class Score:
    """Precision, recall and F1 of one pairing."""

    matched: int
    expected: int
    produced: int  # produced facts judged (those of activities listed in the expected file)

    @property
    def precision(self) -> float:
        return self.matched / self.produced if self.produced else (1.0 if not self.expected else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "matched": self.matched,
            "expected": self.expected,
            "judged": self.produced,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Comparison:
    """Everything verify knows about one document after matching."""

    expected: list[Fact]
    produced: list[Fact]
    in_scope: list[int]  # indexes into produced: facts of activities the expected file lists
    pairs: list[tuple[int, int]]  # (expected index, produced index), match pairing
    strict_pairs: list[tuple[int, int]]
    unmatched_activities: list[str] = field(default_factory=list)  # expected activities with no produced fact

    @property
    def score(self) -> Score:
        return Score(len(self.pairs), len(self.expected), len(self.in_scope))

    @property
    def strict_score(self) -> Score:
        return Score(len(self.strict_pairs), len(self.expected), len(self.in_scope))

    def missing(self) -> list[Fact]:
        """Expected facts the pipeline did not produce (match pairing)."""
        used = {e for e, _ in self.pairs}
        return [f for i, f in enumerate(self.expected) if i not in used]

    def unexpected(self) -> list[Fact]:
        """Produced facts of listed activities that no expected fact accounts for (match pairing)."""
        used = {p for _, p in self.pairs}
        return [self.produced[i] for i in self.in_scope if i not in used]

    def wrong_measure(self) -> list[tuple[Fact, Fact]]:
        """Matched pairs whose measure or value_type differ: (expected, produced)."""
        return [
            (self.expected[e], self.produced[p])
            for e, p in self.pairs
            if not same_measure(self.expected[e], self.produced[p])
        ]


def same_values(expected: Fact, produced: Fact) -> bool:
    a, b = expected.get("value"), produced.get("value")
    if a is None or b is None:
        return a is None and b is None and expected.get("status") == produced.get("status")
    return abs(float(a) - float(b)) <= VALUE_TOLERANCE


def same_measure(expected: Fact, produced: Fact) -> bool:
    return expected.get("measure") == produced.get("measure") and expected.get("value_type") == produced.get(
        "value_type"
    )


def _same_slot(expected: Fact, produced: Fact) -> bool:
    return (
        expected.get("kind") == produced.get("kind")
        and expected.get("year") == produced.get("year")
        and expected.get("year_end") == produced.get("year_end")
    )


def activity_similarity(expected: Sequence[Fact], produced: Sequence[Fact]) -> dict[tuple[str, str], float]:
    """Ratio of every (expected, produced) pair of normalised activity keys that reaches any threshold > 0."""
    exp_keys = sorted({activity_key(f["activity"]) for f in expected})
    prod_keys = sorted({activity_key(f["activity"]) for f in produced})
    if not exp_keys or not prod_keys:
        return {}
    matrix = process.cdist(exp_keys, prod_keys, scorer=fuzz.ratio, workers=1)
    return {
        (exp_keys[i], prod_keys[j]): float(matrix[i, j])
        for i in range(len(exp_keys))
        for j in range(len(prod_keys))
        if matrix[i, j] > 0
    }


def align_activities(
    expected: Sequence[Fact], produced: Sequence[Fact], threshold: float | None = None
) -> dict[str, str]:
    """Produced activity key → expected activity key, one to one, most similar pairs first.

    One to one, so that of two near-identical activity names in a report only the one closest to
    the expected name is judged against it (the other is an activity the expected file does not list).
    """
    threshold = settings.verify_activity_threshold if threshold is None else threshold
    similarity = activity_similarity(expected, produced)
    candidates = sorted(
        ((-sim, exp_key, prod_key) for (exp_key, prod_key), sim in similarity.items() if sim >= threshold),
    )
    aligned: dict[str, str] = {}
    taken: set[str] = set()
    for _, exp_key, prod_key in candidates:
        if prod_key in aligned or exp_key in taken:
            continue
        aligned[prod_key] = exp_key
        taken.add(exp_key)
    return aligned


def _pair(
    expected: Sequence[Fact],
    produced: Sequence[Fact],
    aligned: dict[str, str],
    accept: Callable[[Fact, Fact], bool],
) -> list[tuple[int, int]]:
    """One-to-one pairs of facts of aligned activities that ``accept`` allows, best agreement first."""
    by_activity: dict[str, list[int]] = {}
    for p, prod in enumerate(produced):
        exp_key = aligned.get(activity_key(prod["activity"]))
        if exp_key is not None:
            by_activity.setdefault(exp_key, []).append(p)
    edges: list[tuple[int, int, int, int, int]] = []
    for e, exp in enumerate(expected):
        for p in by_activity.get(activity_key(exp["activity"]), []):
            prod = produced[p]
            if not _same_slot(exp, prod) or not accept(exp, prod):
                continue
            edges.append(
                (
                    int(not same_measure(exp, prod)),
                    int(exp.get("qualifier") != prod.get("qualifier")),
                    int(exp.get("status") != prod.get("status")),
                    e,
                    p,
                )
            )
    edges.sort()
    used_e: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_, e, p in edges:
        if e in used_e or p in used_p:
            continue
        used_e.add(e)
        used_p.add(p)
        pairs.append((e, p))
    return sorted(pairs)


def compare(expected: Sequence[Fact], produced: Sequence[Fact], threshold: float | None = None) -> Comparison:
    """Match one document's produced facts against its expected facts."""
    threshold = settings.verify_activity_threshold if threshold is None else threshold
    aligned = align_activities(expected, produced, threshold)
    in_scope = [i for i, f in enumerate(produced) if activity_key(f["activity"]) in aligned]
    pairs = _pair(expected, produced, aligned, same_values)
    strict = _pair(expected, produced, aligned, lambda a, b: same_values(a, b) and same_measure(a, b))
    covered = set(aligned.values())
    unmatched: list[str] = []
    for f in expected:
        if activity_key(f["activity"]) not in covered and f["activity"] not in unmatched:
            unmatched.append(f["activity"])
    return Comparison(list(expected), list(produced), in_scope, pairs, strict, unmatched)
