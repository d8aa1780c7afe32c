"""Run a piece of work under a time and memory limit, stoppable at once.

Oxigraph evaluates a query in native code that Python can neither interrupt nor bound: a cross
product can run for hours and grow to the machine's whole memory, and Ctrl-C waits for it. So
the work runs in a forked child process (which shares the loaded store copy-on-write, so nothing
is loaded twice) while the parent watches the clock, the child's memory and the keyboard, and
kills the child the moment a limit is passed. The child leaves the network first
(:mod:`kg.sandbox`), so no query can make it call out. The child sends back bytes; a crash in native code
(a segfault on hostile input) ends the child, not the command. Every front end (the CLI, the
server) runs user queries through :func:`run`.
"""
from __future__ import annotations

import os
import select
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

from kg import sandbox
from kg.errors import KGError, QueryError

_CHUNK = 1 << 16
_POLL = 0.05  # seconds between looks at the clock and the child's memory
_ERROR_EXIT = 3  # the child exits so when it sends an error message instead of a result


@dataclass(frozen=True)
class Limits:
    """How much one query may take.

    Args:
        timeout: wall-clock seconds before the work is stopped.
        max_memory_mb: memory the child may add to what it shares with the parent, in MiB.
        max_result_mb: size of the answer, in MiB.
    """

    timeout: float = 30.0
    max_memory_mb: int = 2048
    max_result_mb: int = 512


class LimitExceeded(QueryError):
    """The work passed a limit and was stopped; the message says which and how to go on."""


class Interrupted(KGError):
    """The user pressed Ctrl-C (or the command got SIGTERM); the work was stopped."""

    exit_code = 130


@dataclass
class Outcome:
    """What :func:`run` measured: the answer, the seconds taken and the child's peak memory."""

    data: bytes
    seconds: float
    peak_mb: float


def run(work: Callable[[], bytes], limits: Limits = Limits()) -> Outcome:
    """Run ``work`` in a child process under ``limits`` and return the bytes it produced.

    ``work`` raising a :class:`KGError` is re-raised here with the same message.

    Raises:
        LimitExceeded: the time, memory or result limit was passed (the child is killed).
        Interrupted: Ctrl-C or SIGTERM while waiting (the child is killed).
        QueryError: the work failed, or the child died (the message names the signal).
    """
    read_end, write_end = os.pipe()
    started = time.monotonic()
    watcher = None
    try:
        with _signals_held():  # a Ctrl-C now comes once the child is known, so it is never left running
            parent = os.getpid()
            pid = os.fork()
            if pid == 0:  # the child: do the work, send the bytes, never return into the caller's code
                _die_with(parent)
                os.close(read_end)
                _child(work, write_end)
            os.close(write_end)
            watcher = _Watcher(pid, read_end, limits, started)
        return watcher.wait()
    except BaseException:
        if watcher is not None:
            watcher.kill()
        raise
    finally:
        os.close(read_end)


_STOPPING = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _signals_held():
    """Ctrl-C and SIGTERM held back (not lost) while a child is forked and its pid kept."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _die_with(parent: int) -> None:
    """Have the kernel kill this child when its parent ends, however it ends (Linux)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


def _child(work: Callable[[], bytes], fd: int) -> None:
    code = 0
    try:
        import faulthandler

        faulthandler.disable()  # a crash here is reported by the parent in one line, not as a dump
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)
        sandbox.isolate()  # no network for the engine, whatever a query asks
        try:
            data = work()
        except KGError as e:
            data, code = str(e).encode("utf-8", "replace"), _ERROR_EXIT
        except MemoryError:
            data, code = b"the query ran out of memory", _ERROR_EXIT
        except Exception as e:  # anything else the engine raises: one line, not a traceback
            data, code = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}".encode(), _ERROR_EXIT
        view = memoryview(data)
        while view:
            written = os.write(fd, view[:_CHUNK])
            view = view[written:]
    except BaseException:
        code = _ERROR_EXIT + 1
    finally:
        os._exit(code)


