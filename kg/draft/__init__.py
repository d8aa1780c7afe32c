"""``kg draft``: a news article becomes a reviewable TriG draft of facts, with nothing invented.

The pieces, each its own module: :mod:`~kg.draft.article` reads the file (text or HTML) into
sentences; :mod:`~kg.draft.periods` reads the periods, :mod:`~kg.draft.figures` the figures
(words from the code lists), :func:`kg.lookup.mentions` the names the graph knows (the one
resolver's names), :mod:`~kg.draft.events` the events reported, :mod:`~kg.draft.people` people's
posts, :mod:`~kg.draft.documents` what it says of documents, :mod:`~kg.draft.changes` the figures
of a known reorganization, :mod:`~kg.draft.parts` the parts of a whole; :mod:`~kg.draft.reading` puts them together against the graph into a
:class:`~kg.draft.model.Reading`;
:mod:`~kg.draft.trig` writes the draft; :mod:`~kg.draft.against` says what the graph already
states of it.

>>> import kg, kg.draft
>>> reading = kg.draft.read_article(kg.load("."), "tests/data/articles/monthly-revenue.txt")
>>> sorted({f.period.slug for f in reading.figures})[:1]
['2023-01-01_2023-02-28']
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from kg.draft import article as _article
from kg.draft.against import Verdict, compare
from kg.draft.model import Reading
from kg.draft.reading import read
from kg.draft.trig import write
from kg.graph import KnowledgeGraph

__all__ = ["read_article", "write", "compare", "Reading", "Verdict"]


def read_article(graph: KnowledgeGraph, path: str | Path, url: str | None = None, published: date | None = None,
                 title: str | None = None) -> Reading:
    """Read the article file at ``path`` against ``graph``."""
    return read(graph, _article.read(path, url, published, title))
