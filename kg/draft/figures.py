"""Figures in a sentence: a number with its scale as written ("61.3 trillion"), its unit, its
hedge ("nearly", "over"), what it measures (an indicator of the code lists) and how (a level,
a growth on the same period, a share of the estimate).

The words come from the code lists (ontology/codelists.ttl): each unit, hedge and indicator
lists the ways English news text writes it (``skos:prefLabel``, ``skos:altLabel``,
``skos:hiddenLabel``), so the reading grows with the code lists, not with this module. An
indicator is chosen only among those whose figures in the graph use the same unit (any, for one
with no figures yet) and only where its words are in the sentence; none found, a new indicator
is proposed from the words that follow the number.

quantulum3 was measured for the numbers and units and not used: it reads "VND1,582.8 billion" as
582.8 billion, "76 drug cases" and "201,414 billion" (VND before it) as numbers without a unit,
and takes 1.2 s for its first sentence (README, "Add an article").
"""
from __future__ import annotations

import dataclasses
import functools
import re
import weakref
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from kg.draft.fragments import (
    CHANGE_MODIFIER, CHANGE_NOUN, CURRENCY, CURRENCY_WORD, ESTIMATE_WORD, FALL, FALL_NOUNS, NUMBER_WORD, RISE, SCALE,
    TARGET_WORD, is_vnd, number_word,
)
from kg.draft.periods import MONTH
from kg.graph import KnowledgeGraph
from kg.lookup import fold, fold_in_place
from kg.namespaces import BASE
from kg import queries

CONCEPT = BASE + "concept/"
SCALES = {"thousand": 3, "million": 6, "mn": 6, "billion": 9, "bn": 9, "trillion": 12, "tn": 12, "quadrillion": 15}

_NUMBER = rf"(?:(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)|(?P<wnum>{NUMBER_WORD}))"
_MONEY = {CONCEPT + "unit/vnd", CONCEPT + "unit/usd"}
_OVER = {"above-target", "above-estimate"}  # how far over a target or an estimate
_SCALE = rf"(?:\s*(?P<scale>{SCALE}))?"
_CURRENCY = rf"(?P<cur>{CURRENCY})\s?"
# a number, not part of a notation, date or ordinal ("382/QD-BTC", "28/06/2025", "33rd"); a unit
# may follow without a space ("395kg")
_QUANTITY = re.compile(rf"(?<![\w.,:-])(?<!\d/)(?:{_CURRENCY})?{_NUMBER}(?P<pct>\s?%)?{_SCALE}"
                       rf"(?!\d|/\d|-\w|[.,:]\d|(?:st|nd|rd|th)\b)", re.IGNORECASE)
# growth, change and shares, read from the words just before or after a number
_GROWTH_BEFORE = re.compile(rf"\b(?:{RISE}|{FALL})(?:\s+(?:of|by|to))?(?:\s+\w+)?\s*$", re.IGNORECASE)
# a quarter or half of the year named without its year: "the first quarter", "Q1", "H1"
_PART_OF_A_YEAR = (r"(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|half)|Q[1-4]|H[12])\b"
                   r"(?!\s*,?\s*(?:of\s+)?(?:\d|last\b|the\s+previous\b|a\s+year\b|the\s+same\b))")
# a change on the period just before, written after the number: "up 9.2% compared with February",
# "up 8.3 per cent on the first quarter", "month on month" (a month or quarter with a year,
# "than February 2023", is a same-period comparison)
_PREVIOUS_AFTER = re.compile(rf"^\s*(?:(?:over|compared\s+(?:with|to)|from|than|against|on)\s+(?:in\s+)?(?:the\s+)?"
                             rf"(?:(?:previous|preceding|prior|last)\s+(?:month|quarter|week)\b|(?:month|quarter)\s+(?:before|earlier)\b"
                             rf"|{MONTH}(?!\s*,?\s*\d)|{_PART_OF_A_YEAR})"
                             rf"|(?:month|quarter)[-\s]on[-\s](?:month|quarter)\b|(?:m/m|q/q|mom|qoq)\b)", re.IGNORECASE)
# a change on the period before, written before its number: "a month-on-month increase of 3.6%"
_PREVIOUS_BEFORE = re.compile(r"\b(?:month|quarter)[-\s]on[-\s](?:month|quarter)\s+(?:[\w-]+\s+){0,2}$|\b(?:m/m|q/q)\s+\w+\s+(?:of\s+)?$",
                              re.IGNORECASE)
# a sentence whose numbers are a law's (penalties, thresholds) or what a person was paid
_NO_FIGURES = re.compile(r"\b(?:face[sd]?\s+(?:the\s+)?death|death\s+penalty|imprison\w*|jail\w*|sentenced\s+to|"
                         r"(?:be|are|were|is)\s+fined|fined\s+(?:from|up\s+to|between)|with\s+a\s+pay\s+of|was\s+paid\s+\d|"
                         r"(?:hired|promised)\s+[^.;]{0,40}?\b(?:pay|reward|wage)s?\s+of)\b", re.IGNORECASE)
# the number of a name: "Steering Committee 389", "Decree 29", "Article 6"
_NAMED_NUMBER = re.compile(r"\b[A-Z][a-z]+\s+(?:No\.\s*)?$")
# things counted that the code lists have no unit for: "16 parcels", "11 suspected rhino horns", "3 levels"
# (lowercase words: a name is no unit; the time a thing takes is no count)
_COUNTED = re.compile(r"^\s+(?:(?!(?:of|and|or|in|on|at|to|for|from|by|with|the|a|an)\b)[a-z][\w-]*\s+){0,2}?"
                      r"(?P<noun>(?![a-z-]*(?:ous|ss|us|is)\b|customs\b)[a-z][a-z-]*[a-rt-z]s)\b(?![-'’])")
_NOT_COUNTS = {"days", "weeks", "months", "years", "decades", "centuries", "hours", "minutes", "seconds", "times",
               "nights", "mornings", "sessions", "rounds", "terms", "steps", "ways", "lots", "others", "ones", "thanks",
               "points", "percents", "folds", "grams", "kilometres", "kilometers", "metres", "meters", "miles", "hectares",
               "litres", "liters", "pages", "words", "lines", "layers", "words", "aspects", "groups", "tasks", "solutions",
               "measures", "areas", "fields", "contents", "targets", "goals", "views", "likes", "shares", "comments",
               "clicks", "reads", "followers", "subscribers"}


