"""What an article says of legal documents: which it names (known or proposed by notation), the
day one takes effect, and what one does to another (amends, implements, is based on, repeals)."""
from __future__ import annotations

import re

from kg import queries
from kg.draft import periods as periods_
from kg.draft.article import Sentence
from kg.draft.model import Reading
from kg.graph import KnowledgeGraph
from kg.lookup import Mention
from kg.namespaces import BASE, curie
from kg.notation import NotationError, find, parse



def placed_documents(reading: Reading, sentence: Sentence, named: list[Mention]) -> list[tuple[int, int, str]]:
    """(start, end, IRI) of each document the sentence names, known or proposed, in order."""
    found = [(m.start, m.end, m.entities[0]) for m in named
             if len(m.entities) == 1 and m.entities[0].startswith(BASE + "document/")]
    proposed = {p.notation: p.iri for p in reading.proposals if p.kind == "document" and p.notation}
    for match in find(sentence.text):
        try:
            iri = proposed.get(parse(match.group(0)).text)
        except NotationError:
            continue
        if iri:
            found.append((match.start(), match.end(), iri))
    return sorted(found)


# what one document does to the next the sentence names: "Decree 167/2025/ND-CP ... amends Decree
# 08/2015/ND-CP"; "... is amended by ..." the other way round
_RELATIONS = [(re.compile(r"\b(?:is|was|are|were|being)\s+(?:replaced|superseded|repealed|annulled)\s+by\b", re.I), "eli:repeals", True),
              (re.compile(r"\b(?:replac(?:es|ed|ing)|supersed(?:es|ed|ing)|repeal(?:s|ed|ing)?|annul(?:s|led|ling)?)\b", re.I),
               "eli:repeals", False),
              (re.compile(r"\b(?:is|was|are|were|being)\s+amended\s+(?:and\s+supplemented\s+)?by\b", re.I), "eli:amends", True),
              (re.compile(r"\bamend(?:s|ed|ing)?\b", re.I), "eli:amends", False),
              (re.compile(r"\b(?:is|was)\s+implemented\s+by\b", re.I), "vck:implements", True),
              (re.compile(r"\b(?:implement(?:s|ed|ing)?|to\s+implement|guid(?:es|ed|ing)\s+the\s+implementation\s+of)\b", re.I),
               "vck:implements", False),
              (re.compile(r"\b(?:based\s+on|pursuant\s+to)\b", re.I), "eli:based_on", False)]


def relations(reading: Reading, sentence: Sentence, placed: list[tuple[int, int, str]], earlier: str | None) -> None:
    """Relations between two documents the sentence names one after the other (``placed``:
    where each is written, in order), by the verb between them; the first may be one it refers
    back to ("The decision ... replaces Decision 382/QD-BTC": the one named before)."""
    back = _BACK_TO_DOCUMENT.search(sentence.text)
    if back and earlier and placed and back.end() <= placed[0][0]:
        placed = [(back.start(), back.end(), earlier), *placed]
    for (_, end, first), (start, _, second) in zip(placed, placed[1:]):
        between = sentence.text[end:start]
        if len(between) > 120 or first == second:
            continue
        for pattern, prop, backwards in _RELATIONS:
            verb = pattern.search(between)
            if verb:
                subject, obj = (second, first) if backwards else (first, second)
                reading.relations.append((subject, prop, obj, verb.group(0), sentence))
                break


# a document the sentence refers back to: "The circular takes effect from July 15, 2023"
_BACK_TO_DOCUMENT = re.compile(r"\b(?:the|this|that)\s+(?:new\s+|amended\s+|revised\s+)?(?:circular|decree|decision|"
                               r"directive|resolution|law|document|regulation)\b", re.IGNORECASE)


# a document named in passing, not the one the sentence is about: "According to Decision 382, ...",
# "Circular 121/2025/TT-BTC, which amends Circular 38/2015/TT-BTC, will be effective ..."
_IN_PASSING = re.compile(r"\b(?:which|that|according\s+to|under|pursuant\s+to|based\s+on|in\s+accordance\s+with|"
                         r"amend\w*|replac\w*|supersed\w*|repeal\w*|implement\w*|guid\w*)\b", re.IGNORECASE)


def in_force(reading: Reading, sentence: Sentence, placed: list[tuple[int, int, str]], earlier: str | None) -> None:
    """The day a document takes effect, where the sentence gives it: of the last document the
    sentence names before those words (``placed``), not one named in passing; else of the one
    it refers back to ("The decision takes effect from June 1, 2025 and replaces Decision 382")."""
    found = periods_.in_force_date(sentence.text)
    if not found:
        return
    day, words = found
    text = sentence.text
    at = text.find(words)
    named = [iri for start, end, iri in subjects(text, placed) if end <= at]
    document = named[-1] if named else (earlier if _BACK_TO_DOCUMENT.search(text[:at]) else None)
    if document:
        reading.in_force.append((document, day, words, sentence))


def signed_back(reading: Reading, sentence: Sentence, earlier: str | None) -> None:
    """The day a proposed document the sentence refers back to was signed ("The new decree, signed
    by Deputy Prime Minister Ho Duc Phoc on June 30, 2025, takes effect ..."), where the sentence
    names no document before those words and the proposal has no date yet."""
    back = _BACK_TO_DOCUMENT.search(sentence.text)
    day = periods_.document_date(sentence.text[back.end():]) if back and earlier else None
    proposed = next((p for p in reading.proposals if p.iri == earlier and p.kind == "document"), None) if day else None
    if proposed is not None and proposed.signed is None:
        proposed.signed = day


def subjects(text: str, placed: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The documents a sentence names that it is about, not those it names in passing ("Decree
    167/2025/ND-CP amending Decree 08/2015/ND-CP": Decree 167): what "the decree" in a later
    sentence refers back to."""
    return [(start, end, iri) for start, end, iri in placed
            if not _IN_PASSING.search(text[text.rfind(",", 0, start) + 1:start])]


def issuer(graph: KnowledgeGraph, code: str) -> tuple[bool, tuple[str, str] | None]:
    """Whether the code lists know issuer ``code``, and the body it stands for as (IRI, name)
    where the graph does not describe that body yet (the draft proposes it, so that the issuer
    the notation implies stands on a described body)."""
    rows = graph.select(_ISSUER, {"code": code})
    undescribed = next(((r["body"], r.get("name") or curie(r["body"])) for r in rows
                        if r.get("body") and r.get("described") is False), None)
    return bool(rows), undescribed


_ISSUER = queries.read("draft-issuer", internal=True)
