"""``kg build``: load, validate, and write every output of the project in one go."""
from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import UsageError
from kg.export import export
from kg.graph import KnowledgeGraph
from kg.namespaces import curie
from kg.validate import Report, validate

_CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE {
  GRAPH ?g { ?entity a ?class }
  FILTER(?g != <https://w3id.org/vn-customs-kg/ontology>)
} GROUP BY ?class ORDER BY DESC(?n) ?class"""


@dataclass
class BuildResult:
    report: Report
    statements: int
    outputs: list[Path] = field(default_factory=list)
    classes: Counter = field(default_factory=Counter)
    sources: int = 0

    def summary(self) -> str:
        top = ", ".join(f"{curie(c)} {n}" for c, n in self.classes.most_common(8))
        lines = [
            f"{self.statements} statements from {self.sources} sources",
            f"entities per class: {top}",
            f"validation: {'conforms' if self.report.conforms else f'{len(self.report.problems)} problem(s); nothing written'}",
            *(f"wrote {p}" for p in self.outputs),
        ]
        return "\n".join(lines)


def build_all(graph: KnowledgeGraph, out: str | Path) -> BuildResult:
    """Validate ``graph``, then write Turtle, TriG and the HTML pages into ``out``.

    Nothing is written unless the graph validates, and the outputs replace the old ones as a
    set: each is first written in full into a staging folder inside ``out``, and only when all
    are written are they renamed into place (a failure leaves the previous build as it was).
    """
    out = Path(out)
    result = BuildResult(report=validate(graph), statements=len(graph), sources=len(graph.source_graphs()))
    result.classes = Counter({row["class"]: row["n"] for row in graph.select(_CLASS_COUNTS)})
    if not result.report.conforms:
        return result
    writers = _writers()
    try:
        out.mkdir(exist_ok=True)  # the folder named, never the folders above it
        stage = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    except FileNotFoundError:
        raise UsageError(f"cannot write {out}: the folder {out.parent} does not exist; kg makes only the folder "
                         "named") from None
    except OSError as e:
        raise UsageError(f"cannot write {out}: {e.strerror or e}") from None
    try:
        staged = [(stage / name, out / name) for _, name in writers]
        for (writer, _), (path, _) in zip(writers, staged):
            writer(graph, path)
        for path, final in staged:
            os.replace(path, final)
            result.outputs.append(final)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return result


def _writers():
    """What `kg build` writes: (writer(graph, path), file name)."""
    from kg.docs import write_docs
    from kg.viz import write_page

    def exporter(fmt: str):
        return lambda graph, path: export(graph, fmt, path)
    return [(exporter("turtle"), "customs.ttl"), (exporter("trig"), "customs.trig"),
            (write_page, "customs-graph.html"), (write_docs, "ontology.html")]
