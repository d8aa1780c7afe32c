"""Stores benchmark: kg against the stores' own tools, on synthetic graphs of 100k and 1M statements.

    python tests/benchmarks/stores.py                          # 100k and 1M statements
    python tests/benchmarks/stores.py --sizes 100000 --skip virtuoso

For each size it writes a synthetic project (tests/benchmarks/engine.py) and prints one table:

- merge: what the default graph's merge costs the load (its time, the quads it adds) and a count
  over it against the engine's union default graph;
- export: `kg export` sorted N-Quads and Turtle (byte-stable) against pyoxigraph's own unsorted
  dump of the same store (N-Quads, TriG);
- query --store: a whole `kg --store DIR query Q` process against a minimal pyoxigraph script
  opening the same on-disk store read-only, for the five typical queries;
- push: `kg push` into a fresh Oxigraph server / Virtuoso against that server's own bulk loader
  (`oxigraph load`; Virtuoso's `ld_dir` + `rdf_loader_run()`) reading kg's N-Quads export into a
  fresh database;
- the five typical queries and a 3-hop count as a whole `kg query --endpoint` process, on Oxigraph
  server and on Virtuoso, against curl asking the store's own union of graphs and against kg in
  process (curl asking CSV, and asking the SPARQL XML results kg asks for, which keep what each
  term is); `ASK {}` from the synthetic project against `ASK {}` from the curated one (what the
  project's size costs a question to a store); at the first size, a short query as whole processes:
  `kg query --endpoint` against a minimal SPARQLWrapper script, and `kg query` on the curated
  graph (with and without --store) against a minimal pyoxigraph script.

Times are the best of a few runs, in seconds; ratios are kg / the baseline. Figures are printed,
never asserted. Every server is private, on 127.0.0.1, and stopped at the end.
"""
from __future__ import annotations

import argparse
import functools
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

import kg  # noqa: E402
from engine import PREFIX, QUERIES, synthetic_project  # noqa: E402
from kg import remote  # noqa: E402
from kg.export import export  # noqa: E402
from tests import servers  # noqa: E402

# the same default graph kg reads: the merge kept in the store (kg.namespaces.MERGE_GRAPH)
OX_SCRIPT = (
    "import sys, pyoxigraph as ox\n"
    "s = ox.Store.read_only(sys.argv[1])\n"
    "r = s.query(sys.argv[2], default_graph=[ox.NamedNode('https://w3id.org/vn-customs-kg/graph/union')])\n"
    "sys.stdout.buffer.write(r.serialize(format=ox.QueryResultsFormat.CSV))\n"
)


def best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


# every process measured runs as on an installed machine: its modules compiled once, not at each
# start (a machine that sets PYTHONDONTWRITEBYTECODE, as this one does, would otherwise charge kg
# some 15 ms a start for compiling its own modules, and the pyoxigraph script nothing)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, env=ENV)
    if done.returncode:
        raise SystemExit(f"{command[:6]} failed ({done.returncode}): {done.stderr.decode()[-500:]}")


def row(size: int, step: str, kg_s: float, base: str, base_s: float) -> None:
    ratio = kg_s / base_s if base_s else float("nan")
    print(f"{size:>8} {step:34} {kg_s:8.3f} {base:26} {base_s:8.3f} {ratio:6.2f}", flush=True)


def bench_export(size: int, graph) -> None:
    for fmt, theirs in (("nquads", ox.RdfFormat.N_QUADS), ("turtle", ox.RdfFormat.TRIG)):
        mine = best(lambda: export(graph, fmt, io.BytesIO()))
        base = best(lambda: graph.store.dump(format=theirs))
        row(size, f"export {fmt} (sorted)", mine, f"ox dump {theirs.name} (unsorted)", base)


