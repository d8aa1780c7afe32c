"""The query page at ``/``: an editor with the built-in prefixes, the named queries as examples
(their questions, their bind parameters as fields), results as a table whose entities link to
their pages, downloads in every format, and a permalink carrying the query. One page, its script
allowed by hash; it talks only to this server."""
from __future__ import annotations

import re
from html import escape

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kg import query as q
from kg.namespaces import PREFIXES
from kg.web.html import page
from kg.web.security import html_response

START = """SELECT ?document ?notation ?signed WHERE {
  ?document eli:id_local ?notation ; eli:date_document ?signed .
}
ORDER BY ?signed
LIMIT 20"""


def parameters(named: q.NamedQuery) -> list[str]:
    """The variables a named query asks to be bound, read from its question ("Bind ?date")."""
    head = " ".join(line for line in named.text.splitlines()[:2] if line.startswith("#"))
    found = []
    for name in re.findall(r"\?(\w+)", head.partition("Bind")[2]):
        if name not in found:
            found.append(name)
    return found


def named_queries(site):
    async def view(request: Request) -> Response:
        return JSONResponse([{"name": n.name, "question": n.question, "question_vi": n.question_vi, "text": n.text,
                              "parameters": parameters(n)}
                             for n in q.named_queries()])

    return view


def query_page(site):
    script = (site.templates / "query.js").read_text(encoding="utf-8")
    prefixes = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items())

    async def view(request: Request) -> Response:
        body = f"""<h1>Ask the graph in SPARQL</h1>
<p>Every prefix below is declared for you (a query's own <code>PREFIX</code> wins). The default graph
is the union of the sources; <code>GRAPH ?source {{ … }}</code> tells who states what.</p>
<div class=controls>
  <label>Example <select id=examples><option value="">— a named query —</option></select></label>
  <span id=question></span>
</div>
<div id=binds class=controls></div>
<div class=editor><pre id=highlight aria-hidden=true></pre><textarea id=editor spellcheck=false aria-label="SPARQL query">{escape(START)}</textarea></div>
<div class=controls>
  <button id=run type=button>Run</button>
  <a id=permalink href="#">permalink</a>
  <span id=downloads></span>
  <span id=status></span>
</div>
<div id=results></div>
<details><summary>Built-in prefixes</summary><pre>{escape(prefixes)}</pre></details>"""
        return html_response(page(site.templates, "vn-customs-kg: SPARQL", body, script=script))

    return view
