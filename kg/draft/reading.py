"""An article read against the graph: its figures with their periods and subjects, the
entities it names (through the one resolver's names), the names that name several, people's
posts in bodies the graph knows, and the new entities it proposes (documents by their notation,
people by their title or post).

Everything here is the article's: a value is a number of the article times its stated scale,
a date is the article's (or the publication date given, where the text says "up to now" or
omits a year the article never wrote), and a sentence goes with every statement.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kg.draft import periods as periods_
from kg.draft.article import Article, Sentence
from kg.draft.changes import reorganizations
from kg.draft.documents import in_force, issuer, placed_documents, relations, signed_back, subjects
from kg.draft.events import EVENT_KINDS, NOT_A_NAME_START, anniversaries, editions, held_events, named_events, ran_events
from kg.draft.figures import Figure, Lexicon, find as find_figures, lexicon, same
from kg.draft.model import DraftFigure, Proposal, Reading
from kg.draft.parts import parts
from kg.draft.people import person_roles, posts
from kg.graph import KnowledgeGraph
from kg.lookup import Mention, mentions, slug, within_a_name
from kg.namespaces import BASE
from kg.notation import TYPE_CODES, NotationError, parse
from kg.notation import find as find_notations
from kg import queries

SECTOR = BASE + "org/vietnam-customs"
COUNTRY = BASE + "place/vietnam"
# the agencies that led the sector in turn: a sector-wide figure is about the sector, not them
# (the same two as kg/queries/internal/closure-sector-figures.rq)
SECTOR_AGENCIES = {BASE + "org/general-department-of-vietnam-customs", BASE + "org/customs-department"}
_SUBJECT_KINDS = tuple(BASE + k + "/" for k in ("org", "place", "event", "system", "change", "programme"))
_SECTOR_WORDS = re.compile(r"\b(?:whole|entire|all)\s+(?:customs\s+)?(?:industry|sector)\b|\bnationwide\b|"
                           r"\bthe\s+(?:sector|industry)\b(?!\s+(?:of|in)\b)|"
                           r"\bcustoms\s+(?:sector|industry)\b", re.IGNORECASE)
_PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Madam|Dr)\.?\s+((?:[A-Z][a-zà-ỹ]+\s+){1,3}[A-Z][a-zà-ỹ]+)")
_CLASSES = {"directive": "Directive", "decision": "Decision", "resolution": "Resolution", "decree": "Decree",
            "circular": "Circular", "law": "Law"}


@dataclass
class _SoFar:
    """What the article has said before the sentence being read."""

    year: tuple[int, str] | None = None                         # the last year it wrote, and where
    period: tuple[periods_.Period, Sentence] | None = None      # the last period that frames figures
    sector: str | None = None         # where it last named the customs sector or its agency
    bodies: list[tuple[str, str]] = field(default_factory=list)  # the bodies it named, and where, in order
    events: list[tuple[str, str]] = field(default_factory=list)  # the events and series it named, and where
    document: str | None = None       # the last document it named (known or proposed)
    event_day: tuple[date, str] | None = None  # the day of the last event it reported, and which

    def read(self, sentence: Sentence, named: list[Mention], found_periods, used, documents: list[str],
             events: list[Proposal], asides: bool = False) -> None:
        """Take in a sentence read to its end (``used``: the periods its figures measure;
        ``documents``: the documents it names, known or proposed; ``events``: the events it
        reports, with their days; ``asides``: its figures are rates only, "about 320 trucks were
        cleared per day in October", whose period frames nothing after them)."""
        # the period later sentences' figures measure, where they name none: the last this one
        # names, but not a span of years in passing ("for the 2025-2026 term", "the strategy for
        # 2026-2030") unless a figure here measures it
        # nor a period set apart ("In May alone, ..."): the frame before it goes on after it
        framing = [p for p in found_periods if (p.kind != "years" or p in used)
                   and not re.match(r"\s*alone\b", sentence.text[p.position[1]:])]
        if framing and not asides:
            self.period = (framing[-1], sentence)
        self.bodies += _bodies(named, len(sentence.text), sentence)
        self.events += [(m.entities[0], f'"{m.text}" (line {sentence.line})') for m in named
                        if len(m.entities) == 1 and m.entities[0].startswith(EVENT_KINDS)]
        sector = _SECTOR_WORDS.search(sentence.text) or next(
            (m for m in named if m.entities[0] in SECTOR_AGENCIES or m.entities[0] == SECTOR), None)
        if sector:
            said = sector.group(0) if isinstance(sector, re.Match) else sector.text
            self.sector = f'"{said}" (line {sentence.line})'
        year = periods_.last_year(sentence.text)
        if year:
            self.year = (year, f'line {sentence.line}: "{_short(sentence.text)}"')
        self.document = (documents or [self.document])[-1]
        for event in events:
            self.event_day = (event.day, f'the day of the {event.label[:1].lower() + event.label[1:]} (line {sentence.line})')


#: how much of the paragraph before a sentence helps choose its figures' indicators: the last
#: sentences of it, never the whole of a paragraph that runs on (its cost grew with its square)
CONTEXT_CHARS = 1500


def read(graph: KnowledgeGraph, article: Article) -> Reading:
    """Read an article against the graph."""
    words = lexicon(graph)
    reading = Reading(article)
    so_far = _SoFar()
    named_in: dict[int, list[Mention]] = {}  # id(sentence) → the names read in it
    paragraph, earlier = -1, ""
    lead_in = ""  # a line that introduces a list ("Revenue by unit in the first 10 months:")
    acronyms: dict[str, str] = {}  # "GDVC" → the body the article named before it in brackets
    paragraphs: dict[int, str] = {}
    for sentence in article.sentences:
        paragraphs[sentence.paragraph] = paragraphs.get(sentence.paragraph, "") + " " + sentence.text
    headings: list[str] | None = None  # the column headings of the table being read
    by_period: dict[tuple, list] = {}  # the figures drafted so far, by period (its slug), value and unit
    skipped: list[DraftFigure] = []  # figures said again, not drafted twice
    outside = _outside_customs(graph)
    departments = _customs_of_places(graph)
    customs_bodies = frozenset(departments.values())
    roles = person_roles(graph)
    for sentence in article.sentences:
        if sentence.paragraph != paragraph:
            # the items of a list ("- Hai Phong Customs Department: VND 52,000 billion;") read
            # with the line that introduces them
            item = _LIST_ITEM.match(sentence.text) is not None
            paragraph, earlier = sentence.paragraph, ""
            lead_in = lead_in if item else ""
            if _NEW_TOPIC.match(sentence.text):
                so_far.period = None  # "Regarding procedural reform, ...": the period before is another topic's
            if sentence.paragraph > 0 and paragraphs[sentence.paragraph - 1] == paragraphs[sentence.paragraph]:
                # a line said twice: a page listing news, each story under its headline written twice;
                # nothing of the story before runs on into the next
                so_far.period, so_far.document, so_far.event_day = None, None, None
        found_periods = periods_.find(sentence.text, so_far.year, article.published)
        named = mentions(graph, sentence.text)
        named = sorted(named + _by_acronym(sentence.text, named, acronyms), key=lambda m: m.start)
        new_bodies = _new_bodies(graph, reading, sentence, named)
        # a known body's name inside a longer one is not that body: "Customs Department" in "Hai
        # Phong Customs Department"
        named = [m for m in named if not any(b.start <= m.start and m.end <= b.end for b in new_bodies)]
        _entities(graph, reading, sentence, named)
        named = sorted(named + new_bodies, key=lambda m: m.start)
        named = editions(graph, reading, sentence, named)
        acronyms.update(_acronyms(sentence.text, named))
        named = sorted(named + named_events(graph, reading, sentence, named), key=lambda m: m.start)
        posts(reading, sentence, named, roles, found_periods)
        held_events(reading, sentence, named, found_periods)
        named = ran_events(graph, reading, sentence, named, found_periods)
        anniversaries(reading, sentence, found_periods)
        documents = placed_documents(reading, sentence, named)
        named_in[id(sentence)] = named + [Mention(a, b, sentence.text[a:b], (iri,)) for a, b, iri in documents]
        in_force(reading, sentence, documents, so_far.document)
        if not documents:
            signed_back(reading, sentence, so_far.document)
        relations(reading, sentence, documents, so_far.document)
        headings, columns = _table_row(sentence.text, headings)
        found_figures = [] if _in_vietnamese(sentence.text) else find_figures(sentence.text, words, earlier, lead_in, columns)
        for figure in parts(graph, sentence, named, found_figures):
            period, period_from = _in_the_same_period(figure, sentence, *_figure_period(
                figure, found_periods, so_far, sentence, words, article.published,
                [f for f in found_figures if f.indicator in words.planned or (f.measure or "").endswith("/target")]))
            converted = next((f for f in reversed(reading.figures) if f.sentence is sentence
                              and f.figure.position == figure.conversion_of), None) if figure.conversion_of else None
            if figure.conversion_of and converted is None and any(
                    f.sentence is sentence and f.figure.position == figure.conversion_of for f in skipped):
                continue  # the conversion of an amount said again: said again too
            if converted is not None:  # an amount in another currency: all but its unit and value are its amount's
                period, period_from = converted.period, converted.period_from
                about, about_words = converted.about, converted.about_words
            else:
                about, about_words = _about(figure, named, sentence, words, outside, so_far, customs_bodies)
                if figure.sector_wide and about in departments:  # "the Customs Department of Ho Chi Minh City"
                    about, about_words = departments[about], f"{about_words}: the customs department of that place"
                    so_far.bodies.append((about, about_words))  # the body the article reports on, from here on
            same_period = by_period.setdefault((period.slug, figure.value, figure.unit), []) if period else []
            said = next((f for f in same_period if same(figure, f.figure)), None)
            if said is not None:  # said again (a headline, then its paragraph): drafted once, with what it is about
                skipped.append(DraftFigure(figure, sentence, period, period_from, about, about_words))
                if (said.about is None or said.about_words == _SECTOR_DEFAULT) and about is not None \
                        and about_words != _SECTOR_DEFAULT:
                    better = dataclasses.replace(said, figure=figure, sentence=sentence, period=period,
                                                 period_from=period_from, about=about, about_words=about_words)
                    reading.figures = [better if f is said else f for f in reading.figures]
                    same_period[:] = [better if f is said else f for f in same_period]
                continue
            if figure.indicator:
                # a headline's figure whose words name no indicator, said again with them below
                gone = [f for f in same_period if f.figure.indicator is None
                        and same(dataclasses.replace(f.figure, indicator=figure.indicator), figure)]
                if gone:
                    reading.figures = [f for f in reading.figures if not any(f is g for g in gone)]
                    same_period[:] = [f for f in same_period if not any(f is g for g in gone)]
            drafted = DraftFigure(figure, sentence, period, period_from, about, about_words)
            reading.figures.append(drafted)
            same_period.append(drafted)
        so_far.read(sentence, named, found_periods, {f.period for f in reading.figures if f.sentence is sentence},
                    [iri for *_, iri in subjects(sentence.text, documents)],
                    [p for p in reading.proposals if p.sentence is sentence and p.kind == "event" and p.day and not p.end],
                    asides=bool(found_figures) and all(f.rate or f.indicator in words.rates for f in found_figures))
        earlier = (earlier + " " + sentence.text)[-CONTEXT_CHARS:]
        if sentence.text.rstrip().endswith(":") and not _LIST_ITEM.match(sentence.text):
            lead_in = sentence.text
    # a headline's figure with no period of its own, said again below with one, is that one
    dated = {(f.figure.value, f.figure.unit) for f in reading.figures if f.period}
    reading.figures = [f for f in reading.figures if f.period or (f.figure.value, f.figure.unit) not in dated]
    # and one said twice with no period anywhere is listed once, where it is read best (a headline's
    # "4,000 declaration", then "over 4,000 customs declarations" of the Ho Chi Minh City department)
    best: dict[tuple, DraftFigure] = {}
    for f in reading.figures:
        if f.period is None:
            key = (f.figure.value, f.figure.unit, f.figure.measure)
            if key not in best or _read_more(f) > _read_more(best[key]):
                best[key] = f
    reading.figures = [f for f in reading.figures if f.period or best.get((f.figure.value, f.figure.unit, f.figure.measure)) is f]
    reading.figures = _without_rounded_headlines(
        _on_the_day_in_force(reading.figures, article, set(words.units.values())), article)
    reorganizations(graph, reading, named_in)
    return reading


# counts of a structure: units, offices, levels (a unit the draft proposes is a thing counted)
_STRUCTURAL = re.compile(r"/unit/(?:unit|office|agency|ministry|organization)$")

def _on_the_day_in_force(figures: list[DraftFigure], article: Article, known_units: set[str]) -> list[DraftFigure]:
    """Counts of a structure (units, offices, or things the code lists have no unit for: levels) in an
    article about a document or reorganization taking effect ("effective from March 1, 2025", "This
    Decree takes effect from July 1, 2025") that give no period of their own: the structure it sets
    holds from that day, which is their period (where the article gives one day)."""
    if all(f.period is not None for f in figures):
        return figures
    days = {found[0]: (found[1], s) for s in article.sentences if (found := periods_.in_force_date(s.text))}
    if len(days) != 1:
        return figures
    day, (words, sentence) = next(iter(days.items()))
    period = periods_.Period(day, day, words, "point", (0, 0))
    where = f'line {sentence.line}: "{_short(words)}", the day the structure it sets takes effect'
    taking_effect = {m.group(0) for m in find_notations(sentence.text)}

    def applies(f: DraftFigure) -> bool:
        if f.period is not None or _STRUCTURAL.search(f.figure.unit) is None and f.figure.unit in known_units:
            return False
        # not a count another document sets: "According to Decision 382/QD-BTC, ... 12 units", where a circular takes effect
        named = {m.group(0) for m in find_notations(f.sentence.text)}
        return not named - taking_effect
    return [dataclasses.replace(f, period=period, period_from=where) if applies(f) else f for f in figures]


# a line that reads as a headline: a few words, no full stop at its end
_HEADLINE = re.compile(r"(?:\S+\s+){2,20}\S*[^\s.!?:;]")


def _without_rounded_headlines(figures: list[DraftFigure], article: Article) -> list[DraftFigure]:
    """A headline's figure that rounds one of the article's body ("falls nearly 17%" over "a
    year-on-year decrease of 16.8%", "Nearly 29kg" over "weighing 28.7kg") is that figure said
    again, not another: the body's is kept."""
    first = next((s.line for s in article.sentences), None)
    headline = [f for f in figures if f.sentence.line == first or f.sentence.text == article.title
                or _HEADLINE.fullmatch(f.sentence.text)]
    body = [f for f in figures if f not in headline]

    def rounds(h: DraftFigure, b: DraftFigure) -> bool:
        if (h.figure.unit, h.figure.measure) != (b.figure.unit, b.figure.measure):
            return False
        written = re.search(r"\d[\d,]*(?:\.(\d+))?", h.figure.words)
        if not written or h.figure.value == 0:
            return False
        number = Decimal(written.group(0).replace(",", ""))
        # the last digit written, at the figure's scale: "17%" rounds to a unit, "29.1 trillion" to 0.1 trillion
        step = abs(h.figure.value / number) * Decimal(10) ** -len(written.group(1) or "")
        return abs(abs(h.figure.value) - abs(b.figure.value)) <= step / 2
    return [f for f in figures if f not in headline or not any(rounds(f, b) for b in body)]


# a table's row as the HTML reader writes it ("| Hanoi Customs Department | 16,820 | up 12.5% |")
_CELL = re.compile(r"(?<=\|)([^|]+)(?=\|)")
_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$")


def _table_row(text: str, headings: list[str] | None) -> tuple[list[str] | None, list[tuple[int, int, str]]]:
    """The headings of the table a line belongs to (its first row's cells; None out of a table) and,
    for a row under them, each cell's span with its column's heading (the first cell's own text,
    the row's heading: "| State budget revenue (VND trillion) | 376 | 420 |")."""
    if not text.startswith("|"):
        return None, []
    cells = [(m.start(1), m.end(1), m.group(1).strip()) for m in _CELL.finditer(text)]
    if headings is None:
        return [cell for *_, cell in cells], []
    if _RULE.match(text):
        return headings, []
    return headings, [(a, b, headings[j] if j else cell) for j, (a, b, cell) in enumerate(cells) if j < len(headings)]
# a letter only Vietnamese writes: with a tone mark or a hook, or đ
_VIETNAMESE_LETTER = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)


