"""The graph in other stores: push it to any SPARQL 1.1 store, and ask a store's endpoint.

``push`` speaks the SPARQL 1.1 Graph Store HTTP Protocol: each named graph of ours (every source,
every derived graph, the background and the ontology) replaces the graph of the same name on the
store with ``PUT ?graph=``, so pushing twice leaves the same store; ``prune`` deletes the graphs
of ours the store holds but the project no longer has. Against Oxigraph's server (its ``Server``
header says so) the fast path deletes those graphs and loads everything in one bulk ``POST
/store?no_transaction`` of N-Quads. Elsewhere four graphs go at a time, a graph over 16 MB in
parts, and a write the store gave up in a deadlock (SQL state 40001) is sent again.

``ask`` sends a query to an endpoint with the project's dataset as the store holds it: the push
leaves the merge of our graphs in the store as one graph (``UNION``, named in the push's
description), each statement once, and that graph is the default graph every query asks, as it
is in process (:class:`kg.graph.KnowledgeGraph`), with our graphs as the named graphs where a query
reads ``GRAPH``; a query's ``FROM`` is sent as the protocol's dataset. A store that a push never
described is asked with our graphs listed. It reads the answer honestly: an answer that does not
parse to its end was cut off (Oxigraph reports a late failure as a 200 with a short body), and a
store's row cap or partial answer (Virtuoso's ``X-SPARQL-MaxRows``, ``X-SQL-State: S1TAT``) is an
error, never a silently short table.

Credentials come from ``KG_USER`` / ``KG_PASSWORD`` or ``~/.netrc``, never from the command line;
basic and digest authentication both work, and once a server has sent its digest challenge every
later request answers it up front. No request is ever made to an address a query or a
data file names: only to the URL the user gives.
"""
from __future__ import annotations

import contextlib
import http.client
import netrc
import os
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from kg import guard
from kg.errors import KGError, LimitExceeded, UsageError
from kg.graph import KnowledgeGraph
from kg.namespaces import BASE, MERGE_GRAPH, PREFIXES
from kg.query import Solutions, lists_in_order, solutions_of

TIMEOUT = 300  # seconds for one HTTP exchange
#: the graph in which a push describes itself (VoID): what it sent, its content version, its time
DESCRIPTION = BASE + "graph/push"
#: the merge of the pushed graphs, one graph: the default graph a query asks on the store, where a
#: listed dataset of ~60 graphs costs the store 2-20 times more (measured in tests/benchmarks/stores.py)
UNION = MERGE_GRAPH
VOID = "http://rdfs.org/ns/void#"
UNION_GRAPH = PREFIXES["vck"] + "unionGraph"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PUSH_THREADS = 4  # graphs sent at once
TRIES = 6  # times a request the store gave up for another's sake is sent
PART_BYTES = 16_000_000  # a graph pushed graph by graph goes in requests of at most about this size
DESCRIPTION_MB = 64  # the most of a store's answer read for its push's description, or a list of its graphs
#: a push's default deadline: this many seconds, and one more for every PUSH_RATE statements sent
PUSH_SECONDS, PUSH_RATE = 60, 5_000

# Virtuoso echoes every graph of the protocol dataset back as a header (X-SPARQL-default-graph,
# X-SPARQL-named-graph); with our ~60 graphs that passes http.client's limit of 100 headers.
http.client._MAXHEADERS = max(getattr(http.client, "_MAXHEADERS", 100), 2000)


class RemoteError(KGError):
    """The store could not be reached, refused the request, or answered in a way we cannot trust."""


class RemoteTimeout(RemoteError):
    """The store did not answer within the time given to the exchange."""


@dataclass
class PushReport:
    graphs: int
    statements: int
    pruned: list[str]
    fast: bool


class _DigestAhead(urllib.request.HTTPDigestAuthHandler):
    """Digest authentication that, once a server has sent its challenge, answers it on every later
    request up front. Virtuoso closes the connection on a request it refuses before reading its
    body, so a large body sent without credentials ends in a reset, never in a challenge."""

    def __init__(self, passwords) -> None:
        super().__init__(passwords)
        self.challenge: dict | None = None
        self.lock = threading.Lock()

    def retry_http_digest_auth(self, req, auth):
        _, challenge = auth.split(" ", 1)
        self.challenge = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(challenge)))
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req):
        if self.challenge and not req.has_header("Authorization"):
            with self.lock:  # each answer counts the nonce's uses: one at a time
                answer = self.get_authorization(req, self.challenge)
            if answer:
                req.add_unredirected_header("Authorization", "Digest " + answer)
        return req

    https_request = http_request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A store that answers with a redirect is told, not followed: the redirect would send a
    query as a GET without it, or credentials' challenge to another place, and the address kg
    reaches is always the one the user gave."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise RemoteError(f"{req.full_url}: the store answered {code} {msg}, sending to {newurl}; kg follows no "
                          "redirect: give that address instead")


