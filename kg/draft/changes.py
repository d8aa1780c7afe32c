"""Figures of a reorganization the graph knows: about that ``org:ChangeEvent``, on the day it took
effect where the sentence writes it (docs/data-model.md: "Figures about a reorganization (before,
after, cut) are about the change event and all take the day it took effect")."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date

from kg.draft import periods as periods_
from kg.draft.article import Sentence
from kg.draft.model import Reading
from kg.graph import KnowledgeGraph
from kg.lookup import Mention
from kg.namespaces import BASE
from kg import queries


@dataclass
class _Change:
    """A reorganization the graph knows (an ``org:ChangeEvent``) and what names it in a text."""

    iri: str
    days: set[date] = field(default_factory=set)        # the days it took effect
    bases: set[str] = field(default_factory=set)        # the documents it rests on
    original: set[str] = field(default_factory=set)     # the bodies before it
    resulting: set[str] = field(default_factory=set)    # the bodies after it


_CHANGES_QUERY = queries.read("draft-changes", internal=True)
# words that say a body is being reorganized
_CHANGE_WORDS = re.compile(r"\b(?:re-?organi[sz]\w*|restructur\w*|merg(?:e|ed|er|ers|ing)|convert\w*|conversion|"
                           r"transform\w*|arrang(?:e|ed|ing|ement)|streamlin\w*|organizational\s+(?:model|structure)|"
                           r"apparatus)\b", re.IGNORECASE)
_MADE_INTO = re.compile(r"\b(?:into|became|become|becomes|renamed(?:\s+as)?)\s+(?:the\s+)?$", re.IGNORECASE)
_BEFORE_WORDS = re.compile(r"\b(?:before|previous(?:ly)?|formerly|former|originally)\b", re.IGNORECASE)
_REORGANIZATION_MEASURES = {BASE + "concept/measure/" + m for m in ("before", "after", "reduction", "share-reduced")}
_UNIT_COUNT = BASE + "concept/unit/unit"


def _changes(graph: KnowledgeGraph) -> list[_Change]:
    changes: dict[str, _Change] = {}
    for row in graph.select(_CHANGES_QUERY):
        change = changes.setdefault(row["change"], _Change(row["change"]))
        into = {"day": change.days, "basis": change.bases, "original": change.original, "resulting": change.resulting}
        into[row["key"]].add(date.fromisoformat(row["value"]) if row["key"] == "day" else row["value"])
    return list(changes.values())


def reorganizations(graph: KnowledgeGraph, reading: Reading, named_in: dict[int, list[Mention]]) -> None:
    """Figures of a reorganization the graph knows are about it, as the ontology models them
    (docs/data-model.md: before, after and cut, all on the day it took effect).

    A paragraph is about a reorganization where it names it, a document it rests on, both a body
    it changed and the body it made, or the body it made as what something was made into
    ("transformed into the Customs Department"), in words of reorganizing. There, a count of units (or
    a share of them cut) in a sentence of such words is the reorganization's; a plain count is
    the level after it unless the sentence says before; and the period is the day it took effect
    where the sentence writes that day (never a day the article does not write); a period running
    on from earlier sentences is not taken for it: such a figure is listed for the curator."""
    changes = _changes(graph)
    if not changes:
        return
    paragraphs: dict[int, list[Sentence]] = {}
    for sentence in reading.article.sentences:
        paragraphs.setdefault(sentence.paragraph, []).append(sentence)
    meant: dict[int, tuple[_Change, str]] = {}
    last = None  # a reorganization named before goes on in later paragraphs' words of reorganizing
    for number, sentences in paragraphs.items():
        if last:
            meant[number] = last
        named = [(m, s) for s in sentences for m in named_in.get(id(s), []) if len(m.entities) == 1]
        entities = {m.entities[0] for m, _ in named}
        worded = any(_CHANGE_WORDS.search(s.text) for s in sentences)
        for change in changes:
            how = next((m for m, _ in named if m.entities[0] == change.iri or m.entities[0] in change.bases), None)
            if how is None and worded and entities & change.original and entities & change.resulting:
                how = next(m for m, _ in named if m.entities[0] in change.resulting)
            if how is None and worded:
                # the body it made, named as what something was made into: "transformed into the
                # Customs Department", "merged into ...", "became ..."
                how = next((m for m, s in named if m.entities[0] in change.resulting
                            and _MADE_INTO.search(s.text[:m.start])), None)
            if how is not None:
                line = next(s.line for m, s in named if m is how)
                meant[number] = last = (change, f'"{how.text}" (line {line}), a reorganization the graph knows')
                # the article mentions it, in its words of reorganizing ("a comprehensive restructuring")
                said = next(((w, s) for s in sentences if (w := _CHANGE_WORDS.search(s.text))), None)
                if said and change.iri not in reading.known:
                    reading.known[change.iri] = [(said[0].group(0), said[1])]
                break
    for i, f in enumerate(reading.figures):
        found = meant.get(f.sentence.paragraph)
        figure = f.figure
        if (found is None or not _CHANGE_WORDS.search(f.sentence.text)
                or not (figure.unit == _UNIT_COUNT or figure.measure in _REORGANIZATION_MEASURES)):
            continue
        change, words = found
        if figure.measure is None and figure.qualifier in _AT_MOST:
            # "no more than 165 units", "an average of no more than 8 units": the most there may be
            figure = dataclasses.replace(figure, measure=BASE + "concept/measure/maximum", qualifier=None)
        elif figure.measure is None:
            # "reorganized 16 units ... into 12 units": before "into" the count before, after it the count after
            into = _INTO_AFTER.match(f.sentence.text[figure.position[1]:])
            before = into or (_BEFORE_WORDS.search(f.sentence.text[:figure.position[0]])
                              and not _INTO_BEFORE.search(f.sentence.text[:figure.position[0]]))
            figure = dataclasses.replace(figure, measure=BASE + "concept/measure/" + ("before" if before else "after"))
        period, period_from = f.period, f.period_from
        if period_from != "this sentence":
            # not a period running on from earlier sentences: the day it took effect or none
            period, period_from = None, "a reorganization's figure is of the day it took effect, not written here"
        written = _days_written(f.sentence.text)
        day = next(((day, words) for day, words in written if day in change.days), None)
        if day:
            period = periods_.Period(day[0], day[0], day[1], "point", (0, 0))
            period_from = "this sentence; the day the reorganization took effect"
        elif article_day := next(((d, w, s) for s in reading.article.sentences
                                  for d, w in _days_written(s.text) if d in change.days), None):
            # the article writes the day it took effect elsewhere ("effective from March 1, 2025"):
            # every figure of the reorganization is of that day (docs/data-model.md)
            d, w, s = article_day
            period = periods_.Period(d, d, w, "point", (0, 0))
            period_from = f'line {s.line}: "{w}", the day the reorganization took effect'
        reading.figures[i] = dataclasses.replace(f, figure=figure, about=change.iri, about_words=words,
                                                 period=period, period_from=period_from)


def _days_written(text: str) -> list[tuple]:
    """The days a sentence writes: its periods' first days, and the day a document takes effect."""
    in_force = periods_.in_force_date(text)
    return [(p.start, p.text) for p in periods_.find(text, None, None)] + ([in_force] if in_force else [])


_AT_MOST = {BASE + "concept/qualifier/at-most", BASE + "concept/qualifier/up-to"}
# what a count was made into comes after "into": "reorganized 16 units ... into 12 units"
_INTO_AFTER = re.compile(r"[^.;\d]{0,120}?\b(?:into|to\s+form)\b")
_INTO_BEFORE = re.compile(r"\binto\s+[^.;\d]{0,60}$")