def singular(noun: str) -> str:
    """A counted noun's singular, for the unit proposed for it: "parcels" → "parcel", "branches" →
    "branch", "agencies" → "agency"."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if re.search(r"(?:ch|sh|x|ss|zz)es$", noun):
        return noun[:-2]
    return noun[:-1]


# a bare number before another's percentage: "increases of 14 and 17.5 per cent"
_SHARED_PERCENT = re.compile(r"\s*(?:and|or|to|-|–)\s*\d[\d,.]*\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)
# an amount a level changed by: "an increase of 2.1 million tonnes", "up by VND 5 trillion"
_CHANGE_JUST_BEFORE = re.compile(r"\b(?:an?\s+)?(?:increase|decrease|rise|drop|fall|decline|growth|reduction)\s+of\s*"
                                 rf"{CURRENCY}?\s*$|\b(?:up|down|increased|decreased|rose|fell|grew|dropped|"
                                 rf"declined)\s+by\s*{CURRENCY}?\s*$", re.IGNORECASE)
# targets and cuts, as reorganization and reform news write them
# what is expected, not counted: "We expect to handle 4,500 cases", "revenue is forecast to reach ..."
_FORECAST_BEFORE = re.compile(r"\b(?:expect(?:s|ed|ing)?|forecast(?:s|ed|ing)?|project(?:s|ed|ing)?|anticipat\w*|"
                              r"(?:is|are|was|were)\s+set)\s+(?:to\b|at\b)(?:\s+[\w-]+){0,5}\s*$", re.IGNORECASE)
# "exceeding the target by 5%": how far over it, not a target
_ABOVE = re.compile(r"\b(?:exceed\w*|surpass\w*|overfulfil\w*|beat(?:ing)?)\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}?"
                    r"(?P<what>target|plan|estimate)s?\s+(?:by\s+)?$", re.IGNORECASE)
_TARGET_BEFORE = re.compile(r"(?:\btargets?\b|\b(?:aims?|aiming|plans?|planning|strives?|striving|seeks?|seeking|hopes?|hoping)"
                            r"\s+to\b)"
                            r"(?:\s+[\w-]+){0,5}\s*$", re.IGNORECASE)
_CUT = re.compile(r"\b(?:cut(?:s|ting)?|reduc(?:e|es|ed|ing|tion)|eliminat\w*|abolish\w*|streamlin\w*)\b", re.IGNORECASE)
_CUT_JUST_BEFORE = re.compile(_CUT.pattern + r"(?:\s+(?:by|of))?(?:\s+[\w-]+)?\s*$", re.IGNORECASE)
_BEFORE_JUST_BEFORE = re.compile(r"\b(?:previous|former|original|earlier)\s+(?:total\s+)?(?:of\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
_FROM_THEN_TO = re.compile(r"\bfrom\s+(?:about\s+|over\s+)?[\d,.]+\s*%?\s+(?:[\w-]+\s+){0,3}to\s+$", re.IGNORECASE)
_TO_NUMBER = re.compile(r"^[^.;]{0,40}?\bto\s+(?:about\s+|over\s+)?\d", re.IGNORECASE)
# verbs whose particle reads like a hedge: "handed over", "turned over", "made up"
_FROM_TO = re.compile(r"\bfrom\s+(?:about\s+|over\s+)?(?P<a>\d[\d,.]*)\s+to\s+(?:about\s+|over\s+)?(?P<b>\d[\d,.]*)",
                      re.IGNORECASE)
_OF_A_WHOLE = re.compile(r"^\s*(?:out\s+)?of\s+(?:the\s+|a\s+)?(?:(?:previous|former|original)\s+)?(?:total\s+(?:of\s+)?)?"
                         r"\d[\d,.]*", re.IGNORECASE)
_PARTICLE = re.compile(r"\b(?:hand|turn|tak|took|pass|gave|give|mak|made)\w*\s*$")
_PERCENT_WORD = re.compile(r"\s*(?:percent|per\s+cent)\b", re.IGNORECASE)
_DECLINE = re.compile(rf"\b{FALL}\b", re.IGNORECASE)
# ("of the full-year estimate", "of the annual target")
_SHARES = [("share-of-estimate", re.compile(rf"^\s*of\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{ESTIMATE_WORD}\b", re.IGNORECASE)),
           ("share-of-target", re.compile(rf"^\s*of\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{TARGET_WORD}\b", re.IGNORECASE)),
           ("share-of-total", re.compile(r"^\s*of\s+(?:the\s+)?total", re.IGNORECASE))]
_ACCOUNTED = re.compile(r"(?:accounted\s+for|accounting\s+for|ma(?:de|ke|kes|king)\s+up|constitut\w+|represent(?:s|ed|ing)?)"
                        r"\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# a growth written after the number: "a 12% increase over the same period"
_FALLS = FALL_NOUNS
_GROWTH_AFTER = re.compile(rf"^\s*(?:{CHANGE_MODIFIER}\s+)?(?P<way>{CHANGE_NOUN})\b", re.IGNORECASE)
_HIGHER_AFTER = re.compile(r"^\s*(?:higher|more|lower|less)\b", re.IGNORECASE)
_LOWER_AFTER = re.compile(r"^\s*(?:%|percent|per\s+cent)?\s*(?:lower|less)\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[;:]|,(?=\s)|\bof which\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)
_STOP = {"the", "a", "an", "of", "and", "or", "in", "on", "for", "to", "with", "by", "at", "from", "as", "is",
         "was", "were", "be", "has", "have", "had", "that", "this", "its", "their", "total", "number", "value",
         "amount", "customs", "per", "over", "than"}


@dataclass(frozen=True)
class Figure:
    """A number of a sentence read as a figure (an ``qb:Observation`` once reviewed)."""

    value: Decimal          # unscaled, in the unit: 178 billion USD is 178000000000
    words: str              # the words read: "nearly 178 billion USD"
    unit: str               # <concept/unit/...>
    qualifier: str | None   # <concept/qualifier/...>
    measure: str | None     # <concept/measure/...>, None for a plain level
    indicator: str | None   # <concept/indicator/...>, None: a new one is proposed
    cues: tuple[str, ...]   # the indicator's words found in the sentence
    proposed: str           # the words a proposed indicator is named from
    position: tuple[int, int]
    sector_wide: bool = False
    channel: str | None = None  # <concept/channel/...> for a figure of one clearance channel
    named_near: bool = True     # its indicator's words are near it, not only elsewhere in the sentence
    heading: str = ""           # in a table: the heading of its column, which gave its unit and scale
    rate: str = ""              # the words of a rate ("per month", "daily"): a count in each such period
    share_of: str = ""          # what a percentage is of, as written after it ("of the procedures")
    broader: str | None = None  # for a proposed indicator: the indicator it narrows (a list item's part)
    conversion_of: tuple[int, int] | None = None  # an amount in another currency this one converts: where it is


class Lexicon:
    """The code lists' words for units, hedges and indicators, and the units each indicator's
    figures use in the graph; read once per loaded graph."""

    def __init__(self, graph: KnowledgeGraph):
        rows = graph.select(_LEXICON_QUERY)
        self.units: dict[str, str] = {}
        self.qualifiers: dict[str, str] = {}
        self.indicator_words: dict[str, set[str]] = {}
        self.channels: dict[str, str] = {}
        for row in rows:
            concept, word = row["concept"], fold(row["word"])
            scheme = concept[len(CONCEPT):].split("/", 1)[0]
            if scheme == "unit":
                self.units.setdefault(word, concept)
            elif scheme == "qualifier":
                self.qualifiers.setdefault(word, concept)
            elif scheme == "indicator":
                self.indicator_words.setdefault(concept, set()).add(stems(word))
            elif scheme == "channel":
                self.channels.setdefault(word, concept)
        self.indicator_units: dict[str, set[str]] = {}
        for row in graph.select(_UNITS_QUERY):
            self.indicator_units.setdefault(row["indicator"], set()).add(row["unit"])
        # units of one quantity kind are alike here: drugs counted in kg are counted in tonnes too
        kinds: dict[str, set[str]] = {}
        for row in graph.select(_KINDS_QUERY):
            kinds.setdefault(row["kind"], set()).add(row["unit"])
        for units in self.indicator_units.values():
            units |= {alike for kind in kinds.values() if units & kind for alike in kind}
        self.sector_wide = self._members(graph, "sector-wide")
        self.counted_over_time = self._members(graph, "counted-over-time")
        self.national_trade = self._members(graph, "national-trade")
        self.planned = self._members(graph, "planned")
        self.rates = self._members(graph, "rates")
        kinds = graph.select(_MEMBERS_QUERY, {"collection": ox.NamedNode(CONCEPT + "unit/kinds-counted")})
        self.kinds_counted = {row["indicator"] for row in kinds}
        longest = sorted(self.units, key=len, reverse=True)
        # the words between a number and its unit hold no other count ("15 of the previous 35
        # departments": the unit is 35's), but may a rank ("40 level 2 national focal points")
        self._unit_pattern = re.compile(r"^\s*(?:(?:level|grade|class|tier|type)\s+\d+\s+|(?!\d)[\w-]+\s+){0,5}?(" + "|".join(map(re.escape, longest)) + r")(?!\w)",
                                        re.IGNORECASE)
        self._unit_anywhere = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, longest)) + r")(?!\w)", re.IGNORECASE)
        # a unit named before "from 902 to 417": "organizational units (from 902 to 417)",
        # "provincial departments fell from 35 to 20"
        self._unit_before_from = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, longest)) + r")\s*\(?\s*"
                                            r"(?:(?:fell|dropped|decreased|declined|rose|increased|grew|went|was|were|"
                                            r"down|up|reduced|cut)\s+){0,2}$", re.IGNORECASE)
        hedges = sorted(self.qualifiers, key=len, reverse=True)
        self._hedge_pattern = re.compile(r"(?:^|\W)(" + "|".join(map(re.escape, hedges)) + rf")\s*{CURRENCY}?\s*$",
                                         re.IGNORECASE)

    def estimate_of(self, indicator: str | None) -> str | None:
        """The indicator of what is planned for ``indicator`` (state budget revenue: its estimate), if any."""
        planned = f"{indicator}-estimate" if indicator else None
        return planned if planned in self.planned else None

    def named_pair(self, text: str) -> tuple[str, str] | None:
        """The two indicators named by "X and Y" in ``text`` (the last such pair), each side one
        indicator's name: "the export and import value", "Exports and imports"."""
        found = None
        for match in _AND_PAIR.finditer(stems(fold_in_place(text))):
            left, right = match.group(1).split(), match.group(2).split()
            a = self._one_named(left[-2:]) or self._one_named(left[-1:])
            b = self._one_named(right[:2]) or self._one_named(right[:1])
            if a and b and a != b:
                found = (a, b)
        return found

    def _one_named(self, words: list[str]) -> str | None:
        named = [i for i, names in self.indicator_words.items() if " ".join(words) in names]
        return named[0] if len(named) == 1 else None

    @staticmethod
    def _members(graph: KnowledgeGraph, collection: str) -> set[str]:
        members = graph.select(_MEMBERS_QUERY, {"collection": ox.NamedNode(CONCEPT + "indicator/" + collection)})
        return {row["indicator"] for row in members}

    def unit_after(self, text: str) -> tuple[str, str, str] | None:
        """The unit named in the few words after a number: (its concept, the words up to it,
        the unit's word as the code lists write it)."""
        head = re.split(r"[,;:()\[\]!?]|\.(?!\d)", text, maxsplit=1)[0]
        match = self._unit_pattern.match(fold_in_place(head))
        if not match:
            return None
        return self.units[match.group(1).lower()], head[:match.end()].strip(), match.group(1).lower()

    def unit_before_span(self, sentence: str, at: int) -> tuple[str, str] | None:
        """The unit of a number in "from N to M" (``at``: where the number is) that the words
        just before the "from" name, and its word; None where none is named there."""
        for span in _FROM_TO.finditer(sentence):
            if span.start("a") == at or span.start("b") == at:
                match = self._unit_before_from.search(fold_in_place(sentence[max(0, span.start() - 60):span.start()]))
                return (self.units[match.group(1).lower()], match.group(1).lower()) if match else None
        return None

    def unit_of_the_whole(self, after: str) -> tuple[str, str] | None:
        """The unit of a part given before its whole ("cutting 15 of the previous 35
        departments", "485 out of 902 units"): the whole's."""
        part = _OF_A_WHOLE.match(after)
        found = self.unit_after(after[part.end():]) if part else None
        return (found[0], found[2]) if found else None

    def unit_in_heading(self, heading: str) -> tuple[str, int] | None:
        """The unit and scale a table's column heading gives its numbers: "Revenue (VND billion)"
        (VND, 10⁹), "Seized (kg)", "Share (%)"."""
        currency = re.search(CURRENCY_WORD, heading, re.IGNORECASE)
        scale = re.search(r"\b(thousand|million|billion|trillion|quadrillion|bn|mn|tn)\b", heading, re.IGNORECASE)
        exponent = SCALES[scale.group(1).lower()] if scale else 0
        if currency:
            return CONCEPT + ("unit/vnd" if is_vnd(currency.group(0)) else "unit/usd"), exponent
        if "%" in heading or re.search(r"\bper\s*cent\b|\bpercent\b", heading, re.IGNORECASE):
            return CONCEPT + "unit/percent", 0
        folded = fold_in_place(heading)
        found = [self.units[m.group(1)] for m in self._unit_anywhere.finditer(folded)]
        return (found[-1], exponent) if len(set(found)) == 1 else None

    def channel_in(self, clause: str) -> str | None:
        folded = fold(clause)
        found = {concept for word, concept in self.channels.items() if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded)}
        return found.pop() if len(found) == 1 else None

    def hedge_before(self, text: str) -> tuple[str, str] | None:
        folded = fold_in_place(text[-40:])
        match = self._hedge_pattern.search(folded)
        if match and _PARTICLE.search(folded[:match.start(1)]) and match.group(1).lower() in ("over", "up to"):
            return None  # "handed over 32 cases", "made up 5%": a verb's particle, no hedge
        return (self.qualifiers[match.group(1).lower()], match.group(1)) if match else None


