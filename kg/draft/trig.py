"""A reading written as one TriG file for a curator: the source's graph in the project's own
modelling (docs/data-model.md), each statement with the article's words above it, and what
needs a person's decision listed at the top."""
from __future__ import annotations

import re
from decimal import Decimal

import pyoxigraph as ox

from kg.draft.model import DraftFigure, Reading
from kg.graph import KnowledgeGraph
from kg.lookup import label_of, slug
from kg.namespaces import BASE

_PREFIXES = """@base <https://w3id.org/vn-customs-kg/> .
@prefix rdfs:           <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:            <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:           <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:            <http://purl.org/dc/terms/> .
@prefix eli:            <http://data.europa.eu/eli/ontology#> .
@prefix prov:           <http://www.w3.org/ns/prov#> .
@prefix schema:         <https://schema.org/> .
@prefix foaf:           <http://xmlns.com/foaf/0.1/> .
@prefix org:            <http://www.w3.org/ns/org#> .
@prefix qb:             <http://purl.org/linked-data/cube#> .
@prefix sdmx-measure:   <http://purl.org/linked-data/sdmx/2009/measure#> .
@prefix sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix vck:            <https://w3id.org/vn-customs-kg/ontology#> .
"""
PROPOSED = "Proposed by kg draft: not in the graph yet; check it is not one the graph has under another name."


def source_iri(reading: Reading) -> str:
    return BASE + "source/" + reading.article.slug


def figure_iris(reading: Reading) -> dict[int, str]:
    """Each drafted figure's IRI (by its index in ``reading.figures``):
    ``figure/<source>/<indicator>-<period>[-<measure>]``, numbered where two would share one."""
    taken: dict[str, int] = {}
    iris = {}
    for i, f in enumerate(reading.figures):
        what = _tail(f.figure.indicator) if f.figure.indicator else "proposed-" + _slug(f.figure.proposed)
        measure = "".join("-" + _tail(x) for x in (f.figure.channel, f.figure.measure) if x)
        base = f"figure/{reading.article.slug}/{what}-{f.period.slug if f.period else 'undated'}{measure}"
        taken[base] = taken.get(base, 0) + 1
        iris[i] = BASE + base + (f"-{taken[base]}" if taken[base] > 1 else "")
    return iris


