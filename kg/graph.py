"""The loaded knowledge graph: an Oxigraph store with the conveniences every front end needs."""
from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING, Any, Mapping

import pyoxigraph as ox

from kg import guard
from kg.errors import QueryError
from kg.namespaces import BASE, MERGE_GRAPH, PREFIXES, SOURCE_PREFIX, nearest_prefix

if TYPE_CHECKING:  # rdflib is imported only by the commands that need it
    from rdflib import Dataset

    from kg.project import Project

_QUERY_POSITION = re.compile(r"error at (\d+):(\d+)")


class KnowledgeGraph:
    """Quads in an Oxigraph store; the default graph is queried as the RDF merge of all graphs.

    A statement that two sources make is in the default graph once (SPARQL's default graph is an
    RDF graph, a set): the loader keeps that merge in the store as one graph
    (:data:`kg.namespaces.MERGE_GRAPH`, :func:`kg.loader.merge`), which the default graph reads
    and ``GRAPH ?g`` never lists; ``GRAPH ?g`` gives every graph that states a statement. A store
    made without it (built by hand) is queried over the union of its graphs instead. Bindings
    become a ``VALUES`` row opening the WHERE group (:func:`kg.guard.bind`), the same on every store.

    Args:
        store: the pyoxigraph store holding the quads.
        project: the project it was loaded from, if any.
    """

    def __init__(self, store: ox.Store, project: "Project | None" = None):
        self.store = store
        self.project = project

    def __len__(self) -> int:
        """The statements of the dataset: every quad of every graph, the merge not counted again."""
        return len(self.store) - self._merged_size

    @cached_property
    def _merge(self) -> ox.NamedNode | None:
        """The graph holding the merge, where the store has one."""
        name = ox.NamedNode(MERGE_GRAPH)
        return name if next(iter(self.store.quads_for_pattern(None, None, None, name)), None) is not None else None

    @cached_property
    def _merged_size(self) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, self._merge)) if self._merge else 0

    @cached_property
    def _named(self) -> list[ox.NamedNode]:
        """The dataset's named graphs (the merge is none of them)."""
        return [g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode) and g != self._merge]

    def quads(self):
        """Every quad of the dataset (the merge's copies left out), in the store's order."""
        for quad in self.store:
            if self._merge is None or quad.graph_name != self._merge:
                yield quad

    # -- SPARQL ---------------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, *, union: bool = True,
              dataset: "guard.Dataset | None" = None):
        """Run SPARQL; ``bindings`` pre-bind variables by name.

        With ``union`` (the default) the default graph is the union of all graphs, so a query
        need not name graphs; ``union=False`` keeps the default graph as itself. The prefixes of
        :data:`kg.namespaces.PREFIXES` are predeclared (a query's own ``PREFIX`` wins) and
        relative IRIs resolve against the project's base, as in the facts files.

        Returns pyoxigraph's result object (solutions, a boolean, or triples).

        A query is first checked by :func:`kg.guard.check`: ``SERVICE`` is refused (the graph
        never calls out), and ``FROM`` / ``FROM NAMED`` select among the graph's own named graphs
        (the union is then off, as SPARQL says). A ``dataset`` given apart from the query (the
        protocol's ``default-graph-uri`` / ``named-graph-uri``) may name a graph we do not hold:
        it is an empty graph, as the SPARQL protocol reads it.

        Raises:
            QueryError: the query is refused by the guard or does not parse (the message gives
                line:column).
        """
        sparql = sparql.removeprefix("\ufeff")  # a byte order mark, as some editors save a .rq file
        written = guard.check(sparql)
        # the protocol's default-graph-uri / named-graph-uri win over the query's FROM, as the
        # SPARQL protocol says; either one turns the union off
        dataset = dataset if dataset is not None and dataset.given else written
        options = {}
        if dataset.given:
            union = False
            if dataset is written:  # a FROM in the query must name a graph of ours: nothing is fetched
                dataset.require(set(self.graph_names()))
            else:  # a protocol dataset's graph that we do not hold is an empty graph
                options["default_graph"] = [ox.NamedNode(guard.absolute(g)) for g in dataset.default]
                options["named_graphs"] = [ox.NamedNode(guard.absolute(g)) for g in dataset.named]
        elif union and self._merge is not None:  # the merge as the default graph; GRAPH ?g lists the others
            options = {"default_graph": [self._merge], "named_graphs": self._named}
            union = False
        elif self._merge is not None:  # the default graph itself, and the dataset's named graphs
            options = {"named_graphs": self._named}
        if bindings:
            sparql = guard.bind(sparql, {k: as_term(v) for k, v in bindings.items()})
        try:
            return self.store.query(sparql, use_default_graph_as_union=union, prefixes=PREFIXES, base_iri=BASE,
                                    **options)
        except SyntaxError as e:
            raise QueryError(_query_error_message(str(e), sparql)) from None
        except RuntimeError as e:  # an evaluation the engine refuses
            raise QueryError(f"cannot run the query: {str(e).splitlines()[0]}") from None
        except (ValueError, OSError) as e:
            raise QueryError(f"query failed: {str(e).splitlines()[0]}") from None

    def select(
        self, sparql: str, bindings: Mapping[str, Any] | None = None, *, union: bool = True
    ) -> list[dict[str, Any]]:
        """A SELECT query's rows as dicts of Python values (IRIs and strings as ``str``).

        Unbound variables are absent from a row's dict.
        """
        results = self.query(sparql, bindings, union=union)
        if not isinstance(results, ox.QuerySolutions):
            raise QueryError("select() needs a SELECT query")
        names = [v.value for v in results.variables]
        rows = []
        for solution in results:
            row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = python_value(term)
            rows.append(row)
        return rows

    def ask(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> bool:
        result = self.query(sparql, bindings)
        if not isinstance(result, (bool, ox.QueryBoolean)):
            raise QueryError("ask() needs an ASK query")
        return bool(result)

    # -- graphs and sources -------------------------------------------------------------
    def graph_names(self) -> list[str]:
        """Every named graph, sorted."""
        return sorted(g.value for g in self._named)

    def source_graphs(self) -> list[str]:
        """The graphs that are sources (named by a source's IRI)."""
        return [g for g in self.graph_names() if g.startswith(SOURCE_PREFIX)]

    # -- rdflib view -------------------------------------------------------------------
    @cached_property
    def dataset(self) -> "Dataset":
        """An rdflib Dataset copy (for pySHACL, rdflib serializers and networkx); built once."""
        from rdflib import Dataset, URIRef

        from kg._convert import quads_to_rdflib
        from kg.namespaces import PREFIXES

        ds = Dataset(default_union=True)
        for prefix, ns in PREFIXES.items():
            ds.bind(prefix, ns, override=True, replace=True)
        graphs: dict = {}
        for s, p, o, g in quads_to_rdflib(self.quads()):
            if g not in graphs:
                graphs[g] = ds.default_context if g is None else ds.graph(URIRef(g))
            graphs[g].add((s, p, o))
        return ds


def as_term(value: Any) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """A pyoxigraph term for a Python value: terms pass through, ``str`` becomes a plain literal."""
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):  # datetime.date
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    return ox.Literal(str(value))


