"""How good ``kg draft`` is: scored strictly on real articles, and against the seeds' curated facts.

By default every article of ../shared/articles (with its URL and date from index.tsv) and every
seed is drafted against the graph without its own curated graph and scored by the strict scorer of
../shared/tools/draft_score.py against the gold in tests/data/gold/ (articles.json: written by
reading each article; seeds.json: the seeds' curated figures): per article, the drafted figures
right, wrong by their first wrong field, extra, invented and missed, and the seconds each took;
then strict recall and precision for each set.

With --per-field, the older measure of the seeds:

Each seed is drafted from its text alone against the graph *without* that seed's own graph
(and without the derived graphs, which are computed from it), so a name or figure the curated
file added cannot help its own draft. Then, per seed:

- figures: recall of the curated figures (same value, unit and period: first and last day),
  and of those whose period the article writes (found by the period reader in one of its sentences,
  or read by the draft for a figure), leaving out periods only the curators knew,
  and per field: value+unit found at all, period right where the value is, indicator right,
  measure right (level, growth, share, target, reduction...), subject right; precision of the drafted figures (share that match a curated one; a drafted
  figure the curators left out counts against it, though it may be right);
- events: the curated events with a day, drafted with the same class and day (or linked, known);
- posts: the curated people's posts (org:Membership of a person) the draft gives, same IRI;
- entities: recall of the curated file's entities that the rest of the graph knows (a body,
  person, document, event, place or system with a name elsewhere) among the draft's links (the
  names it found, and what its figures are about and its posts and document statements stand on);
- invented: numbers in the draft that are no number of the article (at any stated scale), and
  dates whose year the article does not write (nor names as the year before one it writes: "last
  year", "a year earlier");
- time: reading and writing one article (the graph loaded once).

    python tests/benchmarks/draft.py [--root .] [--keep DIR]    # strict, corpus and seeds
    python tests/benchmarks/draft.py --per-field [--seeds ../shared/seeds]
    python tests/benchmarks/draft.py --sizes 40,80,160,1024    # time against article size
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import kg  # noqa: E402
from kg.draft import periods, read_article, write  # noqa: E402
from kg.graph import KnowledgeGraph  # noqa: E402
from kg.lookup import MENTIONABLE  # noqa: E402
from kg.namespaces import BASE  # noqa: E402

GOLD = """
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX vck: <https://w3id.org/vn-customs-kg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
SELECT DISTINCT ?f ?value ?unit ?start ?end ?indicator ?about ?measure WHERE {
  GRAPH ?g { ?f a qb:Observation ; sdmx-measure:obsValue ?value ; sdmx-attribute:unitMeasure ?unit ;
                vck:indicator ?indicator ; sdmx-dimension:refPeriod ?p .
                OPTIONAL { ?f vck:aboutEntity ?about } OPTIONAL { ?f vck:measure ?measure } }
  ?p schema:startDate ?start ; schema:endDate ?end .
}"""
EVENTS = """PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?event ?class ?day WHERE { GRAPH ?g { ?event a ?class ; schema:startDate ?day }
  FILTER(STRSTARTS(STR(?event), "https://w3id.org/vn-customs-kg/event/")) }"""
POSTS = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT DISTINCT ?post WHERE { GRAPH ?g { ?post org:member ?person } ?person a foaf:Person }"""
ENTITIES = "SELECT DISTINCT ?e WHERE { GRAPH ?g { { ?e ?p ?o } UNION { ?s ?p ?e } } FILTER(isIRI(?e)) }"
NAMED = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
ASK { { ?e rdfs:label ?n } UNION { ?e skos:altLabel ?n } UNION { ?e eli:id_local ?n } }"""
SEEDS = {"seed-000": "000_", "seed-001": "001_", "seed-002": "002_", "seed-003": "003_", "seed-004": "004_"}


def held_out(graph: KnowledgeGraph, source: str) -> KnowledgeGraph:
    """The graph without one source's graph and without the derived graphs, its merge (the
    default graph queries read) made anew from what is left."""
    from kg.loader import merge
    from kg.namespaces import MERGE_GRAPH

    store = ox.Store()
    drop = BASE + "source/" + source
    store.extend(q for q in graph.store if not (isinstance(q.graph_name, ox.NamedNode) and (
        q.graph_name.value in (drop, MERGE_GRAPH) or q.graph_name.value.startswith(BASE + "graph/derived/"))))
    merge(store)
    return KnowledgeGraph(store, graph.project)


def evaluate(graph: KnowledgeGraph, source: str, path: Path) -> dict:
    rest = held_out(graph, source)
    started = time.perf_counter()
    reading = read_article(rest, path)
    trig = write(rest, reading)
    seconds = time.perf_counter() - started
    gold = graph.select(GOLD, {"g": ox.NamedNode(BASE + "source/" + source)})
    drafted = [f for f in reading.figures if f.period is not None]

    def key(value, unit, start, end):
        return Decimal(str(value)), unit, str(start), str(end)

    drafted_keys = {key(f.figure.value, f.figure.unit, f.period.start, f.period.end): f for f in drafted}
    values = {(f.figure.value, f.figure.unit): f for f in reading.figures}
    hit = [g for g in gold if key(g["value"], g["unit"], g["start"], g["end"]) in drafted_keys]
    # the curated figures whose period the article writes: one the period reader finds in a sentence
    # (or the draft reads for a figure: "the same period last year"), not one the curators knew
    written = {(str(p.start), str(p.end)) for s in reading.article.sentences
               for p in periods.find(s.text, None, reading.article.published)}
    written |= {(str(f.period.start), str(f.period.end)) for f in drafted}
    readable = [g for g in gold if (str(g["start"]), str(g["end"])) in written]
    value_found = [g for g in gold if (Decimal(str(g["value"])), g["unit"]) in values]
    indicator_ok = sum(1 for g in hit if drafted_keys[key(g["value"], g["unit"], g["start"], g["end"])].figure.indicator == g["indicator"])
    measure_ok = sum(1 for g in hit if drafted_keys[key(g["value"], g["unit"], g["start"], g["end"])].figure.measure == g.get("measure"))
    about_ok = sum(1 for g in hit if drafted_keys[key(g["value"], g["unit"], g["start"], g["end"])].about == g.get("about"))
    gold_keys = {key(g["value"], g["unit"], g["start"], g["end"]) for g in gold}
    precise = sum(1 for k in drafted_keys if k in gold_keys)

    curated = {r["e"] for r in graph.select(ENTITIES, {"g": ox.NamedNode(BASE + "source/" + source)})}
    knowable = {e for e in curated if e.startswith(MENTIONABLE) and rest.query(NAMED, {"e": ox.NamedNode(e)})}
    # linked: named in the text, or what a drafted statement is about or stands on
    drafted_links = ({f.about for f in reading.figures if f.period and f.about}
                     | {x for p in reading.posts for x in (p.person, p.organization)}
                     | {d for d, *_ in reading.in_force} | {x for a, _, b, *_ in reading.relations for x in (a, b)})
    linked = knowable & (set(reading.known) | drafted_links)
    # events: a curated event with its day, drafted with the same class and day (or named, if known)
    gold_events = {(r["class"].rsplit("#", 1)[-1].rsplit("/", 1)[-1], str(r["day"]), r["event"])
                   for r in graph.select(EVENTS, {"g": ox.NamedNode(BASE + "source/" + source)})}
    drafted_events = {(p.event_class.split(":", 1)[1], str(p.day)) for p in reading.proposals if p.kind == "event"}
    events_found = {e for e in gold_events if e[:2] in drafted_events or e[2] in reading.known}
    gold_posts = {r["post"] for r in graph.select(POSTS, {"g": ox.NamedNode(BASE + "source/" + source)})}
    posts_found = gold_posts & {p.iri for p in reading.posts}
    invented = invented_numbers(path.read_text(encoding="utf-8"), trig)
    return {
        "seed": source, "gold": len(gold), "recall": len(hit) / len(gold) if gold else 1.0,
        "written": len([g for g in hit if g in readable]) / len(readable) if readable else 1.0,
        "value": len(value_found) / len(gold) if gold else 1.0,
        "period|value": len(hit) / len(value_found) if value_found else 1.0,
        "indicator|hit": indicator_ok / len(hit) if hit else 1.0, "subject|hit": about_ok / len(hit) if hit else 1.0,
        "measure|hit": measure_ok / len(hit) if hit else 1.0,
        "precision": precise / len(drafted_keys) if drafted_keys else 1.0, "drafted": len(drafted_keys),
        "entities": len(linked) / len(knowable) if knowable else 1.0, "knowable": len(knowable),
        "missed_entities": sorted(knowable - linked), "posts": f"{len(posts_found)}/{len(gold_posts)}",
        "events": f"{len(events_found)}/{len(gold_events)}", "invented": invented, "seconds": seconds,
        "missed": sorted(f"{g['value']} {g['unit'].rsplit('/', 1)[1]} {g['start']}..{g['end']}" for g in gold if g not in hit),
    }


def invented_numbers(article: str, trig: str) -> list[str]:
    """Values and dates of the draft that the article does not write."""
    from kg.draft.fragments import NUMBER_WORDS

    numbers = {Decimal(n.replace(",", "")) for n in re.findall(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", article)}
    numbers |= {Decimal(NUMBER_WORDS[w]) for w in re.findall(r"[a-z]+", article.lower()) if w in NUMBER_WORDS}
    numbers |= {Decimal(1)} if re.search(r"\ba\s+(?:metric\s+)?tonn?e?s?\b", article, re.I) else set()
    scaled = {n.scaleb(k) for n in numbers for k in (0, 3, 6, 9, 12, 15)}
    bad = []
    for value in re.findall(r"sdmx-measure:obsValue (-?[\d.]+)", trig):
        if abs(Decimal(value)) not in scaled:
            bad.append(value)
    years = set(re.findall(r"\b(?:19|20)\d\d\b", article))
    # a year the article names by its distance from one it writes: "the same period last year",
    # "up from 5 cases a year earlier"
    if re.search(r"\b(?:last|previous|preceding|prior)\s+year\b|\ba\s+year\s+(?:earlier|before|ago)\b", article, re.I):
        years |= {str(int(y) - 1) for y in years}
    for day in re.findall(r'"(\d{4})-\d\d-\d\d"\^\^xsd:date', trig):
        if day not in years:
            bad.append(day)
    return bad


GOLD_DIR = Path(__file__).resolve().parents[1] / "data" / "gold"


def scorer_module(shared: Path):
    """The strict scorer of ../shared/tools (draft_score.py), imported as it is."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("draft_score", shared / "tools" / "draft_score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus(articles: Path) -> list[tuple[Path, str | None, "date | None"]]:
    """The articles of ``index.tsv`` with their URL and publication date (None where unknown)."""
    from datetime import date

    rows = []
    for line in (articles / "index.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        name, url, published, *_ = line.split("\t")
        rows.append((articles / name, url, None if published == "unknown" else date.fromisoformat(published)))
    return rows


def draft_all(graph: KnowledgeGraph, shared: Path, out: Path) -> dict[str, float]:
    """Draft every article of the corpus (with its URL and date) against the graph, and every seed
    against the graph without that seed's own graph; the drafts go to ``out/articles`` and
    ``out/seeds``. Returns each draft's seconds."""
    seconds = {}
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "seeds").mkdir(parents=True, exist_ok=True)
    for path, url, published in corpus(shared / "articles"):
        # the article's own curated graph (facts/<stem>.trig) held out: it cannot help its own draft
        rest = held_out(graph, path.stem)
        started = time.perf_counter()
        reading = read_article(rest, path, url, published)
        (out / "articles" / (path.stem + ".trig")).write_text(write(rest, reading), encoding="utf-8")
        seconds[path.name] = time.perf_counter() - started
    for source, prefix in SEEDS.items():
        path = next((shared / "seeds").glob(prefix + "*.txt"))
        rest = held_out(graph, source)
        started = time.perf_counter()
        reading = read_article(rest, path)
        (out / "seeds" / (path.stem + ".trig")).write_text(write(rest, reading), encoding="utf-8")
        seconds[path.name] = time.perf_counter() - started
    return seconds


