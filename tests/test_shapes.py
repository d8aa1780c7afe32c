"""Each SHACL shape has a good fixture that conforms and bad ones that fail for the expected reason.

The fixtures are loaded with the ontology and the code lists, as the facts are in `kg validate`."""
from pathlib import Path

import pytest
from rdflib import Graph

from kg.validate import shacl_report

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "data" / "shapes"


@pytest.fixture(scope="module")
def shapes():
    return Graph().parse(ROOT / "ontology" / "shapes.ttl")


@pytest.fixture(scope="module")
def vocabulary():
    graph = Graph()
    for name in ("customs.ttl", "codelists.ttl"):
        graph.parse(ROOT / "ontology" / name)
    return graph


def data(path: Path, vocabulary: Graph) -> Graph:
    graph = Graph()
    for triple in vocabulary:
        graph.add(triple)
    return graph.parse(path, format="turtle")


@pytest.mark.parametrize("path", sorted((FIXTURES / "good").glob("*.ttl")), ids=lambda p: p.stem)
def test_good_fixture_conforms(path, shapes, vocabulary):
    conforms, _, text = shacl_report(data(path, vocabulary), shapes)
    assert conforms, text


@pytest.mark.parametrize("path", sorted((FIXTURES / "bad").glob("*.ttl")), ids=lambda p: p.stem)
def test_bad_fixture_fails_for_its_reason(path, shapes, vocabulary):
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect:").strip()
    conforms, _, text = shacl_report(data(path, vocabulary), shapes)
    assert not conforms
    assert expected in text, text


def test_every_shape_has_a_good_and_a_bad_fixture():
    stems = lambda folder: {p.stem for p in (FIXTURES / folder).glob("*.ttl")}
    bad_prefixes = {stem.rsplit("-", 1)[0] for stem in stems("bad")}
    for good in stems("good"):
        assert any(b == good or b.startswith(good + "-") or good.startswith(b) for b in stems("bad")), good
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    from rdflib import RDF, URIRef
    names = {str(s).rsplit("#", 1)[1] for s in shapes.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape"))}
    assert len(stems("good")) >= len(names), (sorted(names), sorted(stems("good")))
    assert bad_prefixes
