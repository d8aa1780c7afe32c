"""Bad input, for every command: one line on stderr saying what and where, a non-zero exit code,
no traceback, and nothing already written lost."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).parent / "data" / "project"


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A copy of the tiny project with a malformed facts file (line 4 lacks its final dot)."""
    root = tmp_path_factory.mktemp("broken")
    shutil.copytree(PROJECT, root, dirs_exist_ok=True)
    (root / "facts" / "x.trig").write_text(
        '@base <https://w3id.org/vn-customs-kg/> .\n<source/a> {\n'
        '  <org/x> <http://www.w3.org/2000/01/rdf-schema#label> "X"@en\n'
        '  <org/y> <http://www.w3.org/2000/01/rdf-schema#label> "Y"@en .\n}\n', encoding="utf-8")
    return root


def kg(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=cwd,
                          encoding="utf-8")


COMMANDS = [["build", "--out", "OUT"], ["validate"], ["query", "--name", "sources"], ["export"],
            ["describe", "x"], ["search", "x"], ["stats"], ["path", "a", "b"], ["docs", "-o", "OUT/d.html"]]


def assert_one_line_error(result, code=2):
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_malformed_facts_name_file_and_line(broken, tmp_path, command):
    args = [a.replace("OUT", str(tmp_path)) for a in command]
    line = assert_one_line_error(kg("--root", str(broken), *args))
    assert line.startswith("error: facts/x.trig:4:"), line


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_missing_root_says_so(tmp_path, command):
    args = [a.replace("OUT", str(tmp_path)) for a in command]
    line = assert_one_line_error(kg("--root", str(tmp_path / "missing"), *args))
    assert "not a vn-customs-kg project" in line


@pytest.mark.parametrize("args, expected", [
    (["query", "SELECT * WHERE { ?s ?p }"], "line 1, column"),
    (["query", "--name", "no-such-query"], "known: "),
    (["query", "--name", "sources", "--bind", "nonsense"], "var=value"),
    (["query", "--name", "sources", "--bind", "zzz=1"], "no variable ?zzz"),
    (["query", "--name", "structure-as-of", "--bind", "date=2025-02-30"], "not a valid date"),
    (["query", "--file", "/nonexistent.rq"], "/nonexistent.rq"),
    (["query", "--name", "sources", "--format", "turtle"], "--format turtle is for graphs"),
    (["describe", "Unheard Of Thing"], "no entity has this name"),
    (["describe", "https://w3id.org/vn-customs-kg/org/nothing"], "no statement mentions"),
    (["path", "06/CT-TTg", "nothing-at-all"], "no entity has this name"),
])
def test_bad_arguments_are_one_clear_line(args, expected):
    line = assert_one_line_error(kg("--root", str(PROJECT), *args))
    assert expected in line, line


def test_bad_option_is_a_usage_error():
    result = kg("--root", str(PROJECT), "export", "--format", "yaml")
    assert result.returncode == 2 and "Traceback" not in result.stderr and "yaml" in result.stderr


def test_failed_export_keeps_the_previous_file(broken, tmp_path):
    out = tmp_path / "keep.ttl"
    out.write_text("previous content", encoding="utf-8")
    assert_one_line_error(kg("--root", str(broken), "export", "-o", str(out)))
    assert out.read_text(encoding="utf-8") == "previous content"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.ttl"]


def test_serve_on_an_address_it_cannot_have_is_one_line():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        line = assert_one_line_error(kg("--root", str(PROJECT), "serve", "--port", str(port)))
        assert line == f"error: cannot listen on 127.0.0.1 port {port}: Address already in use"
    assert "cannot listen on 'no such host.invalid'" in assert_one_line_error(
        kg("--root", str(PROJECT), "serve", "--host", "no such host.invalid", "--port", "0"))
    assert "--host is empty" in assert_one_line_error(kg("--root", str(PROJECT), "serve", "--host", " ", "--port", "0"))


def test_serve_on_a_port_the_system_picks_says_which():
    import signal
    import urllib.request

    server = subprocess.Popen([sys.executable, "-m", "kg", "--root", str(PROJECT), "serve", "--port", "0"],
                              stderr=subprocess.PIPE, text=True)
    try:
        said = server.stderr.readline()
        url = said.split()[2]
        assert said.startswith("serving on http://127.0.0.1:") and not url.endswith(":0/"), said
        with urllib.request.urlopen(url + "sparql?query=ASK%7B%7D", timeout=30) as answer:
            assert b"true" in answer.read()
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(30) == 130
