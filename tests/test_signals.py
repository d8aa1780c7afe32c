"""Ctrl-C and SIGTERM end every command with one line and exit 130, at any moment kg's code runs.

Each command is started as a shell starts it (``python -m kg``, Ctrl-C in its default state) and
signalled at several moments after it holds the signals: during start-up (imports), while loading,
while working, while writing. A command that has already finished when its moment comes is not
counted. No test here depends on how fast the machine is: each waits for what it needs to see.
"""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def commands(out: Path) -> dict[str, list[str]]:
    return {
        "query": ["query", SLOW, "--timeout", "600"],
        "build": ["build", "--out", str(out / "build")],
        "export": ["export", "-o", str(out / "x.ttl")],
        "validate": ["validate"],
        "stats": ["stats"],
        "serve": ["serve", "--port", "0"],
    }


def _catches_both(pid: int) -> bool:
    """Whether the process has handlers for both SIGINT and SIGTERM (its SigCgt mask in /proc):
    `python -m kg` sets them on its first line; before that, Python itself is starting and a
    signal's default action (or Python's own KeyboardInterrupt) is what happens, not kg's."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            mask = next(int(line.split()[1], 16) for line in status if line.startswith("SigCgt:"))
    except (OSError, StopIteration):
        return False
    return all(mask & (1 << (sig - 1)) for sig in (signal.SIGINT, signal.SIGTERM))


def signalled(args: list[str], after: float, sig: signal.Signals) -> tuple[int, str] | None:
    """Start a command, wait until it holds the signals (however long a loaded machine takes to
    start Python), then ``after`` seconds more, and signal it. None: it had ended by then."""
    process = subprocess.Popen([sys.executable, "-m", "kg", "--root", str(REPOSITORY), *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    waited = time.monotonic()
    while not _catches_both(process.pid):
        if process.poll() is not None or time.monotonic() - waited > 120:
            process.kill()
            _, err = process.communicate()
            raise AssertionError(f"kg {args[0]} never took the signals over: {err}")
        time.sleep(0.002)
    time.sleep(after)
    if process.poll() is not None:
        process.communicate()
        return None
    process.send_signal(sig)
    _, err = process.communicate(timeout=120)
    return process.returncode, err


@pytest.mark.slow
def test_every_command_ends_with_130_and_one_line_whenever_signalled(tmp_path):
    """Signalled at moments counted from when kg holds the signals (start-up imports, loading,
    working, writing), never from when Python was started: on a loaded machine Python's own
    start-up can take longer than any fixed moment, and a signal then is Python's to act on."""
    cases = [(name, args, after, sig) for name, args in commands(tmp_path).items()
             for after in (0.0, 0.1, 0.3, 0.8) for sig in (signal.SIGINT, signal.SIGTERM)]
    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(lambda case: signalled(case[1], case[2], case[3]), cases))
    reached = 0
    for (name, _, after, sig), outcome in zip(cases, outcomes):
        if outcome is None:
            continue
        code, err = outcome
        reached += 1
        if code == 0 and "Traceback" not in err:
            continue  # it had finished its work: the signal came as it was exiting
        lines = [line for line in err.splitlines() if not line.startswith("serving on ")]
        assert (code, lines) == (130, ["error: interrupted"]) or (
            code == 130 and len(lines) == 1 and lines[0].startswith("error: interrupted")), (name, after, sig.name, code, err)
    # query (a 600 s query) and serve never end by themselves: at least their 16 cases are reached
    assert reached >= 16, reached


def test_an_interrupt_python_wraps_is_still_an_interrupt():
    """Ctrl-C met while a class is being made comes back wrapped ("Error calling __set_name__",
    as seen while networkx was imported): the command still ends as interrupted, not as a bug."""
    from kg.cli import _caused_by_interrupt

    class Breaks:
        def __set_name__(self, owner, name):
            raise KeyboardInterrupt

    try:
        type("Made", (), {"part": Breaks()})
    except BaseException as e:  # noqa: BLE001 - what Python raises here is the point
        wrapped = e
    assert isinstance(wrapped, RuntimeError) or sys.version_info >= (3, 12)  # 3.12 stopped wrapping it
    assert _caused_by_interrupt(wrapped)
    assert not _caused_by_interrupt(RuntimeError("a bug of ours"))