_AND_PAIR = re.compile(r"((?:[\w-]+\s+){0,1}[\w-]+)\s+and\s+([\w-]+(?:\s+[\w-]+)?)")

_LEXICON_QUERY = queries.read("draft-lexicon", internal=True)
_UNITS_QUERY = queries.read("draft-indicator-units", internal=True)
_KINDS_QUERY = queries.read("draft-unit-kinds", internal=True)
_MEMBERS_QUERY = queries.read("draft-collection-members", internal=True)

_LEXICONS: "weakref.WeakKeyDictionary[KnowledgeGraph, Lexicon]" = weakref.WeakKeyDictionary()


def lexicon(graph: KnowledgeGraph) -> Lexicon:
    found = _LEXICONS.get(graph)
    if found is None:
        found = _LEXICONS[graph] = Lexicon(graph)
    return found


#: What :func:`find` must read, in wordings of our own (no article's sentence): each phrase with
#: its figures as (value, unit, measure, indicator), in order; "" is a level, None no indicator.
#: tests/test_draft_rules.py runs every one against the project's code lists.
EXAMPLES: dict[str, list[tuple[str, str, str, str | None]]] = {
    "Budget revenue from customs came to VNĐ52.3 trillion, up 6.1 per cent year-on-year.": [
        ("52300000000000", "vnd", "", "state-budget-revenue"),
        ("6.1", "percent", "growth-same-period", "state-budget-revenue")],
    "The sector collected VND 21,450 billion in March.": [("21450000000000", "vnd", "", "state-budget-revenue")],
    "Officers seized nine tons of drugs.": [("9", "tonne", "", "drugs-seized")],
    "Customs uncovered 840 cases, a 12 per cent rise on the same period.": [
        ("840", "case", "", "violation-cases"), ("12", "percent", "growth-same-period", "violation-cases")],
    "The trade deficit stood at US$0.9 billion.": [("-900000000", "usd", "", "trade-balance")],
    "Customs handled 7,020 violations.": [("7020", "case", "", "violation-cases")],
    "Collection reached 64.2% of the estimate.": [("64.2", "percent", "share-of-estimate", "state-budget-revenue")],
    "Exports climbed 11.3% to 42.7 billion USD.": [
        ("11.3", "percent", "growth-same-period", "exports"), ("42700000000", "usd", "", "exports")],
    "Imports slumped 3.8 percent.": [("-3.8", "percent", "growth-same-period", "imports")],
    "Revenue hit VND 12 trillion, decreasing 5.5% on the previous month.": [
        ("12000000000000", "vnd", "", "state-budget-revenue"),
        ("-5.5", "percent", "growth-previous-period", "state-budget-revenue")],
    "Import-export turnover hit 311.4 billion USD.": [("311400000000", "usd", "", "import-export-turnover")],
    "The branch was founded in 1994 and has 15 days to reply under Decision 382/QD-BTC.": [],
}


