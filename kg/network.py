"""The entity graph as networkx: entities are nodes, links between them are edges that remember
their predicate, direction and sources. Used for paths, neighbourhoods and centrality.

An entity is an IRI typed (``rdf:type``) in some graph other than the ontology's; a link is a
statement, in any graph but the ontology's, whose subject and object are both entities.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from kg import queries
from kg.errors import UsageError
from kg.namespaces import curie

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

#: One step of a path: (from, predicate, to, forward); forward is False for ``to predicate from``.
Step = tuple[str, str, str, bool]


def entity_graph(graph: "KnowledgeGraph") -> nx.MultiDiGraph:
    """Entities as nodes (attribute ``types``) and the statements linking them as edges keyed by
    predicate (attributes ``predicate`` and ``sources``, the graphs that state it)."""
    g = nx.MultiDiGraph()
    for row in graph.select(queries.read("entities", internal=True)):
        g.add_node(row["entity"], types=row["types"].split())
    for row in graph.select(queries.read("entity-links", internal=True)):
        g.add_edge(row["subject"], row["object"], key=row["predicate"], predicate=row["predicate"],
                   sources=row["sources"].split())
    return g


def shortest_path(g: nx.MultiDiGraph, a: str, b: str) -> list[Step]:
    """The shortest chain of statements linking ``a`` and ``b``, whichever way each points.

    Raises:
        UsageError: an end is no linked entity, or no chain links them.
    """
    for node in (a, b):
        if node not in g or not g.degree(node):
            raise UsageError(f"{curie(node)}: not linked to any other entity")
    try:
        nodes = nx.shortest_path(g.to_undirected(as_view=True), a, b)
    except nx.NetworkXNoPath:
        raise UsageError(f"no chain of statements links {curie(a)} and {curie(b)}") from None
    steps = []
    for here, there in zip(nodes, nodes[1:]):
        forward = g.has_edge(here, there)
        keys = g[here][there] if forward else g[there][here]
        steps.append((here, min(keys), there, forward))  # min: the same choice on every run
    return steps


def path_text(steps: list[Step], label) -> str:
    """A path for people, one statement a line: ``A`` / ``—predicate→ X`` / ``←predicate— B``.

    Args:
        steps: from :func:`shortest_path`.
        label: gives the text shown for an entity IRI.
    """
    lines = [label(steps[0][0])] if steps else []
    for _, predicate, there, forward in steps:
        arrow = f"—{curie(predicate)}→" if forward else f"←{curie(predicate)}—"
        lines.append(f"  {arrow} {label(there)}")
    return "\n".join(lines)


def neighbourhood(g: nx.MultiDiGraph, centre: str, depth: int = 2) -> set[str]:
    """The entities within ``depth`` links of ``centre``, whichever way the links point."""
    if centre not in g:
        return {centre}
    return set(nx.single_source_shortest_path_length(g.to_undirected(as_view=True), centre, cutoff=depth))


def centrality(g: nx.MultiDiGraph, top: int = 10) -> list[tuple[str, int, float]]:
    """The most connected entities: (entity, degree, betweenness), by degree, best first.

    Degree counts distinct neighbours; betweenness is estimated from up to 200 sources (seeded, so
    the figures repeat), which keeps it fast on large graphs.
    """
    simple = nx.Graph(g.to_undirected(as_view=True))
    betweenness = nx.betweenness_centrality(simple, k=min(200, len(simple)) or None, seed=1) if len(simple) else {}
    ranked = sorted(simple.degree, key=lambda item: (-item[1], item[0]))[:top]
    return [(node, degree, betweenness.get(node, 0.0)) for node, degree in ranked]


def components(g: nx.MultiDiGraph) -> list[int]:
    """Sizes of the connected components (links taken either way), largest first."""
    return sorted((len(c) for c in nx.weakly_connected_components(g)), reverse=True)
