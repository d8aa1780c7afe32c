"""An article read against the graph: its figures with their periods and subjects, the
entities it names (through the one resolver's names), the names that name several, and the
new entities it proposes (documents by their notation, people by their title).

Everything here is the article's: a value is a number of the article times its stated scale,
a date is the article's (or the publication date given, where the text says "up to now" or
omits a year the article never wrote), and a sentence goes with every statement.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kg.draft import periods as periods_
from kg.draft.article import Article, Sentence
from kg.draft.figures import Figure, Lexicon, find as find_figures, lexicon, same
from kg.graph import KnowledgeGraph
from kg.lookup import Mention, mentions, slug
from kg.namespaces import BASE
from kg.notation import TYPE_CODES, NotationError, parse

SECTOR = BASE + "org/vietnam-customs"
COUNTRY = BASE + "place/vietnam"
# the agencies that led the sector in turn: a sector-wide figure is about the sector, not them
# (the same two as kg/queries/internal/closure-sector-figures.rq)
SECTOR_AGENCIES = {BASE + "org/general-department-of-vietnam-customs", BASE + "org/customs-department"}
_SUBJECT_KINDS = tuple(BASE + k + "/" for k in ("org", "place", "event", "system", "change", "programme"))
_SECTOR_WORDS = re.compile(r"\b(?:whole|entire|all)\s+(?:customs\s+)?(?:industry|sector)\b|\bnationwide\b|"
                           r"\bcustoms\s+(?:sector|industry)\b", re.IGNORECASE)
_NOTATION = re.compile(r"(?<![\w/])(?:\d+(?:/\d{4})?/[A-Za-zĐđ]{1,5}-[A-Za-zĐđ]+(?:-[A-Za-zĐđ]+)*|\d+-[A-Za-zĐđ]{1,5}/[A-Za-zĐđ]+)(?![\w/])")
_PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Madam|Dr)\.?\s+((?:[A-Z][a-zà-ỹ]+\s+){1,3}[A-Z][a-zà-ỹ]+)")
_CLASSES = {"directive": "Directive", "decision": "Decision", "resolution": "Resolution", "decree": "Decree",
            "circular": "Circular", "law": "Law"}


@dataclass
class DraftFigure:
    figure: Figure
    sentence: Sentence
    period: periods_.Period | None
    period_from: str          # "this sentence" or the earlier words the period was read from
    about: str | None
    about_words: str | None


@dataclass
class Proposal:
    iri: str
    kind: str                 # document or person
    label: str
    sentence: Sentence
    notation: str | None = None
    doc_class: str | None = None
    signed: date | None = None   # the date written after a document's number


@dataclass
class Reading:
    article: Article
    figures: list[DraftFigure] = field(default_factory=list)
    known: dict[str, list[tuple[str, Sentence]]] = field(default_factory=dict)      # entity → (words, sentence)
    ambiguous: list[tuple[Mention, Sentence]] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    unread: list[tuple[str, Sentence]] = field(default_factory=list)                 # notations the code lists cannot read


def read(graph: KnowledgeGraph, article: Article) -> Reading:
    """Read an article against the graph."""
    words = lexicon(graph)
    reading = Reading(article)
    context_year: tuple[int, str] | None = None
    running: tuple[periods_.Period, Sentence] | None = None
    paragraph, earlier = -1, ""
    outside = _outside_customs(graph)
    sector_before: str | None = None  # where the article last named the customs sector or its agency
    for sentence in article.sentences:
        if sentence.paragraph != paragraph:
            paragraph, earlier = sentence.paragraph, ""
        found_periods = periods_.find(sentence.text, context_year, article.published)
        named = mentions(graph, sentence.text)
        _entities(graph, reading, sentence, named)
        for figure in find_figures(sentence.text, words, earlier):
            period, period_from = _period_for(figure, found_periods, running, sentence)
            if period_from != "this sentence" and periods_.undated_now(sentence.text, article.published):
                period, period_from = None, ""  # "currently": the day of writing, which only --date gives
            if period and figure.indicator in words.counted_over_time:
                counted = periods_.counted_from_year_start(period)
                if counted:
                    period, period_from = counted, period_from + "; from 1 January: the indicator is counted over time"
                elif period.kind == "from-day":
                    period, period_from = None, ""  # counted from that day to one the article does not say
            about, about_words = _about(figure, named, sentence.text, words, sector_before, outside)
            if period and any(same(figure, f.figure) and f.period and f.period.slug == period.slug for f in reading.figures):
                continue  # said again (a headline, then its paragraph): drafted once
            reading.figures.append(DraftFigure(figure, sentence, period, period_from, about, about_words))
        # the period later sentences' figures measure, where they name none: the last this one
        # names, but not a span of years in passing ("for the 2025-2026 term", "the strategy for
        # 2026-2030") unless a figure here measures it
        used = {f.period for f in reading.figures if f.sentence is sentence}
        framing = [p for p in found_periods if p.kind != "years" or p in used]
        if framing:
            running = (framing[-1], sentence)
        sector = _SECTOR_WORDS.search(sentence.text) or next(
            (m for m in named if m.entities[0] in SECTOR_AGENCIES or m.entities[0] == SECTOR), None)
        if sector:
            said = sector.group(0) if isinstance(sector, re.Match) else sector.text
            sector_before = f'"{said}" (line {sentence.line})'
        year = periods_.last_year(sentence.text)
        if year:
            context_year = (year, f'line {sentence.line}: "{_short(sentence.text)}"')
        earlier += " " + sentence.text
    return reading


def _period_for(figure: Figure, found, running, sentence: Sentence):
    """The period a figure measures: the nearest one the sentence names before it, else the
    first after it, else the last one the article named before (its words are kept)."""
    before = [p for p in found if p.position[1] <= figure.position[0]]
    if before:
        return before[-1], "this sentence"
    after = [p for p in found if p.position[0] >= figure.position[1]]
    if after:
        return after[0], "this sentence"
    if running:
        period, where = running
        return period, f'line {where.line}: "{_short(where.text)}"'
    return None, ""


def _about(figure: Figure, named: list[Mention], text: str, words: Lexicon, sector_before: str | None,
           outside: frozenset[str]) -> tuple[str | None, str | None]:
    """What a figure describes, and the words that say so: the last body, place, event or system
    the sentence names before it with one entity. A sector-wide figure (revenue, enforcement) is
    about the sector where the sentence names the agency that led it, the sector's words ("the
    whole industry"), or nothing but the article named the sector before; a body outside customs
    (a ministry, the National Assembly) is never its subject: it assigns, customs collects. A
    trade figure naming no place or body is the country's."""
    subject = None
    for mention in named:
        entity = mention.entities[0]
        if (mention.end <= figure.position[0] and len(mention.entities) == 1 and entity.startswith(_SUBJECT_KINDS)
                and not (figure.sector_wide and entity in outside)):
            subject = mention
    if figure.sector_wide and (subject is None or subject.entities[0] in SECTOR_AGENCIES):
        sector_words = _SECTOR_WORDS.search(text[:figure.position[0]])
        if subject is not None or sector_words:
            return SECTOR, f'"{subject.text if subject else sector_words.group(0)}"'
        return (SECTOR, sector_before) if sector_before else (None, None)
    if subject is None and figure.indicator in words.national_trade:
        return COUNTRY, "the country: a trade figure that names no place or body"
    return (subject.entities[0], f'"{subject.text}"') if subject else (None, None)