def bench_query_store(size: int, project: Path, work: Path) -> None:
    store = work / "kg-store"
    run([sys.executable, "-m", "kg.cli", "--root", str(project), "--store", str(store), "query", "ASK {}"])
    # filled once; every run below opens it as it is
    for name, query in QUERIES.items():
        q = PREFIX + query
        kg_cmd = [sys.executable, "-m", "kg.cli", "--root", str(project), "--store", str(store), "query", q,
                  "--format", "csv"]
        ox_cmd = [sys.executable, "-c", OX_SCRIPT, str(next(store.glob("data-*"))), q]
        mine = best(lambda: run(kg_cmd), 5)
        base = best(lambda: run(ox_cmd), 5)
        row(size, f"query --store: {name}", mine, "pyoxigraph script", base)


def bench_push(size: int, graph, nquads: Path, work: Path, which: list[str]) -> dict:
    """Push into a fresh store and bulk-load into another fresh one; leave the pushed one running."""
    running = {}
    for name in which:
        # Virtuoso's row cap raised: some of the five queries answer more than its default 10,000 rows
        start = servers.oxigraph if name == "oxigraph" else functools.partial(servers.virtuoso, result_rows=10**8)
        with start(work / f"{name}-bulk") as store:
            base = best(lambda: store.bulk_load(nquads), 1)
        context = start(work / f"{name}-push")
        store = context.__enter__()
        running[name] = (context, store)
        with servers.credentials(store.credentials):
            mine = best(lambda: remote.push(graph, store.graph_store), 1)
        loader = "oxigraph load" if name == "oxigraph" else "virtuoso ld_dir"
        row(size, f"push to {store.name}", mine, loader, base)
    return running


THREE_HOPS = ("SELECT (COUNT(*) AS ?n) WHERE { ?a org:subOrganizationOf ?b . ?b org:subOrganizationOf ?c . "
              "?c org:subOrganizationOf ?d }")


def bench_queries(size: int, project: Path, graph, running: dict) -> None:
    """Each typical query and a 3-hop count: in process, and as a whole `kg query --endpoint`
    process against curl sending the same query over the store's union of graphs (Oxigraph's
    union-default-graph; Virtuoso's default graph, all its graphs). Then `ASK {}` from this project
    against `ASK {}` from the curated project on the same store."""
    # the same 2-hop query with DISTINCT answers the same on the merge of our graphs: kg asks the
    # store's merged graph for it where there is one (Oxigraph), the graphs listed for the others
    queries = {**QUERIES, "3-hop count": THREE_HOPS,
               "2-hop hierarchy, DISTINCT": QUERIES["2-hop hierarchy"].replace("SELECT ?a", "SELECT DISTINCT ?a")}
    for query_name, query in queries.items():
        q = PREFIX + query
        here = best(lambda: list(graph.query(q)))
        for server, (_, store) in running.items():
            there = best(lambda: run(_kg_endpoint(project, store, q)), 3)
            union = [("union-default-graph", "")] if server == "oxigraph" else []
            curl = best(lambda: run(_curl(store, q, union)), 3)
            row(size, f"{query_name} on {server} (process)", there, "curl, the store's union", curl)
            # CSV loses what a term is (IRI or literal, its datatype): kg asks for SPARQL XML results
            curl_xml = best(lambda: run(_curl(store, q, union, remote.RESULTS_ACCEPT)), 3)
            row(size, f"{query_name} on {server} (process)", there, "curl, the store's union, XML", curl_xml)
            row(size, f"{query_name} on {server} (process)", there, "in-process kg", here)
    for server, (_, store) in running.items():
        ours = best(lambda: run(_kg_endpoint(project, store, "ASK {}")), 5)
        curated = best(lambda: run(_kg_endpoint(ROOT, store, "ASK {}")), 5)
        row(size, f"ASK {{}} on {server} (process)", ours, "the same, curated project", curated)


def bench_merge(size: int, graph) -> None:
    """What the default graph's merge costs (kg.loader.merge): its time over the loaded quads, the
    quads it adds (memory grows with them), and a count over the default graph on the merge against
    the engine's own union default graph (which counts a statement once per graph that states it)."""
    from kg.loader import merge

    plain = ox.Store()
    plain.extend(graph.quads())
    started = time.perf_counter()
    merge(plain)
    took = time.perf_counter() - started
    print(f"{size:>8} {'merge: quads added':34} {len(plain) - len(graph):>8} {'of the quads loaded':26} "
          f"{len(graph):>8} {(len(plain) - len(graph)) / len(graph):>6.2f}")
    row(size, "merge: build (s)", took, "load of the files (s)", best(lambda: kg.load(project=graph.project), 1))
    count = PREFIX + "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }"
    row(size, "count by class, merge", best(lambda: list(graph.query(count))), "engine's union (a bag)",
        best(lambda: list(graph.store.query(count, use_default_graph_as_union=True))))


