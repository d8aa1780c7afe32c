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
import stat
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Generator

from kg import sandbox
from kg.errors import KGError, LimitExceeded, QueryError

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

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
    started = time.monotonic()
    watcher = read_end = None
    try:
        with _signals_held(), _FORKING:  # a Ctrl-C now comes once the child is known, so it is never left running
            read_end, write_end = os.pipe()
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
        if read_end is not None:
            os.close(read_end)


_STOPPING = {signal.SIGINT, signal.SIGTERM}
# held from a child's pipes being made until the parent has closed the child's ends: a child forked
# meanwhile on another thread (a server forks workers on several) would hold another child's end
# of its answer pipe, and the parent would never see that pipe close when its child is killed
# (a stopped runaway's worker then looked alive until its time limit, and nothing else could be
# stopped meanwhile: a short query from another client waited 4.5 s under a flood from 16 clients)
_FORKING = threading.Lock()


@contextmanager
def _signals_held():
    """Ctrl-C and SIGTERM held back (not lost) while a child is forked and its pid kept."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _settle_child(*own: int) -> None:
    """What every forked child (a query's, a pooled worker) does first: drop the parent's sockets
    and the pipes of other children (keeping its ``own``), leave signals to the parent, and leave
    the network."""
    import faulthandler

    _close_inherited(own)
    faulthandler.disable()  # a crash here is reported by the parent in one line, not as a dump
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)  # held while it was forked
    sandbox.isolate()  # no network for the engine, whatever a query asks


def _close_inherited(own: tuple[int, ...]) -> None:
    """Close the copies of the parent's sockets and pipes a forked child holds, but its ``own``
    pipes and its standard streams.

    A worker forked while the server has connections open would keep each of them open after the
    server closed it: the client would never see the end of its answer. One holding another
    worker's job pipe would keep that worker from seeing the server end. The store's own files
    stay open: the child reads the store through them.
    """
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return
    for fd in fds:
        if fd > 2 and fd not in own:
            try:
                mode = os.fstat(fd).st_mode
                if stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode):
                    os.close(fd)
            except OSError:
                pass


def _die_with(parent: int) -> None:
    """Have the kernel kill this child when its parent ends, however it ends (Linux)."""
    if sandbox.PRCTL is not None:
        sandbox.PRCTL(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


def _child(work: Callable[[], bytes], fd: int) -> None:
    code = 0
    try:
        _settle_child(fd)
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
    return threading.current_thread() is threading.main_thread()


#: a job that has run this long may be stopped for a client with nothing running when all are taken
PREEMPT_AFTER = 0.5


class Busy(KGError):
    """Every worker is taken and the queue is full, or the wait for a worker ran out (HTTP 503)."""


class WorkerLost(KGError):
    """The worker doing the job died, by no limit of ours (killed from outside, or crashed) (503)."""


class Pool:
    """Worker processes, each doing one job at a time under :class:`Limits`, shared fairly.

    For a server: forking a child per request costs milliseconds that a look-up does not need,
    so ``size`` workers are forked up front (sharing the loaded store copy-on-write) and reused;
    more are forked when all are taken, up to ``most`` at once. A runaway holds its worker only
    until its limit, and a client holding ``per_client`` workers takes another only where no one
    else waits for it, so a flood of runaways from one client leaves the others' queries running
    beside them (the operating system shares the CPUs; a short query stays short). When every worker is taken and any job
    waits, the job that has run longest (over :data:`PREEMPT_AFTER`, of the client holding most)
    is stopped with :class:`Busy` to let it in: a runaway keeps a worker only while nobody waits.
    Jobs that cannot start wait in a queue
    that is bounded (``queue`` jobs at most, each for at most one job's time limit), and take
    their turn by client in round robin, fewest running first: past the bound a job is refused
    at once with :class:`Busy`, never left waiting for minutes. A worker that passes a limit, or
    dies, is replaced; one found dead before it was given a job is replaced and the job given
    to another. A worker closes its copies of the server's sockets as it starts (a connection it
    kept open would never end for its client); it holds the process's other open files and pipes
    until :meth:`close`.

    Args:
        handler: called in a worker with a job (anything picklable); returns the answer's bytes.
        size: workers forked up front.
        limits: the limits of each job.
        most: workers at once (default: four per CPU, at least ``size``).
        per_client: workers one client holds before the others go first (default: a quarter of ``most``).
        queue: jobs that may wait for a worker (default: ``2 * most``).
    """

    def __init__(self, handler: Callable[[object], bytes], size: int = 2, limits: Limits = Limits(),
                 most: int | None = None, per_client: int | None = None, queue: int | None = None):
        self.handler, self.limits = handler, limits
        self.most = max(size, most or 4 * (os.cpu_count() or 2), 1)
        self.per_client = per_client or max(1, self.most // 4)
        self.queue = queue if queue is not None else 2 * self.most
        self._turns = threading.Condition()
        self._idle: list[_Worker] = []
        self._workers: set[_Worker] = set()
        self._running: dict[str, int] = {}  # client -> jobs running
        self._served: dict[str, float] = {}  # client -> when its last job started (round robin)
        self._doing: dict[_Worker, tuple[str, float]] = {}  # worker -> (client, when its job started)
        self._waiting: list[tuple[float, str, object]] = []  # (arrival, client, ticket), oldest first
        self._closed = False
        self._threads: "ThreadPoolExecutor | None" = None
        for _ in range(max(1, size)):
            self._idle.append(self._spawn())

    def _spawn(self) -> "_Worker":
        worker = _Worker.fork(self.handler)
        with self._turns:
            self._workers.add(worker)
        return worker

    def run(self, job: object, client: str = "") -> Outcome:
        """Do ``job`` in a worker (waiting for one, in turn) and return its bytes.

        Raises:
            Busy: the queue is full, or no worker came free within the job's time limit.
            LimitExceeded: a limit was passed (the worker is replaced).
            WorkerLost: the worker died doing the job (it is replaced).
            QueryError: the job failed.
        """
        worker = self._take(client)
        try:
            return _drive(self._attempts(worker if worker is not None else self._spawn(), job, client))
        finally:
            self._release(client)

    async def run_async(self, job: object, client: str = "") -> Outcome:
        """:meth:`run`, awaited. Where a worker is free for ``client`` at once and nobody waits, the
        answer is waited for in the running event loop, not on a thread (a server's look-up costs a
        fifth less); else :meth:`run` waits for its turn on a thread. Raises as :meth:`run` does."""
        import asyncio

        worker = self._take_at_once(client)
        if worker is None:
            return await asyncio.get_running_loop().run_in_executor(self._waiting_room(), self.run, job, client)
        try:
            return await _drive_async(self._attempts(worker, job, client))
        finally:
            self._release(client)

    def _waiting_room(self) -> "ThreadPoolExecutor":
        """Threads for the jobs that wait their turn: one for each that may run or wait at once
        (``most + queue``; past that a job is refused at once), so no job waits for a thread
        behind others' waits (the event loop's default executor has six on two CPUs: sixteen
        runaways from one client once held them all and a short query waited for its thread)."""
        with self._turns:
            if self._threads is None:
                from concurrent.futures import ThreadPoolExecutor

                self._threads = ThreadPoolExecutor(self.most + self.queue, thread_name_prefix="kg-pool")
            return self._threads

    def _release(self, client: str) -> None:
        with self._turns:
            self._running[client] -= 1
            if not self._running[client]:
                del self._running[client]
                self._forget_if_gone(client)
            self._turns.notify_all()

    def _take_at_once(self, client: str) -> "_Worker | None":
        """An idle worker for ``client`` if it may start now, ahead of nobody (None: it must wait
        its turn, see :meth:`_take`)."""
        with self._turns:
            if self._waiting or not self._idle or self._closed or sum(self._running.values()) >= self.most:
                return None
            self._start_turn(client)
            return self._idle.pop()

    def _start_turn(self, client: str) -> None:
        """``client``'s job counts as running from now (called with the lock held)."""
        self._running[client] = self._running.get(client, 0) + 1
        self._served[client] = time.monotonic()
        self._turns.notify_all()

    def _take(self, client: str) -> "_Worker | None":
        """An idle worker (None: fork one) for ``client``'s job once it is its turn, counted as
        running for ``client`` from then on."""
        ticket = object()
        with self._turns:
            if len(self._waiting) >= self.queue:
                raise Busy(f"the server is busy: {len(self._waiting)} queries wait already; try again shortly")
            arrival = time.monotonic()
            self._waiting.append((arrival, client, ticket))
            deadline = arrival + self.limits.timeout
            while self._next() is not ticket:
                if sum(self._running.values()) >= self.most:
                    self._make_room()
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    self._waiting.remove((arrival, client, ticket))
                    if not self._running.get(client):
                        self._forget_if_gone(client)
                    self._turns.notify_all()
                    raise Busy(f"the server is busy: no worker came free within {self.limits.timeout:g} s; "
                               "try again shortly")
                self._turns.wait(min(left, PREEMPT_AFTER / 4))  # awake now and then to make room
            self._waiting.remove((arrival, client, ticket))
            self._start_turn(client)
            return self._idle.pop() if self._idle else None

    def _forget_if_gone(self, client: str) -> None:
        """A client with nothing running and nothing waiting is forgotten (its turn's place in
        the round robin): a server meets clients without end. Called with the lock held."""
        if not any(waiting == client for _, waiting, _ in self._waiting):
            self._served.pop(client, None)

    def _next(self) -> object | None:
        """The ticket whose turn it is: none while ``most`` run; else clients under their share
        first, the one with fewest running, then the one served longest ago; a client's own jobs
        oldest first. A share is a place in the line, not a cap: a client over its share still
        takes a worker no one else waits for."""
        if sum(self._running.values()) >= self.most:
            return None
        eligible = [(self._running.get(client, 0) >= self.per_client, self._running.get(client, 0),
                     self._served.get(client, 0.0), arrival, ticket) for arrival, client, ticket in self._waiting]
        return min(eligible, key=lambda e: e[:4])[4] if eligible else None

    def _make_room(self) -> None:
        """All workers taken and a job waits: stop the job that has run longest (past
        :data:`PREEMPT_AFTER`, so a runaway), of the client holding most, to let it in. Called
        with the lock held; one job at a time. Jobs are told apart by their age, not by where
        they come from: a short query waits behind no runaway, even one sent from its own
        address (a proxy, a NAT), for longer than it takes to stop the runaways ahead of it."""
        now = time.monotonic()
        if any(worker.preempted for worker in self._doing):
            return  # one already stopping: its worker comes free
        candidates = [(-self._running.get(client, 0), started, worker) for worker, (client, started)
                      in self._doing.items() if now - started > PREEMPT_AFTER]
        if candidates:
            worker = min(candidates, key=lambda c: c[:2])[2]
            worker.preempted = True
            try:
                os.kill(worker.pid, signal.SIGKILL)  # its own thread sees it end and answers Busy
            except ProcessLookupError:
                pass

    def _attempts(self, worker: "_Worker", job: object, client: str = "") -> Generator[int, bool, Outcome]:
        """``job`` done by ``worker``, or by a fresh one where it died idle or could not take the
        job, as steps (see :meth:`_Worker.exchange`). Closed part-way (a request given up), the
        worker is retired: its answer would be left unread in its pipe."""
        for attempt in range(2):
            if not worker.idle_and_alive():  # died while idle (killed from outside): another one
                self._retire(worker)
                worker = self._spawn()
            healthy = False
            with self._turns:
                self._doing[worker] = (client, time.monotonic())
            try:
                outcome = yield from worker.exchange(job, self.limits)
                healthy = True
                return outcome
            except _NotSent:
                if attempt:
                    raise WorkerLost("the query worker could not be started; try again") from None
            except KGError as e:
                healthy = not isinstance(e, (LimitExceeded, WorkerLost)) and worker.alive
                raise
            finally:
                with self._turns:
                    self._doing.pop(worker, None)
                if healthy:
                    with self._turns:
                        self._idle.append(worker)
                else:
                    self._retire(worker)
            worker = self._spawn()  # the job was never sent: a fresh worker takes it

    def _retire(self, worker: "_Worker") -> None:
        worker.kill()
        with self._turns:
            self._workers.discard(worker)
            if worker in self._idle:
                self._idle.remove(worker)

    def close(self) -> None:
        with self._turns:
            self._closed = True
            workers, self._workers, self._idle = list(self._workers), set(), []
            self._turns.notify_all()
        if self._threads is not None:
            self._threads.shutdown(wait=False)
        for worker in workers:
            worker.kill()


