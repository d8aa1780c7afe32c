"""The ontology documentation page: every class and property with both labels, its definition,
domain and range, and examples taken from the facts. One self-contained HTML file, offline.
"""
from __future__ import annotations

from collections import defaultdict
from html import escape
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from kg import queries
from kg._io import write_text
from kg.namespaces import ONTOLOGY_IRI, curie

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

_KIND_TITLES = {
    "http://www.w3.org/2002/07/owl#Class": "Classes",
    "http://www.w3.org/2002/07/owl#ObjectProperty": "Object properties",
    "http://www.w3.org/2002/07/owl#DatatypeProperty": "Datatype properties",
    "http://www.w3.org/2002/07/owl#AnnotationProperty": "Annotation properties",
}
EXAMPLES_PER_TERM = 3


def render_docs(graph: "KnowledgeGraph", template_dir: Path) -> str:
    """The documentation page as HTML text, from ``viz/docs.html`` and ``viz/docs.css``."""
    terms = graph.select(queries.read("docs-terms", internal=True))
    class_examples = _class_examples(graph)
    property_examples = _property_examples(graph)
    labels = {t["term"]: t.get("labelEn", "") for t in terms}
    sections, toc = [], []
    for kind, title in _KIND_TITLES.items():
        rows = [t for t in terms if t["kind"] == kind]
        if not rows:
            continue
        rows.sort(key=lambda t: (not t["term"].startswith(ONTOLOGY_IRI), curie(t["term"]).lower()))
        anchor = title.lower().replace(" ", "-")
        toc.append(f'<li><a href="#{anchor}">{escape(title)}</a> ({len(rows)})</li>')
        examples = class_examples if kind.endswith("#Class") else property_examples
        cards = "\n".join(_term_card(t, examples.get(t["term"], []), labels) for t in rows)
        sections.append(f'<section id="{anchor}"><h2>{escape(title)}</h2>\n{cards}\n</section>')
    page = Template((template_dir / "docs.html").read_text(encoding="utf-8"))
    return page.substitute(
        css=(template_dir / "docs.css").read_text(encoding="utf-8"),
        title=escape("vn-customs-kg ontology"),
        ontology=escape(ONTOLOGY_IRI),
        toc="\n".join(toc),
        sections="\n".join(sections),
        count=str(len(terms)),
    )


def write_docs(graph: "KnowledgeGraph", path: str | Path, template_dir: Path | None = None) -> Path:
    """Write the documentation page to ``path`` (atomically, UTF-8) and return the path."""
    if template_dir is None:
        template_dir = graph.project.viz_dir
    write_text(path, render_docs(graph, template_dir))
    return Path(path)


def _term_card(term: dict, examples: list[str], labels: dict[str, str]) -> str:
    iri = term["term"]
    anchor = escape(curie(iri).replace(":", "-"))
    facts = []
    for name, key in (("domain", "domains"), ("range", "ranges"), ("specializes", "supers")):
        values = [v for v in term.get(key, "").split() if v]
        if values:
            links = ", ".join(_term_link(v, labels) for v in values)
            facts.append(f"<dt>{name}</dt><dd>{links}</dd>")
    if examples:
        facts.append("<dt>examples</dt><dd><ul>" + "".join(f"<li>{e}</li>" for e in examples) + "</ul></dd>")
    return f"""<article class="term" id="{anchor}">
  <h3><code>{escape(curie(iri))}</code> <span class="en">{escape(term.get('labelEn', ''))}</span>
      <span class="vi" lang="vi">{escape(term.get('labelVi', ''))}</span></h3>
  <p class="iri">{escape(iri)}</p>
  <p class="def">{escape(term.get('definitionEn', ''))}</p>
  <p class="def vi" lang="vi">{escape(term.get('definitionVi', ''))}</p>
  <dl>{''.join(facts)}</dl>
</article>"""


def _term_link(iri: str, labels: dict[str, str]) -> str:
    if iri in labels:
        return f'<a href="#{escape(curie(iri).replace(":", "-"))}"><code>{escape(curie(iri))}</code></a>'
    return f"<code>{escape(curie(iri))}</code>"


def _class_examples(graph: "KnowledgeGraph") -> dict[str, list[str]]:
    examples: dict[str, list[str]] = defaultdict(list)
    for row in graph.select(queries.read("docs-class-examples", internal=True)):
        found = examples[row["class"]]
        if len(found) < EXAMPLES_PER_TERM:
            label = row.get("label") or curie(row["instance"])
            found.append(f"{escape(label)} <code>{escape(curie(row['instance']))}</code>")
    return examples


def _property_examples(graph: "KnowledgeGraph") -> dict[str, list[str]]:
    examples: dict[str, list[str]] = defaultdict(list)
    for row in graph.select(queries.read("docs-property-examples", internal=True)):
        found = examples[row["property"]]
        if len(found) < EXAMPLES_PER_TERM:
            value = row["object"]
            shown = curie(value) if isinstance(value, str) and value.startswith("http") else str(value)
            found.append(
                f"<code>{escape(curie(row['subject']))}</code> → {escape(shown)}"
                f' <span class="src">({escape(curie(row["graph"]))})</span>'
            )
    return examples
