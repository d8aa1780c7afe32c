"""Provenance and time on the curated graph: each page credited only with what it states, derived
statements kept apart from stated ones, organizations that begin and end, periods that describe
what a figure measures. The checks name the source they hold the graph to."""
import itertools
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg import queries
from kg.derive import rules
from kg.namespaces import BASE, DERIVED_PREFIX, SOURCE_PREFIX

ROOT = Path(__file__).resolve().parents[1]

# Pairs of pages that really state the same statements, with the line of the notes that ties both.
CORROBORATING = {
    frozenset({"laodong-new-model-1470194", "lawnet-20-regional-branches"}): "§1 table: rows I-VII name pages L and LD",
    frozenset({"vietnamvn-branch-v", "lawnet-20-regional-branches"}): "§1 table: row V names L, LD and V5",
    frozenset({"vietnamvn-branch-v", "laodong-new-model-1470194"}): "§1 table: row V names L, LD and V5",
    frozenset({"vietnamvn-customs-department-organization", "lawnet-customs-department-structure"}):
        "§2: units 1, 9, 10, 11 and 12 have legal status and their own seals (B, C)",
    frozenset({"seed-001", "haiquan-nguyen-van-tho-press"}): "both: Nguyen Van Tho, Deputy Director General",
}

# Pages the notes cite only inside a block that cites several pages without saying which states
# what: nothing may be credited to them but their own description.
BLOCK_ONLY_PAGES = [
    "chinhphu-steering-committee-formed", "vneconomy-anti-smuggling-grassroots", "laodong-bui-thanh-son-1510749",
    "shipbolt-mof-anti-smuggling", "thuvienphapluat-decision-382", "baohaiduong-directive-06",
    "duanemorris-key-tasks-2024", "luatvietnam-resolution-18", "vrviet-resolution-18-steering-committee",
    "vietnamvn-mekong-dragon", "haiquan-mekong-dragon-v-briefing", "riloap-joint-91", "vietnamvn-33rd-meeting",
]


@pytest.fixture(scope="module")
def graph():
    return kg.load(ROOT)


def statements_by_source(graph) -> dict[str, set]:
    """What each source graph states about things other than itself, naming aside."""
    found = defaultdict(set)
    for quad in graph.store.quads_for_pattern(None, None, None):
        name = getattr(quad.graph_name, "value", "")
        if not name.startswith(SOURCE_PREFIX) or getattr(quad.subject, "value", None) == name:
            continue
        if quad.predicate.value.endswith(("#type", "#label", "#altLabel")):
            continue
        found[name[len(SOURCE_PREFIX):]].add((str(quad.subject), quad.predicate.value, str(quad.object)))
    return found


def test_no_page_graph_is_a_copy_of_another(graph):
    found = statements_by_source(graph)
    copies = []
    for a, b in itertools.combinations(sorted(found), 2):
        smaller = min(len(found[a]), len(found[b]))
        shared = len(found[a] & found[b])
        if smaller >= 3 and shared / smaller >= 0.8 and frozenset({a, b}) not in CORROBORATING:
            copies.append(f"{a} and {b} share {shared} of {smaller} statements")
    assert not copies, "a block's facts copied into each page it cites? " + "; ".join(copies)


@pytest.mark.parametrize("page", BLOCK_ONLY_PAGES)
def test_a_page_cited_only_by_a_block_is_credited_with_nothing(graph, page):
    assert graph.ask(f"ASK {{ GRAPH <source/{page}> {{ <source/{page}> schema:url ?url }} }}"), f"{page} is not registered"
    assert not statements_by_source(graph).get(page), f"{page} is credited with statements the notes never tie to it"


def test_every_block_of_the_notes_records_the_pages_it_cites(graph):
    rows = graph.select("""
        SELECT ?block (COUNT(DISTINCT ?page) AS ?pages) WHERE {
          GRAPH ?block { ?block dct:isPartOf <source/enrichment-md> ; vck:citesPage ?page }
          ?page schema:url ?url } GROUP BY ?block""")
    assert len(rows) == 8 and all(r["pages"] >= 2 for r in rows), rows


def test_the_2014_page_is_not_credited_with_later_heads_or_decisions(graph):
    assert not graph.ask("""ASK { GRAPH <source/chinhphu-steering-committee-formed> {
        ?s ?p ?o FILTER(?s != <source/chinhphu-steering-committee-formed>) } }""")
    sources = {r["g"] for r in graph.select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { <document/2026/48-qd-ttg> eli:amends ?d } }")}
    assert sources == {BASE + "source/enrichment-md-steering-committee-389"}


