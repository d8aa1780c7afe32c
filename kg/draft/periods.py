"""The periods an article's figures measure, read from its words.

"the first quarter of 2023", "first two months of 2021", "16 January to 15 February 2023",
"from the beginning of the year to June 15, 2025", "In 2024", "as of early July 2024",
"by 11 March 2025", "up to now" (with the publication date given): each becomes a
:class:`Period` with the first and last day it covers and the identifier the facts use
(``period/2023-q1``, ``period/2021-01-01_2021-02-28``, ``period/2024-07-early``).

Nothing is guessed: a day the text does not give is not made up (a month is the whole month, a
season of a month the days it may be), and a date written without its year takes the year the
article wrote last (or, failing that, the year of the publication date given), which the
:class:`Period` records in ``year_from`` so a reviewer sees where it came from. Dates that are
not periods of a figure are set aside: a document's date ("dated February 4, 2025") and the
period a figure is compared with ("over the same period in 2024", "year-on-year").

Measured against dateparser 1.5 on the phrases above (README, "Add an article"): dateparser reads
no period at all and puts a day and year of its own on partial dates ("In 2024" → 2 December
2024 when run on 2 December), so this small grammar is used instead.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

MONTHS = {name: i for i, names in enumerate(
    [(), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")]) for name in names}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12}

# a month's name, also used by kg.draft.figures for a change on the month before
MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|" \
         r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?![a-z])\.?"
_YEAR = r"(?:19|20)\d\d(?!\w)"  # a year, not the start of a longer word ("2025VND")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
# a date with or without its year: "June 15, 2025", "15 June 2025", "June 15", "15/06/2025"
_DATE = (rf"(?:(?P<{{p}}m1>{MONTH})\s+(?P<{{p}}d1>{_DAY})(?:\s*,?\s*(?P<{{p}}y1>{_YEAR}))?"
         rf"|(?P<{{p}}d2>{_DAY})\s+(?:of\s+)?(?P<{{p}}m2>{MONTH})(?:\s*,?\s*(?P<{{p}}y2>{_YEAR}))?"
         rf"|(?P<{{p}}d3>[0-3]?\d)/(?P<{{p}}n3>[01]?\d)/(?P<{{p}}y3>{_YEAR}))")
# a part of a day before its date: "the night of", "the early morning of"
PART_OF_DAY = r"the\s+(?:(?:early|late)\s+)?(?:morning|afternoon|evening|night)\s+of\s+"
# "signed on", and "signed by Deputy Prime Minister Ho Duc Phoc on"
_SIGNED_ON = r"signed\s+(?:by\s+[^,;.()]{1,80}?\s+)?on"
_OF_YEAR = rf"(?:\s+(?:of|in)\s+(?:(?P<year>{_YEAR})|the\s+year|this\s+year)|\s+(?P<year2>{_YEAR}))?"
_WORD = r"(?<![\w/.-])"

# the words that give a document's day of entry into force: "takes effect from July 15, 2023"
_IN_FORCE = (r"(?:(?:takes?|took|taking)\s+effect|(?:comes?|came|coming)\s+into\s+(?:force|effect)|"
             r"(?:is|was|are|were)\s+effective|effective)\s+(?:from|on|as\s+of)")

# who reports, and how, before the day of the report: "the General Department of Vietnam Customs
# (GDVC) reported on July 5", "said on December 6", "was announced by the Vietnam Customs on December 9"
_REPORTED = (r"(?:report(?:ed|s)?|announc(?:ed|es)|sa(?:id|ys)|informed(?:\s+the\s+press)?|stated|states|told\s+[\w\s]{1,30}?|"
             r"released|disclosed|noted|revealed|unveiled|published|briefed)"
             r"(?:\s+by\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,7}(?:\s+\([A-Z]+\))?)?\s+(?:on|yesterday|last\s+\w+)")
_REPORTS = r"(?:report(?:ed|s)?|announc(?:ed|es)|sa(?:id|ys)|informed|stated|told|released|disclosed|revealed|briefed)"

_PATTERNS = [
    # set aside first: the dates that are not what a figure measures
    ("document", rf"{_WORD}(?:dated|{_SIGNED_ON}|issued\s+on)\s+{_DATE.format(p='a')}"
                 rf"|{_IN_FORCE}\s+{_DATE.format(p='b')}"),
    # the day a report was made is no period of its figures
    ("reported", rf"\b{_REPORTED}\s+(?:\w+day,?\s+)?{_DATE.format(p='c')}"
                 # "On March 3, the Office of the General Department informed the press that ..."
                 rf"|(?:^|(?<=[.;]\s))on\s+{_DATE.format(p='d')}\s*,(?=[^,.;]{{0,100}}?\b{_REPORTS}\b)"),
    ("compared", rf"(?:same\s+period|same\s+time)(?:\s+(?:of|in|last)\s+(?:{_YEAR}|the\s+previous\s+year|year))?"
                 rf"|year[-\s]on[-\s]year|(?:compared|comparing)\s+(?:to|with)\s+(?:the\s+same\s+period\s+(?:of\s+|in\s+)?)?{_YEAR}"
                 rf"|(?:than|over)\s+(?:in\s+)?{_YEAR}(?![-–/]\d)"
                 # the period just before: "up 9.2% compared with February", "than the previous month"
                 rf"|(?:compared\s+(?:to|with)|than)\s+(?:in\s+)?(?:the\s+)?(?:(?:previous|preceding|prior|last)\s+(?:month|quarter)|{MONTH}(?!\s*\d))"
                 # and the year before: "up 8% over last year", "than the previous year"
                 rf"|(?:compared\s+(?:to|with)|than|over|from)\s+(?:the\s+)?(?:last|previous|preceding|prior)\s+year\b"),
    ("range", rf"{_WORD}(?:(?:from|between)\s+)?{_DATE.format(p='a')}\s*(?:to|until|till|and|[-–—])\s*"
              rf"(?:\d{{1,2}}:\d\d\s+(?:on\s+)?)?{_DATE.format(p='b')}"),
    # days of one month: "From June 26 to 28, 2025", "26-28 June 2025"
    ("day-range", rf"{_WORD}(?:(?:from|between)\s+)?(?P<rm>{MONTH})\s+(?P<rd1>{_DAY})\s*(?:to|until|till|and|[-–—])\s*"
                  rf"(?P<rd2>{_DAY})(?!\s*(?:{MONTH}))(?:\s*,?\s*(?P<ry>{_YEAR}))?"
                  rf"|{_WORD}(?:(?:from|between)\s+)?(?P<rd3>{_DAY})\s*(?:to|until|till|and|[-–—])\s*(?P<rd4>{_DAY})\s+"
                  rf"(?:of\s+)?(?P<rm2>{MONTH})(?:\s*,?\s*(?P<ry2>{_YEAR}))?"),
    ("year-start", rf"{_WORD}(?:from|since)\s+the\s+(?:beginning|start)\s+of\s+(?:the\s+year|(?P<ys>{_YEAR}))\s+"
                   rf"(?:to|until|till)\s+{_DATE.format(p='b')}"),
    # (or a part of the day: "on the night of October 12", "in the early morning of March 3, 2025")
    ("point", rf"{_WORD}(?:(?:as\s+of|as\s+at|by|up\s+to|until|on)\s+(?:{PART_OF_DAY})?|in\s+{PART_OF_DAY})"
              rf"{_DATE.format(p='a')}"),
    # the end of a month or a year: "By the end of June 2024, 1,000 businesses had joined"
    ("end-of", rf"{_WORD}(?:by|as\s+of|at|to|until|till)\s+the\s+end\s+of\s+(?:(?P<em>{MONTH})(?:\s*,?\s*(?P<emy>{_YEAR}))?"
               rf"|(?:the\s+year\s+)?(?P<ey2>{_YEAR})|(?:the|this)\s+year)\b"),
    # a span of months: "from January to May 2024", "the January-October period of 2024"
    ("month-range", rf"{_WORD}(?:(?:from|between)\s+)?(?P<ma>{MONTH})\s*(?:to|until|till|through|and|[-–—])\s*(?P<mb>{MONTH})"
                    rf"(?:\s*,?\s+(?:period\s+)?(?:of\s+|in\s+)?(?P<mry>{_YEAR}))?(?!\s*\d{{1,2}}\b)"),
    # a level from a day on: "From March 1, 2025, the sector was reorganized into 20 branches"
    ("from-day", rf"{_WORD}(?:from|since|effective\s+(?:from\s+)?)\s*{_DATE.format(p='a')}(?!\s*(?:to|until|till|[-–—])\s*\d)"),
    ("point-part", rf"{_WORD}(?:as\s+of|as\s+at|by|up\s+to)\s+(?P<part>early|mid|late)[-\s](?P<pm>{MONTH})\s+(?P<py>{_YEAR})"),
    ("year-to-now", rf"{_WORD}(?:since|from)\s+the\s+(?:beginning|start)\s+of\s+(?:(?:the|this)\s+year|(?P<yn>{_YEAR}))\b"
                    rf"(?:\s+(?:up\s+)?(?:to|until|till)\s+(?:now|date|today)\b|(?!\s*(?:up\s+)?(?:to|until|till)\b))"),
    ("now", rf"{_WORD}(?:up\s+to\s+now|to\s+date|so\s+far|as\s+of\s+now|currently)\b"),
    # from the year's start to the day of writing: "Since the start of the year, ... has collected"
    # (a year written: "Since the beginning of 2024, the department has handled 31 cases")
    ("quarter", rf"{_WORD}(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter{_OF_YEAR}"
                rf"|\bQ(?P<qn>[1-4])(?:\s*/\s*|\s+of\s+|\s+)(?P<qy>{_YEAR})|\bquarter\s+(?P<qn2>[1-4])(?:\s+of)?\s+(?P<qy2>{_YEAR})"),
    ("half", rf"{_WORD}(?:the\s+)?(?P<h>first|second|last)\s+(?:half|six\s+months|6\s+months){_OF_YEAR}"
             rf"|\bH(?P<hn>[12])\s*[/-]?\s*(?P<hy>{_YEAR})\b"),
    ("months", rf"{_WORD}(?:the\s+)?first\s+(?P<n>two|three|four|five|seven|eight|nine|ten|eleven|[2-57-9]|1[01])\s+months{_OF_YEAR}"
               # "the 10 months of 2024" (of a year: from its start); "9M2024", "10M/2024"
               rf"|{_WORD}(?:the\s+)?(?P<n2>two|three|four|five|seven|eight|nine|ten|eleven|[2-57-9]|1[01])\s+months\s+(?:of\s+)?(?P<year3>{_YEAR})"
               # "in the eight months": the first months of the year the article is about
               rf"|{_WORD}(?:in|during|over|for)\s+the\s+(?P<n5>two|three|four|five|seven|eight|nine|ten|eleven|[2-57-9]|1[01])\s+months\b"
               rf"(?!\s+(?:of|to|from|since|before|after|ago)\b)"
               rf"|\b(?P<n3>[2-57-9]|1[01])M\s*[/-]?\s*(?P<year4>{_YEAR})\b"),
    # the first days of a month: "in the first 10 days of March 2025"
    ("first-days", rf"{_WORD}(?:the\s+)?first\s+(?P<fd>[1-9]|[12]\d|ten|fifteen|twenty)\s+days\s+of\s+(?P<fdm>{MONTH})"
                   rf"(?:\s*,?\s*(?P<fdy>{_YEAR}))?"),
    ("part-month", rf"{_WORD}(?P<part>early|mid|late)[-\s](?P<pm>{MONTH})(?:\s+(?P<py>{_YEAR}))?"),
    # "in the first month of 2021": January
    ("first-month", rf"{_WORD}(?:the\s+)?first\s+month\s+(?:of\s+)?(?:(?P<fmy>{_YEAR})|the\s+year|this\s+year)"),
    # "In November last year": that month of the year before the publication date
    ("month-last-year", rf"{_WORD}(?:in|during|for|of|since|from)\s+(?P<lm>{MONTH})\s+(?:of\s+)?(?P<which>last|this)\s+year\b"),
    # "on Tuesday": the last such day on or before the publication date
    ("weekday", rf"{_WORD}on\s+(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?!\s*,?\s*(?:{MONTH}|\d))"),
    ("month", rf"{_WORD}(?:in|during|for|of|since|from)\s+(?P<mm>{MONTH})(?:\s+(?P<my>{_YEAR}))?(?!\s*\d)"),
    # a span of years ("2021-2025", "from 2021 to 2025", "between 2021 and 2025"; "in 2023 and 2024" is two years)
    ("years", rf"{_WORD}(?:from\s+)?(?P<ya>{_YEAR})\s*(?:to|[-–—])\s*(?P<yb>{_YEAR})\b"
              rf"|{_WORD}between\s+(?P<ya2>{_YEAR})\s+and\s+(?P<yb2>{_YEAR})\b"),
    # the whole year the article is about: "aims to collect VND 127,000 billion for the whole year"
    ("whole-year", rf"{_WORD}(?:for|in|during|over|throughout)\s+the\s+(?:whole|full|entire)\s+year\b(?!\s*(?:of\s+)?(?:19|20)\d\d)"),
    # the year before the publication date, or its own: "last year", "this year" (the year compared
    # with, "the same period last year", was set aside above)
    ("last-year", rf"{_WORD}(?:(?:in|during|for|of|throughout)\s+)?(?:the\s+)?(?:last|previous|past)\s+year\b"),
    ("this-year", rf"{_WORD}(?:(?:in|during|for|of|throughout)\s+)?this\s+year\b"),
    ("year", rf"{_WORD}(?:(?:in|during|for|throughout|of)\s+(?:the\s+year\s+)?|the\s+year\s+|full[-\s]year\s+|"
             rf"fiscal\s+year\s+|FY\s?|^)(?P<y>{_YEAR})\b(?![-–/]\d)"
             # a year naming an event: "The 2024 Customs - Business Forum"
             rf"|\bthe\s+(?P<ey>{_YEAR})(?=\s+(?-i:[A-Z]))"),
]
_COMPILED = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _PATTERNS]
_COMPARED = dict(_COMPILED)["compared"]
_ANY_YEAR = re.compile(rf"\b{_YEAR}\b")
_YESTERDAY = re.compile(r"\byesterday\b", re.IGNORECASE)
_YEAR_SPAN = re.compile(rf"\b{_YEAR}\s*[-–—]\s*{_YEAR}\b")


@dataclass(frozen=True)
class Period:
    """A span of days a figure measures, as the article gives it."""

    start: date
    end: date
    text: str                   # the article's words
    kind: str                   # year, quarter, half, months, month, part-month, range, point, ...
    position: tuple[int, int]   # where in the sentence
    year_from: str | None = None  # the words a missing year was taken from

    @property
    def slug(self) -> str:
        """The identifier's last part, as docs/data-model.md writes periods."""
        s, e = self.start, self.end
        if s == e:
            return s.isoformat()
        if self.kind == "part-month":
            part = {1: "early", 11: "mid", 21: "late"}[s.day]
            return f"{s:%Y-%m}-{part}"
        if s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31:
            return str(s.year) if s.year == e.year else f"{s.isoformat()}_{e.isoformat()}"
        if s.year == e.year and s.day == 1 and e == _month_end(e.year, e.month):
            if s.month == e.month:
                return f"{s:%Y-%m}"
            if e.month - s.month == 2 and s.month % 3 == 1:
                return f"{s.year}-q{(s.month + 2) // 3}"
            if e.month - s.month == 5 and s.month in (1, 7):
                return f"{s.year}-h{1 if s.month == 1 else 2}"
        return f"{s.isoformat()}_{e.isoformat()}"

    @property
    def label(self) -> str:
        """The period in words: "Q1 2024", "H1 2025", "2024", "July 2024", "1 January – 15 June 2025"."""
        slug = self.slug
        s, e = self.start, self.end
        if s == e:
            return f"{s.day} {s:%B %Y}"
        if re.fullmatch(r"\d{4}", slug):
            return slug
        if re.fullmatch(r"\d{4}-q\d", slug):
            return f"Q{slug[-1]} {s.year}"
        if re.fullmatch(r"\d{4}-h\d", slug):
            return f"H{slug[-1]} {s.year}"
        if re.fullmatch(r"\d{4}-\d\d", slug):
            return f"{s:%B %Y}"
        if self.kind == "part-month":
            return f"{slug.rsplit('-', 1)[1]} {s:%B %Y}"
        if s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31:
            return f"{s.year}–{e.year}"
        left = f"{s.day} {s:%B}" + ("" if s.year == e.year else f" {s.year}")
        return f"{left} – {e.day} {e:%B %Y}"


