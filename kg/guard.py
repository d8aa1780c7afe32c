"""What a SPARQL query may ask, checked before the engine sees it.

The graph answers from its own store and nothing else: a query that names an address to call
(``SERVICE``) is refused, and the graphs a query selects with ``FROM`` / ``FROM NAMED`` must be
graphs of ours. A query too long, nested too deep or chained too long to evaluate safely is
refused with the limit it broke (Oxigraph's parser and evaluator recurse: a query nested some
thousands deep, or a flat chain of ~3,000 BINDs or MINUS or ~8,000 ``+`` or UNION, crashes it).

The checks read the query as SPARQL 1.1's grammar cuts it into tokens (:func:`tokens`: the
terminals of the grammar, with local-name escapes such as ``ex:a\\'``, the four string forms,
IRIs and comments; the longest token wins), so a ``SERVICE`` inside a string or a comment is no
call, ``?service`` is a variable, and no escape makes the guard see a string or a comment where
the engine sees a keyword. The engine matches a keyword with no boundary after it
(``SERVICEex:x {`` is a call, ``FROMNAMED<g>`` a named graph), and the guard reads those as it
does. Text the grammar cannot cut is refused. A differential test
(tests/test_guard.py) holds this reading to the engine's. The guard is one layer: the process
that evaluates a query has no network either (:mod:`kg.sandbox`).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from kg.errors import QueryError

#: A query longer than this (UTF-8 bytes) is refused before it is parsed.
MAX_QUERY_BYTES = 100_000
#: Brackets ( { [ nested deeper than this are refused before the query is parsed.
MAX_DEPTH = 100
#: Operators, path steps and graph patterns one query may chain; the engine crashed from ~3,000.
MAX_CHAIN = 1_000

# The terminals of SPARQL 1.1 (https://www.w3.org/TR/sparql11-query/#sparqlGrammar), as written
# there; \u escapes are also read inside strings and IRIs, as the engine reads them.
# The name characters as code point ranges (PN_CHARS_BASE, then what PN_CHARS_U and PN_CHARS add)
_BASE_RANGES = ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2FF), (0x370, 0x37D),
                (0x37F, 0x1FFF), (0x200C, 0x200D), (0x2070, 0x218F), (0x2C00, 0x2FEF), (0x3001, 0xD7FF),
                (0xF900, 0xFDCF), (0xFDF0, 0xFFFD), (0x10000, 0xEFFFF))
_U_RANGES = _BASE_RANGES + ((0x5F, 0x5F),)                                      # _
_DIGITS = ((0x30, 0x39),)
_VAR_RANGES = _U_RANGES + _DIGITS + ((0xB7, 0xB7), (0x300, 0x36F), (0x203F, 0x2040))  # a variable's, after its first
_NAME_RANGES = _VAR_RANGES + ((0x2D, 0x2D),)                                     # and -


def _chars(*ranges: tuple[tuple[int, int], ...], also: str = "", ascii: bool = False) -> str:
    """A character class of ``ranges`` and the characters ``also``, written as the complement of
    what it leaves out ("[^...]"): the same characters, but compiled in a quarter of the time
    (Python's re walks every code point of a class's ranges below U+10000 to compile it, and the
    name classes hold some 60,000 of them: 20 ms at each start, for the guard alone).
    ``ascii``: only its characters below U+0080, listed, for reading a query written in ASCII
    alone: the same tokens there, compiled in a fraction of a millisecond.

    >>> re.fullmatch(_chars(_BASE_RANGES, also=".:"), "é") is not None, re.fullmatch(_chars(_BASE_RANGES), "1")
    (True, None)
    >>> _chars(_NAME_RANGES, also=".:", ascii=True)
    '[\\\\--\\\\.0-:A-Z_a-z]'
    """
    spans = sorted([r for group in ranges for r in group] + [(ord(c), ord(c)) for c in also])
    if ascii:
        kept = _joined([(low, min(high, 0x7F)) for low, high in spans if low <= 0x7F])
        return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                             for a, b in kept) + "]"
    out, at = [], 0
    for low, high in spans:
        if low > at:
            out.append((at, low - 1))
        at = max(at, high + 1)
    if at <= 0x10FFFF:
        out.append((at, 0x10FFFF))
    return "[^" + "".join(f"\\U{a:08X}" if a == b else f"\\U{a:08X}-\\U{b:08X}" for a, b in out) + "]"


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted code point ranges, those that touch or overlap made one."""
    out: list[tuple[int, int]] = []
    for low, high in spans:
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _grammar(ascii: bool) -> dict[str, str]:
    """The terminals as regular expressions (``ascii``: for a query of ASCII characters only)."""
    def chars(*ranges, also=""):
        return _chars(*ranges, also=also, ascii=ascii)

    plx = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
    pn_prefix = rf"{chars(_BASE_RANGES)}(?:{chars(_NAME_RANGES, also='.')}*{chars(_NAME_RANGES)})?"
    pn_local = (rf"(?:{chars(_U_RANGES, _DIGITS, also=':')}|{plx})"
                rf"(?:(?:{chars(_NAME_RANGES, also='.:')}|{plx})*(?:{chars(_NAME_RANGES, also=':')}|{plx}))?")
    varname = rf"{chars(_U_RANGES, _DIGITS)}{chars(_VAR_RANGES)}*"
    uchar = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
    echar = rf"\\[tbnrf\\\"']|{uchar}"
    return {
        "space": r"[ \t\r\n]+",
        "comment": r"#[^\r\n]*",
        "iri": rf"<(?:[^<>\"{{}}|^`\\\x00-\x20]|{uchar})*>",
        "string": (rf'"""(?:(?:"|"")?(?:[^"\\]|{echar}))*"""'
                   rf"|'''(?:(?:'|'')?(?:[^'\\]|{echar}))*'''"
                   rf'|"(?:[^"\\\n\r]|{echar})*"'
                   rf"|'(?:[^'\\\n\r]|{echar})*'"),
        "var": rf"[?$]{varname}",
        "bnode": rf"_:{chars(_U_RANGES, _DIGITS)}(?:{chars(_NAME_RANGES, also='.')}*{chars(_NAME_RANGES)})?",
        "pname": rf"(?:{pn_prefix})?:(?:{pn_local})?",
        "langtag": r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*",
        "number": r"[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+",
        "word": r"[A-Za-z_][A-Za-z0-9_]*",
        "open": r"[({\[]",
        "close": r"[)}\]]",
        "op": r"\^\^|\|\||&&|!=|<=|>=|[=<>!+\-*/|^?.,;]",
    }