def find(sentence: str, words: Lexicon, context: str = "", lead_in: str = "",
         columns: list[tuple[int, int, str]] = ()) -> list[Figure]:
    """The figures of a sentence, in order. ``context`` (the sentences before it in its
    paragraph) helps choose an indicator when the sentence's own words do not; ``lead_in`` (the
    line that introduces a list the sentence is an item of) counts as the sentence's own words.
    ``columns``: where the sentence is a table's row, each cell's span and its column's heading,
    which gives a bare number its unit and scale ("Revenue (VND billion)") and its indicator.

    A number without a unit the code lists know is not a figure (a year, a day, "15 days", a
    document's number); a number in a notation or a date ("382/QD-BTC", "28/06/2025") neither.
    """
    figures: list[Figure] = []
    if _NO_FIGURES.search(sentence):
        return figures  # what the law sets (a penalty, a threshold) or a person is paid: no figure of the domain
    clauses = _clause_spans(sentence)
    covered = 0  # the end of the last figure's words: "level 2" in "40 level 2 focal points" is no figure
    numbers = list(_QUANTITY.finditer(sentence))
    masked = _without(sentence, [span for n in numbers if (span := _share_words(sentence, n))])
    leading = _RATE_LEADING.match(sentence)  # "Each day, ...": every count of the sentence a rate
    for n, match in enumerate(numbers):
        number = match.group("num") or str(number_word(match.group("wnum")))
        if match.group("wnum") and (match.group("pct") or match.group("scale") or match.group("cur")):
            continue  # "two billion": written in words, a scaled amount is read no further than this
        if match.start() < covered:
            continue
        heading = next((h for a, b, h in columns if a <= match.start() < b), "")
        heading_scale = 0
        after = sentence[match.end():]
        noun = None  # the unit's word, where the number counts things ("teams", "focal points")
        if match.group("pct"):
            unit, unit_words = CONCEPT + "unit/percent", "%"
        elif match.group("cur"):
            unit = CONCEPT + ("unit/vnd" if is_vnd(match.group("cur")) else "unit/usd")
            unit_words = ""
        elif found := words.unit_after(after):
            unit, unit_words, noun = found
        elif elsewhere := words.unit_before_span(sentence, match.start()) or words.unit_of_the_whole(after):
            (unit, noun), unit_words = elsewhere, ""
        elif heading and (in_heading := words.unit_in_heading(heading) or words.unit_in_heading(columns[0][2])):
            # the column's heading, else the row's own (years as columns: "| Revenue (VND trillion) | 376 | 420 |")
            (unit, heading_scale), unit_words = in_heading, ""
        elif _SHARED_PERCENT.match(after):  # "annual increases of 14 and 17.5 per cent": both are percentages
            unit, unit_words = CONCEPT + "unit/percent", ""
        elif counted := _COUNTED.match(after):  # "16 parcels", "3 specialized branches": a unit is proposed
            noun = counted.group("noun").lower()
            if noun in _NOT_COUNTS or number in ("1", "0") or _NAMED_NUMBER.search(sentence[:match.start()]):
                continue  # "Steering Committee 389 focuses": a name's number, and a verb
            unit, unit_words = CONCEPT + "unit/" + singular(noun), after[:counted.end()].strip()
        else:
            continue
        if _is_year(number, match) or (after.startswith("/") and unit_words == "") or (
                unit.endswith("/time") and _GROWTH_BEFORE.search(sentence[:match.start()][-30:])):  # "increased 1.5 times"
            continue
        scale = SCALES.get((match.group("scale") or "").lower(), 0) or heading_scale
        value = Decimal(number.replace(",", "")).scaleb(scale)
        before = sentence[:match.start()]
        hedge = words.hedge_before(before)
        # the hedge's words are no growth: "up to 98.4%" is at most 98.4%, not a rise of it
        unhedged = before[:fold_in_place(before).rfind(hedge[1].lower())] if hedge else before
        measure = _measure(unit, unhedged, after.lstrip()[len(unit_words):] if unit_words != "%" else after)
        way = _GROWTH_AFTER.match(after)
        falling = (_DECLINE.search(before[-30:]) or _LOWER_AFTER.match(after)
                   or (way is not None and way.group("way").lower().rstrip("s") in _FALLS))
        if measure and measure.startswith(("growth-", "change-")) and falling:
            value = -value
        end = match.end() + (len(after) - len(after.lstrip()) + len(unit_words) if unit_words not in ("", "%") else 0)
        a, b = next(((a, b) for a, b in clauses if a <= match.start() < b), (0, len(sentence)))
        clause = sentence[a:b]
        # a value after a colon reads with its label: "the amount of wildlife: 18 cases"
        label = next((c for c, d in clauses if d == a), a) if sentence[a:a + 1] == ":" else a
        # the words between this number and its neighbours: "prosecuted 12 cases and transferred
        # 45 cases": "prosecuted" goes with 12, "transferred" with 45
        # a growth or a share is of any indicator; the words of a share ("meeting 59.2% of the
        # estimate") say what it is a share of, not what is measured
        relative = unit.endswith("/percent") and measure is not None
        # less what the other numbers say they count: "12,000 packs of cigarettes and 300 bottles of
        # foreign liquor": the liquor is no cigarettes
        mine = _without(masked, [span for other in numbers if other is not match and (span := _of_phrase(sentence, other))])
        after_words = mine[end:min(b, numbers[n + 1].start()) if n + 1 < len(numbers) else b]
        # words that lead into the next number are its own: "VND 400 trillion against the estimate of VND 380 trillion"
        leads_on = n + 1 < len(numbers) and numbers[n + 1].start() <= b and _LEADS_INTO.search(after_words)
        near = [(heading, 3.0, ""), (mine[max(label, covered):match.start()], 3.0, "before"),
                (after_words, 1.0 if leads_on else 3.0, "after"),
                (mine[match.start():end], 2.0, "")]
        # the rest of the sentence, less the later clauses with numbers of their own: "Exports reached
        # US$405.5 billion, while ..., creating a trade surplus of US$25.5 billion": the surplus is the
        # last one's (an earlier clause may name what all are of: "collected VND1,582.8 billion,
        # achieving 45.2% of assigned target (VND 3,500 billion)")
        rest = _without(mine, [(c, d) for c, d in clauses if c >= b
                               and any(c <= other.start() < d for other in numbers[n + 1:])])
        after_rate = _RATE.match(sentence, end)
        rate = after_rate.group(0).strip() if after_rate else leading.group("rate") if leading else ""
        # a count is of a rate's indicator ("vehicles cleared daily") only where it is given as a rate
        indicator, cues = _indicator(words, None if relative else unit, near + [(rest, 1.0, ""), (lead_in, 1.0, ""), (context, 0.5, "context")],
                                     noun if unit in words.kinds_counted else None,
                                     skip=frozenset() if rate or relative or _RATE_WORDS.search(clause) else words.rates,
                                     own_words=bool(_NAMES_WHAT.search(clause)))
        # a growth whose own words name nothing ("an increase of 14.9%") is of the count before it
        # and how far over a target or an estimate ("exceeding the estimate by 12%") is of the count too
        # (words after a growth are the next figure's: "an increase of 13.7% and imports reached ...")
        named_near = not relative or (measure not in _OVER and _indicator(words, None, [near[0], near[1], near[3]])[0] is not None)
        share = _SHARE_OF.match(after) if relative else None
        if share and indicator and not {w.lower() for w in cues} & _content_words({share.group(1).lower()}):
            indicator, cues = None, ()  # "100% of the procedures": not the green channel's declarations named before
        covered = end
        own = sentence[match.start() - (len(hedge[1]) + 1 if hedge else 0):end]  # its words, hedge included
        figures.append(Figure(
            value=value, words=own.strip(),
            unit=unit, qualifier=hedge[0] if hedge else None,
            measure=CONCEPT + "measure/" + measure if measure else None,
            indicator=indicator, cues=cues, proposed=_proposal_words(
                "%" if unit.endswith("/percent") else unit_words or noun or "", clause, sentence[end:], own,
                sentence[:match.start()])
            + (f" {rate}" if rate and unit_words else ""),
            position=(match.start(), end), sector_wide=indicator in words.sector_wide,
            channel=words.channel_in(after_words) or words.channel_in(clause), named_near=named_near, heading=heading,
            rate=rate, share_of=share.group(1) if share else "",
        ))
    # a conversion first takes its amount's reading, so that a growth after both is the amount's
    figures = _estimates(sentence, _wholes_of_their_parts(sentence, figures), words)
    figures = _relatives_of_their_counts(_conversions(sentence, figures), words.planned)
    return _in_context(sentence, _respectively(sentence, _coordinated(sentence, figures), words))


