"""The named queries: each is documented, parses, runs, and answers a real question on the facts.

The answers are checked against the figures the sources state (see the comments naming them)."""
import datetime
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg import queries
from kg.graph import as_term

ROOT = Path(__file__).resolve().parents[1]
NAMES = sorted(p.stem for p in (ROOT / "kg" / "queries").glob("*.rq"))
BASE = "https://w3id.org/vn-customs-kg/"

# Parameters to run each query with on the curated graph (the example in its header).
EXAMPLE_BINDINGS = {
    "documents-by-issuer": {"issuer": BASE + "concept/issuer/btc", "year": 2025},
    "directive-tasks": {"document": BASE + "document/2024/gdvc-instruction-under-06-ct-ttg"},
    "structure-as-of": {"date": "2025-02-01"},
    "leaders-as-of": {"date": "2025-03-15", "org": BASE + "org/customs-department"},
    "branch-for-province": {"province": BASE + "place/bac-ninh", "date": "2025-04-01"},
    "figures-by-indicator": {"indicator": BASE + "concept/indicator/import-export-turnover"},
    "indicator-series": {"indicator": BASE + "concept/indicator/state-budget-revenue"},
    "figures-about": {"entity": BASE + "system/eodes"},
    "documents-in-force": {"date": "2025-03-01"},
    "source-statements": {"source": BASE + "source/seed-004"},
    "events-timeline": {"from": "2024-01-01", "to": "2025-12-31"},
    "event-participants": {"event": BASE + "event/33rd-asean-customs-dg-meeting"},
    "units-of": {"parent": BASE + "org/customs-department"},
    "reorganization-figures": {"change": BASE + "change/2025-customs-restructuring"},
    "document-relations": {"document": BASE + "document/2025/382-qd-btc"},
    "campaign-editions": {"series": BASE + "series/mekong-dragon"},
}
# A second date where one date cannot fill every column: before the 2025 reorganization bodies
# show when they were dissolved, after it when they were founded.
SECOND_BINDINGS = {"structure-as-of": {"date": "2025-04-01"}}


@pytest.fixture(scope="module")
def graph():
    return kg.load(ROOT)