#: the terminals that may start with a character: only those are tried there
_FIRST: dict[str, tuple[str, ...]] = {
    **{c: ("space",) for c in " \t\r\n"},
    "#": ("comment",), "<": ("iri", "op"), '"': ("string",), "'": ("string",),
    "?": ("var", "op"), "$": ("var",), "_": ("bnode", "word", "pname"), ":": ("pname",), "@": ("langtag",),
    ".": ("number", "op"), **{c: ("number",) for c in "0123456789"},
    **{c: ("open",) for c in "({["}, **{c: ("close",) for c in ")}]"},
    **{c: ("op",) for c in "^|&!=>+-*/,;"},
}
_FIRST_LETTER = ("pname", "word")
#: operators and patterns that chain: each one more level of the engine's recursion
_CHAINING = {"+", "-", "*", "/", "|", "^", "&&", "||", "!", "=", "!=", "<", ">", "<=", ">=",
             "UNION", "MINUS", "OPTIONAL", "BIND", "FILTER", "GRAPH", "SERVICE", "VALUES", "{"}


class Token(NamedTuple):
    kind: str  # iri, string, var, bnode, pname, langtag, number, word, open, close, op
    text: str
    start: int


@functools.cache
def _patterns(ascii: bool = False) -> dict[str, re.Pattern]:
    return {kind: re.compile(pattern) for kind, pattern in _grammar(ascii).items()}


@functools.lru_cache(maxsize=256)
def token_list(sparql: str) -> tuple[Token, ...]:
    """:func:`tokens` as a tuple, remembered for the last queries read: one query is read by
    several checks (its form, its variables, the guard), and a server reads the same ones often."""
    return tuple(tokens(sparql))


def tokens(sparql: str) -> Iterator[Token]:
    """The tokens of ``sparql`` as SPARQL 1.1's grammar cuts them, without spaces and comments.

    The longest token wins at each position, as in the grammar (``service:x`` is a prefixed
    name, not the keyword ``SERVICE``).

    >>> [t.text for t in tokens("SELECT ?s { ?s ex:a\\\\' 'x' } # ?no")]
    ['SELECT', '?s', '{', '?s', "ex:a\\\\'", "'x'", '}']

    Raises:
        QueryError: at the first character no token starts with (the engine cannot read it either).
    """
    patterns = _patterns(sparql.isascii())  # most queries: the same tokens, compiled at a fraction of the cost
    at, end = 0, len(sparql)
    while at < end:
        kind, stop = None, at
        for candidate in _FIRST.get(sparql[at], _FIRST_LETTER):
            match = patterns[candidate].match(sparql, at)
            if match and match.end() > stop:
                kind, stop = candidate, match.end()
        if kind is None:
            raise QueryError(f"the query cannot be read at {position(sparql, at)}: unexpected {sparql[at]!r}")
        if kind not in ("space", "comment"):
            yield Token(kind, sparql[at:stop], at)
        at = stop


