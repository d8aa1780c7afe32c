"""A flood against a running ``kg serve``: runaway queries and stalled connections, bounded.

Shared by the robustness test (tests/test_hostile.py) and the serve benchmark
(tests/benchmarks/serve.py). Everything goes to 127.0.0.1, from source addresses in the loopback
range (127.0.0.2 and up, one address a flooding client), and stops by itself: each runaway ends at
the server's time limit, each stalled connection is closed when the block ends.
"""
from __future__ import annotations

import contextlib
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Iterator

RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?e ?i ?l"
NORMAL = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }"


@dataclass
class Flood:
    """What the flood did: runaways still out, and their answers' status lines once back."""

    pending: int = 0
    statuses: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def get(url: str, query: str, source: str = "127.0.0.1", timeout: float = 60) -> tuple[str, float]:
    """GET /sparql?query= from ``source`` with a plain socket; the status line and seconds taken."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=timeout, source_address=(source, 0)) as conn:
        path = "/sparql?" + urllib.parse.urlencode({"query": query})
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/sparql-results+json\r\n"
                     "Connection: close\r\n\r\n".encode())
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return answer.split(b"\r\n", 1)[0].decode(), time.monotonic() - started


@contextlib.contextmanager
def flood(url: str, runaways: int = 16, stalled: int = 200, sources: int = 1, looping: bool = False) -> Iterator[Flood]:
    """``runaways`` queries that run to the server's time limit, from ``sources`` addresses
    (127.0.0.2, 127.0.0.3, ...; 0: from 127.0.0.1, the address the normal queries come from, as
    behind a proxy), and ``stalled`` connections that send half a request and wait, all under
    way while the block runs. ``looping``: each runaway is sent again as soon as it ends, until
    the block ends."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    state = Flood(pending=runaways)
    sockets = []
    for i in range(stalled):
        conn = socket.create_connection((host, int(port)), timeout=10, source_address=("127.0.0.250", 0))
        conn.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 100000\r\n\r\nSELECT")
        sockets.append(conn)

    ending = threading.Event()

    def runaway(i: int) -> None:
        while True:
            try:
                status, _ = get(url, RUNAWAY + f" # {i}", source=f"127.0.0.{2 + i % sources}" if sources else "127.0.0.1")
            except OSError as e:
                status = f"error {e}"
            with state.lock:
                state.statuses.append(status)
            if not looping or ending.is_set():
                break
        with state.lock:
            state.pending -= 1
    threads = [threading.Thread(target=runaway, args=(i,), daemon=True) for i in range(runaways)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the runaways have reached the server
    try:
        yield state
    finally:
        ending.set()
        for thread in threads:
            thread.join(120)
        for conn in sockets:
            conn.close()
