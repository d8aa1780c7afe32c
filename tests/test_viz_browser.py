"""The graph page in a real browser: Debian's Chromium driven by Playwright, from file://.

Every request that is not the page's own file is routed and recorded: none may be attempted."""
import time
from pathlib import Path
from urllib.parse import quote

import pytest

import kg
from kg.viz import write_page

BASE = "https://w3id.org/vn-customs-kg/"

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).parent / "data" / "hostile"
DECISION_382 = "https://w3id.org/vn-customs-kg/document/2025/382-qd-btc"


@pytest.fixture
def open_page(browser):
    opened = []

    def open_(path, fragment="", locale=None):
        page = browser.new_page(viewport={"width": 1500, "height": 950}, locale=locale)
        page.outside = []
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))

        def route(r):
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                page.outside.append(r.request.url)
                r.abort()
        page.route("**/*", route)
        page.goto(path.as_uri() + fragment)
        page.wait_for_selector("body[data-drawn=true]", timeout=30000)
        opened.append(page)
        return page
    yield open_
    for page in opened:
        page.close()


@pytest.fixture(scope="module")
def curated(tmp_path_factory):
    return write_page(kg.load(ROOT), tmp_path_factory.mktemp("page") / "customs-graph.html")


def visible(page, label):
    return page.evaluate("""(label) => {
        const d = window.kgNetwork.body.data.nodes;
        return d.get({filter: (n) => n.label === label && !n.hidden}).length > 0; }""", label)


def screenshot(page, name):
    shot = ROOT / "build" / name
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10000


def test_curated_page_draws_offline_and_is_saved_as_a_screenshot(open_page, curated):
    page = open_page(curated)
    assert page.evaluate("window.kgNetwork.body.data.nodes.length") > 100
    assert page.outside == [] and page.errors == []
    screenshot(page, "customs-graph.png")


# Every drawn box (label inside) as Chromium lays it out, and the pairs of shown ones that meet.
OVERLAPS = """() => {
  const net = window.kgNetwork, shown = net.body.data.nodes.get({filter: (n) => !n.hidden});
  const boxes = shown.map((n) => [n.label, net.getBoundingBox(n.id)]).sort((a, b) => a[1].left - b[1].left);
  const meet = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length && boxes[j][1].left < boxes[i][1].right; j++) {
    const a = boxes[i][1], b = boxes[j][1];
    if (a.top < b.bottom && b.top < a.bottom) meet.push([boxes[i][0], boxes[j][0]]);
  }
  return {shown: boxes.length, meet};
}"""


def no_labels_meet(page, at_least):
    found = page.evaluate(OVERLAPS)
    assert found["shown"] >= at_least and found["meet"] == [], found
    return found["shown"]


def test_no_two_labels_meet_in_any_view_the_page_opens(open_page, curated):
    page = open_page(curated)
    whole = no_labels_meet(page, 200)  # the first view: the whole graph
    page.fill("#search", "382/QD-BTC")  # after a search
    page.locator("#results li").first.click()
    assert page.evaluate("window.kgNetwork.getSelectedNodes()") == [DECISION_382]
    no_labels_meet(page, whole)
    page.select_option("#lang", "vi")  # the Vietnamese labels fit the same room
    no_labels_meet(page, whole)
    page.select_option("#lang", "en")
    page.select_option("#view", "org")  # the organization chart
    assert 100 < no_labels_meet(page, 100) < whole
    screenshot(page, "customs-graph-org-chart.png")
    page.select_option("#view", "entity")  # the selected entity's neighbourhood
    assert 10 < no_labels_meet(page, 10) < whole
    screenshot(page, "customs-graph-neighbourhood.png")
    assert page.errors == []


def test_the_first_view_shows_the_chart_and_a_way_to_the_timeline_at_1400_by_1000(open_page, curated):
    page = open_page(curated)  # 1500x950 by default: this test looks at what a 1400x1000 screen shows
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.select_option("#view", "all")
    canvas = page.locator("#graph").bounding_box()
    in_view = """() => { const net = window.kgNetwork, shown = net.body.data.nodes.get({filter: (n) => !n.hidden});
        const c = document.getElementById('graph').getBoundingClientRect();
        return shown.filter((n) => { const p = net.canvasToDOM(net.getPositions([n.id])[n.id]);
            return p.x > 0 && p.x < c.width && p.y > 0 && p.y < c.height; }).map((n) => n.id); }"""
    blocks = page.evaluate("Object.fromEntries(JSON.parse(document.getElementById('kg-data').textContent).nodes.map((n) => [n.id, n.block]))")
    first = page.evaluate(in_view)
    assert sum(blocks[i] == "org" for i in first) >= 20  # the organization chart, readable
    for name in ("Organization chart", "Along time →"):  # and a button to each part, on the canvas
        box = page.locator("#jump button", has_text=name).bounding_box()
        assert canvas["x"] <= box["x"] and box["x"] + box["width"] <= canvas["x"] + canvas["width"]
        assert canvas["y"] <= box["y"] and box["y"] + box["height"] <= canvas["y"] + canvas["height"]
    page.locator("#jump button", has_text="Along time").click()
    timeline = page.evaluate(in_view)
    assert sum(blocks[i] == "time" for i in timeline) >= 8  # the latest years' events and documents
    assert page.evaluate("window.kgNetwork.getScale()") * 14 >= 11.99
    no_labels_meet(page, 100)
    page.locator("#jump button", has_text="Organization chart").click()
    assert sum(blocks[i] == "org" for i in page.evaluate(in_view)) >= 20
    assert page.errors == []


