"""Graph page benchmark: generation time and time to first drawing at 1,000 and 10,000 nodes,
kg's page next to pyvis defaults on the same graph, in headless Chromium.

    python tests/benchmarks/viz.py [--sizes 1000,10000] [--pyvis-timeout 60]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402
from kg.viz import write_page  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def synthetic_graph(nodes: int, root: Path, seed: int = 3) -> kg.KnowledgeGraph:
    """A project of ``nodes`` organizations in a random hierarchy (``nodes`` - 1 links), one source,
    labels in two languages."""
    rng = random.Random(seed)
    (root / "ontology").mkdir(parents=True, exist_ok=True)
    (root / "facts").mkdir(exist_ok=True)
    # the hierarchy's property labelled, as the real ontology labels it: the page draws only
    # links whose property has a label
    (root / "ontology" / "customs.ttl").write_text(
        '<http://www.w3.org/ns/org#subOrganizationOf> <http://www.w3.org/2000/01/rdf-schema#label> '
        '"sub-organization of"@en .\n', encoding="utf-8")
    lines = ["@base <https://w3id.org/vn-customs-kg/> .", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix org: <http://www.w3.org/ns/org#> .", "@prefix prov: <http://www.w3.org/ns/prov#> .",
             '<source/s> { <source/s> a prov:Entity ; rdfs:label "Synthetic"@en .']
    for i in range(nodes):
        parent = f" ; org:subOrganizationOf <org/u{rng.randrange(i)}>" if i else ""
        lines.append(f'<org/u{i}> a org:Organization ; rdfs:label "Unit {i}"@en, "Đơn vị {i}"@vi{parent} .')
    lines.append("}")
    (root / "facts" / "synthetic.trig").write_text("\n".join(lines), encoding="utf-8")
    return kg.load(root)


def pyvis_page(graph: kg.KnowledgeGraph, path: Path) -> None:
    """pyvis with its defaults on the same entities and links."""
    from pyvis.network import Network

    from kg.viz import build_page_data

    data = build_page_data(graph)
    net = Network(cdn_resources="in_line")  # the default ("local"/"remote") cannot draw with no network at all
    for n in data["nodes"]:
        net.add_node(n["id"], label=n["en"])
    for e in data["edges"]:
        net.add_edge(e["from"], e["to"])
    import contextlib

    with contextlib.chdir(path.parent):  # pyvis may copy its lib/ folder into the working directory
        net.write_html(str(path))


#: True once the page's canvas holds any drawn pixel: the same test for both pages.
DRAWN = """() => { const c = document.querySelector('canvas'); if (!c || !c.width) return false;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 3; i < d.length; i += 64) if (d[i]) return true; return false; }"""


def first_drawing(browser, path: Path, timeout: float) -> float | None:
    """Seconds from navigation to the first drawn pixel, or None past ``timeout``."""
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    start = time.perf_counter()
    try:
        page.goto(path.as_uri(), timeout=timeout * 1000, wait_until="commit")
        page.wait_for_function(DRAWN, timeout=timeout * 1000, polling=100)
        return time.perf_counter() - start
    except Exception:
        return None
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--pyvis-timeout", type=float, default=60.0)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"{'nodes':>7} {'kg generate s':>14} {'kg first draw s':>16} {'pyvis generate s':>17} {'pyvis first draw s':>19}")
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for size in (int(s) for s in args.sizes.split(",")):
            graph = synthetic_graph(size, Path(tmp) / f"p{size}")
            ours, theirs = Path(tmp) / f"kg{size}.html", Path(tmp) / f"pyvis{size}.html"
            start = time.perf_counter()
            write_page(graph, ours)
            kg_generate = time.perf_counter() - start
            start = time.perf_counter()
            pyvis_page(graph, theirs)
            pyvis_generate = time.perf_counter() - start
            kg_draw = first_drawing(browser, ours, 60)
            pyvis_draw = first_drawing(browser, theirs, args.pyvis_timeout)
            show = lambda t: f"{t:.2f}" if t is not None else f">{args.pyvis_timeout:.0f} (timeout)"
            print(f"{size:>7} {kg_generate:14.2f} {show(kg_draw):>16} {pyvis_generate:17.2f} {show(pyvis_draw):>19}")
        browser.close()


if __name__ == "__main__":
    main()
