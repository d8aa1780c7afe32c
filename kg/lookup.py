"""Finding things by name: diacritic-insensitive search over labels and document numbers,
resolving what a user typed (IRI, CURIE, notation, label) to one entity, and describing it."""
from __future__ import annotations

import functools
import re
import weakref
import unicodedata
from dataclasses import dataclass

import pyoxigraph as ox

from kg import queries
from kg.errors import UsageError
from kg.graph import KnowledgeGraph
from kg.namespaces import BASE, ONTOLOGY_IRI, PREFIXES, curie, expand
from kg.notation import NotationError, parse

CONCEPTS = BASE + "concept/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def fold(text: str) -> str:
    """Lowercase, drop diacritics (``đ`` → ``d``), collapse spaces: "Hải quan" → "hai quan"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip().casefold()


@dataclass(frozen=True)
class Hit:
    entity: str
    name: str
    kind: str  # label, other name, notation
    type: str
    score: int


def loose(text: str) -> str:
    """:func:`fold`, and every run of dashes, slashes and other punctuation one space:
    "2026–2030", "2026-2030" → "2026 2030"; "06/CT-TTg" → "06 ct ttg"."""
    return re.sub(r"[\W_]+", " ", fold(text)).strip()


def slug(text: str) -> str:
    """The lowercase ASCII identifier part the facts use for a name: "Lê Thị Hoa" → "le-thi-hoa"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def search(graph: KnowledgeGraph, text: str, limit: int = 20) -> list[Hit]:
    """Entities whose names match ``text``, best first: exact, prefix, whole word, then a
    substring or all the words in any order ("CT 06" finds "06/CT-TTg"). Case, diacritics,
    dashes and punctuation do not count."""
    wanted = loose(text)
    if not wanted:
        raise UsageError("search needs some text (letters or digits)")
    best: dict[str, Hit] = {}
    for row, _, name in _names(graph):
        score = _score(name, wanted)
        if score and (row["entity"] not in best or score > best[row["entity"]].score):
            best[row["entity"]] = Hit(row["entity"], row["name"], row["kind"], row.get("type", ""), score)
    # best match first; then the shorter name (its trailing number aside), then numbers as numbers
    return sorted(best.values(), key=lambda h: (-h.score, len(_stem(h.name)), natural_key(h.name)))[:limit]


def _score(name: str, wanted: str) -> int:
    if name == wanted:
        return 4
    if name.startswith(wanted):
        return 3
    if re.search(rf"\b{re.escape(wanted)}\b", name):
        return 2
    if wanted in name or set(wanted.split()) <= set(name.split()):
        return 1
    return 0


def resolve(graph: KnowledgeGraph, thing: str) -> str:
    """The IRI of the one entity ``thing`` names: an IRI, a CURIE, a notation or an exact label.

    Raises:
        UsageError: nothing matches, or several entities do (the message lists them).
    """
    thing = thing.strip()
    if thing.startswith("<") and thing.endswith(">"):
        thing = thing[1:-1]
    candidates: list[str] = []
    if re.match(r"^[a-z][\w+.-]*://", thing) or (thing.partition(":")[0] in PREFIXES and ":" in thing):
        iri = expand(thing)
        try:
            ox.NamedNode(iri)
        except ValueError as e:
            raise UsageError(f"{thing!r} is not a valid IRI: {e}") from None
        if _mentioned(graph, iri):
            return iri
        raise UsageError(f"{thing}: no statement mentions this IRI")
    try:
        notation = parse(thing).text
    except NotationError:
        notation = None
    wanted = fold(notation or thing)
    for row, folded, _ in _names(graph):
        if folded == wanted and row["entity"] not in candidates:
            candidates.append(row["entity"])
    candidates = _entities_first(candidates)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        near = ", ".join(f"{h.name} ({curie(h.entity)})" for h in _nearest(graph, thing)) if wanted else ""
        raise UsageError(f"{thing!r}: no entity has this name or number" + (f"; did you mean: {near}" if near else ""))
    raise UsageError(f"{thing!r} names {len(candidates)} entities: " + ", ".join(curie(c) for c in candidates))


def _entities_first(candidates: list[str]) -> list[str]:
    """A code-list entry that shares an entity's name ("Tổng cục Hải quan", the issuer code
    TCHQ) gives way to the entity."""
    entities = [c for c in candidates if not c.startswith(CONCEPTS)]
    return entities if entities else candidates


