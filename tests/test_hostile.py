"""A hostile corpus for the command line and the server: every probe that once broke something.

Each case was found by a hostile user (issue 21): no traceback, no HTTP 500, no hang, exit codes
and messages as the README promises, terminal escapes never printed raw, headers on every page.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

import kg
from tests.helpers import kg_run, one_clear_line

pytest.importorskip("httpx")
from starlette.testclient import TestClient  # noqa: E402

from kg.web.app import Settings, create_app  # noqa: E402

TINY = Path(__file__).parent / "data" / "project"
ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/vn-customs-kg/"


# -- the command line -----------------------------------------------------------------------------
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_query_file_is_refused_at_once(device):
    started = time.monotonic()
    assert "not a query file" in one_clear_line(kg_run("query", "--file", device, timeout=10))
    assert time.monotonic() - started < 5


def test_a_huge_query_file_is_not_read_whole(tmp_path):
    big = tmp_path / "big.rq"
    with open(big, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # 200 MB (sparse): refused after reading 100 kB
    result = kg_run("query", "--file", big)
    assert "the limit is 100,000 bytes" in one_clear_line(result)


def test_a_pipe_as_query_file_waits_for_its_writer_and_a_signal_ends_the_wait(tmp_path):
    fifo = tmp_path / "q.rq"
    os.mkfifo(fifo)
    process = subprocess.Popen([sys.executable, "-m", "kg", "--root", str(TINY), "query", "--file", str(fifo)],
                               stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(1.5)
    assert process.poll() is None  # waiting for a writer, as a pipe does
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=10)
    assert process.returncode == 130 and err.strip() == "error: interrupted"


def test_a_pipe_as_query_file_is_read(tmp_path):
    fifo = tmp_path / "q.rq"
    os.mkfifo(fifo)
    process = subprocess.Popen([sys.executable, "-m", "kg", "--root", str(TINY), "query", "--file", str(fifo)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with open(fifo, "w") as writer:
        writer.write("ASK {}")
    out, err = process.communicate(timeout=30)
    assert (process.returncode, out.strip()) == (0, "yes"), err


@pytest.mark.parametrize("args", [
    ["query", "ASK {}", "--timeout", "nan"], ["query", "ASK {}", "--timeout", "NaN"],
    ["query", "ASK {}", "--timeout", "inf"], ["query", "ASK {}", "--timeout", "-inf"],
    ["query", "ASK {}", "--max-memory", "nan"], ["serve", "--timeout", "nan"], ["serve", "--timeout", "inf"],
    ["serve", "--max-memory", "inf"],
])
def test_limits_that_are_no_numbers_are_refused(args):
    line = one_clear_line(kg_run(*args))
    assert "--timeout" in line or "--max-memory" in line


def test_a_byte_order_mark_is_skipped(tmp_path):
    query = tmp_path / "q.rq"
    query.write_bytes(b"\xef\xbb\xbfSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    result = kg_run("query", "--file", query, "--format", "csv")
    assert result.returncode == 0 and result.stdout.startswith("n\n"), result.stderr
    assert kg_run("query", "\ufeffASK {}").stdout.strip() == "yes"


def test_a_variable_bound_twice_is_an_error():
    line = one_clear_line(kg_run("query", "SELECT ?x WHERE { }", "--bind", "x=1", "--bind", "x=2"))
    assert "--bind x is given twice" in line


def test_a_table_prints_control_characters_escaped(tmp_path, project_of):
    facts = tmp_path / "evil.trig"
    facts.write_text('@prefix ex: <http://example.org/> .\n'
                     '<https://w3id.org/vn-customs-kg/source/evil> {\n'
                     '  ex:a ex:label "red\\u001b[31m bell\\u0007 back\\rdone" . }\n', encoding="utf-8")
    root = project_of(facts)
    result = kg_run("query", "SELECT ?l WHERE { ?s <http://example.org/label> ?l }", root=root)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\r" not in result.stdout
    assert "red\\x1b[31m bell\\x07 back\\rdone" in result.stdout
    csv = kg_run("query", "SELECT ?l WHERE { ?s <http://example.org/label> ?l }", "--format", "csv", root=root)
    assert "\x1b[31m" in csv.stdout  # a machine format keeps the data as it is


def test_a_term_too_long_for_the_parser_is_named_by_file_and_line(tmp_path, project_of):
    facts = tmp_path / "huge.trig"
    with open(facts, "w", encoding="utf-8") as handle:
        handle.write('@prefix ex: <http://example.org/> .\n<https://w3id.org/vn-customs-kg/source/x> {\n')
        handle.write('  ex:a ex:b "' + "x" * (17 << 20) + '" . }\n')
    line = one_clear_line(kg_run("validate", root=project_of(facts)))
    assert "facts/huge.trig:3:" in line and "too long" in line


# -- the server -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(kg.load(ROOT), Settings(timeout=2, max_memory_mb=512)),
                    raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("iri", [BASE + "org/a b", BASE + "org/<x>", BASE + 'org/"', BASE + "org/{x}"])
def test_a_preview_of_no_valid_iri_is_400(client, iri):
    answer = client.get("/reconcile/preview", params={"id": iri})
    assert answer.status_code == 400 and "Traceback" not in answer.text


@pytest.mark.parametrize("limit", ['"abc"', "[1]", "NaN", "Infinity", "-Infinity", "true", "1.5", '{"a": 1}', '"-3"'])
def test_a_reconciliation_limit_that_is_no_whole_number_is_400(client, limit):
    queries = '{"q0": {"query": "Customs Department", "limit": %s}}' % limit
    for answer in (client.get("/reconcile", params={"queries": queries}),
                   client.post("/reconcile", data={"queries": queries})):
        assert answer.status_code == 400 and "limit must be a whole number" in answer.text


def test_a_reconciliation_limit_as_text_digits_is_read(client):
    answer = client.get("/reconcile", params={"queries": '{"q0": {"query": "Customs Department", "limit": "2"}}'})
    assert answer.status_code == 200 and 1 <= len(answer.json()["q0"]["result"]) <= 2


@pytest.mark.parametrize("path", ["/", "/org/customs-department", "/graph", "/search?q=customs",
                                  "/reconcile/preview?id=" + BASE + "org/customs-department"])
def test_html_answers_carry_their_policy_as_headers(client, path):
    answer = client.get(path, headers={"Accept": "text/html"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors" in policy
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"
    if "preview" not in path:
        assert "frame-ancestors 'self'" in policy
    if path in ("/", "/graph"):  # pages with scripts: the header allows the same hashes as the page
        assert "'sha256-" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_other_answers_are_not_sniffed(client):
    answer = client.get("/sparql", params={"query": "ASK {}"})
    assert answer.headers["x-content-type-options"] == "nosniff"


@pytest.fixture(scope="module")
def kg_server_log(tmp_path_factory):
    """A real `kg serve` whose log is kept in a file; its URL and a reader of the log so far."""
    from tests.servers import free_port, wait_until_up

    log = tmp_path_factory.mktemp("serve") / "serve.log"
    port = free_port()
    with open(log, "w") as handle:
        process = subprocess.Popen([sys.executable, "-m", "kg", "--root", str(ROOT), "serve", "--port", str(port),
                                    "--timeout", "2"], stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url + "/sparql", process)
    yield url, log.read_text
    process.terminate()
    process.wait(10)


def test_a_client_leaving_mid_body_is_no_traceback(kg_server_log):
    url, log = kg_server_log
    host, port = url.removeprefix("http://").split(":")
    for _ in range(20):
        with socket.create_connection((host, int(port))) as conn:
            conn.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                         b"Content-Length: 5000\r\n\r\nSELECT")
    time.sleep(1)
    import httpx

    assert httpx.get(url + "/sparql", params={"query": "ASK {}"}).status_code == 200
    text = log()
    assert "Traceback" not in text and "ClientDisconnect" not in text, text[-2000:]


@pytest.mark.slow
def test_a_flood_of_runaways_and_stalled_connections_leaves_other_clients_answered(kg_server_log):
    from tests.flood import NORMAL, flood, get

    url, log = kg_server_log
    with flood(url, runaways=16, stalled=200) as state:
        answers = [get(url, NORMAL) for _ in range(3)]
        pending = state.pending
    assert [status for status, _ in answers] == ["HTTP/1.1 200 OK"] * 3
    assert pending > 0  # answered while the flood was still running, not after it
    assert all(" 503 " in status for status in state.statuses), state.statuses  # each runaway stopped or refused
    assert "Traceback" not in log()


def _workers_of(pid: int) -> int:
    """The server's child processes: its query workers (each thread forks its own)."""
    return sum(len(task.joinpath("children").read_text().split()) for task in Path(f"/proc/{pid}/task").iterdir())


