"""Engine benchmark: kg against plain pyoxigraph and plain rdflib on synthetic customs-like graphs.

    python tests/benchmarks/engine.py                      # 10k, 100k, 1M triples
    python tests/benchmarks/engine.py --sizes 10000,100000 --skip-rdflib-above 200000

For each size it writes a synthetic project (TriG facts in several source graphs: documents,
organizations with hierarchy, figures with periods), then times load, five typical queries and a
Turtle export for each engine, and prints the times with ratios against kg in one table. Last, it
times a whole `kg query --name ...` process on the curated graph against a minimal pyoxigraph script.
Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import io
import random
import shutil
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402
from kg.export import export  # noqa: E402

PREFIX = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX vck: <https://w3id.org/vn-customs-kg/ontology#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
"""
QUERIES = {
    "count by class": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "documents by issuer+year": "SELECT ?d ?date WHERE { ?d eli:passed_by <https://w3id.org/vn-customs-kg/org/o7> ; "
                                "eli:date_document ?date FILTER(YEAR(?date) = 2024) }",
    "figures by indicator+date": "SELECT ?f ?v WHERE { ?f vck:indicator <https://w3id.org/vn-customs-kg/concept/indicator/i3> ; "
                                 "sdmx-measure:obsValue ?v ; sdmx-dimension:refPeriod ?p . ?p schema:startDate ?s "
                                 "FILTER(?s >= \"2024-01-01\"^^<http://www.w3.org/2001/XMLSchema#date>) }",
    "2-hop hierarchy": "SELECT ?a ?c WHERE { ?a org:subOrganizationOf ?b . ?b org:subOrganizationOf ?c }",
    "label search": "SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(?l), \"unit 12\")) }",
}


