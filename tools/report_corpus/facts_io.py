"""Expected facts as JSON Lines (docs/expected_facts.md)."""

from __future__ import annotations

import json
from pathlib import Path

from .build import report_facts
from .model import Report


def facts_jsonl(report: Report) -> str:
    return "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in report_facts(report))


def write_facts(report: Report, path: Path) -> None:
    path.write_text(facts_jsonl(report), encoding="utf-8")