def test_a_forwarded_for_header_buys_no_place_ahead():
    """kg serve is reached directly, not through a proxy of ours: a client is its socket's
    address, never what an X-Forwarded-For header of its own making says, and a place in the
    line goes by a job's age, not its address. Eight runaways from one address, each claiming
    another forwarded client, and a short query from that address: the short query is answered
    within 2 s, and the runaways are stopped (by their limit, or to let it in)."""
    import threading

    from tests.flood import NORMAL, RUNAWAY, get
    from tests.servers import free_port, wait_until_up

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "--root", str(ROOT), "serve", "--port", str(port),
                                "--timeout", "4"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    statuses: list[bytes] = []
    try:
        wait_until_up(f"http://127.0.0.1:{port}/sparql", process)

        def runaway(i: int) -> None:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
                path = "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY + f" # {i}"})
                conn.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.0.0.{i + 1}\r\n"
                             "Connection: close\r\n\r\n".encode())
                answer = b""
                while chunk := conn.recv(65536):
                    answer += chunk
                statuses.append(answer.split(b"\r\n", 1)[0])
        threads = [threading.Thread(target=runaway, args=(i,), daemon=True) for i in range(8)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)  # the runaways run
        status, took = get(f"http://127.0.0.1:{port}", NORMAL)
        for thread in threads:
            thread.join(60)
    finally:
        process.terminate()
        process.wait(10)
    assert status.endswith("200 OK") and took < 2, (status, took)
    assert len(statuses) == 8 and all(b" 503 " in s for s in statuses), statuses


