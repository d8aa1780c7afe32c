"""kg.export: every format round-trips, dataset formats keep each statement's graph, the order is
sorted and stable, prefixes are bound, and a failed write leaves nothing behind."""
import io
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

import kg
from kg.errors import UsageError
from kg.export import DATASET_FORMATS, FORMATS, export

GOOD = sorted((Path(__file__).parent / "data" / "good").glob("*.trig"))
RDFLIB_FORMATS = {"turtle": "turtle", "trig": "trig", "nt": "nt", "nquads": "nquads", "jsonld": "json-ld", "xml": "xml"}


def reference(graph: kg.KnowledgeGraph) -> Dataset:
    """The graph as rdflib sees it, built from the store's quads (not from any export)."""
    return graph.dataset


def graphs_of(ds: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


def merged(ds: Dataset) -> Graph:
    out = Graph()
    for triple in ds.triples((None, None, None)):
        out.add(triple)
    return out


def assert_round_trips(graph: kg.KnowledgeGraph, fmt: str, path: Path) -> None:
    count = export(graph, fmt, path)
    expected = reference(graph)
    if fmt in DATASET_FORMATS:
        got = Dataset().parse(path, format=RDFLIB_FORMATS[fmt])
        assert set(graphs_of(got)) == set(graphs_of(expected))
        for name, g in graphs_of(expected).items():
            assert isomorphic(got.graph(URIRef(name)) if not name.startswith("urn:x-rdflib:") else got.default_graph,
                              g), name
        assert count == len(graph)
    else:
        got = Graph().parse(path, format=RDFLIB_FORMATS[fmt])
        assert isomorphic(got, merged(expected))
        assert count == len(merged(expected))


@pytest.mark.parametrize("fmt", FORMATS)
def test_tiny_project_round_trips(tiny_graph, tmp_path, fmt):
    assert_round_trips(tiny_graph, fmt, tmp_path / f"out.{fmt}")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("fixture", GOOD, ids=lambda p: p.stem)
def test_good_fixtures_round_trip(project_of, tmp_path, fixture, fmt):
    graph = kg.load(project_of(fixture))
    assert_round_trips(graph, fmt, tmp_path / f"{fixture.stem}.{fmt}")


def test_merged_formats_write_a_shared_statement_once_dataset_formats_per_graph(project_of):
    graph = kg.load(project_of(*[p for p in GOOD if p.stem == "shared-statement"]))
    label = '<https://w3id.org/vn-customs-kg/org/customs-department> <http://www.w3.org/2000/01/rdf-schema#label> "Customs Department"@en'
    nt, nq = io.BytesIO(), io.BytesIO()
    export(graph, "nt", nt)
    export(graph, "nquads", nq)
    assert nt.getvalue().decode().count(label) == 1
    quads = [line for line in nq.getvalue().decode().splitlines() if line.startswith(label)]
    assert [q.split()[-2] for q in quads] == ["<https://w3id.org/vn-customs-kg/source/a>",
                                              "<https://w3id.org/vn-customs-kg/source/b>"]
    # the default graph's statement stays in the default graph
    assert any(line.endswith("<http://www.w3.org/ns/org#Organization> .") for line in nq.getvalue().decode().splitlines())


@pytest.mark.parametrize("fmt", ["nt", "nquads"])
def test_lines_are_sorted_and_distinct(tiny_graph, fmt):
    out = io.BytesIO()
    export(tiny_graph, fmt, out)
    lines = out.getvalue().split(b"\n")[:-1]
    assert lines == sorted(set(lines)) and lines


def test_turtle_is_stable_grouped_and_prefixed(tiny_project, tiny_graph):
    first, again = io.BytesIO(), io.BytesIO()
    export(tiny_graph, "turtle", first)
    export(kg.load(tiny_project), "turtle", again)  # a fresh load writes the same bytes
    assert first.getvalue() == again.getvalue()
    text = first.getvalue().decode()
    assert "@prefix vck: <https://w3id.org/vn-customs-kg/ontology#> ." in text
    assert "vorg:customs-department" in text and "<https://w3id.org/vn-customs-kg/org/customs-department>" not in text
    # sorted by subject: each subject's statements in one block
    subjects = [line.split()[0] for line in text.splitlines() if line and not line[0].isspace() and not line.startswith("@")]
    assert len(subjects) == len(set(subjects)) > 5


def test_trig_keeps_source_graph_blocks(tiny_graph):
    out = io.BytesIO()
    export(tiny_graph, "trig", out)
    text = out.getvalue().decode()
    assert "source:a {" in text and "source:b {" in text and "<https://w3id.org/vn-customs-kg/ontology> {" in text


def test_write_is_atomic(tiny_graph, tmp_path, monkeypatch):
    target = tmp_path / "customs.ttl"
    target.write_text("previous", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr("kg.export.ox.serialize", fail)
    with pytest.raises(UsageError, match="No space left"):
        export(tiny_graph, "turtle", target)
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["customs.ttl"]  # no temporary file left


def test_unknown_format(tiny_graph, tmp_path):
    with pytest.raises(UsageError, match="choose one of turtle, trig"):
        export(tiny_graph, "yaml", tmp_path / "x")
    assert not (tmp_path / "x").exists()
