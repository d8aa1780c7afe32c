"""kg.query: named queries, --bind values, the variables check, and every result format."""
import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg import query as q
from kg.errors import QueryError, UsageError

XSD = "http://www.w3.org/2001/XMLSchema#"
BASE = "https://w3id.org/vn-customs-kg/"


@pytest.mark.parametrize("text, term", [
    ("<https://example.org/x>", ox.NamedNode("https://example.org/x")),
    ("vorg:customs-department", ox.NamedNode(BASE + "org/customs-department")),
    ("concept:issuer/ttg", ox.NamedNode(BASE + "concept/issuer/ttg")),
    ("2025-03-01", ox.Literal("2025-03-01", datatype=ox.NamedNode(XSD + "date"))),
    ("2024", ox.Literal("2024", datatype=ox.NamedNode(XSD + "integer"))),
    ("-3", ox.Literal("-3", datatype=ox.NamedNode(XSD + "integer"))),
    ("1.5", ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal"))),
    ("Hải quan", ox.Literal("Hải quan")),
    ('"unknown:prefix"', ox.Literal("unknown:prefix")),  # quotes: text on purpose
    ('"2024"', ox.Literal("2024")),
    ("06/CT-TTg", ox.Literal("06/CT-TTg")),
])
def test_parse_value(text, term):
    assert q.parse_value(text) == term


def test_parse_binding():
    assert q.parse_binding("?year=2024") == ("year", ox.Literal("2024", datatype=ox.NamedNode(XSD + "integer")))
    assert q.parse_binding("label=a=b") == ("label", ox.Literal("a=b"))
    for bad in ("nonsense", "=1", "two words=1"):
        with pytest.raises(UsageError, match="var=value"):
            q.parse_binding(bad)
    with pytest.raises(UsageError, match="not a valid date"):
        q.parse_binding("date=2025-02-30")


def test_variables_ignore_strings_iris_and_comments():
    sparql = '''# Bind ?commented
    PREFIX ex: <http://example.org/?iri>
    SELECT ?a $b WHERE { ?a ex:p "?string", """long ?string""" ; ex:q ?b_2 . } # ?trailing'''
    assert q.variables(sparql) == {"a", "b", "b_2"}


def test_named_queries_each_say_what_they_answer():
    named = q.named_queries()
    assert {"sources", "classes"} <= {n.name for n in named}
    for n in named:
        assert "?" in n.question, n.name  # a question, not a description
        assert n.text.startswith("# ")


def test_unknown_named_query_lists_the_known_ones():
    with pytest.raises(QueryError, match=r"no named query 'nope'; known: .*sources"):
        q.named_query("nope")


def test_query_text_takes_exactly_one_way(tmp_path):
    f = tmp_path / "x.rq"
    f.write_text("ASK {}", encoding="utf-8")
    assert q.query_text(file=f) == "ASK {}"
    assert q.query_text("ASK {}") == "ASK {}"
    assert q.query_text(name="sources").startswith("# Which sources")
    for args in ({}, {"sparql": "ASK {}", "name": "sources"}):
        with pytest.raises(UsageError, match="exactly one"):
            q.query_text(**args)
    with pytest.raises(UsageError, match="missing.rq"):
        q.query_text(file=tmp_path / "missing.rq")


def test_sources_and_classes_on_the_tiny_project(tiny_graph):
    sources = {r["source"]: r["statements"] for r in tiny_graph.select(q.named_query("sources").text)}
    assert sources == {BASE + "source/a": 42, BASE + "source/b": 10}
    classes = {r["class"]: r["entities"] for r in tiny_graph.select(q.named_query("classes").text)}
    assert classes["http://www.w3.org/ns/org#Organization"] == 4
    assert classes["http://www.w3.org/ns/org#OrganizationalUnit"] == 2


def test_binding_is_a_term_not_text(tiny_graph):
    sparql = "SELECT ?d ?n WHERE { ?d eli:id_local ?n }"
    rows = list(q.run(tiny_graph, sparql, {"n": q.parse_value("382/QĐ-BTC")}))
    assert [r["d"].value for r in rows] == [BASE + "document/2025/382-qd-btc"]
    # a value that would break a formatted query is just a string that matches nothing
    assert list(q.run(tiny_graph, sparql, {"n": q.parse_value('x" } ; DROP ALL ; #')})) == []


def test_binding_a_variable_the_query_lacks_is_an_error(tiny_graph):
    with pytest.raises(QueryError, match=r"--bind zzz: the query has no variable \?zzz"):
        q.run(tiny_graph, "SELECT ?s WHERE { ?s ?p ?o } # ?zzz", {"zzz": ox.Literal("1")})


def test_syntax_error_gives_the_position(tiny_graph):
    with pytest.raises(QueryError, match=r"SPARQL syntax error at line 2, column \d+"):
        q.run(tiny_graph, "SELECT ?s\nWHERE { ?s ?p }")


def test_known_prefixes_and_base_need_no_declaration(tiny_graph):
    rows = tiny_graph.select("SELECT ?l WHERE { <org/prime-minister> rdfs:label ?l FILTER(LANG(?l) = 'vi') }")
    assert rows == [{"l": "Thủ tướng Chính phủ"}]


DOCS = "SELECT ?n ?date WHERE { ?d eli:id_local ?n ; eli:date_document ?date } ORDER BY ?n"


def test_table_is_aligned_with_curies(tiny_graph):
    table = q.render(q.run(tiny_graph, DOCS), "table").decode()
    assert table == ("n           date\n"
                     "----------  ----------\n"
                     "06/CT-TTg   2024-02-15\n"
                     "382/QĐ-BTC  2025-02-26\n"
                     "(2 rows)\n")
    iris = q.render(q.run(tiny_graph, "SELECT DISTINCT ?o WHERE { vorg:customs-department org:subOrganizationOf ?o }"), "table")
    assert "vorg:ministry-of-finance" in iris.decode()


def test_select_formats(tiny_graph):
    rows = list(csv.reader(io.StringIO(q.render(q.run(tiny_graph, DOCS), "csv").decode())))
    assert rows == [["n", "date"], ["06/CT-TTg", "2024-02-15"], ["382/QĐ-BTC", "2025-02-26"]]
    tsv = q.render(q.run(tiny_graph, DOCS), "tsv").decode().splitlines()
    assert tsv[0] == "?n\t?date" and tsv[1].startswith('"06/CT-TTg"\t"2024-02-15"^^')
    bindings = json.loads(q.render(q.run(tiny_graph, DOCS), "json"))["results"]["bindings"]
    assert [b["n"]["value"] for b in bindings] == ["06/CT-TTg", "382/QĐ-BTC"]
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(q.render(q.run(tiny_graph, DOCS), "xml"))
    assert [e.text for e in root.findall(".//r:binding[@name='n']/r:literal", ns)] == ["06/CT-TTg", "382/QĐ-BTC"]


def test_ask(tiny_graph):
    ask = "ASK { ?d eli:id_local ?n }"
    assert q.render(q.run(tiny_graph, ask), "table") == b"yes\n"
    assert json.loads(q.render(q.run(tiny_graph, ask), "json"))["boolean"] is True


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_construct_formats_parse_back(tiny_graph, fmt, rdflib_format):
    construct = "CONSTRUCT { ?d eli:id_local ?n } WHERE { ?d eli:id_local ?n }"
    data = q.render(q.run(tiny_graph, construct), fmt)
    g = Graph().parse(data=data, format=rdflib_format)
    assert sorted(str(o) for o in g.objects()) == ["06/CT-TTg", "382/QĐ-BTC"]


def test_format_must_fit_the_query_form(tiny_graph):
    with pytest.raises(UsageError, match="--format turtle is for graphs"):
        q.render(q.run(tiny_graph, DOCS), "turtle")
    with pytest.raises(UsageError, match="--format csv is for SELECT/ASK"):
        q.render(q.run(tiny_graph, "CONSTRUCT WHERE { ?s ?p ?o }"), "csv")


@pytest.mark.parametrize("text, message", [
    ("vkc:Directive", "unknown prefix 'vkc:' — did you mean 'vck:'?"),
    ("<not an iri>", "is not a valid IRI"),
    ("2025-02-30", "is not a valid date"),
])
def test_parse_value_refuses_what_would_match_nothing(text, message):
    with pytest.raises(UsageError, match=message):
        q.parse_value(text)


def test_a_table_shows_figures_and_labels_as_people_read_them(kg_real):
    value = "SELECT ?v WHERE { <figure/seed-001/turnover> sdmx-measure:obsValue ?v }"
    table = q.render(kg_real.query(value), "table").decode()
    assert "178 billion" in table and "178000000000" not in table
    exact = q.render(kg_real.query(value), "csv").decode()
    assert exact.split()[-1] in ("178000000000", "178000000000.0", "1.78E11")  # machine formats keep the value
    label = "SELECT ?l WHERE { vorg:customs-department rdfs:label ?l FILTER(LANG(?l) = 'vi') }"
    shown = q.render(kg_real.query(label), "table").decode()
    assert "Cục Hải quan" in shown and "@vi" not in shown


@pytest.mark.parametrize("lexical, shown", [
    ("427989000000000.0", "427,989 billion"), ("786290000000", "786.29 billion"), ("2370000000", "2.37 billion"),
    ("3200000.0", "3,200,000"), ("15.40", "15.4"), ("67.0", "67"), ("2024", "2024"), ("-12500", "-12,500"),
    ("1E10", "10 billion"), ("NaN", "NaN"), ("INF", "INF"),
])
def test_numbers_are_grouped_and_scaled(lexical, shown):
    assert q.readable_number(lexical) == shown
