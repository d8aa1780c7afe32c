"""Counts per class, property and source, and the shape of the entity network."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from kg.graph import KnowledgeGraph
from kg.namespaces import ONTOLOGY_GRAPH, curie

_FACTS_ONLY = f"FILTER(?g != <{ONTOLOGY_GRAPH}>)"
_COUNTS = {
    "class": "SELECT ?key (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?key } "
             + _FACTS_ONLY + " } GROUP BY ?key ORDER BY DESC(?n) ?key",
    "property": "SELECT ?key (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?key ?o } "
                + _FACTS_ONLY + " } GROUP BY ?key ORDER BY DESC(?n) ?key",
    "source": "SELECT ?key (COUNT(*) AS ?n) WHERE { GRAPH ?key { ?s ?p ?o } } GROUP BY ?key ORDER BY DESC(?n) ?key",
}


@dataclass
class Stats:
    """What :func:`stats` measures. Classes and properties count the facts, not the ontology."""

    statements: int
    per_class: list[tuple[str, int]]  # (class IRI, distinct instances)
    per_property: list[tuple[str, int]]  # (property IRI, statements)
    per_source: list[tuple[str, int]]  # (graph IRI, statements)
    central: list[tuple[str, int, float]]  # (entity IRI, degree, betweenness)
    components: list[int]  # sizes, largest first

    def text(self, top: int = 10, label: Callable[[str], str] = curie) -> str:
        """A report for people: the ``top`` rows of each count, the central entities by ``label``."""
        lines = [f"{self.statements} statements"]
        for title, rows in (("classes", self.per_class), ("properties", self.per_property),
                            ("graphs", self.per_source)):
            lines.append(f"\n{title} ({len(rows)}):")
            lines.extend(f"  {n:7}  {curie(key)}" for key, n in rows[:top])
        lines.append("\nmost central entities (degree, betweenness):")
        lines.extend(f"  {degree:5}  {between:6.3f}  {label(node)}" for node, degree, between in self.central)
        sizes = ", ".join(map(str, self.components[:5]))
        lines.append(f"\n{len(self.components)} connected components of {sum(self.components)} entities; "
                     f"largest: {sizes}")
        return "\n".join(lines)


def stats(graph: KnowledgeGraph, top: int = 10) -> Stats:
    """Counts and network measures for ``graph``; ``top`` central entities."""
    from kg.network import centrality, components, entity_graph

    counts = {k: [(r["key"], r["n"]) for r in graph.select(q)] for k, q in _COUNTS.items()}
    network = entity_graph(graph)
    return Stats(len(graph), counts["class"], counts["property"], counts["source"],
                 centrality(network, top), components(network))