def strict_scores(root: Path, shared: Path, drafts: Path) -> dict[str, dict]:
    """The strict scorer's rows for the corpus and the seeds: {"articles": {name: row}, "seeds": ...}."""
    import json

    module = scorer_module(shared)
    scorer = module.Scorer(module.Project(root))
    scores = {}
    for part, folder in (("articles", shared / "articles"), ("seeds", shared / "seeds")):
        gold = json.loads((GOLD_DIR / f"{part}.json").read_text(encoding="utf-8"))
        scores[part] = {name: scorer.score(entry, (folder / name).read_text(encoding="utf-8"),
                                           drafts / part / (Path(name).stem + ".trig"))
                        for name, entry in gold.items() if not name.startswith("_")}
    return scores


def totals(rows: dict) -> dict:
    keys = ("gold", "drafted", "right", "extra", "invented", "missed", "wrong-unit", "wrong-period",
            "wrong-indicator-or-measure", "wrong-subject", "wrong-sign")
    return {k: sum(r[k] for r in rows.values()) for k in keys}


def print_strict(scores: dict, seconds: dict[str, float]) -> None:
    head = ("gold", "drft", "right", "w-per", "w-ind", "w-subj", "w-unit", "w-sign", "extra", "invnt", "missd", "sec")
    for part, rows in scores.items():
        print(f"\n{part}\n{'':44} " + " ".join(f"{h:>6}" for h in head))
        for name, r in rows.items():
            cells = (r["gold"], r["drafted"], r["right"], r["wrong-period"], r["wrong-indicator-or-measure"],
                     r["wrong-subject"], r["wrong-unit"], r["wrong-sign"], r["extra"], r["invented"], r["missed"],
                     f"{seconds.get(name, 0):.2f}")
            print(f"{Path(name).stem[:44]:44} " + " ".join(f"{c:>6}" for c in cells))
        t = totals(rows)
        print(f"{part}: recall {t['right']}/{t['gold']} ({t['right'] / max(t['gold'], 1):.1%}), precision "
              f"{t['right']}/{t['drafted']} ({t['right'] / max(t['drafted'], 1):.1%}), invented {t['invented']}; "
              f"wrong period {t['wrong-period']}, indicator or measure {t['wrong-indicator-or-measure']}, subject "
              f"{t['wrong-subject']}, unit {t['wrong-unit']}, sign {t['wrong-sign']}; extra {t['extra']}, missed {t['missed']}")


