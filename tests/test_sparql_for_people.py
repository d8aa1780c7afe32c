"""SPARQL a person can write: built-in prefixes, binds that resolve as `kg describe` does, a
misspelt prefix named with a fix, search that ignores dashes and punctuation."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.lookup import search

ROOT = Path(__file__).resolve().parents[1]
TINY = Path(__file__).parent / "data" / "project"
BASE = "https://w3id.org/vn-customs-kg/"


def kg(*args, root=ROOT):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def test_printed_prefixes_work_in_a_query_without_declaring_them():
    result = kg("query", "SELECT ?t WHERE { doc:2024\\/06-ct-ttg eli:title ?t . ?x vck:issuerCode issuer:ttg }",
                "--format", "csv")
    assert result.exit_code == 0 and "Urging the implementation" in result.output
    listed = kg("prefixes").output
    assert "PREFIX vck:" in listed and "PREFIX issuer:" in listed and "PREFIX doc:" in listed


def test_a_misspelt_prefix_names_its_place_and_the_fix():
    result = kg("query", "SELECT ?d WHERE { ?d a vkc:Directive }")
    assert result.exit_code == 2
    assert "unknown prefix 'vkc:' at line 1, column 24 — did you mean 'vck:'?" in result.stderr


@pytest.mark.parametrize("args, expected", [
    (["--name", "document-relations", "--bind", "document=06/CT-TTg"], "implemented by"),
    (["--name", "document-relations", "--bind", "document=382/QD-BTC"], "29/2025/NĐ-CP"),
    (["--name", "branch-for-province", "--bind", "province=Can Tho", "--bind", "date=2025-04-01"], "Regional Customs Branch XIX"),
    (["--name", "figures-about", "--bind", "entity=system:eodes"], "362,000"),
    (["--name", "posts-of-person", "--bind", "person=Nguyễn Văn Thắng"], "Minister"),
    (["--name", "posts-of-person", "--bind", "person=nguyen van thang"], "Minister"),
    (["--name", "reorganization-figures", "--bind", "change=2025 reorganization of the customs apparatus"], "902"),
])
def test_a_bind_resolves_as_describe_does(args, expected):
    result = kg("query", *args)
    assert result.exit_code == 0, result.stderr
    assert expected in result.output and "(0 rows)" not in result.output


def test_a_bind_that_names_nothing_or_several_is_an_error_not_zero_rows():
    unknown = kg("query", "--name", "branch-for-province", "--bind", "province=Can Thoo", "--bind", "date=2025-04-01")
    assert unknown.exit_code == 2 and "did you mean: Can Tho (place:can-tho)" in unknown.stderr
    several = kg("query", "SELECT ?x WHERE { ?x ?p ?o }", "--bind", "x=Office", root=TINY)
    assert several.exit_code == 2 and "'Office' names 2 entities" in several.stderr
    text = kg("query", "SELECT ?x WHERE { BIND(?x AS ?y) }", "--bind", 'x="Can Thoo"', "--format", "csv")
    assert text.exit_code == 0 and "Can Thoo" in text.output  # quoted: text on purpose


@pytest.mark.parametrize("typed, found", [
    ("2026-2030", "event/emulation-movement-2026-2030"), ("5-e", "programme/5-e"),
    ("06/CT-TTg", "document/2024/06-ct-ttg"), ("06/CT-TTG", "document/2024/06-ct-ttg"),
    ("CT 06", "document/2024/06-ct-ttg"), ("hai quan khu vuc XVI", "org/regional-customs-branch-xvi"),
])
def test_search_ignores_case_diacritics_dashes_and_punctuation(kg_real, typed, found):
    assert search(kg_real, typed)[0].entity == BASE + found


@pytest.mark.parametrize("query, says", [
    ("SELEC ?x WHERE { ?x ?p ?o }", "a query begins with SELECT, ASK, CONSTRUCT or DESCRIBE"),
    ("SELECT ?x WHERE { ?x ?p ?o ", "with 1 bracket left open"),
    ("SELECT ?x WHERE { FILTER(?x = ", "with 2 brackets left open"),
    ("SELECT ?x WHERE { ?x ?p ?o . } LIMIT x", "(found `x`)"),
])
def test_a_syntax_error_says_what_was_expected_in_words(kg_real, query, says):
    from kg.errors import QueryError

    with pytest.raises(QueryError) as error:
        kg_real.query(query)
    message = str(error.value)
    assert says in message and message.startswith("SPARQL syntax error at line 1, column ")
    assert not any(internal in message for internal in ("[_]", "LATERAL", '"{|"', '"~"', "'0'..="))