def test_each_view_has_its_permalink(open_page, curated):
    page = open_page(curated, "#view=org")
    assert page.input_value("#view") == "org" and not visible(page, "Decision 382/QĐ-BTC")
    assert visible(page, "Regional Customs Branch I") and visible(page, "Hanoi")
    page.select_option("#view", "all")
    assert page.evaluate("location.hash") == "#view=all" and visible(page, "Decision 382/QĐ-BTC")
    page.fill("#search", "Customs Department")
    page.locator("#results li", has_text="Customs Department").first.click()
    page.locator("#details a", has_text="neighbourhood").click()
    page.wait_for_function("location.hash.startsWith('#view=entity')")
    link = page.evaluate("location.href")
    # the link opens the same neighbourhood in a new tab
    again = open_page(curated, "#" + link.split("#", 1)[1])
    assert again.input_value("#view") == "entity"
    assert visible(again, "Customs Department") and visible(again, "Regional Customs Branch I")
    assert not visible(again, "Resolution 18-NQ/TW")
    assert again.evaluate("window.kgNetwork.getSelectedNodes()") == ["https://w3id.org/vn-customs-kg/org/customs-department"]


def test_a_focused_page_opens_on_its_neighbourhood(open_page, tmp_path):
    path = write_page(kg.load(ROOT), tmp_path / "focus.html", focus=DECISION_382, depth=1)
    page = open_page(path)
    assert page.input_value("#view") == "entity" and page.evaluate("location.hash").startswith("#view=entity")
    no_labels_meet(page, 10)


def test_the_iso_date_stands_beside_the_date_picker_in_any_locale(open_page, curated):
    page = open_page(curated, locale="de-DE")
    assert page.locator("#asof-iso").inner_text() == "2025-03-01"
    page.fill("#asof", "2024-02-15")
    page.dispatch_event("#asof", "change")
    assert page.locator("#asof-iso").inner_text() == "2024-02-15"
    page.fill("#asof-range", "0")
    page.dispatch_event("#asof-range", "input")
    assert page.locator("#asof-iso").inner_text() == page.input_value("#asof")


def test_search_folds_diacritics(open_page, curated):
    page = open_page(curated)
    page.fill("#search", "Hai quan")
    results = page.locator("#results li").all_inner_texts()
    assert "General Department of Vietnam Customs" in results  # found through "Tổng cục Hải quan"
    page.fill("#search", "382/QD-BTC")
    assert page.locator("#results li").all_inner_texts()[0] == "Decision 382/QĐ-BTC"


def test_clicking_a_node_shows_its_sources(open_page, curated):
    page = open_page(curated)
    page.fill("#search", "Customs Department")
    page.locator("#results li", has_text="Customs Department").first.click()
    assert page.locator("#details h3").inner_text() == "Customs Department"
    links = page.locator("#details td.src a")
    assert links.count() > 0 and links.first.get_attribute("href").startswith("http")
    # cited as people cite a source, the address on hover only
    for link in links.all():
        assert link.get_attribute("title") == link.get_attribute("href") and "://" not in link.inner_text()
    # clicking on the canvas itself selects too
    pos = page.evaluate("""() => { const id = 'https://w3id.org/vn-customs-kg/org/ministry-of-finance';
        window.kgNetwork.moveTo({position: window.kgNetwork.getPositions([id])[id], scale: 1.5, animation: false});
        return window.kgNetwork.canvasToDOM(window.kgNetwork.getPositions([id])[id]); }""")
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    page.wait_for_function("document.querySelector('#details h3') && document.querySelector('#details h3').textContent === 'Ministry of Finance'")