def _estimates(sentence: str, figures: list[Figure], words: Lexicon) -> list[Figure]:
    """An amount assigned to be collected is the estimate of what is collected: "the National Assembly
    assigned Vietnam Customs to collect VNĐ375 trillion", "balanced revenues ... set at VNĐ204
    trillion", "9.7% of the estimate (VND 315,000 billion)"; so is an amount that goes with one ("...,
    with 204 trillion VND coming from export-import activities")."""
    out: list[Figure] = []
    for figure in figures:
        money = figure.unit in _MONEY and figure.measure is None
        estimate = words.estimate_of(figure.indicator) if money else None
        previous = out[-1] if out else None
        if money and previous and previous.indicator in words.planned and previous.unit in _MONEY \
                and _WITH_PART.fullmatch(sentence[previous.position[1]:figure.position[0]]):
            estimate = previous.indicator  # a part of the estimate before it
        elif not (estimate and _ASSIGNED.search(sentence[:figure.position[0]][-120:])):
            estimate = None
        if estimate:
            figure = dataclasses.replace(figure, indicator=estimate, sector_wide=estimate in words.sector_wide)
        out.append(figure)
    return out


# an amount to be collected, as an estimate assigns it
_ASSIGNED = re.compile(r"\bassign(?:ed|s)?\b(?:\s+(?:by\s+)?[\w'’-]+){0,6}?\s+to\s+collect\s*(?:about|over|nearly)?\s*" + CURRENCY + r"?\s*$"
                       r"|\bset\s+at\s*" + CURRENCY + r"?\s*$|\b(?:estimate|appropriation)s?\s*(?:of\s*)?\(\s*" + CURRENCY + r"?\s*$",
                       re.IGNORECASE)
