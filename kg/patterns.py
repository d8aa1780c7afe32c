"""The predicates a query's triple patterns read, from the query's tokens (:func:`kg.guard.tokens`).

A store asked over the merge of our graphs (each statement once; :data:`kg.remote.UNION`)
answers a query as the graphs listed do (a statement once per graph that states it) wherever
none of the statements the query's patterns match is stated by more than one graph. The push
records the predicates of such repeated statements; this module tells what predicates a query's
patterns can match, so that ``kg query --endpoint`` may ask the merge where none of them is
repeated (:func:`kg.remote.ask`).

It reads the WHERE clause as SPARQL 1.1's grammar writes triple patterns (subject, property path,
object lists, ``;`` and ``,``, blank-node property lists), skipping what matches no statement
of its own: FILTER and BIND expressions (EXISTS filters, counting nothing), VALUES blocks.
Wherever it cannot tell, it says so (``None``), and the graphs are listed: a predicate that is a
variable, a negated property set (``!p``), an RDF collection (``( ... )``, whose ``rdf:first``
and ``rdf:rest`` the query does not write), or anything it does not read.
"""
from __future__ import annotations

from kg.guard import Token, _readable, _unescape_iri, absolute, declared_prefixes, expand_name

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_GROUP_WORDS = {"OPTIONAL", "MINUS", "UNION"}
_SKIPPED_AFTER_GROUP = {"GROUP", "BY", "HAVING", "ORDER", "ASC", "DESC", "LIMIT", "OFFSET"}


class _Unknown(Exception):
    """The query's patterns are not read here: the graphs are listed."""


def predicates(sparql: str) -> frozenset[str] | None:
    """The IRIs of every predicate the query's triple patterns (and property paths) can match,
    or ``None`` where a pattern may match any predicate or the query is not read here.

    >>> sorted(predicates("PREFIX org: <http://www.w3.org/ns/org#> SELECT (COUNT(*) AS ?n) "
    ...                   "WHERE { ?a org:subOrganizationOf/org:subOrganizationOf ?c ; a ?k }"))
    ['http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'http://www.w3.org/ns/org#subOrganizationOf']
    >>> predicates("SELECT * WHERE { ?s ?p ?o }") is None
    True
    """
    tokens = list(_readable(sparql))
    reader = _Reader(tokens, declared_prefixes(sparql))
    try:
        start = next(i for i, t in enumerate(tokens) if t.text == "{")
        reader.group(start)
    except (_Unknown, StopIteration, IndexError, RecursionError):
        return None
    return frozenset(reader.found)


