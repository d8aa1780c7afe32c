"""kg.loader: a project read into one store, a named graph per source, bad files named by line."""
from pathlib import Path

import pytest

import kg
from kg.errors import LoadError, ProjectNotFound
from kg.namespaces import ONTOLOGY_GRAPH

PREFIXES = "@base <https://w3id.org/vn-customs-kg/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"


def make_project(root: Path, facts: dict[str, str], ontology: str = "") -> Path:
    (root / "ontology").mkdir(parents=True)
    (root / "facts").mkdir()
    (root / "ontology" / "customs.ttl").write_text(PREFIXES + ontology, encoding="utf-8")
    for name, text in facts.items():
        (root / "facts" / name).write_text(PREFIXES + text, encoding="utf-8")
    return root


def test_each_graph_block_keeps_its_source(tmp_path):
    make_project(tmp_path, {
        "a.trig": '<source/a> { <org/x> rdfs:label "X"@en . }\n<source/b> { <org/x> rdfs:label "X"@en . }',
    }, ontology='<https://w3id.org/vn-customs-kg/ontology#T> rdfs:label "T"@en .')
    graph = kg.load(tmp_path)
    assert graph.source_graphs() == [
        "https://w3id.org/vn-customs-kg/source/a", "https://w3id.org/vn-customs-kg/source/b"]
    assert ONTOLOGY_GRAPH in graph.graph_names()
    rows = graph.select("SELECT ?g WHERE { GRAPH ?g { <https://w3id.org/vn-customs-kg/org/x> ?p ?o } } ORDER BY ?g")
    assert [r["g"].rsplit("/", 1)[1] for r in rows] == ["a", "b"]
    # the default graph is the RDF merge: the statement two sources make is in it once
    about_x = "WHERE { <https://w3id.org/vn-customs-kg/org/x> ?p ?o }"
    assert graph.select("SELECT (COUNT(*) AS ?n) " + about_x) == [{"n": 1}]
    assert graph.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [{"n": len(graph) - 1}]
    assert graph.select("SELECT (COUNT(DISTINCT ?o) AS ?n) " + about_x) == [{"n": 1}]


def test_malformed_trig_names_file_line_and_column(tmp_path):
    make_project(tmp_path, {"bad.trig": '<source/a> {\n  <org/x> rdfs:label "X"@en \n  <org/y> rdfs:label "Y"@en .\n}'})
    with pytest.raises(LoadError) as caught:
        kg.load(tmp_path)
    message = str(caught.value)
    assert message.startswith("facts/bad.trig:5:"), message
    assert "\n" not in message


def test_missing_project_is_one_clear_error(tmp_path):
    with pytest.raises(ProjectNotFound, match="not a vn-customs-kg project"):
        kg.load(tmp_path / "nowhere")


def test_project_found_from_a_subdirectory(tmp_path, monkeypatch):
    make_project(tmp_path, {"a.trig": '<source/a> { <org/x> rdfs:label "X"@en . }'})
    monkeypatch.chdir(tmp_path / "facts")
    assert kg.Project.find().root == tmp_path.resolve()


def test_select_returns_python_values_and_binds_by_name(tmp_path):
    make_project(tmp_path, {"a.trig": """@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<source/a> { <org/x> <https://schema.org/foundingDate> "2025-03-01"^^xsd:date ; <https://w3id.org/vn-customs-kg/ontology#n> 12 . }"""})
    graph = kg.load(tmp_path)
    rows = graph.select(
        "SELECT ?s ?n ?d WHERE { ?s <https://w3id.org/vn-customs-kg/ontology#n> ?n ; <https://schema.org/foundingDate> ?d }",
        {"d": __import__("datetime").date(2025, 3, 1)},
    )
    assert rows == [{"s": "https://w3id.org/vn-customs-kg/org/x", "n": 12, "d": "2025-03-01"}]


def test_a_variable_the_query_does_not_project_can_be_bound(tmp_path):
    make_project(tmp_path, {"a.trig": '<source/a> { <org/x> rdfs:label "X"@en ; rdfs:comment "Y" . }'})
    graph = kg.load(tmp_path)
    assert graph.select("SELECT ?s WHERE { ?s ?p ?o }", {"o": "Y"}) == [{"s": "https://w3id.org/vn-customs-kg/org/x"}]
    # a parameter no pattern mentions still counts as bound (Oxigraph's substitutions folded it away)
    rows = graph.select("SELECT ?s WHERE { ?s ?p ?o FILTER(!BOUND(?want) || ?o = ?want) }", {"want": "Y"})
    assert rows == [{"s": "https://w3id.org/vn-customs-kg/org/x"}]


def test_sparql_syntax_error_gives_position(tmp_path):
    make_project(tmp_path, {"a.trig": '<source/a> { <org/x> rdfs:label "X"@en . }'})
    with pytest.raises(kg.QueryError, match=r"line 1, column \d+"):
        kg.load(tmp_path).query("SELECT * WHERE { ?s ?p }")


def test_persistent_store_is_reused_until_a_file_changes(tmp_path):
    root = make_project(tmp_path / "p", {"a.trig": '<source/a> { <org/x> rdfs:label "X"@en . }'})
    store = tmp_path / "store"
    first = kg.load(root, store_path=store)
    assert len(first) == 1
    del first
    again = kg.load(root, store_path=store)  # opened read-only, not parsed
    assert len(again) == 1
    import pyoxigraph as ox
    with pytest.raises(RuntimeError, match="read-write"):
        again.store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c")))
    del again
    (root / "facts" / "a.trig").write_text(PREFIXES + '<source/a> { <org/x> rdfs:label "X"@en, "Y"@vi . }', encoding="utf-8")
    assert len(kg.load(root, store_path=store)) == 2
