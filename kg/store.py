"""The on-disk store's folder: kg writes only where it may, and deletes only what it made.

``--store DIR`` names a folder that kg owns once it has claimed it: a folder that is missing or
empty is claimed by writing a marker file (:data:`MARKER`) in it before anything else; a folder
that holds the marker (or the manifest of an older kg) is ours already. Any other folder is
refused before a byte is written, whatever it holds. When a store of ours is damaged and must be
made anew, only the files the store engine and kg write (by their names) are removed, never
sub-folders and never a file of another name: a user's file left in a store folder survives.

One process at a time fills a store: the others wait on a lock of the marker file and then find
it filled, so concurrent first use of an empty folder never fails.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from kg._io import atomic_output
from kg.errors import LoadError, UsageError

#: the file that says a folder is a store kg made
MARKER = "KG-STORE"
#: what the store holds: the files it was filled from and its statement count
MANIFEST = "kg-manifest.json"
_MARKER_TEXT = ("This folder is an on-disk store made by kg (vn-customs-kg). kg may delete the files it\n"
                "made here (the store engine's files and kg-manifest.json) when it rebuilds the store.\n")
#: file names RocksDB (Oxigraph's on-disk engine) writes in its folder
_ENGINE_FILES = re.compile(r"^(?:CURRENT|IDENTITY|LOCK|LOG|LOG\.old\.\d+|MANIFEST-\d+|OPTIONS-\d+(?:\.dbtmp)?"
                           r"|\d+\.(?:sst|log|blob|dbtmp)|CURRENT\.dbtmp)$")
_OWN_FILES = re.compile(rf"^(?:{re.escape(MANIFEST)}|\.{re.escape(MANIFEST)}\..*\.tmp)$")


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
    if is_ours(folder):
        return folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if any(folder.iterdir()):
            raise UsageError(f"--store {folder}: the folder holds files kg did not make; kg makes a store only "
                             "in a new or empty folder (or one it made), so choose another --store")
        fd = os.open(folder / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return folder  # another kg claimed it at the same moment
    except NotADirectoryError:
        raise UsageError(f"--store {folder}: a folder on its path is a file") from None
    except OSError as e:
        raise LoadError(str(folder), f"cannot make the store folder: {e.strerror or e}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(_MARKER_TEXT)
    return folder


def is_ours(folder: Path) -> bool:
    """Whether ``folder`` holds kg's marker, or the manifest that kg before the marker wrote."""
    return (folder / MARKER).is_file() or (folder / MANIFEST).is_file()


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the store's lock (waiting for another kg that holds it) while the block runs."""
    marker = folder / MARKER
    try:
        if not marker.exists():  # a store of an older kg: marked now
            with atomic_output(marker, "w") as handle:
                handle.write(_MARKER_TEXT)
        fd = os.open(marker, os.O_RDONLY)
    except (OSError, UsageError) as e:
        # a store we may read but not write (another user's, read-only media): no lock to take
        if isinstance(e, OSError) and e.errno not in (errno.EACCES, errno.EROFS, errno.EPERM):
            raise LoadError(str(folder), f"cannot lock the store: {e.strerror or e}") from None
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def remove_own_files(folder: Path) -> None:
    """Delete the store engine's files and kg's manifest from ``folder``, and nothing else."""
    for entry in folder.iterdir():
        if (_ENGINE_FILES.match(entry.name) or _OWN_FILES.match(entry.name)) and entry.is_file() \
                and not entry.is_symlink():
            entry.unlink(missing_ok=True)


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {"files": None}


def write_manifest(folder: Path, manifest: dict) -> None:
    with atomic_output(folder / MANIFEST, "w") as handle:
        handle.write(json.dumps(manifest, indent=1))


def tables(folder: Path) -> list[list]:
    """The store's own files (not its logs, lock, marker or manifest) with their sizes and times."""
    return sorted([f.name, f.stat().st_size, f.stat().st_mtime_ns] for f in folder.iterdir()
                  if not f.name.startswith("LOG") and f.name not in ("LOCK", MANIFEST, MARKER))