def find(sentence: str, context_year: tuple[int, str] | None = None, published: date | None = None) -> list[Period]:
    """The periods a sentence names, in the order they are written; dates set aside (a
    document's date, a period compared with) are not among them.

    ``context_year`` is the year the article wrote last before this sentence and the words it
    came from; ``published`` the publication date given, for "up to now" and as the last
    resort for a date without its year.

    >>> [p.slug for p in find("In the first quarter of 2024, revenue rose 15% over the same period of 2023.")]
    ['2024-q1']
    >>> [p.slug for p in find("from December 15, 2024 to May 14, 2025, the sector handled 6,453 cases")]
    ['2024-12-15_2025-05-14']
    """
    taken: list[tuple[int, int]] = []
    found: list[Period] = []
    if published and _YESTERDAY.search(sentence):  # "... yesterday said that up to now ...": said the day before
        published = published - timedelta(days=1)
    # a year in "over the same period in 2024" is not the year of a date written without one
    compared = _compared(sentence)
    for kind, pattern in _COMPILED:
        for match in pattern.finditer(sentence):
            span = match.span()
            if any(span[0] < b and a < span[1] for a, b in taken):
                continue
            taken.append(span)
            if kind in ("document", "compared", "reported"):
                continue
            year = _year_for(sentence, span, compared, context_year, published)
            read = _read(kind, match.groupdict(), year, published)
            if read is not None and read[0] <= read[1]:
                found.append(Period(read[0], read[1], match.group(0).strip(),
                                    "part-month" if kind == "point-part" else kind, span, read[2]))
    return sorted(found, key=lambda p: p.position)


