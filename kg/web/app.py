"""The web application: settings, the route table, the middleware (CORS, gzip), and the socket
it listens on."""
from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect
from starlette.routing import Route

from kg import query as q
from kg.errors import UsageError
from kg.graph import KnowledgeGraph
from kg.limits import Limits, Pool
from kg.web.security import SecurityHeaders, client_left


@dataclass(frozen=True)
class Settings:
    """What the server allows. Limits are settings, not code paths (as in Datasette).

    Args:
        timeout: seconds a query may run before it is stopped (answered 503).
        max_memory_mb: memory a query may add before it is stopped (503).
        max_result_mb: size of an answer; a larger one is refused (503), never cut short.
        max_request_bytes: size of a request body or query string.
        workers: query worker processes forked at start (replaced when a query passes a limit).
        max_workers: query workers at once, forked as needed (0: four per CPU).
        per_client: query workers one client (address) may hold at once (0: a quarter of max_workers).
        cache_seconds: ``Cache-Control: max-age`` of answers (the data only changes on restart).
    """

    timeout: float = 5.0
    max_memory_mb: int = 1024
    max_result_mb: int = 64
    max_request_bytes: int = 200_000
    cache_seconds: int = 300
    workers: int = 0  # query worker processes; 0: one per CPU
    max_workers: int = 0
    per_client: int = 0

    @property
    def limits(self) -> Limits:
        return Limits(timeout=self.timeout, max_memory_mb=self.max_memory_mb, max_result_mb=self.max_result_mb)


@dataclass
class Site:
    """What every view needs: the graph, the settings, the dataset's version and the templates."""

    graph: KnowledgeGraph
    settings: Settings
    templates: Path
    version: str = field(default="")
    pool: Pool | None = None
    graph_names: frozenset[str] = frozenset()  # the named graphs the dataset holds

    async def run_query(self, sparql: str, bindings, fmt: str, dataset, client: str = "") -> bytes:
        """A query run in one of the pool's workers, under the settings' limits, in ``client``'s turn."""
        return (await self.pool.run_async((sparql, bindings, fmt, dataset), client)).data

    def etag(self, *parts: str) -> str:
        digest = hashlib.sha256("\x00".join((self.version, *parts)).encode("utf-8")).hexdigest()[:32]
        return f'"{digest}"'


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host``:``port`` (port 0: one the system picks), for the server to
    take: bound here, so that an address in use or unknown is one line before anything is served.

    Raises:
        UsageError: no address given, an address that names no interface here, or one in use.
    """
    if not host.strip():
        raise UsageError("--host is empty; give the address to listen on, e.g. 127.0.0.1 (this machine only)")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                               flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, UnicodeError) as e:  # socket.gaierror: an unknown name; a name that is no text
        raise UsageError(f"cannot listen on {host!r}: {getattr(e, 'strerror', None) or e}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as e:
        sock.close()
        raise UsageError(f"cannot listen on {host} port {port}: {e.strerror or e}") from None
    return sock


def address_of(sock: socket.socket) -> str:
    """The server's address as a URL (an IPv6 host in brackets)."""
    host, port = sock.getsockname()[:2]
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def dataset_version(graph: KnowledgeGraph) -> str:
    """A fingerprint of the loaded data: its files (name, size, time) and statement count."""
    from kg.loader import files_manifest

    stamp = [files_manifest(graph.project) if graph.project else [], len(graph)]
    return hashlib.sha256(json.dumps(stamp).encode("utf-8")).hexdigest()[:16]


def create_app(graph: KnowledgeGraph, settings: Settings | None = None) -> Starlette:
    """The ASGI application serving ``graph``."""
    from kg.web import dataset, entity, pages, reconcile, sparql

    templates = (graph.project.viz_dir if graph.project else Path(__file__).resolve().parents[2] / "viz") / "web"
    settings = settings or Settings()
    site = Site(graph, settings, templates, dataset_version(graph), graph_names=frozenset(graph.graph_names()))
    # the workers are forked now, before the server starts its threads, and share the store
    site.pool = Pool(lambda job: q.render(q.run(graph, job[0], job[1], job[3]), job[2]),
                     settings.workers or os.cpu_count() or 2, settings.limits,
                     most=settings.max_workers or None, per_client=settings.per_client or None)
    atexit.register(site.pool.close)
    routes = [
        Route("/", pages.query_page(site), methods=["GET", "HEAD"]),
        Route("/sparql", sparql.endpoint(site), methods=["GET", "POST", "HEAD"]),
        Route("/queries.json", pages.named_queries(site), methods=["GET", "HEAD"]),
        Route("/search", entity.search_view(site), methods=["GET", "HEAD"]),
        Route("/graph", entity.graph_view(site), methods=["GET", "HEAD"]),
        Route("/lookup", entity.lookup_view(site), methods=["GET", "HEAD"]),
        Route("/.well-known/void", dataset.void(site), methods=["GET", "HEAD"]),
        Route("/dumps/{name}", dataset.dump(site), methods=["GET", "HEAD"]),
        Route("/reconcile", reconcile.service(site), methods=["GET", "POST"]),
        Route("/reconcile/suggest/entity", reconcile.suggest(site), methods=["GET"]),
        Route("/reconcile/preview", reconcile.preview(site), methods=["GET"]),
        Route("/{path:path}", entity.entity_view(site), methods=["GET", "HEAD"]),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD"],
                   allow_headers=["*"], expose_headers=["ETag", "X-KG-Limit", "X-KG-Unknown-Graphs"]),
        Middleware(GZipMiddleware, minimum_size=1000),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        site.pool.close()

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={ClientDisconnect: client_left})
    app.state.site = site
    return app