def bench_short_queries(running: dict) -> None:
    """A short query as a Python user pays it, whole processes: `kg query --endpoint` against a
    minimal SPARQLWrapper script asking the same store, and `kg query` on the curated graph (no
    store, with --store) against a minimal pyoxigraph script."""
    short = "SELECT ?s WHERE { ?s a <http://www.w3.org/ns/org#Organization> } LIMIT 5"
    for server, (_, store) in running.items():
        script = ("import sys; from SPARQLWrapper import SPARQLWrapper, JSON; w = SPARQLWrapper(sys.argv[1]); "
                  "w.setQuery(sys.argv[2]); w.setReturnFormat(JSON); w.query().convert()")
        wrapper = best(lambda: run([sys.executable, "-c", script, store.query, short]), 5)
        there = best(lambda: run(_kg_endpoint(ROOT, store, short)), 5)
        row(0, f"short query on {server} (process)", there, "SPARQLWrapper script", wrapper)
    with tempfile.TemporaryDirectory() as cache:
        run([sys.executable, "-m", "kg", "--root", str(ROOT), "--store", cache, "query", "ASK {}"])
        oxi = OX_SCRIPT
        data = next(Path(cache).glob("data-*"))
        minimal = best(lambda: run([sys.executable, "-c", oxi, str(data), short]), 5)
        local = best(lambda: run([sys.executable, "-m", "kg", "--root", str(ROOT), "query", short, "--format", "csv"]), 5)
        stored = best(lambda: run([sys.executable, "-m", "kg", "--root", str(ROOT), "--store", cache, "query", short,
                                   "--format", "csv"]), 5)
        row(0, "short query, curated (process)", local, "pyoxigraph script, on disk", minimal)
        row(0, "short query, curated, --store (process)", stored, "pyoxigraph script, on disk", minimal)


def _kg_endpoint(project: Path, store, query: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", "--root", str(project), "query", "--endpoint", store.query, query,
            "--format", "csv"]


def _curl(store, query: str, fields: list[tuple[str, str]], accept: str = "text/csv") -> list[str]:
    command = ["curl", "-sf", store.query, "-H", f"Accept: {accept}", "--data-urlencode", f"query={query}"]
    for name, value in fields:
        command += ["--data-urlencode", f"{name}={value}"] if value else ["-d", name]
    return command


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--skip", default="", help="comma-separated: export, query-store, oxigraph, virtuoso")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    stores = [s for s in ("oxigraph", "virtuoso") if s not in skip]
    if "virtuoso" in stores and not servers.virtuoso_available():
        print("Virtuoso is not installed (apt-get install -y virtuoso-opensource): skipped", file=sys.stderr)
        stores.remove("virtuoso")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "kg")], check=True, env=ENV,
                   stdout=subprocess.DEVNULL)
    print(f"{'size':>8} {'step':34} {'kg s':>8} {'baseline':26} {'base s':>8} {'ratio':>6}")
    sizes = [int(s) for s in args.sizes.split(",")]
    for size in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"kg-stores-{size}-"))
        running = {}
        try:
            project = synthetic_project(work / "project", size)
            graph = kg.load(project)
            bench_merge(size, graph)
            if "export" not in skip:
                bench_export(size, graph)
            if "query-store" not in skip:
                bench_query_store(size, project, work)
            nquads = work / "data" / "customs.nq"
            nquads.parent.mkdir()
            export(graph, "nquads", nquads)
            os.chmod(nquads.parent, 0o755)
            running = bench_push(size, graph, nquads, work, stores)
            bench_queries(size, project, graph, running)
            if size == sizes[0]:
                bench_short_queries(running)
        finally:
            for context, _ in running.values():
                context.__exit__(None, None, None)
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
