"""The interactive graph page: one self-contained HTML file that works offline.

pyvis is used for what it does well here, the vis-network build it ships, which is inlined into
the page. Its own templates are not: they load vis-network and bootstrap from CDNs and put labels
into the HTML unescaped. The page template, style and script live in ``viz/``; the data goes in as
JSON inside a ``<script type="application/json">`` element, escaped so that no label can end it,
and the script sets every label with ``textContent``.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from html import escape
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from kg import queries, series
from kg._io import write_text
from kg.layout import FONT, ROW, layout, text_width
from kg.lookup import fold
from kg.namespaces import DERIVED_PREFIX, curie
from kg.query import readable_number

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

#: Colour and vis-network shape per kind of entity (the legend shows them).
KINDS = {
    "organization": ("#1f6fb2", "dot", "Organization", "Tổ chức"),
    "person": ("#e07b39", "diamond", "Person", "Người"),
    "document": ("#2e9e5b", "square", "Legal document", "Văn bản"),
    "task": ("#8fbf5a", "triangle", "Task", "Nhiệm vụ"),
    "event": ("#c23b6b", "star", "Event or campaign", "Sự kiện, chiến dịch"),
    "change": ("#7d3cb5", "hexagon", "Reorganization", "Sắp xếp tổ chức"),
    "place": ("#8c8c8c", "dot", "Place", "Địa điểm"),
    "system": ("#0f9aa8", "box", "System", "Hệ thống"),
    "programme": ("#b59a1a", "box", "Programme", "Chương trình"),
}
KIND_ORDER = list(KINDS)
MAX_LABEL = 48


def build_page_data(graph: "KnowledgeGraph", *, focus: str | None = None, depth: int = 2) -> dict:
    """Everything the page shows, as plain data: nodes, edges, details, sources, timeline."""
    nodes = _nodes(graph)
    edges = [e for e in _edges(graph) if e["from"] in nodes and e["to"] in nodes and e["from"] != e["to"]]
    if focus is not None:
        keep = _neighbourhood(focus, edges, depth) | {focus}
        nodes = {k: v for k, v in nodes.items() if k in keep}
        edges = [e for e in edges if e["from"] in keep and e["to"] in keep]
    placed = _place(nodes, edges)
    sources = _sources(graph)
    details = _details(graph, nodes, sources)
    timeline = sorted(
        ({"id": n["id"], "date": n["date"], "kind": n["kind"]} for n in nodes.values()
         if n["date"] and n["kind"] in ("document", "event", "change")),
        key=lambda item: (item["date"], item["id"]))
    legend = [{"kind": k, "color": c, "shape": s, "en": en, "vi": vi} for k, (c, s, en, vi) in KINDS.items()
              if any(n["kind"] == k for n in nodes.values())]
    return {"nodes": list(nodes.values()), "edges": edges, "details": details, "sources": sources,
            "timeline": timeline, "legend": legend, "focus": focus,
            "years": placed.years, "headings": placed.headings, "font": FONT, "row": ROW}


def write_page(graph: "KnowledgeGraph", path: str | Path, *, focus: str | None = None, depth: int = 2,
               title: str = "vn-customs-kg: Vietnam customs knowledge graph", template_dir: Path | None = None) -> Path:
    """Write the page to ``path`` (UTF-8, atomically) and return the path."""
    data = build_page_data(graph, focus=focus, depth=depth)
    write_text(path, render_page(data, title=title, template_dir=template_dir or graph.project.viz_dir))
    return Path(path)


def render_page(data: dict, *, title: str, template_dir: Path) -> str:
    """The page: the template filled in, with a Content-Security-Policy that lets run only the
    two scripts it carries (allowed by their SHA-256 hashes) and loads nothing from anywhere."""
    template = Template((template_dir / "page.html").read_text(encoding="utf-8"))
    visjs = _vis_network_js()
    js = (template_dir / "page.js").read_text(encoding="utf-8")
    # the template writes each script as "<script>\n$body\n</script>": hash exactly that text
    hashes = " ".join(f"'sha256-{_sha256(chr(10) + body + chr(10))}'" for body in (visjs, js))
    csp = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    return template.substitute(
        title=escape(title),
        csp=csp,
        css=(template_dir / "page.css").read_text(encoding="utf-8"),
        visjs=visjs,
        js=js,
        data=safe_json(data),
    )


def _sha256(text: str) -> str:
    import base64
    import hashlib

    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def safe_url(url: str) -> str:
    """``url`` if it is an http(s) address a page may link to, else "" (javascript:, data:, ...)."""
    return url if re.fullmatch(r"https?://[^\s<>\"]+", url or "", flags=re.I) else ""


def safe_json(data) -> str:
    """JSON that can sit inside a <script> element: no "<", ">", "&" or line separators raw."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _vis_network_js() -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return path.read_text(encoding="utf-8")


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _nodes(graph: "KnowledgeGraph") -> dict[str, dict]:
    nodes: dict[str, dict] = {}
    for row in graph.select(queries.read("viz-nodes", internal=True)):
        iri, kind = row["entity"], row["kind"]
        if iri in nodes and KIND_ORDER.index(nodes[iri]["kind"]) <= KIND_ORDER.index(kind):
            continue
        en = row.get("labelEn") or curie(iri)
        vi = row.get("labelVi") or ""
        valid_from = row.get("founded") or row.get("inForce") or row.get("signed") or row.get("start")
        valid_to = row.get("dissolved") if kind != "event" else None
        nodes[iri] = {
            "id": iri, "kind": kind, "type": row.get("classLabel", kind), "en": en, "vi": vi,
            "short_en": _short(en), "short_vi": _short(vi) if vi else "", "notation": row.get("notation", ""),
            "from": valid_from, "to": valid_to,
            "date": row.get("start") or row.get("signed") or row.get("inForce") or row.get("founded"),
            "search": fold(" ".join(filter(None, (en, vi, row.get("notation"))))),
        }
    return nodes


