"""`raporty verify`: extraction regression as a feature.

Ingests reports into a throw-away warehouse, reads their facts from ``v_facts`` and compares them
one to one with hand-verified expected facts (tests/expected/*.facts.jsonl, docs/expected_facts.md):
precision, recall and F1 per document, a strict F1 that also requires the measure lemma and
value_type, and a table of missing and unexpected facts. ``--update`` writes the current
extraction as a draft expected file for a new reference report. See docs/verify.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import click

from raporty.cli_options import CONTEXT_SETTINGS, exit_codes, jobs_option
from raporty.quality.expected import (
    FACT_FIELDS,
    ExpectedFileError,
    Fact,
    facts_for_document,
    read_expected,
    unreviewed,
    validate_expected,
    write_draft,
)
from raporty.quality.match import Comparison, compare
from raporty.quality.verify_output import DocumentResult, as_json, write_text
from raporty.settings import settings

#: Exit codes: all documents pass | some document fails (F1 below --min-f1 or extraction failed) |
#: the command cannot run (bad arguments, unreadable or unreviewed expected file).
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

_FACT_COLUMNS = (*FACT_FIELDS, "page")


class VerifyUsageError(Exception):
    """The verification cannot run as asked (exit code 2)."""


@dataclass
class Extraction:
    """Facts produced for one document, or the reason there are none."""

    facts: list[Fact]
    error: str | None = None


def _batches(paths: Sequence[Path]) -> list[list[Path]]:
    """Split paths so no batch holds two files of one name (the warehouse keys documents by file name)."""
    batches: list[list[Path]] = []
    for path in paths:
        for batch in batches:
            if all(p.name != path.name for p in batch):
                batch.append(path)
                break
        else:
            batches.append([path])
    return batches


def extract_facts(paths: Sequence[Path], jobs: int = 1) -> dict[Path, Extraction]:
    """Ingest ``paths`` into a temporary warehouse and return each document's v_facts rows."""
    from raporty.ingest import ingest
    from raporty.load.warehouse import Warehouse

    unique = list(dict.fromkeys(paths))
    found: dict[Path, Extraction] = {}
    with tempfile.TemporaryDirectory(prefix="raporty-verify-") as tmp:
        for number, batch in enumerate(_batches(unique)):
            with Warehouse(Path(tmp) / f"verify{number}.duckdb", wait_seconds=0) as warehouse:
                warehouse.con.execute("SET threads TO 1")  # keeps v_facts in load order
                outcomes = {o.path: o for o in ingest(batch, warehouse, jobs=jobs)}
                columns = ", ".join(f'"{c}"' for c in _FACT_COLUMNS)
                for path in batch:
                    outcome = outcomes.get(path)
                    if outcome is None or outcome.status == "failed":
                        error = outcome.error if outcome is not None else "not ingested"
                        found[path] = Extraction([], error or "extraction failed")
                        continue
                    rows = warehouse.con.execute(
                        f"SELECT {columns} FROM v_facts WHERE document = ?", [path.name]
                    ).fetchall()
                    found[path] = Extraction([dict(zip(_FACT_COLUMNS, row, strict=True)) for row in rows])
    return found


def pair_expected(documents: Sequence[Path], expected: Sequence[Path]) -> list[tuple[Path, Path]]:
    """DOC i with FILE i, or every DOC with the one FILE."""
    if not documents:
        raise VerifyUsageError("no documents given")
    if len(expected) == 1:
        return [(d, expected[0]) for d in documents]
    if len(expected) != len(documents):
        raise VerifyUsageError(
            f"{len(documents)} documents but {len(expected)} expected files: give one expected file per "
            "document (in the same order) or one for all"
        )
    return list(zip(documents, expected, strict=True))