def undated_now(sentence: str, published: date | None) -> str | None:
    """The words of a sentence that date its figures to the day of writing ("currently", "up to
    now", "since the start of the year") where no publication date is given to read them with;
    None otherwise."""
    if published is not None:
        return None
    found = now_words(sentence)
    return found[1] if found else None


def now_words(sentence: str) -> tuple[str, str] | None:
    """("now" or "year-to-now", the words) where a sentence dates its figures to when it was
    written or said ("currently", "up to now"; "since the start of the year"); None otherwise."""
    for kind in ("now", "year-to-now"):
        match = dict(_COMPILED)[kind].search(sentence)
        if match:
            return kind, match.group(0).strip()
    return None


def counted_from_year_start(period: Period) -> Period | None:
    """The period of a figure counted over time (revenue, cases) that an article gives "as of",
    "by" or "up to" a day, or "by the end of" a month: from the first of that day's year, as
    customs reports count ("As of July 17, revenue reached ...": 1 January – 17 July). None for
    any other period, and for a figure "on" a day (that day's own)."""
    if period.kind not in ("point", "end-of") or re.match(r"on\b", period.text, re.IGNORECASE):
        return None
    return replace(period, start=date(period.end.year, 1, 1), kind="year-to-date")


def last_year(sentence: str) -> int | None:
    """The last year a sentence writes (what a later date without its year takes), not one it
    compares with ("over the same period of 2022")."""
    compared = _compared(sentence)
    years = [int(m.group(0)) for m in _ANY_YEAR.finditer(sentence) if not any(a <= m.start() < b for a, b in compared)]
    return years[-1] if years else None