_WITH_PART = re.compile(r"[^.;]{0,60}?,\s*(?:with|of\s+which|including)\b[^.;0-9]{0,80}", re.IGNORECASE)


def _coordinated(sentence: str, figures: list[Figure]) -> list[Figure]:
    """A percentage joined to the one before it by "and" or a comma, with no words of its own, is the
    same kind of figure: "year-on-year increases of 15.2 per cent and 18.2 per cent" are both growths,
    "down 10% and 16%" both falls."""
    out: list[Figure] = []
    for figure in figures:
        before = out[-1] if out else None
        if (before and before.measure and figure.measure is None and before.unit == figure.unit
                and figure.unit.endswith("/percent")
                and _JOINED.fullmatch(sentence[before.position[1]:figure.position[0]])):
            sign = -1 if before.value < 0 else 1
            figure = dataclasses.replace(figure, measure=before.measure, value=abs(figure.value) * sign)
        out.append(figure)
    return out


_JOINED = re.compile(r"\s*(?:%|per\s*cent|percent)?\s*(?:,|and|,\s*and)\s*", re.IGNORECASE)


def _respectively(sentence: str, figures: list[Figure], words: Lexicon) -> list[Figure]:
    """Figures given "respectively" for two things the sentence names joined by "and": "the export
    and import value are estimated to hit $156.77 billion and $148.76 billion, year-on-year
    increases of 15.2 per cent and 18.2 per cent, respectively": of each kind of figure (amounts,
    percentages), the first is the first thing's, the second the second's."""
    said = _RESPECTIVELY.search(sentence)
    if not figures or not said:
        return figures
    pair = words.named_pair(sentence[:figures[0].position[0]])
    if not pair:
        return figures
    groups: dict[tuple, list[int]] = {}
    for i, figure in enumerate(figures):
        if figure.position[1] <= said.start():
            groups.setdefault((figure.unit.endswith("/percent"), figure.measure), []).append(i)
    out = list(figures)
    for members in groups.values():
        if len(members) == len(pair):
            for i, indicator in zip(members, pair):
                out[i] = dataclasses.replace(out[i], indicator=indicator, sector_wide=indicator in words.sector_wide)
    return out


_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
# a balance written as a deficit is below zero: "a trade deficit of $300 million"
_DEFICIT = re.compile(r"\bdeficits?\b", re.IGNORECASE)
# a sentence about enforcement: money "collected for the budget" there is collected from violations
_ENFORCEMENT = re.compile(r"\b(?:violat\w*|smuggl\w*|fraud\w*|seiz\w*|prosecut\w*|counterfeit\w*|infring\w*)\b", re.IGNORECASE)


def _in_context(sentence: str, figures: list[Figure]) -> list[Figure]:
    """What the rest of the sentence says of a figure's indicator: a trade balance named a deficit is
    negative; revenue collected in a sentence about violations is collected from them."""
    out = []
    for figure in figures:
        name = (figure.indicator or "").rsplit("/", 1)[-1]
        if name == "trade-balance" and figure.value > 0 and figure.measure is None \
                and _DEFICIT.search(sentence[max(0, figure.position[0] - 40):figure.position[1] + 20]):
            figure = dataclasses.replace(figure, value=-figure.value)
        elif name == "state-budget-revenue" and _ENFORCEMENT.search(sentence):
            figure = dataclasses.replace(figure, indicator=CONCEPT + "indicator/revenue-from-violations")
        out.append(figure)
    return out


def _relatives_of_their_counts(figures: list[Figure], planned: set[str] = frozenset()) -> list[Figure]:
    """A growth or share whose words name no indicator measures what the count before it in the
    sentence counts: "fell from 300 teams to 165 teams, cutting 45% of the teams"; a plan or an
    estimate is not such a count ("reached VND 427,989 billion, 114.13% of the estimate ... of VND
    375,000 billion, up 16.1%": the revenue's growth)."""
    out: list[Figure] = []
    for figure in figures:
        counts = [f for f in reversed(out) if not f.unit.endswith("/percent")]
        # one with an indicator first ("VND290tn (US$11.4bn)": the bracketed conversion takes its own
        # later), not a plan's; else the last count, its indicator proposed ("165 teams")
        count = next((f for f in counts if f.indicator and f.indicator not in planned), counts[0] if counts else None)
        # not where it says it is a share of something else: "under 1 hour ... 100% of the procedures"
        other = figure.share_of and count and not any(
            w in count.words.lower() for w in _content_words({figure.share_of.lower()}))
        if (figure.indicator is None or not figure.named_near) and figure.measure and figure.unit.endswith("/percent") \
                and count and not other:
            figure = dataclasses.replace(figure, indicator=count.indicator, cues=count.cues, proposed=count.proposed)
        out.append(figure)
    return out


# what a percentage is of: "100% of the procedures of ministries"
_SHARE_OF = re.compile(rf"\s*(?:percent\s+)?of\s+(?!(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){{0,2}}?(?:{TARGET_WORD}|{ESTIMATE_WORD}|total)\b)"
                       r"((?:the\s+|all\s+|its\s+|their\s+)?[A-Za-z][\w-]*(?:\s+(?!(?:of|and|or|in|to|for|by|with|at|on)\b)"
                       r"[A-Za-z][\w-]*)?)", re.IGNORECASE)
