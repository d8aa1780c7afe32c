"""kg.lookup: folding, resolving what a user typed, ranking search hits, describing an entity."""
import pyoxigraph as ox
import pytest

from kg.errors import UsageError
from kg.lookup import describe, describe_text, fold, resolve, search

BASE = "https://w3id.org/vn-customs-kg/"


@pytest.mark.parametrize("text, folded", [("Tổng cục Hải quan", "tong cuc hai quan"), ("ĐƠN VỊ", "don vi"),
                                          ("  Chi  cục\tHải quan ", "chi cuc hai quan"),
                                          ("382/QĐ-BTC", "382/qd-btc"), ("Ｆｕｌｌ", "full")])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("thing, iri", [
    ("382/QĐ-BTC", "document/2025/382-qd-btc"), ("382/QD-BTC", "document/2025/382-qd-btc"),
    ("06/ct-ttg", "document/2024/06-ct-ttg"), ("vorg:customs-department", "org/customs-department"),
    ("Cuc Hai quan", "org/customs-department"), ("CỤC HẢI QUAN", "org/customs-department"),
    ("quyet dinh so 382", "document/2025/382-qd-btc"),  # an altLabel
    ("<https://w3id.org/vn-customs-kg/org/customs-department>", "org/customs-department"),
    ("https://w3id.org/vn-customs-kg/place/phu-quoc", "place/phu-quoc"),
])
def test_resolve_tiny(tiny_graph, thing, iri):
    assert resolve(tiny_graph, thing) == BASE + iri


@pytest.mark.parametrize("thing, message", [
    ("Office", "'Office' names 2 entities: vorg:customs-department-office, vorg:ministry-office"),
    ("Customs Departmen", "no entity has this name or number; did you mean: Customs Department"),
    ("vorg:nothing", "no statement mentions this IRI"),
    ("zzzz", "'zzzz': no entity has this name or number"),
])
def test_resolve_fails_with_one_clear_line(tiny_graph, thing, message):
    with pytest.raises(UsageError, match=message) as caught:
        resolve(tiny_graph, thing)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("thing, iri", [
    ("18-NQ/TW", "document/2017/18-nq-tw"),
    # regression: the issuer code TCHQ is also called "Tổng cục Hải quan"; the body wins
    ("Tong cuc Hai quan", "org/general-department-of-vietnam-customs"),
])
def test_resolve_real(kg_real, thing, iri):
    assert resolve(kg_real, thing) == BASE + iri


@pytest.mark.parametrize("text, ranked", [
    ("hanoi", [("Hanoi", 4), ("Hanoi meeting", 3)]),  # exact, then prefix
    ("customs", [("Customs Department", 3), ("General Department of Vietnam Customs", 2)]),  # prefix, then word
    ("ustom", [("Customs Department", 1), ("General Department of Vietnam Customs", 1)]),  # substring, shorter first
    ("HA NOI", [("Hà Nội", 4)]),  # case and diacritics folded
])
def test_search_ranks_exact_prefix_word_substring(tiny_graph, text, ranked):
    assert [(h.name, h.score) for h in search(tiny_graph, text)] == ranked


def test_search_shows_type_and_folds_diacritics(tiny_graph):
    hits = {h.entity: h for h in search(tiny_graph, "hai quan", limit=100)}
    assert {BASE + "org/customs-department", BASE + "org/general-department-of-vietnam-customs"} <= set(hits)
    assert hits[BASE + "org/customs-department"].type == "http://www.w3.org/ns/org#Organization"
    assert search(tiny_graph, "382/qd")[0].kind == "notation"


def test_search_real(kg_real):
    assert search(kg_real, "customs department")[0].entity == BASE + "org/customs-department"


def test_describe_groups_sources_and_shows_incoming(tiny_graph):
    statements = describe(tiny_graph, BASE + "org/customs-department")
    label = [s for s in statements if s.other == ox.Literal("Customs Department", language="en")]
    assert [s.sources for s in label] == [(BASE + "source/a", BASE + "source/b")]
    incoming = [s for s in statements if s.direction == "in"]
    assert [(s.predicate, s.other.value) for s in incoming] == [
        ("http://www.w3.org/ns/org#unitOf", BASE + "org/customs-department-office")]


def test_describe_text(tiny_graph):
    text = describe_text(tiny_graph, BASE + "org/customs-department", "vi")
    assert text.splitlines()[0] == "Cục Hải quan  <https://w3id.org/vn-customs-kg/org/customs-department>"
    assert "  rdf:type → org:Organization    [source:a; source:b]" in text
    assert "  org:subOrganizationOf → Bộ Tài chính    [source:a]" in text
    assert "  ← org:unitOf ← Văn phòng    [source:a]" in text
    assert "  rdfs:label → Cục Hải quan@vi    [source:a]" in text
    assert text.endswith("sources:\n  source:a  Article A\n  source:b  Article B")


def test_search_lists_numbered_names_in_numeral_order(kg_real):
    from kg.lookup import search

    names = [hit.name for hit in search(kg_real, "regional customs branch", 40) if hit.name.startswith("Regional Customs Branch ")]
    numerals = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split()
    assert names[:20] == [f"Regional Customs Branch {n}" for n in numerals]


def test_fold_in_place_is_fold_one_character_at_a_time():
    """The fast fold (ASCII at C speed, other characters cached) keeps every position and folds
    each character as :func:`kg.lookup.fold` does."""
    from kg.lookup import fold, fold_in_place

    def reference(text):
        out = []
        for c in text:
            f = " " if c.isspace() else "d" if c in "đĐ" else fold(c)
            out.append(f if len(f) == 1 else c.lower()[:1] or c)
        return "".join(out)

    characters = "".join(chr(i) for i in range(0x3000) if not 0xD800 <= i <= 0xDFFF) + "ﬁ\u2028\u3000ẠẢẤẦ"
    assert fold_in_place(characters) == reference(characters)
    assert fold_in_place("Tổng cục\tHải quan\n382/QĐ-BTC") == "tong cuc hai quan 382/qd-btc"
    assert fold_in_place("ASCII\x1fonly\r\nText") == "ascii only  text"
