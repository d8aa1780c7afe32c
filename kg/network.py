"""The entity graph as networkx: entities are nodes, links between them are edges that remember
their predicate, direction and sources. Used for paths, neighbourhoods and centrality."""
from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from kg import queries
from kg.errors import UsageError

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph


def entity_graph(graph: "KnowledgeGraph") -> nx.MultiDiGraph:
    """Entities (typed IRIs outside the ontology) and the IRI-valued statements linking them."""
    g = nx.MultiDiGraph()
    for row in graph.select(queries.read("entity-links", internal=True)):
        g.add_edge(row["subject"], row["object"], key=row["predicate"], predicate=row["predicate"],
                   sources=row["sources"].split())
    return g


def shortest_path(g: nx.MultiDiGraph, a: str, b: str) -> list[tuple[str, str, str, bool]]:
    """The shortest chain linking ``a`` and ``b``, as (from, predicate, to, forward) steps.

    ``forward`` is False where the statement points the other way (``to predicate from``).
    """
    for node in (a, b):
        if node not in g:
            raise UsageError(f"{node}: not linked to any other entity")
    undirected = nx.Graph(g.to_undirected(as_view=True))
    try:
        nodes = nx.shortest_path(undirected, a, b)
    except nx.NetworkXNoPath:
        raise UsageError("no chain of statements links these two entities") from None
    steps = []
    for here, there in zip(nodes, nodes[1:]):
        if g.has_edge(here, there):
            steps.append((here, next(iter(g[here][there])), there, True))
        else:
            steps.append((here, next(iter(g[there][here])), there, False))
    return steps


def neighbourhood(g: nx.MultiDiGraph, centre: str, depth: int = 2) -> set[str]:
    """The entities within ``depth`` links of ``centre``, whichever way the links point."""
    if centre not in g:
        return {centre}
    return set(nx.single_source_shortest_path_length(g.to_undirected(as_view=True), centre, cutoff=depth))


def centrality(g: nx.MultiDiGraph, top: int = 10) -> list[tuple[str, int, float]]:
    """The most connected entities: (entity, degree, betweenness), best first."""
    simple = nx.Graph(g.to_undirected(as_view=True))
    betweenness = nx.betweenness_centrality(simple, k=min(200, len(simple)) or None, seed=1) if len(simple) else {}
    ranked = sorted(simple.degree, key=lambda item: (-item[1], item[0]))[:top]
    return [(node, degree, betweenness.get(node, 0.0)) for node, degree in ranked]


def components(g: nx.MultiDiGraph) -> list[int]:
    """Sizes of the connected components, largest first."""
    return sorted((len(c) for c in nx.weakly_connected_components(g)), reverse=True)
