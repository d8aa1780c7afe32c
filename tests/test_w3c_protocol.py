"""The query tests of the W3C SPARQL 1.1 Protocol test suite, run against `kg serve`.

The manifest (tests/data/w3c-protocol/manifest.ttl, the suite's query tests) is read with rdflib:
each test's HTTP request (method, path, headers, body in its encoding) is sent to the app with the
suite's data graphs as named graphs, and the answer is held to the test's expected status class,
result format and boolean.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Namespace

import kg

pytest.importorskip("httpx")
from starlette.testclient import TestClient  # noqa: E402

from kg.web.app import Settings, create_app  # noqa: E402

SUITE = Path(__file__).parent / "data" / "w3c-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
FORMATS = {  # the media types each expected result format may come in
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"),
    "RDF": ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"),
}


def _list(graph: Graph, head) -> list:
    return list(graph.items(head)) if head is not None else []


def protocol_tests() -> list[tuple[str, list[dict]]]:
    manifest = Graph().parse(SUITE / "manifest.ttl")
    found = []
    for test in _list(manifest, next(manifest.objects(None, MF.entries), None)):
        action = manifest.value(test, MF.action)
        requests = []
        for request in _list(manifest, manifest.value(action, HT.requests)):
            body = manifest.value(request, HT.body)
            response = manifest.value(request, HT.resp)
            requests.append({
                "method": str(manifest.value(request, HT.methodName)),
                "path": str(manifest.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
                "headers": {str(manifest.value(h, HT.fieldName)): str(manifest.value(h, HT.fieldValue))
                            for h in _list(manifest, manifest.value(request, HT.headers))},
                "body": None if body is None else str(manifest.value(body, CNT.chars)).encode(
                    str(manifest.value(body, CNT.characterEncoding))),
                "statuses": {str(s).rsplit("StatusCode", 1)[1] for s in manifest.objects(response, MF.expectedStatus)},
                "format": manifest.value(response, MF.expectedFormat),
                "boolean": manifest.value(response, MF.expectedBoolean),
            })
        found.append((str(test).rsplit("#", 1)[1], requests))
    return found


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    project = tmp_path_factory.mktemp("w3c-protocol")
    (project / "ontology").mkdir()
    (project / "facts").mkdir()
    shutil.copy(SUITE / "data.trig", project / "facts" / "data.trig")
    with TestClient(create_app(kg.load(project), Settings(timeout=10))) as client:
        yield client


TESTS = protocol_tests()


def test_the_manifest_holds_every_query_test():
    names = [name for name, _ in TESTS]
    assert len(names) == 20 and all(n.startswith(("query_", "bad_query_", "bad_multiple_queries")) for n in names)


@pytest.mark.parametrize("name, requests", TESTS, ids=[name for name, _ in TESTS])
def test_w3c_protocol(endpoint, name, requests):
    for request in requests:
        answer = endpoint.request(request["method"], request["path"], content=request["body"],
                                  headers=request["headers"])
        assert f"{answer.status_code // 100}xx" in request["statuses"], (answer.status_code, answer.text[:200])
        if request["format"] is not None:
            media = answer.headers["content-type"].split(";")[0].strip()
            assert media in FORMATS[str(request["format"])], media
        if request["boolean"] is not None:
            expected = request["boolean"].toPython()
            if media.endswith("json"):
                assert json.loads(answer.text)["boolean"] is expected
            else:
                assert f"<boolean>{str(expected).lower()}</boolean>" in answer.text
