"""Linked data: every IRI under https://w3id.org/vn-customs-kg/ served at the same path here.

Browsers get an HTML page (English or Vietnamese labels: ``?lang=``, else the browser's
language); RDF clients get Turtle, N-Triples, JSON-LD or RDF/XML by ``Accept`` (``Vary: Accept``,
``Content-Location`` naming the variant), or by an explicit ``.ttl`` / ``.nt`` / ``.jsonld`` /
``.rdf`` variant. Also ``/search?q=`` (a page, or JSON) and ``/lookup?number=06/CT-TTg``, which
redirects to the document (any spelling the CLI takes).
"""
from __future__ import annotations

from html import escape
from urllib.parse import quote

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from kg import queries
from kg.errors import UsageError
from kg.lookup import describe, label_of, resolve, search
from kg.namespaces import BASE, PREFIXES, curie
from kg.viz import safe_url
from kg.query import readable_number
from kg.web.html import link, local_path, page
from kg.web.sparql import negotiate
from kg.web.security import html_response

VARIANTS = {".ttl": "text/turtle", ".nt": "application/n-triples", ".jsonld": "application/ld+json",
            ".rdf": "application/rdf+xml"}
RDF_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}
OFFERED = ["text/html", *RDF_FORMATS]
EXTENSION = {media: ext for ext, media in VARIANTS.items()}
_ABOUT = """CONSTRUCT { ?entity ?p ?o . ?s ?q ?entity } WHERE { { ?entity ?p ?o } UNION { ?s ?q ?entity } }"""


