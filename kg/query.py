"""SPARQL for people: named queries shipped as ``.rq`` files, ``--bind`` values, result formats."""
from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg import queries
from kg.errors import QueryError, UsageError
from kg.graph import KnowledgeGraph
from kg.namespaces import PREFIXES, curie, expand, nearest_prefix
from kg.terminal import safe

if TYPE_CHECKING:
    from kg.guard import Dataset
    from kg.limits import Limits, Outcome

SELECT_FORMATS = {"table": None, "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                 "xml": ox.RdfFormat.RDF_XML}
XSD = "http://www.w3.org/2001/XMLSchema#"
_IRI_LIST = re.compile(r"^https?://\S+(?: https?://\S+)*$")
_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_INTEGER = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question: str  # the first comment line: what the query answers
    text: str
    question_vi: str = ""  # the same question in Vietnamese ("# vi: ..." on the second line)


def named_queries() -> list[NamedQuery]:
    """Every named query shipped with the package, sorted by name."""
    found = []
    for entry in sorted(resources.files(queries).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            lines = text.splitlines() or [""]
            vi = lines[1].partition("# vi:")[2].strip() if len(lines) > 1 and lines[1].startswith("# vi:") else ""
            found.append(NamedQuery(entry.name[:-3], lines[0].lstrip("# ").strip(), text, vi))
    return found


def named_query(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name is an error that lists the known ones."""
    for query in named_queries():
        if query.name == name:
            return query
    known = ", ".join(q.name for q in named_queries())
    raise QueryError(f"no named query {name!r}; known: {known}")


def query_text(sparql: str | None = None, file: str | Path | None = None, name: str | None = None) -> str:
    """The text of the query given in exactly one way: as text, as a ``.rq`` file, or by name.

    Raises:
        UsageError: none or several given, or the file cannot be read.
        QueryError: no named query ``name``.
    """
    given = [x for x in (sparql, file, name) if x]
    if len(given) != 1:
        raise UsageError("give exactly one of: a SPARQL string, --file F.rq, or --name NAME (see --list)")
    if name:
        return named_query(name).text
    if file:
        return read_query_file(file).removeprefix("\ufeff")
    return sparql.removeprefix("\ufeff")


def read_query_file(file: str | Path) -> str:
    """The text of a query file, read no further than the guard's size limit.

    A device (``/dev/zero``) is refused before it is read; a pipe is read as it comes (waiting
    for its writer, which Ctrl-C or SIGTERM ends); anything longer than
    :data:`kg.guard.MAX_QUERY_BYTES` is refused as soon as that much has been read.

    Raises:
        UsageError: the file cannot be read, is no file or pipe, is too long, or is not UTF-8.
    """
    from kg._io import read_capped
    from kg.guard import MAX_QUERY_BYTES

    try:
        data = read_capped(file, MAX_QUERY_BYTES, pipes=True)
    except OSError as e:
        raise UsageError(f"{file}: {e.strerror or e}") from None
    if data is None:
        raise UsageError(f"{file}: not a query file (a device or a folder); give a .rq file")
    if len(data) > MAX_QUERY_BYTES:
        raise UsageError(f"{file}: the query is longer than kg reads; the limit is {MAX_QUERY_BYTES:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise UsageError(f"{file}: not UTF-8 text (byte {e.start + 1})") from None


def parse_binding(text: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """``var=value`` as a variable name and a term.

    The value is an IRI in ``<>``, a CURIE with a known prefix, a ``YYYY-MM-DD`` date, an integer,
    a decimal, or else a plain string.
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not name or not re.fullmatch(r"\w+", name):
        raise UsageError(f"--bind {text!r}: write it as var=value, e.g. --bind date=2025-03-01")
    return name, parse_value(value.strip())


def resolve_bindings(graph: KnowledgeGraph | None, texts: list[str] | tuple[str, ...]) -> dict[str, ox.NamedNode | ox.Literal]:
    """``--bind var=value`` options as terms, names resolved the way ``kg describe`` resolves them.

    A value that is no IRI, CURIE, date or number names an entity: a document number
    (``06/CT-TTg``, ``382/QD-BTC``) or a label in English or Vietnamese, with or without
    diacritics. It never falls back to text quietly; ``"in quotes"`` binds text on purpose.

    Raises:
        UsageError: a malformed option, or a name that matches no entity or several.
    """
    bindings = {}
    for text in texts:
        name, term = parse_binding(text)
        if name in bindings:
            raise UsageError(f"--bind {name} is given twice; bind each variable once")
        if _is_name(term, text):
            from kg.lookup import resolve  # names are read only when a name is given

            try:
                term = ox.NamedNode(resolve(graph, term.value))
            except UsageError as e:
                raise UsageError(f"--bind {name}: {e} (to bind it as text, write {name}='\"{term.value}\"')") from None
        bindings[name] = term
    return bindings


def names_an_entity(text: str) -> bool:
    """Whether a ``--bind var=value`` names an entity to resolve (a label or a document number),
    not an IRI, CURIE, date, number or quoted text."""
    return _is_name(parse_binding(text)[1], text)


def _is_name(term, text: str) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value.endswith("#string") and not _quoted(text)


def _quoted(text: str) -> bool:
    value = text.partition("=")[2].strip()
    return len(value) >= 2 and value[0] == value[-1] == '"'


def parse_value(value: str) -> ox.NamedNode | ox.Literal:
    """A ``--bind`` value as a term: ``<IRI>``, a CURIE with a known prefix, a date, a number, or
    text (``"in quotes"`` is always text).

    Raises:
        UsageError: a malformed IRI, an unknown prefix, or an impossible date.
    """
    if len(value) >= 2 and value[0] == value[-1] == '"':  # text on purpose
        return ox.Literal(value[1:-1])
    if value.startswith("<") and value.endswith(">"):
        return _iri(value[1:-1], value)
    prefix = value.partition(":")[0]
    if prefix in PREFIXES and ":" in value:
        return _iri(expand(value), value)
    if re.fullmatch(r"[A-Za-z][\w-]*:[^\s/][^\s]*", value) and not re.match(r"^(https?|urn|mailto):", value):
        raise UsageError(f"{value!r}: unknown prefix {prefix + ':'!r}{nearest_prefix(prefix)}; "
                         "`kg prefixes` lists them (write <IRI> for a full IRI)")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"{value!r} is not a valid date") from None
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    if _INTEGER.match(value):
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if _DECIMAL.match(value):
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
    return ox.Literal(value)


def _iri(iri: str, given: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as e:
        raise UsageError(f"{given!r} is not a valid IRI: {e}") from None


def variables(sparql: str) -> set[str]:
    """The variables a query mentions; see :func:`kg.guard.variables`."""
    from kg.guard import variables as mentioned

    return mentioned(sparql)


def run(graph: KnowledgeGraph, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
        dataset: "Dataset | None" = None):
    """Run ``sparql`` with ``bindings`` pre-bound (never formatted into the text).

    Raises:
        QueryError: a binding names a variable the query does not mention, or the query fails.
    """
    missing = sorted(set(bindings or {}) - variables(sparql))
    if missing:
        raise QueryError(f"--bind {missing[0]}: the query has no variable ?{missing[0]}")
    return lists_in_order(graph.query(sparql, bindings, dataset=dataset), sparql)


_GROUP_CONCAT = re.compile(r"GROUP_CONCAT\s*\((.*?)\)\s*AS\s+[?$](\w+)", re.I | re.S)
_BIND = re.compile(r"BIND\s*\((.*?)\s+AS\s+[?$](\w+)\s*\)", re.I | re.S)
_SEPARATOR = re.compile(r"separator\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)


def list_columns(sparql: str) -> dict[str, str]:
    """The columns a query fills with GROUP_CONCAT, and the separator of each (a space by default)."""
    found = {}
    for arguments, name in _GROUP_CONCAT.findall(sparql):
        separator = _SEPARATOR.search(arguments)
        found[name] = (separator.group(1) if separator.group(1) is not None else separator.group(2)) if separator else " "
    # a column bound from a list column is one too (BIND(IF(BOUND(?s), ?found, "none") AS ?shown))
    for expression, name in _BIND.findall(sparql):
        for listed, separator in list(found.items()):
            if re.search(rf"[?$]{listed}\b", expression):
                found.setdefault(name, separator)
    return found


def lists_in_order(result, sparql: str):
    """``result`` with the parts of each GROUP_CONCAT cell in one fixed (sorted) order.

    GROUP_CONCAT has no order: the same query gave a branch's provinces in one order here, another
    on Oxigraph server and a third on Virtuoso. Answers without such a column are returned as they are.
    """
    lists = list_columns(sparql) if "GROUP_CONCAT" in sparql.upper() else {}
    if not lists or not (isinstance(result, ox.QuerySolutions) or hasattr(result, "variables")):
        return result
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        row = []
        for name in names:
            term = solution[name]
            if name in lists and isinstance(term, ox.Literal) and lists[name]:
                term = ox.Literal(lists[name].join(sorted(term.value.split(lists[name]))),
                                  **({"language": term.language} if term.language else {"datatype": term.datatype}))
            row.append(term)
        rows.append(row)
    return solutions_of(names, rows)


def solutions_of(names: list[str], rows) -> "Solutions":
    """A SELECT answer made of rows of terms (None where a variable is unbound)."""
    bindings = [{name: _json_term(term) for name, term in zip(names, row) if term is not None} for row in rows]
    data = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode("utf-8")
    ordered = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    return Solutions(ordered.variables, list(ordered), data)


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


class Solutions(list):
    """A SELECT answer read to its end: its rows, variables, and the SPARQL results it is written
    from (JSON, or the XML a store sent)."""

    def __init__(self, variables, rows, data: bytes, form: ox.QueryResultsFormat = ox.QueryResultsFormat.JSON):
        super().__init__(rows)
        self.variables, self.data, self.form = variables, data, form

    def serialize(self, format: ox.QueryResultsFormat) -> bytes:
        return ox.parse_query_results(self.data, format=self.form).serialize(format=format)


def run_limited(graph: KnowledgeGraph, sparql: str, bindings: dict | None = None, fmt: str = "table",
                limits: "Limits | None" = None, dataset: "Dataset | None" = None) -> "Outcome":
    """Run ``sparql`` and render it as ``fmt``, in a child process under ``limits``.

    The way every front end runs a query someone typed: it can be stopped by its time and
    memory limits or by Ctrl-C, and a crash in the engine ends the child, not the caller.

    Raises:
        QueryError: the query is refused, malformed or failed; LimitExceeded when stopped.
        Interrupted: Ctrl-C or SIGTERM.
    """
    from kg import limits as limited

    if fmt not in SELECT_FORMATS and fmt not in GRAPH_FORMATS:
        raise UsageError(f"unknown format {fmt!r}")
    return limited.run(lambda: render(run(graph, sparql, bindings, dataset), fmt), limits or limited.Limits())


def render(result, fmt: str = "table") -> bytes:
    """Serialize a query result: SELECT/ASK as table|csv|tsv|json|xml, CONSTRUCT/DESCRIBE as turtle|nt|jsonld."""
    # a table: a local answer, or a remote one (kg.remote.Solutions, told by its variables
    # rather than imported: the HTTP client costs 30 ms at every start)
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean, bool)) or hasattr(result, "variables"):
        if fmt not in SELECT_FORMATS:
            raise UsageError(f"--format {fmt} is for graphs; SELECT and ASK take {', '.join(SELECT_FORMATS)}")
        if fmt == "table":
            return _table(result).encode("utf-8")
        return result.serialize(format=SELECT_FORMATS[fmt])
    if fmt == "table":
        fmt = "turtle"
    if fmt not in GRAPH_FORMATS or fmt in ("csv", "tsv", "json"):
        raise UsageError(f"--format {fmt} is for SELECT/ASK; CONSTRUCT and DESCRIBE take {', '.join(GRAPH_FORMATS)}")
    return ox.serialize(result, format=GRAPH_FORMATS[fmt], prefixes=PREFIXES)


def _table(result) -> str:
    if isinstance(result, (bool, ox.QueryBoolean)):
        return ("yes" if bool(result) else "no") + "\n"
    names = [v.value for v in result.variables]
    rows = [[_cell(solution[n]) for n in names] for solution in result]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(names), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return curie(term.value)
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    text = safe(term.value.replace("\n", " "))  # a terminal gets no control character raw
    if _IRI_LIST.match(text):  # a list of sources (GROUP_CONCAT of graph IRIs): show them as CURIEs
        return " ".join(curie(iri) for iri in text.split())
    if term.datatype.value in _NUMBERS:
        return readable_number(text)
    return text  # a label as people read it: no language tag glued to it


_NUMBERS = {XSD + name for name in ("decimal", "double", "float", "integer", "long", "int", "nonNegativeInteger")}


def readable_number(lexical: str) -> str:
    """A number as a table shows it: thousands grouped, billions named, no trailing ``.0``.

    Below 10,000 it is left as written (years, small counts); CSV and JSON keep the exact value.

    >>> [readable_number(n) for n in ("427989000000000.0", "786290000000", "3200000.0", "15.40", "2024", "5816e9")]
    ['427,989 billion', '786.29 billion', '3,200,000', '15.4', '2024', '5,816 billion']
    """
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(lexical)
    except InvalidOperation:
        return lexical
    if not value.is_finite():
        return lexical
    if abs(value) < 10_000:
        return _plain(value)
    if abs(value) >= 1_000_000_000:
        return f"{_grouped(value / 1_000_000_000)} billion"
    return _grouped(value)


def _grouped(value) -> str:
    whole, _, fraction = _plain(value).partition(".")
    sign = "-" if whole.startswith("-") else ""
    return sign + f"{int(whole.lstrip('-')):,}" + (f".{fraction}" if fraction else "")


def _plain(value) -> str:
    """A decimal without exponent or trailing zeros (``15.40`` → ``15.4``, ``67.0`` → ``67``)."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