def test_the_issuer_of_decision_382_is_stated_once_and_derived_once(graph):
    sources = {r["g"] for r in graph.select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { <document/2025/382-qd-btc> eli:passed_by <org/ministry-of-finance> } }")}
    # seed 000: "Decision No. 382/QD-BTC of the Ministry of Finance", and article 21 (the Ministry
    # issued it); the rule reads BTC
    assert sources == {BASE + "source/seed-000", BASE + "source/21-new-organizational-model-of-the-customs-department",
                       DERIVED_PREFIX + "issuer-from-notation"}


def test_each_derived_graph_names_its_rule_and_no_source_graph_holds_its_statements(graph):
    described = {r["g"]: r for r in graph.select("""
        SELECT ?g ?label ?rule WHERE { GRAPH ?g { ?g a vck:DerivedGraph ; rdfs:label ?label ; vck:rule ?rule } }""")}
    names = {DERIVED_PREFIX + rule.name for rule in rules()}
    assert set(described) == names
    for name, row in described.items():
        assert row["label"].startswith("Derived by rule: ") and "CONSTRUCT" in row["rule"]
    # a notation's type and number are never written by hand: only the rule states them
    assert not graph.ask("""ASK { GRAPH ?g { ?d eli:id_local ?n ; eli:type_document ?t }
                                 FILTER(STRSTARTS(STR(?g), "https://w3id.org/vn-customs-kg/source/")) }""")


def test_the_seed_004_tasks_are_the_general_departments_not_the_prime_ministers(graph):
    assert not graph.ask("ASK { ?t <https://w3id.org/vn-customs-kg/ontology#taskOf> <document/2024/06-ct-ttg> }")
    assert not graph.ask("ASK { <document/2024/06-ct-ttg> vck:addressedTo ?body }")
    assert not graph.ask("ASK { ?t vck:taskOf <document/2025/499-ct-tchq> }")  # seed 000 names no task
    rows = graph.select("""SELECT ?by ?directive WHERE {
        <document/2024/gdvc-instruction-under-06-ct-ttg> eli:passed_by ?by ; vck:implements ?directive }""")
    assert rows == [{"by": BASE + "org/general-department-of-vietnam-customs", "directive": BASE + "document/2024/06-ct-ttg"}]


def test_people_at_events_have_the_role_the_source_gives(graph):
    assert not graph.ask("ASK { <event/2025-06-17-customs-press-conference> vck:chair ?p }")
    assert graph.ask("""ASK { ?x vck:inEvent <event/2025-06-17-customs-press-conference> ;
        vck:participant <person/tran-duc-hung> ; vck:participationRole <concept/role/speaker> }""")


def test_mekong_dragon_vi_dates_are_vietnams_part_and_the_chairmanship_has_no_day(graph):
    assert not graph.ask("ASK { <event/mekong-dragon-vi> schema:startDate ?d }")
    assert graph.ask("""ASK { <event/mekong-dragon-vi-vietnam> schema:superEvent <event/mekong-dragon-vi> ;
        schema:startDate "2024-04-15"^^xsd:date ; schema:location <place/vietnam> }""")
    assert not graph.ask("ASK { <membership/vietnam-customs/chair/asean-customs> schema:startDate ?d }")


def test_the_5e_concept_is_one_entity_with_its_five_services(graph):
    parts = graph.select("SELECT ?part WHERE { <programme/5-e> schema:hasPart ?part }")
    assert len({r["part"] for r in parts}) == 5  # seed 002


# -- one sector ---------------------------------------------------------------------------------
def test_sector_wide_figures_describe_the_sector(graph):
    assert graph.select(queries.read("closure-sector-figures", internal=True)) == []
    about = {r["e"] for r in graph.select("""SELECT DISTINCT ?e WHERE {
        ?f vck:indicator <concept/indicator/state-budget-revenue> ; vck:aboutEntity ?e }""")}
    assert about == {BASE + "org/vietnam-customs"}  # seeds 000, 003, 004: the sector's revenue


# -- organizations over time ------------------------------------------------------------------------
def structure(graph, date):
    rows = graph.select(queries.read("structure-as-of"), {"date": __import__("datetime").date.fromisoformat(date)})
    return {(r["parentLabel"], r["unitLabel"]) for r in rows}