_OUTSIDE_QUERY = """
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?body WHERE { ?body a org:FormalOrganization FILTER(?body NOT IN (<org/vietnam-customs>,
  <org/general-department-of-vietnam-customs>, <org/customs-department>)) }"""


def _outside_customs(graph: KnowledgeGraph) -> frozenset[str]:
    """The formal bodies other than customs (ministries, the Government, the National Assembly)."""
    return frozenset(row["body"] for row in graph.select(_OUTSIDE_QUERY))


def _entities(graph: KnowledgeGraph, reading: Reading, sentence: Sentence, named: list[Mention]) -> None:
    for mention in named:
        if len(mention.entities) == 1:
            reading.known.setdefault(mention.entities[0], []).append((mention.text, sentence))
        else:
            reading.ambiguous.append((mention, sentence))
    for match in _NOTATION.finditer(sentence.text):
        if any(m.start <= match.start() < m.end for m in named):  # a document the graph has
            continue
        try:
            notation = parse(match.group(0))
        except NotationError:
            continue
        if not _issuer_known(graph, notation.issuer_code):
            reading.unread.append((notation.text, sentence))
            continue
        signed = periods_.document_date(sentence.text[match.end():])
        kind = TYPE_CODES[notation.type_code]
        path = f"document/{signed.year}/{notation.slug}" if signed else f"document/{notation.slug}"
        if any(p.iri == BASE + path for p in reading.proposals):
            continue
        reading.proposals.append(Proposal(BASE + path, "document", f"{kind.capitalize()} {notation.text}", sentence,
                                          notation.text, _CLASSES.get(kind), signed))
    for match in _PERSON.finditer(sentence.text):
        name = match.group(1)
        if any(m.start <= match.start(1) < m.end for m in named):
            continue
        iri = BASE + "person/" + slug(name)
        if not any(p.iri == iri for p in reading.proposals):
            reading.proposals.append(Proposal(iri, "person", name, sentence))


def _issuer_known(graph: KnowledgeGraph, code: str) -> bool:
    rows = graph.select("""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?c WHERE { ?c skos:inScheme <concept/issuer> ; skos:notation ?n . FILTER(UCASE(?n) = UCASE(?code)) }""",
                        {"code": code})
    return bool(rows)


def _short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
