"""Counts per class, property and source, and the shape of the entity network."""
from __future__ import annotations

from dataclasses import dataclass

from kg.graph import KnowledgeGraph

_COUNTS = {
    "class": "SELECT ?key (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?key } "
             "FILTER(?g != <https://w3id.org/vn-customs-kg/ontology>) } GROUP BY ?key ORDER BY DESC(?n) ?key",
    "property": "SELECT ?key (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?key ?o } "
                "FILTER(?g != <https://w3id.org/vn-customs-kg/ontology>) } GROUP BY ?key ORDER BY DESC(?n) ?key",
    "source": "SELECT ?key (COUNT(*) AS ?n) WHERE { GRAPH ?key { ?s ?p ?o } } GROUP BY ?key ORDER BY DESC(?n) ?key",
}


@dataclass
class Stats:
    statements: int
    per_class: list[tuple[str, int]]
    per_property: list[tuple[str, int]]
    per_source: list[tuple[str, int]]
    central: list[tuple[str, int, float]]
    components: list[int]


def stats(graph: KnowledgeGraph, top: int = 10) -> Stats:
    """Counts and network measures for ``graph``."""
    from kg.network import centrality, components, entity_graph

    counts = {k: [(r["key"], r["n"]) for r in graph.select(q)] for k, q in _COUNTS.items()}
    network = entity_graph(graph)
    return Stats(len(graph), counts["class"], counts["property"], counts["source"],
                 centrality(network, top), components(network))
