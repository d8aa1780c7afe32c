"""kg push and kg query --endpoint against a real Oxigraph server (the `oxigraph` PyPI package's
binary, started on a free 127.0.0.1 port): every named query answers the same there as here."""
from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from email.message import Message
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import queries, remote
from tests.conftest import free_port, wait_until_up
from tests.test_named_queries import NAMES, example_bindings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    beside = Path(sys.executable).parent / "oxigraph"  # installed with the test extras
    binary = str(beside) if beside.exists() else shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("ox")), "--bind",
                                f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url + "/query?query=ASK%7B%7D", process)
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def pushed(oxigraph_server, kg_real):
    remote.push(kg_real, oxigraph_server + "/store")
    return oxigraph_server


def count(url):
    [row] = remote.ask(url + "/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", None)
    return int(row["n"].value)


def test_push_replaces_graph_by_graph_and_twice_is_the_same(oxigraph_server, kg_real):
    first = remote.push(kg_real, oxigraph_server + "/store", fast=False)
    assert first.graphs == len(kg_real.graph_names()) and count(oxigraph_server) == len(kg_real)
    again = remote.push(kg_real, oxigraph_server + "/store")  # the bulk path
    assert again.fast and count(oxigraph_server) == len(kg_real)


def test_prune_removes_a_source_the_project_no_longer_has(oxigraph_server, kg_real):
    store = oxigraph_server + "/store"
    gone = "https://w3id.org/vn-customs-kg/source/removed-page"
    urllib.request.urlopen(urllib.request.Request(store + "?graph=" + urllib.parse.quote(gone, safe=""), method="PUT",
                                                  data=b"<urn:a> <urn:b> <urn:c> .\n",
                                                  headers={"Content-Type": "application/n-triples"}))
    report = remote.push(kg_real, store, prune=True)
    assert report.pruned == [gone] and gone not in remote.remote_graphs(oxigraph_server + "/query")


def cells(rows, variables):
    """Rows as sorted tuples; a GROUP_CONCAT's parts sorted too (the aggregate has no order)."""
    def cell(term):
        if term is None:
            return ""
        if isinstance(term, ox.Literal) and not term.datatype.value.endswith(("#integer", "#decimal", "#date")):
            value = term.value
            for separator in ("; ", ", "):
                if separator in value:
                    value = separator.join(sorted(value.split(separator)))
            if value.startswith("http") and " " in value:
                value = " ".join(sorted(value.split(" ")))
            return value + (f"@{term.language}" if term.language else "")
        return str(term)
    return sorted(tuple(cell(row[v]) for v in variables) for row in rows)


@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_answers_the_same_on_the_server(pushed, kg_real, name):
    bindings = example_bindings(name)
    local = kg_real.query(queries.read(name), bindings)
    variables = [v.value for v in local.variables]
    here = cells(list(local), variables)
    there = remote.ask(pushed + "/query", queries.read(name), kg_real.graph_names(), bindings)
    assert cells(there, variables) == here


def headers(**fields):
    message = Message()
    for k, v in fields.items():
        message[k.replace("_", "-")] = v
    return message


ANSWER = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"urn:a"}},{"s":{"type":"uri","value":"urn:b"}}]}}'


def test_answers_cut_off_capped_or_partial_are_errors():
    assert len(remote.read_answer(ANSWER, headers(), False)) == 2
    with pytest.raises(remote.RemoteError, match="cut off"):
        remote.read_answer(ANSWER[:70], headers(), False)  # Oxigraph: a late failure after a 200
    with pytest.raises(remote.RemoteError, match="capped the answer at 2 rows"):
        remote.read_answer(ANSWER, headers(X_SPARQL_MaxRows="2"), False)  # Virtuoso's row cap
    with pytest.raises(remote.RemoteError, match="S1TAT"):
        remote.read_answer(ANSWER, headers(X_SQL_State="S1TAT"), False)  # Virtuoso's partial answer


def test_an_unreachable_endpoint_is_one_line(kg_cli):
    result = kg_cli("query", "ASK {}", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert result.exit_code == 2 and "cannot reach the store" in result.stderr


@pytest.mark.parametrize("url", ["notaurl", "", "ftp://x/store", "http://"])
def test_push_to_something_that_is_no_http_url_is_one_line(kg_cli, url):
    result = kg_cli("push", url)
    assert result.exit_code == 2 and "give the store's http(s) URL" in result.stderr
