"""The data is a test: every facts file parses, the whole graph validates, every figure and
document is complete. Failures print the validation report."""
import re
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
          FILTER NOT EXISTS { ?figure sdmx-measure:obsValue ?v ; sdmx-attribute:unitMeasure ?u ; vck:indicator ?i }
        }""")
    assert rows == [], f"figures missing value, unit or indicator: {rows}"
    # a period, or a word on why there is none: the source gives none (never one guessed)
    undated = graph.select("""
        PREFIX qb: <http://purl.org/linked-data/cube#>
        PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?figure WHERE { ?figure a qb:Observation
          FILTER NOT EXISTS { ?figure sdmx-dimension:refPeriod ?p } FILTER NOT EXISTS { ?figure rdfs:comment ?why } }""")
    assert undated == [], f"figures with no period and no word on why: {undated}"


def test_every_figure_value_is_written_as_its_source_writes_it(graph):
    """274,030 billion is 274030000000000, not 274029999999999.96875 (a float's error): no value
    carries more significant digits than a news article or a statistics table writes."""
    from decimal import Decimal

    rows = graph.select("""
        PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
        SELECT ?figure ?v WHERE { ?figure sdmx-measure:obsValue ?v }""")
    assert len(rows) > 300
    noisy = [(r["figure"], r["v"]) for r in rows
             if len(Decimal(str(r["v"])).normalize().as_tuple().digits) > 10]
    assert noisy == [], f"values with a float's error in them: {noisy}"


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


SHARED = ROOT.parent / "shared"
RUN = 10  # words in a row that make a run of a sentence, not a set phrase ("the fight against smuggling, trade fraud and counterfeit goods")


#: names and titles: a body's or a document's name is the same wherever it is written
NAMES = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel",
         "http://www.w3.org/2004/02/skos/core#prefLabel", "http://data.europa.eu/eli/ontology#title",
         "http://purl.org/dc/terms/title", "http://data.europa.eu/eli/ontology#id_local"}


@pytest.mark.skipif(not (SHARED / "articles").is_dir(), reason="../shared/articles is not beside the project")
def test_no_run_of_words_of_a_real_article_is_in_facts():
    """Facts carry over from an article; its sentences do not: no ten words in a row of any article
    of ../shared/articles stand in the text of facts/ (its literals but names and titles, and its
    comments), curated from them with the quotes of kg draft left out."""
    def words(text: str) -> list[str]:
        return re.findall(r"[^\W_]+", text.lower())

    def prose(path: Path) -> str:
        text = path.read_text(encoding="utf-8")
        data = ox.Dataset(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TRIG, base_iri="https://w3id.org/vn-customs-kg/"))
        literals = [q.object.value for q in data if isinstance(q.object, ox.Literal) and q.predicate.value not in NAMES
                    and not q.object.datatype.value.endswith("anyURI")]
        comments = [re.sub(r"<[^>]*>", " ", c) for c in re.findall(r"^\s*#(.*)$", text, re.MULTILINE)]
        return " ".join(literals + comments)
    facts = " " + " ".join(words(" ".join(prose(p) for p in sorted((ROOT / "facts").glob("*.trig"))))) + " "
    found = []
    for article in sorted((SHARED / "articles").glob("*.txt")):
        w = words(article.read_text(encoding="utf-8"))
        found += [(article.name, " ".join(w[i:i + RUN])) for i in range(len(w) - RUN + 1)
                  if " " + " ".join(w[i:i + RUN]) + " " in facts]
    assert not found, found[:10]
