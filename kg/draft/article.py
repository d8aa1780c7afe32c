"""An article as ``kg draft`` reads it: its text (a plain-text file, or an HTML page's main text
taken by trafilatura), what is known of it (URL, date, title), and its sentences with their
line numbers, so every statement of a draft can carry the words it comes from."""
from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from kg._io import read_capped
from kg.errors import UsageError
from kg.lookup import slug

#: The largest article read (a long news article is 20-60 kB of text; an HTML page several
#: times that).
MAX_BYTES = 5 * 1024 * 1024
#: the most text read from an article (its HTML's text, or the file): the time a draft takes
#: grows with it (a page of nothing but figures: about 9 s at this size), a news article is far shorter
MAX_TEXT = 160_000

# words after which a full stop does not end a sentence
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "no", "nos", "st", "co", "ltd", "inc", "corp", "vs", "etc", "e.g",
                  "i.e", "u.s", "u.k", "gen", "col", "lt", "maj", "prof", "jan", "feb", "mar", "apr", "jun",
                  "jul", "aug", "sep", "sept", "oct", "nov", "dec", "art", "para", "approx", "dept"}
_SENTENCE_END = re.compile(r"[.!?](?:[\"”’')\]]*)(?=\s+[\"“‘(\[]?[A-Z0-9ĐÂĂÊÔƠƯ])")


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int        # the line of the article it starts on (1-based)
    paragraph: int   # the paragraph it belongs to (0-based)


@dataclass
class Article:
    """An article's text and what is known about it."""

    text: str
    name: str                         # the file name
    url: str | None = None
    published: date | None = None
    title: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    published_from: str = "--date"    # where the publication date was read, when not given

    @property
    def slug(self) -> str:
        """The source's identifier: from the URL's host and last path part, else the file name
        (``source/<slug>``), as facts/sources.trig names its sources."""
        if self.url:
            parts = urlsplit(self.url)
            host = [p for p in (parts.hostname or "").split(".") if p not in ("www", "com", "vn", "org", "net", "gov", "news", "en")]
            last = Path(parts.path.rstrip("/")).stem or "page"
            return slug(f"{host[0] if host else 'page'}-{last}")[:80].strip("-")
        return slug(Path(self.name).stem)[:80].strip("-") or "article"


def read(path: str | Path, url: str | None = None, published: date | None = None, title: str | None = None) -> Article:
    """Read an article file: UTF-8 text, or HTML (by its suffix or its first bytes).

    Raises:
        UsageError: the file is missing, empty, too large, binary or not UTF-8 (one line saying
            which and where), its name is not text, or ``url`` is no http(s) address.
    """
    path = Path(path)
    if not _is_text(path.name):
        raise UsageError(f"{os.fsencode(path)!r}: the file's name is not UTF-8 text (it names the source); rename it")
    if url is not None and not _is_web_address(url):
        raise UsageError(f"the article's URL {url!r} is not an http(s) address as a link is written (no spaces, "
                         "no <>\"{}|\\^`); give its web page, e.g. https://example.org/news/1")
    try:
        data = read_capped(path, MAX_BYTES)
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror or e}") from None
    if data is None:
        raise UsageError(f"{path}: not a regular file (give an article's text or HTML file)")
    if len(data) > MAX_BYTES:
        raise UsageError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB; an article is far smaller")
    if b"\0" in data:
        raise UsageError(f"{path}: a binary file (it contains NUL bytes), not an article's text or HTML")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise UsageError(f"{path}:{line}:{column}: not UTF-8 (byte 0x{data[e.start]:02x}); save the article as UTF-8") from None
    found_date = None
    if _is_html(path, text):
        text, found_title, found_date = _html_text(text)
        title = title or found_title
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # control characters are no text: each a space, so that a quote is the article's words as read
    text = _CONTROL.sub(" ", text)
    if not re.search(r"\w", text):
        raise UsageError(f"{path}: no text to read (the file is empty or has no words)")
    if len(text) > MAX_TEXT:
        raise UsageError(f"{path}: {len(text):,} characters of text; kg draft reads at most {MAX_TEXT:,} (a news "
                         "article is a few thousand): split it into its articles")
    if title is None:
        title = headline(text)
    article = Article(text, path.name, url, published, title)
    if published is None:
        article.published, article.published_from = found_date or byline_date(text) or (None, "--date")
    article.sentences = split(text)
    return article


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# what an IRI may not hold (RFC 3987): spaces and controls, and <>"{}|\^`
_NOT_IN_AN_IRI = re.compile(r'[\x00-\x20\x7f<>"{}|\\^`]')


