"""Real SPARQL stores for the tests and benchmarks, each a private instance on a free 127.0.0.1 port.

    with oxigraph(tmp) as ox: ...      # Oxigraph server from the `oxigraph` PyPI package
    with virtuoso(tmp) as vt: ...      # Virtuoso open source from Debian (virtuoso-opensource)

Each yields a ``Store``: its query endpoint, its Graph Store Protocol endpoint, the credentials the
protocol needs, and how to load a file with the store's own bulk loader. Both are stopped (and the
Virtuoso database closed with a checkpoint) when the block ends.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"
VAD = Path("/usr/share/virtuoso-opensource-7/vad")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    """Wait for a server we started to answer ``url`` (any HTTP status counts)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering {url}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the server did not answer {url} within {seconds:.0f} s")


@dataclass
class Store:
    name: str
    query: str                 # the SPARQL query endpoint
    graph_store: str           # the Graph Store Protocol endpoint kg push writes to
    credentials: dict = field(default_factory=dict)  # environment for kg push (KG_USER, KG_PASSWORD)
    bulk_load: Callable[[Path], None] | None = None   # the store's own loader for an N-Quads file
    crashed: Callable[[], str | None] = lambda: None  # the server's last words if it has died, else None
    restart: Callable[[], None] | None = None         # start a dead server again on its own database


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"  # installed with the test extras
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@contextlib.contextmanager
def oxigraph(directory: Path) -> Iterator[Store]:
    binary = oxigraph_binary()
    if binary is None:
        raise FileNotFoundError("the oxigraph server binary is not installed (pip install oxigraph)")
    location, port = directory / "oxigraph", free_port()
    location.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/query?query=ASK%7B%7D", process)

        def bulk_load(path: Path) -> None:
            # `oxigraph load` needs the store to itself: stop the server, load, start it again
            nonlocal process
            process.terminate()
            process.wait(30)
            subprocess.run([binary, "load", "--location", str(location), "--file", str(path)], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_until_up(url + "/query?query=ASK%7B%7D", process)

        yield Store("Oxigraph server", url + "/query", url + "/store", {}, bulk_load)
    finally:
        process.terminate()
        process.wait(30)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}, {root}, {vad}
VADInstallDir = {vad}/
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
MaxQueryMem = 1G

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {rows}
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
DefaultQuery = ASK {{}}
"""


def virtuoso_available() -> bool:
    return shutil.which(VIRTUOSO) is not None and shutil.which(ISQL) is not None


def isql(port: int, *statements: str, timeout: float = 3600) -> str:
    """Run SQL statements through isql-vt as dba (a fresh database's dba/dba)."""
    script = "".join(s.rstrip(";") + ";\n" for s in statements)
    done = subprocess.run([ISQL, f"127.0.0.1:{port}", "dba", "dba"], input=script, text=True,
                          capture_output=True, timeout=timeout)
    if done.returncode != 0 or "*** Error" in done.stdout:
        raise RuntimeError(f"isql-vt failed: {done.stdout[-800:]}{done.stderr[-800:]}")
    return done.stdout


@contextlib.contextmanager
def virtuoso(directory: Path, result_rows: int = 10_000) -> Iterator[Store]:
    if not virtuoso_available():
        raise FileNotFoundError("Virtuoso is not installed (apt-get install -y virtuoso-opensource)")
    home = directory / "virtuoso"
    home.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    ini = home / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=home, root=directory, sql=sql, http=http, vad=VAD, rows=result_rows))
    output = home / "virtuoso.out"
    url = f"http://127.0.0.1:{http}"

    def start() -> subprocess.Popen:
        # what the server prints is kept beside its database: a crash leaves its last words there
        with open(output, "ab") as out:
            started = subprocess.Popen([VIRTUOSO, "+configfile", str(ini), "+foreground"], cwd=home,
                                       stdout=out, stderr=subprocess.STDOUT)
        wait_until_up(url + "/sparql?query=ASK%7B%7D", started, seconds=120)
        return started

    def crashed() -> str | None:
        if process.poll() is None:
            return None
        return f"Virtuoso exited with {process.returncode}; its last words: " + output.read_text(errors="replace")[-1500:]

    def restart() -> None:
        nonlocal process
        process = start()

    process = start()
    try:

        def bulk_load(path: Path) -> None:
            # Virtuoso's bulk loader: register the file, load it with rdf_loader_run, checkpoint
            isql(sql, f"ld_dir('{path.parent}', '{path.name}', 'urn:kg:unused')", "rdf_loader_run()",
                 "checkpoint")

        yield Store("Virtuoso", url + "/sparql", url + "/sparql-graph-crud-auth",
                    {"KG_USER": "dba", "KG_PASSWORD": "dba"}, bulk_load, crashed, restart)
    finally:
        with contextlib.suppress(Exception):
            subprocess.run([ISQL, f"127.0.0.1:{sql}", "dba", "dba", "-K"], capture_output=True, timeout=60)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(60)
        if process.poll() is None:
            process.kill()
            process.wait()


@contextlib.contextmanager
def credentials(environment: dict) -> Iterator[None]:
    """The store's credentials in the environment kg push reads, for the block's duration."""
    saved = {k: os.environ.get(k) for k in environment}
    os.environ.update(environment)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