def _in_vietnamese(text: str) -> bool:
    """A sentence in Vietnamese, not English with Vietnamese names (a caption, a heading, a quote):
    its numbers are written the Vietnamese way ("1.000 tỷ đồng" is a thousand billion), so the
    draft, which reads English, reads none of them. A third of its words with Vietnamese letters,
    and hardly an English word ("Mr. Nguyễn Văn Hải, Director of the Hà Nội Customs Department,
    said ..." is English)."""
    found = text.split()
    english = sum(1 for w in found if w.lower().strip(",.;:()") in _ENGLISH_WORDS)
    return (len(found) >= 4 and sum(1 for w in found if _VIETNAMESE_LETTER.search(w)) * 3 >= len(found)
            and english * 10 < len(found))


_ENGLISH_WORDS = {"the", "of", "and", "in", "to", "a", "an", "is", "was", "were", "are", "for", "on", "with", "by",
                  "from", "at", "as", "said", "has", "have", "had", "that", "which", "this", "its", "up", "over"}
_CURRENCIES = {"VND", "USD", "EUR", "CNY", "JPY"}  # "the Vietnamese dong (VND)" names no body
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z&]*[A-Z][A-Za-z0-9&]{0,8})\)")


def _acronyms(text: str, named: list[Mention]) -> dict[str, str]:
    """The short names a sentence gives in brackets after a name: "the General Department of Vietnam
    Customs (GDVC)", "the Anti-Smuggling and Investigation Department (ASID)"."""
    found = {}
    for mention in named:
        short = _ACRONYM_AFTER.match(text, mention.end)
        if short and len(mention.entities) == 1 and short.group("acronym").upper() not in _CURRENCIES:
            found[short.group("acronym")] = mention.entities[0]
    return found


