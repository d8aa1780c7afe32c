"""What reviewing kg draft's drafts cost: per article, drafted statements kept, corrected, deleted,
and added by hand, against the curated facts the review produced (facts/<article>.trig).

Each of the 30 articles of ../shared/articles is drafted against the graph without its own
curated graph (as tests/benchmarks/draft.py does), then compared with that curated graph, by kind:

- figures: by the strict scorer (../shared/tools/draft_score.py) against the gold the review wrote
  (tests/data/gold/articles.json, from which the facts' figures were made): kept = right as drafted;
  corrected = paired with a gold figure but wrong in a field (period, indicator or measure, subject,
  unit, sign); deleted = extra or invented; added = a gold figure the draft missed;
- entities (bodies, people, documents, events, places, systems new to the graph): a proposed
  entity is kept where the curated graph names that IRI, corrected where it has it under another
  IRI (the same number or name, most words of the name, or an event's day), deleted where it has
  none; an entity of the curated graph that
  the draft neither proposed nor mentioned is added;
- mentions (the draft's links from the article to entities the graph knows): kept where the
  curated graph states something of that entity, deleted where it does not (the curated files
  keep no mentions of their own: what they say of an entity links it);
- statements about them (who issued or cites a document, posts, dates, relations): a drafted
  statement, its entities read as the review renamed them, is kept where the curated graph has
  it, corrected where it has the same entity and property with another value, else deleted; a
  curated statement the draft did not give is added. Types and names go with their entity and are
  not counted again.

    python tests/benchmarks/review_cost.py [--root .] [--keep DIR]
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import kg  # noqa: E402
from draft import draft_all, strict_scores  # noqa: E402
from kg.draft.trig import PROPOSED  # noqa: E402
from kg.lookup import MENTIONABLE, fold  # noqa: E402
from kg.namespaces import BASE  # noqa: E402

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NAMES = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
         "http://www.w3.org/2004/02/skos/core#altLabel", "http://data.europa.eu/eli/ontology#id_local"}
REVIEW_ONLY = {"http://www.w3.org/2004/02/skos/core#editorialNote", BASE + "ontology#quote",
               "http://www.w3.org/2000/01/rdf-schema#comment", "https://schema.org/mentions"}
FIGURE_PARTS = ("figure/", "period/", "concept/")
KINDS = ("figures", "entities", "mentions", "statements")
NOTE = "http://www.w3.org/2004/02/skos/core#editorialNote"
MENTIONS = "https://schema.org/mentions"
ACTIONS = ("kept", "corrected", "deleted", "added")


def graph_of(path: Path, name: str | None = None) -> list[ox.Quad]:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    return [q for q in store if name is None or (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == name)]


def _is_entity(term) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(MENTIONABLE)


def _part_of_a_figure(term) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(tuple(BASE + p for p in FIGURE_PARTS))


def _closest(iri: str, names: set[str], candidates: set[str], candidate_names: dict[str, set[str]]) -> str | None:
    """The curated entity of the same kind (org/, event/...) a proposal stands for under other words:
    most of the shorter name's words shared ('HCM City Customs Department', 'Ho Chi Minh City
    Customs Department'), or, for an event, the same day in its IRI."""
    kind = iri[len(BASE):].split("/", 1)[0]
    day = re.search(r"/(\d{4}-\d\d-\d\d)-", iri)
    best, score = None, 0.6
    for other in sorted(candidates):
        if other[len(BASE):].split("/", 1)[0] != kind:
            continue
        if day and day.group(1) in other:
            return other
        for mine in names:
            for theirs in candidate_names.get(other, ()):
                a, b = set(re.findall(r"\w+", mine)), set(re.findall(r"\w+", theirs))
                shared = len(a & b) / max(min(len(a), len(b)), 1)
                if shared > score:
                    best, score = other, shared
    return best