def load_expected(
    pairs: Sequence[tuple[Path, Path]], allow_unreviewed: bool, warnings: list[str] | None = None
) -> dict[Path, list[Fact]]:
    """Read each expected file once; refuse unreviewed facts unless allowed (VerifyUsageError).

    Schema problems of unreviewed lines are appended to ``warnings``.
    """
    loaded: dict[Path, list[Fact]] = {}
    for _, path in pairs:
        if path in loaded:
            continue
        if not path.is_file():
            raise VerifyUsageError(f"{path}: expected-facts file not found")
        facts = read_expected(path, validate=False)
        pending = unreviewed(facts)
        if pending and not allow_unreviewed:
            raise VerifyUsageError(
                f'{path}: {len(pending)} of {len(facts)} facts are not reviewed ("reviewed": false, first on '
                f'line {pending[0]["_line"]}). Check them against the source and set "reviewed": true, or '
                "pass --allow-unreviewed to score them anyway."
            )
        problems = validate_expected(facts, path)
        if warnings is not None:
            warnings.extend(problems)
        loaded[path] = facts
    return loaded


def verify_documents(
    documents: Sequence[Path],
    expected: Sequence[Path],
    *,
    threshold: float | None = None,
    allow_unreviewed: bool = False,
    jobs: int = 1,
) -> list[DocumentResult]:
    """Extract every document and compare it with its expected facts (see :func:`pair_expected`).

    Raises VerifyUsageError or ExpectedFileError when the comparison cannot be made.
    """
    threshold = settings.verify_activity_threshold if threshold is None else threshold
    if not 0 < threshold <= 100:
        raise VerifyUsageError(f"--threshold must be in (0, 100], not {threshold:g}")
    pairs = pair_expected([Path(d) for d in documents], [Path(e) for e in expected])
    for doc, _ in pairs:
        if not doc.is_file():
            raise VerifyUsageError(f"{doc}: document not found")
    file_warnings: list[str] = []
    expected_facts = load_expected(pairs, allow_unreviewed, file_warnings)
    for doc, exp_path in pairs:
        if not facts_for_document(expected_facts[exp_path], doc.stem):
            names = sorted({f["document"] for f in expected_facts[exp_path]})
            raise VerifyUsageError(
                f"{exp_path}: no expected facts for document '{doc.stem}' "
                f"(the file has facts of: {', '.join(names) or 'nothing'})"
            )
    extractions = extract_facts([d for d, _ in pairs], jobs=jobs)
    results: list[DocumentResult] = []
    for doc, exp_path in pairs:
        facts = facts_for_document(expected_facts[exp_path], doc.stem)
        warnings = [w for w in file_warnings if w.startswith(f"{exp_path}:")]
        stems = {f["document"] for f in facts}
        if doc.stem not in stems:
            warnings.append(f"the expected facts are of '{', '.join(sorted(stems))}', not of '{doc.stem}'")
        extraction = extractions[doc]
        comparison: Comparison = compare(facts, extraction.facts, threshold)
        results.append(
            DocumentResult(doc, exp_path, comparison, len(unreviewed(facts)), extraction.error, warnings)
        )
    return results