def term(value):
    """A binding written plainly (an IRI, an ISO date, a number or text) as a term."""
    if isinstance(value, str) and value.startswith("http"):
        return ox.NamedNode(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return as_term(datetime.date.fromisoformat(value))
    return as_term(value)


def terms(bindings: dict) -> dict:
    return {k: term(v) for k, v in bindings.items()}


def run(graph, name, **bindings):
    return graph.select(queries.read(name), terms(bindings))


def q_named(name):
    from kg.query import named_query
    return named_query(name)


def test_there_are_at_least_25_named_queries():
    assert len(NAMES) >= 25, NAMES


@pytest.mark.parametrize("name", NAMES)
def test_named_query_says_what_it_answers_and_answers_something(graph, name):
    text = queries.read(name)
    first = text.splitlines()[0]
    assert first.startswith("# ") and first.rstrip().endswith(("?", ")", ".")), first
    from kg.query import named_query
    assert named_query(name).question_vi, f"{name}: no Vietnamese question (# vi: on the second line)"
    rows = run(graph, name, **EXAMPLE_BINDINGS.get(name, {}))
    assert rows, f"{name} returned no rows on the curated graph"


# -- answers checked against what the sources state ------------------------------------------------
def column(rows, name):
    return [row.get(name) for row in rows]


def test_documents_the_prime_minister_issued_in_2024(graph):
    rows = run(graph, "documents-by-issuer", issuer=BASE + "concept/issuer/ttg", year=2024)
    assert set(column(rows, "notation")) == {"06/CT-TTg"}  # seed 004; enrichment §4
    assert column(rows, "signed") == ["2024-02-15"]


def test_the_eight_tasks_are_the_general_departments_under_directive_06(graph):
    rows = run(graph, "directive-tasks", document=BASE + "document/2024/gdvc-instruction-under-06-ct-ttg")
    # seed 004: "General Department of Vietnam Customs requested the head of affiliated units to deploy
    # 8 key tasks", in the article's order; the article numbers none of them
    assert column(rows, "position") == list(range(1, 9))
    assert all("number" not in r for r in rows)
    assert {r["sources"] for r in rows} == {BASE + "source/seed-004"}
    # the directive sets none itself: asked for its tasks, it answers with the instruction's, so named
    under = run(graph, "directive-tasks", document=BASE + "document/2024/06-ct-ttg")
    assert column(under, "task") == column(rows, "task")
    assert {r["setBy"] for r in under} == {BASE + "document/2024/gdvc-instruction-under-06-ct-ttg"}


def test_an_edition_answers_with_the_co_initiators_of_its_series(graph):
    rows = run(graph, "event-participants", event=BASE + "event/mekong-dragon-vi")
    initiators = {(r["participantLabel"], r["through"].rsplit("/", 1)[1]) for r in rows if r["role"] == "co-initiator"}
    assert initiators == {("Vietnam Customs", "mekong-dragon"), ("China Customs", "mekong-dragon")}


def test_decision_382_reorganization_before_after_and_basis(graph):
    [row] = run(graph, "reorganization")
    assert row["effective"] == "2025-03-01" and row["legalBasis"] == "382/QĐ-BTC"
    before = row["before"].split("; ")
    assert "General Department of Vietnam Customs" in before  # seed 002
    assert "Tay Ninh Provincial Customs Department" in before  # derived: a provincial department ended
    assert "Customs Department" in row["after"].split("; ")
    figures = run(graph, "reorganization-figures", change=BASE + "change/2025-customs-restructuring")
    cut = {(r["measure"] if "measure" in r else "level", r["value"]) for r in figures
           if r["indicator"] == "organizational units (focal points)"}
    assert ("reduction", Decimal("485")) in cut and ("level before the change", Decimal("902")) in cut  # seed 000, §4
    assert ("share reduced", Decimal("53.77")) in cut
    assert ("level after the change", Decimal("417")) in cut  # seed 002: from 902 to 417


def test_decision_382_relations(graph):
    rows = run(graph, "document-relations", document=BASE + "document/2025/382-qd-btc")
    pairs = {(r["relation"], r.get("otherNotation")) for r in rows}
    assert ("based on", "29/2025/NĐ-CP") in pairs and ("amended by", "2019/QĐ-BTC") in pairs


def test_structure_before_and_after_1_march_2025(graph):
    before = run(graph, "structure-as-of", date="2025-02-01")
    after = run(graph, "structure-as-of", date="2025-04-01")
    assert "Customs Department" not in column(before, "unitLabel")
    assert "Customs Department" in column(after, "unitLabel")
    units = {r["unitLabel"] for r in after if r["parentLabel"] == "Customs Department"}
    branches = {u for u in units if u.startswith("Regional Customs Branch ")}
    assert len(branches) == 20 and len(units - branches) == 12  # §1, §2: 12 units and 20 branches


def test_leaders_of_the_customs_department_as_of_a_date(graph):
    rows = run(graph, "leaders-as-of", date="2025-03-15", org=BASE + "org/customs-department")
    held = {(r["role"], r["person"]) for r in rows}
    assert ("Director", "Nguyen Van Tho") in held  # MoF Decision 465 of 26 February 2025
    assert {p for role, p in held if role == "Deputy Director"} == {"Luu Manh Tuong", "Au Anh Tuan", "Tran Duc Hung"}
    assert not run(graph, "leaders-as-of", date="2025-02-01", org=BASE + "org/customs-department")


@pytest.mark.parametrize("date, heads", [
    ("2024-06-04", {("General Department of Vietnam Customs", "Nguyen Van Can")}),   # chaired the 33rd meeting
    ("2024-09-29", {("General Department of Vietnam Customs", "Nguyen Van Can")}),   # Tho not yet certain
    ("2024-09-30", {("General Department of Vietnam Customs", "Nguyen Van Tho")}),   # "by September 2024"
    ("2025-02-27", {("General Department of Vietnam Customs", "Nguyen Van Tho")}),   # appointed Director on 26 Feb,
    ("2025-03-01", {("Customs Department", "Nguyen Van Tho")}),                      # but Director from the day it exists
    ("2025-06-30", {("Customs Department", "Nguyen Van Tho")}),
])
def test_the_head_of_customs_on_several_dates(graph, date, heads):
    rows = run(graph, "leaders-as-of", date=date)
    found = {(r["organizationLabel"], r["person"]) for r in rows if r["role"] in ("Director General", "Director")
             and r["organizationLabel"] in ("General Department of Vietnam Customs", "Customs Department")}
    assert found == heads


def test_a_heads_end_by_a_successor_is_derived_not_stated(graph):
    rows = graph.select("SELECT ?g ?by WHERE { GRAPH ?g { ?m vck:endedBy ?by } ?m org:member <person/nguyen-van-can> }")
    assert [(r["g"].rsplit("/", 1)[1], r["by"]) for r in rows] == [("post-ends-with-successor", "2024-09-30")]


def test_branch_for_a_province_changes_with_decision_2019(graph):
    march = run(graph, "branch-for-province", province=BASE + "place/cao-bang", date="2025-04-01")
    july = run(graph, "branch-for-province", province=BASE + "place/cao-bang", date="2025-07-01")
    assert set(column(march, "branchLabel")) == {"Regional Customs Branch VI"}  # §1 table
    assert set(column(july, "branchLabel")) == {"Regional Customs Branch XVI"}  # §1, Decision 2019
    assert set(column(july, "legalBasis")) == {"2019/QĐ-BTC"}


def test_mekong_dragon_vi_seizures_and_co_initiators(graph):
    editions = run(graph, "campaign-editions", series=BASE + "series/mekong-dragon")
    vi = [r for r in editions if r.get("edition") == 6][0]
    assert "start" not in vi  # the notes give the regional campaign a year only ("VI in 2024")
    in_vietnam = run(graph, "campaign-editions", series=BASE + "event/mekong-dragon-vi")
    [vn] = [r for r in in_vietnam if r["label"] == "Mekong Dragon VI in Vietnam"]
    assert vn["start"] == "2024-04-15" and vn["end"] == "2024-11-16"  # seed 003: Vietnam's part
    assert "drugs seized: 395 kg" in vn["figures"] and "drug cases: 59 cases" in vn["figures"]
    assert sorted(column(editions, "edition")).count(7) == 1
    roles = run(graph, "event-participants", event=BASE + "series/mekong-dragon")
    co = {r["participantLabel"] for r in roles if r["role"] == "co-initiator"}
    assert co == {"Vietnam Customs", "China Customs"}


def test_turnover_by_period_with_growth(graph):
    rows = run(graph, "figures-by-indicator", indicator=BASE + "concept/indicator/import-export-turnover")
    levels = {r["period"]: r["value"] for r in rows if "measure" not in r}
    growth = {r["period"]: r["value"] for r in rows if r.get("measure") == "growth on the same period"}
    assert levels["Q1 2024"] == Decimal("178000000000.0") and growth["Q1 2024"] == Decimal("15.4")  # seed 001
    assert levels["2024"] == Decimal("786290000000.0") and growth["2024"] == Decimal("15.4")  # seed 003
    assert levels["1 January – 15 June 2025"] == Decimal("390380000000.0")  # seed 000


def test_state_budget_revenue_from_2019_to_2025_with_spans_hedges_and_sources(graph):
    rows = run(graph, "indicator-series", indicator=BASE + "concept/indicator/state-budget-revenue")
    levels = [r for r in rows if r["unit"] == "VND" and not r.get("measure")]
    years = {str(r["periodEnd"])[:4] for r in levels}
    assert {"2019", "2021", "2022", "2023", "2024", "2025"} <= years, years
    whole = {(str(r["periodStart"]), str(r["value"])) for r in levels if r["span"] == "whole year"}
    # 2019 from a 2020 article (348.7 trillion), 2024 from seed 003 (427,989 billion)
    assert ("2019-01-01", "348700000000000") in {(a, v.split(".")[0]) for a, v in whole}
    assert ("2024-01-01", "427989000000000") in {(a, v.split(".")[0]) for a, v in whole}
    nov = [r for r in levels if str(r["periodStart"]) == "2025-01-01" and str(r["periodEnd"]) == "2025-11-30"]
    assert nov and nov[0]["span"] == "part of a year" and nov[0]["source"].endswith("-in-11-months-2025")
    assert any(r.get("hedge") == "nearly" for r in levels)  # 'nearly VND 165.7 trillion'
    # every value has its source, and the rows come in time order within a series
    assert all(r["source"].startswith(BASE + "source/") for r in rows)
    ends = [str(r["periodEnd"]) for r in levels]
    assert ends == sorted(ends)


def test_revenue_by_period(graph):
    rows = run(graph, "figures-by-indicator", indicator=BASE + "concept/indicator/state-budget-revenue")
    levels = {r["period"]: r["value"] for r in rows if "measure" not in r}
    assert levels["2024"] == Decimal("427989000000000.0")  # seed 003
    assert levels["1 January – 15 June 2025"] == Decimal("201414000000000.0")  # seed 000
    shares = {r["period"]: r["value"] for r in rows if r.get("measure") == "share of the estimate"}
    assert shares["2024"] == Decimal("114.13")


def test_steering_committee_389(graph):
    rows = run(graph, "coordinating-body", body=BASE + "org/national-steering-committee-389")
    heads = {r["memberLabel"] for r in rows if r.get("role") == "head"}
    # §4, and article 18 (the Permanent Deputy Prime Minister, head in December 2024)
    assert heads == {"Nguyen Xuan Phuc", "Truong Hoa Binh", "Bui Thanh Son", "Nguyen Hoa Binh"}
    assert {r["memberLabel"] for r in rows if r.get("role") == "standing deputy head"} == {"Ministry of Finance"}
    assert set(column(rows, "setUpBy")) == {"389/QĐ-TTg"}
    mof = run(graph, "coordinating-body", body=BASE + "org/mof-steering-committee-389")
    agencies = {r["memberLabel"] for r in mof if r.get("role") == "standing agency"}
    assert agencies == {"General Department of Vietnam Customs", "Customs Department"}  # seeds 003, 000


def test_events_of_2024_and_2025_in_order(graph):
    rows = run(graph, "events-timeline", **{"from": "2024-01-01", "to": "2025-12-31"})
    starts = column(rows, "start")
    assert starts == sorted(starts)
    labels = column(rows, "label")
    assert labels.index("33rd ASEAN Customs Directors-General Meeting") < labels.index("2025 reorganization of the customs apparatus")


def test_everything_one_source_states(graph):
    rows = run(graph, "source-statements", source=BASE + "source/seed-004")
    subjects = set(column(rows, "subject"))
    assert BASE + "document/2024/gdvc-instruction-under-06-ct-ttg/task/8" in subjects
    assert all(r["source"] == BASE + "source/seed-004" for r in rows)


def test_facts_with_several_sources_and_conflicts(graph):
    multi = run(graph, "multi-source-facts")
    assert any(r["subject"] == BASE + "document/2025/382-qd-btc" and r["sources"] >= 3 for r in multi)
    conflicts = run(graph, "conflicts")
    # vccinews reads "from 902 to 485" where seed 002 gives 417 after the cut
    assert any({r["value1"], r["value2"]} == {Decimal("485.0"), Decimal("417.0")} for r in conflicts), conflicts


def test_clearance_channels_q1_2024(graph):
    rows = run(graph, "clearance-channels")
    shares = {r["channel"]: (r["value"], r.get("qualifier")) for r in rows if r["period"] == "Q1 2024"}
    assert shares == {"green channel": (Decimal("67.0"), "over"), "yellow channel": (Decimal("30.0"), "nearly"),
                      "red channel": (Decimal("3.0"), "over")}  # seed 001


def test_33rd_meeting_figures(graph):
    rows = run(graph, "figures-about", entity=BASE + "event/33rd-asean-customs-dg-meeting")
    values = {(r["indicator"], r["value"]) for r in rows}
    assert ("delegates", Decimal("118.0")) in values and ("agenda items", Decimal("12.0")) in values  # §4


# -- answers a person can read ------------------------------------------------------------------
# Queries about the model or about the sources themselves need no source column.
NO_SOURCE_COLUMN = {
    "classes": "counts the entities of each class",
    "indicators": "counts the figures of each code-list indicator",
    "documents-by-type": "counts documents per type and issuer",
    "sources": "lists the sources themselves",
}
LABEL_COLUMN = re.compile(r"(?i)(label|^person|^name|^task|^title|^figures)$")
SOURCE_COLUMN = re.compile(r"^(source|sources|source1|statedBy)$")


def example_bindings(name):
    """The example bindings of a named query as terms (IRIs, dates, numbers)."""
    return terms(EXAMPLE_BINDINGS.get(name, {}))


def answer(graph, name):
    result = graph.query(queries.read(name), example_bindings(name))
    names = [v.value for v in result.variables]
    return names, [[solution[n] for n in names] for solution in result]


@pytest.mark.parametrize("name", NAMES)
def test_every_answer_has_labels_sources_and_no_empty_column(graph, name):
    names, rows = answer(graph, name)
    assert rows, name
    assert any(LABEL_COLUMN.search(n) for n in names), f"{name}: no label column in {names}"
    if name not in NO_SOURCE_COLUMN:
        assert any(SOURCE_COLUMN.match(n) for n in names), f"{name}: no source column in {names}"
    if name in SECOND_BINDINGS:
        rows += [[s[n] for n in names] for s in graph.query(queries.read(name), terms(SECOND_BINDINGS[name]))]
    empty = [n for i, n in enumerate(names) if all(row[i] is None for row in rows)]
    assert not empty, f"{name}: columns empty on every row: {empty}"


@pytest.mark.parametrize("name", NAMES)
def test_every_term_printed_can_be_pasted_back(graph, name):
    import pyoxigraph as ox

    from kg.namespaces import curie
    from kg.query import parse_value

    names, rows = answer(graph, name)
    printed = {curie(t.value): t for row in rows for t in row if isinstance(t, ox.NamedNode)}
    for shown, term in printed.items():
        assert parse_value(shown) == term, (name, shown)  # into --bind
        [row] = graph.select(f"SELECT ?x WHERE {{ VALUES ?x {{ {shown} }} }}")  # into SPARQL
        assert row["x"] == term.value, (name, shown)


def test_branches_come_in_the_order_of_their_numerals(graph):
    numerals = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split()
    expected = [f"Regional Customs Branch {n}" for n in numerals]
    listed = list(dict.fromkeys(r["branchLabel"] for r in run(graph, "regional-branches")))
    assert listed == expected
    structure = [r["unitLabel"] for r in run(graph, "structure-as-of", date="2025-04-01")
                 if r["unitLabel"].startswith("Regional Customs Branch ")]
    assert structure == expected


def test_a_branch_whose_area_no_source_gives_says_so(graph):
    rows = {r["branchLabel"]: r for r in run(graph, "regional-branches")}
    for numeral in ("XIV", "XVII", "XX"):  # notes §1: "not found"
        row = rows[f"Regional Customs Branch {numeral}"]
        assert row["provinces"] == row["seat"] == "not found in the sources"
    assert rows["Regional Customs Branch XVI"]["seat"] == "Cao Bang"


def test_documents_by_issuer_cite_their_sources_and_include_unnumbered_ones(graph):
    rows = {r["document"].rsplit("/", 1)[1]: r for r in run(graph, "documents-by-issuer", issuer=BASE + "concept/issuer/tchq")}
    assert "gdvc-instruction-under-06-ct-ttg" in rows  # no number: its issuer stated by seed 004
    assert rows["gdvc-instruction-under-06-ct-ttg"]["sources"].split() == [BASE + "source/seed-004"]
    cited = rows["371-ct-tchq"]["sources"].split()
    assert BASE + "source/seed-004" in cited and BASE + "graph/derived/issuer-from-notation" in cited


def test_the_old_structure_says_how_many_provincial_departments_are_named_of_those_counted(graph):
    rows = run(graph, "structure-as-of", date="2025-02-01")
    provincial = {r["unitLabel"] for r in rows if "known" in r}
    assert len(provincial) >= 10
    assert {r["known"] for r in rows if "known" in r} == {f"{len(provincial)} named of the 35 the sources count"}
    assert not [r for r in run(graph, "structure-as-of", date="2025-04-01") if "known" in r]
