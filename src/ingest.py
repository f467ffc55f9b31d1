"""Batch ingest: hash check, extract + normalise (optionally in a process pool), one writer to DuckDB."""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import pickle
import signal
import stat
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from raporty.extract.base import ExtractionError
from raporty.settings import settings

if TYPE_CHECKING:
    from raporty.load.warehouse import Warehouse
    from raporty.normalize.document import NormalisedDocument
    from raporty.normalize.rows import DocumentRows

#: What reading one file gives the writer: its rows, or the one-line error; and the seconds it took.
Result = tuple["DocumentRows | None", "str | None", float]


@dataclass
class Outcome:
    path: Path
    status: str  # loaded | unchanged | failed
    facts: int = 0
    error: str | None = None
    seconds: float = 0.0
    pages: int | None = None


def open_warehouse(path: Path | str | None = None, **options: object) -> Warehouse:
    """The warehouse opened for writing with the unit resolver of :mod:`raporty.normalize` wired in
    (load knows only the protocol it talks to); ``options`` as for :class:`Warehouse`."""
    from raporty.load.warehouse import Warehouse
    from raporty.normalize.unit_resolver import UnitResolver

    return Warehouse(path, units=UnitResolver, **options)  # type: ignore[arg-type]


def collect_files(paths: Iterable[Path | str]) -> list[Path]:
    """Files named, and files found below named folders (hidden ones skipped), in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if isinstance(exc, ExtractionError) else f"{type(exc).__name__}: {text}"


def process_file(
    path: Path, data: bytes | None = None, debug: bool = False
) -> tuple[NormalisedDocument | None, str | None]:
    """Extract and normalise one file; never raises (the error comes back as one line)."""
    from raporty.extract import extract_bytes
    from raporty.normalize.document import normalise_document

    try:
        if data is None:
            data = path.read_bytes()
        return normalise_document(extract_bytes(path, data)), None
    except Exception as exc:  # one bad document must never stop the batch
        if debug:
            traceback.print_exc()
        return None, one_line(exc)


def _work(args: tuple[Path, bool]) -> Result:
    """Read one file into the rows the writer appends (run in a worker process when ``--jobs`` > 1)."""
    from raporty.normalize.rows import document_rows

    start = time.perf_counter()
    norm, error = process_file(args[0], debug=args[1])
    rows = None
    if norm is not None:
        try:
            rows = document_rows(norm)
            rows.encoding = norm.document.encoding  # what a text export was decoded from
        except Exception as exc:
            if args[1]:
                traceback.print_exc()
            error = one_line(exc)
    return rows, error, time.perf_counter() - start


def _spooled_work(args: tuple[Path, bool, Path | None]) -> Path | Result:
    """:func:`_work` in a worker process, its result handed over in a file under ``spool``.

    A document's rows are a few hundred kilobytes: sent through the pool's pipe, they would block
    the worker until the parent's result thread, which needs the GIL the writer is holding, had
    read them all, 64 KiB at a time. Written to a file, the worker goes straight on to its next file.
    Without a spool folder, or room in it, the result goes through the pipe after all.
    """
    path, debug, spool = args
    result = _work((path, debug))
    if spool is None:
        return result
    try:
        with tempfile.NamedTemporaryFile(dir=spool, suffix=".pickle", delete=False) as file:
            pickle.dump(result, file, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        return result  # a partial file is removed with the folder
    return Path(file.name)


def _received(handed_over: Path | Result) -> Result:
    if not isinstance(handed_over, Path):
        return handed_over
    try:
        return pickle.loads(handed_over.read_bytes())
    finally:
        handed_over.unlink(missing_ok=True)


def _spool_folder() -> AbstractContextManager[str | None]:
    try:
        return tempfile.TemporaryDirectory(prefix="raporty-spool-")
    except OSError:  # no writable temporary folder: results come through the pool's pipe
        return nullcontext(None)


def warm_up() -> None:
    """Load now what reading the first file would load: the pipeline's modules, Morfeusz and the
    word-frequency index. A pool forks its workers after this, so each starts with all of it
    instead of spending most of a second loading it again."""
    from raporty.normalize.document import normalise_document  # noqa: F401
    from raporty.normalize.rows import document_rows  # noqa: F401 - imported for its modules
    from raporty.polish import lemmas

    lemmas.warm_up()


def _leave_quietly(signum: int, _frame: object) -> None:
    os._exit(128 + signum)


def _init_worker() -> None:
    """Ctrl-C reaches the workers too (one process group): a worker then just ends, without the
    traceback of an interrupted wait for work; the parent reports the interruption once."""
    signal.signal(signal.SIGINT, _leave_quietly)


def _pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` workers forked from this (warm) process, where fork exists."""
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker)


def _pooled_results(
    todo: list[tuple[Path, str]], jobs: int, debug: bool
) -> Iterator[Result]:
    """Results in ``todo`` order from a pool of ``jobs`` workers.

    A worker that dies (killed for memory, a crash in a C library) breaks the whole pool; the files
    not finished by then are retried one at a time, each in a fresh single-worker pool, so the file
    that kills its worker fails alone and the others still load.
    """
    pool = _pool(jobs)
    with _spool_folder() as spool:
        try:
            spool_path = Path(spool) if spool else None
            futures = [pool.submit(_spooled_work, (path, debug, spool_path)) for path, _ in todo]
            for position, future in enumerate(futures):
                try:
                    yield _received(future.result())
                except BrokenProcessPool:
                    pool.shutdown(cancel_futures=True)
                    for (path, _), later in zip(todo[position:], futures[position:], strict=True):
                        if later.done() and not later.cancelled() and later.exception() is None:
                            yield _received(later.result())  # finished before the pool broke
                        else:
                            yield _isolated(path, debug)
                    return
                except Exception as exc:  # the result could not be handed over (disk full…)
                    yield None, f"worker result lost: {one_line(exc)}", 0.0
        finally:
            pool.shutdown(cancel_futures=True)