def test_on_1_february_2025_the_general_department_is_under_the_ministry_with_its_provincial_departments(graph):
    pairs = structure(graph, "2025-02-01")
    assert ("Ministry of Finance", "General Department of Vietnam Customs") in pairs
    provincial = {u for parent, u in pairs if parent == "General Department of Vietnam Customs"}
    assert {"Tay Ninh Provincial Customs Department", "Binh Duong Customs Department"} <= provincial
    assert not any("Customs Department" == u or u.startswith("Regional Customs Branch") for _, u in pairs)


def test_on_1_april_2025_the_customs_department_has_12_units_and_20_branches_and_nothing_old_survives(graph):
    pairs = structure(graph, "2025-04-01")
    units = {u for parent, u in pairs if parent == "Customs Department"}
    branches = {u for u in units if u.startswith("Regional Customs Branch ")}
    assert len(branches) == 20 and len(units - branches) == 12
    assert ("Ministry of Finance", "Customs Department") in pairs
    gone = {"General Department of Vietnam Customs", "Binh Duong Customs Department", "Tay Ninh Provincial Customs Department"}
    assert not gone & ({u for _, u in pairs} | {p for p, _ in pairs})


@pytest.mark.parametrize("date", ["2024-01-01", "2024-06-30", "2024-12-31", "2025-02-28", "2025-03-01", "2025-07-01", "2025-12-31"])
def test_the_structure_is_whole_on_any_date(graph, date):
    pairs = structure(graph, date)
    parents_of = defaultdict(set)
    for parent, unit in pairs:
        parents_of[unit].add(parent)
    agency = "General Department of Vietnam Customs" if date < "2025-03-01" else "Customs Department"
    assert parents_of[agency] == {"Ministry of Finance"}, (date, parents_of[agency])
    assert all(len(p) == 1 for p in parents_of.values()), {u: p for u, p in parents_of.items() if len(p) > 1}


def test_every_document_issuer_existed_on_the_documents_date(graph):
    rows = graph.select("""
        SELECT ?doc ?body ?g WHERE {
          GRAPH ?g { ?doc eli:passed_by ?body }
          ?doc eli:date_document ?date .
          OPTIONAL { ?body schema:foundingDate ?founded }
          OPTIONAL { ?body schema:dissolutionDate ?dissolved }
          FILTER(COALESCE(?date < ?founded, false) || COALESCE(?date >= ?dissolved, false))
        }""")
    # the one exception is a source's own word, kept and shown by `conflicts`: seed 000 says the
    # Customs Department issued 499/CT-TCHQ on 4 February 2025; the notation says TCHQ
    assert [(r["doc"], r["g"]) for r in rows] == [(BASE + "document/2025/499-ct-tchq", BASE + "source/seed-000")]
    derived = graph.select("SELECT ?body WHERE { GRAPH <graph/derived/issuer-from-notation> { <document/2025/499-ct-tchq> eli:passed_by ?body } }")
    assert derived == [{"body": BASE + "org/general-department-of-vietnam-customs"}]


# -- periods -------------------------------------------------------------------------------------------
HEADLINE_PERIODS = [
    # (figure, start, end): each seed's headline figures, and the stock "as of early July 2024"
    ("figure/seed-000/revenue", "2025-01-01", "2025-06-15"),
    ("figure/seed-000/violation-cases", "2024-12-15", "2025-05-14"),
    ("figure/seed-001/declarations", "2024-01-01", "2024-03-31"),
    ("figure/seed-003/revenue-2024", "2024-01-01", "2024-12-31"),
    ("figure/seed-004/revenue-to-17-july", "2024-01-01", "2024-07-17"),
    ("figure/seed-004/eodes-certificates", "2024-07-01", "2024-07-10"),
    ("figure/seed-002/focal-points-after", "2025-03-01", "2025-03-01"),
    ("figure/seed-000/focal-points-before", "2025-03-01", "2025-03-01"),
]


@pytest.mark.parametrize("figure, start, end", HEADLINE_PERIODS, ids=[f for f, _, _ in HEADLINE_PERIODS])
def test_headline_figures_have_the_period_they_measure(graph, figure, start, end):
    rows = graph.select(f"""SELECT DISTINCT ?p ?start ?end WHERE {{ <{figure}> sdmx-dimension:refPeriod ?p .
        ?p schema:startDate ?start ; schema:endDate ?end }}""")
    assert len(rows) == 1, rows
    assert rows[0]["p"].startswith(BASE + "period/")
    assert (rows[0]["start"], rows[0]["end"]) == (start, end)


