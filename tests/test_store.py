"""kg.store: a store folder is written only where kg may, and kg deletes only what it made.

Each case is one a hostile user tried: ``--store`` naming a folder of the user's, the current
folder, a system folder, or the same empty folder from several processes at once.
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import kg
from tests.helpers import kg_run
from kg.errors import UsageError
from kg.store import MANIFEST, MARKER, claim

TINY = Path(__file__).parent / "data" / "project"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>" for p in sorted(folder.rglob("*"))}


def test_a_folder_of_the_users_is_refused_and_survives_damage_after(tmp_path):
    # the recipe: a store in a folder with a file of the user's, then that store damaged
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep")
    before = tree(folder)
    first = kg_run("--store", folder, "query", "ASK {}")
    assert first.returncode == 2 and "holds files kg did not make" in first.stderr
    assert "rm " not in first.stderr and "Traceback" not in first.stderr
    (folder / "CURRENT").write_text("x")
    again = kg_run("--store", folder, "query", "ASK {}")
    assert again.returncode == 2
    assert tree(folder) == {**before, "CURRENT": b"x"}


def test_the_current_folder_is_never_a_store(tmp_path):
    (tmp_path / "README.md").write_text("mine")
    result = kg_run("--store", "", "query", "ASK {}", cwd=tmp_path)
    assert result.returncode == 2 and "--store" in result.stderr and "Traceback" not in result.stderr
    assert tree(tmp_path) == {"README.md": b"mine"}
    with pytest.raises(UsageError):
        kg.load(TINY, store_path="")


def test_a_system_folder_is_refused_without_advice_to_delete_it():
    result = kg_run("--store", "/proc", "stats")
    assert result.returncode == 2 and "did not make" in result.stderr
    assert "rm " not in result.stderr


def test_a_file_is_no_store_folder(tmp_path):
    file = tmp_path / "f"
    file.write_text("data")
    result = kg_run("--store", file, "query", "ASK {}")
    assert result.returncode == 2 and "is a file" in result.stderr and file.read_text() == "data"


def test_a_damaged_store_of_ours_loses_only_the_files_kg_made(tmp_path):
    folder = tmp_path / "store"
    assert kg_run("--store", folder, "query", "ASK {}").returncode == 0
    assert (folder / MARKER).is_file() and (folder / MANIFEST).is_file()
    (folder / "notes.txt").write_text("mine")  # a user's file put among ours later
    (folder / "sub").mkdir()
    (folder / "sub" / "000001.sst").write_text("mine too")
    for table in folder.glob("*.sst"):
        table.write_bytes(b"garbage")
    (folder / "CURRENT").unlink()
    result = kg_run("--store", folder, "query", COUNT, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert (folder / "notes.txt").read_text() == "mine" and (folder / "sub" / "000001.sst").read_text() == "mine too"


def test_a_store_made_before_the_marker_is_still_ours(tmp_path):
    folder = tmp_path / "store"
    kg.load(TINY, store_path=folder)
    (folder / MARKER).unlink()  # as an older kg left it: its manifest only
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["quads"] += 1  # looks damaged: rebuilt, not refused
    (folder / MANIFEST).write_text(json.dumps(manifest))
    assert claim(folder) == folder
    assert len(kg.load(TINY, store_path=folder)) == manifest["quads"] - 1
    assert (folder / MARKER).is_file()


def test_concurrent_first_use_of_one_empty_folder_all_succeed(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: kg_run("--store", folder, "query", COUNT, "--format", "csv"), range(6)))
    assert [r.returncode for r in results] == [0] * 6, [r.stderr for r in results]
    assert len({r.stdout for r in results}) == 1