class _Watcher:
    """The parent's side: read the child's answer while watching time, memory and signals."""

    def __init__(self, pid: int, fd: int, limits: Limits, started: float):
        self.pid, self.fd, self.limits, self.started = pid, fd, limits, started
        self.chunks: list[bytes] = []
        self.size = 0
        self.baseline_kb: int | None = None
        self.peak_kb = 0
        self.status: int | None = None

    def wait(self) -> Outcome:
        previous = signal.getsignal(signal.SIGTERM)
        if _main_thread():
            signal.signal(signal.SIGTERM, _raise_interrupted)
        try:
            return self._loop()
        except KeyboardInterrupt:
            raise Interrupted("interrupted: the query was stopped") from None
        finally:
            if _main_thread():
                signal.signal(signal.SIGTERM, previous)

    def _loop(self) -> Outcome:
        open_pipe = True
        while True:
            if open_pipe:
                ready, _, _ = select.select([self.fd], [], [], _POLL)
                if ready:
                    chunk = os.read(self.fd, _CHUNK)
                    if chunk:
                        self._take(chunk)
                        continue
                    open_pipe = False
                    # the child closed its end: it is exiting, so wait for it without polling
                    _, self.status = os.waitpid(self.pid, 0)
            else:
                time.sleep(_POLL / 5)
            self.watch_memory()
            if self.status is None:
                done, status = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    self.status = status
            if self.status is not None and not open_pipe:
                return self._finish()
            elapsed = time.monotonic() - self.started
            if elapsed > self.limits.timeout:
                self.kill()
                raise LimitExceeded(f"the query was stopped after {self.limits.timeout:g} s (its time limit); "
                                    "narrow it, add LIMIT, or give more time with --timeout")

    def _take(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limits.max_result_mb * 1024 * 1024:
            self.kill()
            raise LimitExceeded(f"the answer passed {self.limits.max_result_mb} MiB and was stopped; add LIMIT")
        self.chunks.append(chunk)

    def watch_memory(self) -> None:
        rss = _rss_kb(self.pid)
        if rss is None:
            return
        if self.baseline_kb is None:
            self.baseline_kb = rss
        self.peak_kb = max(self.peak_kb, rss)
        if rss - self.baseline_kb > self.limits.max_memory_mb * 1024:
            self.kill()
            raise LimitExceeded(f"the query was stopped at {rss // 1024} MiB, over its memory limit of "
                                f"{self.limits.max_memory_mb} MiB; narrow it or add LIMIT")

    def _finish(self) -> Outcome:
        data = b"".join(self.chunks)
        seconds = time.monotonic() - self.started
        status = self.status or 0
        if os.WIFSIGNALED(status):
            name = signal.Signals(os.WTERMSIG(status)).name
            raise QueryError(f"the query engine stopped on this query ({name}); it was not run to the end")
        code = os.WEXITSTATUS(status)
        if code == _ERROR_EXIT:
            raise QueryError(data.decode("utf-8", "replace"))
        if code != 0:
            raise QueryError(f"the query failed (exit {code})")
        return Outcome(data, seconds, self.peak_kb / 1024)

    def kill(self) -> None:
        if self.status is not None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
            _, self.status = os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            self.status = 0


def _rss_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError, IndexError):
        return None


def _raise_interrupted(signum, frame):
    raise KeyboardInterrupt


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


class Pool:
    """Worker processes forked once, each doing one job at a time under :class:`Limits`.

    For a server: forking a child per request costs milliseconds that a look-up does not need,
    so the workers are forked up front (sharing the loaded store copy-on-write) and reused. A
    worker that passes a limit, or dies, is killed and replaced; the others go on. Workers hold
    copies of the process's open files and pipes until :meth:`close`: create the pool before
    opening sockets it must not keep (``kg serve`` does), and close it when done.

    Args:
        handler: called in a worker with a job (anything picklable); returns the answer's bytes.
        size: how many workers run jobs at once.
        limits: the limits of each job.
    """

    def __init__(self, handler: Callable[[object], bytes], size: int = 2, limits: Limits = Limits()):
        import queue
        import threading

        self.handler, self.limits = handler, limits
        self._idle: "queue.Queue[_Worker]" = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        for _ in range(max(1, size)):
            self._idle.put(self._spawn())

    def _spawn(self) -> "_Worker":
        worker = _Worker.fork(self.handler)
        with self._lock:
            self._workers.add(worker)
        return worker

    def run(self, job: object) -> Outcome:
        """Do ``job`` in an idle worker (waiting for one) and return its bytes.

        Raises:
            LimitExceeded: a limit was passed (the worker is replaced).
            QueryError: the job failed, or the worker died doing it (it is replaced).
        """
        worker = self._idle.get()
        healthy = False
        try:
            outcome = worker.do(job, self.limits)
            healthy = True
            return outcome
        except KGError as e:
            healthy = not isinstance(e, LimitExceeded) and worker.alive
            raise
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                worker.kill()
                with self._lock:
                    self._workers.discard(worker)
                self._idle.put(self._spawn())

    def close(self) -> None:
        with self._lock:
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            worker.kill()