def synthetic_project(root: Path, triples: int, seed: int = 7) -> Path:
    """A project whose facts hold about ``triples`` statements spread over 20 source graphs."""
    rng = random.Random(seed)
    (root / "ontology").mkdir(parents=True, exist_ok=True)
    (root / "facts").mkdir(exist_ok=True)
    (root / "ontology" / "customs.ttl").write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/vn-customs-kg/ontology#indicator> rdfs:label \"indicator\"@en .\n", encoding="utf-8")
    out = io.StringIO()
    out.write("@base <https://w3id.org/vn-customs-kg/> .\n" + PREFIX.replace("PREFIX ", "@prefix ").replace(">\n", "> .\n"))
    out.write("@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n@prefix qb: <http://purl.org/linked-data/cube#> .\n")
    n, i = 0, 0
    per_graph = max(1, triples // 20)
    while n < triples:
        out.write(f"<source/s{n // per_graph}> {{\n")
        stop = min(triples, (n // per_graph + 1) * per_graph)
        while n < stop:
            kind = i % 3
            year = 2018 + rng.randrange(8)
            date = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            if kind == 0:
                out.write(f'<document/{year}/{i}-qd-btc> a eli:LegalResource ; rdfs:label "Decision {i}"@en ; '
                          f'eli:id_local "{i}/QĐ-BTC" ; eli:date_document "{date}"^^xsd:date ; '
                          f'eli:passed_by <org/o{rng.randrange(50)}> .\n')
                n += 5
            elif kind == 1:
                out.write(f'<org/o{i}> a org:Organization ; rdfs:label "Unit {i}"@en, "Đơn vị {i}"@vi ; '
                          f'org:subOrganizationOf <org/o{rng.randrange(max(1, i // 2) + 1)}> .\n')
                n += 4
            else:
                out.write(f'<figure/f{i}> a qb:Observation ; vck:indicator <concept/indicator/i{rng.randrange(20)}> ; '
                          f'sdmx-measure:obsValue {rng.randrange(10**9)}.5 ; sdmx-dimension:refPeriod <period/{year}> .\n'
                          f'<period/{year}> schema:startDate "{year}-01-01"^^xsd:date .\n')
                n += 5
            i += 1
        out.write("}\n")
    (root / "facts" / "synthetic.trig").write_text(out.getvalue(), encoding="utf-8")
    return root


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def bench_kg(root: Path) -> dict[str, float]:
    t = {}
    t["load"], graph = timed(lambda: kg.load(root))
    for name, q in QUERIES.items():
        t[name], _ = timed(lambda: list(graph.query(PREFIX + q)), repeat=3)
    t["export turtle"], _ = timed(lambda: export(graph, "turtle", io.BytesIO()))
    return t


def bench_oxigraph(root: Path) -> dict[str, float]:
    t = {}
    path = root / "facts" / "synthetic.trig"

    def load():
        store = ox.Store()
        store.load(path=str(path), format=ox.RdfFormat.TRIG)
        return store
    t["load"], store = timed(load)
    for name, q in QUERIES.items():
        t[name], _ = timed(lambda: list(store.query(PREFIX + q, use_default_graph_as_union=True)), repeat=3)
    t["export turtle"], _ = timed(lambda: store.dump(format=ox.RdfFormat.TRIG))
    return t


def bench_rdflib(root: Path) -> dict[str, float]:
    from rdflib import Dataset

    t = {}
    t["load"], ds = timed(lambda: Dataset(default_union=True).parse(root / "facts" / "synthetic.trig", format="trig"))
    for name, q in QUERIES.items():
        t[name], _ = timed(lambda: list(ds.query(PREFIX + q)))
    t["export turtle"], _ = timed(lambda: ds.serialize(format="trig"))
    return t


def whole_process(repeat: int = 5) -> tuple[float, float]:
    """`kg query --name sources` on the curated graph vs a minimal pyoxigraph script doing the same."""
    query = (ROOT / "kg" / "queries" / "sources.rq").read_text(encoding="utf-8")
    script = (
        "import glob, sys, pyoxigraph as ox\n"
        "s = ox.Store()\n"
        "for f in sorted(glob.glob(sys.argv[1] + '/ontology/*.ttl')):\n"
        "    if not f.endswith('shapes.ttl'):\n"
        "        s.load(path=f, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode('https://w3id.org/vn-customs-kg/ontology'))\n"
        "for f in sorted(glob.glob(sys.argv[1] + '/facts/*.trig')):\n"
        "    s.load(path=f, format=ox.RdfFormat.TRIG, base_iri='https://w3id.org/vn-customs-kg/')\n"
        "sys.stdout.buffer.write(s.query(sys.argv[2], use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.CSV))\n"
    )
    kg_cmd = [sys.executable, "-m", "kg.cli", "--root", str(ROOT), "query", "--name", "sources", "--format", "csv"]
    ox_cmd = [sys.executable, "-c", script, str(ROOT), query]
    # as on an installed machine: modules compiled once, not at each start (see stores.py)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "kg")], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    runs = {}
    for label, cmd in (("kg", kg_cmd), ("pyoxigraph", ox_cmd)):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=env)
            times.append(time.perf_counter() - start)
        runs[label] = min(times)
    return runs["kg"], runs["pyoxigraph"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--skip-rdflib-above", type=int, default=1_000_000)
    args = parser.parse_args()
    header = f"{'size':>9} {'step':28} {'kg s':>8} {'oxigraph s':>10} {'rdflib s':>9} {'kg/ox':>6} {'rdflib/kg':>9}"
    print(header)
    print("-" * len(header))
    for size in (int(s) for s in args.sizes.split(",")):
        root = Path(tempfile.mkdtemp(prefix=f"kg-bench-{size}-"))
        try:
            synthetic_project(root, size)
            results = {"kg": bench_kg(root), "ox": bench_oxigraph(root)}
            results["rdflib"] = bench_rdflib(root) if size <= args.skip_rdflib_above else {}
            for step in results["kg"]:
                k, o, r = results["kg"][step], results["ox"][step], results["rdflib"].get(step)
                rl = f"{r:9.3f}" if r is not None else f"{'skipped':>9}"
                ratio = f"{r / k:9.1f}" if r is not None and k else f"{'':>9}"
                print(f"{size:>9} {step:28} {k:8.3f} {o:10.3f} {rl} {k / o if o else 0:6.2f} {ratio}")
        finally:
            shutil.rmtree(root, ignore_errors=True)
    kg_s, ox_s = whole_process()
    print(f"\nwhole process on the curated graph, best of 5: kg query --name sources {kg_s:.3f} s, "
          f"minimal pyoxigraph script {ox_s:.3f} s, ratio {kg_s / ox_s:.2f}")


if __name__ == "__main__":
    main()
