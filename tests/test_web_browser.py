"""The server's pages in a real browser (Debian's Chromium via Playwright): the query page runs a
named query with a bind and links its answers; an entity page renders; no request leaves the
server and the Content-Security-Policy lets nothing else run."""
from __future__ import annotations


import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(kg_server):
    return kg_server


@pytest.fixture
def open_page(browser, server):
    pages = []

    def open_(path):
        page = browser.new_page()
        page.outside, page.errors, page.csp = [], [], []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("console", lambda m: page.csp.append(m.text) if "Content Security Policy" in m.text else None)

        def route(r):
            if r.request.url.startswith(server):
                r.continue_()
            else:
                page.outside.append(r.request.url)
                r.abort()
        page.route("**/*", route)
        page.goto(server + path)
        pages.append(page)
        return page
    yield open_
    for page in pages:
        page.close()


def test_the_query_page_runs_a_named_query_with_a_bind(open_page):
    page = open_page("/")
    page.wait_for_selector("#examples option[value=branch-for-province]", state="attached")
    page.select_option("#examples", "branch-for-province")
    page.fill("#binds input[name=province]", "Cao Bang")
    page.fill("#binds input[name=date]", "2025-07-01")
    page.click("#run")
    page.wait_for_selector("#results table")
    assert "Regional Customs Branch XVI" in page.inner_text("#results")
    assert page.locator("#results a[href='/place/cao-bang']").count() >= 1
    assert "query=" in page.get_attribute("#permalink", "href")
    assert page.locator("#downloads a").count() == 4
    assert page.locator("#highlight span.k", has_text="SELECT").count() >= 1  # the editor highlights SPARQL
    assert page.outside == [] and page.errors == [] and page.csp == []


def test_a_permalink_reruns_its_query(open_page):
    import urllib.parse
    query = "SELECT ?n WHERE { ?d eli:id_local ?n } ORDER BY ?n LIMIT 2"
    page = open_page("/#" + urllib.parse.urlencode({"query": query}))
    page.wait_for_selector("#results table")
    assert page.locator("#results tr").count() == 3
    assert page.input_value("#editor") == query


def test_an_entity_page_renders_in_the_browser(open_page):
    page = open_page("/document/2024/06-ct-ttg")
    assert page.inner_text("h1") == "Directive 06/CT-TTg"
    assert "source:seed-004" in page.inner_text("main")
    # its neighbourhood, drawn by the graph page's own code inside the page
    page.frame_locator("iframe.neighbourhood").locator("body[data-drawn=true]").wait_for(timeout=30000)
    assert page.outside == [] and page.errors == []


@pytest.mark.parametrize("path", ["/document/2024/06-ct-ttg", "/org/customs-department", "/event/mekong-dragon-vi"])
def test_an_entity_page_opens_at_its_top(open_page, path):
    # the embedded neighbourhood selects its entity in its own list: that must not scroll the page
    page = open_page(path)
    page.frame_locator("iframe.neighbourhood").locator("body[data-drawn=true]").wait_for(timeout=30000)
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") == 0
    assert page.locator("h1").bounding_box()["y"] >= 0


def test_a_vietnamese_entity_page_draws_its_neighbourhood_in_vietnamese(open_page):
    page = open_page("/org/customs-department?lang=vi")
    frame = page.frame_locator("iframe.neighbourhood")
    frame.locator("body[data-drawn=true]").wait_for(timeout=30000)
    assert frame.locator("#lang").input_value() == "vi"
    drawn = next(f for f in page.frames if "/graph" in f.url)
    assert "Cục Hải quan" in drawn.evaluate("window.kgNetwork.body.data.nodes.get().map((n) => n.label)")
    assert page.errors == [] and page.outside == []


def test_an_entity_page_s_neighbourhood_is_drawn_alone_and_readable_at_100_percent(open_page):
    page = open_page("/org/customs-department")
    page.frame_locator("iframe.neighbourhood").locator("body[data-drawn=true]").wait_for(timeout=30000)
    drawn = next(f for f in page.frames if "/graph" in f.url)
    # the drawing alone: no header, legend or detail panel in the frame, the canvas its whole width
    assert drawn.evaluate("document.body.classList.contains('embedded')")
    assert not drawn.locator("#details").is_visible() and not drawn.locator("#left").is_visible()
    frame_width = page.locator("iframe.neighbourhood").bounding_box()["width"]
    assert drawn.locator("#graph").bounding_box()["width"] > 0.9 * frame_width
    # labels at least 12 px high, however many neighbours (the rest a drag away)
    # (vis-network may rescale once more as the frame settles: wait for the page to bring it back)
    drawn.wait_for_function("window.kgNetwork.getScale() * 14 >= 11.99", timeout=30000)
    assert page.errors == [] and page.outside == []