def test_the_detail_panel_draws_a_subjects_series(open_page, curated):
    page = open_page(curated, "#view=entity&id=" + quote(BASE + "org/vietnam-customs", safe=""))
    page.wait_for_selector("#details svg.series g.mark")
    charts = page.evaluate("""() => [...document.querySelectorAll('#details svg.series')].map((svg) => ({
        title: svg.querySelector('title').textContent,
        marks: [...svg.querySelectorAll('g.mark')].map((g) => ({kind: g.dataset.kind,
            title: g.querySelector('title').textContent,
            at: [...g.querySelectorAll('circle, rect')].map((c) => c.tagName === 'circle'
                 ? [+c.getAttribute('cx'), +c.getAttribute('cy')] : [+c.getAttribute('x') + 3.5, +c.getAttribute('y') + 3.5])[0]})),
        lines: [...svg.querySelectorAll('line.year-line')].map((l) => [[+l.getAttribute('x1'), +l.getAttribute('y1')],
                                                                        [+l.getAttribute('x2'), +l.getAttribute('y2')]])}))""")
    assert any(c["title"].startswith("state budget revenue (VND)") for c in charts)
    for chart in charts:
        whole = [tuple(m["at"]) for m in chart["marks"] if m["kind"] == "whole year"]
        for line in chart["lines"]:
            assert all(tuple(end) in whole for end in line), (chart["title"], line)
        # each mark names its source as the detail panel cites it
        assert all(";" in m["title"] for m in chart["marks"])
    assert not page.errors and not page.outside


def test_time_control_swaps_the_general_department_for_the_customs_department(open_page, curated):
    page = open_page(curated)
    page.fill("#asof", "2025-02-01")
    page.dispatch_event("#asof", "change")
    assert visible(page, "General Department of Vietnam Customs")
    assert not visible(page, "Customs Department")
    page.fill("#asof", "2025-03-01")
    page.dispatch_event("#asof", "change")
    assert not visible(page, "General Department of Vietnam Customs")
    assert visible(page, "Customs Department") and visible(page, "Regional Customs Branch I")


def test_timeline_selects_in_the_graph(open_page, curated):
    page = open_page(curated)
    page.locator("#timeline li", has_text="Directive 06/CT-TTg").click()
    assert page.evaluate("window.kgNetwork.getSelectedNodes()") == ["https://w3id.org/vn-customs-kg/document/2024/06-ct-ttg"]
    assert "selected" in page.locator("#timeline li", has_text="Directive 06/CT-TTg").get_attribute("class")


def test_double_click_collapses_and_expands_neighbours(open_page, curated):
    page = open_page(curated)
    hidden = lambda: page.evaluate("window.kgNetwork.body.data.nodes.get({filter: (n) => n.hidden}).length")
    node = "https://w3id.org/vn-customs-kg/document/2024/gdvc-instruction-under-06-ct-ttg"
    pos = page.evaluate(f"""() => {{ window.kgNetwork.moveTo({{position: window.kgNetwork.getPositions(['{node}'])['{node}'], scale: 2, animation: false}});
        return window.kgNetwork.canvasToDOM(window.kgNetwork.getPositions(['{node}'])['{node}']); }}""")
    box = page.locator("#graph").bounding_box()
    page.mouse.dblclick(box["x"] + pos["x"], box["y"] + pos["y"])
    assert hidden() >= 8  # its eight tasks hang on it alone
    page.mouse.dblclick(box["x"] + pos["x"], box["y"] + pos["y"])
    assert hidden() == 0


def test_hostile_labels_render_as_text_and_run_nothing(open_page, tmp_path):
    path = write_page(kg.load(HOSTILE), tmp_path / "hostile.html")
    page = open_page(path)
    page.fill("#search", "img")
    page.locator("#results li").first.click()
    assert page.locator("#details h3").inner_text() == '<img src=x onerror="window.__pwned=1">'
    page.select_option("#lang", "vi")
    page.fill("#search", "hai quan")
    assert page.locator("#results li").all_inner_texts() == ["Hải quan <i>x</i>"]
    page.locator("#results li").first.click()
    assert page.locator("#details img, #details script, #details i").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.outside == [] and page.errors == []


@pytest.mark.slow
def test_ten_thousand_nodes_draw_within_seconds(open_page, tmp_path):
    import importlib.util
    spec = importlib.util.spec_from_file_location("viz_bench", Path(__file__).parent / "benchmarks" / "viz.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    synthetic_graph = bench.synthetic_graph
    path = write_page(synthetic_graph(10_000, tmp_path / "big"), tmp_path / "big.html")
    start = time.perf_counter()
    page = open_page(path)
    elapsed = time.perf_counter() - start
    assert page.evaluate("window.kgNetwork.body.data.nodes.length") == 10_000
    page.fill("#search", "unit 9999")  # still answers
    assert page.locator("#results li").count() >= 1
    print(f"10,000 nodes drawn in {elapsed:.1f} s")