class _Deadline:
    """The end of one exchange's time: once it passes, the exchange's socket is shut, so that a
    store sending its answer a byte at a time (each read well within the socket's timeout) is
    stopped all the same. Sockets are made known to it by the connections below, on the thread
    that makes the exchange."""

    _current = threading.local()

    def __init__(self, seconds: float):
        self.expired = False
        self._sockets: list = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> "_Deadline":
        _Deadline._current.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        _Deadline._current.deadline = None

    def within(self, work: Callable) -> Callable:
        """``work`` as called on another thread, its exchanges under this deadline too."""
        def called(*args, **kwargs):
            _Deadline._current.deadline = self
            try:
                return work(*args, **kwargs)
            finally:
                _Deadline._current.deadline = None
        return called

    @classmethod
    def watch(cls, sock) -> None:
        deadline = getattr(cls._current, "deadline", None)
        if deadline is not None:
            with deadline._lock:
                deadline._sockets.append(sock)
                if deadline.expired:
                    _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # closed already
        pass


class _WatchedHTTP(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _Deadline.watch(self.sock)


class _WatchedHTTPS(http.client.HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _Deadline.watch(self.sock)


class _WatchedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_WatchedHTTP, req)


class _WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_WatchedHTTPS, req, context=self._context)


_OPENERS: dict[tuple, urllib.request.OpenerDirector] = {}
_OPENERS_LOCK = threading.Lock()


def opener(url: str) -> urllib.request.OpenerDirector:
    """An opener that answers basic and digest challenges with the environment's or .netrc's
    credentials; one per server and user, so a digest challenge is answered ahead from then on."""
    user, password = os.environ.get("KG_USER"), os.environ.get("KG_PASSWORD")
    parts = urllib.parse.urlparse(url)
    if user is None:
        try:
            found = netrc.netrc().authenticators(parts.hostname or "")
        except (OSError, netrc.NetrcParseError):
            found = None
        if found:
            user, _, password = found
    key = (parts.scheme, parts.netloc, user, password)
    with _OPENERS_LOCK:
        if key not in _OPENERS:
            handlers = []
            if user is not None:
                passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                passwords.add_password(None, url, user, password or "")
                handlers += [urllib.request.HTTPBasicAuthHandler(passwords), _DigestAhead(passwords)]
            _OPENERS[key] = urllib.request.build_opener(*handlers, _NoRedirect(), _WatchedHTTPHandler(),
                                                        _WatchedHTTPSHandler())
        return _OPENERS[key]