def test_the_same_reorganization_figure_has_one_period_in_every_source(graph):
    rows = graph.select("""SELECT ?indicator ?measure (COUNT(DISTINCT ?p) AS ?periods) WHERE {
        ?f vck:aboutEntity <change/2025-customs-restructuring> ; vck:indicator ?indicator ;
           vck:measure ?measure ; sdmx-dimension:refPeriod ?p } GROUP BY ?indicator ?measure""")
    assert rows and all(r["periods"] == 1 for r in rows), rows


SHARED = ROOT.parent / "shared"
_ISSUERS = """SELECT DISTINCT ?source ?file ?title ?notation ?body WHERE {
  GRAPH ?source { ?document eli:passed_by ?body ; eli:id_local ?notation }
  ?source vck:seedFile ?file .
  OPTIONAL { ?source dct:title ?title }
}"""


def _folded(text: str) -> str:
    import unicodedata

    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def _source_text(file: str, title: str | None) -> str:
    """A seed article's text, or the section of the enrichment notes a block of them is."""
    path = SHARED / ("sources" if file == "enrichment.md" else "seeds") / file
    text = path.read_text(encoding="utf-8")
    if file == "enrichment.md" and title:
        sections = text.split("\n### ")
        for section in sections:
            if _folded(section.splitlines()[0]).strip() == _folded(title).strip():
                return section
    return text


@pytest.mark.skipif(not (ROOT.parent / "shared" / "seeds").is_dir(), reason="the shared sources are not beside the repository")
def test_an_issuer_is_credited_to_a_source_only_where_its_text_names_the_issuer(graph):
    # Each eli:passed_by in a source's own graph: the body's name stands in a paragraph of the
    # source that gives the document's notation. Issuers read from a notation alone belong to the
    # rule's graph (kg/rules/4-issuer-from-notation.rq), not to the source.
    unnamed = []
    for row in graph.select(_ISSUERS):
        # the body by any of its names, or as its issuer code's name ("the Government", for CP)
        names = {_folded(r["name"]) for r in graph.select(
            "SELECT ?name WHERE { { ?body rdfs:label|skos:prefLabel|skos:altLabel ?name } UNION "
            "{ ?code vck:issuingBody ?body ; skos:prefLabel ?name } }", {"body": ox.NamedNode(row["body"])})}
        text = _folded(_source_text(row["file"], row.get("title")))
        number = _folded(row["notation"])
        # a section of the notes about the document is one paragraph; an article's are its lines
        titled = number in text.split("\n", 1)[0]
        paragraphs = [text] if titled else [p for p in text.split("\n") if number in p] or [text]
        if not any(name in paragraph for name in names for paragraph in paragraphs):
            unnamed.append(f"{row['source']}: {row['notation']} passed_by {row['body']}")
    assert unnamed == []


def test_issuer_codes_are_read_by_the_rule_never_credited_to_a_source(graph):
    stated = graph.select("SELECT ?g ?d WHERE { GRAPH ?g { ?d vck:issuerCode ?code } "
                          "FILTER(STRSTARTS(STR(?g), STR(source:))) }")
    assert stated == []


def test_a_party_resolution_gets_no_issuer_from_its_code_alone(graph):
    # TW marks the Party's central level: the Central Committee and the Politburo both issue under it
    rows = graph.select("SELECT ?g ?body WHERE { GRAPH ?g { doc:2024\\/56-nq-tw eli:passed_by ?body } }")
    assert rows == []
    [code] = graph.select("SELECT ?code WHERE { doc:2024\\/56-nq-tw vck:issuerCode ?code }")
    assert code["code"].endswith("concept/issuer/tw")
    stated = graph.select("SELECT ?g WHERE { GRAPH ?g { doc:2017\\/18-nq-tw eli:passed_by ?body } }")
    assert [r["g"].rsplit("/", 1)[1] for r in stated] == ["enrichment-md-resolution-18"]  # the notes name it


def test_the_exam_candidates_are_the_examination_councils(graph):
    [row] = graph.select("SELECT ?about WHERE { <figure/seed-004/exam-candidates> vck:aboutEntity ?about }")
    assert row["about"].endswith("org/customs-certificate-examination-council-2024")