def position(sparql: str, at: int) -> str:
    """``line L, column C`` of the character at offset ``at`` (both counted from 1)."""
    line = sparql.count("\n", 0, at) + 1
    return f"line {line}, column {at - (sparql.rfind(chr(10), 0, at) + 1) + 1}"


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


def _readable(sparql: str) -> Iterator[Token]:
    """The tokens up to the first character that cannot be read (for questions that need no verdict)."""
    try:
        yield from token_list(sparql)
    except QueryError:
        yield from _until_unreadable(sparql)


def _until_unreadable(sparql: str) -> Iterator[Token]:
    try:
        yield from tokens(sparql)
    except QueryError:
        return


def variables(sparql: str) -> set[str]:
    """The variables a query mentions (outside strings, IRIs and comments), without ``?``.

    >>> sorted(variables('SELECT ?s WHERE { ?s <http://x/#?not> "?no" } # ?neither'))
    ['s']
    """
    return {t.text[1:] for t in _readable(sparql) if t.kind == "var"}


def form(sparql: str) -> str:
    """The query form, ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (``""`` if none is found).

    Read only up to the form's keyword: a server asks this of every query before a worker reads
    the whole of it."""
    for token in _until_unreadable(sparql):
        if token.kind == "word" and token.text.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return token.text.upper()
    return ""


def distinct(sparql: str) -> bool:
    """Whether the query's outer SELECT asks for DISTINCT (or REDUCED) answers."""
    words = (t.text.upper() for t in _readable(sparql) if t.kind == "word")
    for word in words:
        if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return word == "SELECT" and next(words, "") in ("DISTINCT", "REDUCED")
    return False


def reads_named_graphs(sparql: str) -> bool:
    """Whether the query has a ``GRAPH`` pattern or ``FROM NAMED``: only then do the dataset's
    named graphs matter to its answer."""
    return any(t.kind == "word" and t.text.upper() in ("GRAPH", "NAMED") for t in _readable(sparql))


def check(sparql: str) -> Dataset:
    """Refuse what the engine must never run; return the dataset the query selects.

    Raises:
        QueryError: the query is too long, cannot be read, nests too deep, chains too long, or
            calls a service.
    """
    size = len(sparql.encode("utf-8", "surrogatepass"))
    if size > MAX_QUERY_BYTES:
        raise QueryError(f"the query is {size:,} bytes; the limit is {MAX_QUERY_BYTES:,}")
    depth = chain = 0
    default: list[str] = []
    named: list[str] = []
    found = token_list(sparql)
    read_to = 0  # the tokens a FROM clause took
    for index, (kind, text, start) in enumerate(found):
        word = text.upper() if kind == "word" else text
        if word in _CHAINING and kind in ("word", "op", "open"):
            chain += 1
            if chain > MAX_CHAIN:
                raise QueryError(f"the query chains more than {MAX_CHAIN:,} operators, path steps and patterns "
                                 f"({position(sparql, start)}); split it or write it with VALUES or IN")
        if kind == "open":
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryError(f"the query nests brackets more than {MAX_DEPTH} deep "
                                 f"({position(sparql, start)}); write it flatter")
        elif kind == "close":
            depth = max(depth - 1, 0)
        if _calls_service(found, index):
            raise QueryError(f"SERVICE at {position(sparql, start)}: this graph answers only from its "
                             "own data and never calls another endpoint"
                             + ("" if word == "SERVICE" else " (the engine reads a keyword glued to what follows "
                                "it, so a name that begins with 'service' reads as SERVICE there)"))
        if index >= read_to and _starts_from(found, index, depth):
            clause, read_to = _from_clause(found, index, declared_prefixes(sparql))
            if clause is not None:
                (named if clause[0] else default).append(clause[1])
    return Dataset(tuple(default), tuple(named))


def _starts_from(found: tuple[Token, ...], index: int, depth: int) -> bool:
    """Whether ``found[index]`` is a FROM the engine reads: the word, or (outside any group, and
    not a prefix being declared) a word or prefixed name that begins with it (``FROMex:x``)."""
    kind, text, _ = found[index]
    if kind == "word" and text.upper() == "FROM":
        return True
    return (depth == 0 and kind in ("word", "pname") and text.upper().startswith("FROM")
            and not (index and found[index - 1].text.upper() in ("PREFIX", "BASE")))


