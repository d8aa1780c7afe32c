"""Running the real ``kg`` program as a user does, and reading its one-line errors."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TINY = Path(__file__).parent / "data" / "project"


def kg_run(*args, root=TINY, timeout=60, **kw) -> subprocess.CompletedProcess:
    """``kg --root ROOT ARGS`` as a real subprocess: real exit codes, stderr and signals."""
    return subprocess.run([sys.executable, "-m", "kg", "--root", str(root), *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, **kw)


def one_clear_line(result: subprocess.CompletedProcess, code: int = 2) -> str:
    """The one ``error: ...`` line a failed command printed (asserting it is one, with ``code``)."""
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]