def _edges(graph: "KnowledgeGraph") -> list[dict]:
    return [{"from": r["from"], "to": r["to"], "label": r["label"], "via": r["via"], "sources": r["sources"].split()}
            for r in graph.select(queries.read("viz-edges", internal=True))]


def _neighbourhood(focus: str, edges: list[dict], depth: int) -> set[str]:
    import networkx as nx

    from kg.network import neighbourhood

    g = nx.MultiDiGraph()
    g.add_edges_from((e["from"], e["to"]) for e in edges)
    return neighbourhood(g, focus, depth)


def _place(nodes: dict[str, dict], edges: list[dict]):
    """Put every node on the map (kg.layout); return the layout (its year marks and headings)."""
    # room for the wider of the two labels the page can show
    drawn = {iri: {"kind": n["kind"], "date": n["date"],
                   "label": max(n["short_en"], n["short_vi"] or "", key=text_width)} for iri, n in nodes.items()}
    placed = layout(drawn, edges)
    for iri, (x, y, block) in placed.positions.items():
        nodes[iri]["x"], nodes[iri]["y"], nodes[iri]["block"] = round(x, 1), round(y, 1), block
        if iri in placed.under:
            nodes[iri]["under"] = placed.under[iri]
    return placed


def _sources(graph: "KnowledgeGraph") -> dict[str, dict]:
    rows = graph.select(queries.read("sources"))
    # as people cite a source: its title (or our label for it), publisher and date; the address on hover
    sources = {r["source"]: {"label": r["label"], "title": r.get("title", ""), "publisher": r.get("publisher", ""),
                             "issued": str(r.get("issued", "") or ""), "url": safe_url(r.get("url", ""))} for r in rows}
    for name in graph.graph_names():  # what a rule derived says so, and which rule
        if name.startswith(DERIVED_PREFIX):
            rule = name[len(DERIVED_PREFIX):]
            sources[name] = {"label": f"derived by kg's rule {rule!r}, not stated by a source", "title": "",
                             "publisher": "", "issued": "", "url": ""}
    return sources


def _details(graph: "KnowledgeGraph", nodes: dict[str, dict], sources: dict[str, dict]) -> dict[str, dict]:
    labels = {iri: n["en"] for iri, n in nodes.items()}
    predicate_labels = {r["p"]: r["l"] for r in graph.select(
        "SELECT ?p ?l WHERE { GRAPH <https://w3id.org/vn-customs-kg/ontology> { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?l "
        "FILTER(LANG(?l) = 'en') } }")}
    statements: dict[str, dict[tuple, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in graph.select(queries.read("viz-statements", internal=True)):
        if r["s"] in nodes:
            value = r["o"]
            shown = labels.get(value) or (curie(value) if isinstance(value, str) and value.startswith("http") else str(value))
            key = (predicate_labels.get(r["p"], curie(r["p"])), shown)
            statements[r["s"]][key].append(r["g"])
    figures: dict[str, list] = defaultdict(list)
    for r in graph.select(queries.read("viz-figures", internal=True)):
        if r["entity"] in nodes:
            figures[r["entity"]].append([r.get("label", ""), f"{readable_number(str(r['value']))} {r['unit']}", r["period"], r["g"]])
    charts: dict[str, list] = defaultdict(list)
    for s in series.series(graph):
        if s.about in nodes and series.chartable(s):
            charts[s.about].append(series.chart(s, lambda g: _citation(sources, g), width=300, height=170))
    return {
        iri: {
            "statements": sorted([p, v, sorted(set(g))] for (p, v), g in statements[iri].items()),
            "figures": sorted(figures[iri]),
            **({"series": charts[iri]} if iri in charts else {}),
        }
        for iri in nodes
    }


def _citation(sources: dict[str, dict], g: str) -> str:
    s = sources.get(g) or {}
    return ", ".join(x for x in ((s.get("url") and s.get("title")) or s.get("label") or curie(g), s.get("publisher"),
                                 s.get("issued")) if x)
