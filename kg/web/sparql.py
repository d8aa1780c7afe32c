"""The SPARQL 1.1 Protocol at ``/sparql``: read-only, limited, honest about every limit.

Queries come by GET ``?query=``, POST form or POST ``application/sparql-query``;
``default-graph-uri`` and ``named-graph-uri`` choose among the graph's own named graphs. The
answer's format follows ``Accept`` (or ``format=`` for links); anything else is 406 with the
list of types. A query runs as in the CLI, under :mod:`kg.limits`, in one of the server's pooled
worker processes: it never calls out
(``SERVICE`` is refused), and a query stopped by its time or memory limit, or with an answer too
large, is an error status with the limit named in ``X-KG-Limit``, never a cut-off 200. Updates
are refused. Extension: ``bind=var=value`` (repeatable) pre-binds a variable the way
``kg query --bind`` does.
"""
from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from kg import guard
from kg import query as q
from kg.errors import KGError
from kg.limits import Busy, LimitExceeded, WorkerLost
from kg.web.security import body_within

#: media type → kg.query format, per query form
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "jsonld",
    "application/rdf+xml": "xml",
}
#: format= names for links, per query form
RESULT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_NAMES = {"turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples",
               "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml", "xml": "application/rdf+xml"}
CHARSET = {"text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples"}


def negotiate(accept: str, offered: dict[str, str] | list[str]) -> str | None:
    """The offered media type ``accept`` prefers: highest q, then the most specific match, then
    the order offered. ``None`` when nothing offered is acceptable."""
    prefs = []
    for part in (accept or "*/*").split(","):
        media, *fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for f in fields:
            if f.replace(" ", "").startswith("q="):
                try:
                    quality = float(f.split("=", 1)[1])
                except ValueError:
                    quality = 0.0
        prefs.append((media.lower(), quality))
    best, best_score = None, None
    for rank, candidate in enumerate(offered):
        for media, quality in prefs:
            if quality <= 0:
                continue
            if media == candidate:
                specific = 3
            elif media.endswith("/*") and candidate.startswith(media[:-1]):
                specific = 2
            elif media in ("*/*", "*", ""):
                specific = 1
            else:
                continue
            score = (quality, specific, -rank)
            if best_score is None or score > best_score:
                best, best_score = candidate, score
    return best


