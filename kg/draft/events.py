"""Events an article reports: those a sentence says were held or took place ("the Customs
Department held a conference on ...", "at the press conference on June 17"), those named by a
name of their own ("the Customs - Business Partnership Dialogue"), and editions of a series the
graph knows ("the 34th ASEAN Customs Directors-General Meeting", "Mekong Dragon VII"): known
ones linked, new ones proposed with their class, day and organizer as the sentence gives them."""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field

from kg.draft import periods as periods_
from kg.draft.article import Sentence
from kg.draft.model import Proposal, Reading
from kg.graph import KnowledgeGraph
from kg.lookup import Mention, mentions, slug, within_a_name
from kg.namespaces import BASE
from kg import queries

# words that start a sentence, not a name: "The ...", "Deputy Director ..."
NOT_A_NAME_START = re.compile(r"^(?:The|This|That|Its|Their|Our|A|An|Each|Every|All|Deputy|Director|Head|Chief|"
                              r"Minister|General(?=\s+Director)|Vice)\s+")


# an event the sentence says a body held, or that it took place at: "the Customs Department held a
# conference on advanced models for the period 2021-2025", "At the press conference on June 17"
_EVENT_NOUNS = {"press conference": "vck:PressConference", "conference": "vck:Conference", "meeting": "vck:Meeting",
                "campaign": "vck:Campaign", "forum": "schema:Event", "seminar": "schema:Event",
                "workshop": "schema:Event", "ceremony": "schema:Event", "dialogue": "schema:Event"}
EVENT_KINDS = (BASE + "event/", BASE + "series/")
_DAY_AFTER = re.compile(r"\s+(?:on\s+(?:" + periods_.PART_OF_DAY + r")?|in\s+" + periods_.PART_OF_DAY + r")" + periods_.MONTH + r"\s+\d", re.IGNORECASE)
_EVENT = re.compile(
    r"\b(?:(?P<verb>held|holds|hold|organi[sz]ed|organi[sz]es|hosted|hosts|convened|launched)\s+(?:a|an|the)"
    r"|(?:at|during)\s+the|(?P<part>chaired|chairs|attended|attends|opened|addressed)\s+(?:a|an|the))\s+"
    r"(?P<name>(?:(?!(?:of|the|and|a|an|to|in|on|for)\b)[\w-]+\s+){0,3}?(?P<noun>"
    + "|".join(sorted(_EVENT_NOUNS, key=len, reverse=True)) + r")"
    # what it is about, up to a stop, a date or the next clause
    r"(?P<about>\s+(?:on|of|for|about|reviewing|to\s+review|to\s+evaluate|announcing|to\s+announce|marking|to\s+mark|"
    r"launching|to\s+launch|celebrating|to\s+celebrate|summarizing|to\s+summarize)\s+"
    r"(?!(?:" + periods_.PART_OF_DAY + r"|the\s+)?" + periods_.MONTH + r"\s+\d)[^,;.()]{1,80}?)?)"
    r"(?=\s*(?:[,;.(]|$)|\s+(?:and|with|in|at|on\s+(?:the\s+)?(?:\w+\s+)?\d))", re.IGNORECASE)


# an event by its own name, capitalised: "The 2024 Customs - Business Forum ... honoured 41 collectives"
_NAMED_EVENT = re.compile(
    r"(?<![\w-])(?P<name>(?:(?:19|20)\d\d\s+)?(?:[A-ZĐ][\w'’-]*\s+(?:[-–]\s+|and\s+|of\s+(?:the\s+)?)?){1,7}"
    r"(?P<noun>Forum|Conference|Meeting|Summit|Dialogue|Seminar|Workshop|Ceremony|Campaign|Exhibition|Fair))\b")
_A_POST = re.compile(r"(?:Chair\w*|Host|Head|Member|Directors?|Deputy|Vice|Secretary|President|Organi[sz]er)\b")
_NAMED_EVENT_CLASSES = {"conference": "vck:Conference", "meeting": "vck:Meeting", "campaign": "vck:Campaign"}