def write(graph: KnowledgeGraph, reading: Reading) -> str:
    """The draft as TriG text."""
    article = reading.article
    source = source_iri(reading)
    out: list[str] = [f"# Draft of the facts in {article.url or article.name}, written by kg draft for review.",
                      "# Every statement is read from the article; the words it comes from are in vck:quote or in the",
                      "# comment above it. Check each, edit or delete it, then move this file into facts/ and run",
                      "# `kg validate`. Entities marked \"Proposed by kg draft\" are new to the graph."]
    _decisions(out, reading)
    out += ["", *_PREFIXES.splitlines(), f"<{_rel(source)}> {{", ""]
    if article.published and article.published_from != "--date":
        out.append(f"    # the publication date, from {article.published_from}")
    out.append(f"    <{_rel(source)}> a prov:Entity, schema:NewsArticle ;")
    name = article.title or article.name
    out.append(f"        rdfs:label {_lit('Article: ' + name)} ;")
    if article.url:
        out.append(f"        schema:url {_typed(article.url, 'anyURI')} ;")
    else:
        out.append(f"        vck:seedFile {_lit(article.name, None)} ;")
    if article.title:
        out.append(f"        dct:title {_lit(article.title)} ;")
    if article.published:
        out.append(f"        dct:issued {_typed(article.published.isoformat(), 'date')} ;")
    out[-1] = out[-1][:-2] + " ."

    if reading.known:
        out += ["", "    # --- entities the graph has, named by the article -----------------------------------------"]
        for entity, places in reading.known.items():
            words, sentence = places[0]
            out.append(f"    # {label_of(graph, entity)}: \"{words}\", line {sentence.line}"
                       + (f" (and {len(places) - 1} more)" if len(places) > 1 else ""))
            out.append(f"    <{_rel(source)}> schema:mentions <{_rel(entity)}> .")

    if reading.proposals:
        out += ["", "    # --- proposed new entities -----------------------------------------------------------------"]
        for p in reading.proposals:
            out.append(f"    # line {p.sentence.line}" + (f": day {p.day_from}" if p.day_from else ""))
            classes = {"person": "foaf:Person", "event": p.event_class, "body": "org:Organization"}.get(p.kind) or \
                "eli:LegalResource" + (f", vck:{p.doc_class}" if p.doc_class else "")
            out.append(f"    <{_rel(p.iri)}> a {classes} ;")
            out.append(f"        rdfs:label {_lit(p.label)} ;")
            if p.notation:
                out.append(f"        eli:id_local {_lit(p.notation, None)} ;")
            if p.signed:
                out.append(f"        eli:date_document {_typed(p.signed.isoformat(), 'date')} ;")
            if p.day:
                out.append(f"        schema:startDate {_typed(p.day.isoformat(), 'date')} ;")
            if p.end:
                out.append(f"        schema:endDate {_typed(p.end.isoformat(), 'date')} ;")
            if p.organizer:
                out.append(f"        schema:organizer <{_rel(p.organizer)}> ;")
            if p.series:
                out.append(f"        schema:superEvent <{_rel(p.series)}> ;"
                           + (f" vck:edition {p.edition} ;" if p.edition else ""))
            out.append(f"        vck:quote {_lit(p.sentence.text)} ;")
            out.append(f"        skos:editorialNote {_lit(PROPOSED)} .")
            out.append(f"    <{_rel(source)}> schema:mentions <{_rel(p.iri)}> .")

    if reading.in_force or reading.relations:
        out += ["", "    # --- what the article says of documents ----------------------------------------------------"]
        for document, day, words, sentence in reading.in_force:
            out.append(f"    # line {sentence.line}: \"{words}\"")
            out.append(f"    <{_rel(document)}> eli:first_date_entry_in_force {_typed(day.isoformat(), 'date')} .")
        for subject, prop, obj, words, sentence in reading.relations:
            out.append(f"    # line {sentence.line}: \"{words}\"")
            out.append(f"    <{_rel(subject)}> {prop} <{_rel(obj)}> .")

    if reading.posts:
        out += ["", "    # --- posts people hold, as the article gives them ------------------------------------------"]
        for post in reading.posts:
            out.append(f"    # line {post.sentence.line}: \"{post.words}\"" + ("" if post.as_of else "; no day given: add vck:asOf"))
            out.append(f"    <{_rel(post.iri)}> a org:Membership ;")
            out.append(f"        org:member <{_rel(post.person)}> ; org:organization <{_rel(post.organization)}> ;")
            out.append(f"        org:role <{_rel(post.role)}> ;")
            if post.as_of:
                out.append(f"        vck:asOf {_typed(post.as_of.isoformat(), 'date')} ;")
            out.append(f"        vck:quote {_lit(post.sentence.text)} .")

    # a figure with no period is drafted only where the article dates none of its figures (it gives no
    # period to read); where it dates others, this one's was missed, and it is listed at the top instead
    undated_article = all(f.period is None for f in reading.figures)
    drafted = [(i, f) for i, f in enumerate(reading.figures) if f.period is not None or undated_article]
    if drafted:
        out += ["", "    # --- periods the figures measure -----------------------------------------------------------"]
        seen = set()
        for _, f in drafted:
            if f.period is None:
                continue
            iri = BASE + "period/" + f.period.slug
            if iri in seen:
                continue
            seen.add(iri)
            label = label_of(graph, iri) if _known(graph, iri) else f.period.label
            out.append(f"    <{_rel(iri)}> a vck:Period ; rdfs:label {_lit(label)} ;")
            out.append(f"        schema:startDate {_typed(f.period.start.isoformat(), 'date')} ;"
                       f" schema:endDate {_typed(f.period.end.isoformat(), 'date')} .")
        proposed_indicators: dict[str, tuple[str, str | None]] = {}
        out += ["", "    # --- figures --------------------------------------------------------------------------------"]
        iris = figure_iris(reading)
        for i, f in drafted:
            out += _figure(graph, f, iris[i], proposed_indicators)
        units = sorted({f.figure.unit for _, f in drafted if not _known(graph, f.figure.unit)})
        if units:
            out += ["", "    # --- proposed new units (what the article counts, which the code lists have no unit for) -"]
            for unit in units:
                word = _tail(unit).replace("-", " ")
                out.append(f"    <{_rel(unit)}> a skos:Concept ; skos:inScheme <concept/unit> ;")
                out.append(f"        skos:prefLabel {_lit(word)} ; rdfs:label {_lit(word)} ;")
                out.append(f"        skos:editorialNote {_lit(PROPOSED)} .")
        if proposed_indicators:
            out += ["", "    # --- proposed new indicators (none of the code list's words is in the sentence) ----------"]
            for iri, (words, broader) in proposed_indicators.items():
                out.append(f"    <{_rel(iri)}> a skos:Concept ; skos:inScheme <concept/indicator> ;")
                out.append(f"        skos:prefLabel {_lit(words)} ; rdfs:label {_lit(words)} ;")
                if broader:
                    out.append(f"        skos:broader <{_rel(broader)}> ;")
                out.append(f"        skos:editorialNote {_lit(PROPOSED)} .")
    out += ["}", ""]
    return "\n".join(_one_line(line) for line in out)