class _Reader:
    """A reader of group graph patterns over the query's tokens: each method takes the index of
    the token it starts at and returns the index just after what it read."""

    def __init__(self, tokens: list[Token], prefixes: dict[str, str]):
        self.tokens, self.prefixes, self.found = tokens, prefixes, set()

    def text(self, i: int) -> str:
        token = self.tokens[i]
        return token.text.upper() if token.kind == "word" else token.text

    def group(self, i: int) -> int:
        """``{ ... }``: a sub-select, or triples blocks among other patterns."""
        if self.text(i) != "{":
            raise _Unknown
        i += 1
        if self.text(i) == "SELECT":
            return self.subselect(i)
        while self.text(i) != "}":
            word = self.text(i)
            if word == "{":
                i = self.group(i)
            elif word in _GROUP_WORDS:
                i = self.group(i + 1)
            elif word == "FILTER":
                i = self.constraint(i + 1)
            elif word == "BIND":
                i = self.balanced(i + 1)
            elif word == "VALUES":
                i = self.values(i + 1)
            elif word in ("GRAPH", "SERVICE"):
                raise _Unknown  # named graphs differ on a merge; a service is refused anyway
            elif word == ".":
                i += 1
            else:
                i = self.triples(i)
        return i + 1

    def subselect(self, i: int) -> int:
        """``SELECT ... WHERE { ... } modifiers`` inside a group, up to the group's ``}``."""
        while self.text(i) != "{":
            i = self.balanced(i) if self.text(i) == "(" else i + 1
        i = self.modifiers(self.group(i))
        if self.text(i) != "}":
            raise _Unknown
        return i + 1

    def modifiers(self, i: int) -> int:
        """Solution modifiers and a trailing VALUES block: no patterns of their own."""
        while i < len(self.tokens) and self.text(i) != "}":
            if self.text(i) == "(":
                i = self.balanced(i)
            elif self.text(i) == "VALUES":
                i = self.values(i + 1)
            elif self.text(i) in _SKIPPED_AFTER_GROUP or self.tokens[i].kind in ("var", "number"):
                i += 1
            else:
                i = self.balanced(i + 1) if self.tokens[i].kind == "word" else i + 1
        return i

    def constraint(self, i: int) -> int:
        """A FILTER's constraint: ``( ... )``, a call, or ``[NOT] EXISTS { ... }``; it only removes solutions."""
        if self.text(i) == "NOT":
            i += 1
        if self.text(i) == "EXISTS":
            return self.skip_group(i + 1)
        if self.text(i) == "(":
            return self.balanced(i)
        return self.balanced(i + 1)

    def values(self, i: int) -> int:
        """``VALUES ?x { ... }`` or ``VALUES (?x ?y) { ... }``."""
        i = self.balanced(i) if self.text(i) == "(" else i + 1
        return self.skip_group(i)

    def balanced(self, i: int) -> int:
        """Past the bracket opened at ``i`` and everything up to its match."""
        if self.tokens[i].kind != "open":
            raise _Unknown
        depth = 0
        while True:
            kind = self.tokens[i].kind
            depth += kind == "open"
            depth -= kind == "close"
            i += 1
            if depth == 0:
                return i

    skip_group = balanced

    def triples(self, i: int) -> int:
        """``subject property-list``, where the subject may be a blank-node property list."""
        if self.text(i) == "[":
            i = self.node(i)
            if self.text(i) in (".", "}") or self.text(i) in _GROUP_WORDS or self.text(i) in ("FILTER", "BIND", "VALUES", "{"):
                return i
        else:
            i = self.node(i)
        return self.property_list(i)

    def property_list(self, i: int) -> int:
        i = self.objects(self.verb(i))
        while self.text(i) == ";":
            i += 1
            if self.text(i) in (";", ".", "}", "]"):
                continue
            i = self.objects(self.verb(i))
        return i

    def objects(self, i: int) -> int:
        return self.separated(self.node, ",", i)

    def separated(self, read, separator: str, i: int) -> int:
        """What ``read`` reads, once and again after each ``separator``."""
        i = read(i)
        while self.text(i) == separator:
            i = read(i + 1)
        return i

    def node(self, i: int) -> int:
        """A subject or an object: a term, or a blank-node property list (whose predicates count)."""
        token = self.tokens[i]
        if token.text == "[":
            if self.text(i + 1) == "]":
                return i + 2
            i = self.property_list(i + 1)
            if self.text(i) != "]":
                raise _Unknown
            return i + 1
        if token.text == "(":
            raise _Unknown  # a collection: rdf:first / rdf:rest patterns the query does not write
        if token.kind in ("var", "iri", "pname", "bnode", "number") or self.text(i) in ("TRUE", "FALSE"):
            return i + 1
        if token.kind == "string":
            if self.tokens[i + 1].kind == "langtag":
                return i + 2
            if self.text(i + 1) == "^^":
                return i + 3
            return i + 1
        if token.text in ("+", "-") and self.tokens[i + 1].kind == "number":
            return i + 2
        raise _Unknown

    def verb(self, i: int) -> int:
        """A predicate: an IRI, ``a``, or a property path over them."""
        if self.tokens[i].kind == "var":
            raise _Unknown
        return self.separated(lambda j: self.separated(self.step, "/", j), "|", i)

    def step(self, i: int) -> int:
        if self.text(i) == "^":
            i += 1
        token = self.tokens[i]
        if token.text == "(":
            i = self.verb(i + 1)
            if self.text(i) != ")":
                raise _Unknown
            i += 1
        elif token.kind == "iri":
            iri = _unescape_iri(token.text[1:-1])
            if absolute(iri) != iri:
                raise _Unknown  # a relative IRI: the store resolves it, against what base we do not say
            self.found.add(iri)
            i += 1
        elif token.kind == "pname":
            iri = expand_name(token.text, self.prefixes)
            if iri is None:
                raise _Unknown  # an undeclared prefix
            self.found.add(iri)
            i += 1
        elif token.kind == "word" and token.text == "a":
            self.found.add(RDF_TYPE)
            i += 1
        else:
            raise _Unknown  # a variable, a negated property set (!p)
        if self.text(i) in ("?", "*", "+"):
            i += 1
        return i
