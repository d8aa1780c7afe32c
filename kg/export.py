"""Export the graph in a format chosen by name, in a stable order, written atomically.

Dataset formats (TriG, N-Quads) keep each statement's source graph; the others merge all graphs
(a statement two sources make is written once). Statements are sorted so that a re-export of
unchanged facts is byte-identical and diffs stay small.

How: Oxigraph dumps each graph as N-Triples in Rust, two graphs at a time on two threads (it
writes without holding the interpreter); the lines are sorted as bytes, one blob, which groups
statements by subject as Turtle wants. N-Triples and N-Quads are those lines; the other formats
are Oxigraph's serializers fed from them. At a million statements N-Quads takes 1.4x Oxigraph's
own unsorted dump and Turtle 3x (tests/benchmarks/stores.py): the sort itself is cheap, the rest
is splitting and joining lines in Python and, for Turtle, parsing them again to serialize.
"""
from __future__ import annotations

import bisect
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg._io import atomic_output
from kg.errors import UsageError
from kg.graph import KnowledgeGraph
from kg.namespaces import PREFIXES

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
EXTENSIONS = {"turtle": "ttl", "trig": "trig", "nt": "nt", "nquads": "nq", "jsonld": "jsonld", "xml": "rdf"}
DATASET_FORMATS = {"trig", "nquads"}
_LINE_FORMATS = {"nt", "nquads"}  # the sorted lines are the output itself
DUMP_THREADS = 2


def export(graph: KnowledgeGraph, fmt: str, output: str | Path | IO[bytes]) -> int:
    """Write ``graph`` as ``fmt`` to a path (atomically) or a binary stream.

    Args:
        graph: the knowledge graph.
        fmt: one of :data:`FORMATS` (``turtle``, ``trig``, ``nt``, ``nquads``, ``jsonld``, ``xml``).
        output: a file path, replaced only once the whole file is written, or a binary stream.

    Returns:
        The number of statements written (quads for TriG/N-Quads, distinct triples otherwise).

    Raises:
        UsageError: unknown format, or a statement the format cannot write.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    data, count = sorted_statements(graph, keep_graphs=fmt in DATASET_FORMATS)
    if isinstance(output, (str, Path)):
        with atomic_output(output, "wb") as handle:
            _write(data, fmt, handle)
    else:
        _write(data, fmt, output)
    return count


def sorted_statements(graph: KnowledgeGraph, *, keep_graphs: bool) -> tuple[bytes, int]:
    """The statements as N-Quads (``keep_graphs``) or N-Triples: distinct lines sorted as bytes,
    one blob, and how many lines it holds."""
    store = graph.store

    def dump(name) -> bytes:
        triples = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        if keep_graphs and isinstance(name, ox.NamedNode):  # each line " .\n" ends it: name the graph
            return triples.replace(b" .\n", b" <" + name.value.encode() + b"> .\n")
        return triples

    # graph by graph on two threads: Oxigraph writes without holding the interpreter
    with ThreadPoolExecutor(DUMP_THREADS) as pool:
        graphs = [ox.DefaultGraph(), *(ox.NamedNode(g) for g in graph.graph_names())]
        dumps = list(pool.map(dump, graphs))
    # N-Triples escapes line breaks inside literals, so every "\n" ends a statement
    lines: list[bytes] = []
    while dumps:
        lines += dumps.pop().split(b"\n")
    lines.sort()  # each graph's dump is in runs the sort merges fast: keep it ahead of any set
    if keep_graphs:  # each quad once already: only the blanks that end each dump go (sorted first)
        del lines[:bisect.bisect_right(lines, b"")]
    else:
        lines = [line for previous, line in zip([b""] + lines, lines) if line != previous]  # no blank, no repeat
    return b"\n".join(lines) + b"\n" if lines else b"", len(lines)


def _write(data: bytes, fmt: str, handle: IO[bytes]) -> None:
    if fmt in _LINE_FORMATS:
        handle.write(data)
        return
    source = ox.RdfFormat.N_QUADS if fmt in DATASET_FORMATS else ox.RdfFormat.N_TRIPLES
    try:
        # lenient: the lines come from Oxigraph's own serializer, so checking them again is waste
        ox.serialize(ox.parse(data, format=source, lenient=True), handle, FORMATS[fmt], prefixes=PREFIXES)
    except (ValueError, OSError) as e:  # a term the format cannot write
        raise UsageError(f"cannot write {fmt}: {str(e).splitlines()[0]}") from None
