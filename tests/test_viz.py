"""kg.viz: the page's data and its escaping, without a browser."""
import json
import re
from pathlib import Path

import kg
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