def language(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in ("en", "vi"):
        return asked
    accept = request.headers.get("accept-language", "").lower()
    return "vi" if accept.startswith("vi") else "en"


def entity_view(site):
    graph = site.graph

    async def view(request: Request) -> Response:
        path = request.path_params["path"]
        media = None
        for ext, variant in VARIANTS.items():
            if path.endswith(ext):
                path, media = path[: -len(ext)], variant
        iri = BASE + path
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return PlainTextResponse("not an IRI of this graph", 404)
        if not any(True for _ in graph.store.quads_for_pattern(node, None, None)) and not any(
                True for _ in graph.store.quads_for_pattern(None, None, node)):
            return PlainTextResponse(f"no statement mentions <{iri}>; try /search", 404)
        headers = {"Vary": "Accept", "Cache-Control": f"public, max-age={site.settings.cache_seconds}"}
        if media is None:
            media = negotiate(request.headers.get("accept", "*/*"), OFFERED)
            if media is None:
                return PlainTextResponse("offered: " + ", ".join(OFFERED), 406)
            if media != "text/html":
                headers["Content-Location"] = "/" + path + EXTENSION[media]
        tag = site.etag(iri, media, language(request))
        headers["ETag"] = tag
        if tag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        if media == "text/html":
            return html_response(entity_page(site, iri, language(request)), headers)
        triples = graph.query(_ABOUT, {"entity": node})
        data = ox.serialize(triples, format=RDF_FORMATS[media], prefixes=PREFIXES)
        charset = "; charset=utf-8" if media in ("text/turtle", "application/n-triples") else ""
        return Response(data, media_type=media + charset, headers=headers)

    return view


def entity_page(site, iri: str, lang: str) -> str:
    """The HTML page of one entity: its statements with their sources, incoming links, figures."""
    graph = site.graph
    name = label_of(graph, iri, lang)
    statements = describe(graph, iri)
    sources = _sources(graph)
    used: set[str] = set()
    rows_out, rows_in = [], []
    words = _term_labels(graph, lang)
    for s in statements:
        value = _value(graph, s.other, lang, words)
        cites = " ".join(_cite(sources, g) for g in s.sources)
        used.update(s.sources)
        row = f"<tr><td>{_term(s.predicate, words)}</td><td>{value}</td><td class=sources>{cites}</td></tr>"
        (rows_out if s.direction == "out" else rows_in).append(row)
    figures = graph.select(queries.read("figures-about"), {"entity": ox.NamedNode(iri)})
    other = "vi" if lang == "en" else "en"
    body = [f"<p class=langs><a class=on href='?lang={lang}'>{'English' if lang == 'en' else 'Tiếng Việt'}</a>"
            f"<a href='?lang={other}'>{'Tiếng Việt' if other == 'vi' else 'English'}</a>"
            f"<a href='{escape(local_path(iri) or '')}.ttl'>Turtle</a><a href='{escape(local_path(iri) or '')}.jsonld'>JSON-LD</a></p>",
            f"<h1>{escape(name)}</h1>", f"<p class=iri>{escape(iri)}</p>"]
    body.extend(_series_html(graph, iri, sources, used))
    if figures:
        body.append("<h2>Figures</h2><table><tr><th>figure</th><th>value</th><th>unit</th><th>period</th>"
                    "<th>source</th></tr>")
        for f in figures:
            qualifier = f"{f['qualifier']} " if f.get("qualifier") else ""
            body.append(f"<tr><td>{escape(f.get('label', f['indicator']))}</td><td>{escape(qualifier)}{escape(readable_number(str(f['value'])))}</td>"
                        f"<td>{escape(f['unit'])}</td><td>{escape(f['period'])}</td>"
                        f"<td class=sources>{_cite(sources, f['source'])}</td></tr>")
            used.add(f["source"])
        body.append("</table>")
    body.append("<h2>Statements</h2><table><tr><th>property</th><th>value</th><th>stated by</th></tr>"
                + "".join(rows_out) + "</table>")
    if rows_in:
        body.append("<h2>Linked from</h2><table><tr><th>property</th><th>from</th><th>stated by</th></tr>"
                    + "".join(rows_in) + "</table>")
    # the drawing alone (#embed=1: no panels), as large as readable, in the page's language
    body.append(f"<h2>Neighbourhood</h2><iframe class=neighbourhood title='neighbourhood graph' "
                f"src='/graph?focus={escape(quote(iri, safe=''))}&amp;depth=1#embed=1{'&amp;lang=vi' if lang == 'vi' else ''}'></iframe>"
                f"<p class=sources><a href='/graph?focus={escape(quote(iri, safe=''))}&amp;depth=1{'#lang=vi' if lang == 'vi' else ''}'>"
                f"Open it on the graph page</a>, with its panels.</p>")
    if used:
        body.append("<h2>Sources</h2><ul>" + "".join(f"<li>{_cite(sources, g, full=True)}</li>" for g in sorted(used))
                    + "</ul>")
    return page(site.templates, name, "\n".join(body), lang=lang)


def _series_html(graph, iri: str, sources: dict, used: set[str]) -> list[str]:
    """Charts of the values over time: of an indicator on its page, of a subject's indicators on
    the subject's; each with its values in a table, their sources linked."""
    from kg import series as ser

    found = ser.series(graph, indicator=iri) or ser.series(graph, about=iri)
    drawn = [s for s in found if ser.chartable(s)]
    if not drawn:
        return []

    def plain(g: str) -> str:
        row = sources.get(g) or {}
        return ", ".join(str(x) for x in (row.get("title") or row.get("label") or curie(g), row.get("publisher"),
                                          row.get("issued")) if x)

    out = ["<h2>Over time</h2>", ser.legend_html()]
    for s in drawn:
        rows = "".join(f"<tr><td>{escape(p.period)}</td><td>{escape(p.span)}</td><td>{escape(p.text(s.unit))}</td>"
                       f"<td class=sources>{' '.join(_cite(sources, g) for g in p.sources)}</td></tr>" for p in s.points)
        used.update(g for p in s.points for g in p.sources)
        out.append(f"<figure class=series><figcaption>{escape(s.title)}</figcaption>{ser.svg(ser.chart(s, plain))}"
                   f"<details><summary>the {len(s.points)} values</summary><table><tr><th>period</th><th>span</th>"
                   f"<th>value</th><th>source</th></tr>{rows}</table></details></figure>")
    return out


def _sources(graph) -> dict[str, dict]:
    found = {}
    for row in graph.select(queries.read("sources")):
        found[row["source"]] = row
    return found


def _cite(sources: dict, graph_iri: str, full: bool = False) -> str:
    """A source as people cite it: title, publisher and date, linked; the URL only on hover."""
    row = sources.get(graph_iri)
    if row is None:  # a derived graph or the background: link to its own page
        return link(graph_iri)
    title = row.get("title") or row.get("label") or curie(graph_iri)
    if not full:
        title = curie(graph_iri)
    extra = ", ".join(str(x) for x in (row.get("publisher"), row.get("issued")) if x)
    text = escape(title) + (f" <span class=sources>({escape(extra)})</span>" if full and extra else "")
    url = safe_url(row.get("url", ""))
    own = local_path(graph_iri)
    if url:
        return f'<a href="{escape(url)}" title="{escape(url)}">{text}</a>' + (f' <a href="{escape(own)}">[graph]</a>' if full else "")
    return f'<a href="{escape(own)}">{text}</a>' if own else text


# the built-in vocabularies' terms a page shows, which the ontology does not declare
_BUILT_IN_WORDS = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": ("is a", "là"),
    "http://www.w3.org/2000/01/rdf-schema#label": ("name", "tên"),
    "http://www.w3.org/2000/01/rdf-schema#comment": ("note", "ghi chú"),
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": ("see also", "xem thêm"),
}


