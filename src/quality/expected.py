"""Reading, validating and writing expected-facts files (JSON Lines, see docs/expected_facts.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

Fact = dict[str, Any]

#: The fields of one expected-facts line, in the order drafts are written.
#: The fields of one fact, as v_facts and the expected-facts format both name them.
FACT_FIELDS = (
    "activity",
    "year",
    "year_end",
    "kind",
    "value",
    "measure",
    "value_type",
    "qualifier",
    "status",
    "raw_text",
)
#: One line of an expected-facts file.
FIELDS = ("document", *FACT_FIELDS, "reviewed")


class ExpectedFileError(Exception):
    """An expected-facts file that cannot be used (missing, not JSON, not valid against the schema)."""


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    text = (
        resources.files("raporty.schemas").joinpath("expected_facts.schema.json").read_text(encoding="utf-8")
    )
    return Draft202012Validator(json.loads(text))


def read_expected(path: Path, validate: bool = True) -> list[Fact]:
    """All lines of an expected-facts file, each validated against schemas/expected_facts.schema.json
    unless ``validate`` is false (then only JSON syntax is checked; see :func:`validate_expected`)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ExpectedFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    facts: list[Fact] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            fact = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ExpectedFileError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(fact, dict):
            raise ExpectedFileError(f"{path}:{number}: not a JSON object")
        fact["_line"] = number
        facts.append(fact)
    if validate:
        validate_expected(facts, path)
    return facts


def validate_expected(facts: Sequence[Fact], path: Path) -> list[str]:
    """Check every line against the schema.

    A reviewed line that breaks it raises ExpectedFileError. An unreviewed line (a draft written by
    ``--update`` keeps whatever the pipeline produced, e.g. a number without a measure) only gives a
    returned warning, as long as it has every field; fixing it is part of the review.
    """
    validator = _validator()
    warnings: list[str] = []
    for fact in facts:
        line = {k: v for k, v in fact.items() if k != "_line"}
        error = next(iter(sorted(validator.iter_errors(line), key=lambda e: list(e.path))), None)
        if error is None:
            continue
        where = ".".join(str(p) for p in error.path) or "line"
        message = f"{path}:{fact.get('_line', '?')}: {where}: {error.message}"
        if line.get("reviewed") is False and all(name in line for name in FIELDS):
            warnings.append(message + " (unreviewed line)")
        else:
            raise ExpectedFileError(message)
    return warnings


def facts_for_document(facts: Sequence[Fact], document_stem: str) -> list[Fact]:
    """The lines of one document. A file naming a single document serves any document (e.g. the DOCX,
    PDF and text versions of one report); a file naming several gives each document its own lines."""
    names = {f["document"] for f in facts}
    if len(names) <= 1:
        return list(facts)
    return [f for f in facts if f["document"] == document_stem]


def unreviewed(facts: Iterable[Fact]) -> list[Fact]:
    return [f for f in facts if not f.get("reviewed")]


def _plain_number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 6)


def draft_line(fact: Fact, document_stem: str) -> Fact:
    """A produced fact as an expected-facts line awaiting review."""
    line = {name: fact.get(name) for name in FIELDS}
    line["document"] = document_stem
    line["value"] = _plain_number(fact.get("value"))
    line["raw_text"] = " ".join(str(fact.get("raw_text") or "").split()) or "?"
    line["reviewed"] = False
    return line


def write_draft(path: Path, facts: Iterable[Fact], document_stem: str) -> int:
    """Write ``facts`` as a draft expected file (every line ``reviewed: false``); return the line count.

    Refuses (ExpectedFileError) to overwrite a file that holds reviewed facts: hand-checked lines
    are never replaced by machine output.
    """
    if path.exists():
        try:
            old = read_expected(path, validate=False)
        except ExpectedFileError:
            old = []
        checked = len(old) - len(unreviewed(old))
        if checked:
            raise ExpectedFileError(
                f"{path}: holds {checked} reviewed facts; --update never overwrites reviewed facts "
                "(write the draft to another path or delete the file first)"
            )
    lines = [draft_line(f, document_stem) for f in facts]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(lines)
