"""The dataset described and given away: VoID and DCAT at ``/.well-known/void``, dumps under ``/dumps/``."""
from __future__ import annotations

import io
from functools import lru_cache

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from kg.export import export

DUMPS = {"customs.ttl": ("turtle", "text/turtle; charset=utf-8"), "customs.trig": ("trig", "application/trig"),
         "customs.nq": ("nquads", "application/n-quads"), "customs.nt": ("nt", "application/n-triples")}


def void(site):
    async def view(request: Request) -> Response:
        root = str(request.base_url).rstrip("/")
        graph = site.graph
        [counts] = graph.select("""SELECT (COUNT(DISTINCT ?s) AS ?entities) (COUNT(DISTINCT ?c) AS ?classes)
            WHERE { GRAPH ?g { ?s a ?c } FILTER(?g != <https://w3id.org/vn-customs-kg/ontology>) }""")
        sources = len(graph.source_graphs())
        dumps = " ,\n        ".join(f"<{root}/dumps/{name}>" for name in DUMPS)
        body = f"""@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{root}/.well-known/void> a void:Dataset, dcat:Dataset ;
    dct:title "vn-customs-kg: Vietnam customs knowledge graph"@en ;
    dct:description "Vietnam's customs institutions, the legal documents that steer them, and the events, reorganizations and figures they produce; every statement in the named graph of the source that states it."@en ;
    dct:license <https://creativecommons.org/licenses/by/4.0/> ;
    void:uriSpace "https://w3id.org/vn-customs-kg/" ;
    void:triples {len(graph)} ;
    void:entities {counts['entities']} ;
    void:classes {counts['classes']} ;
    void:sparqlEndpoint <{root}/sparql> ;
    void:exampleResource <https://w3id.org/vn-customs-kg/org/customs-department>,
        <https://w3id.org/vn-customs-kg/document/2024/06-ct-ttg>, <https://w3id.org/vn-customs-kg/document/2025/382-qd-btc> ;
    void:vocabulary <https://w3id.org/vn-customs-kg/ontology>, <http://www.w3.org/ns/org#>, <http://data.europa.eu/eli/ontology#> ;
    void:dataDump {dumps} ;
    dct:source "{sources} sources, each a named graph"@en ;
    dcat:distribution [ a dcat:Distribution ; dcat:accessURL <{root}/sparql> ; dct:format "SPARQL endpoint" ] .
"""
        return Response(body, media_type="text/turtle; charset=utf-8", headers={"Cache-Control": "public, max-age=300"})

    return view


def dump(site):
    @lru_cache(maxsize=len(DUMPS))
    def written(name: str) -> bytes:
        buffer = io.BytesIO()
        export(site.graph, DUMPS[name][0], buffer)
        return buffer.getvalue()

    async def view(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in DUMPS:
            return PlainTextResponse("dumps: " + ", ".join(DUMPS), 404)
        tag = site.etag("dump", name)
        headers = {"ETag": tag, "Cache-Control": "public, max-age=300",
                   "Content-Disposition": f'attachment; filename="{name}"'}
        if tag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        from starlette.concurrency import run_in_threadpool

        return Response(await run_in_threadpool(written, name), media_type=DUMPS[name][1], headers=headers)

    return view
