"""Score `raporty verify` on a corpus written by tools/make_report_corpus.py.

    .venv/bin/python tools/score_corpus.py DIR [--renditions txt,docx,pdf] [--json OUT] [--jobs N] [--show N]

For each rendition present in DIR (or each one named), runs `raporty verify --json` once over all
its documents against their facts files and prints value-F1 (match score) and typed-F1 (strict
score: also the same measure and value_type), micro-averaged over facts (matched, expected and
judged facts summed over documents), with the number of documents. `--show N` prints N
mismatches per rendition. Exit 0 whatever the scores (1 only when DIR has no facts files).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_corpus.corpus import RENDITIONS, rendition_path  # noqa: E402


@dataclass
class Totals:
    documents: int = 0
    failed: int = 0
    counts: dict[str, list[int]] = field(default_factory=lambda: {"match": [0, 0, 0], "strict": [0, 0, 0]})

    def add(self, document: dict[str, Any]) -> None:
        self.documents += 1
        self.failed += document.get("error") is not None
        for score in ("match", "strict"):
            figures = document[score]
            totals = self.counts[score]
            totals[0] += figures["matched"]
            totals[1] += figures["expected"]
            totals[2] += figures["judged"]

    def scores(self, score: str) -> dict[str, float]:
        matched, expected, judged = self.counts[score]
        precision = matched / judged if judged else 0.0
        recall = matched / expected if expected else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"matched": matched, "expected": expected, "judged": judged,
                "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}  # fmt: skip


def _raporty() -> str:
    local = Path(sys.executable).with_name("raporty")
    return str(local) if local.exists() else (shutil.which("raporty") or "raporty")


def verify(docs: list[Path], facts: list[Path], jobs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "verify.json"
        command = [_raporty(), "verify", *map(str, docs), "--expected", *map(str, facts), "--json", str(out)]
        if jobs > 1:
            command += ["--jobs", str(jobs)]
        proc = subprocess.run(command, capture_output=True, text=True)
        if not out.exists():
            raise SystemExit(f"raporty verify failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
        return json.loads(out.read_text(encoding="utf-8"))


def _mismatch_lines(result: dict[str, Any], limit: int) -> list[str]:
    lines: list[str] = []
    for doc in result["documents"]:
        for sign, key in (("-", "missing"), ("+", "unexpected")):
            for f in doc.get(key) or []:
                lines.append(
                    f"  {sign} {doc['document']}: {f['activity'][:40]!r} {f['kind']} {f['year']} "
                    f"{f['value']} {f['measure']}/{f['value_type']} q={f['qualifier']} s={f['status']} | {f['raw_text']!r}"
                )
        for pair in doc.get("wrong_measure") or []:
            e, p = pair["expected"], pair["produced"]
            lines.append(
                f"  ~ {doc['document']}: {e['activity'][:40]!r} {e['kind']} {e['value']} "
                f"{e['measure']}/{e['value_type']} → {p['measure']}/{p['value_type']} | {e['raw_text']!r}"
            )
    return lines[:limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument(
        "--renditions",
        default=None,
        help=f"comma-separated, default: those present ({', '.join(RENDITIONS)})",
    )
    parser.add_argument("--json", type=Path, default=None, help="write totals and per-document scores here")
    parser.add_argument("--jobs", "-j", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="print N mismatches per rendition")
    args = parser.parse_args(argv)
    facts = sorted(args.dir.glob("*.facts.jsonl"))
    if not facts:
        print(f"{args.dir}: no *.facts.jsonl files", file=sys.stderr)
        return 1
    names = [f.name.removesuffix(".facts.jsonl") for f in facts]
    wanted = args.renditions.split(",") if args.renditions else list(RENDITIONS)
    summary: dict[str, Any] = {"dir": str(args.dir), "renditions": {}}
    print(f"{'rendition':<16} {'docs':>4} {'failed':>6} {'value-P':>8} {'value-R':>8} {'value-F1':>8} "
          f"{'typed-P':>8} {'typed-R':>8} {'typed-F1':>8} {'expected':>8}")  # fmt: skip
    for rendition in wanted:
        pairs = [(rendition_path(args.dir, rendition, n), f) for n, f in zip(names, facts, strict=True)]
        pairs = [(d, f) for d, f in pairs if d.exists()]
        if not pairs:
            continue
        result = verify([d for d, _ in pairs], [f for _, f in pairs], args.jobs)
        totals = Totals()
        for document in result["documents"]:
            totals.add(document)
        match, strict = totals.scores("match"), totals.scores("strict")
        print(f"{rendition:<16} {totals.documents:>4} {totals.failed:>6} {match['precision']:>8.3f} {match['recall']:>8.3f} "
              f"{match['f1']:>8.3f} {strict['precision']:>8.3f} {strict['recall']:>8.3f} {strict['f1']:>8.3f} "
              f"{match['expected']:>8}")  # fmt: skip
        for line in _mismatch_lines(result, args.show):
            print(line)
        summary["renditions"][rendition] = {
            "documents": totals.documents, "failed": totals.failed, "match": match, "strict": strict,
            "per_document": {d["document"]: {"path": d["path"], "error": d["error"], "match": d["match"], "strict": d["strict"]}
                             for d in result["documents"]},
        }  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