def update_expected(
    documents: Sequence[Path], expected: Sequence[Path], jobs: int = 1, out: TextIO | None = None
) -> None:
    """Write each document's current facts to its expected file as a draft (reviewed: false)."""
    out = out or sys.stdout
    documents = [Path(d) for d in documents]
    expected = [Path(e) for e in expected]
    if len(documents) != len(expected):
        raise VerifyUsageError("--update needs one expected file per document (DOC i is written to FILE i)")
    if len(set(expected)) != len(expected):
        raise VerifyUsageError("--update needs a different expected file for every document")
    for doc in documents:
        if not doc.is_file():
            raise VerifyUsageError(f"{doc}: document not found")
    extractions = extract_facts(documents, jobs=jobs)
    for doc, path in zip(documents, expected, strict=True):
        extraction = extractions[doc]
        if extraction.error:
            raise VerifyUsageError(f"{doc}: extraction failed, nothing written: {extraction.error}")
        count = write_draft(path, extraction.facts, doc.stem)
        out.write(
            f'{path}: wrote {count} draft facts of {doc.name} (all "reviewed": false). Check every line '
            'against the source report, correct it, and set "reviewed": true; verify refuses unreviewed '
            "facts unless --allow-unreviewed.\n"
        )


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """The `raporty verify` command; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    if args.min_f1 is not None and not 0 <= args.min_f1 <= 1:
        err.write(f"raporty verify: --min-f1 must be between 0 and 1, not {args.min_f1:g}\n")
        return EXIT_USAGE
    try:
        if args.update:
            update_expected(args.documents, args.expected, jobs=args.jobs, out=out)
            return EXIT_OK
        results = verify_documents(
            args.documents,
            args.expected,
            threshold=args.threshold,
            allow_unreviewed=args.allow_unreviewed,
            jobs=args.jobs,
        )
    except (VerifyUsageError, ExpectedFileError) as exc:
        err.write(f"raporty verify: {exc}\n")
        return EXIT_USAGE
    out.write(
        f"activities match when their normalised texts reach rapidfuzz ratio {args.threshold:g}; precision "
        "counts only produced facts of activities listed in the expected file\n"
    )
    for result in results:
        write_text(result, args.min_f1, out)
    report: dict[str, Any] = as_json(results, args.min_f1, args.threshold)
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    failed = [r for r in results if not r.passed(args.min_f1)]
    if failed:
        out.write(f"\nFAILED: {', '.join(r.path.name for r in failed)}\n")
        return EXIT_FAILED
    return EXIT_OK


class _VerifyCommand(click.Command):
    """``--expected A B C`` names several files, as it always has: the values up to the next option
    are given to click one ``--expected`` each (click options take a fixed number of values)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        spread: list[str] = []
        taking = False
        for arg in args:
            if arg == "--expected":
                taking = True
                continue
            if arg.startswith("--expected="):
                taking = True
                arg = arg.removeprefix("--expected=")
            elif arg.startswith("-") and arg != "-":
                taking = False
            spread += ["--expected", arg] if taking else [arg]
        if args[-1:] == ["--expected"]:
            spread.append("--expected")  # no value: click says so
        return super().parse_args(ctx, spread)


@click.command(
    "verify",
    cls=_VerifyCommand,
    context_settings=CONTEXT_SETTINGS,
    epilog=exit_codes(
        (EXIT_OK, "all documents pass"),
        (EXIT_FAILED, "F1 below --min-f1, or extraction failed"),
        (EXIT_USAGE, "bad arguments or expected file (unreadable, invalid, unreviewed)"),
    ),
)
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="DOC...")
@click.option(
    "--expected",
    multiple=True,
    required=True,
    type=click.Path(path_type=Path),
    metavar="FILE...",
    help="expected-facts JSONL files: one per DOC in the same order, or one for all",
)
@click.option(
    "--min-f1", type=float, default=None, metavar="X", help="exit 1 if any document's F1 is below X"
)
@click.option(
    "--json",
    type=click.Path(path_type=Path),
    default=None,
    metavar="OUT",
    help="also write a machine-readable report",
)
@click.option(
    "--update",
    is_flag=True,
    help="write the current extraction of DOC i to FILE i as a draft (reviewed: false) instead of verifying",
)
@click.option("--allow-unreviewed", is_flag=True, help="score expected facts marked reviewed: false")
@click.option(
    "--threshold",
    type=float,
    default=settings.verify_activity_threshold,
    show_default=True,
    metavar="R",
    help="minimum rapidfuzz ratio (0-100) of normalised activity texts",
)
@jobs_option
def command(**options: Any) -> int:
    """Extract reports into a temporary warehouse and compare their facts with hand-verified expected
    facts (tests/expected/*.facts.jsonl): precision, recall and F1 per document, and the facts that
    differ. Precision counts only facts of activities the expected file lists. See docs/verify.md."""
    options["documents"], options["expected"] = list(options["documents"]), list(options["expected"])
    return run(argparse.Namespace(**options))
