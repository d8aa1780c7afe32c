"""Server benchmark: `kg serve` against Oxigraph's own server, same data, same queries, side by side.

    python tests/benchmarks/serve.py                                   # curated graph and 1M statements
    python tests/benchmarks/serve.py --sizes curated --requests 300 --memory-requests 10000

For each dataset it starts `kg serve` and `oxigraph serve-read-only --union-default-graph` (the
`oxigraph` PyPI package ships the binary; the data is loaded with `oxigraph load` from kg's N-Quads
export), then sends the same requests from 1, 4 and 16 concurrent clients: single-entity look-ups
(`SELECT ?p ?o WHERE { <entity> ?p ?o }`, a different entity each time) and a query whose time is
in the engine (a count of entities by class). It prints throughput and p50/p99 latency for both
servers with their ratio, and last the resident memory of `kg serve` before and after many
look-ups. Figures are printed, never asserted. Everything listens on 127.0.0.1 only.

    python tests/benchmarks/serve.py --flood-only                      # the flood alone (curated graph)

The flood: the latency of a normal short query (a count by class) sent every 0.2 s from
127.0.0.1 while `kg serve` (its default 5 s limit) has 16 runaway queries and 200 stalled
connections on its hands, the runaways from one client (127.0.0.2) and then from 16
(127.0.0.2-17), sent once; then sent again as each ends, from 16 clients and from the normal
query's own address (as behind a proxy or a NAT); beside it the same query's latency with no
flood. Each row gives the first query's latency, the median, the slowest and the 503s.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

import kg  # noqa: E402
from kg.export import export  # noqa: E402
from tests import servers as stores  # noqa: E402
from tests.flood import NORMAL, flood, get  # noqa: E402
from tests.servers import free_port, wait_until_up  # noqa: E402

ENGINE = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"


def oxigraph_binary() -> str:
    found = stores.oxigraph_binary()
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "oxigraph"], check=True)
        found = stores.oxigraph_binary()
    return found


def ask(endpoint: str, query: str) -> float:
    started = time.perf_counter()
    request = urllib.request.Request(endpoint + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=120) as r:
        r.read()
    return time.perf_counter() - started


def measure(endpoint: str, queries: list[str], clients: int) -> tuple[float, float, float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = sorted(pool.map(lambda q: ask(endpoint, q), queries))
    wall = time.perf_counter() - started
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(queries) / wall, statistics.median(latencies), p99


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def dataset(name: str, work: Path) -> Path:
    if name == "curated":
        return ROOT
    from engine import synthetic_project

    return synthetic_project(work / f"synthetic-{name}", int(name))


def run(name: str, args, work: Path) -> list[tuple]:
    project = dataset(name, work)
    graph = kg.load(project)
    entities = [r["s"] for r in graph.select("SELECT DISTINCT ?s WHERE { ?s a ?c } LIMIT 5000")]
    nquads = work / f"{name}.nq"
    export(graph, "nquads", nquads)
    statements = len(graph)
    del graph
    location = work / f"ox-{name}"
    binary = oxigraph_binary()
    subprocess.run([binary, "load", "--location", str(location), "--file", str(nquads)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kg_port, ox_port = free_port(), free_port()
    servers = {
        "kg serve": subprocess.Popen([sys.executable, "-m", "kg.cli", "--root", str(project), "serve", "--port",
                                      str(kg_port), "--timeout", "120", "--max-memory", "8192"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        "oxigraph": subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind",
                                      f"127.0.0.1:{ox_port}", "--union-default-graph"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    }
    endpoints = {"kg serve": f"http://127.0.0.1:{kg_port}/sparql", "oxigraph": f"http://127.0.0.1:{ox_port}/query"}
    rows = []
    try:
        for server, endpoint in endpoints.items():
            wait_until_up(endpoint, servers[server], seconds=300)
        rng = random.Random(3)
        for kind, make, count in (("entity look-up", lambda: f"SELECT ?p ?o WHERE {{ <{rng.choice(entities)}> ?p ?o }}",
                                   args.requests),
                                  ("count by class", lambda: ENGINE, max(8, args.requests // 20))):
            for clients in args.concurrency:
                queries = [make() for _ in range(count)]
                figures = {server: measure(endpoint, queries, clients) for server, endpoint in endpoints.items()}
                rows.append((name, statements, kind, clients, figures["kg serve"], figures["oxigraph"]))
        if args.memory_requests and name == "curated":
            pid = servers["kg serve"].pid
            before = rss_mb(pid)
            measure(endpoints["kg serve"], [f"SELECT ?p ?o WHERE {{ <{rng.choice(entities)}> ?p ?o }}"
                                            for _ in range(args.memory_requests)], 4)
            print(f"kg serve resident memory: {before:.1f} MiB before, {rss_mb(pid):.1f} MiB after "
                  f"{args.memory_requests:,} look-ups")
    finally:
        for process in servers.values():
            process.terminate()
            process.wait(20)
    return rows


def flood_latency(project: Path) -> None:
    """Print the normal query's latency with no flood, and during a flood from one and from 16 clients."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg", "--root", str(project), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/sparql", server, seconds=300)
        get(url, NORMAL)  # the workers warm

        def sample(seconds: float = 4.0) -> list[float]:
            latencies, until = [], time.monotonic() + seconds
            while time.monotonic() < until:
                status, took = get(url, NORMAL)
                latencies.append(took if status.endswith("200 OK") else float("inf"))
                time.sleep(0.2)
            return latencies

        rows = [("no flood", sample())]
        for sources, looping in ((1, False), (16, False), (16, True), (0, True)):
            with flood(url, runaways=16, stalled=200, sources=sources, looping=looping):
                whence = "the normal query's own address" if not sources else \
                    f"{sources} client{'s' if sources > 1 else ''}"
                rows.append((f"16 {'looping ' if looping else ''}runaways from {whence} + 200 stalled", sample(8.0)))
        print(f"{'normal query during':66} {'n':>4} {'first ms':>9} {'p50 ms':>8} {'max ms':>8} {'503':>4}")
        for name, latencies in rows:
            failed = sum(1 for t in latencies if t == float("inf"))
            print(f"{name:66} {len(latencies):4} {latencies[0] * 1000:9.1f} {statistics.median(latencies) * 1000:8.1f} "
                  f"{max(latencies) * 1000:8.1f} {failed:4}")
    finally:
        server.terminate()
        server.wait(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="curated,1000000", help="curated and/or synthetic statement counts")
    parser.add_argument("--requests", type=int, default=400, help="look-ups per concurrency level")
    parser.add_argument("--concurrency", default="1,4,16")
    parser.add_argument("--memory-requests", type=int, default=10000)
    parser.add_argument("--flood-only", action="store_true", help="only the flood, on the curated graph")
    args = parser.parse_args()
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    if args.flood_only:
        flood_latency(ROOT)
        return
    work = Path(tempfile.mkdtemp(prefix="kg-serve-bench-"))
    try:
        rows = []
        for name in args.sizes.split(","):
            rows += run(name, args, work)
        flood_latency(ROOT)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'data':>9} {'statements':>10} {'query':16} {'clients':>7} {'kg req/s':>9} {'ox req/s':>9} "
          f"{'kg/ox':>6} {'kg p50 ms':>9} {'ox p50 ms':>9} {'kg p99 ms':>9} {'ox p99 ms':>9}")
    for name, statements, kind, clients, k, o in rows:
        print(f"{name:>9} {statements:>10} {kind:16} {clients:>7} {k[0]:9.1f} {o[0]:9.1f} {k[0] / o[0]:6.2f} "
              f"{k[1] * 1000:9.1f} {o[1] * 1000:9.1f} {k[2] * 1000:9.1f} {o[2] * 1000:9.1f}")


if __name__ == "__main__":
    main()
