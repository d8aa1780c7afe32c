"""kg.validate: the closure checks, each failing for its reason on a small bad project."""
from pathlib import Path

import pytest

import kg
from kg.validate import validate

HEAD = """@base <https://w3id.org/vn-customs-kg/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix vck:  <https://w3id.org/vn-customs-kg/ontology#> .
"""
ONTOLOGY = HEAD + ('vck:seedFile a owl:DatatypeProperty ; rdfs:label "seed file"@en .\n'
                   # every term the small projects' facts use, declared as the real ontology declares them
                   'org:Organization a owl:Class . org:subOrganizationOf a owl:ObjectProperty . prov:Entity a owl:Class .\n'
                   'vck:indicator a owl:ObjectProperty . vck:aboutEntity a owl:ObjectProperty .\n'
                   '<http://www.w3.org/2004/02/skos/core#member> a owl:ObjectProperty .\n')
SOURCE = '<source/s> { <source/s> a prov:Entity ; rdfs:label "S"@en .\n'
# the sector-wide collection of the code lists, as the curated graph has it
SECTOR_WIDE = ('<concept/indicator/sector-wide> <http://www.w3.org/2004/02/skos/core#member> <concept/indicator/state-budget-revenue> .\n'
               '<org/general-department-of-vietnam-customs> a org:Organization ; rdfs:label "General Department"@en .\n'
               '<concept/indicator/state-budget-revenue> rdfs:label "revenue"@en .\n')
GOOD = SOURCE + '<org/a> a org:Organization ; rdfs:label "A"@en ; org:subOrganizationOf <org/b> .\n<org/b> a org:Organization ; rdfs:label "B"@en . }'


def project(root: Path, facts: str) -> kg.KnowledgeGraph:
    (root / "ontology").mkdir()
    (root / "facts").mkdir()
    (root / "ontology" / "customs.ttl").write_text(ONTOLOGY, encoding="utf-8")
    (root / "facts" / "f.trig").write_text(HEAD + facts, encoding="utf-8")
    return kg.load(root)


def test_good_project_conforms(tmp_path):
    report = validate(project(tmp_path, GOOD))
    assert report.conforms, report.text()


@pytest.mark.parametrize("facts, check, expected", [
    (SOURCE + '<org/a> a org:Organization ; rdfs:label "A"@en ; org:subOrganizationOf <org/typo> . }',
     "undefined-target", "has no a type"),
    (SOURCE + '<org/a> a org:Organization ; rdfs:label "A"@en ; vck:madeUp "x" . }',
     "undeclared-term", "not declared in the ontology"),
    # another vocabulary's term the ontology does not declare (what a draft once wrote for a date)
    (SOURCE + '<source/s> <https://schema.org/datePublished> "2025-01-01" . }',
     "undeclared-term", "not declared in the ontology"),
    (SOURCE + '<org/a> a <https://schema.org/Corporation> ; rdfs:label "A"@en . }',
     "undeclared-term", "not declared in the ontology"),
    (GOOD + '\n<org/c> a org:Organization ; rdfs:label "C"@en .',
     "unsourced", "outside any source's graph"),
    ('<source/t> { <org/a> a org:Organization ; rdfs:label "A"@en . }',
     "undescribed-source", "not described"),
    (SOURCE + SECTOR_WIDE + '<figure/s/revenue> vck:indicator <concept/indicator/state-budget-revenue> ;'
     ' vck:aboutEntity <org/general-department-of-vietnam-customs> . }',
     "sector-figure", "describes vorg:general-department-of-vietnam-customs, the agency of its date"),
])
def test_each_closure_check_fails_for_its_reason(tmp_path, facts, check, expected):
    report = validate(project(tmp_path, facts))
    assert not report.conforms
    found = [p for p in report.problems if p.check == check]
    assert found, report.text()
    assert expected in found[0].message
    assert found[0].where.startswith("facts/f.trig:"), found[0]
    assert "fix:" in report.text()