def _drive(steps: Generator[int, bool, Outcome]) -> Outcome:
    """Run an exchange's steps on this thread, waiting on each pipe with ``select``."""
    readable = None
    while True:
        try:
            fd = steps.send(readable)
        except StopIteration as done:
            return done.value
        readable = bool(select.select([fd], [], [], _POLL)[0])


async def _drive_async(steps: Generator[int, bool, Outcome]) -> Outcome:
    """Run an exchange's steps in the running event loop, waiting on each pipe without a thread."""
    import asyncio

    loop = asyncio.get_running_loop()
    readable = None
    try:
        while True:
            try:
                fd = steps.send(readable)
            except StopIteration as done:
                return done.value
            readable = await _readable(loop, fd, _POLL)
    finally:
        steps.close()  # given up part-way (the request was cancelled): the steps clean up


async def _readable(loop, fd: int, seconds: float) -> bool:
    """Whether ``fd`` can be read within ``seconds``, waited for in ``loop``."""
    ready = loop.create_future()

    def settle(readable: bool) -> None:
        if not ready.done():
            ready.set_result(readable)
    timer = loop.call_later(seconds, settle, False)
    loop.add_reader(fd, settle, True)
    try:
        return await ready
    finally:
        loop.remove_reader(fd)
        timer.cancel()