class _Worker:
    """One pooled child: jobs in through one pipe, answers out through another."""

    def __init__(self, pid: int, jobs: int, answers: int):
        self.pid, self.jobs, self.answers = pid, jobs, answers
        self.alive = True

    @classmethod
    def fork(cls, handler: Callable[[object], bytes]) -> "_Worker":
        job_read, job_write = os.pipe()
        answer_read, answer_write = os.pipe()
        with _signals_held():
            pid = os.fork()
            if pid == 0:  # ends when its job pipe closes, as it does when the server ends
                os.close(job_write)
                os.close(answer_read)
                _serve_jobs(handler, job_read, answer_write)
            os.close(job_read)
            os.close(answer_write)
            return cls(pid, job_write, answer_read)

    def do(self, job: object, limits: Limits) -> Outcome:
        import pickle
        import struct

        data = pickle.dumps(job)
        started = time.monotonic()
        try:
            os.write(self.jobs, struct.pack("!Q", len(data)) + data)
        except OSError:
            self.alive = False
            raise QueryError("the query worker had stopped; try again") from None
        watcher = _Watcher(self.pid, self.answers, limits, started)
        header = b""
        while len(header) < 9:  # status byte and length, then the answer
            header += self._read(watcher, 9 - len(header))
        code, length = struct.unpack("!BQ", header)
        if length > limits.max_result_mb * 1024 * 1024:
            self.alive = False
            raise LimitExceeded(f"the answer passed {limits.max_result_mb} MiB and was stopped; add LIMIT")
        body = bytearray()
        while len(body) < length:
            body += self._read(watcher, min(_CHUNK, length - len(body)))
        if code:
            raise QueryError(bytes(body).decode("utf-8", "replace"))
        return Outcome(bytes(body), time.monotonic() - started, watcher.peak_kb / 1024)

    def _read(self, watcher: "_Watcher", most: int) -> bytes:
        while True:
            ready, _, _ = select.select([self.answers], [], [], _POLL)
            if ready:
                chunk = os.read(self.answers, most)
                if not chunk:
                    self.alive = False
                    _, status = os.waitpid(self.pid, 0)
                    name = signal.Signals(os.WTERMSIG(status)).name if os.WIFSIGNALED(status) else f"exit {status}"
                    raise QueryError(f"the query engine stopped on this query ({name}); it was not run to the end")
                return chunk
            watcher.watch_memory()
            if time.monotonic() - watcher.started > watcher.limits.timeout:
                self.alive = False
                raise LimitExceeded(f"the query was stopped after {watcher.limits.timeout:g} s (its time limit); "
                                    "narrow it, add LIMIT, or give more time")

    def kill(self) -> None:
        for fd in (self.jobs, self.answers):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self.alive = False


def _serve_jobs(handler: Callable[[object], bytes], jobs: int, answers: int) -> None:
    """A pooled worker's life: read a job, do it, send the answer; until the pipe closes."""
    import faulthandler
    import pickle
    import struct

    faulthandler.disable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)
    sandbox.isolate()
    try:
        while True:
            size = _read_exactly(jobs, 8)
            if size is None:
                break
            payload = _read_exactly(jobs, struct.unpack("!Q", size)[0])
            if payload is None:
                break
            code = 0
            try:
                data = handler(pickle.loads(payload))
            except KGError as e:
                data, code = str(e).encode("utf-8", "replace"), 1
            except MemoryError:
                data, code = b"the query ran out of memory", 1
            except Exception as e:
                data, code = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}".encode(), 1
            view = memoryview(struct.pack("!BQ", code, len(data)) + data)
            while view:
                view = view[os.write(answers, view[:_CHUNK]):]
    finally:
        os._exit(0)


def _read_exactly(fd: int, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)