def compare(drafted: list[ox.Quad], curated: list[ox.Quad]) -> dict[str, Counter]:
    """Entities and statements of one draft against its curated graph."""
    counts = {"entities": Counter(), "mentions": Counter(), "statements": Counter()}
    source = {q.graph_name.value for q in drafted if isinstance(q.graph_name, ox.NamedNode)}

    def names(quads) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for q in quads:
            if q.predicate.value in NAMES and isinstance(q.object, ox.Literal):
                found.setdefault(q.subject.value, set()).add(fold(q.object.value))
        return found

    # the entities each side names: the curated graph's subjects and objects; the draft's proposals
    # (new to the graph) and the known entities it mentions
    curated_entities = {t.value for q in curated for t in (q.subject, q.object) if _is_entity(t)}
    proposed = {q.subject.value for q in drafted if q.predicate.value == NOTE and _is_entity(q.subject)
                and isinstance(q.object, ox.Literal) and q.object.value == PROPOSED}
    mentioned = {q.object.value for q in drafted if q.predicate.value == MENTIONS and _is_entity(q.object)} - proposed
    curated_names, drafted_names = names(curated), names(drafted)
    by_name: dict[str, str] = {}
    for iri in curated_entities:
        for name in curated_names.get(iri, ()):
            by_name.setdefault(name, iri)
    renamed: dict[str, str] = {}
    for iri in sorted(proposed):
        if iri in curated_entities:
            counts["entities"]["kept"] += 1
            renamed[iri] = iri
            continue
        match = next((by_name[n] for n in sorted(drafted_names.get(iri, ())) if n in by_name), None) or \
            _closest(iri, drafted_names.get(iri, set()), curated_entities - set(renamed.values()), curated_names)
        if match:
            counts["entities"]["corrected"] += 1
            renamed[iri] = match
        else:
            counts["entities"]["deleted"] += 1
    for iri in mentioned:
        counts["mentions"]["kept" if iri in curated_entities else "deleted"] += 1
        renamed.setdefault(iri, iri)
    counts["entities"]["added"] = len(curated_entities - set(renamed.values()))

    def statements(quads, rename=None) -> set[tuple[str, str, str]]:
        out = set()
        for q in quads:
            if (q.predicate.value in NAMES | REVIEW_ONLY or q.predicate.value == RDF_TYPE
                    or _part_of_a_figure(q.subject) or q.subject.value in source):
                continue
            s, o = q.subject.value, q.object.value if not isinstance(q.object, ox.Literal) else str(q.object)
            if rename is not None:
                s, o = rename.get(s, s), rename.get(o, o)
            out.add((s, q.predicate.value, o))
        return out

    mine, theirs = statements(drafted, renamed), statements(curated)
    pairs = {(s, p) for s, p, _ in theirs}
    for triple in mine:
        if triple in theirs:
            counts["statements"]["kept"] += 1
        elif triple[:2] in pairs:
            counts["statements"]["corrected"] += 1
        else:
            counts["statements"]["deleted"] += 1
    corrected_pairs = {t[:2] for t in mine if t not in theirs and t[:2] in pairs}
    counts["statements"]["added"] = len({t for t in theirs - mine if t[:2] not in corrected_pairs})
    return counts


def review_cost(root: Path, shared: Path, drafts: Path) -> dict[str, dict[str, Counter]]:
    scores = strict_scores(root, shared, drafts)["articles"]
    table = {}
    for name, row in scores.items():
        stem = Path(name).stem
        figures = Counter(kept=row["right"], deleted=row["extra"] + row["invented"], added=row["missed"],
                          corrected=row["drafted"] - row["right"] - row["extra"] - row["invented"])
        drafted = graph_of(drafts / "articles" / (stem + ".trig"))
        curated = graph_of(root / "facts" / (stem + ".trig"), BASE + "source/" + stem)
        table[stem] = {"figures": figures, **compare(drafted, curated)}
    return table


def print_table(table: dict[str, dict[str, Counter]]) -> None:
    head = " ".join(f"{k[:5]}:{a[:4]:>4}" for k in KINDS for a in ACTIONS)
    print(f"{'article':44} {head}")
    total = {k: Counter() for k in KINDS}
    for stem, row in table.items():
        print(f"{stem[:44]:44} " + " ".join(f"{row[k][a]:>10}" for k in KINDS for a in ACTIONS))
        for k in KINDS:
            total[k].update(row[k])
    print()
    print(f"{'kind':12} " + " ".join(f"{a:>10}" for a in ACTIONS) + f" {'kept share':>11}")
    for k in KINDS:
        drafted = total[k]["kept"] + total[k]["corrected"] + total[k]["deleted"]
        print(f"{k:12} " + " ".join(f"{total[k][a]:>10}" for a in ACTIONS)
              + f" {total[k]['kept'] / max(drafted, 1):>10.1%}")
    all_ = sum(total.values(), Counter())
    drafted = all_["kept"] + all_["corrected"] + all_["deleted"]
    print(f"{'all':12} " + " ".join(f"{all_[a]:>10}" for a in ACTIONS) + f" {all_['kept'] / max(drafted, 1):>10.1%}")
    final = all_["kept"] + all_["corrected"] + all_["added"]
    print(f"of the {final} curated items, {all_['kept']} ({all_['kept'] / max(final, 1):.1%}) came from the draft as they "
          f"were, {all_['corrected']} corrected, {all_['added']} written by hand; {all_['deleted']} drafted items deleted")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=".")
    parser.add_argument("--keep", default=None, help="keep the drafts in this folder")
    args = parser.parse_args()
    root = Path(args.root).resolve()
    shared = root.parent / "shared"
    graph = kg.load(root)
    with tempfile.TemporaryDirectory() as work:
        draft_all(graph, shared, Path(work))
        print_table(review_cost(root, shared, Path(work)))
        if args.keep:
            import shutil

            shutil.copytree(work, args.keep, dirs_exist_ok=True)


if __name__ == "__main__":
    main()