def _by_acronym(text: str, named: list[Mention], acronyms: dict[str, str]) -> list[Mention]:
    """Where the sentence writes a short name the article gave before, as a name of that entity."""
    found = []
    for acronym, entity in acronyms.items():
        for match in re.finditer(rf"(?<![\w(]){re.escape(acronym)}(?![\w)])", text):
            if not any(m.start < match.end() and match.start() < m.end for m in named + found):
                found.append(Mention(match.start(), match.end(), acronym, (entity,)))
    return found


_LIST_ITEM = re.compile(r"^(?:[-•*+–—]|\d{1,2}[.)])\s")
# a paragraph that turns to another topic: the period figures ran on does not go with it
_NEW_TOPIC = re.compile(r"^(?:regarding|concerning|as\s+for|as\s+regards|in\s+terms\s+of|with\s+regard\s+to|"
                        r"with\s+respect\s+to|on\s+the\s+(?:side|front)\s+of)\b", re.IGNORECASE)


# a value given for the same period a year before: "in the same period of 2023 it collected VND 16
# trillion", "up from VND 364 trillion in the same period last year", "comparing to the same period 2023
# (VND 1,736.8 billion)", "up from 5 cases a year earlier" (not "up 5% over the same period")
_SAME_PERIOD = re.compile(r"\b(?P<how>in|during|for|(?:compared|comparing)\s+(?:to|with))\s+the\s+same\s+period\s+"
                          r"(?:(?:of|in)\s+)?(?:(?P<year>(?:19|20)\d\d)\b|last\s+year\b|(?:the\s+)?previous\s+year\b|"
                          r"a\s+year\s+(?:earlier|before|ago)\b)"
                          # right after a value: "up from 5 cases a year earlier"
                          r"|\ba\s+year\s+(?:earlier|before|ago)\b", re.IGNORECASE)


