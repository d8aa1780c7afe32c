"""The W3C Reconciliation Service API (version 0.2, as OpenRefine speaks it) at ``/reconcile``.

A manifest, batches of ``queries`` with ``type`` filters, ``suggest`` and ``preview``. Names match
in English and Vietnamese with or without diacritics, document numbers in every spelling the CLI
takes (the library's :func:`kg.lookup.search`); an exact name scores 100 and is ``match: true``
only when it is the one exact hit.
"""
from __future__ import annotations

import json
from html import escape

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from kg.errors import UsageError
from kg.lookup import label_of, search
from kg.namespaces import BASE, VCK
from kg.web.html import link
from kg.web.security import body_within, html_response
from kg.web.sparql import form_fields

#: our IRIs that are no entities to reconcile against: terms, code lists, sources, graphs
_NOT_ENTITIES = tuple(BASE + p for p in ("ontology", "concept/", "source/", "graph/"))
#: search ranks (exact 4, prefix 3, word 2, substring 1) as reconciliation scores
SCORES = {4: 100, 3: 80, 2: 60, 1: 40, 0: 20}
DEFAULT_TYPES = [
    ("http://www.w3.org/ns/org#Organization", "organization"),
    ("http://data.europa.eu/eli/ontology#LegalResource", "legal document"),
    ("http://xmlns.com/foaf/0.1/Person", "person"),
    ("https://schema.org/Place", "place"),
    ("https://schema.org/Event", "event"),
]
_TYPES = """SELECT DISTINCT ?entity ?type ?label WHERE {
  ?entity a ?direct . ?direct rdfs:subClassOf* ?type .
  OPTIONAL { ?type rdfs:label ?label FILTER(LANG(?label) = "en") } }"""


def manifest(root: str) -> dict:
    return {
        "versions": ["0.2"],
        "name": "vn-customs-kg: Vietnam customs knowledge graph",
        "identifierSpace": BASE,
        "schemaSpace": VCK,
        "defaultTypes": [{"id": i, "name": n} for i, n in DEFAULT_TYPES],
        "view": {"url": root + "/lookup?name={{id}}"},
        "preview": {"url": root + "/reconcile/preview?id={{id}}", "width": 420, "height": 140},
        "suggest": {"entity": {"service_url": root + "/reconcile", "service_path": "/suggest/entity"}},
    }


def types_of(graph, iri: str) -> list[dict]:
    rows = graph.select(_TYPES, {"entity": ox.NamedNode(iri)})
    return [{"id": r["type"], "name": r.get("label", r["type"])} for r in rows if r["type"].startswith("http")]


def query_limit(query: dict) -> int:
    """A reconciliation query's ``limit`` (5 when not given).

    Raises:
        ValueError: it is not a whole number (text, a list, NaN, Infinity, true).
    """
    value = query.get("limit", 5)
    if value is None or value == "":
        return 5
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        raise ValueError(f"limit must be a whole number, not {json.dumps(value)[:40]}")
    return int(value)


def query_types(query: dict) -> set[str]:
    """A reconciliation query's ``type``: a type's IRI, or a list of them (none: every type).

    Raises:
        ValueError: it is anything else (a number, true, a list of lists or objects).
    """
    wanted = query.get("type")
    if wanted is None or wanted == "":
        return set()
    if isinstance(wanted, str):
        return {wanted}
    if isinstance(wanted, list) and all(isinstance(t, str) for t in wanted):
        return set(wanted)
    raise ValueError(f"type must be a type's IRI or a list of them, not {json.dumps(wanted)[:40]}")


def check_query(query: dict) -> None:
    """Refuse a reconciliation query kg cannot read, before any is run.

    Raises:
        ValueError: its ``query`` is no text or number, or its ``limit`` or ``type`` is off.
    """
    text = query.get("query", "")
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise ValueError(f"query must be text, not {json.dumps(text)[:40]}")
    query_limit(query)
    query_types(query)


def reconcile_one(graph, query: dict) -> list[dict]:
    """The candidates for one reconciliation query, best first."""
    text = str(query.get("query", ""))
    limit = max(1, min(query_limit(query), 50))
    wanted = query_types(query)
    try:
        hits = search(graph, text, 200)
    except UsageError:
        return []
    results = []
    for hit in hits:
        if not hit.entity.startswith(BASE) or hit.entity.startswith(_NOT_ENTITIES):
            continue
        types = types_of(graph, hit.entity)
        if wanted and not wanted & {t["id"] for t in types}:
            continue
        results.append({"id": hit.entity, "name": label_of(graph, hit.entity), "type": types,
                        "score": SCORES[hit.score], "match": False})
        if len(results) >= limit:
            break
    exact = [r for r in results if r["score"] == 100]
    if len(exact) == 1:
        exact[0]["match"] = True
    return results


def service(site):
    async def view(request: Request) -> Response:
        params = dict(request.query_params)
        if request.method == "POST":
            body = await body_within(request, site.settings.max_request_bytes)
            if body is None:
                return PlainTextResponse(f"the request is over {site.settings.max_request_bytes:,} bytes", 413)
            params.update(dict(form_fields(body)))
        root = str(request.base_url).rstrip("/")
        if "queries" not in params:
            return _jsonp(manifest(root), params.get("callback"))
        try:
            batch = json.loads(params["queries"])
            if not isinstance(batch, dict) or not all(isinstance(q, dict) for q in batch.values()):
                raise ValueError("queries must map keys to query objects")
            for query in batch.values():
                check_query(query)
        except RecursionError:  # json's own decoder recurses: a body nested thousands deep
            return PlainTextResponse("queries: nested too deep to be a batch of queries", 400)
        except ValueError as e:
            return PlainTextResponse(f"queries: {e}", 400)
        if len(batch) > 200:
            return PlainTextResponse("queries: at most 200 in one batch", 413)
        from starlette.concurrency import run_in_threadpool

        answer = {key: {"result": await run_in_threadpool(reconcile_one, site.graph, q)} for key, q in batch.items()}
        return _jsonp(answer, params.get("callback"))

    return view


def suggest(site):
    async def view(request: Request) -> Response:
        prefix = request.query_params.get("prefix", "")
        try:
            hits = search(site.graph, prefix, 10) if prefix.strip() else []
        except UsageError:
            hits = []
        result = [{"id": h.entity, "name": h.name, "description": h.type} for h in hits
                  if h.entity.startswith(BASE) and not h.entity.startswith(_NOT_ENTITIES)]
        return _jsonp({"result": result}, request.query_params.get("callback"))

    return view


def preview(site):
    async def view(request: Request) -> Response:
        iri = request.query_params.get("id", "")
        try:
            ox.NamedNode(iri)
        except ValueError:
            iri = ""
        if not iri.startswith(BASE):
            return PlainTextResponse("id: an IRI of this graph", 400)
        types = ", ".join(t["name"] for t in types_of(site.graph, iri)[:3])
        html = (f"<div style='font:14px sans-serif'><b>{link(iri, label_of(site.graph, iri))}</b><br>"
                f"<span>{escape(types)}</span><br><code>{escape(iri)}</code></div>")
        # shown by OpenRefine in a frame of its own page, wherever it runs: framed by anyone
        return html_response(html, framed_by="*")

    return view


def _jsonp(data: dict, callback: str | None) -> Response:
    if callback and callback.replace("_", "").replace(".", "").isalnum():
        return Response(f"{callback}({json.dumps(data)})", media_type="application/javascript")
    return JSONResponse(data)