class _NotSent(Exception):
    """The job could not be handed to the worker (its pipe was closed): it did not start."""


class _Worker:
    """One pooled child: jobs in through one pipe, answers out through another."""

    def __init__(self, pid: int, jobs: int, answers: int):
        self.pid, self.jobs, self.answers = pid, jobs, answers
        self.alive = True
        self.preempted = False  # stopped by the pool to make room (see Pool._make_room)
        self.killed = False

    @classmethod
    def fork(cls, handler: Callable[[object], bytes]) -> "_Worker":
        with _signals_held(), _FORKING:
            job_read, job_write = os.pipe()
            answer_read, answer_write = os.pipe()
            pid = os.fork()
            if pid == 0:  # ends when its job pipe closes, as it does when the server ends
                os.close(job_write)
                os.close(answer_read)
                _serve_jobs(handler, job_read, answer_write)
            os.close(job_read)
            os.close(answer_write)
            return cls(pid, job_write, answer_read)

    def exchange(self, job: object, limits: Limits) -> Generator[int, bool, Outcome]:
        """Send ``job`` and read its answer under ``limits``, in steps: at each ``yield`` of the answer
        pipe, the caller waits until it can be read or :data:`_POLL` has passed and sends which
        (:func:`_drive` with ``select``, :func:`_drive_async` in an event loop)."""
        import pickle
        import struct

        data = pickle.dumps(job)
        started = time.monotonic()
        try:
            os.write(self.jobs, struct.pack("!Q", len(data)) + data)
        except OSError:
            self.alive = False
            raise _NotSent() from None
        watcher = _Watcher(self.pid, self.answers, limits, started)
        header = b""
        while len(header) < 9:  # status byte and length, then the answer
            header += yield from self._part(watcher, 9 - len(header))
        code, length = struct.unpack("!BQ", header)
        if length > limits.max_result_mb * 1024 * 1024:
            self.alive = False
            raise LimitExceeded(f"the answer passed {limits.max_result_mb} MiB and was stopped; add LIMIT")
        body = bytearray()
        while len(body) < length:
            body += yield from self._part(watcher, min(_CHUNK, length - len(body)))
        if code:
            raise QueryError(bytes(body).decode("utf-8", "replace"))
        return Outcome(bytes(body), time.monotonic() - started, watcher.peak_kb / 1024)

    def _part(self, watcher: "_Watcher", most: int) -> Generator[int, bool, bytes]:
        """Up to ``most`` bytes of the answer once the pipe can be read; between looks, the limits."""
        while True:
            if (yield self.answers):
                chunk = os.read(self.answers, most)
                if not chunk:
                    self.alive = False
                    _, status = os.waitpid(self.pid, 0)
                    if self.preempted:
                        raise Busy(f"the server is full: this query was stopped after "
                                   f"{time.monotonic() - watcher.started:.1f} s to let other clients' queries "
                                   "run; try again shortly")
                    name = signal.Signals(os.WTERMSIG(status)).name if os.WIFSIGNALED(status) else f"exit {status}"
                    raise WorkerLost(f"the query worker stopped ({name}) while running this query; "
                                     "it was not run to the end")
                return chunk
            watcher.watch_memory()
            if time.monotonic() - watcher.started > watcher.limits.timeout:
                self.alive = False
                raise LimitExceeded(f"the query was stopped after {watcher.limits.timeout:g} s (its time limit); "
                                    "narrow it, add LIMIT, or give more time")

    def idle_and_alive(self) -> bool:
        """Whether the worker is still there to take a job (it may have been killed while idle)."""
        if self.alive:
            try:
                self.alive = os.waitpid(self.pid, os.WNOHANG) == (0, 0)
            except ChildProcessError:
                self.alive = False
        return self.alive

    def kill(self) -> None:
        if self.killed:  # once only: its pipes' numbers may already belong to a newer worker
            return
        self.killed = True
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
    import pickle
    import struct

    _settle_child(jobs, answers)
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
