"""A reviewed draft made a facts file: its statements without the article's words.

A draft carries, for the review, the sentence each figure and proposal comes from (``vck:quote``)
and a comment on every statement; facts carry over from an article, its sentences do not. So a
reviewed draft goes into facts/ through :func:`adopt`, which keeps every statement the reviewer
left but the quotes and the notes that an entity was proposed (accepted now), and writes the rest
as TriG with the project's prefixes, each graph's statements sorted.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import LoadError
from kg.namespaces import BASE, PREFIXES, VCK

_QUOTE = VCK + "quote"
_NOTE = "http://www.w3.org/2004/02/skos/core#editorialNote"


def adopt(draft: Path) -> tuple[bytes, int, int]:
    """The reviewed ``draft`` as facts: (TriG bytes, statements kept, statements left out).

    Raises:
        LoadError: the draft is no TriG (its file, line and column named).
    """
    from kg.draft.trig import PROPOSED
    from kg.loader import load_file

    store = ox.Store()
    load_file(store, draft, ox.RdfFormat.TRIG)
    kept = [q for q in store if not (q.predicate.value == _QUOTE or
                                     (q.predicate.value == _NOTE and isinstance(q.object, ox.Literal)
                                      and q.object.value == PROPOSED))]
    left_out = len(store) - len(kept)
    kept.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    data = ox.serialize(kept, format=ox.RdfFormat.TRIG, prefixes=PREFIXES, base_iri=BASE)
    header = (f"# Facts adopted from a reviewed kg draft ({draft.name}): its statements, without the "
              "article's words.\n").encode("utf-8")
    return header + data, len(kept), left_out


__all__ = ["adopt", "LoadError"]
