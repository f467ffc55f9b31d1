"""Batch ingest: hash check, extract + normalise (optionally in a process pool), one writer to DuckDB."""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import signal
import stat
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from raporty.errors import ExtractionError
from raporty.fork_server import Exited, ForkServer, Started, kill_group
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

    return Warehouse(path, units=unit_resolver, **options)  # type: ignore[arg-type]


class _BatchWarehouse:
    """The batch's warehouse: the one given open, or a new one opened here when first needed (and
    closed by :meth:`close`), so that a first ingest forks its readers before DuckDB is even
    imported and the schema created. Given only how to open it, :func:`ingest` knows nothing of
    what it holds until it is open (a new file: nothing)."""

    def __init__(self, given: Warehouse | Callable[[], Warehouse]) -> None:
        self._open: Callable[[], Warehouse] | None = given if callable(given) else None
        self._warehouse: Warehouse | None = None if callable(given) else given

    @property
    def is_open(self) -> bool:
        return self._warehouse is not None

    def __call__(self) -> Warehouse:
        if self._warehouse is None:
            assert self._open is not None
            self._warehouse = self._open()
        if self._warehouse.units is None:  # the unit resolver: matching rules of normalize, store of load
            self._warehouse.units = unit_resolver  # type: ignore[assignment]
        return self._warehouse

    def close(self) -> None:
        """Close the warehouse if it was opened here (one given open is the caller's to close)."""
        if self._open is not None and self._warehouse is not None:
            warehouse, self._warehouse = self._warehouse, None
            warehouse.close()


def unit_resolver(store: object) -> object:
    """The unit resolver of :mod:`raporty.normalize` on the writer's store, imported only when a
    document names units (it loads Morfeusz and wordfreq, which an unchanged re-ingest never needs)."""
    from raporty.normalize.unit_resolver import UnitResolver

    return UnitResolver(store)  # type: ignore[arg-type]


def collect_files(paths: Iterable[Path | str]) -> list[Path]:
    """Files named, and files found below named folders (hidden ones skipped), in a stable order."""
    return [path for path, _folder in _collect(paths)]