def _in_the_same_period(figure: Figure, sentence: Sentence, period: periods_.Period | None,
                        period_from: str) -> tuple[periods_.Period | None, str]:
    """A figure given for the same period of another year, right before or after it in its
    clause, measures that span in that year (the year written, else the one before)."""
    if period is None or (figure.measure or "").rsplit("/", 1)[-1].startswith(("growth-", "change-")):
        return period, period_from  # a growth "over the same period" is of the period itself
    text = sentence.text
    for phrase in _SAME_PERIOD.finditer(text):
        # right after the figure ("VND 180 trillion in the same period last year"), or before it in its
        # clause ("in the same period of 2023 it collected VND 16 trillion"); never across a clause
        after = text[figure.position[1]:phrase.start()] if phrase.start() >= figure.position[1] else None
        before = text[phrase.end():figure.position[0]] if phrase.end() <= figure.position[0] else None
        compared = bool(phrase.group("how")) and not phrase.group("how").lower().startswith(("in", "during", "for"))
        if compared and not (before is not None and re.fullmatch(r"\s*\(\s*", before)):
            continue  # "a decline of 8.86% comparing to the same period 2023" names a base, not this figure's
        if (after is not None and re.fullmatch(r"\s*", after)) or (phrase.group("how") and
                before is not None and len(before) < 60 and not re.search(r"\d|[;.]|\b(?:while|whereas|but|and)\b", before)):
            year = int(phrase.group("year")) if phrase.group("year") else period.end.year - 1
            shift = year - period.end.year
            moved = dataclasses.replace(period, start=_years_on(period.start, shift), end=_years_on(period.end, shift),
                                        text=phrase.group(0).strip())
            return moved, f'{period_from}; "{phrase.group(0).strip()}": "{period.text}" in {year}'
    return period, period_from