#: what may not stand raw in a line of the draft: a line break (it would end a comment and start
#: a statement), other C0 and C1 controls, and the separators and marks that reorder a line
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _one_line(line: str) -> str:
    """``line`` with every character that could break it or reach a terminal raw written as a
    ``\\uXXXX`` escape, which reads back as the same character inside a string or an IRI and
    stays inert text in a comment: no file name, title or sentence can write a statement."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", line)


def _figure(graph: KnowledgeGraph, f: DraftFigure, iri: str, proposed: dict[str, tuple[str, str | None]]) -> list[str]:
    fig = f.figure
    if fig.indicator:
        indicator, why = fig.indicator, "its words here: " + ", ".join(f'"{c}"' for c in fig.cues)
    else:
        indicator = BASE + "concept/indicator/proposed-" + _slug(fig.proposed)
        proposed.setdefault(indicator, (fig.proposed, fig.broader))
        why = (f"a part of {_tail(fig.broader)}, as the article names the part: a narrower one is proposed" if fig.broader
               else "none of the code list's indicators has its words here: a new one is proposed")
    # "since the beginning of 2024", "currently": up to the day of writing, which the note names
    if f.period is None:
        period_note = "none: the article gives no period" + (f" ({f.period_from})" if f.period_from else "")
    else:
        how = "until" if f.period.kind in ("now", "year-to-now") else "year from"
        period_note = f'"{f.period.text}" ({f.period_from}' + (f"; {how} {f.period.year_from}" if f.period.year_from else "") + ")"
    column = f' in the column "{fig.heading}"' if fig.heading else ""
    lines = [f"    # line {f.sentence.line}: \"{fig.words}\"{column}; period {period_note}; indicator {_tail(indicator)} ({why})"]
    if f.about_words:
        lines.append(f"    #   about: {f.about_words}")
    label = label_of(graph, indicator) if fig.indicator else fig.proposed
    if fig.measure:
        label += ", " + label_of(graph, fig.measure)
    if f.period is not None:
        label += ", " + f.period.label
    lines.append(f"    <{_rel(iri)}> a qb:Observation ; rdfs:label {_lit(label[0].upper() + label[1:])} ;")
    lines.append(f"        vck:indicator <{_rel(indicator)}> ;")
    if fig.measure:
        lines.append(f"        vck:measure <{_rel(fig.measure)}> ;")
    if fig.channel:
        lines.append(f"        vck:channel <{_rel(fig.channel)}> ;")
    if fig.qualifier:
        lines.append(f"        vck:qualifier <{_rel(fig.qualifier)}> ;")
    lines.append(f"        sdmx-measure:obsValue {_decimal(fig.value)} ; sdmx-attribute:unitMeasure <{_rel(fig.unit)}> ;")
    if f.period is not None:
        lines.append(f"        sdmx-dimension:refPeriod <{_rel(BASE + 'period/' + f.period.slug)}> ;")
    if f.about:
        lines.append(f"        vck:aboutEntity <{_rel(f.about)}> ;")
    lines.append(f"        vck:quote {_lit(f.sentence.text)} .")
    return lines


def _decisions(out: list[str], reading: Reading) -> None:
    """What the draft leaves to a person, at the top of the file."""
    if reading.ambiguous:
        out += ["#", "# Names that name several entities (no statement drafted; say which is meant):"]
        for mention, sentence in reading.ambiguous:
            out.append(f"#   \"{mention.text}\" (line {sentence.line}): " + ", ".join(f"<{_rel(e)}>" for e in mention.entities))
    if reading.unread:
        out += ["#", "# Document numbers whose issuer code is not in the code lists (add it to ontology/codelists.ttl):"]
        out += [f"#   {notation} (line {sentence.line})" for notation, sentence in reading.unread]
    # one article giving one figure several values: parts of a whole, or another scope the words
    # did not tell apart; accepted as they are, `conflicts` would show them against each other
    same: dict[tuple, list] = {}
    for f in reading.figures:
        if f.period is not None and f.figure.indicator:
            key = (f.figure.indicator, f.figure.measure, f.figure.unit, f.figure.channel, f.about, f.period.slug)
            same.setdefault(key, []).append(f)
    clashing = [group for group in same.values() if len({f.figure.value for f in group}) > 1]
    if clashing:
        out += ["#", "# One figure with several values in this article (parts of a whole, or scopes the words do not",
                "# tell apart? give each its own indicator, or keep one):"]
        for group in clashing:
            out.append("#   " + "; ".join(f'"{f.figure.words}" (line {f.sentence.line})' for f in group))
    undated = [f for f in reading.figures if f.period is None]
    if undated:
        out += ["#", "# Figures whose period the draft could not read (drafted without one only where the article dates",
                "# none of its figures: give each its period, or --date where the article dates it to the day of writing):"]
        out += [f"#   \"{f.figure.words}\" (line {f.sentence.line})" + (f": {f.period_from}" if f.period_from else "")
                for f in undated]


def _known(graph: KnowledgeGraph, iri: str) -> bool:
    return any(True for _ in graph.store.quads_for_pattern(ox.NamedNode(iri), None, None))


def _rel(iri: str) -> str:
    return iri[len(BASE):] if iri.startswith(BASE) else iri


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _slug(text: str) -> str:
    """A proposed indicator's identifier part, kept short."""
    return slug(text)[:40].strip("-") or "figure"


def _lit(text: str, lang: str | None = "en") -> str:
    clean = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text)
    return str(ox.Literal(clean, language=lang)) if lang else str(ox.Literal(clean))


def _typed(text: str, datatype: str) -> str:
    return f'{str(ox.Literal(text))}^^xsd:{datatype}'


def _decimal(value: Decimal) -> str:
    text = format(value, "f")
    return text if "." in text else text + ".0"