def _from_clause(found: tuple[Token, ...], index: int, declared: dict[str, str]) -> tuple[tuple[bool, str] | None, int]:
    """The graph the FROM at ``found[index]`` selects, as the engine reads it: ((named, IRI) or
    None where the engine cannot read one), and the index of the first token after the clause.

    The engine takes FROM's graph name first, then NAMED and its graph name, keywords glued to
    what follows them or not: ``FROMNAMED<g>`` selects a named graph, and ``FROM NAMEDex:x`` the
    default graph ``NAMEDex:x`` where that prefix is declared, else the named graph ``ex:x``.
    """
    at = index + 1
    rest = found[index].text[4:]
    if not rest and at < len(found):
        rest, at = found[at].text, at + 1
    iri = _graph_name(rest, declared)
    if iri is not None:
        return (False, iri), at
    if rest.upper().startswith("NAMED"):
        rest = rest[5:]
        if not rest and at < len(found):
            rest, at = found[at].text, at + 1
        iri = _graph_name(rest, declared)
        if iri is not None:
            return (True, iri), at
    return None, at


def _graph_name(text: str, declared: dict[str, str]) -> str | None:
    """The IRI an IRI or prefixed name written ``text`` stands for (None: neither, or its prefix
    is declared nowhere)."""
    if text.startswith("<") and text.endswith(">"):
        return _unescape_iri(text[1:-1])
    return expand_name(text, declared) if ":" in text else None


def _calls_service(found: tuple[Token, ...], index: int) -> bool:
    """Whether the engine reads a SERVICE keyword at ``found[index]``.

    The engine matches a keyword with no boundary after it: ``SERVICESILENT<...>``,
    ``SERVICE:x {`` and ``SERVICEex:x {`` are calls, though they read as one word or one prefixed
    name. So any word that begins with SERVICE is one, and so is a prefixed name that begins with
    it and opens a group (where it starts a pattern, the engine reads it so; as the object of a
    triple it would not, and is refused all the same).
    """
    kind, text, _ = found[index]
    if kind == "word":
        return text.upper().startswith("SERVICE")
    if kind != "pname" or not text.upper().startswith("SERVICE"):
        return False
    return index + 1 < len(found) and found[index + 1].text == "{"


def declared_prefixes(sparql: str) -> dict[str, str]:
    """The prefixes the query declares (``"ex:"`` → its IRI, with its escapes read), as the engine
    reads them."""
    found = list(_readable(sparql))
    return {found[i + 1].text: _unescape_iri(found[i + 2].text[1:-1]) for i in range(len(found) - 2)
            if found[i].kind == "word" and found[i].text.upper() == "PREFIX"
            and found[i + 1].kind == "pname" and found[i + 2].kind == "iri"}


def expand_name(pname: str, declared: dict[str, str]) -> str | None:
    """The IRI a prefixed name stands for (its local escapes read), by the query's own prefixes
    (``declared``) or kg's built-in ones; None for a prefix neither declares."""
    plain = _unescape_local(pname)
    iri = _expand(plain, declared)
    return None if iri == plain else iri


def _unescape_iri(iri: str) -> str:
    """An IRI's text with its ``\\u`` escapes read, as the engine reads them."""
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m.group(1) or m.group(2), 16)), iri)


def _unescape_local(pname: str) -> str:
    """A prefixed name with its local-name escapes (``\\/``) read."""
    return re.sub(r"\\(.)", r"\1", pname)


def _expand(pname: str, declared: dict[str, str]) -> str:
    from kg.namespaces import PREFIXES

    prefix, _, local = pname.partition(":")
    if prefix + ":" in declared:
        return declared[prefix + ":"] + local
    if prefix in PREFIXES:
        return PREFIXES[prefix] + local
    return pname


def unescape_names(sparql: str) -> str:
    """``sparql`` with every prefixed name that holds a backslash escape (``doc:2024\\/06-ct-ttg``)
    written as the full IRI it stands for: some stores, Virtuoso among them, do not read the escapes."""
    if "\\" not in sparql:
        return sparql  # no escape anywhere: nothing to read
    declared = declared_prefixes(sparql)
    out, at = [], 0
    for kind, text, start in _readable(sparql):
        if kind != "pname" or "\\" not in text:
            continue
        iri = expand_name(text, declared)
        if iri is not None:  # an undeclared prefix: left to the store
            out += [sparql[at:start], f"<{iri}>"]
            at = start + len(text)
    return "".join(out) + sparql[at:]


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
    for kind, text, start in _readable(sparql):
        if kind == "word" and text.upper() == "WHERE":
            seen_where = True
        elif kind == "open" and text == "{" and seen_where:
            names = " ".join(f"?{name}" for name in bindings)
            terms = " ".join(str(term) for term in bindings.values())
            at = start + 1
            # on the same line, so that error positions on later lines stay where the user wrote them
            return f"{sparql[:at]} VALUES ({names}) {{ ({terms}) }} {sparql[at:]}"
    raise QueryError("cannot bind variables: the query has no WHERE group")