def _years_on(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _read_more(f: DraftFigure) -> tuple[bool, bool]:
    """How much of a figure was read: its indicator, then its subject."""
    return f.figure.indicator is not None, f.about is not None


def _figure_period(figure: Figure, found_periods, so_far: _SoFar, sentence: Sentence, words: Lexicon,
                   published: date | None, others: list[Figure] = ()) -> tuple[periods_.Period | None, str]:
    """The period a figure measures and the words it was read from (see :func:`_period_for`;
    ``others``: the sentence's plans and targets), with the rules for figures counted over time
    and for the day of writing."""
    period, period_from = _period_for(figure, found_periods, so_far.period, sentence, others)
    column = periods_.find(figure.heading, so_far.year, published) if figure.heading else []
    if column:  # a table's column of a period: "| Unit | 2023 | 2024 |"
        period, period_from = column[0], f'the column "{figure.heading}"'
    if period is None:
        # a period whose year the article never writes: said so, for the curator (or --date)
        yearless = [p for p in periods_.find(sentence.text, (2000, "?"), None) if p.year_from == "?"]
        if yearless:
            return None, f'"{yearless[0].text}": the article writes no year for it (--date gives one)'
    if figure.rate and period_from != "this sentence":
        # "1,200 shipments per month": the period it holds over is its sentence's or none
        return None, f'a rate ("{figure.rate}"): the period it holds over is not written here'
    now = periods_.now_words(sentence.text)
    if now and so_far.event_day and (period is None or period.kind in ("now", "year-to-now") or period_from != "this sentence"):
        # "currently", in the report of an event: the day it was said there (a week before the
        # publication date at most, where one is known)
        day, where = so_far.event_day
        if published is None or 0 <= (published - day).days <= 7:
            start = date(day.year, 1, 1) if now[0] == "year-to-now" else day
            return (periods_.Period(start, day, now[1], "point" if start == day else "year-to-date", (0, 0)),
                    f"this sentence; now is {where}, where it was said")
    if period_from != "this sentence" and periods_.undated_now(sentence.text, published):
        return None, ""  # "currently": the day of writing, which only --date gives
    if period and figure.indicator in words.counted_over_time:
        counted = periods_.counted_from_year_start(period)
        if counted:
            return counted, period_from + "; from 1 January: the indicator is counted over time"
        if now and period.kind == "point":
            # "Speaking on 15/3/2025, ... had so far collected VND 95,000 billion this year": to that day
            return (dataclasses.replace(period, start=date(period.end.year, 1, 1), kind="year-to-date"),
                    period_from + f'; from 1 January: "{now[1]}", and the indicator is counted over time')
        if period.kind == "from-day":
            return None, ""  # counted from that day to one the article does not say
    return period, period_from


def _period_for(figure: Figure, found, running, sentence: Sentence, others: list[Figure] = ()):
    """The period a figure measures: the nearest one the sentence names before it, else the
    first after it that no plan or target (``others``) stands between ("equals 66.3% of the
    estimate of VND 15,400 billion assigned for 2024": the estimate's year), else the last one the
    article named before (its words are kept)."""
    before = [p for p in found if p.position[1] <= figure.position[0]]
    if before:
        return before[-1], "this sentence"
    after = [p for p in found if p.position[0] >= figure.position[1] and not any(
        figure.position[1] <= o.position[0] and o.position[1] <= p.position[0] for o in others if o is not figure)]
    if after:
        return after[0], "this sentence"
    if running:
        period, where = running
        return period, f'line {where.line}: "{_short(where.text)}"'
    return None, ""


def _about(figure: Figure, named: list[Mention], sentence: Sentence, words: Lexicon, outside: frozenset[str],
           so_far: _SoFar, customs_bodies: frozenset[str] = frozenset()) -> tuple[str | None, str | None]:
    """What a figure describes, and the words that say so: the last body, place, event or system
    the sentence names before it with one entity. A sector-wide figure (revenue, enforcement) is
    about the sector where the sentence names the agency that led it, the sector's words ("the
    whole industry"), or nothing but the article named the sector before; a body outside customs
    (a ministry, the National Assembly) is never its subject: it assigns, customs collects. A
    trade figure naming no place or body is the country's. "The department" and its like are the
    last department the article named."""
    text = sentence.text
    during = _DURING.match(text)
    if during and figure.position[0] >= during.end():
        # "During the implementation of the Campaign, ... updated 77 cases": the campaign's figures
        events = so_far.events + [(m.entities[0], f'"{m.text}" (line {sentence.line})') for m in named
                                  if m.end <= during.end() and len(m.entities) == 1 and m.entities[0].startswith(EVENT_KINDS)]
        if events:
            entity, where = events[-1]
            return entity, f'"{during.group(0).strip()}": {where}'
    bodies_before = so_far.bodies + _bodies(named, figure.position[0], sentence)
    subject = None
    for mention in named:
        entity = mention.entities[0]
        if (mention.end <= figure.position[0] and len(mention.entities) == 1 and entity.startswith(_SUBJECT_KINDS)
                and not (figure.sector_wide and entity in outside)):
            subject = mention
    back = _BACK_REFERENCE.search(text[:figure.position[0]])
    if subject is None and not back:
        # none named before it: the one named after it in its clause ("362,000 C/Os have been
        # transmitted through the Electronic Origin Data Exchange System", "... seized by the Lang
        # Son Customs Department")
        clause_end = next((m.start() for m in re.finditer(r"[;.]\s|,\s+(?:while|whereas|and)\b", text)
                           if m.start() >= figure.position[1]), len(text))
        subject = next((m for m in named if figure.position[1] <= m.start < clause_end and len(m.entities) == 1
                        and m.entities[0].startswith(_SUBJECT_KINDS)
                        and not (figure.sector_wide and m.entities[0] in outside)
                        and not _A_SOURCE.search(text[:m.start])), None)
    if subject is None and back:
        noun = back.group(1).lower()
        meant = next(((e, where) for e, where in reversed(bodies_before) if noun in where.lower()), None)
        if meant:
            entity, where = meant
            return (SECTOR if figure.sector_wide and entity in SECTOR_AGENCIES else entity), f'"{back.group(0)}": {where}'
    if figure.sector_wide and (subject is None or subject.entities[0] in SECTOR_AGENCIES | {COUNTRY}):
        sector_words = _SECTOR_WORDS.search(text[:figure.position[0]])
        if subject is not None and subject.entities[0] != COUNTRY or sector_words:
            return SECTOR, f'"{subject.text if subject else sector_words.group(0)}"'
        # the department the article is about, named before ("The Customs Department of Ho Chi Minh City
        # ... The customs agencies prosecuted five cases"): its figures
        local = next(((e, where) for e, where in reversed(so_far.bodies) if e in customs_bodies), None)
        if local and not sector_words:
            return local[0], f"{local[1]}: the customs body the article reports on"
        # customs revenue and enforcement name no other body: the sector's (the country is no
        # collector, an agency named elsewhere only reports them)
        return SECTOR, so_far.sector or _SECTOR_DEFAULT
    if figure.indicator in words.national_trade and (subject is None or subject.entities[0] in SECTOR_AGENCIES | {SECTOR}):
        # customs count the country's trade: the agency named is the figures' source, not their subject
        return COUNTRY, "the country: a trade figure that names no place or body other than customs"
    return (subject.entities[0], f'"{subject.text}"') if subject else (None, None)


_SECTOR_DEFAULT = "a sector-wide figure that names no body of its own: the customs sector's"


def _bodies(named: list[Mention], before: int, sentence: Sentence) -> list[tuple[str, str]]:
    """The bodies (one entity each) the sentence names before ``before``, and where."""
    return [(m.entities[0], f'"{m.text}" (line {sentence.line})') for m in named
            if m.end <= before and len(m.entities) == 1 and m.entities[0].startswith(BASE + "org/")]


# a sentence framed by an event: "During the implementation of the Campaign, ...", "Throughout the operation, ..."
_DURING = re.compile(r"^(?:during|throughout|in\s+the\s+course\s+of)\s+(?:the\s+(?:implementation|course)\s+of\s+)?"
                     r"(?:the|this)\s+(?:[\w-]+\s+){0,4}?(?:campaign|operation|conference|meeting|forum|event|dialogue)\b[^,]*,",
                     re.IGNORECASE)
# who says it, not what it is about: "..., according to the Anti-Smuggling and Investigation Department"
_A_SOURCE = re.compile(r"\b(?:according\s+to|(?:said|reported|announced|stated)(?:\s+by)?|cited\s+by|quoted\s+by)\s+"
                       r"(?:the\s+)?$", re.IGNORECASE)
_BACK_REFERENCE = re.compile(r"\b(?:the|this|that)\s+(department|branch|sub-department|unit|agency|office)\b", re.IGNORECASE)

_OUTSIDE_QUERY = queries.read("draft-outside-customs", internal=True)


def _customs_of_places(graph: KnowledgeGraph) -> dict[str, str]:
    """Each place with a customs department of its name ("Ho Chi Minh City" → the Ho Chi Minh City
    Customs Department): a customs figure the article gives for a place is that department's."""
    rows = graph.select(_DEPARTMENTS_QUERY)
    return {row["place"]: row["body"] for row in rows}


_DEPARTMENTS_QUERY = queries.read("draft-place-departments", internal=True)


def _outside_customs(graph: KnowledgeGraph) -> frozenset[str]:
    """The formal bodies other than customs (ministries, the Government, the National Assembly)."""
    return frozenset(row["body"] for row in graph.select(_OUTSIDE_QUERY)) - SECTOR_AGENCIES - {SECTOR}


def _entities(graph: KnowledgeGraph, reading: Reading, sentence: Sentence, named: list[Mention]) -> None:
    for mention in named:
        if len(mention.entities) == 1:
            reading.known.setdefault(mention.entities[0], []).append((mention.text, sentence))
        else:
            reading.ambiguous.append((mention, sentence))
    for match in find_notations(sentence.text):
        if any(m.start <= match.start() < m.end for m in named):  # a document the graph has
            continue
        try:
            notation = parse(match.group(0))
        except NotationError:
            continue
        known, undescribed = issuer(graph, notation.issuer_code)
        if not known:
            reading.unread.append((notation.text, sentence))
            continue
        if undescribed:  # the body its issuer code stands for, which no source has described yet
            reading.propose(Proposal(undescribed[0], "body", undescribed[1], sentence))
        signed = periods_.document_date(sentence.text[match.end():])
        kind = TYPE_CODES[notation.type_code]
        # the year folder as facts/ names documents: the year it was signed, or the one its notation writes
        year = signed.year if signed else notation.year
        path = f"document/{year}/{notation.slug}" if year else f"document/{notation.slug}"
        reading.propose(Proposal(BASE + path, "document", f"{kind.capitalize()} {notation.text}", sentence,
                                 notation.text, _CLASSES.get(kind), signed))
    for match in _PERSON.finditer(sentence.text):
        name = match.group(1)
        if any(m.start <= match.start(1) < m.end for m in named):
            continue
        reading.propose(Proposal(BASE + "person/" + slug(name), "person", name, sentence))


# a body's name the graph does not know: capitalised words ending in a word bodies end in
# ("Moc Bai Customs Branch", "Anti-Smuggling and Investigation Department")
# (or "Customs" where no word of a body's follows: "Hai Phong Customs", "China Customs")
_BODY_END = (r"(?:Branch|Department|Sub-Department|Bureau|Committee|Council|Office|Team|Station|Agency|Ministry|Authority"
             r"|Customs(?!\s+(?:[A-Z][\w-]*\s+)*(?:Branch|Department|Sub-Department|Bureau|Office|Team|Station|Agency)\b))")
_NEW_BODY = re.compile(rf"(?<![\w-])(?:[A-ZĐ][\w'’-]*\s+(?:and\s+)?){{1,8}}{_BODY_END}\b")


def _new_bodies(graph: KnowledgeGraph, reading: Reading, sentence: Sentence, named: list[Mention]) -> list[Mention]:
    """Bodies the sentence names that the graph does not know, each proposed (as an
    org:Organization: what kind of body it is, the draft does not guess) and returned as a mention,
    so that posts, subjects and "the branch" can stand on it."""
    found = []
    for match in _NEW_BODY.finditer(sentence.text):
        start, name = match.start(), match.group(0)
        while (lead := NOT_A_NAME_START.match(name)) and len(name.split()) > 2:
            start, name = start + lead.end(), name[lead.end():]
        end = start + len(name)
        # a known body there is that body, unless the name goes on before it ("Hai Phong Customs
        # Department" is not the Customs Department); a known place inside the name is part of it
        # ("Lang Son Customs Branch")
        clash = any(m.start < end and start < m.end and (m.start <= start and m.entities[0].startswith(BASE + "org/")
                                                         or m.start < start or m.end > end)
                    for m in named)
        if len(re.sub(r"^(?:the|this|that|its|their)\s+", "", name, flags=re.I).split()) < 2 or clash \
                or within_a_name(graph, name):
            continue  # "The Department": a word that names a kind of body is no body's name
        if name.endswith("Customs"):
            if not any(m.start == start and m.end < end and m.entities[0].startswith(BASE + "place/") for m in named):
                continue  # "<place> Customs" only ("Hai Phong Customs"; not "Towards Digital Customs")
            # the short name of a body the article names in full ("Quang Tri Customs" in the title,
            # "the Quang Tri Customs Department" below): that body, proposed where its full name is
            full = re.search(rf"(?<![\w-]){re.escape(name)}\s+(?:Sub-Department|Department|Branch)\b", reading.article.text)
            if full:
                found.append(Mention(start, end, name, (BASE + "org/" + slug(full.group(0)),)))
                continue
        iri = BASE + "org/" + slug(name)
        found.append(Mention(start, end, name, (iri,)))
        reading.propose(Proposal(iri, "body", name, sentence))
    return found


def _short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