def _compared(sentence: str) -> list[tuple[int, int]]:
    """Where the sentence names a period it compares with ("over the same period of 2022")."""
    return [m.span() for m in _COMPARED.finditer(sentence)]


# after a document's number, its date, perhaps after its issuer: "..., dated February 4, 2025",
# "Decree No. 167/2025/ND-CP of the Government, dated June 30, 2025"
_DOCUMENT_DATE = re.compile(rf"^\W{{0,3}}(?:of\s+(?:the\s+)?[^,.;()]{{1,60}},\s*)?(?:dated|{_SIGNED_ON}|issued\s+on|of)\s+"
                            rf"{_DATE.format(p='a')}", re.IGNORECASE)
_IN_FORCE_DATE = re.compile(rf"{_IN_FORCE}\s+{_DATE.format(p='a')}", re.IGNORECASE)


def document_date(text: str) -> date | None:
    """The date written right after a document's number ("..., dated February 4, 2025"), when
    it gives its year; None otherwise."""
    match = _DOCUMENT_DATE.match(text)
    if not match or not any(match.group(f"ay{i}") for i in (1, 2, 3)):
        return None
    return _date(match.groupdict(), "a", None)


def in_force_date(sentence: str) -> tuple[date, str] | None:
    """The day a sentence says a document takes effect ("takes effect from July 15, 2023"), when it
    gives its year, and its words; None otherwise."""
    match = _IN_FORCE_DATE.search(sentence)
    if not match or not any(match.group(f"ay{i}") for i in (1, 2, 3)):
        return None
    day = _date(match.groupdict(), "a", None)
    return (day, match.group(0)) if day else None