def _http(url: str) -> str:
    """``url`` if it is an http(s) URL with a host (and a port, where it says one), else a
    one-line usage error."""
    example = "give the store's http(s) URL, e.g. http://127.0.0.1:7878/store"
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 -- read to check it: "abc" and 99999 are no port
    except ValueError as e:  # "http://[::1": a bracket left open; a port that is no port
        raise UsageError(f"{url!r}: not a URL ({e}); {example}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or re.search(r"[\x00-\x20\x7f]", url):
        raise UsageError(f"{url!r}: {example}")
    if parts.username is not None or parts.password is not None:
        raise UsageError(f"{parts.scheme}://{parts.hostname}...: credentials go in KG_USER and KG_PASSWORD or "
                         "~/.netrc, never in the URL (a command line is seen by every process here)")
    return url


def _request(url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None,
             timeout: float | None = None):
    _http(url)
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        return opener(url).open(request, timeout=min(TIMEOUT, timeout) if timeout else TIMEOUT)
    except urllib.error.HTTPError as e:
        raise RemoteError(f"{url}: {e.code} {e.reason}" + _said(_body(e))) from None
    except (http.client.HTTPException, urllib.error.URLError, OSError) as e:
        raise _failed(url, e) from None


def _failed(url: str, error: Exception) -> RemoteError:
    """An exchange that got no HTTP answer, as one line: no HTTP at all (a status line or header no
    HTTP server writes), or no store there (RemoteTimeout where it did not answer in time)."""
    if isinstance(error, http.client.HTTPException):
        return RemoteError(f"{url}: the store's answer is not HTTP ({_first_line(error)})")
    reason = getattr(error, "reason", error)
    kind = RemoteTimeout if isinstance(reason, TimeoutError) else RemoteError
    return kind(f"{url}: cannot reach the store ({reason})")


def _body(error: urllib.error.HTTPError) -> bytes:
    """The start of an error answer's body, or nothing where even that is cut off."""
    try:
        return error.read(2000)
    except (http.client.HTTPException, OSError):
        return b""


def _first_line(error: Exception) -> str:
    said = str(error) or type(error).__name__
    return said.splitlines()[0][:200]


def _said(body: bytes) -> str:
    """What a store's error page says, as one short line (its HTML tags dropped)."""
    text = " ".join(re.sub(r"<[^>]*>", " ", body.decode("utf-8", "replace")).split())
    text = re.sub(r"^.*?(?=\b(?:Virtuoso|Error|SPARQL)\b)", "", text, count=1) or text  # past a page's title
    return f": {text[:300]}" if text else ""


def our_graphs(graph: KnowledgeGraph) -> list[str]:
    """The named graphs a push sends: every graph of the project (sources, derived, background, ontology)."""
    return graph.graph_names()


def push(graph: KnowledgeGraph, store_url: str, *, prune: bool = False, sparql_url: str | None = None,
         fast: bool | None = None, progress=None, part_bytes: int = PART_BYTES,
         timeout: float | None = None) -> PushReport:
    """Replace, graph by graph, what the store at ``store_url`` (a Graph Store Protocol endpoint,
    Oxigraph's ``/store``) holds under our graph names; see the module's docstring.

    The whole push ends within ``timeout`` seconds (by default :func:`push_deadline` of what it
    sends): every exchange's socket is shut when it passes, however the store dribbles. The store
    must then give back the push's description: a server that takes anything and keeps nothing
    is no store.

    Raises:
        LimitExceeded: the deadline passed.
        RemoteError: the store refused, failed, or is no Graph Store.
    """
    _http(store_url)
    seconds = timeout or push_deadline(graph)
    with _Deadline(seconds) as deadline:
        try:
            report = _push(graph, store_url, prune, sparql_url, fast, progress, part_bytes, deadline)
            _check_pushed(graph, store_url)
        except (RemoteError, OSError):
            if deadline.expired:
                raise LimitExceeded(f"the push to {store_url} did not finish within {seconds:g} s and was stopped; "
                                    "give it more time with --timeout") from None
            raise
    return report


def push_deadline(graph: KnowledgeGraph) -> float:
    """The time a push of ``graph`` is given by default: a minute, and a second more for every
    5,000 statements (a million: 4 min 20 s; measured pushes of a million take under two)."""
    return PUSH_SECONDS + len(graph) / PUSH_RATE


def _check_pushed(graph: KnowledgeGraph, store_url: str) -> None:
    """Ask the store for the description just pushed (a Graph Store GET, read no further than
    :data:`DESCRIPTION_MB`): it must hold our content version."""
    from kg.loader import content_version

    url = _with(store_url, "graph=" + urllib.parse.quote(DESCRIPTION, safe=""))
    with _request(url, "GET", headers={"Accept": "application/n-triples, text/turtle;q=0.9"}) as response:
        data = _read_part_up_to(response, DESCRIPTION_MB * 1024 * 1024)
        media = (response.headers.get("Content-Type") or "").split(";")[0].strip()
    version = content_version(graph.project) if graph.project else "unknown"
    form = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.TURTLE
    try:
        held = any(q.predicate.value == "http://www.w3.org/2002/07/owl#versionInfo" and q.object.value == version
                   for q in ox.parse(data, format=form, base_iri=store_url))
    except (SyntaxError, ValueError, OSError):
        held = False
    if not held:
        raise RemoteError(f"{store_url}: the server took the push but does not give it back (GET ?graph=<{DESCRIPTION}>); "
                          "is it a SPARQL Graph Store endpoint? (Oxigraph: .../store; Virtuoso: .../sparql-graph-crud-auth)")


def _push(graph: KnowledgeGraph, store_url: str, prune: bool, sparql_url: str | None, fast: bool | None,
          progress, part_bytes: int, deadline: "_Deadline") -> PushReport:
    names = our_graphs(graph)
    # a request with no body first: it tells Oxigraph's server apart, and makes the store's
    # digest challenge known before any large body is sent
    oxigraph = _is_oxigraph(store_url)
    if fast is None:
        fast = oxigraph
    pruned = []
    if prune:
        remote = remote_graphs(sparql_url or _sparql_of(store_url))
        pruned = sorted(g for g in remote if g.startswith(BASE) and g not in names and g not in (DESCRIPTION, UNION))
        for name in pruned:
            _delete(store_url, name)
    # the description goes first and comes back last: a push cut short leaves none, and queries
    # then list the project's graphs instead of trusting a merge the push did not finish
    _delete(store_url, DESCRIPTION)
    statements = 0
    if fast:
        for name in [*names, UNION]:
            _delete(store_url, name)
        data = graph.store.dump(format=ox.RdfFormat.N_QUADS)  # the merge too, as UNION
        _request(_with(store_url, "no_transaction"), "POST", data, {"Content-Type": "application/n-quads"})
        statements = len(graph)
    else:
        from concurrent.futures import ThreadPoolExecutor  # here: 8 ms of imports (logging) a query need not pay

        # a few graphs at a time: the store parses each request on its own thread
        with ThreadPoolExecutor(PUSH_THREADS) as pool:
            sent = [pool.submit(deadline.within(_put_graph), graph, store_url, name, part_bytes) for name in names]
            for i, (name, future) in enumerate(zip(names, sent), 1):
                statements += future.result()
                if progress:
                    progress(i, len(names), name)
    # the merge of our graphs, one graph: the default graph every query asks (the bulk load sent it).
    # (Virtuoso 7.2 answers <= and >= on xsd:date wrongly, over the merge and over listed graphs
    # alike: the named queries compare dates as !(a > b), which it answers right)
    union = UNION
    if not fast:
        _put(store_url, UNION, graph.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(UNION)), part_bytes)
    _describe(graph, store_url, names, union)
    return PushReport(len(names), statements, pruned, fast)


