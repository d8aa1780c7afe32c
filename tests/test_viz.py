"""kg.viz: the page's data and its escaping, without a browser."""
import json
import re
from pathlib import Path

import pytest

import kg
from kg.layout import ROW, box_width, layout, text_width
from kg.viz import build_page_data, safe_json, write_page

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).parent / "data" / "hostile"


def test_safe_json_cannot_end_the_script_element():
    text = safe_json({"label": "</script><script>alert(1)</script> & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"label": "</script><script>alert(1)</script> & \u2028"}


def test_hostile_labels_stay_inside_the_json(tmp_path):
    html = write_page(kg.load(HOSTILE), tmp_path / "page.html", template_dir=ROOT / "viz").read_text(encoding="utf-8")
    assert "window.__pwned" not in html.replace("window.__pwned\\u003c", "").split('id="kg-data">')[0]
    assert html.count("</script>") == 3  # the data, vis-network and the page script: nothing else closes one
    assert "<img src=x" not in html


def test_page_is_self_contained(tmp_path):
    html = write_page(kg.load(HOSTILE), tmp_path / "page.html", template_dir=ROOT / "viz").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "default-src 'none'" in html


def test_page_data_for_the_curated_graph():
    data = build_page_data(kg.load(ROOT))
    by_label = {n["en"]: n for n in data["nodes"]}
    gd = by_label["General Department of Vietnam Customs"]
    assert gd["to"] == "2025-03-01" and gd["vi"] == "Tổng cục Hải quan" and "tong cuc hai quan" in gd["search"]
    assert by_label["Customs Department"]["from"] == "2025-03-01"
    assert all("x" in n and "y" in n for n in data["nodes"])
    details = data["details"][gd["id"]]
    assert any(p == "dissolution date" for p, _, _ in details["statements"])
    assert [t["date"] for t in data["timeline"]] == sorted(t["date"] for t in data["timeline"])


def test_focus_keeps_the_neighbourhood_only():
    graph = kg.load(ROOT)
    whole = build_page_data(graph)
    focus = "https://w3id.org/vn-customs-kg/document/2025/382-qd-btc"
    part = build_page_data(graph, focus=focus, depth=1)
    ids = {n["id"] for n in part["nodes"]}
    assert focus in ids and 1 < len(ids) < len(whole["nodes"])
    linked = {e["to"] for e in whole["edges"] if e["from"] == focus} | {e["from"] for e in whole["edges"] if e["to"] == focus}
    assert ids == linked | {focus}


# -- the map: kg.layout ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def curated_data():
    return build_page_data(kg.load(ROOT))


def boxes(data):
    """Each node's box as kg.layout reserves it (the wider of its two labels)."""
    result = []
    for n in data["nodes"]:
        width = box_width(max(n["short_en"], n["short_vi"] or "", key=text_width))
        result.append((n["x"] - width / 2, n["y"] - ROW / 2 + 5, n["x"] + width / 2, n["y"] + ROW / 2 - 5, n["en"]))
    return result


def test_no_two_reserved_boxes_meet(curated_data):
    placed = sorted(boxes(curated_data))
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            if b[0] >= a[2]:
                break
            assert not (a[1] < b[3] and b[1] < a[3]), f"{a[4]!r} meets {b[4]!r}"


def test_the_organization_chart_shows_who_is_under_whom(curated_data):
    by_label = {n["en"]: n for n in curated_data["nodes"]}
    ministry, department = by_label["Ministry of Finance"], by_label["Customs Department"]
    branch, hanoi = by_label["Regional Customs Branch I"], by_label["Hanoi"]
    assert department["under"] == ministry["id"] and branch["under"] == department["id"]
    assert ministry["block"] == department["block"] == branch["block"] == "org"
    # one row per body, each under its parent and one step in; a branch's provinces on its row
    assert ministry["y"] < department["y"] < branch["y"]
    assert ministry["x"] - box_width(ministry["short_en"]) / 2 < department["x"] - box_width(department["short_en"]) / 2
    assert hanoi["y"] == branch["y"] and hanoi["x"] > branch["x"]
    # the branches in their numbers' order, IX after VIII
    numbered = [by_label[f"Regional Customs Branch {r}"]["y"] for r in ("I", "II", "VIII", "IX", "X", "XIX", "XX")]
    assert numbered == sorted(numbered)


def test_documents_and_events_run_along_time(curated_data):
    dated = [n for n in curated_data["nodes"] if n["block"] == "time" and n["kind"] == "document" and n["date"]]
    left = {n["id"]: n["x"] - box_width(max(n["short_en"], n["short_vi"] or "", key=text_width)) / 2 for n in dated}
    by_date = sorted(dated, key=lambda n: n["date"])
    lefts = [left[n["id"]] for n in by_date]
    # in the order of their dates, left to right (x is written to a tenth: two of one day may differ by that)
    assert len(dated) > 10 and all(b >= a - 0.1 for a, b in zip(lefts, lefts[1:])), lefts
    years = [m["year"] for m in curated_data["years"]]
    assert years == sorted(years) and 2024 in years and 2025 in years
    titles = [h["en"] for h in curated_data["headings"]]
    assert titles[:3] == ["Organization chart", "Events, campaigns and reorganizations", "Documents"]


def test_sources_are_cited_by_title_publisher_and_date(curated_data):
    seed = curated_data["sources"]["https://w3id.org/vn-customs-kg/source/seed-002"]
    assert seed["title"].startswith("Emulation movements") and seed["publisher"] and seed["issued"] == "2025-06-28"
    assert seed["url"].startswith("https://")
    derived = curated_data["sources"]["https://w3id.org/vn-customs-kg/graph/derived/issuer-from-notation"]
    assert "derived" in derived["label"] and derived["url"] == ""


def test_a_deep_or_circular_hierarchy_is_laid_out_whole():
    # a chain 10,000 deep (no recursion limit) and two bodies each "under" the other
    nodes = {f"o{i}": {"kind": "organization", "label": f"Unit {i}", "date": None} for i in range(10_002)}
    edges = [{"from": f"o{i}", "to": f"o{i - 1}", "via": "http://www.w3.org/ns/org#unitOf"} for i in range(1, 10_000)]
    edges += [{"from": "o10000", "to": "o10001", "via": "http://www.w3.org/ns/org#unitOf"},
              {"from": "o10001", "to": "o10000", "via": "http://www.w3.org/ns/org#unitOf"}]
    placed = layout(nodes, edges)
    assert len(placed.positions) == 10_002
    assert len({y for _, y, _ in placed.positions.values()}) == 10_002  # one row each