def _nearest(graph: KnowledgeGraph, thing: str, n: int = 5) -> list[Hit]:
    """Names like ``thing``: search hits, else the closest spellings ("Can Thoo" → "Can Tho")."""
    hits = search(graph, thing, n) if loose(thing) else []
    if hits:
        return hits
    import difflib

    names = {name: row for row, _, name in _names(graph)}
    close = difflib.get_close_matches(loose(thing), list(names), n=n, cutoff=0.75)
    return [Hit(names[c]["entity"], names[c]["name"], names[c]["kind"], names[c].get("type", ""), 0) for c in close]


# Every name of every entity, folded for look-ups and loosened for search: read once per loaded
# graph (the graph does not change after loading), not once per search or reconciliation query.
_NAMES: "weakref.WeakKeyDictionary[KnowledgeGraph, list[tuple[dict, str, str]]]" = weakref.WeakKeyDictionary()


def _names(graph: KnowledgeGraph) -> list[tuple[dict, str, str]]:
    """(row of the names query, its name folded, its name loosened) for every name."""
    found = _NAMES.get(graph)
    if found is None:
        rows = graph.select(queries.read("names", internal=True))
        found = _NAMES[graph] = [(row, fold(row["name"]), loose(row["name"])) for row in rows]
    return found


def _mentioned(graph: KnowledgeGraph, iri: str) -> bool:
    node = ox.NamedNode(iri)
    return any(True for _ in graph.store.quads_for_pattern(node, None, None)) or any(
        True for _ in graph.store.quads_for_pattern(None, None, node))


@dataclass(frozen=True)
class Statement:
    """One statement about an entity, with every source graph that states it."""

    direction: str  # "out": entity predicate other; "in": other predicate entity
    predicate: str
    other: ox.NamedNode | ox.BlankNode | ox.Literal
    sources: tuple[str, ...]


def describe(graph: KnowledgeGraph, iri: str) -> list[Statement]:
    """Every statement about ``iri``, outgoing then incoming, each with the graphs that state it."""
    grouped: dict[tuple, list[str]] = {}
    for row in graph.query(queries.read("describe", internal=True), {"entity": ox.NamedNode(iri)}):
        key = (row["direction"].value, row["predicate"].value, row["other"])
        grouped.setdefault(key, []).append(row["graph"].value)
    return [Statement(d, p, o, tuple(g)) for (d, p, o), g in grouped.items()]


def describe_text(graph: KnowledgeGraph, iri: str, lang: str = "en") -> str:
    """``describe`` for people: labels instead of IRIs, each statement's sources, then a legend
    of the sources with their titles."""
    statements = describe(graph, iri)
    lines = [f"{label_of(graph, iri, lang)}  <{iri}>"]
    sources: set[str] = set()
    for s in statements:
        other = _shown(graph, s.other, s.predicate, lang)
        arrow = f"{curie(s.predicate)} → {other}" if s.direction == "out" else f"← {curie(s.predicate)} ← {other}"
        lines.append(f"  {arrow}    [{'; '.join(curie(g) for g in s.sources)}]")
        sources.update(s.sources)
    if sources:
        lines.append("sources:")
        lines.extend(f"  {curie(g)}  {label_of(graph, g, lang)}" for g in sorted(sources))
    return "\n".join(lines)


def _shown(graph: KnowledgeGraph, term, predicate: str, lang: str) -> str:
    """A term as text: our entities by label; classes, terms and foreign IRIs as CURIEs."""
    if isinstance(term, ox.Literal):
        return f"{term.value}@{term.language}" if term.language == "vi" else term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if predicate == RDF_TYPE or not term.value.startswith(BASE) or term.value.startswith(ONTOLOGY_IRI):
        return curie(term.value)
    return label_of(graph, term.value, lang)


def label_of(graph: KnowledgeGraph, iri: str, lang: str = "en") -> str:
    """The entity's label in ``lang``, else in English, else any label, else its CURIE."""
    labels = _labels(graph, iri)
    for wanted in (lang, "en"):
        for text, tag in labels:
            if tag == wanted:
                return text
    return labels[0][0] if labels else curie(iri)


def _labels(graph: KnowledgeGraph, iri: str) -> list[tuple[str, str]]:
    node = ox.NamedNode(iri)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    return sorted({(q.object.value, q.object.language or "") for q in graph.store.quads_for_pattern(node, label, None)})