def _isolated(path: Path, debug: bool) -> Result:
    with _pool(1) as single:
        try:
            return single.submit(_work, (path, debug)).result()
        except BrokenProcessPool:
            return None, "the worker process reading this file died (out of memory or a crash)", 0.0


def _is_interrupt(exc: BaseException) -> bool:
    import duckdb

    if isinstance(exc, duckdb.InterruptException) or str(exc) == "Query interrupted":
        return True
    # Ctrl-C inside Python code DuckDB called back (a pandas scan) comes back wrapped in duckdb.Error
    return isinstance(exc, duckdb.Error) and "KeyboardInterrupt" in str(exc)


def _record_failure(warehouse: Warehouse, outcome: Outcome, sha: str) -> None:
    """Record a failed document; if even that cannot be written, say so in its error (never raise)."""
    path = outcome.path
    try:
        warehouse.record_failure(path.name, str(path), sha, outcome.error or "unknown error")
    except Exception as exc:
        outcome.error = f"{outcome.error} (not recorded in the warehouse: {one_line(exc)})"


def ingest(
    paths: Iterable[Path | str],
    warehouse: Warehouse,
    jobs: int = 1,
    debug: bool = False,
    progress: Callable[[Iterable, int, list[str]], Iterable] | None = None,
) -> list[Outcome]:

    if warehouse.units is None:  # the batch's unit resolver: matching rules of normalize, store of load
        from raporty.normalize.unit_resolver import UnitResolver

        warehouse.units = UnitResolver
    files = collect_files(paths)
    todo: list[tuple[Path, str]] = []
    outcomes: dict[Path, Outcome] = {}
    first_of_name: dict[str, Path] = {}

    def fail_early(path: Path, sha: str, error: str) -> None:
        outcomes[path] = Outcome(path, "failed", error=error)
        _record_failure(warehouse, outcomes[path], sha)

    for path in files:
        if path.name in first_of_name:  # documents are keyed by file name: a namesake would replace it
            error = f"another file named {path.name!r} is in this batch ({first_of_name[path.name]})"
            outcomes[path] = Outcome(path, "failed", error=error)
            warehouse.log(path.name, str(path), None, "failed", error)
            continue
        first_of_name[path.name] = path
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):  # a device, a pipe: reading could block or never end
                fail_early(path, "", "not a regular file")
                continue
            if info.st_size > settings.max_file_bytes:
                fail_early(path, "", f"file is larger than the {settings.max_file_bytes // 1024 // 1024} MiB limit")
                continue
            data = path.read_bytes()
        except OSError as exc:
            fail_early(path, "", f"cannot read file ({exc.strerror or exc})")
            continue
        sha = hashlib.sha256(data).hexdigest()
        known = warehouse.known_hash(path.name)
        if known is not None and known == (sha, "loaded"):
            outcomes[path] = Outcome(path, "unchanged")
            continue
        todo.append((path, sha))

    if todo:
        try:
            warm_up()
        except Exception:  # noqa: BLE001 - then each document meets the problem and fails with its line
            pass
        # What the warm-up loaded lives as long as the batch: frozen, the garbage collector skips it
        # (and in forked workers never touches, so never copies, the pages it is on).
        gc.freeze()
    results: Iterator[Result]
    if jobs > 1 and len(todo) > 1:
        results = _pooled_results(todo, jobs, debug)
    else:
        results = (_work((p, debug)) for p, _ in todo)
    # the progress callable is given the file names too, to name the file being read
    wrapped = progress(results, len(todo), [path.name for path, _ in todo]) if progress else results
    try:
        # results first: the progress bar sees its iterator end (N/N) before zip stops
        for (rows, error, seconds), (path, sha) in zip(wrapped, todo, strict=False):
            if rows is not None:
                try:
                    facts = warehouse.load(rows, str(path), seconds, link=False)
                    outcomes[path] = Outcome(path, "loaded", facts, seconds=seconds, pages=rows.pages)
                    continue
                except Exception as exc:  # a load error fails this document only
                    if _is_interrupt(exc):  # Ctrl-C caught by DuckDB mid-query: stop, the document is not bad
                        raise KeyboardInterrupt from None
                    if debug:
                        traceback.print_exc()
                    error = f"load failed: {one_line(exc)}"
            outcomes[path] = Outcome(path, "failed", error=error or "unknown error", seconds=seconds)
            _record_failure(warehouse, outcomes[path], sha)
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # shuts the worker pool down
        gc.unfreeze()
    # Cross-report activity keys, once for the batch: the activities this batch loaded, or any an
    # interrupted batch or a schema upgrade left unkeyed (a count when there are none: no Morfeusz).
    warehouse.link_pending()
    return [outcomes[p] for p in files if p in outcomes]