def test_after_a_signal_a_half_made_object_s_cleanup_is_not_shown():
    """SIGTERM while a module was imported left an object half made, whose __del__ then failed
    ("Exception ignored in: <function Forward.__del__ ...>" after "error: interrupted"): once a
    signal has come, such reports are not shown; before it, they are."""
    script = (
        "import gc, os, signal, sys\n"
        "from kg import _main\n"
        "class Half:\n"
        "    def __del__(self):\n"
        "        self.missing\n"
        "sys.unraisablehook = _main._unraisable\n"
        "Half(); gc.collect()\n"
        "print('---', file=sys.stderr, flush=True)\n"
        "_main._received.append(signal.SIGTERM)\n"
        "Half(); gc.collect()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=REPOSITORY)
    before, _, after = done.stderr.partition("---")
    assert "AttributeError" in before and after.strip() == ""


def test_a_signal_after_the_command_has_finished_stops_nothing():
    """'wrote 5017 statements ...' then 'error: interrupted' and 130 was seen when SIGTERM came as
    kg export was exiting: once the command has finished and said so, a signal changes nothing."""
    script = (
        "import signal, sys\n"
        "from kg import _main\n"
        "try:\n"
        "    _main._interrupted(signal.SIGTERM, None)\n"
        "except KeyboardInterrupt:\n"
        "    print('stopped while working')\n"
        "_main._received.clear()\n"
        "_main.finished()\n"
        "_main._interrupted(signal.SIGTERM, None)\n"
        "print('after finishing:', _main._received)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=REPOSITORY)
    assert done.stdout.splitlines() == ["stopped while working", "after finishing: []"], done.stderr


def test_a_signal_during_an_import_is_acted_on_once_the_import_is_over(tmp_path):
    """An import cut short can crash the interpreter (rdflib and pySHACL, signalled while they
    imported: 6 of 280 processes ended in SIGSEGV): kg holds the interrupt until the import is over.
    The module being imported says when it has started and waits for the test's word to finish, so
    the signal surely comes during the import, however loaded the machine."""
    (tmp_path / "slowmod.py").write_text(
        "import sys\nprint('importing', flush=True)\nsys.stdin.readline()\nDONE = True\n", encoding="utf-8")
    script = (f"import os, sys\nsys.path[:0] = [{str(REPOSITORY)!r}, {str(tmp_path)!r}]\n"
              "from kg._main import take_over_signals\ntake_over_signals()\n"
              "try:\n    import slowmod\n    print('imported', flush=True)\n    sys.stdin.readline()\n"
              "except KeyboardInterrupt:\n"
              "    print('done' if getattr(sys.modules.get('slowmod'), 'DONE', False) else 'cut', flush=True)\n"
              "    os._exit(130)\n")
    process = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "importing\n"
        process.send_signal(signal.SIGTERM)  # while slowmod is being imported
        process.stdin.write("go\n")
        process.stdin.flush()  # the import may end now
        # the held interrupt comes once the import is over: it ends the wait that follows the import
        # (stdin stays open, so without it the process would wait for ever and the timeout would fail it)
        rest = _read_to_end(process.stdout, seconds=120)
        assert process.wait(timeout=10) == 130
    finally:
        process.kill()
    assert rest in ("done\n", "imported\ndone\n"), rest


def _read_to_end(stream, seconds: float) -> str:
    """What a child writes until it ends; an AssertionError if it has not ended within ``seconds``
    (a generous bound: a wait that never ends fails here instead of hanging the suite)."""
    import os
    import selectors

    chunks, deadline = [], time.monotonic() + seconds
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            assert left > 0, "the child did not end: " + "".join(chunks)
            if selector.select(left):
                data = os.read(stream.fileno(), 4096)
                if not data:
                    return "".join(chunks)
                chunks.append(data.decode())


def test_an_interrupt_held_back_by_an_import_goes_to_whoever_took_the_signal_over_meanwhile():
    """`kg serve`: a signal that came while a module was imported is raised again shortly after;
    by then the server may have taken the signals over (to shut down cleanly). The interrupt is
    then the server's to act on: raised as KeyboardInterrupt inside the server's start-up it was
    once swallowed there, and the server ran on, deaf to it."""
    assert kg_taking_signals(
        "_main._received.append(signal.SIGTERM)  # held back by an import\n"
        "got = []\n"
        "signal.signal(signal.SIGTERM, lambda s, f: got.append(s))  # the server takes the signal over\n"
        "_main._again(signal.SIGALRM, sys._getframe())  # the import is over: the interrupt comes back\n"
        "print(got == [signal.SIGTERM], _main._received == [])\n") == "True True"


def test_an_interrupt_leaves_no_warning_behind_its_one_line():
    """Ctrl-C as kg serve hands its server to the event loop left a coroutine never awaited, and
    Python said so after 'error: interrupted' (seen in a fresh-clone CI run): once interrupted,
    kg prints nothing but its line."""
    assert kg_taking_signals(
        "async def serve():\n"
        "    pass\n"
        "started = serve()\n"
        "try:\n"
        "    _main._interrupted(signal.SIGTERM, sys._getframe())\n"
        "except KeyboardInterrupt:\n"
        "    del started\n"
        "    gc.collect()\n"
        "print('interrupted')\n") == "interrupted"


def kg_taking_signals(script: str) -> str:
    """What ``script`` prints, run in a Python of its own after kg has taken the signals over
    (``_main``, ``signal``, ``sys`` and ``gc`` at hand); it must print nothing else, anywhere."""
    done = subprocess.run([sys.executable, "-c", "import gc, signal, sys\nfrom kg import _main\n"
                           "_main.take_over_signals()\n" + script],
                          capture_output=True, text=True, timeout=60, cwd=REPOSITORY)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout.strip()