def endpoint(site):
    settings = site.settings

    async def view(request: Request) -> Response:
        params = list(request.query_params.multi_items())
        if request.method == "POST":
            body = await body_within(request, settings.max_request_bytes)
            if body is None:
                return PlainTextResponse(f"the request is over {settings.max_request_bytes:,} bytes", 413)
            kind, _, rest = request.headers.get("content-type", "").partition(";")
            kind = kind.strip().lower()
            charset = rest.lower().partition("charset=")[2].split(";")[0].strip().strip('"')
            if charset and charset not in ("utf-8", "utf8"):
                return PlainTextResponse(f"the request is in {charset}; send UTF-8, as the protocol requires", 415)
            if kind == "application/sparql-query":
                try:
                    params.append(("query", body.decode("utf-8")))
                except UnicodeDecodeError as e:
                    return PlainTextResponse(f"the query is not UTF-8 (byte {e.start + 1})", 400)
            elif kind == "application/sparql-update":
                return _read_only()
            elif kind == "application/x-www-form-urlencoded":
                params += form_fields(body)
            elif kind == "":  # the protocol says which two types a query may come as
                return PlainTextResponse("a POST needs a Content-Type: application/sparql-query, or "
                                         "application/x-www-form-urlencoded for a form", 415)
            else:
                return PlainTextResponse(f"unsupported content type {kind!r}; send application/sparql-query "
                                         "or a form", 415)
        if any(k == "update" for k, _ in params):
            return _read_only()
        queries = [v for k, v in params if k == "query"]
        if not queries:
            return service_description(site, request)
        if len(queries) > 1:
            return PlainTextResponse("give one query", 400)
        text = queries[0]
        if len(text.encode("utf-8", "replace")) > settings.max_request_bytes:
            return PlainTextResponse(f"the query is over {settings.max_request_bytes:,} bytes", 413)
        form = guard.form(text)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        offered, names = (GRAPH_TYPES, GRAPH_NAMES) if graph_form else (RESULT_TYPES, RESULT_NAMES)
        wanted = dict(params).get("format")
        if wanted:
            media = names.get(wanted.lower())
            if media is None:
                return PlainTextResponse(f"format={wanted} is not offered for {form or 'this query'}; "
                                         f"choose one of {', '.join(sorted(set(names)))}", 406)
        else:
            media = negotiate(request.headers.get("accept", "*/*"), offered)
            if media is None:
                return PlainTextResponse("none of the accepted types is offered; this query can be answered as "
                                         + ", ".join(offered), 406)
        dataset = guard.Dataset(tuple(v for k, v in params if k == "default-graph-uri"),
                                tuple(v for k, v in params if k == "named-graph-uri"))
        binds = [v for k, v in params if k == "bind"]
        tag = site.etag(text, media, repr(dataset), *binds)
        headers = {"ETag": tag, "Cache-Control": f"public, max-age={settings.cache_seconds}", "Vary": "Accept"}
        # a graph the protocol's dataset names that we do not hold is an empty graph (the protocol's
        # reading); the answer says which ones were not ours
        unknown = [g for g in dict.fromkeys(dataset.default + dataset.named) if guard.absolute(g) not in site.graph_names]
        if unknown:
            headers["X-KG-Unknown-Graphs"] = " ".join(quote(g, safe=":/#?&=%~+-_.,;@!$'()*") for g in unknown)
        if tag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        try:
            bindings = q.resolve_bindings(site.graph, binds) if binds else None
            client = request.client.host if request.client else ""
            data = await site.run_query(text, bindings, offered[media], dataset, client)
        except LimitExceeded as e:
            limit = "time" if "time limit" in str(e) else "memory" if "memory" in str(e) else "size"
            return PlainTextResponse(str(e), 503, headers={"X-KG-Limit": limit, "Retry-After": "0"})
        except (Busy, WorkerLost) as e:  # the server's state, not the query's fault: try again
            return PlainTextResponse(str(e), 503, headers={"Retry-After": "1"})
        except KGError as e:  # refused, malformed, or a bind that names nothing
            return PlainTextResponse(str(e), 400)
        media_type = media + ("; charset=utf-8" if media in CHARSET else "")
        return Response(data, media_type=media_type, headers=headers)

    return view


def form_fields(body: bytes) -> list[tuple[str, str]]:
    """The fields of an ``application/x-www-form-urlencoded`` body."""
    from urllib.parse import parse_qsl

    return parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)


def _read_only() -> Response:
    return PlainTextResponse("this endpoint is read-only: SPARQL Update is not accepted", 403)


def service_description(site, request: Request) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, in Turtle."""
    url = str(request.url.replace(query="", fragment=""))
    results = "\n".join(f"    sd:resultFormat <{u}> ;" for u in (
        "http://www.w3.org/ns/formats/SPARQL_Results_JSON", "http://www.w3.org/ns/formats/SPARQL_Results_XML",
        "http://www.w3.org/ns/formats/SPARQL_Results_CSV", "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
        "http://www.w3.org/ns/formats/Turtle", "http://www.w3.org/ns/formats/N-Triples",
        "http://www.w3.org/ns/formats/JSON-LD", "http://www.w3.org/ns/formats/RDF_XML"))
    body = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .

<{url}> a sd:Service ;
    sd:endpoint <{url}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
{results}
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ; void:triples {len(site.graph)} ] ] .
"""
    return Response(body, media_type="text/turtle; charset=utf-8", headers={"Cache-Control": "public, max-age=300"})