def _term_labels(graph, lang: str) -> dict[str, str]:
    """The ontology's words for its terms in ``lang`` (English where it has none in ``lang``)."""
    rows = graph.select(queries.read("term-labels", internal=True))
    words = {term: names[0 if lang == "en" else 1] for term, names in _BUILT_IN_WORDS.items()}
    words.update({r["term"]: r["label"] for r in rows if r.get("lang") == "en"})
    words.update({r["term"]: r["label"] for r in rows if r.get("lang") == lang})
    return words


def _term(iri: str, words: dict[str, str]) -> str:
    """A property or class named in words, its CURIE beside it (and on hover)."""
    short = curie(iri)
    if iri not in words:
        return escape(short)
    return f'<span title="{escape(short)}">{escape(words[iri])}</span> <code class=curie>{escape(short)}</code>'


def _value(graph, term, lang: str, words: dict[str, str] | None = None) -> str:
    if isinstance(term, ox.Literal):
        suffix = f" <span class=sources>@{escape(term.language)}</span>" if term.language else ""
        return escape(term.value) + suffix
    if isinstance(term, ox.BlankNode):
        return escape("_:" + term.value)
    if term.value.startswith(BASE) and not term.value.startswith(BASE + "ontology"):
        return link(term.value, label_of(graph, term.value, lang))
    if words and term.value in words:  # a class: its name in words, linked to the ontology's page of it
        target = local_path(term.value) or safe_url(term.value)
        shown = _term(term.value, words)
        return f'<a href="{escape(target)}">{shown}</a>' if target else shown
    return link(term.value)


def graph_view(site):
    """The interactive graph page (the same code as `kg viz`), whole or around ``?focus=``."""
    from functools import lru_cache

    from kg.viz import build_page_data, render_page

    @lru_cache(maxsize=64)
    def rendered(focus: str | None, depth: int) -> str:
        data = build_page_data(site.graph, focus=focus, depth=depth)
        return render_page(data, title="vn-customs-kg graph", template_dir=site.templates.parent)

    async def view(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        focus = request.query_params.get("focus")
        given = request.query_params.get("depth", "1")
        if not (given.isascii() and given.isdigit() and len(given) < 4):
            return PlainTextResponse(f"depth: a whole number from 1 to 3, not {given[:40]!r}", 400)
        depth = max(1, min(int(given), 3))
        try:
            iri = resolve(site.graph, focus) if focus else None
        except UsageError as e:
            return PlainTextResponse(str(e), 404)
        html = await run_in_threadpool(rendered, iri, depth)
        return html_response(html, {"Cache-Control": f"public, max-age={site.settings.cache_seconds}"})

    return view


def search_view(site):
    async def view(request: Request) -> Response:
        text = request.query_params.get("q", "")
        wants_json = request.query_params.get("format") == "json" or negotiate(
            request.headers.get("accept", "*/*"), ["text/html", "application/json"]) == "application/json"
        try:
            hits = search(site.graph, text, 50) if text.strip() else []
        except UsageError as e:
            hits, error = [], str(e)
        else:
            error = ""
        if wants_json:
            return JSONResponse({"query": text, "results": [
                {"id": h.entity, "name": h.name, "kind": h.kind, "type": h.type, "score": h.score, "path": local_path(h.entity)}
                for h in hits]})
        items = "".join(f"<li>{link(h.entity, h.name)} <span class=sources>{escape(curie(h.type) if h.type else '')} "
                        f"{escape(curie(h.entity))}</span></li>" for h in hits)
        body = (f"<h1>Search: {escape(text)}</h1>" + (f"<p class=error>{escape(error)}</p>" if error else "")
                + (f"<ol>{items}</ol>" if items else "<p>Nothing matches.</p>"))
        return html_response(page(site.templates, f"Search: {text}", body, lang=language(request)))

    return view


def lookup_view(site):
    async def view(request: Request) -> Response:
        thing = request.query_params.get("number") or request.query_params.get("name") or ""
        try:
            iri = resolve(site.graph, thing)
        except UsageError as e:
            return PlainTextResponse(str(e), 404)
        return RedirectResponse(local_path(iri) or iri, status_code=303)

    return view
