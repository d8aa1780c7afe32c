"""A core no input can turn outward, hang or crash: each case here is one a hostile user tried.

Commands run as real subprocesses (``kg``), so exit codes, stderr and signals are the real ones.
"""
from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kg
from tests.helpers import kg_run, one_clear_line
from kg.errors import QueryError
from kg.limits import LimitExceeded, Limits, run
from kg.viz import render_page, safe_url

DATA = Path(__file__).parent / "data"
TINY = DATA / "project"
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?e ?i"


# -- no outbound request ------------------------------------------------------------------------
@pytest.mark.parametrize("query, bind", [
    ("SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }", None),
    ("SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }", None),
    ("ASK { SERVICE <{url}> { ?s ?p ?o } }", None),
    ("CONSTRUCT { ?s ?p ?o } WHERE { service <{url}> { ?s ?p ?o } }", None),
    ("SELECT ?e WHERE { SERVICE ?e { ?s ?p ?o } }", "e=<{url}>"),
    ("SELECT * WHERE { SERVICE ?unbound { ?s ?p ?o } }", None),
    ("SELECT * WHERE { BIND(rdfs:x\\' AS ?x) SERVICE <{url}> { ?s ?p ?o } } #'", None),
    ("SELECT * WHERE { BIND(rdfs:x\\# AS ?x) SERVICE <{url}> { ?s ?p ?o } }", None),
])
def test_service_is_refused_and_nothing_is_called(listener, query, bind):
    url, seen = listener
    args = [query.replace("{url}", url)] + (["--bind", bind.replace("{url}", url)] if bind else [])
    line = one_clear_line(kg_run("query", *args))
    assert "SERVICE at line 1" in line and "never calls another endpoint" in line
    time.sleep(0.3)
    assert seen == []


def test_service_in_a_string_or_comment_is_no_call():
    result = kg_run("query", 'SELECT ?x WHERE { BIND("SERVICE <http://x>" AS ?x) } # SERVICE', "--format", "csv")
    assert result.returncode == 0 and "SERVICE <http://x>" in result.stdout