def _describe(graph: KnowledgeGraph, store_url: str, names: list[str], union: str | None) -> None:
    """Leave in the store, in its own graph, what this push sent (VoID): the graphs with their
    statement counts, the project's content version, the time of the push, and the graph that
    holds their merge."""
    import datetime

    from kg.loader import content_version

    counts = {r["g"]: r["n"] for r in graph.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union=False)}
    me = f"<{DESCRIPTION}>"
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    version = content_version(graph.project) if graph.project else "unknown"
    lines = [f'{me} <{RDF_TYPE}> <{VOID}Dataset> .', *([f'{me} <{UNION_GRAPH}> <{union}> .'] if union else []),
             f'{me} <http://purl.org/dc/terms/modified> "{now}"^^<http://www.w3.org/2001/XMLSchema#dateTime> .',
             f'{me} <http://www.w3.org/2002/07/owl#versionInfo> "{version}" .',
             f'{me} <{VOID}triples> "{sum(counts.get(n, 0) for n in names)}"^^<http://www.w3.org/2001/XMLSchema#integer> .']
    for name in names:
        lines += [f"{me} <{VOID}subset> <{name}> .",
                  f'<{name}> <{VOID}triples> "{counts.get(name, 0)}"^^<http://www.w3.org/2001/XMLSchema#integer> .']
    url = _with(store_url, "graph=" + urllib.parse.quote(DESCRIPTION, safe=""))
    _again(lambda: _request(url, "PUT", ("\n".join(lines) + "\n").encode("utf-8"),
                            {"Content-Type": "application/n-triples"}))


@dataclass(frozen=True)
class Pushed:
    """What the store's last push says of itself."""

    version: str            # the project's content version pushed
    graphs: list[str]       # the graphs it sent
    when: str               # the push time
    union: str | None       # the graph holding their merge, if the push left one


def described(sparql_url: str, timeout: float | None = None, max_answer_mb: int | None = None) -> Pushed | None:
    """What the store's last push says of itself (None where no push described itself, or the
    store cannot say). Its answer is read under the query's limits, and never past
    :data:`DESCRIPTION_MB` (a description kg writes is a few kilobytes a hundred graphs)."""
    most = min(max_answer_mb or DESCRIPTION_MB, DESCRIPTION_MB)
    try:
        rows = ask(sparql_url, f"SELECT ?version ?when ?graph ?union WHERE {{ GRAPH <{DESCRIPTION}> {{ "
                               f"<{DESCRIPTION}> <http://www.w3.org/2002/07/owl#versionInfo> ?version ; "
                               "<http://purl.org/dc/terms/modified> ?when ; <http://rdfs.org/ns/void#subset> ?graph . "
                               f"OPTIONAL {{ <{DESCRIPTION}> <{UNION_GRAPH}> ?union }} }} }}",
                   graphs=None, timeout=min(timeout or 30, 30), max_answer_mb=most)
    except LimitExceeded as e:
        if "MiB" in str(e) and most == DESCRIPTION_MB:
            raise RemoteError(f"{sparql_url}: the store's answer to the look-up of its push's description passed "
                              f"{most} MiB and was stopped; no description kg writes is so large") from None
        raise
    except KGError:
        return None
    rows = [r for r in rows if r["version"] is not None]
    graphs = sorted({r["graph"].value for r in rows if r["graph"] is not None})
    if not graphs:
        return None
    union = rows[0]["union"]
    return Pushed(rows[0]["version"].value, graphs, rows[0]["when"].value, union.value if union is not None else None)


