"""Human-readable and machine-readable reports of `raporty verify`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from rapidfuzz import process

from raporty.quality.expected import FACT_FIELDS
from raporty.quality.match import Comparison, Fact, activity_key

ACTIVITY_WIDTH = 42
RAW_WIDTH = 60
UNMATCHED_SHOWN = 10


@dataclass
class DocumentResult:
    """The outcome of verifying one document against its expected facts."""

    path: Path
    expected_path: Path
    comparison: Comparison
    unreviewed: int = 0  # unreviewed expected facts that were scored (only with --allow-unreviewed)
    error: str | None = None  # ingest failure
    warnings: list[str] = field(default_factory=list)

    def passed(self, min_f1: float | None) -> bool:
        if self.error is not None:
            return False
        return min_f1 is None or self.comparison.score.f1 >= min_f1


def _cut(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_value(value: float | None) -> str:
    if value is None:
        return "—"
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.2f}".rstrip("0").rstrip(".")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO, indent: str = "  ") -> None:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    last = len(headers) - 1

    def line(cells: Sequence[str]) -> str:
        return (
            indent + "  ".join(c if i == last else c.ljust(widths[i]) for i, c in enumerate(cells)).rstrip()
        )

    out.write(line(headers) + "\n")
    for row in rows:
        out.write(line(row) + "\n")


def _fact_cells(fact: Fact) -> list[str]:
    return [
        _cut(fact.get("activity", ""), ACTIVITY_WIDTH),
        ""
        if fact.get("year") is None
        else str(fact["year"]) + ("" if fact.get("year_end") is None else f"-{fact['year_end']}"),
        str(fact.get("kind") or ""),
        format_value(fact.get("value")),
        str(fact.get("measure") or "—"),
        str(fact.get("value_type") or "—"),
        str(fact.get("qualifier") or ""),
        str(fact.get("status") or ""),
        "" if fact.get("page") is None else str(fact["page"]),
        _cut(fact.get("raw_text", ""), RAW_WIDTH),
    ]


def _diff_rows(comparison: Comparison) -> list[list[str]]:
    """Missing (-) and unexpected (+) facts, grouped by activity in expected-file order."""
    order: dict[str, int] = {}
    for f in comparison.expected:
        order.setdefault(activity_key(f["activity"]), len(order))

    def position(fact: Fact) -> int:
        key = activity_key(fact["activity"])
        if key in order:
            return order[key]
        best = process.extractOne(key, list(order))
        return order[best[0]] if best else len(order)

    kind_order = {"baseline": 0, "planned": 1, "actual": 2, "budget": 3, "target": 4}
    tagged = [("-", f) for f in comparison.missing()] + [("+", f) for f in comparison.unexpected()]
    tagged.sort(
        key=lambda t: (position(t[1]), kind_order.get(t[1].get("kind") or "", 9), t[1].get("year") or 0, t[0])
    )
    return [[sign, *_fact_cells(f)] for sign, f in tagged]


def write_text(result: DocumentResult, min_f1: float | None, out: TextIO) -> None:
    comp = result.comparison
    out.write(f"\n{result.path.name}  vs  {result.expected_path}\n")
    if result.error:
        out.write(f"  ERROR: extraction failed: {result.error}\n")
    for warning in result.warnings:
        out.write(f"  warning: {warning}\n")
    exp_acts = len({activity_key(f["activity"]) for f in comp.expected})
    other = [f for i, f in enumerate(comp.produced) if i not in set(comp.in_scope)]
    other_acts = len({activity_key(f["activity"]) for f in other})
    reviewed_note = f", {result.unreviewed} of them unreviewed" if result.unreviewed else ""
    out.write(f"  expected: {len(comp.expected)} facts of {exp_acts} activities{reviewed_note}\n")
    out.write(
        f"  produced: {len(comp.produced)} facts; {len(comp.in_scope)} of them belong to the expected "
        f"activities and are judged for precision;\n"
        f"            {len(other)} facts of {other_acts} activities not in the expected file are not judged\n"
    )
    if comp.unmatched_activities:
        out.write(f"  expected activities with no produced fact at all: {len(comp.unmatched_activities)}\n")
        for name in comp.unmatched_activities[:UNMATCHED_SHOWN]:
            out.write(f"    · {_cut(name, 100)}\n")
        hidden = len(comp.unmatched_activities) - UNMATCHED_SHOWN
        if hidden > 0:
            out.write(f"    · … and {hidden} more (all in the --json report)\n")
    rows = []
    for label, score in (("match", comp.score), ("strict", comp.strict_score)):
        rows.append(
            [label, str(score.matched), f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}"]
        )
    _table(["score", "matched", "precision", "recall", "F1"], rows, out)
    out.write("  (strict also requires the same measure lemma and value_type)\n")
    if min_f1 is not None:
        verdict = "PASS" if result.passed(min_f1) else "FAIL"
        out.write(f"  result: {verdict} (F1 {comp.score.f1:.3f}, minimum {min_f1:.3f})\n")
    missing, unexpected = comp.missing(), comp.unexpected()
    if missing or unexpected:
        out.write(
            f"\n  differences: {len(missing)} missing (-, expected but not produced), "
            f"{len(unexpected)} unexpected (+, produced for an expected activity but not expected)\n"
        )
        headers = [
            "",
            "activity",
            "year",
            "kind",
            "value",
            "measure",
            "type",
            "qualifier",
            "status",
            "page",
            "raw text",
        ]
        _table(headers, _diff_rows(comp), out)
    wrong = comp.wrong_measure()
    if wrong:
        out.write(f"\n  matched with another measure or value_type (strict misses): {len(wrong)}\n")
        rows = [
            [
                _cut(e["activity"], ACTIVITY_WIDTH),
                str(e.get("kind")),
                format_value(e.get("value")),
                f"{e.get('measure')}/{e.get('value_type')}",
                f"{p.get('measure')}/{p.get('value_type')}",
                _cut(e.get("raw_text", ""), RAW_WIDTH),
            ]
            for e, p in wrong
        ]
        _table(["activity", "kind", "value", "expected", "produced", "raw text"], rows, out)


def _public(fact: Fact) -> Fact:
    public = {k: fact.get(k) for k in FACT_FIELDS}
    if fact.get("page") is not None:
        public["page"] = fact["page"]
    return public


def as_json(results: Sequence[DocumentResult], min_f1: float | None, threshold: float) -> dict[str, Any]:
    documents = []
    for r in results:
        comp = r.comparison
        documents.append(
            {
                "document": r.path.name,
                "path": str(r.path),
                "expected_file": str(r.expected_path),
                "error": r.error,
                "expected_facts": len(comp.expected),
                "unreviewed_facts": r.unreviewed,
                "produced_facts": len(comp.produced),
                "judged_facts": len(comp.in_scope),
                "match": comp.score.as_dict(),
                "strict": comp.strict_score.as_dict(),
                "passed": r.passed(min_f1),
                "unmatched_activities": comp.unmatched_activities,
                "missing": [_public(f) for f in comp.missing()],
                "unexpected": [_public(f) for f in comp.unexpected()],
                "wrong_measure": [
                    {"expected": _public(e), "produced": _public(p)} for e, p in comp.wrong_measure()
                ],
            }
        )
    return {
        "activity_threshold": threshold,
        "min_f1": min_f1,
        "precision_scope": "produced facts of activities listed in the expected file",
        "passed": all(r.passed(min_f1) for r in results),
        "documents": documents,
    }
