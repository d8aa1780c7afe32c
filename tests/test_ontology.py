"""The ontology: a proper header, every term declared with both labels and definitions, every term
the facts and named queries use declared, every concept in a scheme."""
import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = URIRef("https://w3id.org/vn-customs-kg/ontology")
VCK = "https://w3id.org/vn-customs-kg/ontology#"
BUILT_IN = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
            "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology():
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        if path.name != "shapes.ttl":
            graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def declared(ontology):
    return {s for kind in KINDS for s in ontology.subjects(RDF.type, kind)}


def test_header_has_version_licence_dates_and_titles(ontology):
    for prop in (OWL.versionInfo, DCTERMS.license, DCTERMS.created, DCTERMS.modified):
        assert ontology.value(ONTOLOGY, prop) is not None, prop
    assert {t.language for t in ontology.objects(ONTOLOGY, DCTERMS.title)} == {"en", "vi"}


def test_every_term_has_both_labels_definitions_and_is_defined_by(ontology, declared):
    problems = []
    for term in sorted(declared):
        for prop in (RDFS.label, RDFS.comment):
            languages = {o.language for o in ontology.objects(term, prop) if isinstance(o, Literal)}
            if not {"en", "vi"} <= languages:
                problems.append(f"{term} {prop.fragment} in {sorted(languages)}")
        if ontology.value(term, RDFS.isDefinedBy) is None:
            problems.append(f"{term} has no rdfs:isDefinedBy")
    assert not problems, "\n".join(problems)


def test_every_own_term_used_is_declared(ontology, declared):
    """Catches typos like org.ttl's `subClasOf`: every vck: term anywhere is declared."""
    used = set()
    for path in [*(ROOT / "ontology").glob("*.ttl"), *(ROOT / "facts").glob("*.trig")]:
        graph = Dataset() if path.suffix == ".trig" else Graph()
        graph.parse(path)
        for quad in (graph.quads((None, None, None, None)) if path.suffix == ".trig" else graph):
            used |= {t for t in quad[:3] if isinstance(t, URIRef) and str(t).startswith(VCK)}
    missing = sorted(str(t) for t in used - declared)
    assert not missing, missing


def test_every_predicate_and_class_in_facts_is_declared(declared):
    facts = Dataset()
    for path in sorted((ROOT / "facts").glob("*.trig")):
        facts.parse(path, format="trig")
    used = set()
    for s, p, o, g in facts.quads((None, None, None, None)):
        used.add(p)
        if p == RDF.type:
            used.add(o)
    missing = sorted(str(t) for t in used - declared if not str(t).startswith(BUILT_IN))
    assert not missing, missing


def test_every_term_in_the_named_queries_is_declared(declared):
    pattern = re.compile(r"\b(vck|org|eli|schema|skos|qb|prov|dct|sdmx-measure|sdmx-attribute|sdmx-dimension):([A-Za-z_][\w-]*)")
    prefixes = {"vck": VCK, "org": "http://www.w3.org/ns/org#", "eli": "http://data.europa.eu/eli/ontology#",
                "schema": "https://schema.org/", "skos": str(SKOS), "qb": "http://purl.org/linked-data/cube#",
                "prov": "http://www.w3.org/ns/prov#", "dct": str(DCTERMS),
                "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
                "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
                "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#"}
    missing = set()
    for path in (ROOT / "kg" / "queries").rglob("*.rq"):
        text = "\n".join(l for l in path.read_text(encoding="utf-8").splitlines() if not l.lstrip().startswith(("#", "PREFIX")))
        for prefix, local in pattern.findall(text):
            term = URIRef(prefixes[prefix] + local)
            if term not in declared:
                missing.add(f"{path.name}: {prefix}:{local}")
    assert not missing, sorted(missing)


def test_every_concept_is_in_a_declared_scheme_with_an_english_label(ontology):
    schemes = set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    problems = [str(c) for c in ontology.subjects(RDF.type, SKOS.Concept)
                if not set(ontology.objects(c, SKOS.inScheme)) & schemes
                or "en" not in {l.language for l in ontology.objects(c, SKOS.prefLabel)}]
    assert not problems, problems