def test_from_selects_one_of_our_graphs_and_refuses_any_other(kg_real):
    count = "SELECT (COUNT(*) AS ?n) {from} WHERE {{ ?s ?p ?o }}"
    [whole] = kg_real.select(count.format(**{"from": ""}))
    [one] = kg_real.select(count.format(**{"from": "FROM <source/seed-000>"}))
    [graph] = kg_real.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <source/seed-000> { ?s ?p ?o } }")
    assert one == graph and one["n"] < whole["n"]
    [named] = kg_real.select("SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <source/seed-001> WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert named["n"] == 1
    with pytest.raises(QueryError, match="no such named graph"):
        kg_real.select("SELECT * FROM <http://127.0.0.1:9/data> WHERE { ?s ?p ?o }")


# -- runaway queries ----------------------------------------------------------------------------
def test_a_runaway_query_stops_at_its_time_limit():
    result = kg_run("query", CROSS, "--timeout", "1", "--max-memory", "4096")
    assert "stopped after 1 s" in one_clear_line(result)


def test_a_runaway_query_stops_at_its_memory_limit():
    result = kg_run("query", CROSS, "--timeout", "120", "--max-memory", "64", root=Path(__file__).resolve().parents[1])
    assert "over its memory limit of 64 MiB" in one_clear_line(result)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_stops_a_running_query_at_once(sig):
    # started as a shell starts a command in the foreground: Ctrl-C in its default state (a signal
    # ignored in the test runner, as a runner may leave it, would be ignored by kg too)
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "--root", str(TINY), "query",
                                "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                                "--timeout", "600"], stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(1.5)
    process.send_signal(sig)
    _, err = process.communicate(timeout=10)  # within a second in practice; 10 s is the test's patience
    assert process.returncode == 130 and err.strip() == "error: interrupted: the query was stopped"


def test_a_crash_in_the_engine_ends_the_child_not_the_caller():
    with pytest.raises(QueryError, match="SIGSEGV"):
        run(lambda: os.kill(os.getpid(), signal.SIGSEGV) or b"")
    assert run(lambda: b"still here").data == b"still here"


def test_a_limited_run_reports_an_error_of_the_work_as_itself():
    def fails():
        raise QueryError("bad thing at line 3")
    with pytest.raises(QueryError, match="^bad thing at line 3$"):
        run(fails)
    with pytest.raises(LimitExceeded, match="passed 1 MiB"):
        run(lambda: b"x" * (3 << 20), Limits(max_result_mb=1))


@pytest.mark.parametrize("query", [
    "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
])
def test_a_query_nested_thousands_deep_is_refused_before_parsing(query):
    assert "nests brackets more than 100 deep" in one_clear_line(kg_run("query", query))


def test_a_huge_query_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.rq"
    big.write_text("SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000, encoding="utf-8")
    assert "the limit is 100,000" in one_clear_line(kg_run("query", "--file", big))


# -- no traceback -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    (folder / "latin1.rq").write_bytes(b"SELECT * WHERE { ?s ?p \xff }")
    (folder / "a-file").write_text("x")
    return folder


@pytest.mark.parametrize("args, expected", [
    (["query", "--bind", "o=<not an iri>", "SELECT ?o WHERE { ?s ?p ?o }"], "is not a valid IRI"),
    (["query", "--file", "{bad}/latin1.rq"], "not UTF-8 text"),
    (["describe", "<http://exa mple/x>"], "is not a valid IRI"),
    (["query", "SELECT ?s WHERE { ?s ?p ?o }", "--bind", "s=vkc:x"], "did you mean 'vck:'?"),
    (["export", "-o", "{bad}/a-file/x.ttl"], "a folder on its path is a file"),
    (["viz", "-o", "{bad}/a-file/x.html"], "a folder on its path is a file"),
    (["docs", "-o", "{bad}"], "is a directory"),
    (["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "turtle"], "is for graphs"),
    (["query", "SELECT * WHERE { ?s ?p"], "SPARQL syntax error at line 1"),
    (["query", "DELETE WHERE { ?s ?p ?o }"], "SPARQL syntax error"),
    (["query", "LOAD <http://127.0.0.1:9/x>"], "SPARQL syntax error"),
    (["path", "zzz", "vorg:customs-department"], "no entity has this name"),
])
def test_bad_input_is_one_line_with_exit_2(bad_files, args, expected):
    line = one_clear_line(kg_run(*[a.replace("{bad}", str(bad_files)) for a in args]))
    assert expected in line


@pytest.mark.parametrize("args", [["build", "\r"], ["describe", "a\nb"], ["query", "SELECT ?x\rWHERE {", "--format", "x\ny"]])
def test_control_characters_typed_in_arguments_keep_the_error_on_one_line(args):
    line = one_clear_line(kg_run(*args))
    assert "\\r" in line or "\\n" in line  # shown escaped


def test_path_from_an_entity_to_itself():
    result = kg_run("path", "vorg:customs-department", "vorg:customs-department")
    assert result.returncode == 0 and "the same entity" in result.stdout


@pytest.mark.parametrize("args", [["export"], ["query", "--name", "sources"], ["describe", "vorg:customs-department"]])
def test_stdout_to_a_full_disk_is_one_line(args):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "kg.cli", "--root", str(TINY), *args], stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=60)
    assert "No space left on device" in one_clear_line(result)


def test_stdout_to_a_closed_pipe_is_quiet():
    result = subprocess.run(f"{sys.executable} -m kg.cli --root {TINY} prefixes | head -1", shell=True,
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.startswith("PREFIX ") and result.stderr == ""


def project_with(tmp_path, name, text: bytes | str):
    root = tmp_path / "p"
    (root / "ontology").mkdir(parents=True)
    (root / "facts").mkdir()
    for f in (TINY / "facts").iterdir():
        (root / "facts" / f.name).write_bytes(f.read_bytes())
    path = root / "facts" / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return root


ILL_TYPED = """@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/vn-customs-kg/source/a> {
  <https://w3id.org/vn-customs-kg/figure/x> <http://purl.org/linked-data/sdmx/2009/measure#obsValue> "12abc"^^xsd:integer ;
      <https://schema.org/startDate> "2025-06-32"^^xsd:date .
}
"""


def test_ill_typed_literals_are_reported_and_nothing_is_built(tmp_path):
    root = project_with(tmp_path, "bad.trig", ILL_TYPED)
    out = tmp_path / "build"
    result = kg_run("build", "--out", out, root=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert '"12abc" is not a valid xsd:integer' in result.stderr and '"2025-06-32" is not a valid xsd:date' in result.stderr
    assert "facts/bad.trig:3" in result.stderr
    assert "nothing written" in result.stdout and not out.exists() or not any(out.iterdir())
    assert kg_run("viz", "-o", tmp_path / "page.html", root=root).returncode == 0  # the page still draws


def test_a_byte_order_mark_is_accepted(tmp_path):
    text = (TINY / "facts" / "facts.trig").read_bytes()
    root = project_with(tmp_path, "facts.trig", b"\xef\xbb\xbf" + text)
    assert kg_run("stats", root=root).returncode == 0


def test_a_fifo_in_facts_is_refused_not_waited_on(tmp_path):
    root = project_with(tmp_path, "x.trig", "")
    (root / "facts" / "x.trig").unlink()
    os.mkfifo(root / "facts" / "pipe.trig")
    assert "facts/pipe.trig: not a regular file" in one_clear_line(kg_run("stats", root=root, timeout=20))


@pytest.mark.parametrize("tag", ["@en-", "@123"])
def test_a_bad_language_tag_is_called_one(tmp_path, tag):
    root = project_with(tmp_path, "lang.trig",
                        f'<https://w3id.org/vn-customs-kg/source/a> {{ <https://w3id.org/vn-customs-kg/x> '
                        f'<http://www.w3.org/2000/01/rdf-schema#label> "x"{tag} . }}\n')
    assert "facts/lang.trig:1:" in (line := one_clear_line(kg_run("stats", root=root)))
    assert f"bad language tag '{tag}'" in line


# -- outputs ---------------------------------------------------------------------------------------
def test_export_onto_a_device_writes_through_it():
    result = kg_run("export", "-o", "/dev/null")
    assert result.returncode == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_onto_a_symlink_writes_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real.ttl"
    target.write_text("old")
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    assert kg_run("export", "-o", link).returncode == 0
    assert link.is_symlink() and "@prefix" in target.read_text()


def test_export_keeps_an_existing_files_mode(tmp_path):
    out = tmp_path / "out.ttl"
    out.write_text("old")
    out.chmod(0o600)
    assert kg_run("export", "-o", out).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and "@prefix" in out.read_text()


def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path):
    from kg._io import atomic_output

    target = tmp_path / "x.ttl"
    target.write_text("previous")
    with pytest.raises(SystemExit):
        with atomic_output(target) as handle:
            handle.write(b"half")
            raise SystemExit(143)  # what the CLI's SIGTERM handler raises
    assert [p.name for p in tmp_path.iterdir()] == ["x.ttl"] and target.read_text() == "previous"


def test_build_replaces_its_outputs_as_a_set(tmp_path):
    out = tmp_path / "build"
    assert kg_run("build", "--out", out).returncode == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["customs-graph.html", "customs.trig", "customs.ttl", "ontology.html"]


# -- a damaged store is rebuilt -------------------------------------------------------------------
def damage(store: Path, how: str) -> None:
    mark = store / "KG-STORE"
    (data,) = store.glob("data-*")
    files = sorted(data.iterdir())
    if how == "truncate every table":
        for f in files:
            if f.suffix == ".sst":
                os.truncate(f, 100)
    elif how == "remove CURRENT":
        (data / "CURRENT").unlink()
    elif how == "garbage manifest":
        for f in files:
            if f.name.startswith("MANIFEST-"):
                f.write_bytes(b"garbage")
    elif how == "remove a table":
        next(f for f in files if f.suffix == ".sst").unlink()
    elif how == "garbage record":  # kg's mark, its record no record
        import json
        manifest = json.loads(mark.read_text())
        manifest["state"] = {"data": 5, "owned": "x", "files": [[1]]}
        mark.write_text(json.dumps(manifest))
    elif how == "wrong count":
        import json
        manifest = json.loads(mark.read_text())
        manifest["state"]["quads"] += 1
        mark.write_text(json.dumps(manifest))


@pytest.mark.parametrize("how", ["truncate every table", "remove CURRENT", "garbage manifest", "remove a table",
                                 "garbage record", "wrong count"])
def test_a_damaged_store_is_rebuilt_from_the_files(tmp_path, how):
    store = tmp_path / "store"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    first = kg_run("--store", store, "query", count, "--format", "csv")
    assert first.returncode == 0
    kg.load(TINY, store_path=store)  # opened read-only and closed: the files settle
    damage(store, how)
    again = kg_run("--store", store, "query", count, "--format", "csv")
    assert (again.returncode, again.stdout) == (0, first.stdout), again.stderr


def test_a_folder_that_is_no_store_of_ours_is_left_alone(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "CURRENT").write_text("not rocksdb")
    (folder / "notes.txt").write_text("keep me")
    line = one_clear_line(kg_run("--store", folder, "stats"))
    assert "holds files kg did not make" in line and (folder / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in folder.iterdir()) == ["CURRENT", "notes.txt"]


# -- pages ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url, kept", [
    ("https://example.org/a", True), ("HTTP://example.org", True), ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False), ("java\tscript:alert(1)", False), ("data:text/html,<script>", False),
    (" https://example.org", False), ("https://exa mple.org", False),
])
def test_only_http_addresses_become_links(url, kept):
    assert (safe_url(url) == url) is kept


def test_the_graph_page_allows_its_own_scripts_by_hash_and_the_docs_page_none(tmp_path, tiny_graph):
    import re

    from kg.docs import render_docs
    from kg.project import DEFAULT_VIZ_DIR

    page = render_page({"nodes": []}, title="t", template_dir=DEFAULT_VIZ_DIR)
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)
    scripts = re.search(r"script-src ([^;]+);", csp).group(1).split()
    assert "'unsafe-inline'" not in scripts and len(scripts) == 2 and all(s.startswith("'sha256-") for s in scripts)
    assert "default-src 'none'" in csp
    docs = render_docs(tiny_graph, DEFAULT_VIZ_DIR)
    assert "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'" in docs
    assert "<script" not in docs


@pytest.mark.parametrize("command", [["export", "-o"], ["viz", "-o"], ["docs", "-o"]])
def test_a_file_name_written_to_is_shown_escaped(tmp_path, command):
    out = tmp_path / "bell\x07\x1b[31m.out"
    result = kg_run(*command, out)
    assert result.returncode == 0, result.stderr
    said = result.stdout + result.stderr
    assert "\x07" not in said and "\x1b" not in said and "\\x07" in said and out.exists()