def _is_text(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes the file system gave that are not UTF-8 (surrogate escapes)
        return False
    return True


def _is_web_address(url: str) -> bool:
    """Whether ``url`` is an http(s) address with a host that an IRI can hold as written."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1": a bracket left open
        return False
    return (parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and _is_text(url)
            and not _NOT_IN_AN_IRI.search(url))


# a dateline as news pages write it under the headline: "Báo Chính Phủ28/06/2025",
# "Saturday, June 28, 2025 10:30", "28/06/2025 | 10:30 GMT+7"
_NUMERIC_DATE = re.compile(r"(?<!\d)(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)(?!\d)")
_WORDED_DATE = re.compile(r"\b(?P<mn>[A-Z][a-z]{2,8})\.?\s+(?P<d>[0-3]?\d),?\s+(?P<y>(?:19|20)\d\d)\b"
                          r"|\b(?P<d2>[0-3]?\d)\s+(?P<mn2>[A-Z][a-z]{2,8})\.?\s+(?P<y2>(?:19|20)\d\d)\b")
_AFTER_DATE = re.compile(r"^\s*(?:[|,-]\s*)?(?:\d{1,2}:\d\d(?:\s*(?:AM|PM|am|pm))?(?:\s*\(?GMT[+-]\d+\)?)?)?\s*$")
# a wire dateline opening the first paragraph: "Hanoi, 4 March 2024 - The ...", "Dien Bien, October
# 14, 2024 (VNA) – ..."; the place, a comma, the date, perhaps the agency, a dash
_WIRE_DATELINE = re.compile(r"^(?!(?:In|On|At|By|From|Since|As|The|This|Until|After|Before)\b)[A-ZĐ][^\W\d_]*(?:[ .'-]+[A-ZĐ][^\W\d_]*){0,4},\s+(?P<date>[^-–—()]{6,25}?)\s*"
                            r"(?:\([^()]{1,30}\)\s*)?[-–—]\s")


def byline_date(text: str, lines: int = 15) -> tuple[date, str] | None:
    """The publication date a text article gives in its dateline: a short line among its first
    ``lines`` that ends with a full date (day/month/year, as Vietnamese pages write it, or a
    month's name), perhaps with a time after it, or the wire dateline that opens a paragraph
    ("Hanoi, 4 March 2024 - ..."); and where it was read. None where no line is one (a date
    inside a sentence is never taken for it)."""
    from kg.draft.periods import MONTHS

    for number, line in enumerate(text.split("\n")[:lines * 3], start=1):
        line = line.strip()
        wire = _WIRE_DATELINE.match(line)
        if wire:  # the date alone, between the place and the dash
            line = wire.group("date")
        elif not line or len(line.split()) > 12 or line.endswith("."):
            continue
        for match in list(_NUMERIC_DATE.finditer(line)) + list(_WORDED_DATE.finditer(line)):
            if not _AFTER_DATE.match(line[match.end():]) or (wire and match.start() > 0):
                continue
            g = match.groupdict()
            month = int(g["m"]) if g.get("m") else MONTHS.get((g["mn"] or g["mn2"]).lower())
            try:
                day = date(int(g["y"] or g["y2"]), month, int(g["d"] or g["d2"])) if month else None
            except ValueError:
                day = None
            if day:
                return day, f'line {number}: "{line}"'
    return None


def split(text: str) -> list[Sentence]:
    """Sentences, each with the line it starts on; a line is never joined to the next (news
    text puts headings, captions and paragraphs on lines of their own)."""
    sentences: list[Sentence] = []
    paragraph = -1
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line or is_boilerplate(line):
            continue
        paragraph += 1
        start = 0
        for match in _SENTENCE_END.finditer(line):
            word = re.search(r"([\w.]+)[.!?]?$", line[start:match.start() + 1])
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            if word and len(word.group(1)) == 1 and word.group(1).isupper():  # an initial: "N. Linh"
                continue
            sentences += _bounded(line[start:match.end()].strip(), number, paragraph)
            start = match.end()
        if line[start:].strip():
            sentences += _bounded(line[start:].strip(), number, paragraph)
    return sentences


#: the longest run of text read as one sentence: news sentences are far shorter, and the readers
#: look at a sentence's whole text for each figure in it, so a longer run would cost its square
MAX_SENTENCE = 800


def _bounded(text: str, line: int, paragraph: int) -> list[Sentence]:
    """``text`` as one sentence, or where it is longer than :data:`MAX_SENTENCE` characters (a
    list, a table flattened, a page with no full stops), as pieces cut at the last semicolon,
    comma or space before the limit: the draft's time grows with the article, not its square."""
    pieces = []
    while len(text) > MAX_SENTENCE:
        cut = max(text.rfind(mark, MAX_SENTENCE // 2, MAX_SENTENCE) for mark in ("; ", ", ", " "))
        cut = cut + 1 if cut > 0 else MAX_SENTENCE
        pieces.append(Sentence(text[:cut].strip(), line, paragraph))
        text = text[cut:].strip()
    return pieces + ([Sentence(text, line, paragraph)] if text else [])


# a page's furniture, not its article: a photo's caption, a line that is a date and time, a menu
_CAPTION = re.compile(r"\b(?:Photo|Photos|Source|Ảnh)\s*:|\(Photo\b|\bPhoto\s+by\b|\bIllustrat\w+\s+(?:image|photo)\b",
                      re.IGNORECASE)
_FURNITURE = re.compile(r"^(?:advertisement|contact\s+us|rss|tags?\s*:?|related\s+(?:news|articles?)|other\s+news|see\s+more|"
                        r"next\s+article|previous\s+article|go\s+to\s+top|comment\s*\(\d+\)|no\s+data|same\s+(?:tag|category|author)|"
                        r"latest\s+news|more\s+news|read\s+more|your\s+care|latest\s+most\s+read|mobile\s+version|consulting|"
                        r"share|print|home|back)(?:\b|(?<=\)))[\w\s&|:-]*$", re.IGNORECASE)


# a line that opens the body, not a headline: a dateline ("HÀ NỘI —", "VIETNAM, June 10 -",
# "Hanoi (VNA) -", "VCN -"), a byline ("By Quoc Thang")
_BODY_START = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\w.,À-ỹ ]{0,30}(?:\([A-Z]{2,5}\))?\s*[—–-]\s|by\s)", re.IGNORECASE)


def headline(text: str) -> str | None:
    r"""The article's headline: the first line among its opening ones that reads as a title, four
    to 25 words with no full stop at its end, not page furniture (a date, a caption, a menu), not
    a category or kicker ("Law", "Administrative reform"), not a dateline or byline, not a menu (a
    line that says one word three times: "News Business News Videos News"); looked for
    before the body's second sentence line (a page may put the lead paragraph first). None where
    the text has none: a sentence of the body is no title.

    >>> headline("  1. Law\n\nCity Customs detects 1,300 cases of fake goods\nThe city's customs said ...")
    'City Customs detects 1,300 cases of fake goods'
    >>> headline("HÀ NỘI — Revenue rose 9 per cent in May.\nExports rose too.\nA later heading here") is None
    True
    """
    body_lines = 0
    for raw in text.split("\n")[:40]:
        line = " ".join(raw.split()).strip(" |")
        if not line or is_boilerplate(line):
            continue
        words = len(line.split())
        sentence = line.endswith((".", "!", "?", ":", ";")) or words > 25 or len(line) > 180 or bool(_BODY_START.match(line))
        if sentence:
            body_lines += 1
            if body_lines >= 2:
                return None
            continue
        counts = Counter(w.lower() for w in re.findall(r"\w{2,}", line))
        if 4 <= words and re.match(r"[\"“'‘(]?[\dA-ZĐÀ-Ỹ]", line) and max(counts.values(), default=0) < 3:
            return line
    return None


def is_boilerplate(line: str) -> bool:
    """Whether a line is a page's furniture rather than its article's words: a photo's caption
    ("... Photo: VNA"), a date and time alone ("March 21, 2023 23:37", "19:42 | 12/04/2022"), or a
    menu's words ("Related News", "Comment (0)")."""
    if _CAPTION.search(line) or _FURNITURE.match(line):
        return True
    if len(line.split()) <= 12 and not line.endswith("."):
        for match in list(_NUMERIC_DATE.finditer(line)) + list(_WORDED_DATE.finditer(line)):
            rest = (line[:match.start()] + " " + line[match.end():]).strip()
            if not re.search(r"[^\W\d_]{3,}", re.sub(r"\b(?:am|pm|gmt|pt|by)\b", "", rest, flags=re.IGNORECASE)) \
                    or rest.lower().startswith("by "):
                return True
    return False


def _is_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def _html_text(html: str) -> tuple[str, str | None, tuple[date, str] | None]:
    """The page's main text (trafilatura: the article without navigation, comments and
    boilerplate), its title and its publication date (from the page's metadata, and so
    said)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True) or ""
    # the date the page's markup states (meta tags, <time>, the URL), never one htmldate guesses
    # from the text ("Copyright 2024" is no publication date)
    meta = trafilatura.extract_metadata(html, date_config={"extensive_search": False, "original_date": True})
    published = None
    if meta and meta.date:
        try:
            published = (date.fromisoformat(meta.date[:10]), "the page's metadata (its publication date)")
        except ValueError:
            pass
    return text, (meta.title if meta and meta.title else None), published