_ROMAN = re.compile(r"^(?=[IVXL])(L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def natural_key(name: str) -> tuple:
    """A sort key that reads numbers as numbers, Roman ones too: Regional Customs Branch I, II,
    III, ... XX (not I, II, III, IV, IX, V); Decision 2 before Decision 10; a name before its
    longer forms.

    >>> sorted(["Branch X", "Branch IX", "Branch II", "Branch XX", "Branch I"], key=natural_key)
    ['Branch I', 'Branch II', 'Branch IX', 'Branch X', 'Branch XX']
    """
    key = []
    for word in name.split():
        if word.isdigit():
            key.append((1, int(word), ""))
        elif _ROMAN.match(word):
            key.append((1, _roman(word), ""))
        else:
            key.append((0, 0, word.casefold()))
    return tuple(key)


def _stem(name: str) -> str:
    """``name`` without a trailing number, Arabic or Roman ("Regional Customs Branch XIV" → "Regional Customs Branch")."""
    head, _, last = name.rpartition(" ")
    return head if head and (last.isdigit() or _ROMAN.match(last)) else name


def _roman(numeral: str) -> int:
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


# -- names in running text --------------------------------------------------------------------
#: The kinds of things an article can name: bodies, people, documents, events, places, systems.
MENTIONABLE = tuple(BASE + kind + "/" for kind in
                    ("org", "person", "document", "event", "series", "change", "place", "system", "programme"))


@dataclass(frozen=True)
class Mention:
    """A name of the graph found in a text: where, as written, and every entity it names."""

    start: int
    end: int
    text: str
    entities: tuple[str, ...]


def mentions(graph: KnowledgeGraph, text: str) -> list[Mention]:
    """Every name of an entity found in ``text``, leftmost and longest first, not overlapping.

    The names are the resolver's own (:func:`resolve` reads the same table, folded the same
    way): labels in English and Vietnamese, other names and document notations, so
    "Tong cuc Hai quan", "382/QD-BTC" and "the customs sector" are found as the graph writes
    them. A name that several entities share keeps them all (:attr:`Mention.entities`); which
    one is meant is for a person to say.

    >>> import kg
    >>> [m.text for m in mentions(kg.load("."), "Decision 382/QD-BTC of the Ministry of Finance")]
    ['Decision 382/QD-BTC', 'Ministry of Finance']
    """
    automaton = _automaton(graph)
    folded = _hyphens_as_spaces(fold_in_place(text))
    found: list[tuple[int, int, str]] = []
    for end, (length, entities, cased) in automaton.iter(folded):
        start = end - length + 1
        if _word_edge(folded, start - 1) and _word_edge(folded, end + 1) and (not cased or text[start].isupper()):
            found.append((start, end + 1, entities))
    found.sort(key=lambda f: (f[0], f[0] - f[1]))
    chosen: list[Mention] = []
    reached = 0
    for start, end, entities in found:
        if start >= reached:
            chosen.append(Mention(start, end, text[start:end], entities))
            reached = end
    return chosen


def _word_edge(text: str, i: int) -> bool:
    return i < 0 or i >= len(text) or not text[i].isalnum()


_AUTOMATA: "weakref.WeakKeyDictionary[KnowledgeGraph, object]" = weakref.WeakKeyDictionary()


def _automaton(graph: KnowledgeGraph):
    """An Aho-Corasick automaton over the folded names of the mentionable entities (built once
    per loaded graph): the value of each name is its length and the entities it names."""
    found = _AUTOMATA.get(graph)
    if found is None:
        import ahocorasick

        named: dict[str, list[str]] = {}
        acronymed: list[tuple[str, str]] = []
        for row, folded, _ in _names(graph):
            if row["entity"].startswith(MENTIONABLE):
                name = _hyphens_as_spaces(folded[4:] if folded.startswith("the ") else folded)
                if len(name) > 2 and row["entity"] not in named.setdefault(name, []):
                    named[name].append(row["entity"])
                acronymed += _without_acronym(row["name"], name, row["entity"])
        for variant, entity in _owned_name_variants(named) + _operation_name_variants(named):
            if entity not in named.setdefault(variant, []):
                named[variant].append(entity)
        # a national body without the country, where the text capitalises it: "the Government"
        cased = {}
        for variant, entity in (_national_name_variants(named) + _short_customs_names(named) + acronymed
                                + _ministry_names(named)):
            if variant not in named:
                cased.setdefault(variant, []).append(entity)
        found = ahocorasick.Automaton()
        for name, entities in named.items():
            found.add_word(name, (len(name), tuple(_entities_first(entities)), False))
        for name, entities in cased.items():
            found.add_word(name, (len(name), tuple(_entities_first(entities)), True))
        found.make_automaton()
        _AUTOMATA[graph] = found
    return found


def within_a_name(graph: KnowledgeGraph, text: str) -> bool:
    """Whether ``text`` is a name the graph knows, or whole words of one ("General Department" of
    "General Department of Vietnam Customs"): too little to name a new entity by."""
    wanted = re.compile(rf"(?<!\w){re.escape(fold(text))}(?!\w)")
    return any(wanted.search(folded) for _, folded, _ in _names(graph))


def _hyphens_as_spaces(folded: str) -> str:
    """"Directors-General" and "Directors General" are one name in running text (same length)."""
    return folded.replace("-", " ")


def _owned_name_variants(named: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The other ways running text writes a name that begins with a body's name: "Ministry of
    Finance Steering Committee 389" is also "Steering Committee 389 of the Ministry of Finance"
    and "Ministry of Finance's Steering Committee 389"."""
    bodies = sorted((n for n, entities in named.items() if len(entities) == 1 and entities[0].startswith(BASE + "org/")
                     and " " in n), key=len, reverse=True)
    variants = []
    for name, entities in named.items():
        if len(entities) != 1:
            continue
        owner = next((b for b in bodies if name.startswith(b + " ") and named[b] != entities), None)
        if owner is None:
            continue
        rest = name[len(owner) + 1:]
        variants += [(f"{rest} of the {owner}", entities[0]), (f"{rest} of {owner}", entities[0]),
                     (f"{owner}'s {rest}", entities[0]), (f"{owner}’s {rest}", entities[0])]
    return variants


def _national_name_variants(named: dict[str, list[str]]) -> list[tuple[str, str]]:
    """A national body's name without its country ("Government of Vietnam": "Government"), found
    only where the text capitalises it, so that "the Government" is the body and "local
    government" is not."""
    found = []
    for name, entities in named.items():
        country = re.search(r" of (?:the )?(?:socialist republic of )?viet ?nam$", name)
        if country and len(entities) == 1 and entities[0].startswith(BASE + "org/") and 0 < country.start() <= 30:
            found.append((name[:country.start()], entities[0]))
    return found


def _without_acronym(name: str, folded: str, entity: str) -> list[tuple[str, str]]:
    """A name led by a body's acronym ("ASEAN Joint Customs Control", "WCO Time Release Study") is
    also written without it ("the 2nd Joint Customs Control"), where the text capitalises it and
    three words or more are left, so that no common phrase becomes a name."""
    first = name.partition(" ")[0]
    if len(first) >= 3 and first.isupper() and first.isalpha() and folded.count(" ") >= 3:
        return [(folded.partition(" ")[2], entity)]
    return []


def _ministry_names(named: dict[str, list[str]]) -> list[tuple[str, str]]:
    """A ministry as news writes it turned round: "Ministry of Finance" is also "Finance Ministry",
    where the text capitalises it."""
    found = []
    for name, entities in named.items():
        of = re.fullmatch(r"ministry of ([a-z][a-z ,&-]{2,40})", name)
        if of and len(entities) == 1 and entities[0].startswith(BASE + "org/") and " of " not in of.group(1):
            found.append((f"{of.group(1)} ministry", entities[0]))
    return found


def _short_customs_names(named: dict[str, list[str]]) -> list[tuple[str, str]]:
    """A place's customs body as news writes it short: "Hanoi Customs Department" is also "Hanoi
    Customs", where the text capitalises it (a name no other entity has; "Vietnam Customs" is the
    sector's own name)."""
    found = []
    for name, entities in named.items():
        if len(entities) == 1 and entities[0].startswith(BASE + "org/") and name.endswith(" customs department"):
            short = name[:-len(" department")]
            if short.count(" ") >= 1:
                found.append((short, entities[0]))
    return found


def _operation_name_variants(named: dict[str, list[str]]) -> list[tuple[str, str]]:
    """An operation is named without the word: "Operation Mekong Dragon" is also "Mekong Dragon"
    (a name of two words or more, so that no common word becomes a name)."""
    return [(name[len("operation "):], entities[0]) for name, entities in named.items()
            if len(entities) == 1 and name.startswith("operation ") and name.count(" ") >= 2]


def fold_in_place(text: str) -> str:
    """:func:`fold` one character at a time, so that a position in the result is the same
    position in ``text`` (a space stays one space, a line break becomes one)."""
    if text.isascii():  # the common case, at C speed: spaces to " ", letters lowered
        return text.translate(_ASCII_SPACES).lower()
    return "".join(map(_fold_char, text))


_ASCII_SPACES = {i: " " for i in range(128) if chr(i).isspace()}


@functools.lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c.isspace():
        return " "
    f = fold(c) if c not in "đĐ" else "d"
    return f if len(f) == 1 else c.lower()[:1] or c
