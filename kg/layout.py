"""Node positions computed before the page is written, so the browser draws at once.

Small graphs get a force-directed layout (networkx); large ones a radial tree layout per
connected component, which costs O(n) and keeps a 10,000-node page interactive.
"""
from __future__ import annotations

import math
from collections import deque

import networkx as nx

FORCE_LIMIT = 1500  # above this many nodes a force layout takes tens of seconds
SCALE = 1000.0


def layout(graph: nx.Graph, seed: int = 1) -> dict[str, tuple[float, float]]:
    """Positions for every node of ``graph``, in page units."""
    if len(graph) == 0:
        return {}
    if len(graph) <= FORCE_LIMIT:
        k = 1.5 / math.sqrt(len(graph))
        pos = nx.spring_layout(graph, seed=seed, iterations=60, k=k, scale=SCALE * math.sqrt(len(graph)) / 8)
        return {n: (float(x), float(y)) for n, (x, y) in pos.items()}
    return radial_layout(graph)


def radial_layout(graph: nx.Graph, ring: float = 120.0) -> dict[str, tuple[float, float]]:
    """Each component as a breadth-first tree from its best-connected node, on concentric rings;
    components side by side in rows, largest first."""
    positions: dict[str, tuple[float, float]] = {}
    components = sorted(nx.connected_components(graph), key=len, reverse=True)
    x_offset = y_offset = row_height = 0.0
    row_width = SCALE * 20
    for nodes in components:
        root = max(nodes, key=lambda n: (graph.degree(n), str(n)))
        parent, depth, order = {root: None}, {root: 0}, [root]
        queue = deque([root])
        while queue:
            here = queue.popleft()
            for there in sorted(graph.neighbors(here), key=str):
                if there not in depth:
                    parent[there], depth[there] = here, depth[here] + 1
                    order.append(there)
                    queue.append(there)
        children: dict[str, list[str]] = {n: [] for n in order}
        for n in order[1:]:
            children[parent[n]].append(n)
        leaves = {}
        for n in reversed(order):
            leaves[n] = sum(leaves[c] for c in children[n]) or 1
        local = {root: (0.0, 0.0)}
        spans = {root: (0.0, 2 * math.pi)}
        for n in order:
            start, end = spans[n]
            cursor = start
            for c in children[n]:
                width = (end - start) * leaves[c] / leaves[n]
                spans[c] = (cursor, cursor + width)
                angle = cursor + width / 2
                local[c] = (depth[c] * ring * math.cos(angle), depth[c] * ring * math.sin(angle))
                cursor += width
        radius = max(depth.values()) * ring + ring
        if x_offset + 2 * radius > row_width and x_offset > 0:
            x_offset, y_offset, row_height = 0.0, y_offset + row_height, 0.0
        for n, (x, y) in local.items():
            positions[n] = (x + x_offset + radius, y + y_offset + radius)
        x_offset += 2 * radius
        row_height = max(row_height, 2 * radius)
    return positions
