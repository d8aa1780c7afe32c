"""Shared fixtures: the tiny project in tests/data/project, a CLI runner, the repository's own graph."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from tests.servers import free_port, wait_until_up

DATA = Path(__file__).parent / "data"
REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def tiny_project() -> Path:
    """The tiny, valid project (two sources, a background graph); read it, never write to it."""
    return DATA / "project"


@pytest.fixture(scope="session")
def tiny_graph(tiny_project):
    """The tiny project loaded (shared; do not modify)."""
    return kg.load(tiny_project)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def kg_cli(runner, tiny_project):
    """Run ``kg --root <tiny project> ARGS...``; ``root=`` picks another project."""
    from kg.cli import main

    def invoke(*args, root=tiny_project):
        return runner.invoke(main, ["--root", str(root), *map(str, args)], catch_exceptions=False)
    return invoke


@pytest.fixture(scope="session")
def kg_real():
    """The repository's own project, loaded once."""
    return kg.load(REPOSITORY)


@pytest.fixture
def project_of(tmp_path):
    """Make a project in ``tmp_path`` from fact files (copied), with an empty ontology folder."""

    def make(*fact_files: Path) -> Path:
        (tmp_path / "ontology").mkdir(exist_ok=True)
        (tmp_path / "facts").mkdir(exist_ok=True)
        for path in fact_files:
            shutil.copy(path, tmp_path / "facts" / path.name)
        return tmp_path
    return make


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (the page tests never use a downloaded browser)."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed: apt-get install -y chromium")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def kg_server():
    """A real `kg serve` of the repository on a free 127.0.0.1 port (2 s query limit); its URL."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "--root", str(REPOSITORY), "serve", "--port", str(port),
                                "--timeout", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url + "/sparql", process)
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture
def listener():
    """A TCP listener on 127.0.0.1 that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    seen: list = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            seen.append(b"")  # counted before the caller can see the connection close
            seen[-1] = conn.recv(1024)
            conn.close()
    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", seen
    stop.set()
    thread.join(2)
    server.close()
