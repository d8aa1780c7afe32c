"""``python -m kg``: the ``kg`` program.

Ctrl-C and SIGTERM are held from the first line (by the C module ``_signal``, which loads at once,
where ``signal`` first imports ``enum``: milliseconds, more on a busy machine, in which an
interrupt would end kg with a traceback), and acted on as soon as :func:`kg._main.main` takes
them over.
"""
import _signal

_held: list[int] = []


def _hold(signum, frame):
    _held.append(signum)


_signal.signal(_signal.SIGTERM, _hold)
if _signal.getsignal(_signal.SIGINT) is not _signal.SIG_IGN:  # not ignored by whoever started kg
    _signal.signal(_signal.SIGINT, _hold)

from kg._main import main  # noqa: E402

main(_held)
