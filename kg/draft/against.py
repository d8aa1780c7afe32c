"""What a draft adds to the graph: per candidate, whether the graph already states it (and
which sources do), what it contradicts (same indicator, measure, subject and period, another
value: both are kept once accepted, and the ``conflicts`` query shows them), or that it is new."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from kg.draft.model import Reading
from kg.draft.reading import SECTOR
from kg.draft.trig import figure_iris
from kg.graph import KnowledgeGraph
from kg.namespaces import BASE, curie, expand
from kg import queries

_SAME_FIGURES = queries.read("draft-same-figures", internal=True)
_SOURCES_OF = queries.read("draft-sources-of", internal=True)


@dataclass(frozen=True)
class Verdict:
    candidate: str      # the draft's IRI for it
    kind: str           # figure, entity, proposal
    status: str         # new, corroborates, contradicts, known
    detail: str

    def line(self) -> str:
        shown = self.candidate[len(BASE):] if self.candidate.startswith(BASE) else self.candidate
        return f"{self.status:<12} {self.kind:<8} {shown}" + (f"  {self.detail}" if self.detail else "")


def compare(graph: KnowledgeGraph, reading: Reading) -> list[Verdict]:
    """Each candidate of the draft against the graph."""
    verdicts = []
    iris = figure_iris(reading)
    for i, f in enumerate(reading.figures):
        if f.figure.indicator is None or f.period is None:
            verdicts.append(Verdict(iris[i], "figure", "new", "a new indicator" if f.figure.indicator is None else "no period"))
            continue
        rows = graph.select(_SAME_FIGURES, {
            "indicator": ox.NamedNode(f.figure.indicator),
            "start": ox.Literal(f.period.start.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
            "end": ox.Literal(f.period.end.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
        })
        same = [r for r in rows if r.get("measure") == f.figure.measure and r["unit"] == f.figure.unit
                and r.get("channel") == f.figure.channel
                # a figure that names no subject is set against the sector's or another with none,
                # never a body's it may not be about ("collected VND 1,250 billion" vs a branch's)
                and r.get("about") in (None, f.about or SECTOR)]
        agree = sorted({r["g"] for r in same if Decimal(str(r["value"])) == f.figure.value})
        differ = sorted({f"{curie(r['g'])}: {_number(r['value'])}" for r in same if Decimal(str(r["value"])) != f.figure.value})
        if differ:
            verdicts.append(Verdict(iris[i], "figure", "contradicts", f"{_number(f.figure.value)} here; " + "; ".join(differ)
                                    + (f" (agrees with {', '.join(curie(g) for g in agree)})" if agree else "")))
        elif agree:
            verdicts.append(Verdict(iris[i], "figure", "corroborates", "stated by " + ", ".join(curie(g) for g in agree)))
        else:
            verdicts.append(Verdict(iris[i], "figure", "new", ""))
    for entity in reading.known:
        sources = [r["g"] for r in graph.select(_SOURCES_OF, {"entity": ox.NamedNode(entity)})]
        verdicts.append(Verdict(entity, "entity", "known", f"stated by {len(sources)} source(s)"))
    for p in reading.proposals:
        verdicts.append(Verdict(p.iri, "proposal", "new", p.label))
    for document, day, _, _ in reading.in_force:
        rows = graph.select(_IN_FORCE, {"document": ox.NamedNode(document)})
        agree = sorted({r["g"] for r in rows if str(r["day"]) == day.isoformat()})
        differ = sorted({f"{curie(r['g'])}: {r['day']}" for r in rows if str(r["day"]) != day.isoformat()})
        candidate = f"{document} in force"
        if differ:
            verdicts.append(Verdict(candidate, "date", "contradicts", f"{day.isoformat()} here; " + "; ".join(differ)))
        elif agree:
            verdicts.append(Verdict(candidate, "date", "corroborates", "stated by " + ", ".join(curie(g) for g in agree)))
        else:
            verdicts.append(Verdict(candidate, "date", "new", day.isoformat()))
    for subject, prop, obj, words, _ in reading.relations:
        stating = sorted(r["g"] for r in graph.select(_SAME_STATEMENT, {
            "s": ox.NamedNode(subject), "p": ox.NamedNode(expand(prop)), "o": ox.NamedNode(obj)}))
        candidate = f"{curie(subject)} {prop} {curie(obj)}"
        verdicts.append(Verdict(candidate, "relation", "corroborates", "stated by " + ", ".join(curie(g) for g in stating))
                        if stating else Verdict(candidate, "relation", "new", words))
    for post in reading.posts:
        stating = sorted(r["g"] for r in graph.select(_SAME_POST, {
            "post": ox.NamedNode(post.iri), "person": ox.NamedNode(post.person),
            "role": ox.NamedNode(post.role), "org": ox.NamedNode(post.organization)}))
        verdicts.append(Verdict(post.iri, "post", "corroborates", "stated by " + ", ".join(curie(g) for g in stating))
                        if stating else Verdict(post.iri, "post", "new", post.words))
    return verdicts


_SAME_STATEMENT = queries.read("draft-same-statement", internal=True)
_IN_FORCE = queries.read("draft-in-force", internal=True)
_SAME_POST = queries.read("draft-same-post", internal=True)


def _number(value) -> str:
    text = format(Decimal(str(value)).normalize(), "f")
    return text