@pytest.mark.slow
def test_a_looping_flood_from_the_normal_clients_own_address_leaves_it_answered(kg_server_log):
    """Behind a proxy or a NAT every client has one address: sixteen runaways sent again as each
    ends, from the address a normal client uses too. Each of its queries, the first included,
    is answered within 2 s (was: one 200 after 4.8 s, then 503s)."""
    from tests.flood import NORMAL, flood, get

    url, log = kg_server_log
    with flood(url, runaways=16, stalled=0, sources=0, looping=True):
        answers = []
        for _ in range(4):
            answers.append(get(url, NORMAL))
            time.sleep(0.2)
    assert [status for status, _ in answers] == ["HTTP/1.1 200 OK"] * 4
    assert max(took for _, took in answers) < 2, answers
    assert "Traceback" not in log()


def _rss_mib(pid: int) -> float:
    return int(Path(f"/proc/{pid}/status").read_text().split("VmRSS:")[1].split()[0]) / 1024


def _answer_to(port: int, head: bytes, body_parts=()) -> bytes:
    """What the server answers to ``head`` and then ``body_parts`` (sent while it lets them in)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        try:
            conn.sendall(head)
            for part in body_parts:
                conn.sendall(part)
        except OSError:  # the server answered and closed before all of it was sent
            pass
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
            if b"\r\n\r\n" in answer:
                break
        return answer


def test_requests_larger_than_the_server_takes_are_refused_without_being_held():
    """uvicorn keeps a request's line and headers, and Starlette a body read whole, however large:
    a client sending a 300 MB URL or body took the server from 48 to 431 MiB. Each is refused as
    soon as it passes its bound, and the server stays its size."""
    from tests.servers import free_port, wait_until_up

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "--root", str(TINY), "serve", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/sparql", process)
        before = _rss_mib(process.pid)
        mib = b"#" * (1 << 20)
        post = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        # a body said to be 10 GB: refused before any of it is read
        said = _answer_to(port, post + b"Content-Length: 10000000000\r\n\r\n", [mib])
        # a body that says no length (chunked): refused once it passes the bound
        chunked = _answer_to(port, post + b"Transfer-Encoding: chunked\r\n\r\n",
                             (b"100000\r\n" + mib + b"\r\n" for _ in range(100)))
        # a URL of 100 MB and 2 MB of headers
        url = _answer_to(port, b"GET /sparql?query=", (mib for _ in range(100)))
        headers = _answer_to(port, b"GET /sparql HTTP/1.1\r\nHost: x\r\n"
                             + b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 100) for i in range(20_000)) + b"\r\n")
        grown = _rss_mib(process.pid) - before
        assert said.startswith(b"HTTP/1.1 413 ") and chunked.startswith(b"HTTP/1.1 413 "), (said, chunked)
        assert url.startswith(b"HTTP/1.1 414 URI Too Long") and b"send a long query by POST" in url, url
        assert headers.startswith(b"HTTP/1.1 431 "), headers
        assert b"x-content-type-options: nosniff" in url and b"x-content-type-options: nosniff" in headers
        assert grown < 20, f"the server grew {grown:.0f} MiB"
        import httpx

        assert httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}).status_code == 200
    finally:
        process.terminate()
        process.wait(10)


def test_a_request_that_does_not_arrive_in_time_is_closed_and_others_go_on():
    """A connection left silent, a request line sent and never ended, a body that stops short:
    each held a connection for good (slowloris). Each now has its seconds to arrive (here 1)."""
    import threading

    import httpx
    import uvicorn

    from kg.web.app import listen
    from kg.web.protocol import bounded

    app = create_app(kg.load(TINY), Settings(timeout=5))
    sock = listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", http=bounded(200_000, most_seconds=1)))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)

        def held(head: bytes) -> tuple[bytes, float]:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
                started = time.monotonic()
                conn.sendall(head)
                answer = b""
                while chunk := conn.recv(65536):
                    answer += chunk
                return answer, time.monotonic() - started
        silent, silent_for = held(b"")
        line, line_for = held(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
        body, body_for = held(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                              b"Content-Length: 100\r\n\r\nASK")
        for answer, took in ((silent, silent_for), (line, line_for), (body, body_for)):
            assert answer.startswith(b"HTTP/1.1 408 Request Timeout") and 0.8 < took < 5, (answer, took)
        # requests that arrive in time, one after another on one connection, are answered
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(3):
                assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
                time.sleep(0.6)  # twice over a second in all: each request has its own seconds
    finally:
        server.should_exit = True
        thread.join(30)
        app.state.site.pool.close()


@pytest.mark.parametrize("wanted", ["5", "true", "[[1]]", "[{}]", '{"id": 1}', "[1, 2]"])
def test_a_reconciliation_type_that_is_no_iri_nor_list_of_them_is_400(client, wanted):
    queries = '{"q0": {"query": "Customs Department", "type": %s}}' % wanted
    for answer in (client.get("/reconcile", params={"queries": queries}),
                   client.post("/reconcile", data={"queries": queries})):
        assert answer.status_code == 400 and "type must be" in answer.text and "Traceback" not in answer.text


@pytest.mark.parametrize("body", ["[" * 5000 + "]" * 5000, '{"q0": ' * 5000 + "{}" + "}" * 5000,
                                  '{"q0": {"query": {"a": 1}}}', '{"q0": {"query": [1]}}', '{"q0": {"query": null}}'])
def test_odd_or_deep_reconciliation_json_is_400(client, body):
    answer = client.post("/reconcile", data={"queries": body})
    assert answer.status_code == 400 and answer.text.startswith("queries: ") and "Traceback" not in answer.text


@pytest.mark.parametrize("depth", ["abc", "-1", "1e3", "", "١", "99999999999999999999"])
def test_a_graph_depth_that_is_no_small_whole_number_is_400(client, depth):
    answer = client.get("/graph", params={"depth": depth})
    assert answer.status_code == 400 and answer.text.startswith("depth: a whole number")
