"""Read a project (ontology/ + facts/) into one store: a named graph per source.

The ontology and code lists go in the ontology graph; each facts file's graph blocks keep the
names they were written with (a source's IRI, or the background graph); then the rules of
:mod:`kg.derive` add what they derive, each in a graph of its own. Parsing is done by
Oxigraph, which is 13-15x faster than rdflib here and reports errors with line and column.
"""
from __future__ import annotations

import gc
import re
import stat
from pathlib import Path

import pyoxigraph as ox

from kg.derive import derive, rule_files
from kg.errors import KGError, LoadError
from kg.graph import KnowledgeGraph
from kg.namespaces import BASE, MERGE_GRAPH, ONTOLOGY_GRAPH
from kg.project import Project
from kg.store import (
    claim, data_folder, listing, locked, new_data_folder, owned_names, read_state, record, retire,
)

_POSITION = re.compile(
    r"^(?:Parser error )?(?:at line (\d+)(?: between columns (\d+) and \d+| column (\d+))?"
    r"|between line (\d+) column (\d+) and line \d+ column \d+):\s*", re.I)


#: what a store holds besides the files' statements; a store of another layout is filled anew
LAYOUT = "merge-graph-1"


def load(
    root: str | Path | None = None, *, project: Project | None = None, store_path: str | Path | None = None
) -> KnowledgeGraph:
    """Load the project at ``root`` (or found from the working directory) into a knowledge graph.

    With ``store_path`` the store lives on disk: if it already holds exactly these files (same
    names, sizes and modification times) and as many statements as it was filled with, it is
    opened read-only and nothing is parsed; otherwise (files changed, or the store is damaged)
    it is filled anew from the files.

    Raises:
        ProjectNotFound: no project directory.
        LoadError: a file could not be read or parsed (the message names file:line:column), or
            the store cannot be made.
        UsageError: ``store_path`` is a folder with files kg did not make (see :mod:`kg.store`).
    """
    project = project or Project.find(root)
    if store_path is None:
        store = ox.Store()
        _fill(store, project)
        return KnowledgeGraph(store, project=project)
    folder = claim(store_path)
    files = files_manifest(project)
    with locked(folder):  # another kg filling the same store is waited for, then found filled
        state = read_state(folder) or {}
        if state.get("files") == files and state.get("layout") == LAYOUT:
            store = _open_intact(folder, state)
            if store is not None:
                return KnowledgeGraph(store, project=project)
        return KnowledgeGraph(_fill_on_disk(folder, project, files, state), project=project)