def _year_for(sentence, span, compared, context_year, published) -> tuple[int | None, str | None]:
    """The year for a date that lacks one, and the words it came from (None: the sentence):
    the sentence's own year nearest after, then before it; else the article's last year; else
    the publication date's."""
    # never a year compared with, nor one end of a span of years ("for the period 2021-2025")
    spans = [m.span() for m in _YEAR_SPAN.finditer(sentence)]
    own = [m for m in _ANY_YEAR.finditer(sentence) if not any(a <= m.start() < b for a, b in compared + spans)]
    after = [m for m in own if m.start() >= span[1]]
    if after:
        return int(after[0].group(0)), None
    before = [m for m in own if m.end() <= span[0]]
    if before:
        return int(before[-1].group(0)), None
    if context_year:
        return context_year
    if published:
        return published.year, f"the publication date {published.isoformat()}"
    return None, None


def _read(kind: str, g: dict, year: tuple[int | None, str | None], published: date | None):
    """(first day, last day, where a missing year came from) of one match, or None."""
    y, year_from = year
    if kind == "range":
        b = _date(g, "b", y)
        a = _date(g, "a", b.year if b else y)
        if a is None or b is None:
            return None
        stated = any(g.get(f"{p}y{i}") for p in "ab" for i in (1, 2, 3))
        return a, b, None if stated else year_from
    if kind == "day-range":
        month = MONTHS[(g.get("rm") or g["rm2"]).lower().rstrip(".")]
        stated = g.get("ry") or g.get("ry2")
        yy = int(stated) if stated else y
        first, last = (int(re.match(r"\d+", g[k]).group(0)) for k in (("rd1", "rd2") if g.get("rm") else ("rd3", "rd4")))
        try:
            a, b = date(yy, month, first), date(yy, month, last)
        except (TypeError, ValueError):
            return None
        return (a, b, None if stated else year_from) if a < b else None
    if kind == "year-start":
        b = _date(g, "b", int(g["ys"]) if g.get("ys") else y)
        return (date(b.year, 1, 1), b, _from_if_missing(g, "b", year_from)) if b else None
    if kind in ("point", "from-day"):
        a = _date(g, "a", y)
        return (a, a, _from_if_missing(g, "a", year_from)) if a else None
    if kind in ("point-part", "part-month"):
        yy = int(g["py"]) if g.get("py") else y
        if yy is None:
            return None
        month = MONTHS[g["pm"].lower().rstrip(".")]
        first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, calendar.monthrange(yy, month)[1])}[g["part"].lower()]
        return date(yy, month, first), date(yy, month, last), None if g.get("py") else year_from
    if kind == "now":
        return (published, published, "the publication date given") if published else None
    if kind == "year-to-now":
        if not published or (g.get("yn") and int(g["yn"]) != published.year):
            return None  # to the day of writing, which no date given says, or in another year
        return date(published.year, 1, 1), published, "the publication date given"
    if kind == "years":
        return date(int(g["ya"] or g["ya2"]), 1, 1), date(int(g["yb"] or g["yb2"]), 12, 31), None
    if kind == "end-of":
        if g.get("em"):
            yy = int(g["emy"]) if g.get("emy") else y
            if yy is None:
                return None
            end = _month_end(yy, MONTHS[g["em"].lower().rstrip(".")])
            return end, end, None if g.get("emy") else year_from
        yy = int(g["ey2"]) if g.get("ey2") else y
        return (date(yy, 12, 31), date(yy, 12, 31), None if g.get("ey2") else year_from) if yy else None
    if kind == "month-range":
        yy = int(g["mry"]) if g.get("mry") else y
        a, b = MONTHS[g["ma"].lower().rstrip(".")], MONTHS[g["mb"].lower().rstrip(".")]
        if yy is None or a > b:
            return None
        return date(yy, a, 1), _month_end(yy, b), None if g.get("mry") else year_from
    if kind == "first-days":
        yy = int(g["fdy"]) if g.get("fdy") else y
        days = int(g["fd"]) if g["fd"].isdigit() else {"ten": 10, "fifteen": 15, "twenty": 20}[g["fd"].lower()]
        if yy is None:
            return None
        month = MONTHS[g["fdm"].lower().rstrip(".")]
        last = _safe_date(yy, month, days)
        return (date(yy, month, 1), last, None if g.get("fdy") else year_from) if last else None
    if kind == "year":
        yy = int(g.get("y") or g["ey"])
        return date(yy, 1, 1), date(yy, 12, 31), None
    if kind == "whole-year":
        return (date(y, 1, 1), date(y, 12, 31), year_from) if y else None
    if kind == "first-month":
        yy = int(g["fmy"]) if g.get("fmy") else y
        return (date(yy, 1, 1), date(yy, 1, 31), None if g.get("fmy") else year_from) if yy else None
    if kind == "month-last-year":
        if published is None:
            return None
        yy = published.year - (g["which"].lower() == "last")
        month = MONTHS[g["lm"].lower().rstrip(".")]
        return date(yy, month, 1), _month_end(yy, month), f"the publication date {published.isoformat()}"
    if kind == "weekday":
        if published is None:
            return None
        back = (published.weekday() - _WEEKDAYS.index(g["wd"].lower())) % 7
        day = published - timedelta(days=back)
        return day, day, f"the publication date {published.isoformat()}"
    if kind in ("last-year", "this-year"):
        if published is None:
            return None  # a year counted from the day of writing, which no date given says
        yy = published.year - (kind == "last-year")
        return date(yy, 1, 1), date(yy, 12, 31), f"the publication date {published.isoformat()}"
    stated = _stated_year(g)
    yy, from_ = (stated, None) if stated else (y, year_from)
    if yy is None:
        return None
    if kind == "quarter":
        q = int(g.get("qn") or g.get("qn2") or _ORDINALS[g["q"].lower()])
        return date(yy, 3 * q - 2, 1), _month_end(yy, 3 * q), from_
    if kind == "half":
        if g.get("hn"):
            yy = int(g["hy"])
            return (date(yy, 1, 1), date(yy, 6, 30), None) if g["hn"] == "1" else (date(yy, 7, 1), date(yy, 12, 31), None)
        if g["h"].lower() == "first":
            return date(yy, 1, 1), date(yy, 6, 30), from_
        return date(yy, 7, 1), date(yy, 12, 31), from_
    if kind == "months":
        count = g["n"] or g["n2"] or g["n3"] or g["n5"]
        n = int(count) if count.isdigit() else _COUNTS[count.lower()]
        return date(yy, 1, 1), _month_end(yy, n), from_
    if kind == "month":
        month = MONTHS[g["mm"].lower().rstrip(".")]
        yy = int(g["my"]) if g.get("my") else yy
        return date(yy, month, 1), _month_end(yy, month), None if g.get("my") else from_
    return None


def _stated_year(g: dict) -> int | None:
    for key in ("year", "year2", "year3", "year4", "qy", "qy2", "hy", "my"):
        if g.get(key):
            return int(g[key])
    return None


def _from_if_missing(g: dict, p: str, year_from: str | None) -> str | None:
    return None if any(g.get(f"{p}y{i}") for i in (1, 2, 3)) else year_from


def _date(g: dict, p: str, year: int | None) -> date | None:
    for i in (1, 2):
        if g.get(f"{p}m{i}"):
            yy = int(g[f"{p}y{i}"]) if g.get(f"{p}y{i}") else year
            if yy is None:
                return None
            day = int(re.match(r"\d+", g[f"{p}d{i}"]).group(0))
            return _safe_date(yy, MONTHS[g[f"{p}m{i}"].lower().rstrip(".")], day)
    if g.get(f"{p}d3"):
        return _safe_date(int(g[f"{p}y3"]), int(g[f"{p}n3"]), int(g[f"{p}d3"]))
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