def ask_as_pushed(sparql_url: str, query: str, bind_texts=(), *, root=None, load=None,
                  timeout: float | None = None, max_answer_mb: int | None = None, names_here: bool = False):
    """Ask the store with the project's graphs as it holds them, parsing nothing here that the
    store can tell: the graphs come from the push's description, the project's files are only
    fingerprinted to tell a stale store (while the store answers: reading and hashing let the
    request go on). The graph is loaded (``load()``) only for a store that holds no description;
    a ``--bind`` that names an entity is resolved on the names the store holds, or on the local
    graph where ``names_here`` (a ``--store`` cache is given: opening it costs less than asking).

    Returns the answer and a one-line note for a stale store (or None).
    """
    from kg.errors import ProjectNotFound
    from kg.loader import content_version
    from kg.project import Project

    try:
        project, missing = Project.find(root), None
    except ProjectNotFound as e:
        project, missing = None, e
    version = _meanwhile(lambda: content_version(project)) if project is not None else None
    try:
        answer, pushed = _ask_within(sparql_url, query, bind_texts, load, names_here, missing,
                                     _time_left(timeout), max_answer_mb)
    except _TooSlow:  # said with the limit the user gave, not the time left of it at the last exchange
        raise _too_slow(timeout) from None
    note = None
    if pushed and version is not None and pushed.version != version():
        note = (f"note: the store holds the project as pushed {pushed.when}, and the files here differ from it; "
                "push again with `kg push` to ask it about them")
    return answer, note


def _ask_within(sparql_url: str, query: str, bind_texts, load, names_here: bool, missing, left, max_answer_mb):
    """:func:`ask_as_pushed`'s exchanges, each given the time ``left()`` of one limit."""
    from kg import query as q

    pushed = described(sparql_url, left(), max_answer_mb)
    if pushed is None:
        if missing:
            ask(sparql_url, "ASK {}", graphs=None, timeout=left(), max_answer_mb=max_answer_mb)  # an unreachable store says so first
            raise missing
        graph = load()
        graphs, union = graph.graph_names(), None
    else:
        graphs, union = pushed.graphs, pushed.union
        naming = any(q.names_an_entity(text) for text in bind_texts)
        graph = (load() if names_here else names_of(sparql_url, graphs, union, left(), max_answer_mb)) if naming else None
    bindings = q.resolve_bindings(graph, bind_texts)
    return ask(sparql_url, query, graphs, bindings, timeout=left(), max_answer_mb=max_answer_mb, union=union), pushed


def _time_left(timeout: float | None) -> Callable[[], float | None]:
    """What tells the time left of ``timeout`` seconds from now (None: no limit); once none is
    left, the limit is passed."""
    if timeout is None:
        return lambda: None
    ends = time.monotonic() + timeout

    def left() -> float:
        remaining = ends - time.monotonic()
        if remaining <= 0:
            raise _too_slow(timeout)
        return remaining
    return left


def _meanwhile(work: Callable[[], object]) -> Callable[[], object]:
    """Start ``work`` on a thread of its own; return what waits for its result (or raises its error)."""
    done: list = []

    def run() -> None:
        try:
            done.append((work(), None))
        except BaseException as e:  # handed to whoever waits for the result
            done.append((None, e))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def result() -> object:
        thread.join()
        value, error = done[0]
        if error is not None:
            raise error
        return value
    return result


def names_of(sparql_url: str, graphs: list[str], union: str | None, timeout: float | None,
             max_answer_mb: int | None = None) -> KnowledgeGraph:
    """The names the store holds (labels, other names, notations, with each entity's type), as a
    small graph for the one resolver (:func:`kg.lookup.resolve`): a --bind resolved on the store
    parses nothing here."""
    from kg import queries

    rows = ask(sparql_url, queries.read("names", internal=True), graphs, timeout=timeout, union=union,
               max_answer_mb=max_answer_mb)
    predicate = {"label": ox.NamedNode(PREFIXES["rdfs"] + "label"), "other name": ox.NamedNode(PREFIXES["skos"] + "altLabel"),
                 "notation": ox.NamedNode(PREFIXES["eli"] + "id_local")}
    store = ox.Store()
    for row in rows:
        entity = row["entity"]
        store.add(ox.Quad(entity, predicate[row["kind"].value], row["name"], ox.DefaultGraph()))
        if row["type"] is not None:
            store.add(ox.Quad(entity, ox.NamedNode(RDF_TYPE), row["type"], ox.DefaultGraph()))
    return KnowledgeGraph(store)


