"""The ``kg`` program's entry point: Ctrl-C and SIGTERM are taken over before anything else.

Both end any command, at any moment from here on (start-up included), with one line,
``error: interrupted``, and exit status 130, as the README promises; never a traceback and never
the 143 of an unhandled SIGTERM. The command line itself is :mod:`kg.cli`.
"""
from __future__ import annotations

import atexit
import os
import signal
import sys
import warnings


_received: list[int] = []  # the signals that came: one may be swallowed where Python ignores exceptions
_done: list[bool] = []     # the command has finished its work and said so: a signal now changes nothing


def finished() -> None:
    """The command's work is done and its outcome said ("wrote 5017 statements ..."): a signal
    that comes while the process exits is too late to stop it, and must not say it did."""
    _done.append(True)


def _interrupted(signum, frame):
    if _done:
        return
    _received.append(signum)
    _raise_unless_importing(frame)


def _raise_unless_importing(frame) -> None:
    """Raise the interrupt, unless a module is being imported: then ask again shortly (SIGALRM).

    An import cut short can crash the interpreter: signalled at random moments while rdflib and
    pySHACL imported, 6 of 280 processes ended in SIGSEGV (a C extension left half made), where a
    command must end with its one line. An import is over in a fraction of a second."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib._bootstrap"):
            signal.setitimer(signal.ITIMER_REAL, _AGAIN)
            return
        frame = frame.f_back
    # the command now ends with its one line: no warning of what the interrupt left half done
    # ("coroutine 'Server.serve' was never awaited", when it came as kg serve started its server)
    warnings.simplefilter("ignore")
    raise KeyboardInterrupt


def _again(signum, frame):
    if _done or not _received:
        return
    taken = _received[-1]
    if signal.getsignal(taken) is not _interrupted:
        # held back by an import, it finds another handler in place: `kg serve`'s server took the
        # signals over meanwhile, and shuts down on its own handler's word (raised here, the
        # interrupt would end the server mid-start, or be swallowed by its start-up and lost)
        _received.remove(taken)
        signal.raise_signal(taken)
        return
    _raise_unless_importing(frame)


_AGAIN = 0.02  # seconds before an interrupt held back by an import is tried again


def _unraisable(report) -> None:
    """A KeyboardInterrupt raised where Python ignores exceptions is not shown: it was recorded,
    and the command ends as interrupted all the same (see :func:`main`). Nor is anything else once
    a signal has come: an object the interrupt left half made may fail to clean up after itself
    (pyparsing's ``Forward.__del__`` when SIGTERM came while rdflib was imported), and the command
    ends with its one line all the same."""
    if not issubclass(report.exc_type, KeyboardInterrupt) and not _received:
        sys.__unraisablehook__(report)


def _stop() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the line is written and the exit made, whatever comes
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _flush()
    os.write(2, b"error: interrupted\n")
    os._exit(130)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass


def take_over_signals() -> None:
    """Ctrl-C and SIGTERM raise KeyboardInterrupt from here on (held back while a module imports)."""
    sys.unraisablehook = _unraisable
    signal.signal(signal.SIGALRM, _again)
    signal.signal(signal.SIGTERM, _interrupted)
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # not ignored by whoever started kg
        signal.signal(signal.SIGINT, _interrupted)


def main(held: list[int] | None = None) -> None:
    """The ``kg`` program; ``held``: the signals that came before it took them over (`python -m kg`
    holds them from its first line), which end it at once."""
    try:
        take_over_signals()
        if held:
            _received.extend(held)
            raise KeyboardInterrupt
        from kg.cli import main as command_line

        command_line()
    except KeyboardInterrupt:
        _stop()
    except SystemExit as e:
        # the command is done: a signal now would only turn its outcome into a traceback at exit
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if _received:
            if e.code != 130:  # raised where Python ignores exceptions (a weakref callback, a __del__)
                _stop()        # and swallowed, so the command went on: it still ends as interrupted
            # Python would end a process that met a KeyboardInterrupt by SIGINT (status -2), even
            # after the command handled it: exit with the command's 130 ourselves
            atexit._run_exitfuncs()
            _flush()
            os._exit(130)
        raise
    if _received:
        _stop()


if __name__ == "__main__":
    main()
