"""kg serve: the SPARQL protocol, linked data, look-ups, the dataset, reconciliation.

In process through Starlette's test client for the many cases; then a real server on a free
127.0.0.1 port spoken to by real clients (SPARQLWrapper, rdflib's SPARQLStore, plain HTTP).
"""
from __future__ import annotations

import json
import re
import socket
import threading
import urllib.request
from pathlib import Path

import pytest

import kg

pytest.importorskip("starlette")
pytest.importorskip("httpx")
from starlette.testclient import TestClient  # noqa: E402

from kg.web.app import Settings, create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/vn-customs-kg/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?e ?i"


@pytest.fixture(scope="module")
def client():
    # as a context manager the app's lifespan runs, and its end stops the pool's worker processes
    # (forked children would otherwise hold the test process's pipes, such as the browser's, open)
    with TestClient(create_app(kg.load(ROOT), Settings(timeout=2, max_memory_mb=512))) as client:
        yield client


# -- the protocol -------------------------------------------------------------------------------
def test_get_post_form_and_post_query_give_the_same_answer(client):
    query = "SELECT ?n WHERE { ?d eli:id_local ?n } ORDER BY ?n LIMIT 3"
    got = client.get("/sparql", params={"query": query}).json()
    form = client.post("/sparql", data={"query": query}).json()
    direct = client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"}).json()
    assert got == form == direct and len(got["results"]["bindings"]) == 3


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
])
def test_select_answers_by_content_negotiation(client, accept, media):
    r = client.get("/sparql", params={"query": COUNT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)


@pytest.mark.parametrize("accept, media", [("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"),
                                           ("application/ld+json", "application/ld+json"),
                                           ("application/rdf+xml", "application/rdf+xml")])
def test_construct_answers_by_content_negotiation(client, accept, media):
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s eli:id_local ?o } LIMIT 2"}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media) and r.content


def test_unacceptable_type_is_406_with_the_list(client):
    r = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "text/csv" in r.text
    assert client.get("/sparql", params={"query": COUNT, "format": "png"}).status_code == 406
    assert client.get("/sparql", params={"query": COUNT, "format": "csv"}).headers["content-type"].startswith("text/csv")


def test_no_query_gives_the_service_description(client):
    r = client.get("/sparql")
    assert r.status_code == 200 and "sd:Service" in r.text and r.headers["content-type"].startswith("text/turtle")


def test_the_dataset_is_chosen_among_our_graphs(client):
    one = client.get("/sparql", params={"query": COUNT, "default-graph-uri": BASE + "source/seed-000"}).json()
    whole = client.get("/sparql", params={"query": COUNT}).json()
    assert int(one["results"]["bindings"][0]["n"]["value"]) < int(whole["results"]["bindings"][0]["n"]["value"])
    # a graph we do not hold is an empty graph (the protocol's reading), named in a header; nothing is fetched
    r = client.get("/sparql", params={"query": COUNT, "default-graph-uri": "http://127.0.0.1:9/x"})
    assert r.status_code == 200 and r.json()["results"]["bindings"][0]["n"]["value"] == "0"
    assert r.headers["x-kg-unknown-graphs"] == "http://127.0.0.1:9/x"
    mixed = client.get("/sparql", params={"query": COUNT, "default-graph-uri": [BASE + "source/seed-000",
                                                                                "http://127.0.0.1:9/x"]})
    assert mixed.json() == one and mixed.headers["x-kg-unknown-graphs"] == "http://127.0.0.1:9/x"
    named = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                          "named-graph-uri": "urn:x:nothing"}).json()
    assert named["results"]["bindings"][0]["n"]["value"] == "0"
    assert "x-kg-unknown-graphs" not in client.get("/sparql", params={"query": COUNT}).headers


def test_a_post_without_a_content_type_is_refused(client):
    r = client.post("/sparql", content=b"query=ASK%20%7B%7D", headers={"Content-Type": ""})
    assert r.status_code == 415 and "Content-Type" in r.text
    form = client.post("/sparql", data={"query": "ASK {}"})
    assert form.status_code == 200


