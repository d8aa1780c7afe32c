"""Term conversion from pyoxigraph (the engine) to rdflib (pySHACL and rdflib's serializers)."""
from __future__ import annotations

import logging
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

# rdflib logs a traceback for every ill-typed literal it meets ("2025-06-32"^^xsd:date); kg
# validate reports each one as a problem with its file and line instead.
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph | None) -> Node | None:
    """The rdflib twin of a pyoxigraph term (``None`` for the default graph)."""
    if term is None or isinstance(term, ox.DefaultGraph):
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def quads_to_rdflib(quads: Iterable[ox.Quad]) -> Iterator[tuple[Node, Node, Node, Node | None]]:
    """Stream pyoxigraph quads as rdflib 4-tuples (graph ``None`` for the default graph)."""
    for q in quads:
        yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name)
