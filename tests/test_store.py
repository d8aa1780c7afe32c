"""kg.store: a store folder is written only where kg may, and kg deletes only what it made.

Each case is one a hostile user tried: ``--store`` naming a folder of the user's, the current
folder, a system folder, or the same empty folder from several processes at once.
"""
from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import kg
from tests.helpers import kg_run
from kg.errors import UsageError
from kg.store import MARKER, claim

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


def data_of(folder: Path) -> Path:
    (data,) = [p for p in folder.iterdir() if p.is_dir() and p.name.startswith("data-")]
    return data


#: a file of each name kg and the store engine write, and of names like them
ENGINE_NAMES = ["CURRENT", "IDENTITY", "LOCK", "LOG", "LOG.old.1796682675993645", "MANIFEST-000005",
                "OPTIONS-000007", "OPTIONS-000007.dbtmp", "000001.sst", "000004.log", "2024.log", "000009.blob",
                "CURRENT.dbtmp", "kg-manifest.json", ".kg-manifest.json.x.tmp", ".KG-STORE.abc.tmp", "data-00000000"]


def test_a_damaged_store_of_ours_loses_only_the_files_kg_made(tmp_path):
    folder = tmp_path / "store"
    assert kg_run("--store", folder, "query", "ASK {}").returncode == 0
    assert (folder / MARKER).is_file()
    data = data_of(folder)
    (folder / "notes.txt").write_text("mine")  # a user's file put among ours later
    (folder / "sub").mkdir()
    (folder / "sub" / "000001.sst").write_text("mine too")
    for table in data.glob("*.sst"):
        table.write_bytes(b"garbage")
    (data / "CURRENT").unlink()
    result = kg_run("--store", folder, "query", COUNT, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert (folder / "notes.txt").read_text() == "mine" and (folder / "sub" / "000001.sst").read_text() == "mine too"
    assert not data.exists()  # the damaged data folder held only kg's files: gone with them


@pytest.mark.parametrize("where", ["top", "data"])
def test_foreign_files_named_like_ours_survive_use_and_rebuild(tmp_path, where):
    folder = tmp_path / "store"
    assert kg_run("--store", folder, "query", "ASK {}").returncode == 0
    data = data_of(folder)
    place = folder if where == "top" else data
    names = [n for n in ENGINE_NAMES if not (place / n).exists()]  # the engine's own files are not foreign
    for name in names:
        (place / name).write_text(f"user's {name}")
    first = kg_run("--store", folder, "query", COUNT, "--format", "csv")
    assert first.returncode == 0, first.stderr
    (TINY_COPY := tmp_path / "project")
    shutil.copytree(TINY, TINY_COPY)
    for round_ in range(2):  # other files: filled anew twice, the old data folder retired each time
        (TINY_COPY / "facts" / "extra.trig").write_text(f"<urn:x:{round_}> <urn:x:p> <urn:x:o> .\n")
        assert kg_run("--root", TINY_COPY, "--store", folder, "query", "ASK {}").returncode == 0
    for name in names:
        assert (place / name).read_text() == f"user's {name}", name
    if where == "data":
        assert data.is_dir() and sorted(p.name for p in data.iterdir()) == sorted(names)


def test_a_folder_with_files_named_like_a_store_is_no_store(tmp_path):
    # the re-probe's case: a manifest of that name proved nothing, and kg overwrote and deleted
    folder = tmp_path / "d"
    folder.mkdir()
    for name in ("kg-manifest.json", "CURRENT", "2024.log", "000001.sst", "LOG"):
        (folder / name).write_text("mine")
    before = tree(folder)
    result = kg_run("--store", folder, "query", "ASK {}")
    assert result.returncode == 2 and "holds files kg did not make" in result.stderr
    assert tree(folder) == before
    (folder / MARKER).write_text("KG-STORE")  # a file of that name, not kg's mark
    assert kg_run("--store", folder, "query", "ASK {}").returncode == 2
    assert tree(folder) == {**before, MARKER: b"KG-STORE"}


def test_a_store_an_earlier_kg_made_is_still_ours_and_its_files_are_kept(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    old_mark = ("This folder is an on-disk store made by kg (vn-customs-kg). kg may delete the files it\n"
                "made here (the store engine's files and kg-manifest.json) when it rebuilds the store.\n")
    (folder / MARKER).write_text(old_mark)
    (folder / "kg-manifest.json").write_text("{}")
    (folder / "000001.sst").write_text("old")
    assert claim(folder) == folder
    result = kg_run("--root", TINY, "--store", folder, "query", COUNT, "--format", "csv")
    assert result.returncode == 0 and result.stdout.splitlines()[1] == str(kg.load(TINY).select(COUNT)[0]["n"])
    assert (folder / "000001.sst").read_text() == "old" and (folder / "kg-manifest.json").read_text() == "{}"


def test_concurrent_first_use_of_one_empty_folder_all_succeed(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: kg_run("--store", folder, "query", COUNT, "--format", "csv"), range(6)))
    assert [r.returncode for r in results] == [0] * 6, [r.stderr for r in results]
    assert len({r.stdout for r in results}) == 1
