"""Validation: SHACL shapes (pySHACL) plus the closure checks shapes cannot express.

One validation path, shared by ``kg validate``, ``kg build`` and the test suite:

- every shape in ``ontology/shapes.ttl`` holds on the union of all graphs;
- every entity of ours that a fact points to is defined somewhere with a type and an English label;
- every ``vck:`` term used anywhere, and every property and class of another vocabulary that the
  facts use, is declared in the ontology (rdf:, rdfs:, owl:, xsd: excepted);
- every statement of facts sits in a source's graph (or the curated background graph);
- every source graph describes its source.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg import queries
from kg.namespaces import BASE, curie

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.graph import KnowledgeGraph

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Problem:
    """One thing wrong: where it is, what is wrong, and how to fix it."""

    check: str  # "shacl" or the closure check's name
    subject: str
    message: str
    fix: str = ""
    where: str = ""  # file:line where the subject is written, when it can be found
    seen_at: str = ""  # an entity the problem is seen at, located where the subject itself is not (a term's user)

    def text(self) -> str:
        head = f"{self.where}: " if self.where else ""
        fix = f"\n    fix: {self.fix}" if self.fix else ""
        return f"{head}{curie(self.subject)}: {self.message}{fix}"


@dataclass
class Report:
    """What validation found. ``conforms`` is true when there is no problem."""

    problems: list[Problem] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.problems

    def text(self) -> str:
        if self.conforms:
            return "conforms: no SHACL violation, every link defined, every statement sourced"
        lines = [p.text() for p in self.problems]
        lines.append(f"{len(self.problems)} problem(s)")
        return "\n".join(lines)


def validate(graph: "KnowledgeGraph") -> Report:
    """Run the shapes and the closure checks on a loaded project."""
    report = Report()
    report.problems += closure_problems(graph)
    shapes = graph.project.shapes_file if graph.project else None
    if shapes is not None and shapes.exists():
        report.problems += shacl_problems(graph, shapes)
    locate = _Locator(graph.project.fact_files if graph.project else [], graph.project)
    report.problems = sorted(
        (Problem(p.check, p.subject, p.message, p.fix, p.where or locate(p.subject) or locate(p.seen_at), p.seen_at)
         for p in report.problems),
        key=lambda p: (p.where.split(":")[0], p.subject, p.message),
    )
    return report


# -- SHACL ----------------------------------------------------------------------------------
def shacl_report(data: "Graph", shapes: "Graph") -> tuple[bool, "Graph", str]:
    """pySHACL on ``data`` with ``shapes``: (conforms, results graph, results text).

    No inference: the data must say what it means, and the run stays fast.
    """
    from pyshacl import validate as pyshacl_validate

    return pyshacl_validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)


def shacl_problems(graph: "KnowledgeGraph", shapes_file: Path) -> list[Problem]:
    """SHACL violations on the union of all graphs, one :class:`Problem` per result."""
    from rdflib import Graph, URIRef

    from kg.errors import LoadError

    shapes = Graph()
    try:
        shapes.parse(shapes_file, format="turtle")
    except Exception as e:  # rdflib raises many parser exception types
        raise LoadError(str(shapes_file), str(e).splitlines()[0]) from None
    data = Graph()
    for triple in graph.dataset.triples((None, None, None)):
        data.add(triple)
    conforms, results, _ = shacl_report(data, shapes)
    if conforms:
        return []
    problems = []
    for result in results.subjects(URIRef(SH + "resultSeverity"), URIRef(SH + "Violation")):
        focus = results.value(result, URIRef(SH + "focusNode"))
        path = results.value(result, URIRef(SH + "resultPath"))
        message = results.value(result, URIRef(SH + "resultMessage"))
        value = results.value(result, URIRef(SH + "value"))
        where = f" ({curie(str(path))})" if path is not None and isinstance(path, URIRef) else ""
        got = f"; found {value}" if value is not None else ""
        problems.append(Problem("shacl", str(focus), f"{message or 'violates a shape'}{where}{got}"))
    return problems


# -- closure ------------------------------------------------------------------------------
def closure_problems(graph: "KnowledgeGraph") -> list[Problem]:
    """The checks that need the whole dataset and its graph names, run as SPARQL on the store."""
    problems = []
    for row in graph.select(queries.read("closure-undefined-targets", internal=True)):
        problems.append(Problem(
            "undefined-target", row["target"],
            f"is linked from {curie(row['subject'])} ({curie(row['predicate'])}) but has no {row['missing']}",
            fix="define it with a type and an English label in a source's graph, or correct the IRI",
        ))
    for row in graph.select(queries.read("closure-undeclared-terms", internal=True)):
        problems.append(Problem(
            "undeclared-term", row["term"],
            f"is used (e.g. by {curie(row.get('subject', '?'))}) but not declared in the ontology",
            fix="declare it in ontology/customs.ttl with labels and a definition, or use a declared term",
            seen_at=row.get("subject", ""),
        ))
    for row in graph.select(queries.read("closure-unsourced-statements", internal=True), union=False):
        graph_name = "the default graph" if row["graph"] == "default" else curie(row["graph"])
        problems.append(Problem(
            "unsourced", row["subject"],
            f"{row['statements']} statement(s) about it sit in {graph_name}, outside any source's graph",
            fix="wrap them in a graph block named by the source that states them, e.g. <source/seed-001> { ... }",
        ))
    problems += ill_typed_problems(graph)
    for row in graph.select(queries.read("closure-sector-figures", internal=True)):
        problems.append(Problem(
            "sector-figure", row["figure"],
            f"is a sector-wide figure ({curie(row['indicator'])}) but describes {curie(row['agency'])}, the agency of its date",
            fix="point vck:aboutEntity to <org/vietnam-customs>, the customs sector as a whole (docs/data-model.md)",
        ))
    for row in graph.select(queries.read("closure-undescribed-sources", internal=True)):
        problems.append(Problem(
            "undescribed-source", row["graph"],
            "is a source graph, but the source is not described in it (prov:Entity with an rdfs:label)",
            fix="describe the source in facts/sources.trig",
        ))
    return problems


_XSD = "http://www.w3.org/2001/XMLSchema#"
_LEXICAL = {
    _XSD + "date": lambda v: __import__("datetime").date.fromisoformat(v) and len(v) == 10,
    _XSD + "integer": lambda v: int(v) is not None and v.strip() == v,
    _XSD + "decimal": lambda v: __import__("decimal").Decimal(v).is_finite() and v.strip() == v and "e" not in v.lower(),
    _XSD + "boolean": lambda v: v in ("true", "false", "1", "0"),
    _XSD + "anyURI": lambda v: " " not in v,
}


def ill_typed_problems(graph: "KnowledgeGraph") -> list[Problem]:
    """Literals whose text is not a value of their datatype ("2025-06-32"^^xsd:date, "12abc"^^xsd:integer)."""
    import pyoxigraph as ox

    problems = []
    for quad in graph.quads():
        term = quad.object
        if not isinstance(term, ox.Literal) or term.datatype is None:
            continue
        check = _LEXICAL.get(term.datatype.value)
        if check is None:
            continue
        try:
            ok = bool(check(term.value))
        except (ValueError, ArithmeticError):
            ok = False
        if not ok:
            subject = getattr(quad.subject, "value", str(quad.subject))
            problems.append(Problem(
                "ill-typed", subject,
                f"{curie(quad.predicate.value)} \"{term.value}\" is not a valid {curie(term.datatype.value)}",
                fix="write the value in its datatype's form (a date as YYYY-MM-DD, a number in digits)",
            ))
    return problems


class _Locator:
    """Finds the facts file and line where an entity is written, for readable reports."""

    def __init__(self, files: list[Path], project):
        self._files = files
        self._project = project
        self._texts: dict[Path, list[str]] | None = None

    def __call__(self, iri: str) -> str:
        if not iri.startswith(BASE):
            return ""
        if self._texts is None:
            self._texts = {f: f.read_text(encoding="utf-8", errors="replace").splitlines() for f in self._files}
        needle = "<" + iri[len(BASE):] + ">"
        others = (iri, curie(iri))
        fallback = ""
        for path, lines in self._texts.items():
            shown = self._project.relative(path) if self._project else str(path)
            for number, line in enumerate(lines, 1):
                stripped = line.lstrip()
                if stripped.startswith(needle):
                    return f"{shown}:{number}"
                if not fallback and (needle in line or any(o in line for o in others)):
                    fallback = f"{shown}:{number}"
        return fallback
