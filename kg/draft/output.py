"""Where a draft may go (never into facts/) and the summary ``kg draft`` prints on stderr."""
from __future__ import annotations

import os
from pathlib import Path

from kg.draft.against import Verdict
from kg.draft.model import Reading
from kg.errors import UsageError
from kg.graph import KnowledgeGraph


def check_output(graph: KnowledgeGraph, output: Path | None, article: Path | None = None) -> None:
    """Refuse an output inside the project's facts/ (a draft is reviewed before it goes there), or
    one that is the article itself.

    Raises:
        UsageError: ``output`` is in facts/, or is the article (followed through symlinks).
    """
    if output is None:
        return
    if article is not None and _same_file(output, article):
        raise UsageError(f"{output}: that is the article being read; write the draft to another file")
    if graph.project is None:
        return
    facts = Path(os.path.realpath(graph.project.root / "facts"))
    target = Path(os.path.realpath(output))
    if target == facts or facts in target.parents:
        raise UsageError(f"{output}: kg draft never writes into facts/; write the draft elsewhere, review it, then move it there")


def summary(reading: Reading, verdicts: list[Verdict] | None, output: Path | None) -> str:
    drafted = sum(1 for f in reading.figures if f.period is not None)
    lines = [f"drafted {len(reading.figures)} figures, {len(reading.posts)} posts, {len(reading.known)} known entities named, "
             f"{len(reading.proposals)} new proposed"
             + (f", {len(reading.ambiguous)} names with several candidates" if reading.ambiguous else "")
             + (f" ({len(reading.figures) - drafted} without a period)" if drafted < len(reading.figures) else "")
             + (f" -> {output}" if output else "")]
    if verdicts is not None:
        counts: dict[str, int] = {}
        for v in verdicts:
            counts[v.status] = counts.get(v.status, 0) + 1
        lines.append("against the graph: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
        lines += ["  " + v.line() for v in verdicts if v.kind != "entity"]
    return "\n".join(lines)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:  # one of them is not there yet
        return False