_LEADS_INTO = re.compile(rf"\b(?:of|at|to|was|were|is|are|reached|totall?ed)\s*{CURRENCY}?\s*$"
                         # "exports reached USD 430 billion and imports USD 409 billion": "imports" is the next one's
                         rf"|\b(?:and|while|whereas|but)\s+(?:[A-Za-z][\w-]*\s+){{1,5}}{CURRENCY}?\s*$", re.IGNORECASE)
_OUT_OF = re.compile(r"\bout\s+of\s+(?:the\s+|a\s+)?(?:(?:previous|former|original)\s+)?(?:total\s+(?:of\s+)?)?$", re.IGNORECASE)


def _wholes_of_their_parts(sentence: str, figures: list[Figure]) -> list[Figure]:
    """The whole a part is given "out of" counts what the part counts: "reducing 485 focal points
    out of the previous total of 902 units"."""
    out: list[Figure] = []
    for figure in figures:
        part = out[-1] if out else None
        if part and part.unit == figure.unit and _OUT_OF.search(sentence[part.position[1]:figure.position[0]]):
            figure = dataclasses.replace(figure, indicator=part.indicator, cues=part.cues, proposed=part.proposed)
        out.append(figure)
    return out


def _conversions(sentence: str, figures: list[Figure]) -> list[Figure]:
    """An amount in brackets just after another in a different currency is that amount converted
    ("VND152 billion (US$6.1 million)"): the same indicator and measure, its own unit and value."""
    out: list[Figure] = []
    for figure in figures:
        before = out[-1] if out else None
        between = sentence[before.position[1]:figure.position[0]] if before else ""
        if (before and figure.unit in _MONEY and before.unit in _MONEY and figure.unit != before.unit
                and re.fullmatch(r"\s*\(\s*(?:about|around|approximately|some|nearly|over)?\s*", between, re.IGNORECASE)):
            figure = dataclasses.replace(figure, indicator=before.indicator, cues=before.cues, proposed=before.proposed,
                                         measure=before.measure, conversion_of=before.position)
        out.append(figure)
    return out


def _is_year(number: str, match: re.Match) -> bool:
    return (not match.group("pct") and not match.group("scale") and not match.group("cur")
            and re.fullmatch(r"(19|20)\d\d", number) is not None)


def _measure(unit: str, before: str, after: str) -> str | None:
    if _FORECAST_BEFORE.search(before[-60:]):
        return "forecast"  # "We expect to handle 4,500 cases", "is expected to grow 8%": not counted yet
    if unit.endswith("/percent"):
        above = _ABOVE.search(before[-60:])
        if above:
            return "above-estimate" if above.group("what").lower() == "estimate" else "above-target"
        for name, pattern in _SHARES:
            if pattern.search(after):
                return name
        if _ACCOUNTED.search(before[-40:]):
            return "share-of-total"
        if _TARGET_BEFORE.search(before[-50:]) and not _GROWTH_BEFORE.search(before[-25:]):
            return "target"  # not "116.05 percent of the set target and up 11 percent": that is a growth
        if _FROM_THEN_TO.search(before[-60:]) or re.search(r"\bfrom\s+$", before, re.IGNORECASE) and _TO_NUMBER.match(after):
            # "rose from 5% to 7%": the level before and after, not two levels at once
            return "after" if _FROM_THEN_TO.search(before[-60:]) else "before"
        if _CUT.search(before[-100:]) and not _GROWTH_BEFORE.search(before[-40:]):
            return "share-reduced"
        if _GROWTH_BEFORE.search(before[-40:]) or _GROWTH_AFTER.match(after):
            rest = _GROWTH_AFTER.sub("", after, count=1)
            previous = _PREVIOUS_AFTER.match(after) or _PREVIOUS_AFTER.match(rest) or _PREVIOUS_BEFORE.search(before[-50:])
            return "growth-previous-period" if previous else "growth-same-period"
        if _HIGHER_AFTER.match(after):  # "12% lower than a year earlier"
            previous = _PREVIOUS_AFTER.match(_HIGHER_AFTER.sub("", after, count=1))
            return "growth-previous-period" if previous else "growth-same-period"
        return None
    if _TARGET_BEFORE.search(before[-50:]):
        return "target"  # "the department targets revenue of VND 32 trillion"
    # a reorganization's counts: "reducing 485 focal points out of the previous total of 902"
    if _CUT_JUST_BEFORE.search(before[-40:]) and not re.search(r"\bto\s*$", before):  # "cut to 2 hours": the level
        return "reduction"
    if _BEFORE_JUST_BEFORE.search(before[-40:]) or re.search(r"\bfrom\s+$", before, re.IGNORECASE) and _TO_NUMBER.match(after):
        return "before"
    if _FROM_THEN_TO.search(before[-60:]):
        return "after"
    if _GROWTH_BEFORE.search(before[-30:]) and re.match(r"^\s*(?:over|compared|on|from|than)\b", after) \
            or _HIGHER_AFTER.match(after) or _CHANGE_JUST_BEFORE.search(before[-40:]):
        previous = (_PREVIOUS_AFTER.match(re.sub(r"^\s*(?:higher|more|lower|less)\b", "", after, flags=re.IGNORECASE))
                    or _PREVIOUS_BEFORE.search(before[-50:]))
        return "change-previous-period" if previous else "change-same-period"
    return None


