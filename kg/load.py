"""Read a project (ontology/ + facts/) into one store: a named graph per source.

The ontology and code lists go in the ontology graph; each facts file's graph blocks keep the
names they were written with (a source's IRI, or the background graph). Parsing is done by
Oxigraph, which is 13-15x faster than rdflib here and reports errors with line and column.
"""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.errors import LoadError
from kg.graph import KnowledgeGraph
from kg.namespaces import BASE, ONTOLOGY_GRAPH
from kg.project import Project

_POSITION = re.compile(r"^(?:Parser error )?at line (\d+)(?: between columns (\d+) and \d+| column (\d+))?:\s*", re.I)


def load(root: str | Path | None = None, *, project: Project | None = None) -> KnowledgeGraph:
    """Load the project at ``root`` (or found from the working directory) into a knowledge graph.

    Raises:
        ProjectNotFound: no project directory.
        LoadError: a file could not be read or parsed; the message names file:line:column.
    """
    project = project or Project.find(root)
    store = ox.Store()
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    for path in project.ontology_files:
        load_file(store, path, ox.RdfFormat.TURTLE, to_graph=ontology, shown_as=project.relative(path))
    for path in project.fact_files:
        load_file(store, path, ox.RdfFormat.TRIG, shown_as=project.relative(path))
    return KnowledgeGraph(store, project=project)


def load_file(
    store: ox.Store,
    path: Path,
    fmt: ox.RdfFormat,
    *,
    to_graph: ox.NamedNode | None = None,
    shown_as: str | None = None,
) -> None:
    """Parse one file into ``store``; any failure becomes a one-line :class:`LoadError`."""
    shown = shown_as or str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise LoadError(shown, e.strerror or str(e)) from None
    options = {"to_graph": to_graph} if to_graph is not None else {}
    try:
        store.load(data, format=fmt, base_iri=BASE, **options)
    except SyntaxError as e:
        raise _load_error(shown, e) from None
    except (ValueError, OSError) as e:
        raise LoadError(shown, str(e).splitlines()[0]) from None


def _load_error(shown: str, error: SyntaxError) -> LoadError:
    message = str(error.args[0] if error.args else error).splitlines()[0]
    line, column = error.lineno, error.offset
    match = _POSITION.match(message)
    if match:
        line = line or int(match.group(1))
        column = column or int(match.group(2) or match.group(3) or 0) or None
        message = message[match.end():]
    return LoadError(shown, message.strip() or "syntax error", line=line, column=column)