def python_value(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Any:
    """A plain Python value for a term: IRIs and strings as ``str``, numbers as numbers."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    datatype = term.datatype.value if term.datatype else ""
    try:
        if datatype.endswith(("#integer", "#int", "#long", "#nonNegativeInteger")):
            return int(term.value)
        if datatype.endswith(("#decimal", "#double", "#float")):
            from decimal import Decimal

            return Decimal(term.value) if datatype.endswith("#decimal") else float(term.value)
    except (ValueError, ArithmeticError):  # an ill-typed literal ("12abc"^^xsd:integer): its text
        return term.value
    if datatype.endswith("#boolean"):
        return term.value == "true"
    return term.value


def _query_error_message(message: str, sparql: str = "") -> str:
    first = message.splitlines()[0]
    match = _QUERY_POSITION.search(first)
    if not match:
        return f"SPARQL syntax error: {first}"
    line, column = int(match.group(1)), int(match.group(2))
    if "Prefix not found" in first:
        unknown = _prefix_before(sparql, line, column)
        if unknown is not None:
            prefix, start = unknown
            return (f"unknown prefix '{prefix}:' at line {line}, column {start}{nearest_prefix(prefix)} "
                    "(`kg prefixes` lists the built-in ones; or declare it with PREFIX)")
    rest = first[match.end():].lstrip(": ")
    return f"SPARQL syntax error at line {line}, column {column}{_found(sparql, line, column)}: {_in_words(rest)}"


# what the engine's expected-token lists hold that no person types: its internal alternatives
_INTERNAL = {"[_]", '"{|"', '"~"', "LATERAL", '"\\\\"', '"\\\\U"', '"\\\\u"'}
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def _in_words(expected: str) -> str:
    """The engine's "expected one of ..." as a person reads it: the query forms named together,
    internal alternatives and character classes dropped or said in words, a long list cut short."""
    if not expected.startswith("expected"):
        return expected
    items = [i.strip() for i in re.split(r",\s*(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", expected.removeprefix("expected").removeprefix(" one of").strip())]
    if _FORMS & set(items):
        return "a query begins with SELECT, ASK, CONSTRUCT or DESCRIBE (after its PREFIX and BASE lines)"
    words = []
    for item in items:
        if item in _INTERNAL or not item:
            continue
        if item.startswith("[") and "'0'" in item:
            item = "a number"
        elif item.startswith("["):
            continue
        words.append(item if item == "a number" or item.startswith('"') else item.upper())
    if not words:
        return "the query cannot go on here"
    shown = words[:8] + (["..."] if len(words) > 8 else [])
    return ("expected " if len(words) == 1 else "expected one of ") + ", ".join(shown)


def _found(sparql: str, line: int, column: int) -> str:
    """`` (found `text`)`` for what stands at line:column, or `` (the query ends there)``."""
    lines = sparql.splitlines()
    if not 0 < line <= len(lines):
        return " (the query ends there)"
    rest = lines[line - 1][column - 1:].strip()
    if not rest and line == len(lines):
        opened = sum(1 if t.kind == "open" else -1 for t in guard.token_list(sparql) if t.kind in ("open", "close"))
        return " (the query ends there" + (f", with {opened} bracket{'s' if opened > 1 else ''} left open)"
                                           if opened > 0 else ")")
    word = re.match(r"\S{1,30}", rest)
    return f" (found `{word.group()}`)" if word else ""


def _prefix_before(sparql: str, line: int, column: int) -> tuple[str, int] | None:
    """The prefix of the prefixed name that ends at ``line:column`` (1-based), and its column."""
    lines = sparql.splitlines()
    if not 0 < line <= len(lines):
        return None
    text = lines[line - 1][: column]
    match = re.search(r"([A-Za-z][\w.-]*):[\w.-]*[^\w:]?$", text)
    return (match.group(1), match.start() + 1) if match else None