def named_events(graph: KnowledgeGraph, reading: Reading, sentence: Sentence, named: list[Mention]) -> list[Mention]:
    """Events the sentence names by a name of their own that the graph does not know, each
    proposed and returned as a mention, so that the figures after it can be about it."""
    found = []
    for match in _NAMED_EVENT.finditer(sentence.text):
        start, end, name = match.start("name"), match.end("name"), match.group("name")
        while (lead := NOT_A_NAME_START.match(name)) and len(name.split()) > 2:
            start, name = start + lead.end(), name[lead.end():]
        if (len(name.split()) < 2 or _A_POST.match(name) or any(m.start < end and start < m.end for m in named)
                or within_a_name(graph, name)):
            continue  # "Chair of the Conference" is a post in one, not one's name
        iri = BASE + "event/" + slug(name)
        found.append(Mention(start, end, name, (iri,)))
        reading.propose(Proposal(iri, "event", name, sentence,
                                 event_class=_NAMED_EVENT_CLASSES.get(match.group("noun").lower(), "schema:Event")))
    return found


@dataclass
class _Series:
    editions: dict[int, str] = field(default_factory=dict)   # edition number → event
    classes: set[str] = field(default_factory=set)           # its editions' classes


_SERIES_QUERY = queries.read("draft-series", internal=True)
_ORDINAL_BEFORE = re.compile(r"(?<![\w-])(?:the\s+)?(?P<n>\d{1,3})(?:st|nd|rd|th)\s+$", re.IGNORECASE)
_ROMAN_AFTER = re.compile(r"^\s+(?P<n>(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3}))(?![\w-])")
_CURIES = {"https://w3id.org/vn-customs-kg/ontology#": "vck:", "https://schema.org/": "schema:"}


def _series(graph: KnowledgeGraph) -> dict[str, _Series]:
    """The series the graph knows, with their editions (read once per loaded graph, not per sentence)."""
    known = _SERIES.get(graph)
    if known is None:
        known = _SERIES[graph] = _read_series(graph)
    return known


_SERIES: "weakref.WeakKeyDictionary[KnowledgeGraph, dict[str, _Series]]" = weakref.WeakKeyDictionary()


def _read_series(graph: KnowledgeGraph) -> dict[str, _Series]:
    found: dict[str, _Series] = {}
    for row in graph.select(_SERIES_QUERY):
        series = found.setdefault(row["series"], _Series())
        if "edition" in row:
            series.editions[int(row["edition"])] = row["event"]
        if "class" in row:
            series.classes.add(row["class"])
    return found


def editions(graph: KnowledgeGraph, reading: Reading, sentence: Sentence, named: list[Mention]) -> list[Mention]:
    """Editions of a series the graph knows: in a known edition's name, the series' name is the
    series named ("the 33rd ASEAN Customs Directors-General Meeting"); a series' name with an
    ordinal before it or a Roman numeral after it ("the 34th ...", "Mekong Dragon VII") names its
    edition, the known one or else a proposed one (its number and series, a class its other
    editions share). Returns the names with each edition's words in place of its series'."""
    text = sentence.text
    every = _series(graph)
    editions = {event: iri for iri, series in every.items() for event in series.editions.values()}
    out = []
    for mention in named:
        entity = mention.entities[0] if len(mention.entities) == 1 else None
        if entity in editions:
            first = re.match(r"\S+\s+", text[mention.start:mention.end])
            inner = mentions(graph, text[mention.start + first.end():]) if first else []
            if inner and inner[0].start == 0 and editions[entity] in inner[0].entities:
                reading.known.setdefault(editions[entity], []).append((inner[0].text, sentence))
        if entity not in every:
            out.append(mention)
            continue
        ordinal = _ORDINAL_BEFORE.search(text[:mention.start])
        roman = None if ordinal else _ROMAN_AFTER.match(text[mention.end:])
        if not (ordinal or roman):
            out.append(mention)
            continue
        number = int(ordinal.group("n")) if ordinal else _roman_value(roman.group("n"))
        start = ordinal.start("n") if ordinal else mention.start
        end = mention.end + roman.end() if roman else mention.end
        words = text[start:end]
        event = every[entity].editions.get(number)
        if event is None:
            event = BASE + "event/" + slug(words)
            classes = every[entity].classes
            reading.propose(Proposal(event, "event", words[:1].upper() + words[1:], sentence,
                                     event_class=_curie(next(iter(classes))) if len(classes) == 1 else "schema:Event",
                                     series=entity, edition=number))
        if event in editions:  # (the series itself is among the names found already)
            reading.known.setdefault(event, []).append((words, sentence))
        out.append(Mention(start, end, words, (event,)))
    return out