def _clause_spans(sentence: str) -> list[tuple[int, int]]:
    cuts = [0] + [m.start() for m in _CLAUSE.finditer(sentence)] + [len(sentence)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _share_words(sentence: str, number: re.Match) -> tuple[int, int] | None:
    """Where the words after a share's number say what it is a share of (" of the estimate",
    after "%" or "percent")."""
    start = number.end()
    if not number.group("pct"):
        word = _PERCENT_WORD.match(sentence, start)
        if not word:
            return None
        start = word.end()
    for _, pattern in _SHARES:
        share = pattern.search(sentence[start:])
        if share:
            return start, start + share.end()
    return None


def _of_phrase(sentence: str, number: re.Match) -> tuple[int, int] | None:
    """Where a number's unit and what it is of are written ("300 bottles of foreign liquor")."""
    phrase = _OF_PHRASE.match(sentence, number.end())
    return (number.start(), phrase.end()) if phrase else None


_RATE_WORDS = re.compile(r"\b(?:per\s+(?:day|week|month|year)|daily|every\s*day|each\s+day|a\s+day|weekly|monthly|"
                         r"annually|yearly|on\s+average)\b", re.IGNORECASE)
# a count in each of a kind of period: "1,200 shipments per month", "300 vehicles a day"
_RATE = re.compile(r"\s*(?:(?:per|a|an|each|every)\s+(?:day|week|month|quarter|year)|daily|weekly|monthly|annually|yearly)\b",
                   re.IGNORECASE)
# a clause that names what its figure measures: "the number of passengers rose by about 20%" (no
# indicator is then taken from the sentences before it)
_NAMES_WHAT = re.compile(r"\b(?:number|value|amount|volume|quantity)\s+of\s+(?!(?:it|them|this|that|these|those)\b)[a-z]",
                         re.IGNORECASE)
# or a sentence led by one: "Each day, the airport handled nearly 500,000 parcels"
_RATE_LEADING = re.compile(r"\s*(?:on\s+average,?\s+)?(?P<rate>(?:each|every|per)\s+(?:day|week|month|quarter|year))\s*,",
                           re.IGNORECASE)
_OF_PHRASE = re.compile(r"\s+(?:[\w-]+\s+){1,2}?of\s+(?:(?!(?:and|or|with|which|the)\b)[A-Za-z][\w-]*\s*){1,4}")


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the words of ``spans`` blanked (its length kept)."""
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def _indicator(words: Lexicon, unit: str | None, texts: list[tuple[str, float, str]],
               noun: str | None = None, skip: frozenset[str] = frozenset(),
               own_words: bool = False) -> tuple[str | None, tuple[str, ...]]:
    """The indicator whose words are nearest the number and most (the words just before it, just
    after it, then the sentence, then the paragraph before), among those whose figures use
    this unit (any indicator where ``unit`` is None: a growth or a share) and, for a count of
    units of organization, whose names say what it counts (``noun``: "teams" is no count of
    provincial departments). Words before or after the number count less the further they are
    from it. ``own_words``: the figure's clause names what it measures, so an indicator whose words
    are only in the sentences before is none."""
    folded = [(stems(fold_in_place(text)), weight, side) for text, weight, side in texts]
    stem = stems(noun) if noun else noun

    @functools.cache  # a word of several indicators' names is looked for once
    def hit(word: str) -> tuple[float, float, float]:
        """How near the word is: anywhere, in the words about the number itself (its own, its
        column's heading, just before or after it), and in its own sentence."""
        best = near = own = 0.0
        for text, weight, side in folded:
            if word not in text:
                continue
            match = None
            for match in _whole_word(word).finditer(text):
                if side != "before":
                    break
            if match:
                gap = len(text[match.end():].split()) if side in ("before",) else (
                    len(text[:match.start()].split()) if side == "after" else 0)
                points = weight / (1 + 0.5 * gap)
                best = max(best, points)
                if side == "context":
                    continue
                own = max(own, points)
                if side or weight >= 2.0:
                    near = max(near, points)
        return best, near, own

    best: tuple[float, float, float, int, str | None, tuple[str, ...]] = (0.0, 0.0, 0.0, 0, None, ())
    for indicator, names in words.indicator_words.items():
        if indicator in skip:
            continue
        units = words.indicator_units.get(indicator)
        if unit is not None and (units is not None and unit not in units or units is None and unit.endswith("/percent")):
            continue
        if noun and not any(stem in name for name in names):
            continue
        score = near = own = 0.0
        found = []
        for name in names:
            points, close, in_sentence = hit(name)
            if points:
                score += points * len(name.split())
                near += close * len(name.split())
                own += in_sentence * len(name.split())
                found.append(name)
        # the words of its names one by one count too, less: "cases transferred for prosecution"
        # in "transferred 30 cases to other agencies for prosecution"
        for word in _content_words(names):
            points, close, in_sentence = hit(word)
            if points:
                score += points / 3
                near += close / 3
                own += in_sentence / 3
                found.append(word)
        # words about the number itself come first ("of which exports reached 197.38 billion USD"),
        # then how many of its names its sentence says ("import-export turnover" said three times),
        # then the sentences before it in its paragraph
        near = near if near >= 1.0 else 0.0
        own = own if own >= 1.0 else 0.0
        key = (near, own, score)
        if key > best[:3] or (key == best[:3] and score and len(names) < best[3]):
            best = (near, own, score, len(names), indicator, tuple(sorted(set(found))))
    if own_words and not best[1]:
        return None, ()  # the clause says what it measures, and no indicator's words are in its sentence
    return (best[4], best[5]) if best[2] >= 1.0 else (None, ())


_PLURAL = re.compile(r"(?<=\w\w\w)(?<![su])s\b|['’]s\b")


def stems(text: str) -> str:
    """Folded text with plurals and possessives dropped and every dash a hyphen, as the indicators'
    names are matched: "state budget's revenues" → "state budget revenue", "import–export" →
    "import-export", "imports" → "import" (not "class")."""
    return _PLURAL.sub("", text.translate(_DASHES))


_DASHES = {ord(c): "-" for c in "–—‒−"}


@functools.lru_cache(maxsize=8192)
def _whole_word(word: str) -> re.Pattern:
    # a word of a hyphenated compound is not that word: "import" is not in "export-import"
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")


def same(a: Figure, b: Figure) -> bool:
    """The same figure said twice (a headline and its paragraph)."""
    return (a.value, a.unit, a.indicator, a.measure, a.channel) == (b.value, b.unit, b.indicator, b.measure, b.channel)


def _content_words(names: set[str]) -> set[str]:
    return {w for name in names for w in re.findall(r"[\w-]+", name) if w not in _STOP and len(w) > 2}


def _proposal_words(unit_words: str, clause: str, after: str = "", own: str = "", before: str = "") -> str:
    """Words to name a new indicator after: the unit's phrase and what it is of ("tonnes of frozen
    chicken feet"), else the clause's content words but the figure's own ("about VND 12,500
    billion" names nothing), else the last of the sentence's before it."""
    if unit_words and unit_words != "%":
        of = re.match(r"\s+of\s+((?:(?!(?:were|was|are|is|worth|with|from|to|in|at|on|by|and|of|for)\b)[A-Za-z][\w-]*\s*){1,4})", after)
        return f"{unit_words} of {of.group(1).strip()}" if of else unit_words
    mine = {w.lower() for w in re.findall(r"[A-Za-z][\w-]*", own)}

    def content(text: str) -> list[str]:  # "the department's plan": department, plan (not "s")
        return [w for w in re.findall(r"[A-Za-z][\w-]*", re.sub(r"['’]s\b", "", text))
                if w.lower() not in _STOP and w.lower() not in mine and w.lower() not in SCALES]
    return " ".join(content(clause)[:5]) or " ".join(content(before)[-5:]) or "figure"
