"""Pages of one document read in parallel: text-PDF pages and scan pages are independent.

``settings.page_jobs`` processes at most (0: one per usable core). A parallel ingest lowers it in
each document's worker so that documents and their pages together keep the cores busy without
crowding them (:mod:`raporty.ingest`). Workers are forked, so what the caller loaded (the PDF's
bytes, Morfeusz, the patched PDF stream limits) is theirs without being sent.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from raporty.settings import settings

Job = TypeVar("Job")
Result = TypeVar("Result")


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def page_processes(jobs: int) -> int:
    """How many processes ``jobs`` page jobs are worth: never more than there are jobs."""
    wanted = settings.page_jobs or usable_cores()
    return max(1, min(wanted, jobs))


def map_pages(worker: Callable[[Job], Result], jobs: Sequence[Job]) -> Iterator[Result]:
    """``worker(job)`` for every job, in order; in :func:`page_processes` forked processes when that
    is more than one (a daemon process, which may not start any, runs them itself)."""
    processes = page_processes(len(jobs))
    if processes == 1 or multiprocessing.current_process().daemon or not hasattr(os, "fork"):
        yield from map(worker, jobs)
        return
    with ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(worker, jobs)


def page_ranges(pages: int, processes: int) -> list[range]:
    """``range(pages)`` cut into ``processes`` contiguous slices of nearly equal length."""
    size, extra = divmod(pages, processes)
    ranges, start = [], 0
    for part in range(processes):
        stop = start + size + (part < extra)
        if stop > start:
            ranges.append(range(start, stop))
        start = stop
    return ranges
