"""vn-customs-kg: a knowledge graph of Vietnam's customs institutions, documents and events.

The library is the product; the ``kg`` command is a thin layer over it::

    >>> import kg
    >>> graph = kg.load("path/to/vn-customs-kg")        # doctest: +SKIP
    >>> graph.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # doctest: +SKIP

Names are imported when first used (as RDFLib's plugins are): ``import kg`` costs under a
millisecond, so the ``kg`` program takes over Ctrl-C before anything heavy loads.
"""
from kg.errors import KGError, LoadError, QueryError

__all__ = ["KGError", "KnowledgeGraph", "LoadError", "Project", "QueryError", "load", "__version__"]

_LAZY = {"load": "kg.loader", "KnowledgeGraph": "kg.graph", "Project": "kg.project"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    # The version comes from the package metadata, read only when asked: importlib.metadata
    # costs 30 ms, a third of a `kg query` run.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("vn-customs-kg")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
