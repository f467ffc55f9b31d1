"""Batch ingest: hash check, extract + normalise (optionally in a process pool), one writer to DuckDB."""

from __future__ import annotations

import hashlib
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from raporty.extract.base import ExtractionError
from raporty.load.warehouse import Warehouse
from raporty.pipeline import NormalisedDocument


@dataclass
class Outcome:
    path: Path
    status: str  # loaded | unchanged | failed
    facts: int = 0
    error: str | None = None
    seconds: float = 0.0
    pages: int | None = None


def collect_files(paths: Iterable[Path | str]) -> list[Path]:
    """Files named, and files found below named folders (hidden ones skipped), in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if isinstance(exc, ExtractionError) else f"{type(exc).__name__}: {text}"


def process_file(path: Path, data: bytes | None = None, debug: bool = False) -> tuple[NormalisedDocument | None, str | None]:
    """Extract and normalise one file; never raises (the error comes back as one line)."""
    from raporty.extract import extract_bytes
    from raporty.pipeline import normalise_document

    try:
        if data is None:
            data = path.read_bytes()
        return normalise_document(extract_bytes(path, data)), None
    except Exception as exc:  # one bad document must never stop the batch
        if debug:
            traceback.print_exc()
        return None, one_line(exc)
    except RecursionError as exc:  # pragma: no cover - pathological nesting
        return None, one_line(exc)


def _work(args: tuple[Path, bool]) -> tuple[NormalisedDocument | None, str | None, float]:
    start = time.perf_counter()
    norm, error = process_file(args[0], debug=args[1])
    return norm, error, time.perf_counter() - start


def ingest(
    paths: Iterable[Path | str],
    warehouse: Warehouse,
    jobs: int = 1,
    debug: bool = False,
    progress: Callable[[Iterable, int], Iterable] | None = None,
) -> list[Outcome]:
    files = collect_files(paths)
    todo: list[tuple[Path, str]] = []
    outcomes: dict[Path, Outcome] = {}
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            outcomes[path] = Outcome(path, "failed", error=f"cannot read file ({exc.strerror or exc})")
            warehouse.record_failure(path.name, str(path), "", outcomes[path].error or "")
            continue
        sha = hashlib.sha256(data).hexdigest()
        known = warehouse.known_hash(path.name)
        if known is not None and known == (sha, "loaded"):
            outcomes[path] = Outcome(path, "unchanged")
            continue
        todo.append((path, sha))

    results: Iterator[tuple[NormalisedDocument | None, str | None, float]]
    pool = None
    if jobs > 1 and len(todo) > 1:
        pool = ProcessPoolExecutor(max_workers=jobs)
        results = pool.map(_work, [(p, debug) for p, _ in todo], chunksize=1)
    else:
        results = (_work((p, debug)) for p, _ in todo)
    wrapped = progress(results, len(todo)) if progress else results
    try:
        for (path, sha), (norm, error, seconds) in zip(todo, wrapped, strict=False):
            if norm is not None:
                try:
                    facts = warehouse.load(norm, str(path), seconds)
                    outcomes[path] = Outcome(path, "loaded", facts, seconds=seconds, pages=norm.document.pages)
                    continue
                except Exception as exc:  # a load error fails this document only
                    if debug:
                        traceback.print_exc()
                    error = f"load failed: {one_line(exc)}"
            outcomes[path] = Outcome(path, "failed", error=error, seconds=seconds)
            warehouse.record_failure(path.name, str(path), sha, error or "unknown error")
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return [outcomes[p] for p in files if p in outcomes]