def test_updates_are_refused_and_change_nothing(client):
    before = client.get("/sparql", params={"query": COUNT}).json()
    for kind, body in (("application/sparql-update", "INSERT DATA { <a:b> <a:c> <a:d> }"),
                       ("application/x-www-form-urlencoded", "update=DROP+ALL")):
        assert client.post("/sparql", content=body, headers={"Content-Type": kind}).status_code == 403
    assert client.get("/sparql", params={"query": "DELETE WHERE { ?s ?p ?o }"}).status_code == 400
    assert client.get("/sparql", params={"query": COUNT}).json() == before


def test_limits_are_said_never_a_short_200(client):
    r = client.get("/sparql", params={"query": CROSS})
    assert r.status_code == 503 and r.headers["x-kg-limit"] in ("time", "memory") and "stopped" in r.text
    big = client.post("/sparql", content="SELECT * WHERE { ?s ?p ?o } # " + "x" * 300_000,
                      headers={"Content-Type": "application/sparql-query"})
    assert big.status_code == 413


def test_repeated_query_answers_304_and_caches(client):
    r = client.get("/sparql", params={"query": COUNT})
    assert r.headers["etag"] and "max-age" in r.headers["cache-control"]
    again = client.get("/sparql", params={"query": COUNT}, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


def test_cors_and_gzip(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 200"},
                   headers={"Origin": "https://example.org", "Accept-Encoding": "gzip"})
    assert r.headers["access-control-allow-origin"] == "*" and r.headers["content-encoding"] == "gzip"


def test_a_bind_resolves_as_in_the_cli(client):
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1", "bind": "x=06/CT-TTg"})
    assert r.json()["results"]["bindings"][0]["x"]["value"] == BASE + "document/2024/06-ct-ttg"


# -- linked data --------------------------------------------------------------------------------
def test_an_iri_is_a_page_for_browsers_and_turtle_for_rdf_clients(client):
    html = client.get("/document/2024/06-ct-ttg", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "<h1>Directive 06/CT-TTg</h1>" in html.text
    assert "Content-Security-Policy" in html.text and "Vary" in html.headers
    ttl = client.get("/document/2024/06-ct-ttg", headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle") and ttl.headers["content-location"] == "/document/2024/06-ct-ttg.ttl"
    from rdflib import Graph
    g = Graph().parse(data=ttl.text, format="turtle")
    assert len(g) > 5
    for ext, media in ((".ttl", "text/turtle"), (".nt", "application/n-triples"), (".jsonld", "application/ld+json"),
                       (".rdf", "application/rdf+xml")):
        assert client.get("/org/customs-department" + ext).headers["content-type"].startswith(media)


def test_the_page_shows_sources_figures_both_languages(client):
    page = client.get("/system/eodes", headers={"Accept": "text/html"}).text
    assert "362,000" in page and "as of early July 2024" in page and "source:seed-004" in page
    vi = client.get("/org/customs-department?lang=vi", headers={"Accept": "text/html"}).text
    assert "<h1>Cục Hải quan</h1>" in vi
    browser_vi = client.get("/org/customs-department", headers={"Accept": "text/html", "Accept-Language": "vi-VN,vi"}).text
    assert "<h1>Cục Hải quan</h1>" in browser_vi


def test_unknown_paths_and_traversal_are_404(client):
    assert client.get("/org/nothing-here").status_code == 404
    assert client.get("/../../etc/passwd").status_code == 404
    assert client.get("/%2e%2e/%2e%2e/etc/passwd").status_code == 404


def test_lookup_redirects_and_search_answers_as_page_and_json(client):
    for number in ("06/CT-TTg", "06/ct-ttg", "382/QD-BTC"):
        r = client.get("/lookup", params={"number": number}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/document/")
    assert client.get("/lookup", params={"number": "999/XX-YY"}).status_code == 404
    hits = client.get("/search", params={"q": "hai quan", "format": "json"}).json()["results"]
    assert BASE + "org/customs-department" in {h["id"] for h in hits}
    assert "Cục Hải quan" in client.get("/search", params={"q": "hai quan"}).text


def test_the_dataset_is_described_and_its_dumps_given(client):
    void = client.get("/.well-known/void").text
    assert "void:sparqlEndpoint" in void and "void:dataDump" in void and "dcat:Dataset" in void
    from rdflib import Dataset, Graph
    Graph().parse(data=void, format="turtle")
    nq = client.get("/dumps/customs.nq")
    ds = Dataset()
    ds.parse(data=nq.content, format="nquads")
    assert len(list(ds.contexts())) > 40


# -- reconciliation -----------------------------------------------------------------------------
def test_the_manifest_has_what_the_specification_requires(client):
    m = client.get("/reconcile").json()
    assert m["versions"] == ["0.2"] and m["name"] and m["identifierSpace"] and m["schemaSpace"]
    assert all({"id", "name"} <= set(t) for t in m["defaultTypes"])
    assert "{{id}}" in m["view"]["url"] and "{{id}}" in m["preview"]["url"]


def test_cuc_hai_quan_reconciles_to_the_customs_department_first(client):
    queries = {"q0": {"query": "Cuc Hai quan"}, "q1": {"query": "382/QD-BTC"},
               "q2": {"query": "Tổng cục Hải quan", "type": "http://www.w3.org/ns/org#Organization"},
               "q3": {"query": "customs", "limit": 3}}
    answer = client.post("/reconcile", data={"queries": json.dumps(queries)}).json()
    first = answer["q0"]["result"][0]
    assert first["id"] == BASE + "org/customs-department" and first["match"] is True and first["score"] == 100
    assert answer["q1"]["result"][0]["id"] == BASE + "document/2025/382-qd-btc" and answer["q1"]["result"][0]["match"]
    assert answer["q2"]["result"][0]["id"] == BASE + "org/general-department-of-vietnam-customs"
    assert len(answer["q3"]["result"]) == 3 and not any(r["match"] for r in answer["q3"]["result"])
    for result in answer.values():
        for r in result["result"]:
            assert {"id", "name", "type", "score", "match"} <= set(r)


def test_suggest_and_preview(client):
    s = client.get("/reconcile/suggest/entity", params={"prefix": "Regional Customs Branch X"}).json()
    assert s["result"] and all(r["id"].startswith(BASE + "org/") for r in s["result"])
    p = client.get("/reconcile/preview", params={"id": BASE + "org/customs-department"})
    assert p.status_code == 200 and "Customs Department" in p.text


def test_hostile_labels_are_escaped_on_entity_pages():
    with TestClient(create_app(kg.load(Path(__file__).parent / "data" / "hostile"))) as hostile:
        page = hostile.get("/org/img", headers={"Accept": "text/html"}).text
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert 'href="javascript' not in page.lower()


# -- a real server and real clients -----------------------------------------------------------------
@pytest.fixture(scope="module")
def server(kg_server):
    return kg_server


def test_sparqlwrapper_queries_the_server(server):
    SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
    sparql = SPARQLWrapper.SPARQLWrapper(server + "/sparql")
    sparql.setQuery("SELECT ?n WHERE { <https://w3id.org/vn-customs-kg/document/2024/06-ct-ttg> "
                    "<http://data.europa.eu/eli/ontology#id_local> ?n }")
    sparql.setReturnFormat(SPARQLWrapper.JSON)
    rows = sparql.query().convert()["results"]["bindings"]
    assert {r["n"]["value"] for r in rows} == {"06/CT-TTg"}


def test_rdflib_sparqlstore_queries_the_server(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    store = SPARQLStore(server + "/sparql", returnFormat="json")
    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/ns/org#OrganizationalUnit> }"))
    assert int(rows[0][0]) > 30


def test_curl_gets_turtle_and_the_server_binds_loopback(server):
    request = urllib.request.Request(server + "/document/2024/06-ct-ttg", headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request) as r:
        assert r.headers["Content-Type"].startswith("text/turtle") and b"06/CT-TTg" in r.read()
    assert server.startswith("http://127.0.0.1:")


def test_service_through_the_server_calls_nothing(server):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.3)
    seen = []

    def accept():
        try:
            seen.append(listener.accept())
        except OSError:
            pass
    thread = threading.Thread(target=accept)
    thread.start()
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.getsockname()[1]}/sparql> {{ ?s ?p ?o }} }}"
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(server + "/sparql?" + urllib.parse.urlencode({"query": query}))
    assert caught.value.code == 400
    thread.join()
    listener.close()
    assert seen == []


def test_a_runaway_query_does_not_hold_up_the_others(server):
    import concurrent.futures as cf

    def ask(query):
        try:
            with urllib.request.urlopen(server + "/sparql?" + urllib.parse.urlencode({"query": query}), timeout=30) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
    with cf.ThreadPoolExecutor(6) as pool:
        runaway = pool.submit(ask, CROSS)
        others = [pool.submit(ask, "SELECT ?n WHERE { ?d eli:id_local ?n } LIMIT 5") for _ in range(20)]
        assert all(f.result() == 200 for f in others)
        assert runaway.result() == 503


def test_an_entity_page_shows_figures_as_people_read_them(client):
    page = client.get("/org/vietnam-customs", headers={"Accept": "text/html"}).text
    assert "over 116 billion" in page and "116,000,000,000" not in page and "116000000000" not in page


def test_an_entity_page_names_properties_in_words_with_the_curie_beside(client):
    page = client.get("/document/2024/06-ct-ttg", headers={"Accept": "text/html"}).text
    assert '<span title="eli:date_document">date signed</span> <code class=curie>eli:date_document</code>' in page
    assert '<span title="rdf:type">is a</span>' in page and ">legal document</span>" in page
    vi = client.get("/document/2024/06-ct-ttg?lang=vi", headers={"Accept": "text/html"}).text
    assert '<span title="eli:date_document">ngày ký</span>' in vi
    # its neighbourhood drawn alone, in the page's language
    assert "depth=1#embed=1'" in page and "depth=1#embed=1&amp;lang=vi'" in vi


def test_an_indicator_page_draws_its_series_each_mark_naming_its_source(client):
    import xml.etree.ElementTree as ET

    page = client.get("/concept/indicator/state-budget-revenue", headers={"Accept": "text/html"}).text
    assert "<h2>Over time</h2>" in page
    charts = [ET.fromstring(m) for m in re.findall(r'<svg class="series".*?</svg>', page, flags=re.S)]
    assert len(charts) >= 3
    ns = "{http://www.w3.org/2000/svg}"
    kinds = set()
    for chart in charts:
        marks = [g for g in chart.iter(ns + "g") if g.get("class") == "mark"]
        assert len(marks) >= 2
        for mark in marks:
            kinds.add(mark.get("data-kind"))
            title = mark.find(ns + "title").text
            # the source as people cite it: a title, a publisher or a seed's file name
            assert re.search(r"; .+", title) and ("20" in title), title
    assert kinds == {"whole year", "part of a year"}
    # its values as a table too, their sources linked
    assert re.search(r"<summary>the \d+ values</summary><table>", page)
    # a subject's page draws its indicators
    assert '<svg class="series"' in client.get("/org/vietnam-customs", headers={"Accept": "text/html"}).text


def test_the_default_graph_served_is_the_merge_a_shared_statement_once(client):
    """Over the protocol, as in process: a statement several sources state is in the default graph
    once (COUNT(*) is the number of distinct statements); GRAPH ?g gives each source."""
    graph = kg.load(ROOT)
    [row] = graph.select("SELECT ?s ?p WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?s ?p ?o } "
                         "FILTER(STR(?a) < STR(?b) && isIRI(?s)) } LIMIT 1", union=False)

    def count(query: str) -> int:
        answer = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
        return int(answer.json()["results"]["bindings"][0]["n"]["value"])
    statement = f"<{row['s']}> <{row['p']}> ?o"
    distinct = graph.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }",
                            union=False)[0]["n"]
    assert count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == distinct < len(graph)
    once = count(f"SELECT (COUNT(*) AS ?n) WHERE {{ {statement} }}")
    assert once == graph.select(f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ GRAPH ?g {{ {statement} }} }}", union=False)[0]["n"]
    assert count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ {statement} }} }}") > once
