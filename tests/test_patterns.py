"""kg.patterns: the predicates a query's triple patterns read, and a merge asked only where the
answer is the same (real pyoxigraph stores: graphs listed as the default graph against their merge)."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.graph import KnowledgeGraph
from kg.namespaces import PREFIXES
from kg.patterns import RDF_TYPE, predicates
from kg.remote import Merge, _repeated_predicates

RDFS_LABEL = PREFIXES["rdfs"] + "label"


@pytest.mark.parametrize("query, expected", [
    ("SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c", {RDF_TYPE}),
    ("SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(?l), \"unit 12\")) }", {RDFS_LABEL}),
    ("PREFIX o: <urn:o#> SELECT (COUNT(*) AS ?n) WHERE { ?a o:sub ?b . ?b o:sub ?c . ?c o:sub ?d }", {"urn:o#sub"}),
    ("SELECT * { ?s <urn:p>/^<urn:q>|(<urn:r>)+ ?o ; <urn:s>* ?x , ?y . [ <urn:t> ?z ] <urn:u> [] }",
     {"urn:p", "urn:q", "urn:r", "urn:s", "urn:t", "urn:u"}),
    # what matches no statement of its own is not read: filters, EXISTS, BIND, VALUES, modifiers
    ("SELECT * { ?s <urn:p> 'x'@en ; <urn:q> '1'^^xsd:integer, -3 FILTER NOT EXISTS { ?s ?any ?thing } "
     "BIND(STR(?s) AS ?t) VALUES (?s) { (<urn:a>) } OPTIONAL { ?s <urn:r> ?o } MINUS { ?s <urn:m> ?o } "
     "{ SELECT ?s (COUNT(*) AS ?k) WHERE { ?s <urn:sub> ?x } GROUP BY ?s HAVING (COUNT(*) > 1) } "
     "UNION { ?s <urn:u> ?x } } ORDER BY DESC(?s) LIMIT 3", {"urn:p", "urn:q", "urn:r", "urn:m", "urn:sub", "urn:u"}),
    # any predicate at all, or one not read here: not known
    ("SELECT * { ?s ?p ?o }", None),
    ("SELECT * { ?s !<urn:p> ?o }", None),
    ("SELECT * { ?s <urn:p> (1 2) }", None),
    ("SELECT * { GRAPH ?g { ?s a ?c } }", None),
    ("SELECT * { ?s nowhere:p ?o }", None),
    ("SELECT * { ?s <relative> ?o }", None),
    ("SELECT * { ?s <urn:p> ?o", None),
])
def test_predicates(query, expected):
    found = predicates(query)
    assert (None if found is None else set(found)) == expected


def test_a_merge_is_asked_only_where_no_pattern_matches_a_repeated_statement():
    """Two graphs state some of the same labels and types, and each its own notes and parts:
    counted over both listed (a statement once per graph) and over their merge (once), queries on
    notes and parts answer the same and are asked on the merge; those on labels or types differ,
    and are not."""
    one, two = ox.NamedNode("urn:one"), ox.NamedNode("urn:two")
    listed, merged = ox.Store(), ox.Store()
    for i in range(6):
        s = ox.NamedNode(f"urn:e{i}")
        statements = [(ox.NamedNode(RDFS_LABEL), ox.Literal(f"name {i % 3}"), (one, two) if i < 3 else (one,)),
                      (ox.NamedNode(RDF_TYPE), ox.NamedNode("urn:C"), (one, two) if i < 2 else (two,)),
                      (ox.NamedNode("urn:note"), ox.Literal(f"note {i % 2}"), (one,) if i % 2 else (two,)),
                      (ox.NamedNode("urn:part"), ox.NamedNode(f"urn:e{i // 2}"), (two,))]
        for p, o, graphs in statements:
            for g in graphs:
                listed.add(ox.Quad(s, p, o, g))
            merged.add(ox.Quad(s, p, o, ox.DefaultGraph()))
    repeated = _repeated_predicates(KnowledgeGraph(listed))
    assert repeated == {RDFS_LABEL, RDF_TYPE}
    merge = Merge("urn:merged", repeated)

    def answer(store, query, **options):
        return sorted(tuple(str(t) for t in row) for row in store.query(query, **options))

    same = ["SELECT ?n (COUNT(?s) AS ?k) WHERE { ?s <urn:note> ?n } GROUP BY ?n",
            "SELECT ?a ?c WHERE { ?a <urn:part> ?b . ?b <urn:part> ?c }",
            "SELECT (COUNT(*) AS ?k) WHERE { ?a <urn:part>/<urn:part> ?c OPTIONAL { ?a <urn:note> ?n } }"]
    differ = ["SELECT ?s WHERE { ?s a <urn:C> }", "SELECT (COUNT(*) AS ?k) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l ; <urn:note> ?n }"]
    for query in same:
        assert merge.answers_the_same(query), query
        assert answer(listed, query, use_default_graph_as_union=True) == answer(merged, query), query
    for query in differ:
        assert not merge.answers_the_same(query), query
        assert answer(listed, query, use_default_graph_as_union=True) != answer(merged, query), query
    # a push that did not say which predicates repeat: only what counts no repeated solution
    assert not Merge("urn:merged").answers_the_same(same[0])
    assert Merge("urn:merged").answers_the_same("SELECT DISTINCT ?n WHERE { ?s <urn:note> ?n }")


def test_patterns_as_deep_as_the_guard_lets_through():
    from kg import guard

    deep = guard.MAX_DEPTH - 2
    for query in ("SELECT * {" + "{" * deep + "?s <urn:p> ?o" + "}" * deep + "}",
                  "SELECT * { ?s " + "(" * deep + "<urn:p>" + ")" * deep + " ?o }"):
        guard.check(query)
        assert predicates(query) == {"urn:p"}
