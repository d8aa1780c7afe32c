"""File input and output: input read no further than a limit; atomic output, written to a
temporary file beside the target, then renamed over it.

A failure part-way (an error, Ctrl-C, SIGTERM) leaves the previous file untouched and no
temporary file behind. The new file keeps the old one's mode and owner. A symlink is followed
(its target is replaced, the link stays); a device or pipe is written through, never replaced.
"""
from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from kg.errors import UsageError


def read_capped(path: str | Path, most: int, *, pipes: bool = False) -> bytes | None:
    """Up to ``most + 1`` bytes of the file at ``path``, from one open (one more than allowed, so
    that the caller can tell it is too long), or None where it is no regular file (nor a pipe,
    where ``pipes``): a device may never end and is refused before it is read.

    Raises:
        OSError: the file cannot be opened or read.
    """
    with open(path, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not (stat.S_ISREG(mode) or pipes and stat.S_ISFIFO(mode)):
            return None
        return handle.read(most + 1)


@contextmanager
def atomic_output(path: str | Path, mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file for writing that replaces ``path`` only if the block succeeds."""
    target = Path(path)
    if target.is_symlink():  # write the file the link points to; the link stays a link
        target = Path(os.path.realpath(target))
    if target.exists() and not target.is_file():  # a device or a pipe: written through, never replaced
        if target.is_dir():
            raise UsageError(f"cannot write {path}: it is a directory")
        with _opened(target, mode) as handle:
            yield handle
        return
    _check_writable(path, target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except (FileExistsError, NotADirectoryError):
        raise UsageError(f"cannot write {path}: a folder on its path is a file") from None
    except OSError as e:
        raise UsageError(f"cannot write {path}: {e.strerror or e}") from None
    _keep_mode(target, tmp)
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check_writable(path: str | Path, target: Path) -> None:
    """Refuse to make a folder the user did not ask for (a file is written only into a folder that
    is there, through a link too), or to replace a file its owner made read-only.

    Raises:
        UsageError: the folder is missing, or the file is read-only.
    """
    folder = target.parent
    if not folder.is_dir():
        shown = f"{path} (a link to {target})" if str(target) != str(path) and Path(path).is_symlink() else str(path)
        if any(p.exists() and not p.is_dir() for p in (folder, *folder.parents)):
            raise UsageError(f"cannot write {shown}: a folder on its path is a file")
        raise UsageError(f"cannot write {shown}: the folder {folder} does not exist; kg makes no folder for a file "
                         "it writes")
    try:
        mode = target.stat().st_mode
    except OSError:
        return  # a new file
    if not mode & 0o222 or not os.access(target, os.W_OK):
        raise UsageError(f"cannot write {path}: the file is read-only; make it writable or write elsewhere")


@contextmanager
def _opened(target: Path, mode: str) -> Iterator[IO]:
    try:
        handle = open(target, mode, encoding=None if "b" in mode else "utf-8")
    except OSError as e:
        raise UsageError(f"cannot write {target}: {e.strerror or e}") from None
    with handle:
        yield handle


def _keep_mode(target: Path, tmp: str) -> None:
    """The new file gets the old one's mode and owner; a new file the umask's ordinary mode."""
    try:
        old = target.stat()
    except OSError:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private; outputs are ordinary files
        return
    os.chmod(tmp, old.st_mode & 0o7777)
    if hasattr(os, "chown") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.chown(tmp, old.st_uid, old.st_gid)
        except OSError:  # not allowed to give it away: keep ours
            pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (whatever the locale says)."""
    with atomic_output(path, "w") as handle:
        handle.write(text)


def write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_output(path, "wb") as handle:
        handle.write(data)
