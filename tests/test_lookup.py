"""kg.lookup: folding, resolving what a user typed, ranking search hits."""
from pathlib import Path

import pytest

import kg
from kg.errors import UsageError
from kg.lookup import fold, resolve, search

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/vn-customs-kg/"


@pytest.fixture(scope="module")
def graph():
    return kg.load(ROOT)


@pytest.mark.parametrize("text, folded", [("Tổng cục Hải quan", "tong cuc hai quan"), ("ĐƠN VỊ", "don vi"),
                                          ("  Chi  cục\tHải quan ", "chi cuc hai quan")])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("thing, iri", [
    ("382/QĐ-BTC", "document/2025/382-qd-btc"), ("382/QD-BTC", "document/2025/382-qd-btc"),
    ("06/ct-ttg", "document/2024/06-ct-ttg"), ("18-NQ/TW", "document/2017/18-nq-tw"),
    ("vorg:customs-department", "org/customs-department"), ("Cuc Hai quan", "org/customs-department"),
    ("<https://w3id.org/vn-customs-kg/org/customs-department>", "org/customs-department"),
    # regression: the issuer code TCHQ is also called "Tổng cục Hải quan"; the body wins
    ("Tong cuc Hai quan", "org/general-department-of-vietnam-customs"),
])
def test_resolve(graph, thing, iri):
    assert resolve(graph, thing) == BASE + iri


def test_resolve_unknown_suggests_near_names(graph):
    with pytest.raises(UsageError, match="did you mean"):
        resolve(graph, "Customs Departmen")


def test_search_ranks_exact_before_substring(graph):
    hits = search(graph, "customs department")
    assert hits[0].entity == BASE + "org/customs-department"
    folded = {h.entity for h in search(graph, "hai quan", limit=100)}  # "Hải quan" in the Vietnamese names
    assert {BASE + "org/general-department-of-vietnam-customs", BASE + "org/customs-department"} <= folded
