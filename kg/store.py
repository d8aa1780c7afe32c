"""The on-disk store's folder: kg writes only where it may, and deletes only what it recorded.

``--store DIR`` names a folder that kg owns once it has claimed it: a folder that is missing or
empty is claimed by creating its mark (:data:`MARKER`, a JSON file whose first key says kg made
it) before anything else; a folder whose mark reads as kg's is ours already. Any other folder is
refused before a byte is written, whatever it holds: a file *named* like kg's (a
``kg-manifest.json``, an engine's ``CURRENT``) proves nothing.

Inside a store of ours the engine writes only in a data folder kg made new (``data-XXXXXXXX``),
and the mark records the files the engine left there. An engine opened for writing deletes files
it takes for its own, so kg opens a data folder for writing only while it is new; a store filled
anew is filled in a new data folder, and the old one loses only the files the mark recorded in it
(then the folder itself, if nothing else is left). A file of anyone else's, of any name, anywhere
in the store, is never removed or overwritten.

One process at a time fills a store: the others wait on a lock of the folder and then find it
filled, so concurrent first use of an empty folder never fails.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import secrets
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from kg._io import atomic_output
from kg.errors import LoadError, UsageError

#: the file that marks a folder as a store kg made, and records what kg made in it
MARKER = "KG-STORE"
_MADE_BY = ("an on-disk store made by kg (vn-customs-kg); kg deletes only the files this mark records "
            "as its own, in the data folder it names")
#: the whole text of the mark an earlier kg wrote (its engine files beside it, never deleted now)
_OLD_MARK = ("This folder is an on-disk store made by kg (vn-customs-kg). kg may delete the files it\n"
             "made here (the store engine's files and kg-manifest.json) when it rebuilds the store.\n")
_DATA_PREFIX = "data-"


def claim(path: str | Path) -> Path:
    """The store folder ``path``, made ours if it is missing or empty.

    Raises:
        UsageError: ``path`` is empty, is a file, or is a folder with files kg did not make.
        LoadError: the folder cannot be made or marked.
    """
    if str(path).strip() == "":
        raise UsageError("--store: give a folder for the store (an empty name would be the current folder)")
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--store {folder}: it is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise UsageError(f"--store {folder}: a folder on its path is a file") from None
    except OSError as e:
        raise LoadError(str(folder), f"cannot make the store folder: {e.strerror or e}") from None
    with locked(folder):  # a kg marking the folder at this moment is waited for
        if read_state(folder) is not None:
            return folder
        try:
            if any(folder.iterdir()):
                raise UsageError(f"--store {folder}: the folder holds files kg did not make; kg makes a store "
                                 "only in a new or empty folder (or one it made), so choose another --store")
            fd = os.open(folder / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except OSError as e:
            raise LoadError(str(folder), f"cannot mark the store folder: {e.strerror or e}") from None
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(_mark_text({}))
    return folder


def read_state(folder: Path) -> dict | None:
    """What the mark of ``folder`` records, or None where the folder bears no mark of kg's.

    A mark of an earlier kg reads as an empty record: the store is ours, but none of the files
    beside that mark is recorded, so none is ever deleted.
    """
    try:  # no link followed, no pipe waited on: only a plain file can be a mark
        fd = os.open(folder / MARKER, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            text = handle.read(1 << 20).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if text == _OLD_MARK:
        return {}
    try:
        mark = json.loads(text)
    except ValueError:
        return None
    if not isinstance(mark, dict) or mark.get("kg-store") != _MADE_BY or not isinstance(mark.get("state"), dict):
        return None
    return mark["state"]


def record(folder: Path, state: dict) -> None:
    """Write ``state`` into the folder's mark (a mark of ours: replaced whole, atomically)."""
    with atomic_output(folder / MARKER, "w") as handle:
        handle.write(_mark_text(state))


def _mark_text(state: dict) -> str:
    return json.dumps({"kg-store": _MADE_BY, "state": state}, indent=1) + "\n"


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the store folder's lock (waiting for another kg that holds it) while the block runs."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as e:
        if e.errno not in (errno.EACCES, errno.EPERM):
            raise LoadError(str(folder), f"cannot lock the store: {e.strerror or e}") from None
        yield  # a folder we may not even open: nothing to lock, and nothing we could write
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def data_folder(folder: Path, state: dict) -> Path | None:
    """The data folder the mark names, if it names one that is there."""
    name = state.get("data")
    if not isinstance(name, str) or not name.startswith(_DATA_PREFIX) or "/" in name:
        return None
    data = folder / name
    return data if data.is_dir() and not data.is_symlink() else None


def new_data_folder(folder: Path) -> Path:
    """A data folder made new in ``folder`` (a name nobody has taken)."""
    while True:
        data = folder / f"{_DATA_PREFIX}{secrets.token_hex(4)}"
        try:
            data.mkdir()
            return data
        except FileExistsError:
            continue
        except OSError as e:
            raise LoadError(str(folder), f"cannot make the store's data folder: {e.strerror or e}") from None


def listing(data: Path, names: list[str] | None = None) -> list[list]:
    """The regular files of ``data`` (or those of ``names`` still there) with sizes and times."""
    found = []
    for entry in sorted(data.iterdir()) if names is None else [data / n for n in sorted(names)]:
        try:
            info = entry.lstat()
        except OSError:
            continue
        if entry.is_file() and not entry.is_symlink():
            found.append([entry.name, info.st_size, info.st_mtime_ns])
    return found


def retire(folder: Path, state: dict) -> None:
    """Delete the files the record ``state`` owns in its data folder, then the folder if empty."""
    data = data_folder(folder, state)
    if data is None:
        return
    for name in owned_names(state):
        entry = data / name
        if entry.is_file() and not entry.is_symlink():
            entry.unlink(missing_ok=True)
    try:
        data.rmdir()
    except OSError:
        pass  # something not ours is left in it: the folder stays


def owned_names(state: dict) -> list[str]:
    """The names of the files the record says kg's engine wrote (plain names only)."""
    owned = state.get("owned")
    if not isinstance(owned, list):
        return []
    return [item[0] for item in owned if isinstance(item, list) and item and isinstance(item[0], str)
            and item[0] not in ("", ".", "..") and "/" not in item[0] and "\x00" not in item[0]]
