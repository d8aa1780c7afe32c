"""kg.docs: the ontology page lists every term with both labels, definitions and examples."""
from pathlib import Path

import kg
from kg.docs import write_docs

ROOT = Path(__file__).resolve().parents[1]
HEAD = """@base <https://w3id.org/vn-customs-kg/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix vck:  <https://w3id.org/vn-customs-kg/ontology#> .
"""
ONTOLOGY = HEAD + """
vck:Directive a owl:Class ; rdfs:label "Directive"@en, "Chỉ thị"@vi ;
    rdfs:comment "A directive <b>issued</b> by an authority."@en, "Văn bản chỉ đạo."@vi ;
    rdfs:isDefinedBy <https://w3id.org/vn-customs-kg/ontology> .
vck:signedBy a owl:ObjectProperty ; rdfs:label "signed by"@en, "người ký"@vi ;
    rdfs:comment "Who signed it."@en, "Người ký văn bản."@vi ; rdfs:domain vck:Directive .
"""
FACTS = HEAD + """<source/s> { <source/s> a prov:Entity ; rdfs:label "S"@en .
  <document/2024/06-ct-ttg> a vck:Directive ; rdfs:label "Directive 06/CT-TTg <script>alert(1)</script>"@en ;
      vck:signedBy <person/p> .
  <person/p> a <http://xmlns.com/foaf/0.1/Person> ; rdfs:label "P"@en . }"""


def test_docs_page_has_both_labels_definitions_examples_and_escapes(tmp_path):
    (tmp_path / "ontology").mkdir()
    (tmp_path / "facts").mkdir()
    (tmp_path / "ontology" / "customs.ttl").write_text(ONTOLOGY, encoding="utf-8")
    (tmp_path / "facts" / "f.trig").write_text(FACTS, encoding="utf-8")
    graph = kg.load(tmp_path)
    (tmp_path / "out").mkdir()
    out = write_docs(graph, tmp_path / "out" / "ontology.html", template_dir=ROOT / "viz")
    html = out.read_text(encoding="utf-8")
    assert "vck:Directive" in html and "Chỉ thị" in html and "Văn bản chỉ đạo." in html
    assert "A directive &lt;b&gt;issued&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert 'href="#vck-Directive"' in html  # domain links to the class's card
    assert "vck:signedBy" in html and "person:p" in html
    assert "<link" not in html and "src=" not in html  # nothing loaded from outside the file


def test_docs_page_for_the_real_ontology_lists_every_declared_term(tmp_path):
    graph = kg.load(ROOT)
    terms = graph.select("""SELECT DISTINCT ?t WHERE { GRAPH <https://w3id.org/vn-customs-kg/ontology> {
        ?t a ?k VALUES ?k { <http://www.w3.org/2002/07/owl#Class> <http://www.w3.org/2002/07/owl#ObjectProperty>
                            <http://www.w3.org/2002/07/owl#DatatypeProperty> } } FILTER(isIRI(?t)) }""")
    html = write_docs(graph, tmp_path / "ontology.html").read_text(encoding="utf-8")
    from kg.namespaces import curie
    missing = [curie(t["t"]) for t in terms if f"<code>{curie(t['t'])}</code>" not in html]
    assert terms and not missing
