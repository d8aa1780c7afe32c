"""Rules: what the graph derives from what the sources state, kept apart from what they state.

Each rule is a SPARQL CONSTRUCT query in ``kg/rules/`` (queries as data). Its first comment line
says the rule in a sentence, the next ones why it is needed. The rules run in file-name order
after the facts are loaded, each on everything loaded so far (facts and earlier rules), and
each writes into a graph of its own, ``<graph/derived/NAME>``, that describes itself with the
rule's sentence and text. So ``GRAPH ?g`` tells a stated fact (``source/...``) from a derived
one (``graph/derived/...``), and a statement both stated and derived sits in both graphs.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.namespaces import BASE, DERIVED_PREFIX, PREFIXES

RULES_DIR = Path(__file__).resolve().parent / "rules"

_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
_DESCRIPTION = ox.NamedNode(PREFIXES["dct"] + "description")
_RULE = ox.NamedNode(PREFIXES["vck"] + "rule")
_DERIVED_GRAPH = ox.NamedNode(PREFIXES["vck"] + "DerivedGraph")


@dataclass(frozen=True)
class Rule:
    """One rule: its name (the file name without the order number), sentence, reason and query."""

    name: str
    sentence: str
    reason: str
    text: str

    @property
    def graph(self) -> str:
        return DERIVED_PREFIX + self.name

    @classmethod
    def read(cls, path: Path) -> "Rule":
        text = path.read_text(encoding="utf-8")
        comments = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comments.append(line.lstrip("# ").rstrip())
        sentence = comments[0] if comments else path.stem
        reason = " ".join(comments[1:]).removeprefix("Why: ")
        return cls(path.stem.split("-", 1)[1] if path.stem[:1].isdigit() else path.stem, sentence, reason, text)


def rules() -> list[Rule]:
    """The rules, in the order they run."""
    return [Rule.read(p) for p in sorted(RULES_DIR.glob("*.rq"))]


def rule_files() -> list[Path]:
    return sorted(RULES_DIR.glob("*.rq"))


def derive(store: ox.Store) -> dict[str, int]:
    """Run every rule on ``store`` and add what each derives to its own graph.

    Returns the number of statements each rule derived, by rule name.
    """
    counts = {}
    for rule in rules():
        graph = ox.NamedNode(rule.graph)
        triples = list(store.query(rule.text, use_default_graph_as_union=True, prefixes=PREFIXES, base_iri=BASE))
        counts[rule.name] = len(triples)
        if not triples:  # a rule that derives nothing leaves no graph behind
            continue
        store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        store.extend([
            ox.Quad(graph, _RDF_TYPE, _DERIVED_GRAPH, graph),
            ox.Quad(graph, _LABEL, ox.Literal(f"Derived by rule: {rule.sentence}", language="en"), graph),
            ox.Quad(graph, _DESCRIPTION, ox.Literal(rule.reason, language="en"), graph),
            ox.Quad(graph, _RULE, ox.Literal(rule.text), graph),
        ])
    return counts