def _fill_on_disk(folder: Path, project: Project, files: list, old: dict) -> ox.Store:
    """The store at ``folder`` filled anew from the project's files (in a new data folder, the old
    one's recorded files then removed), reopened read-only."""
    # filled in memory (rules and all), then written to disk in one bulk load: 7x faster at 1M
    # statements than filling the on-disk store statement by statement
    filled = ox.Store()
    _fill(filled, project)
    quads = len(filled)
    data = new_data_folder(folder)
    try:
        store = ox.Store(str(data))
        store.bulk_load(filled.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        del filled
        store.flush()
    except (OSError, RuntimeError) as e:
        raise LoadError(str(folder), f"cannot make the store: {str(e).splitlines()[0]}") from None
    # Reopen read-only: a writable on-disk store keeps compaction threads running, and a query
    # forked while one of them holds a lock would wait for ever (kg.limits forks every query).
    del store
    gc.collect()
    try:
        store = ox.Store.read_only(str(data))
    except (OSError, RuntimeError) as e:
        raise LoadError(str(folder), f"cannot open the store: {str(e).splitlines()[0]}") from None
    record(folder, {"data": data.name, "owned": listing(data), "files": files, "quads": quads, "layout": LAYOUT})
    retire(folder, old)
    return store


def _open_intact(folder: Path, state: dict) -> ox.Store | None:
    """The store opened read-only if it is as it was filled, else None.

    Its files unchanged since they were last found whole (names, sizes, times): opened at once.
    Otherwise it must still hold the statements it was filled with; the count runs in a child
    process under a time limit (a damaged store can make a scan loop), and once it passes the
    files are recorded as whole. A read-only engine writes nothing, so a file someone left in
    the data folder is never touched.
    """
    from kg.limits import Limits, run

    data = data_folder(folder, state)
    if data is None:
        return None
    owned = owned_names(state)
    try:
        store = ox.Store.read_only(str(data))
        if state.get("owned") == listing(data, owned):
            return store
        counted = run(lambda: str(len(store)).encode(), Limits(timeout=60, max_memory_mb=1024)).data
    except (OSError, RuntimeError, ValueError, KGError):
        return None
    if counted != str(state.get("quads")).encode():
        return None
    try:
        record(folder, {**state, "owned": listing(data, owned)})
    except (OSError, KGError):
        pass  # a store we may not write to is counted on every open instead
    return store


def _fill(store: ox.Store, project: Project) -> None:
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    for path in project.ontology_files:
        load_file(store, path, ox.RdfFormat.TURTLE, to_graph=ontology, shown_as=project.relative(path))
    for path in project.fact_files:
        load_file(store, path, ox.RdfFormat.TRIG, shown_as=project.relative(path))
    derive(store)
    merge(store)


def merge(store: ox.Store) -> None:
    """Add to ``store`` the RDF merge of all its graphs, as the graph :data:`MERGE_GRAPH` (each
    statement once: a store is a set of quads): the default graph every query sees. Measured
    (tests/benchmarks/engine.py): 0.02 s for the curated graph's 5,700 quads."""
    name = ox.NamedNode(MERGE_GRAPH)
    store.extend([ox.Quad(q.subject, q.predicate, q.object, name) for q in store if q.graph_name != name])


def content_version(project: Project) -> str:
    """A fingerprint of what the graph is made from: the bytes of every ontology, facts and rule
    file with its name. The same on every clone of the same commit (no file times in it), and
    it needs the files read, never parsed."""
    import hashlib

    digest = hashlib.sha256()
    buffer = bytearray(1 << 18)  # read into one buffer, never a copy of a whole file
    view = memoryview(buffer)
    for path in _source_files(project):
        digest.update(project.relative(path).encode("utf-8") + b"\x00")
        with open(path, "rb", buffering=0) as handle:
            while size := handle.readinto(buffer):
                digest.update(view[:size])
        digest.update(b"\x00")
    return digest.hexdigest()[:20]


def files_manifest(project: Project) -> list[list]:
    """Each file the graph is loaded from (ontology, facts, rules) with its size and time."""
    return [[project.relative(f), f.stat().st_size, f.stat().st_mtime_ns] for f in _source_files(project)]


def _source_files(project: Project) -> list[Path]:
    """The files the graph is made from: ontology, facts, rules."""
    return [*project.ontology_files, *project.fact_files, *rule_files()]


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
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block for ever, a device never end
            raise LoadError(shown, "not a regular file; facts and ontology files must be plain files")
        data = path.read_bytes()
    except OSError as e:
        raise LoadError(shown, e.strerror or str(e)) from None
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark, as some editors write
        data = data[3:]
    options = {"to_graph": to_graph} if to_graph is not None else {}
    try:
        store.load(data, format=fmt, base_iri=BASE, **options)
    except SyntaxError as e:
        raise _load_error(shown, e, data) from None
    except MemoryError as e:  # the parser's buffer limit: one term too long to hold
        line, column = _longest_line(data)
        raise LoadError(shown, f"a term too long for the parser ({str(e).splitlines()[0] if str(e) else 'out of memory'}); "
                        "split it or keep such text outside the graph", line=line, column=column) from None
    except (ValueError, OSError) as e:
        raise LoadError(shown, str(e).splitlines()[0]) from None


def _longest_line(data: bytes) -> tuple[int | None, int | None]:
    """Line and column of the quote opening the longest line of ``data``, where a term too long
    for the parser most likely starts (None, None for an empty file)."""
    best = (0, None, 0)  # length, line number, offset of the line
    number, start = 1, 0
    while start <= len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if end - start > best[0]:
            best = (end - start, number, start)
        number, start = number + 1, end + 1
    length, line, offset = best
    if line is None:
        return None, None
    text = data[offset:offset + length]
    quote = min((i for i in (text.find(b'"'), text.find(b"'")) if i >= 0), default=0)
    return line, len(text[:quote].decode("utf-8", "replace")) + 1


def _load_error(shown: str, error: SyntaxError, data: bytes = b"") -> LoadError:
    message = str(error.args[0] if error.args else error).splitlines()[0]
    line, column = error.lineno, error.offset
    match = _POSITION.match(message)
    if match:
        line = line or int(match.group(1) or match.group(4))
        column = column or int(match.group(2) or match.group(3) or match.group(5) or 0) or None
        message = message[match.end():]
    message = message.strip() or "syntax error"
    tag = _language_tag_at(data, line, column)
    if tag is not None:  # Oxigraph's word for a bad "@en-" is about integers; say what it is
        message = f"bad language tag {tag!r} (write @en or @vi): {message}"
    return LoadError(shown, message, line=line, column=column)


def _language_tag_at(data: bytes, line: int | None, column: int | None) -> str | None:
    """The ``@tag`` that ends just before ``line:column`` of ``data``, if the error is in one."""
    if not line or not column:
        return None
    lines = data.decode("utf-8", "replace").splitlines()
    if line > len(lines):
        return None
    text = lines[line - 1]
    match = re.search(r'["\']@[A-Za-z0-9-]*\s*\S?$', text[: column + 1])
    return re.match(r"@[A-Za-z0-9-]*", text[match.start() + 1:]).group(0) if match else None