def _put_graph(graph: KnowledgeGraph, store_url: str, name: str, part_bytes: int) -> int:
    """Replace the store's graph ``name`` with ours; return how many statements it holds."""
    return _put(store_url, name, graph.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)),
                part_bytes)


def _put(store_url: str, name: str, body: bytes, part_bytes: int) -> int:
    """Replace the store's graph ``name`` with the N-Triples ``body``; return its line count."""
    url = _with(store_url, "graph=" + urllib.parse.quote(name, safe=""))
    # a very big graph goes in parts, under the limits stores and proxies put on a request's
    # body: the first part replaces the graph, the others add to it
    for i, part in enumerate(_parts(body, part_bytes)):
        _again(lambda: _request(url, "PUT" if i == 0 else "POST", part, {"Content-Type": "application/n-triples"}))
    return body.count(b"\n")


def _again(call):
    """``call()``, tried again a few times while the store gives it up for another's sake: a
    store writing graphs side by side may give up one write for another (SQL state 40001,
    Virtuoso's "Transaction deadlocked"), a read that waited on a write (S1T00), or two writes
    that met adding the same new language tag to its table (SR197, "Non unique primary key on
    DB.DBA.RDF_LANGUAGE", seen on a fresh store)."""
    for attempt in range(TRIES):
        try:
            return call()
        except RemoteError as e:
            if not any(state in str(e) for state in ("40001", "S1T00", "SR197")) or attempt + 1 == TRIES:
                raise
            time.sleep(0.2 * 2 ** attempt)


def _parts(lines: bytes, size: int) -> list[bytes]:
    """N-Triples ``lines`` cut into parts of about ``size`` bytes, each ending where a line ends
    (one empty part for an empty graph)."""
    parts, start = [], 0
    while start < len(lines) or not parts:
        end = lines.find(b"\n", start + size - 1) + 1 or len(lines)
        parts.append(lines[start:end])
        start = end
    return parts


def _with(url: str, parameter: str) -> str:
    """``url`` with one more query parameter."""
    return url + ("&" if "?" in url else "?") + parameter


def _delete(store_url: str, name: str) -> None:
    try:
        _request(_with(store_url, "graph=" + urllib.parse.quote(name, safe="")), "DELETE")
    except RemoteError as e:
        if " 404 " not in str(e):  # a graph the store does not have is already gone
            raise


def _is_oxigraph(store_url: str) -> bool:
    """Whether the store is Oxigraph's server (its Server header says so, whatever the status)."""
    try:
        response = opener(store_url).open(urllib.request.Request(store_url, method="HEAD"), timeout=30)
        headers = response.headers
    except urllib.error.HTTPError as e:
        headers = e.headers
    except (http.client.HTTPException, urllib.error.URLError, OSError) as e:
        raise _failed(store_url, e) from None
    return (headers.get("Server") or "").lower().startswith("oxigraph")


def _sparql_of(store_url: str) -> str:
    """Oxigraph's query endpoint beside its graph store (``/store`` -> ``/query``)."""
    parts = urllib.parse.urlparse(store_url)
    path = parts.path[: -len("/store")] + "/query" if parts.path.endswith("/store") else parts.path
    return urllib.parse.urlunparse(parts._replace(path=path, query=""))


def remote_graphs(sparql_url: str) -> set[str]:
    """The named graphs the store holds. Asked with GROUP BY, not DISTINCT: the same answer, and
    Virtuoso 7.2 took 26 s over DISTINCT (0.04 s over GROUP BY) for 96 graphs once some had been
    sent in parts."""
    answer = _again(lambda: ask(sparql_url, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", graphs=None,
                                max_answer_mb=DESCRIPTION_MB))
    return {s["g"].value for s in answer if s["g"] is not None}


