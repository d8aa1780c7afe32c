"""What a SPARQL query may ask, checked before the engine sees it.

The graph answers from its own store and nothing else: a query that names an address to call
(``SERVICE``) is refused, and the graphs a query selects with ``FROM`` / ``FROM NAMED`` must be
graphs of ours. A query too long or nested too deep to parse safely is refused with the limit it
broke (Oxigraph's parser recurses, and a query nested some thousands deep crashes the process).

The checks read the query as tokens (strings, IRIs and comments are skipped whole), so a
``SERVICE`` inside a string or a comment is no call, and ``?service`` is a variable.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kg.errors import QueryError

#: A query longer than this (UTF-8 bytes) is refused before it is parsed.
MAX_QUERY_BYTES = 100_000
#: Brackets ( { [ nested deeper than this are refused before the query is parsed.
MAX_DEPTH = 100

# strings, comments and variables: read whole and skipped by every check
_SKIP = (r'"""(?:[^"\\]|\\.|"(?!""))*"""'
         r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
         r'|"(?:[^"\\\n]|\\.)*"'
         r"|'(?:[^'\\\n]|\\.)*'"
         r"|\#[^\n]*"
         r"|[?$]\w+")
_IRI = r"<[^<>\"{}|^`\\\s]*>"
_TOKEN = re.compile(
    rf"(?P<skip>{_SKIP})"
    rf"|(?P<iri>{_IRI})"
    r"|(?P<pname>(?<![\w:])(?:[A-Za-z][\w.-]*)?:[\w\-/%]*(?:\.[\w\-/%]+)*)"
    r"|(?P<open>[({\[])|(?P<close>[)}\]])"
    r"|(?P<word>(?<![\w:])[A-Za-z]+(?![\w:-]))",
    re.S,
)


@dataclass(frozen=True)
class Dataset:
    """The graphs a query's ``FROM`` and ``FROM NAMED`` clauses select (empty: none given)."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()

    @property
    def given(self) -> bool:
        return bool(self.default or self.named)

    def require(self, graphs: set[str]) -> None:
        """Raise :class:`QueryError` unless every graph selected is one of ``graphs``."""
        for iri in (*self.default, *self.named):
            if absolute(iri) not in graphs:
                raise QueryError(f"FROM <{iri}>: the graph has no such named graph; "
                                 "the sources are listed by `kg query --name sources`")


def variables(sparql: str) -> set[str]:
    """The variables a query mentions (outside strings, IRIs and comments), without ``?``.

    >>> sorted(variables('SELECT ?s WHERE { ?s <http://x/#?not> "?no" } # ?neither'))
    ['s']
    """
    return {m.group("skip")[1:] for m in _TOKEN.finditer(sparql)
            if m.lastgroup == "skip" and m.group("skip")[0] in "?$"}


def form(sparql: str) -> str:
    """The query form, ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (``""`` if none is found)."""
    for match in _TOKEN.finditer(sparql):
        if match.lastgroup == "word" and match.group("word").upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return match.group("word").upper()
    return ""


def distinct(sparql: str) -> bool:
    """Whether the query's outer SELECT asks for DISTINCT (or REDUCED) answers."""
    words = (m.group("word").upper() for m in _TOKEN.finditer(sparql) if m.lastgroup == "word")
    for word in words:
        if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return word == "SELECT" and next(words, "") in ("DISTINCT", "REDUCED")
    return False


def check(sparql: str) -> Dataset:
    """Refuse what the engine must never run; return the dataset the query selects.

    Raises:
        QueryError: the query is too long, nests too deep, or calls a service.
    """
    size = len(sparql.encode("utf-8", "surrogatepass"))
    if size > MAX_QUERY_BYTES:
        raise QueryError(f"the query is {size:,} bytes; the limit is {MAX_QUERY_BYTES:,}")
    depth = 0
    previous: list[str] = []
    default: list[str] = []
    named: list[str] = []
    prefixes: dict[str, str] = {}
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            if depth > MAX_DEPTH:
                line = sparql.count("\n", 0, match.start()) + 1
                raise QueryError(f"the query nests brackets more than {MAX_DEPTH} deep (line {line}); "
                                 "write it flatter")
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "word":
            word = match.group("word").upper()
            if word == "SERVICE":
                line = sparql.count("\n", 0, match.start()) + 1
                column = match.start() - (sparql.rfind("\n", 0, match.start()) + 1) + 1
                raise QueryError(f"SERVICE at line {line}, column {column}: this graph answers only from its "
                                 "own data and never calls another endpoint")
            if word in ("FROM", "NAMED"):
                previous.append(word)
                continue
            if word == "PREFIX":
                previous = ["PREFIX"]
                continue
        elif kind == "pname" and previous == ["PREFIX"]:
            previous = ["PREFIX", match.group("pname")]
            continue
        elif kind == "iri" and len(previous) == 2 and previous[0] == "PREFIX":
            prefixes[previous[1]] = match.group("iri")[1:-1]
        elif kind in ("iri", "pname") and previous[-1:] == ["FROM"] or previous[-2:] == ["FROM", "NAMED"]:
            iri = match.group("iri")[1:-1] if kind == "iri" else _expand(match.group("pname"), prefixes)
            (named if previous[-1:] == ["NAMED"] else default).append(iri)
        previous = []
    return Dataset(tuple(default), tuple(named))


def _expand(pname: str, declared: dict[str, str]) -> str:
    from kg.namespaces import PREFIXES

    prefix, _, local = pname.partition(":")
    if prefix + ":" in declared:
        return declared[prefix + ":"] + local
    if prefix in PREFIXES:
        return PREFIXES[prefix] + local
    return pname


_LOCAL_ESCAPE = r"\\[_~.\-!$&'()*+,;=/?#@%]"


@functools.cache
def _escaped_name() -> re.Pattern:
    """Strings, comments, IRIs, and prefixed names holding a backslash escape (compiled on first use)."""
    return re.compile(
        rf"(?P<skip>{_SKIP}|{_IRI})"
        rf"|(?P<name>(?<![\w:])(?:[A-Za-z][\w.-]*)?:(?:[\w\-.%:]|{_LOCAL_ESCAPE})*{_LOCAL_ESCAPE}"
        rf"(?:[\w\-.%:]|{_LOCAL_ESCAPE})*)",
        re.S,
    )


def unescape_names(sparql: str) -> str:
    """``sparql`` with every prefixed name that holds a backslash escape (``doc:2024\\/06-ct-ttg``)
    written as the full IRI it stands for: some stores, Virtuoso among them, do not read the escapes."""
    declared = {m.group(1) + ":": m.group(2) for m in re.finditer(r"(?i)PREFIX\s+([\w.-]*):\s*<([^>]*)>", sparql)}

    def full(match: re.Match) -> str:
        name = match.group("name")
        if name is None:
            return match.group(0)
        trailing = len(name) - len(name.rstrip("."))  # a final unescaped "." ends the triple
        while trailing and name[: len(name) - trailing].endswith("\\"):
            trailing -= 1
        name, dots = name[: len(name) - trailing], "." * trailing
        plain = re.sub(r"\\(.)", r"\1", name)
        iri = _expand(plain, declared)
        return (f"<{iri}>" if iri != plain else name) + dots  # an undeclared prefix: left to the store

    return _escaped_name().sub(full, sparql)


def absolute(iri: str) -> str:
    from kg.namespaces import BASE

    return iri if re.match(r"^[A-Za-z][\w+.-]*:", iri) else BASE + iri


def bind(sparql: str, bindings: dict) -> str:
    """``sparql`` with ``bindings`` as a ``VALUES`` block opening its WHERE group.

    The terms are written by Oxigraph in N-Triples syntax, never formatted from what was typed,
    and a bound variable is then bound in a pattern: every store sees it the same way (Oxigraph's
    own substitutions fold ``BOUND(?p)`` to false for a variable no pattern mentions, and need the
    variable projected).

    Raises:
        QueryError: the query has no WHERE group to open.
    """
    if not bindings:
        return sparql
    # SELECT and ASK may leave out WHERE; a CONSTRUCT's first group is its template
    seen_where = form(sparql) in ("SELECT", "ASK")
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind == "word" and match.group("word").upper() == "WHERE":
            seen_where = True
        elif kind == "open" and match.group("open") == "{":
            if seen_where:
                names = " ".join(f"?{name}" for name in bindings)
                terms = " ".join(str(term) for term in bindings.values())
                at = match.end()
                # on the same line, so that error positions on later lines stay where the user wrote them
                return f"{sparql[:at]} VALUES ({names}) {{ ({terms}) }} {sparql[at:]}"
    raise QueryError("cannot bind variables: the query has no WHERE group")
