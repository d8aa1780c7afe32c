"""Series and their charts (kg.series) on the curated graph: like joined only with like, every
mark naming its sources, every text escaped."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import kg
from kg import series as ser

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/vn-customs-kg/"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def graph():
    return kg.load(ROOT)


@pytest.fixture(scope="module")
def revenue(graph):
    found = ser.series(graph, indicator=BASE + "concept/indicator/state-budget-revenue")
    return next(s for s in found if s.unit == "VND" and not s.measure and s.about == BASE + "org/vietnam-customs")


def test_a_series_is_one_indicator_measure_unit_and_subject(graph):
    everything = ser.series(graph)
    assert sum(len(s.points) for s in everything) > 300
    for s in everything:
        assert s.points == sorted(s.points, key=lambda p: (p.end, p.start, p.value))
        assert all(p.sources for p in s.points)
    keys = [(s.indicator, s.measure, s.unit, s.about) for s in everything]
    assert len(keys) == len(set(keys))
    assert sum(ser.chartable(s) for s in everything) >= 20


def test_revenue_runs_from_2019_to_2025_and_only_whole_years_are_joined(revenue):
    assert {p.end.year for p in revenue.points} >= {2019, 2021, 2022, 2023, 2024, 2025}
    geometry = ser.chart(revenue, str)
    whole = {(m["x"], m["y"]) for m in geometry["marks"] if m["kind"] == ser.WHOLE_YEAR}
    part = {(m["x"], m["y"]) for m in geometry["marks"] if m["kind"] != ser.WHOLE_YEAR}
    assert len(whole) >= 2 and len(part) >= 10
    ends = {tuple(end) for line in geometry["lines"] for end in line["points"]}
    assert ends and ends <= whole and not ends & part
    # 2019 to 2024 skips years: the line says so by its dashes
    assert all(line["dashed"] for line in geometry["lines"])


def test_each_mark_names_its_period_value_and_sources(graph, revenue):
    geometry = ser.chart(revenue, lambda g: "cited:" + g)
    for point, mark in zip(revenue.points, geometry["marks"]):
        assert mark["title"].startswith(point.text(revenue.unit))
        assert all("cited:" + g in mark["title"] for g in point.sources)
        assert point.period in mark["title"] and point.span in mark["title"]
        # drawn over the span it measures: from its start to its end
        assert mark["from"] <= mark["x"]
    # values grow upwards: a larger value is higher on the chart
    ordered = sorted(zip(revenue.points, geometry["marks"]), key=lambda pm: pm[0].value)
    assert [m["y"] for _, m in ordered] == sorted((m["y"] for _, m in ordered), reverse=True)


def test_two_sources_of_one_value_are_one_mark_naming_both(graph):
    shared = [p for s in ser.series(graph) for p in s.points if len(p.sources) > 1]
    assert shared, "no value in the graph is given by two sources"
    # (the seeds and the articles give the same figures for 2024)


def point(year, value, span=ser.WHOLE_YEAR, end=None, source="s"):
    start = date(year, 1, 1)
    return ser.Point(start, end or date(year, 12, 31), span, Decimal(value), str(year), "", (source,))


def test_a_year_the_sources_disagree_on_breaks_the_line():
    s = ser.Series("i", "indicator", "", "cases", "", "",
                   [point(2020, 10), point(2021, 12, source="a"), point(2021, 14, source="b"), point(2022, 15),
                    point(2023, 16), point(2023, 5, ser.PART_YEAR, end=date(2023, 6, 30))])
    lines = ser.chart(s)["lines"]
    # 2020 joins nothing (2021 is disputed), 2022 joins 2023's whole year, never its half year
    assert len(lines) == 1 and not lines[0]["dashed"]
    marks = {m["kind"]: m for m in ser.chart(s)["marks"] if m["title"].startswith("5 ")}
    assert list(marks) == [ser.PART_YEAR]
    assert [marks[ser.PART_YEAR]["x"], marks[ser.PART_YEAR]["y"]] not in lines[0]["points"]


def test_negative_values_sit_below_a_drawn_zero():
    s = ser.Series("i", "indicator", "growth on the same period", "percent", "", "",
                   [point(2022, "-19.4"), point(2023, "7.4"), point(2024, "16.1")])
    g = ser.chart(s)
    low, high = (m["y"] for m in g["marks"][:2])
    assert low > g["zero"] > high
    assert {"-20", "0"} <= {t["label"] for t in g["y_ticks"]}


def test_labels_are_escaped_and_the_svg_is_well_formed():
    hostile = '<script>alert(1)</script>" onload="x'
    s = ser.Series("i", hostile, "", hostile, "", hostile, [point(2020, 1, source=hostile), point(2021, 2)])
    text = ser.svg(ser.chart(s, lambda g: g))
    assert "<script" not in text and 'onload="x' not in text
    root = ET.fromstring(text)
    titles = [t.text for t in root.iter(SVG + "title")]
    assert titles[0] == s.title and any(hostile in t for t in titles[1:])
    assert not [e for e in root.iter() if any(k.startswith("on") for k in e.attrib)]
