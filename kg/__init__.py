"""vn-customs-kg: a knowledge graph of Vietnam's customs institutions, documents and events.

The library is the product; the ``kg`` command is a thin layer over it::

    >>> import kg
    >>> graph = kg.load("path/to/vn-customs-kg")        # doctest: +SKIP
    >>> graph.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # doctest: +SKIP
"""
from importlib.metadata import PackageNotFoundError, version

from kg.errors import KGError, LoadError, QueryError
from kg.graph import KnowledgeGraph
from kg.load import load
from kg.project import Project

try:
    __version__ = version("vn-customs-kg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["KGError", "KnowledgeGraph", "LoadError", "Project", "QueryError", "load", "__version__"]
