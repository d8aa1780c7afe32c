"""The SPARQL queries shipped with the package, as data.

``kg/queries/*.rq`` are the named queries users run (``kg query --name``); their first comment line
says what they answer. ``kg/queries/internal/*.rq`` serve the library itself (validation, pages).
"""
from __future__ import annotations

from importlib import resources


def read(name: str, *, internal: bool = False) -> str:
    """The text of query ``name`` (without ``.rq``). Raises FileNotFoundError if there is none."""
    folder = resources.files(__name__)
    if internal:
        folder = folder / "internal"
    return (folder / f"{name}.rq").read_text(encoding="utf-8")