def bench_sizes(root: Path, articles: Path, sizes: list[int]) -> None:
    """``kg draft`` as a whole process on articles made to be long: the corpus's text on one line
    (short sentences, one paragraph that never ends), with its full stops taken out (one sentence
    that never ends), and a page of nothing but figures. Its time should grow with the size, not
    its square; text over the limit is refused in one line."""
    import subprocess
    import tempfile

    corpus = " ".join(p.read_text(encoding="utf-8") for p in sorted(articles.glob("*.txt"))).replace("\n", " ")
    shapes = {"one paragraph": corpus, "no full stop": corpus.replace(".", " "),
              "all figures": " ".join(f"revenue rose {i}% to VND {i} billion in 2024" for i in range(40_000))}
    print(f"{'kB':>6} " + " ".join(f"{name:>15}" for name in shapes))
    with tempfile.TemporaryDirectory() as work:
        for kb in sizes:
            cells = []
            for name, text in shapes.items():
                path = Path(work) / "article.txt"
                path.write_text((text * (kb * 1024 // len(text) + 1))[:kb * 1024], encoding="utf-8")
                started = time.monotonic()
                done = subprocess.run([sys.executable, "-m", "kg", "--root", str(root), "draft", str(path), "-o",
                                       str(Path(work) / "d.trig")], capture_output=True, text=True)
                took = time.monotonic() - started
                cells.append(f"{took:>7.2f} s" + (" (ok) " if done.returncode == 0 else " (no) "))
            print(f"{kb:>6} " + " ".join(f"{c:>15}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=".")
    parser.add_argument("--seeds", default=None, help="the seed articles (default: ../shared/seeds beside the project)")
    parser.add_argument("--per-field", action="store_true", help="instead: the seeds scored field by field "
                        "against their curated facts (the older, looser measure)")
    parser.add_argument("--keep", default=None, help="keep the drafts in this folder (articles/, seeds/)")
    parser.add_argument("--sizes", default=None, help="instead: kg draft's time on long articles of these sizes, "
                        "in kB (e.g. 40,80,160,1024)")
    args = parser.parse_args()
    shared = Path(args.root).resolve().parent / "shared"
    if args.sizes:
        bench_sizes(Path(args.root).resolve(), shared / "articles", [int(s) for s in args.sizes.split(",")])
        return
    graph = kg.load(args.root)
    if not args.per_field:
        import tempfile

        with tempfile.TemporaryDirectory() as work:
            seconds = draft_all(graph, shared, Path(work))
            print_strict(strict_scores(Path(args.root).resolve(), shared, Path(work)), seconds)
            if args.keep:
                import shutil

                shutil.copytree(work, args.keep, dirs_exist_ok=True)
        return
    seeds = Path(args.seeds) if args.seeds else Path(args.root).resolve().parent / "shared" / "seeds"
    rows = []
    for source, prefix in SEEDS.items():
        path = next(seeds.glob(prefix + "*.txt"))
        rows.append(evaluate(graph, source, path))
    print(f"{'seed':9} {'gold':>4} {'recall':>6} {'writ.':>6} {'value':>6} {'per|v':>6} {'ind|h':>6} {'meas|h':>6} {'subj|h':>6} {'prec':>5} "
          f"{'drafted':>7} {'entities':>8} {'posts':>6} {'events':>6} {'invented':>8} {'seconds':>7}")
    for r in rows:
        print(f"{r['seed']:9} {r['gold']:>4} {r['recall']:>6.0%} {r['written']:>6.0%} {r['value']:>6.0%} {r['period|value']:>6.0%} "
              f"{r['indicator|hit']:>6.0%} {r['measure|hit']:>6.0%} {r['subject|hit']:>6.0%} {r['precision']:>5.0%} {r['drafted']:>7} "
              f"{r['entities']:>7.0%} ({r['knowable']}) {r['posts']:>5} {r['events']:>6} {len(r['invented']):>4} "
              f"{r['seconds']:>7.3f}")
    for r in rows:
        if r["missed"]:
            print(f"{r['seed']} figures missed: " + "; ".join(r["missed"]))
        if r["missed_entities"]:
            print(f"{r['seed']} entities missed: " + ", ".join(e[len(BASE):] for e in r["missed_entities"]))
        if r["invented"]:
            print(f"{r['seed']} INVENTED: {r['invented']}")


if __name__ == "__main__":
    main()
