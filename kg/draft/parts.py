"""The parts of a whole an article gives, each a narrower indicator than the whole's (proposed, with
``skos:broader``), so that a breakdown is never taken for values of one figure that contradict each
other: a list's items labelled by their part ("- Phones and components: US$12.4 billion"), the
figures after "of which" ("2.87 million declarations, of which 1.52 million were export
declarations"), and things one indicator counts, each named ("25.3 tonnes of pangolin scales and
1.2 tonnes of ivory")."""
from __future__ import annotations

import dataclasses
import re

from kg.draft.article import Sentence
from kg.draft.figures import SCALES, Figure
from kg.graph import KnowledgeGraph
from kg.lookup import Mention, label_of


def parts(graph: KnowledgeGraph, sentence: Sentence, named: list[Mention], figures: list[Figure]) -> list[Figure]:
    """The sentence's figures with each part of a whole given its narrower indicator (see the
    module's docstring)."""
    return _things_apart(graph, _parts_of_a_whole(graph, sentence, _items_of_a_breakdown(graph, sentence, named, figures)))


_ITEM_LABEL = re.compile(r"^(?:[-•*+–—]|\d{1,2}[.)])\s+(?P<label>[^:;,.]{3,80}?)\s*:")


def _items_of_a_breakdown(graph: KnowledgeGraph, sentence: Sentence, named: list[Mention], figures: list[Figure]) -> list[Figure]:
    """The figures of a list's item labelled by a part of a whole ("- Phones and components: US$12.4
    billion, up 8.5%;"): a narrower indicator is proposed for the part (``skos:broader`` the
    list's), so that the parts of a breakdown are not taken for values of one figure that
    contradict each other. An item labelled by a name the graph knows ("- Hai Phong Customs
    Department: ...") is that entity's figure, as it was."""
    item = _ITEM_LABEL.match(sentence.text)
    if not item or any(m.start < item.end("label") and item.start("label") < m.end for m in named):
        return figures
    part = item.group("label").strip()
    return [dataclasses.replace(f, indicator=None, broader=f.indicator, proposed=f"{part} ({label_of(graph, f.indicator)})")
            if f.indicator else f for f in figures]


# the parts of a whole the sentence gave before: "2.87 million declarations, of which 1.52 million were
# export declarations and 1.35 million import declarations"
_OF_WHICH = re.compile(r"\b(?:of\s+which|of\s+whom|including|in\s+which)\b", re.IGNORECASE)
_NOT_A_PART = {"were", "was", "are", "is", "and", "or", "of", "the", "a", "an", "for", "in", "with", "from", "to",
               # a hedge's words
               "over", "more", "than", "about", "around", "nearly", "almost", "approximately", "some", "up", "at",
               "least", "roughly", "under", "less", "fewer", "below", "above"}


def _words(text: str) -> list[str]:
    """The words of a figure's text, without its number, scale or currency."""
    return [w for w in re.findall(r"[A-Za-z][\w-]*", text) if w.lower() not in SCALES and w.upper() not in ("VND", "USD")]


def _parts_of_a_whole(graph: KnowledgeGraph, sentence: Sentence, figures: list[Figure]) -> list[Figure]:
    """A figure after "of which" (or "including") of the same indicator and unit as one before it is
    a part of that whole: a narrower indicator is proposed, named by the part's own words
    ("export declarations", ``skos:broader`` the whole's), so that a whole and its parts are not
    taken for values of one figure that contradict each other. A part whose words say nothing
    more than the whole's name is left as it is."""
    split = _OF_WHICH.search(sentence.text)
    if not split:
        return figures
    wholes = [f for f in figures if f.position[1] <= split.start() and f.indicator and f.measure is None]
    out = []
    for f in figures:
        whole = next((w for w in reversed(wholes) if (w.indicator, w.unit) == (f.indicator, f.unit)), None) \
            if f.position[0] >= split.end() and f.measure is None else None
        if whole is not None:
            words = [w for w in _words(f.words) if w.lower() not in _NOT_A_PART]
            # it says more than the whole's words: "export declarations" of "declarations" (not "more
            # than 124,000 C/Os" of "362,000 C/Os", nor "over 110 cases" of "293 cases")
            if {w.lower() for w in words} - {w.lower() for w in _words(whole.words)}:
                name = label_of(graph, f.indicator)
                f = dataclasses.replace(f, indicator=None, broader=f.indicator, proposed=f"{' '.join(words)} ({name})")
        out.append(f)
    return out


def _things_apart(graph: KnowledgeGraph, figures: list[Figure]) -> list[Figure]:
    """Figures of one sentence that the code lists give one indicator, unit and measure but that
    each say what they are of ("25.3 tonnes of pangolin scales and 1.2 tonnes of ivory"): each a
    narrower indicator named by its thing (``skos:broader`` the one found), so that two things are
    not taken for two values of one figure."""
    groups: dict[tuple, list[Figure]] = {}
    for f in figures:
        if f.indicator and not f.rate:
            groups.setdefault((f.indicator, f.unit, f.measure), []).append(f)
    apart = {id(f): f.proposed.split(" of ", 1)[1] for group in groups.values() if len(group) > 1
             and all(" of " in f.proposed for f in group)
             and len({f.proposed.split(" of ", 1)[1].lower() for f in group}) == len(group) for f in group}
    return [dataclasses.replace(f, indicator=None, broader=f.indicator,
                                proposed=f"{apart[id(f)]} ({label_of(graph, f.indicator)})") if id(f) in apart else f
            for f in figures]
