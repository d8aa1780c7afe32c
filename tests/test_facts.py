"""The data is a test: every facts file parses, the whole graph validates, every figure and
document is complete. Failures print the validation report."""
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg.notation import NotationError, parse
from kg.validate import validate

ROOT = Path(__file__).resolve().parents[1]
FACT_FILES = sorted((ROOT / "facts").glob("*.trig"))


@pytest.fixture(scope="module")
def graph():
    return kg.load(ROOT)


@pytest.mark.parametrize("path", FACT_FILES, ids=lambda p: p.name)
def test_facts_file_parses_on_its_own(path):
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    assert len(store) > 0
    assert not list(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), (
        f"{path.name} writes statements outside any graph block")


def test_the_whole_graph_validates(graph):
    report = validate(graph)
    assert report.conforms, report.text()


def test_every_figure_has_value_unit_period_and_indicator(graph):
    rows = graph.select("""
        PREFIX qb: <http://purl.org/linked-data/cube#>
        PREFIX vck: <https://w3id.org/vn-customs-kg/ontology#>
        PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
        PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
        PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
        SELECT DISTINCT ?figure WHERE {
          ?figure a qb:Observation .
          FILTER NOT EXISTS { ?figure sdmx-measure:obsValue ?v ; sdmx-attribute:unitMeasure ?u ;
                                      sdmx-dimension:refPeriod ?p ; vck:indicator ?i }
        }""")
    assert rows == [], f"figures missing value, unit, period or indicator: {rows}"


def test_there_are_figures_documents_and_events(graph):
    counts = graph.select("""
        SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
          VALUES ?class { <http://purl.org/linked-data/cube#Observation>
                          <http://data.europa.eu/eli/ontology#LegalResource> <https://schema.org/Event> }
          ?s a ?class } GROUP BY ?class""")
    assert {row["class"].rsplit("/", 1)[-1].split("#")[-1] for row in counts} == {"Observation", "LegalResource", "Event"}


def test_every_document_notation_parses_and_matches_its_identifier(graph):
    rows = graph.select("""
        SELECT DISTINCT ?doc ?notation WHERE { ?doc <http://data.europa.eu/eli/ontology#id_local> ?notation }""")
    assert rows
    for row in rows:
        try:
            notation = parse(row["notation"])
        except NotationError as e:
            pytest.fail(f"{row['doc']}: {e}")
        assert row["notation"] == notation.text, f"{row['doc']}: write {notation.text!r} (with Đ)"
        assert row["doc"].endswith("/" + notation.slug), f"{row['doc']} should end with /{notation.slug}"


def test_every_source_graph_is_a_registered_source(graph):
    sources = {r["s"] for r in graph.select(
        "SELECT DISTINCT ?s WHERE { GRAPH ?s { ?s a <http://www.w3.org/ns/prov#Entity> } }")}
    assert set(graph.source_graphs()) <= sources
