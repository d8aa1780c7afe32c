"""vn-customs-kg: a knowledge graph of Vietnam's customs institutions, documents and events.

The library is the product; the ``kg`` command is a thin layer over it::

    >>> import kg
    >>> graph = kg.load("path/to/vn-customs-kg")        # doctest: +SKIP
    >>> graph.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # doctest: +SKIP

Names are imported when first used (as RDFLib's plugins are): ``import kg`` runs no import of its
own, so `python -m kg`, which imports this package before ``kg.__main__``, takes over Ctrl-C
before any of kg's modules loads (a signal during an import here once ended it with a traceback).
"""
__all__ = ["KGError", "KnowledgeGraph", "LoadError", "Project", "QueryError", "load", "__version__"]

_LAZY = {"load": "kg.loader", "KnowledgeGraph": "kg.graph", "Project": "kg.project",
         "KGError": "kg.errors", "LoadError": "kg.errors", "QueryError": "kg.errors"}


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