def _collect(paths: Iterable[Path | str]) -> list[tuple[Path, Path | None]]:
    """(file, the named folder it was found under, or None for a file named itself)."""
    found: dict[Path, Path | None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                linked = (
                    p.is_symlink() and not p.is_dir()
                )  # kept, to be refused if it leads out of the folder
                if (p.is_file() or linked) and not any(
                    part.startswith(".") for part in p.relative_to(path).parts
                ):
                    found.setdefault(p, path)
        else:
            found.setdefault(path, None)
    return list(found.items())


def _outside(path: Path, folder: Path | None, folders: list[Path]) -> bool:
    """A file found under a folder that is a symbolic link (or below one) leading out of every
    folder named: not followed (a link to /etc/shadow in a shared folder must not be read)."""
    if folder is None:
        return False
    real = Path(os.path.realpath(path))
    return not any(real.is_relative_to(root) for root in folders)


def safe_text(text: object) -> str:
    """``text`` with control characters escaped (a newline or ESC in a file name must neither split
    a one-line error nor reach the terminal); undecodable bytes of a name shown as \\xNN."""
    out = []
    for ch in str(text):
        code = ord(ch)
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif 0xDC80 <= code <= 0xDCFF:  # a byte of the name that is not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if isinstance(exc, ExtractionError) else f"{type(exc).__name__}: {text}"


def process_file(
    path: Path, data: bytes | None = None, debug: bool = False, warming: threading.Thread | None = None
) -> tuple[NormalisedDocument | None, str | None]:
    """Extract and normalise one file; never raises (the error comes back as one line).
    ``warming`` is a warm-up running beside the extraction: normalising waits for it to end."""
    from raporty.extract import extract_bytes
    from raporty.normalize.document import normalise_document

    try:
        if data is None:
            data = path.read_bytes()
        document = extract_bytes(path, data)
        if warming is not None:
            warming.join()
        return normalise_document(document), None
    except Exception as exc:  # one bad document must never stop the batch
        if debug:
            traceback.print_exc()
        return None, one_line(exc)


def _work(args: tuple, warming: threading.Thread | None = None) -> Result:
    """Read one file into the rows the writer appends (in the document's own process).

    ``args`` is (path, debug) or (path, debug, source): the bytes, or the descriptor the scan
    opened the file with."""
    from raporty.normalize.rows import document_rows

    start = time.perf_counter()
    path, debug = args[0], args[1]
    data = _read_source(args[2]) if len(args) > 2 else None
    norm, error = process_file(path, data, debug=debug, warming=warming)
    rows = None
    if norm is not None:
        try:
            rows = document_rows(norm)
            rows.encoding = norm.document.encoding  # what a text export was decoded from
        except Exception as exc:
            if debug:
                traceback.print_exc()
            error = one_line(exc)
    return rows, error, time.perf_counter() - start


def _read_source(source: int | bytes) -> bytes:
    """The bytes of a file opened once by the scan: kept in memory, or read again through the same
    descriptor (never by name, so a file swapped for a pipe or a link after the scan is not read)."""
    if isinstance(source, bytes):
        return source
    chunks = []
    offset = 0
    limit = settings.max_file_bytes + 1
    while offset < limit:
        chunk = os.pread(source, min(1 << 20, limit - offset), offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _spool_folder() -> AbstractContextManager[str | None]:
    try:
        return tempfile.TemporaryDirectory(prefix="raporty-spool-")
    except OSError:  # no writable temporary folder: results come through the pipe
        return nullcontext(None)


def _warmed(warm: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            warm()
        except Exception:  # noqa: BLE001 - then each document meets the problem and fails with its line
            pass
        # What the warm-up loaded lives as long as the batch: frozen, the garbage collector skips it
        # (and in forked workers never touches, so never copies, the pages it is on).
        gc.freeze()

    return run


def _warm_beside() -> threading.Thread:
    """The warm-up in a thread of its own, for a worker forked before the warm-up: it runs while
    the extraction waits for its page processes (PDF pages, OCR), instead of after it. Modules are
    imported here, in the calling thread, so the two threads never import at once."""
    from raporty.polish import lemmas

    thread = threading.Thread(target=lemmas.warm_up, name="warm-up", daemon=True)
    thread.start()
    return thread


def warm_workers(tasks: Iterable[tuple[Path, int | bytes]] = ()) -> None:
    """Load now what reading a file needs: the pipeline's modules, Morfeusz and the word indexes,
    and the extractors of the formats among ``tasks`` (the first file of each name suffix tells).
    Workers forked after this start with all of it instead of spending most of a second on it."""
    from raporty.extract import get_extractor
    from raporty.extract.detect import detect_format
    from raporty.extract.page_pool import usable_cores  # noqa: F401 - every reader asks it
    from raporty.normalize.document import normalise_document  # noqa: F401
    from raporty.normalize.rows import document_rows  # noqa: F401 - imported for its modules
    from raporty.polish import lemmas

    lemmas.warm_up()
    first_of_suffix = {path.suffix.lower(): source for path, source in reversed(list(tasks))}
    for source in first_of_suffix.values():
        if isinstance(source, bytes):  # (a large file kept open is not read twice)
            try:
                get_extractor(detect_format(source))
            except Exception:  # noqa: BLE001 - its reader meets the problem and fails with its line
                pass


def warm_writer() -> None:
    """Load now what writing and linking need (the linking and unit resolver modules), which no
    worker needs: done by the writer while the fork server warms up the readers."""
    from raporty.load import linking, row_columns  # noqa: F401 - what writing and linking import
    from raporty.normalize import unit_resolver  # noqa: F401 - Morfeusz is loaded only if a
    # unit name's word was not analysed by a reader (see raporty.polish.lemmas.remember)


# -- one process per document: a wall-clock and a memory budget ------------------------------------
def _size(amount: float) -> str:
    gib = amount / 1024**3
    return f"{gib:g} GiB" if gib >= 1 and gib == round(gib, 1) else f"{amount / 1024**2:.0f} MiB"


def _virtual_size() -> int:
    """This process's address space now (what a child starts with), in bytes."""
    try:
        with open("/proc/self/statm", "rb") as file:
            return int(file.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


#: Seconds between two looks of the watchdog at the time and memory of each running document.
_WATCH_INTERVAL = 0.25


def _resident(pid: int) -> int:
    """Resident memory of a process (shared pages included: never less than its private memory),
    read cheaply from /proc/PID/statm; the watchdog reads smaps only past the budget. 0 when it
    cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as file:
            return int(file.read().split()[1]) * _PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return 0


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _private_memory(pid: int) -> int:
    """Memory a forked child holds of its own: the pages it allocated or copied from the warm
    parent (what it shares with the parent is not counted). 0 when it cannot be read."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as file:
            total = 0
            for line in file:
                if line.startswith((b"Private_Clean:", b"Private_Dirty:")):
                    total += int(line.split()[1]) * 1024
            return total
    except (OSError, ValueError, IndexError):
        return 0


def _process_tree(pid: int) -> list[int]:
    """``pid`` and every process under it (the OCR page workers, pdftoppm, tesseract), from
    /proc/PID/task/TID/children; only ``pid`` where the kernel does not list children."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children", "rb") as file:
                    todo += [int(child) for child in file.read().split()]
            except (OSError, ValueError):
                pass
    return found


def _tree_memory(pid: int, budget: int) -> int:
    """What a document costs: the private memory of its process and of every process it started.
    Their resident memory is read first, cheaply: smaps only when that is past ``budget``."""
    tree = _process_tree(pid)
    resident = sum(_resident(member) for member in tree)
    if resident <= budget:
        return resident
    return sum(_private_memory(member) for member in tree)


def _limit_memory(budget: int) -> None:
    """A hard backstop under the watchdog: the address space may grow by ``budget`` at most (memory
    freed in the parent before the fork can be reused without counting, so the watchdog's look at
    the private memory is what holds the budget; this stops a sudden blow-up between two looks)."""
    if budget <= 0:
        return
    import resource

    limit = _virtual_size() + budget
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


_MEMORY_WORDS = (
    "MemoryError",
    "Cannot allocate memory",
    "bad_alloc",
    "Unable to allocate",
    "out of memory",
    "failed to map segment",  # a shared library loaded under the address-space limit
)


def _child_main(
    task: tuple[Path, int | bytes], debug: bool, spool: Path | None, write_fd: int, budget: int, cold: bool
) -> None:
    """In the forked child: read one document within the memory budget, hand its result over
    (in a spool file, its path through the pipe; or the result itself through the pipe). A ``cold``
    child, forked before the warm-up, warms up beside its extraction. Never raises."""
    path, source = task
    try:
        _limit_memory(budget)
        warming = _warm_beside() if cold else None
        rows, error, seconds = _work((path, debug, source), warming)
        if error and budget and any(word in error for word in _MEMORY_WORDS):
            rows, error = None, f"needed more than {_size(budget)} of memory"
        result: Result = (rows, error, seconds)
        try:
            payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - a result that cannot be pickled fails its file only
            payload = pickle.dumps((None, f"worker result lost: {one_line(exc)}", seconds))
        if spool is not None:
            try:
                with tempfile.NamedTemporaryFile(dir=spool, suffix=".pickle", delete=False) as file:
                    file.write(payload)
                payload = pickle.dumps(Path(file.name))
            except OSError:
                pass  # a partial file is removed with the folder; the result goes through the pipe
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view) :]
    except MemoryError:
        _write_quietly(write_fd, (None, f"needed more than {_size(budget)} of memory", 0.0))
    except BaseException as exc:  # noqa: BLE001 - whatever happens, the child ends here
        _write_quietly(write_fd, (None, f"worker failed: {one_line(exc)}", 0.0))


def _write_quietly(fd: int, result: Result) -> None:
    try:
        os.write(fd, pickle.dumps(result))
    except BaseException:  # noqa: BLE001
        pass


@dataclass
class _Child:
    pid: int
    fd: int
    started: float
    received: bytearray
    closed: bool = False  # its result pipe has reached its end


class _Budgeted:
    """Results in ``tasks`` order, each document read in a process of its own (at most ``jobs`` at
    a time, forked by a :class:`~raporty.fork_server.ForkServer`) under the memory budget, killed
    by this watchdog past the time budget.

    A document that hangs, blows up its memory or crashes a C library fails alone with its reason;
    the batch goes on. :meth:`close` kills what still runs and removes the spool folder (Ctrl-C,
    SIGTERM, an error in the writer)."""

    def __init__(
        self,
        tasks: list[tuple[Path, int | bytes]],
        jobs: int,
        debug: bool,
        timeout: float,
        memory: int,
        warm: Callable[[], None] | None = None,
        warm_writer: Callable[[], None] | None = None,
        started: Callable[[], object] | None = None,
    ) -> None:
        self.tasks, self.jobs, self.debug = tasks, max(1, jobs), debug
        # Run by the fork server before it forks the readers (all but a first cold one, see
        # :meth:`__iter__`): every reader starts with what it loaded.
        self.warm = warm
        # Run by this process once the server is forked, while it warms up: what only this process
        # needs to write; then ``started``, the writer's own start (a new warehouse opened).
        self.hooks = [hook for hook in (warm_writer, started) if hook is not None]
        self.timeout, self.memory = timeout, memory
        self.running: dict[int, _Child] = {}
        self.statuses: dict[int, int] = {}  # pid -> wait status, of readers still in ``running``
        self.done: dict[int, Result | Path] = {}
        self.server: ForkServer | None = None
        self.position = 0
        self._spool_cm = _spool_folder()
        spool = self._spool_cm.__enter__()
        self.spool = Path(spool) if spool else None

    def __iter__(self) -> Iterator[Result]:
        try:
            # One document: its reader is forked at once, cold, and warms up beside its extraction
            # (while that waits for its page processes); the server has no one else to warm for.
            alone = len(self.tasks) == 1
            warm = None if alone else self.warm
            self.server = ForkServer(len(self.tasks), self.jobs, self._read, warm, cold_first=alone)
            for hook in self.hooks:
                hook()
            for index in range(len(self.tasks)):
                self.position = index  # the result the writer waits for
                while index not in self.done:
                    self._wait()
                # the server fills the slot a document leaves at once, and learns here how far it
                # may read ahead of the writer
                self.server.taken(index + 1)
                yield _received(self.done.pop(index))
        finally:
            self.close()

    def _read(self, index: int, write_fd: int, cold: bool) -> None:
        """In the reader's process (forked by the server, which ends it when this returns)."""
        settings.page_jobs = self._page_jobs(index)
        _child_main(self.tasks[index], self.debug, self.spool, write_fd, self.memory, cold)

    def _page_jobs(self, index: int) -> int:
        """Page processes for the document at ``index``: the cores left to it by the documents read
        beside it (all of them when it is read alone, one when ``jobs`` documents fill the cores)."""
        from raporty.extract.page_pool import usable_cores

        beside = min(self.jobs, len(self.tasks) - index)
        return max(1, (settings.page_jobs or usable_cores()) // beside)

    def _wait(self) -> None:
        import select

        assert self.server is not None
        timeout = self.timeout
        now = time.monotonic()
        wait = 1.0
        if timeout > 0 and self.running:
            wait = max(0.0, min(c.started + timeout for c in self.running.values()) - now)
        by_fd = {c.fd: index for index, c in self.running.items() if not c.closed}
        listened = list(by_fd) if self.server.ended else [self.server.fileno(), *by_fd]
        try:
            readable, _, _ = select.select(listened, [], [], min(wait, _WATCH_INTERVAL))
        except InterruptedError:
            readable = []
        for fd in readable:
            if fd not in by_fd:
                self._heard(self.server.receive())
                continue
            child = self.running[by_fd[fd]]
            chunk = os.read(fd, 1 << 20)
            if chunk:
                child.received += chunk
            else:
                os.close(fd)
                child.closed = True
        for index, child in list(self.running.items()):
            if child.closed and (child.pid in self.statuses or self.server.ended):
                self._finish(index)
        if self.server.ended:  # the server died before starting them (its end is otherwise the last)
            for index in range(self.position, len(self.tasks)):
                if index not in self.done and index not in self.running:
                    self.done[index] = (None, "the process that starts the readers died", 0.0)
        now = time.monotonic()
        for index, child in list(self.running.items()):
            if timeout > 0 and now - child.started > timeout:
                reason = f"took longer than {timeout:g} s (the time limit per document)"
            elif self.memory > 0 and _tree_memory(child.pid, self.memory) > self.memory:
                reason = f"needed more than {_size(self.memory)} of memory (the memory limit per document)"
            else:
                continue
            self._kill(child)
            del self.running[index]
            self.done[index] = (None, reason, now - child.started)

    def _heard(self, said: list[Started | Exited]) -> None:
        for news in said:
            if isinstance(news, Started):
                self.running[news.index] = _Child(news.pid, news.fd, news.started, bytearray())
            elif any(child.pid == news.pid for child in self.running.values()):  # not one killed
                self.statuses[news.pid] = news.status

    def _finish(self, index: int) -> None:
        child = self.running.pop(index)
        status = self.statuses.pop(child.pid, None)
        exited = status is None or os.WIFEXITED(status)  # None: the server died, its word is lost
        if child.received and exited:
            try:
                self.done[index] = pickle.loads(bytes(child.received))
                return
            except Exception as exc:  # noqa: BLE001
                self.done[index] = (None, f"worker result lost: {one_line(exc)}", 0.0)
                return
        self.done[index] = (None, _death(status, self.memory) if status is not None else _LOST, 0.0)

    @staticmethod
    def _kill(child: _Child) -> None:
        kill_group(child.pid)  # the server reaps it
        if not child.closed:
            child.closed = True
            try:
                os.close(child.fd)
            except OSError:
                pass

    def close(self) -> None:
        for child in self.running.values():
            self._kill(child)
        self.running.clear()
        if self.server is not None:
            server, self.server = self.server, None
            server.close()
        self._spool_cm.__exit__(None, None, None)


_LOST = "the worker process reading this file died (the process that started it died too)"


def _death(status: int, budget: int) -> str:
    memory = f"more than {_size(budget)} of memory" if budget else "too much memory"
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return f"the worker process reading this file died ({name}: {memory}, or a crash in a C library)"
    return f"the worker process reading this file died (exit code {os.WEXITSTATUS(status)}; {memory}?)"


def _received(handed_over: Path | Result) -> Result:
    if not isinstance(handed_over, Path):
        return handed_over
    try:
        return pickle.loads(handed_over.read_bytes())
    except Exception as exc:  # noqa: BLE001
        return None, f"worker result lost: {one_line(exc)}", 0.0
    finally:
        handed_over.unlink(missing_ok=True)


class Terminated(KeyboardInterrupt):
    """SIGTERM during an ingest: ends it as Ctrl-C does (workers killed, spool removed), exit 143."""

    signum = signal.SIGTERM


#: Set when SIGTERM arrived: DuckDB may swallow the Terminated raised inside code it called back
#: (it comes back as an interrupted query), and the interruption must still end as a SIGTERM.
_SIGTERM_SEEN = threading.Event()


def sigterm_seen() -> bool:
    """SIGTERM arrived during this process's ingest (an interruption then ends with 143)."""
    return _SIGTERM_SEEN.is_set()


def _on_sigterm(signum: int, _frame: object) -> None:
    _SIGTERM_SEEN.set()
    raise Terminated()


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


def _open_once(path: Path) -> tuple[int, os.stat_result]:
    """Open ``path`` once for the whole batch: not blocking on a pipe, and what is read later is
    read through this descriptor (a file swapped for a pipe or a /dev/zero link is never read)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        return fd, os.fstat(fd)
    except OSError:
        os.close(fd)
        raise


def _raise_open_files_limit(wanted: int) -> None:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
    except (ImportError, ValueError, OSError):
        pass


#: Files of a batch whose bytes are kept in memory between the scan and their reading (the rest
#: keep their descriptor open), so a batch never holds more than this in memory.
_KEEP_IN_MEMORY = 64 * 1024 * 1024


def ingest(
    paths: Iterable[Path | str],
    warehouse: Warehouse | Callable[[], Warehouse],
    jobs: int = 1,
    debug: bool = False,
    progress: Callable[[Iterable, int, list[str]], Iterable] | None = None,
    timeout: float | None = None,
    memory: int | None = None,
) -> list[Outcome]:
    """Load the files of ``paths``; each document is read in a process of its own, at most ``jobs``
    at a time, killed past ``timeout`` seconds or ``memory`` bytes (defaults: the settings'
    ``document_timeout_seconds`` and ``document_memory_bytes``; 0 for no limit).

    ``warehouse`` is open, or what opens a warehouse whose file does not exist yet: the documents
    then start reading first, and the warehouse is opened (and closed) here, while they read."""
    store = _BatchWarehouse(warehouse)
    try:
        return _ingest(paths, store, jobs, debug, progress, timeout, memory)
    finally:
        store.close()


def _ingest(
    paths: Iterable[Path | str],
    store: _BatchWarehouse,
    jobs: int,
    debug: bool,
    progress: Callable[[Iterable, int, list[str]], Iterable] | None,
    timeout: float | None,
    memory: int | None,
) -> list[Outcome]:
    listed = _collect(paths)
    files = [path for path, _ in listed]
    folders = [Path(os.path.realpath(folder)) for folder in {f for _, f in listed if f is not None}]
    todo: list[tuple[Path, str]] = []
    sources: list[int | bytes] = []
    outcomes: dict[Path, Outcome] = {}
    first_of_name: dict[str, Path] = {}
    first_of_hash: dict[str, Path] = {}
    duplicates: list[tuple[Path, str, Path]] = []
    kept = 0
    _raise_open_files_limit(len(files) + 64)

    def fail_early(path: Path, sha: str, error: str) -> None:
        outcomes[path] = Outcome(path, "failed", error=error)
        _record_failure(store(), outcomes[path], sha)

    try:
        for path, folder in listed:
            if path.name in first_of_name:  # documents are keyed by file name: a namesake would replace it
                error = f"another file named {path.name!r} is in this batch ({first_of_name[path.name]})"
                outcomes[path] = Outcome(path, "failed", error=error)
                store().log(path.name, str(path), None, "failed", error)
                continue
            first_of_name[path.name] = path
            if _outside(path, folder, folders):
                fail_early(path, "", "symbolic link to a file outside the folders given: not followed")
                continue
            try:
                fd, info = _open_once(path)
            except OSError as exc:
                fail_early(path, "", f"cannot read file ({exc.strerror or exc})")
                continue
            keep_fd = False
            try:
                if not stat.S_ISREG(info.st_mode):  # a device, a pipe: reading could block or never end
                    fail_early(path, "", "not a regular file")
                    continue
                if info.st_size > settings.max_file_bytes:
                    fail_early(
                        path,
                        "",
                        f"file is larger than the {settings.max_file_bytes // 1024 // 1024} MiB limit",
                    )
                    continue
                data = _read_source(fd)
                if len(data) > settings.max_file_bytes:  # grew after the stat
                    fail_early(
                        path,
                        "",
                        f"file is larger than the {settings.max_file_bytes // 1024 // 1024} MiB limit",
                    )
                    continue
            except OSError as exc:
                fail_early(path, "", f"cannot read file ({exc.strerror or exc})")
                continue
            finally:
                if path not in outcomes or outcomes[path].status != "failed":
                    keep_fd = True
                if not keep_fd:
                    os.close(fd)
            sha = hashlib.sha256(data).hexdigest()
            if sha in first_of_hash:  # a copy, a hard link or a link to a file of this batch
                duplicates.append((path, sha, first_of_hash[sha]))
                os.close(fd)
                continue
            first_of_hash[sha] = path
            if store.is_open and _known(store(), outcomes, path, sha):
                os.close(fd)
                continue
            todo.append((path, sha))
            if kept + len(data) <= _KEEP_IN_MEMORY:
                sources.append(data)
                kept += len(data)
                os.close(fd)
            else:
                sources.append(fd)
        budget = (
            settings.document_timeout_seconds if timeout is None else timeout,
            settings.document_memory_bytes if memory is None else memory,
        )
        _read_and_write(todo, sources, outcomes, store, jobs, debug, progress, budget)
        for path, sha, first in duplicates:  # an alias of what loaded; what failed fails again, alike
            if outcomes[first].status in ("loaded", "unchanged", "alias"):
                _record_alias(store(), outcomes, path, sha, first.name)
            else:
                fail_early(path, sha, outcomes[first].error or "unknown error")
    finally:
        for source in sources:
            if isinstance(source, int):
                try:
                    os.close(source)
                except OSError:
                    pass
    # Cross-report activity keys, once for the batch: the activities this batch loaded, or any an
    # interrupted batch or a schema upgrade left unkeyed (a count when there are none: no Morfeusz).
    store().link_pending()
    return [outcomes[p] for p in files if p in outcomes]


def unchanged_batch(paths: Iterable[Path | str], db: Path | str | None = None) -> list[Outcome] | None:
    """The outcomes of a batch whose every file is loaded, as it is, in the warehouse ``db`` as our
    writer last left it (noted by :func:`raporty.load.intact_state.loaded_files`): an unchanged
    re-ingest, told without opening the warehouse (no DuckDB import, no lock, no integrity check).
    None as soon as one file needs the warehouse (new, changed, failed before, a namesake or a copy
    of another file of the batch, not read as :func:`ingest` would read it) or the warehouse changed
    since; :func:`ingest` then does the work."""
    from raporty.load.intact_state import loaded_files

    loaded = loaded_files(Path(db or settings.db))
    if not loaded:
        return None
    listed = _collect(paths)
    folders = [Path(os.path.realpath(folder)) for folder in {f for _, f in listed if f is not None}]
    seen: set[str] = set()
    for path, folder in listed:
        if path.name not in loaded or path.name in seen or _outside(path, folder, folders):
            return None
        seen.add(path.name)
        try:
            fd, info = _open_once(path)
        except OSError:
            return None
        try:
            if not stat.S_ISREG(info.st_mode) or info.st_size > settings.max_file_bytes:
                return None
            digest = hashlib.sha256(_read_source(fd)).hexdigest()
        except OSError:
            return None
        finally:
            os.close(fd)
        if digest != loaded[path.name] or digest in seen:  # changed, or a copy of an earlier file
            return None
        seen.add(digest)
    return [Outcome(path, "unchanged") for path, _ in listed]


def _known(warehouse: Warehouse, outcomes: dict[Path, Outcome], path: Path, sha: str) -> bool:
    """``path`` (content ``sha``) is in the warehouse already, loaded as it is or under another
    name (then recorded as an alias of it): it is not read."""
    known = warehouse.known_hash(path.name)
    if known is not None and known == (sha, "loaded"):
        outcomes[path] = Outcome(path, "unchanged")
        return True
    same = _loaded_under_another_name(warehouse, sha, path.name)
    if same is not None:
        _record_alias(warehouse, outcomes, path, sha, same)
        return True
    return False


def _loaded_under_another_name(warehouse: Warehouse, sha: str, name: str) -> str | None:
    row = warehouse.con.execute(
        "SELECT file_name FROM dim_document WHERE sha256 = ? AND status = 'loaded' AND file_name <> ? "
        "ORDER BY document_id LIMIT 1",
        [sha, name],
    ).fetchall()
    return row[0][0] if row else None


def _record_alias(
    warehouse: Warehouse, outcomes: dict[Path, Outcome], path: Path, sha: str, first: str
) -> None:
    """Identical content under another name (a copy, a hard link, a symbolic link): loaded once, this
    name recorded in ingest_log as an alias of the first."""
    outcomes[path] = Outcome(path, "alias", error=f"same content as {first}")
    warehouse.log(path.name, str(path), sha, "alias", f"same content as {first}")


def _read_and_write(
    todo: list[tuple[Path, str]],
    sources: list[int | bytes],
    outcomes: dict[Path, Outcome],
    store: _BatchWarehouse,
    jobs: int,
    debug: bool,
    progress: Callable[[Iterable, int, list[str]], Iterable] | None,
    budget: tuple[float, int],
) -> None:
    """Read the documents to load (each in its own budgeted process) and write them, in order."""
    tasks = [(path, source) for (path, _), source in zip(todo, sources, strict=True)]
    checked = store.is_open

    def writer() -> Warehouse:
        nonlocal checked
        warehouse = store()
        if not checked:  # opened only now: another ingest may have filled it since the scan
            checked = True
            loaded = warehouse.con.execute("SELECT count(*) FROM dim_document WHERE status = 'loaded'")
            if loaded.fetchall()[0][0]:
                for path, sha in todo:
                    _known(warehouse, outcomes, path, sha)
        return warehouse

    results: Iterable[Result]
    if hasattr(os, "fork") and todo:
        results = _Budgeted(
            tasks,
            jobs,
            debug,
            *budget,
            warm=_warmed(partial(warm_workers, tasks)),
            warm_writer=_warmed(warm_writer),
            started=writer,  # a new warehouse is opened while the first documents are read
        )
    else:  # no fork (Windows): in this process, without a budget
        results = (_work((path, debug, source)) for path, source in tasks)
    iterator = iter(results)
    # the progress callable is given the file names too, to name the file being read
    wrapped = progress(iterator, len(todo), [path.name for path, _ in todo]) if progress else iterator
    previous = signal.getsignal(signal.SIGTERM)
    in_main = threading.current_thread() is threading.main_thread()
    if in_main:
        signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        # results first: the progress bar sees its iterator end (N/N) before zip stops
        for (rows, error, seconds), (path, sha) in zip(wrapped, todo, strict=False):
            warehouse = writer()
            if path in outcomes:  # found unchanged, or an alias, once the warehouse was opened
                continue
            if rows is not None:
                try:
                    from raporty.polish.lemmas import remember

                    remember(rows.readings)  # the unit names' words, analysed by the reader
                    facts = warehouse.load(rows, str(path), seconds, link=False)
                    outcomes[path] = Outcome(path, "loaded", facts, seconds=seconds, pages=rows.pages)
                    continue
                except Exception as exc:  # a load error fails this document only
                    if _is_interrupt(exc):  # Ctrl-C caught by DuckDB mid-query: stop, the document is not bad
                        raise (Terminated() if sigterm_seen() else KeyboardInterrupt()) from None
                    if debug:
                        traceback.print_exc()
                    error = f"load failed: {one_line(exc)}"
            outcomes[path] = Outcome(path, "failed", error=error or "unknown error", seconds=seconds)
            _record_failure(warehouse, outcomes[path], sha)
    finally:
        finish_bar = getattr(wrapped, "close", None)
        if finish_bar is not None:
            finish_bar()  # the progress bar draws its last frame now, before any message of the caller's
        close = getattr(results, "close", None)
        if close is not None:
            close()  # kills the workers still running, removes the spool folder
        if in_main:
            signal.signal(signal.SIGTERM, previous)
        gc.unfreeze()