def _roman_value(numeral: str) -> int:
    values = [{"I": 1, "V": 5, "X": 10, "L": 50}[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _curie(iri: str) -> str:
    return next((prefix + iri[len(ns):] for ns, prefix in _CURIES.items() if iri.startswith(ns)), f"<{iri}>")


def held_events(reading: Reading, sentence: Sentence, named: list[Mention], found_periods) -> None:
    """Events the sentence says were held, proposed where the graph names none there: their class
    from the noun, the day the sentence gives, the body it says held them."""
    text = sentence.text
    for match in _EVENT.finditer(text):
        if any(m.entities[0].startswith(EVENT_KINDS) and m.start < match.end("name") and match.start("name") < m.end
               for m in named):
            continue  # an event the graph has
        name = match.group("name").strip()
        dated = _DAY_AFTER.match(text, match.end())
        days = [p for p in found_periods if p.start == p.end]
        if name.lower() == match.group("noun").lower() and not match.group("verb") and not dated \
                and not (match.group("part") and days):
            continue  # "at the meeting": one named before, or too little to name a new one
        nearest = min(days, key=lambda p: abs(p.position[0] - match.start())) if days else None
        day = nearest.start if nearest else None
        day_from = (f'"{nearest.text}"' + (f"; year from {nearest.year_from}" if nearest.year_from else "")) if nearest else ""
        if day and name.lower() == match.group("noun").lower():
            name = f"{name}, {day.day} {day:%B %Y}"  # a bare "press conference" is named by its day
        bodies = [m for m in named if m.end <= match.start() and len(m.entities) == 1
                  and m.entities[0].startswith(BASE + "org/")]
        organizer = bodies[-1].entities[0] if bodies and match.group("verb") else None
        iri = BASE + "event/" + (f"{day.isoformat()}-" if day else "") + slug(match.group("name"))
        reading.propose(Proposal(iri, "event", name[:1].upper() + name[1:], sentence,
                                 event_class=_EVENT_NOUNS[match.group("noun").lower()],
                                 day=day, day_from=day_from, organizer=organizer))


# what says a campaign or operation ran over days: "the "Mekong Dragon" Campaign in Vietnam has officially
# been deployed and operated from April 15, 2024 to November 16, 2024", "Operation X ran from 1 to 30 June"
_RAN = re.compile(r"(?<![\w-])(?:(?:has|have|had|was|were|is|are|will)\s+(?:\w+ly\s+)?(?:be(?:en)?\s+)?(?:\w+ly\s+)?)?"
                  r"(?:deployed|operated|run|ran|conducted|carried\s+out|implemented|took\s+place|lasted|underway)\b",
                  re.IGNORECASE)

# between the name and the verb: a few words, and ", which" ("the Mekong Dragon campaign in Cambodia, which was")
_WHICH = re.compile(r"(?P<words>[^,;:()]*?)(?:\s*,?\s*which\s*|\s*)$")


def ran_events(graph: KnowledgeGraph, reading: Reading, sentence: Sentence, named: list[Mention],
               found_periods) -> list[Mention]:
    """An event the sentence says ran over a span of days, named just before the verb: a proposed
    one takes the span as its first and last day; a series the graph knows ("the Mekong Dragon
    Campaign in Vietnam") gets a proposed event of it, named by the words up to the verb, with
    those days. Only where the sentence gives one span of days after the verb; a known event's
    own days are left to the curator. Returns the names with the new event's in place of its
    series', so that the sentence's figures are about it."""
    text = sentence.text
    verb = _RAN.search(text)
    spans = [p for p in found_periods if p.kind in ("range", "day-range") and p.start < p.end and verb
             and p.position[0] >= verb.end()]
    if not verb or len(spans) != 1:
        return named
    span = spans[0]
    before = [m for m in named if m.end <= verb.start() and len(m.entities) == 1 and m.entities[0].startswith(EVENT_KINDS)]
    if not before:
        return named
    mention = before[-1]
    between = _WHICH.match(text, mention.end, verb.start())
    if not between or len(between.group("words").split()) > 4:
        return named  # the verb's subject is something else
    day_from = f'"{span.text}"' + (f"; year from {span.year_from}" if span.year_from else "")
    proposed = next((p for p in reading.proposals if p.iri == mention.entities[0] and p.kind == "event"), None)
    if proposed is not None:
        if proposed.day is None:
            proposed.day, proposed.end, proposed.day_from = span.start, span.end, day_from
        return named
    series = _series(graph).get(mention.entities[0])
    if series is None:
        return named  # a known event: its days are the curator's to compare
    start = mention.start - (1 if mention.start and text[mention.start - 1] in "\"“'‘" else 0)
    end = mention.end + len(between.group("words").rstrip())
    name = re.sub(r"[\"“”‘’]", "", text[start:end]).strip()
    iri = BASE + "event/" + f"{span.start.isoformat()}-" + slug(name)
    noun = re.search(r"\b(campaign|conference|meeting)\b", name, re.IGNORECASE)
    event_class = (_curie(next(iter(series.classes))) if len(series.classes) == 1
                   else _NAMED_EVENT_CLASSES[noun.group(1).lower()] if noun else "schema:Event")
    reading.propose(Proposal(iri, "event", name[:1].upper() + name[1:], sentence, event_class=event_class,
                             day=span.start, end=span.end, day_from=day_from, series=mention.entities[0]))
    return [Mention(start, end, text[start:end], (iri,)) if m is mention else m for m in named]


# an anniversary: "the 80th anniversary of the establishment of Vietnam Customs (September 10, 1945 –
# September 10, 2025)", "the 30th anniversary of ... on March 1, 2025"
_ANNIVERSARY = re.compile(r"\b(?:the\s+)?(?P<n>\d{1,3})(?:st|nd|rd|th)\s+anniversary\s+of\s+(?:the\s+)?"
                          r"(?P<what>[^(),.;:]{3,90}?)(?=\s*[(),.;:]|\s+(?:on|in|and|at)\b|\s*$)", re.IGNORECASE)


def anniversaries(reading: Reading, sentence: Sentence, found_periods) -> None:
    """Anniversaries the sentence names, proposed as events on their day where it gives one: the
    later day of a span in brackets just after ("(September 10, 1945 – September 10, 2025)"), or
    the day after "on"."""
    text = sentence.text
    for match in _ANNIVERSARY.finditer(text):
        after = text[match.end():match.end() + 80]
        day, words = None, ""
        for period in found_periods:
            starts = period.position[0] - match.end()
            bracketed = after.lstrip().startswith("(") and 0 <= starts <= 3 and period.kind == "range"
            dated = 0 <= starts <= 6 and period.kind == "point" and period.text.lower().startswith("on")
            if bracketed or dated:
                day, words = period.end, period.text
                break
        label = re.sub(r"^(?:the|The)\s+", "", match.group(0).strip())
        reading.propose(Proposal(BASE + "event/" + slug(label), "event", label[:1].upper() + label[1:], sentence,
                                 event_class="schema:Event", day=day,
                                 day_from=f'"{words}"' if words else ""))
