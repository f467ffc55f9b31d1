"""A fork server: one process, forked while the batch's own process is still small and has no
thread, that warms up once and then forks the process of each task (a document to read), keeping
``jobs`` of them busy.

Why a server rather than forking from the batch's process: that process writes to DuckDB between
two documents, and a core whose document ended waited for the write before the next was forked;
the server forks the next one the moment a task process has handed its result over (while the
ending one's memory is still being freed). It also does the warm-up once,
where the batch's process would have done it beside a first task process doing its own, and it
forks from a process that never opened DuckDB (whose threads and locks a fork would copy).

The batch's process talks to the server over a socket pair (sequenced packets): it tells the
server how far it has taken results (the server stays at most ``2 * jobs`` tasks ahead of it); the
server tells it of each task process started (its pid, when, and the read end of its result pipe,
passed as a descriptor) and of each that exited (its wait status). A task process tells the server
it has finished through a pipe they share. The batch's process keeps the watchdog: time and
memory budgets, and killing a task process's group. A batch process that dies closes its end:
the server then kills what runs and exits.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

#: Signals held back while a process is forked (the child would run the parent's handler).
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}

_WANT = struct.Struct("=cI")  # b"W", the index of the first result the batch has not taken
_STARTED = struct.Struct("=cIid")  # b"S", index, pid, time.monotonic() of the fork
_EXITED = struct.Struct("=cii")  # b"X", pid, wait status


@dataclass
class Started:
    index: int
    pid: int
    fd: int  # the read end of the task process's result pipe, now the batch process's own
    started: float  # time.monotonic() when it was forked


@dataclass
class Exited:
    pid: int
    status: int  # as os.waitpid gives it


#: What runs in a task process: (index, the write end of its result pipe, cold: forked before the
#: warm-up). When it returns, its result handed over, the server is told and the process ends.
TaskMain = Callable[[int, int, bool], None]
_PID = struct.Struct("=i")


def fork_child(child: Callable[[], NoReturn]) -> int:
    """Fork a process into a process group of its own (killing the group kills what it starts)
    running ``child`` with the stop signals' default handlers; its pid. Ctrl-C or SIGTERM during
    the fork would be lost in an at-fork handler, or reach the child while it still shares this
    process group: held back until both are set up."""
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        pid = os.fork()
        if pid == 0:
            try:
                os.setpgid(0, 0)
            except OSError:
                pass
            for number in (*STOP_SIGNALS, signal.SIGCHLD):
                signal.signal(number, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
            child()
        try:
            os.setpgid(pid, pid)
        except OSError:
            pass
        return pid
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # a pending Ctrl-C is raised here


def kill_group(pid: int) -> None:
    """SIGKILL to the process group of ``pid`` (the task and the tools it started) and to ``pid``."""
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except OSError:
            pass


class ForkServer:
    """The batch process's end of the server (see the module's text)."""

    def __init__(
        self,
        count: int,
        jobs: int,
        task_main: TaskMain,
        warm: Callable[[], None] | None,
        cold_first: bool,
    ) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)

        def server() -> NoReturn:
            ours.close()
            _Server(theirs, count, jobs, task_main).run(warm, cold_first)

        self.pid = fork_child(server)
        theirs.close()
        self.socket = ours
        self.socket.setblocking(False)
        #: The server has gone: ended its work, or died (then its task processes report no more).
        self.ended = False

    def fileno(self) -> int:
        return self.socket.fileno()

    def taken(self, index: int) -> None:
        """The batch has taken every result before ``index``: the server may start up to it + 2 * jobs."""
        try:
            self.socket.send(_WANT.pack(b"W", index))
        except OSError:  # the server has ended (all started) or died: :meth:`receive` tells which
            pass

    def receive(self) -> list[Started | Exited]:
        """What the server said since the last call (never blocks)."""
        said: list[Started | Exited] = []
        while not self.ended:
            try:
                message, fds, _flags, _address = socket.recv_fds(self.socket, 64, 1)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                message, fds = b"", []
            if not message:
                self.ended = True
            elif message[:1] == b"S" and fds:
                _, index, pid, started = _STARTED.unpack(message)
                said.append(Started(index, pid, fds[0], started))
            elif message[:1] == b"X":
                _, pid, status = _EXITED.unpack(message)
                said.append(Exited(pid, status))
        return said

    def close(self) -> None:
        """End the server and every task process it still runs; wait for it."""
        try:
            os.kill(self.pid, signal.SIGTERM)
        except OSError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        for news in self.receive():  # descriptors sent and not yet taken
            if isinstance(news, Started):
                os.close(news.fd)
        self.socket.close()


class _Server:
    """The server process's side: start tasks in order while there is a free job and the batch is
    not too far behind, report starts and exits, and reap."""

    def __init__(self, sock: socket.socket, count: int, jobs: int, task_main: TaskMain) -> None:
        self.sock, self.count, self.jobs, self.task_main = sock, count, max(1, jobs), task_main
        self.running: dict[int, int] = {}  # pid -> index
        # task processes that handed their result over and are ending (their memory is being freed):
        # their job is free already, the next task need not wait for their exit
        self.finished: set[int] = set()
        self.finished_read, self.finished_write = os.pipe()
        self.started = 0
        self.wanted = 0
        self.wake_read, wake_write = os.pipe()
        os.set_blocking(wake_write, False)
        signal.set_wakeup_fd(wake_write)
        signal.signal(signal.SIGCHLD, lambda _number, _frame: None)  # wakes the select
        for number in STOP_SIGNALS:
            signal.signal(number, self._stop)

    def run(self, warm: Callable[[], None] | None, cold_first: bool) -> NoReturn:
        try:
            if cold_first:
                self._start(cold=True)
            if warm is not None:
                warm()
            self._serve()
        except BaseException:  # noqa: BLE001 - the batch process hears of it as the socket closing
            pass
        self._stop()

    def _stop(self, _number: int = 0, _frame: object = None) -> NoReturn:
        for pid in self.running:
            kill_group(pid)
        for pid in self.running:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        os._exit(0)

    def _serve(self) -> None:
        while True:
            self._reap()
            while (
                len(self.running) - len(self.finished) < self.jobs
                and self.started < self.count
                and self.started < self.wanted + 2 * self.jobs
            ):
                self._start(cold=False)
            if self.started == self.count and not self.running:
                return
            readable, _, _ = select.select([self.sock.fileno(), self.wake_read, self.finished_read], [], [])
            if self.wake_read in readable:
                os.read(self.wake_read, 512)
            if self.finished_read in readable:
                said = os.read(self.finished_read, 64 * _PID.size)
                self.finished.update(pid for (pid,) in _PID.iter_unpack(said) if pid in self.running)
            if self.sock.fileno() in readable:
                try:
                    message = self.sock.recv(64)
                except OSError:
                    message = b""
                if not message:  # the batch process has gone
                    return
                self.wanted = max(self.wanted, _WANT.unpack(message)[1])

    def _reap(self) -> None:
        while self.running:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                return
            self.finished.discard(pid)
            if self.running.pop(pid, None) is not None:
                self.sock.send(_EXITED.pack(b"X", pid, status))

    def _start(self, cold: bool) -> None:
        index = self.started
        read_fd, write_fd = os.pipe()

        def task() -> NoReturn:
            signal.set_wakeup_fd(-1)
            for fd in (read_fd, self.wake_read, self.finished_read, self.sock.detach()):
                os.close(fd)
            try:
                self.task_main(index, write_fd, cold)
                os.write(self.finished_write, _PID.pack(os.getpid()))
            finally:
                os._exit(0)

        pid = fork_child(task)
        started = time.monotonic()
        os.close(write_fd)
        self.running[pid] = index
        self.started += 1
        try:
            socket.send_fds(self.sock, [_STARTED.pack(b"S", index, pid, started)], [read_fd])
        finally:
            os.close(read_fd)