def ask(sparql_url: str, query: str, graphs: list[str] | None, bindings: dict | None = None,
        timeout: float | None = None, max_answer_mb: int | None = None, union: str | None = None):
    """Run ``query`` on a remote endpoint with ``graphs`` as its default graph; return
    pyoxigraph's result (solutions, a boolean, or triples), read to its end.

    The dataset sent: the graphs the query's ``FROM`` and ``FROM NAMED`` select (each one of
    ``graphs``); else the merge ``union`` (a graph the store holds) as the default graph; else
    (no merge known) ``graphs`` listed as the default graph,
    and as the named graphs where the query reads named graphs. ``graphs=None``: the store's own.

    ``timeout`` bounds the whole exchange (the wait for the answer and its reading, each read at
    most that long, so it ends within twice the limit at worst); ``max_answer_mb`` the answer's size,
    read in parts and stopped there: a limit passed is an error, never an answer cut short.

    Raises:
        QueryError: the query is refused here (SERVICE, size, depth) or by the store.
        LimitExceeded: the time or size limit was passed.
        RemoteError: the store is unreachable, capped or cut the answer.
    """
    selected = guard.check(query)
    # what the query is read from the query as written (its tokens are read once, above)
    graph_form = guard.form(query) in ("CONSTRUCT", "DESCRIBE")
    dataset, distinct = _dataset(query, selected, graphs, union), guard.distinct(query)
    query = guard.unescape_names(with_prefixes(guard.bind(query, bindings or {})))
    accept = "application/n-triples" if graph_form else RESULTS_ACCEPT
    fields = [("query", query)] + dataset
    body = urllib.parse.urlencode(fields).encode("utf-8")
    started = time.monotonic()
    deadline = _Deadline(timeout) if timeout is not None else contextlib.nullcontext()
    try:
        with deadline, _request(sparql_url, "POST", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                           "Accept": accept}, timeout=timeout) as response:
            data = _read_within(response, started, timeout, max_answer_mb)
            headers = response.headers
        if getattr(deadline, "expired", False):  # the answer ended as its socket was shut: cut short
            raise _too_slow(timeout)
    except (RemoteTimeout, TimeoutError):
        if timeout is None:
            raise
        raise _too_slow(timeout) from None
    except RemoteError:
        if getattr(deadline, "expired", False):  # its socket shut at the deadline: a time limit, not a fault
            raise _too_slow(timeout) from None
        raise
    return lists_in_order(read_answer(data, headers, graph_form, sparql_url, distinct=distinct), query)


def _dataset(query: str, selected: guard.Dataset, graphs: list[str] | None, union: str | None) -> list[tuple[str, str]]:
    """The protocol's dataset fields for ``query`` (see :func:`ask`). The protocol's dataset
    overrides the query's own FROM, so a FROM is sent as the protocol's, among our graphs only."""
    if graphs is None:
        return []
    if selected.given:
        selected.require(set(graphs))
        return ([("default-graph-uri", guard.absolute(g)) for g in selected.default]
                + [("named-graph-uri", guard.absolute(g)) for g in selected.named])
    # naming a default graph empties the named graphs unless they are named too
    named = [("named-graph-uri", g) for g in graphs] if guard.reads_named_graphs(query) else []
    if union:  # the merge the push left: each statement once, as the default graph is here
        return [("default-graph-uri", union)] + named
    # an older push left none: the graphs listed (a statement two of them state is matched twice)
    return [("default-graph-uri", g) for g in graphs] + named


def _read_within(response, started: float, timeout: float | None, max_answer_mb: int | None) -> bytes:
    """The answer's body, read in parts while the time and size limits hold."""
    parts, size = [], 0
    while chunk := _read_part(response):
        size += len(chunk)
        if max_answer_mb is not None and size > max_answer_mb * 1024 * 1024:
            raise LimitExceeded(f"the store's answer passed {max_answer_mb} MiB and was stopped; add LIMIT "
                                "or give more with --max-memory")
        if timeout is not None and time.monotonic() - started > timeout:
            raise _too_slow(timeout)
        parts.append(chunk)
    return b"".join(parts)


def _read_part_up_to(response, most: int) -> bytes:
    """At most ``most`` bytes of the answer's body, in parts."""
    parts, size = [], 0
    while size < most and (chunk := _read_part(response)):
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)[:most]


def _read_part(response) -> bytes:
    try:
        return response.read(1 << 16)
    except http.client.HTTPException as e:  # a body shorter than said, a broken chunk
        raise RemoteError(f"{response.url}: the answer was cut off ({_first_line(e)}); the store may have failed "
                          "after it began answering") from None


class _TooSlow(LimitExceeded):
    """A time limit passed (not a size limit)."""


def _too_slow(timeout: float) -> LimitExceeded:
    return _TooSlow(f"the store did not answer within {timeout:g} s (the query's time limit) and the "
                         "exchange was stopped; narrow the query, add LIMIT, or give more time with --timeout")


def read_answer(data: bytes, headers, graph_form: bool, where: str = "the store", distinct: bool = False):
    """A store's answer, read to its end and checked for the ways stores cut answers short.

    A SELECT answer is also put in the form every store should give: booleans canonical
    (Virtuoso writes ``true`` as ``"1"^^xsd:boolean``), and the rows of a DISTINCT query
    distinct (Virtuoso is known to repeat rows: openlink/virtuoso-opensource#568).

    Raises:
        RemoteError: a partial answer (Virtuoso's ``X-SQL-State: S1TAT``), a row cap reached
            (``X-SPARQL-MaxRows``), or a body that does not parse to its end (cut off).
    """
    media = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        raise RemoteError(f"{where}: the answer is a web page ({media}), not SPARQL results; is this the "
                          "store's SPARQL endpoint (Oxigraph: /query, Virtuoso: /sparql)?")
    if (headers.get("X-SQL-State") or "").upper() == "S1TAT":
        raise RemoteError(f"{where}: the store stopped the query part-way (X-SQL-State: S1TAT) and sent a "
                          "partial answer; narrow the query or raise the store's time limit")
    try:
        if graph_form:
            return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        form = _results_format(headers)
        result = ox.parse_query_results(data, format=form)
        if not isinstance(result, ox.QuerySolutions):
            return result
        rows = list(result)  # read to the end: a cut-off answer fails here
    except (SyntaxError, ValueError, UnicodeDecodeError) as e:
        raise RemoteError(f"{where}: the answer was cut off or malformed ({str(e).splitlines()[0]}); the "
                          "store may have failed after it began answering") from None
    maximum = headers.get("X-SPARQL-MaxRows")
    if maximum and maximum.isdigit() and len(rows) >= int(maximum):
        raise RemoteError(f"{where}: the store capped the answer at {maximum} rows (X-SPARQL-MaxRows); "
                          "add LIMIT/OFFSET or raise the store's ResultSetMaxRows")
    return _canonical(result.variables, rows, data, form, distinct)


# the answer forms asked of a store, the first preferred: Virtuoso writes SPARQL XML results three
# times as fast as JSON (1M statements, 18,321 rows: 0.34 s against 1.13 s); Oxigraph both alike
RESULTS_ACCEPT = "application/sparql-results+xml, application/sparql-results+json;q=0.9"


def _results_format(headers) -> ox.QueryResultsFormat:
    """The results format a store answered in, by its Content-Type (SPARQL XML or JSON)."""
    media = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    return ox.QueryResultsFormat.XML if media in ("application/sparql-results+xml", "application/xml", "text/xml") \
        else ox.QueryResultsFormat.JSON


BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _numeric_boolean(term) -> bool:
    """Virtuoso's ``"1"^^xsd:boolean`` (or ``"0"``), which every other store writes ``true``."""
    return isinstance(term, ox.Literal) and term.datatype.value == BOOLEAN and term.value in ("0", "1")


def _canonical(variables, rows, data: bytes, form: ox.QueryResultsFormat, distinct: bool) -> Solutions:
    """The answer with canonical booleans and, for a DISTINCT query, no repeated row; as it came
    where it needs no mending (the common case: nothing is rewritten)."""
    names = [v.value for v in variables]
    booleans = BOOLEAN.encode() in data  # read no row where no boolean was written
    if not booleans and not distinct:
        return Solutions(variables, rows, data, form)
    cells = [tuple(row) for row in rows]
    mend = booleans and any(_numeric_boolean(term) for row in cells for term in row)
    if not mend and not (distinct and len(set(cells)) < len(cells)):
        return Solutions(variables, rows, data, form)
    seen, kept = set(), []
    for row in cells:
        row = tuple(ox.Literal("true" if term.value == "1" else "false", datatype=term.datatype)
                    if _numeric_boolean(term) else term for term in row)
        if not (distinct and row in seen):
            kept.append(row)
            seen.add(row)
    return solutions_of(names, kept)


def with_prefixes(query: str) -> str:
    """``query`` with our built-in prefixes declared ahead of it (the store does not know them;
    a prefix the query declares itself is left to it)."""
    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([\w.-]*):", query)}
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p.lower() not in declared]
    return "\n".join(lines + [query])


def progress_line(i: int, total: int, name: str) -> None:
    print(f"\r{i}/{total} graphs", end="\n" if i == total else "", file=sys.stderr, flush=True)


__all__ = ["PushReport", "RemoteError", "Solutions", "ask", "push", "remote_graphs"]
