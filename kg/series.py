"""Indicator series: one indicator's values over time, and a chart of them people can trust.

A series is the values of one indicator with one measure (a level, a growth on the same period...),
one unit and one subject, from every source that gives one (the named query ``indicator-series``).
Values of unlike spans are not one line: a whole year's values are joined year to year, a part of a
year (January to November, a quarter) or a day is a mark of its own, drawn over the span it measures;
two sources giving the same value for the same period are one mark naming both; two giving different
values are two marks, and the line does not pass through a year its sources disagree on.

The chart is plain geometry (:func:`chart`), drawn as an inline SVG by :func:`svg` for server pages
and by the graph page's script from the same geometry: no script, font or image from anywhere, every
text escaped, each mark's title naming its period, value and sources.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Callable

from kg import queries
from kg.query import readable_number

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

WHOLE_YEAR, PART_YEAR, DAY = "whole year", "part of a year", "day"


@dataclass(frozen=True)
class Point:
    start: date
    end: date
    span: str            # WHOLE_YEAR, PART_YEAR or DAY
    value: Decimal
    period: str          # as people write it: "2024", "1 January – 30 November 2025"
    hedge: str           # "over", "nearly", "about" or ""
    sources: tuple[str, ...]

    def text(self, unit: str) -> str:
        return " ".join(filter(None, (self.hedge, readable_number(format(self.value, "f")), unit)))


@dataclass
class Series:
    indicator: str
    indicator_label: str
    measure: str         # "" for the level itself
    unit: str
    about: str           # the subject's IRI, or "" where the figures name none
    about_label: str
    points: list[Point] = field(default_factory=list)

    @property
    def title(self) -> str:
        what = self.indicator_label + (f", {self.measure}" if self.measure else "")
        return f"{what} ({self.unit})" + (f": {self.about_label}" if self.about_label else "")


def series(graph: "KnowledgeGraph", *, indicator: str | None = None, about: str | None = None) -> list[Series]:
    """Every series of ``indicator`` (or of every indicator), only those about ``about`` if given."""
    import pyoxigraph as ox

    bind = {"indicator": ox.NamedNode(indicator)} if indicator else None
    grouped: dict[tuple, Series] = {}
    marks: dict[tuple, dict[tuple, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in graph.select(queries.read("indicator-series"), bind):
        if about is not None and r.get("aboutEntity") != about:
            continue
        key = (r["indicator"], r.get("measure", ""), r["unit"], r.get("aboutEntity", ""))
        if key not in grouped:
            grouped[key] = Series(r["indicator"], r.get("indicatorLabel", ""), r.get("measure", ""), r["unit"],
                                  r.get("aboutEntity", ""), r.get("about", ""))
        point = (date.fromisoformat(str(r["periodStart"])), date.fromisoformat(str(r["periodEnd"])), r["span"],
                 Decimal(str(r["value"])), r.get("period", ""), r.get("hedge", ""))
        marks[key][point].append(r["source"])
    for key, found in marks.items():
        grouped[key].points = sorted((Point(*p, tuple(sorted(set(s)))) for p, s in found.items()),
                                     key=lambda p: (p.end, p.start, p.value))
    return sorted(grouped.values(), key=lambda s: (-len(s.points), s.title))


def chartable(s: Series) -> bool:
    """Worth a chart: two values at least (one is read better in the table)."""
    return len(s.points) >= 2


def chart(s: Series, cite: Callable[[str], str] = str, *, width: int = 560, height: int = 220) -> dict:
    """The geometry of ``s``'s chart, in pixels: axes, ticks, the whole-year line and every mark,
    each with the title it shows on hover (period, value, sources as ``cite`` names them)."""
    right, top, bottom = 12, 18, 28
    first = min(p.start for p in s.points)
    last = max(p.end for p in s.points)
    x0, x1 = date(first.year, 1, 1).toordinal(), date(last.year + 1, 1, 1).toordinal()
    values = [float(p.value) for p in s.points]
    low, high = min(0.0, *values), max(0.0, *values)
    if low == high:
        high = 1.0
    step = _nice_step((high - low) / 4)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step

    scale, scale_word = next(((10.0 ** k, w) for k, w in ((9, "billion"), (6, "million"))
                              if max(abs(low), abs(high)) >= 10.0 ** k * 10), (1.0, ""))
    tick_labels = []
    tick = low
    while tick <= high + step / 2:
        tick_labels.append((tick, _grouped(tick / scale)))
        tick += step
    left = 10 + 6.5 * max(len(text) for _, text in tick_labels)

    def x(day: date) -> float:
        return round(left + (day.toordinal() - x0) / (x1 - x0) * (width - left - right), 1)

    def y(value: float) -> float:
        return round(top + (high - value) / (high - low) * (height - top - bottom), 1)

    years = list(range(first.year, last.year + 2))
    every = max(1, math.ceil(len(years) / 8))
    # a tick where each year begins, its name in the middle of the year it names
    x_ticks = [{"x": x(date(year, 1, 1)), "label": str(year) if (year - first.year) % every == 0 and year <= last.year else "",
                "middle": x(date(year, 7, 2))} for year in years]
    y_ticks = [{"y": y(tick), "label": text} for tick, text in tick_labels]
    marks = [{"x": x(p.end), "from": x(p.start), "y": y(float(p.value)), "kind": p.span,
              **dict(zip(("shape", "fill", "stroke"), STYLE[p.span])),
              "title": f"{p.text(s.unit)}, {p.period or p.start.isoformat() + ' – ' + p.end.isoformat()}"
                       f" ({p.span}); " + "; ".join(cite(g) for g in p.sources)}
             for p in s.points]
    return {"width": width, "height": height, "title": s.title, "plot": [left, top, width - right, height - bottom],
            "zero": y(0.0), "axis": " ".join(filter(None, (scale_word, s.unit))), "x_ticks": x_ticks, "y_ticks": y_ticks, "lines": _year_lines(s.points, x, y),
            "marks": marks}


def _year_lines(points: list[Point], x, y) -> list[dict]:
    """Whole years with one value among their sources, joined; a gap of years is dashed; a year the
    sources disagree on breaks the line."""
    by_year: dict[int, set[Decimal]] = defaultdict(set)
    for p in points:
        if p.span == WHOLE_YEAR:
            by_year[p.end.year].add(p.value)
    lines, previous = [], None
    for year in sorted(by_year):
        if len(by_year[year]) != 1:
            previous = None
            continue
        here = (x(date(year, 12, 31)), y(float(next(iter(by_year[year])))), year)
        if previous is not None:
            lines.append({"points": [previous[:2], here[:2]], "dashed": here[2] - previous[2] > 1})
        previous = here
    return lines


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _grouped(value: float) -> str:
    """A tick's number: thousands grouped, at most three decimals, no trailing zeros."""
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


STYLE = {WHOLE_YEAR: ("circle", "#1f6fb2", "#1f6fb2"), PART_YEAR: ("circle", "#ffffff", "#c2571a"),
         DAY: ("square", "#7d3cb5", "#7d3cb5")}
LEGEND = {WHOLE_YEAR: "a whole year (joined year to year)", PART_YEAR: "part of a year (not joined)",
          DAY: "a day (not joined)"}


def svg(geometry: dict) -> str:
    """The chart as an inline SVG element: every text escaped, each mark's title on hover."""
    g = geometry
    l, t, r, b = g["plot"]
    out = [f'<svg class="series" xmlns="http://www.w3.org/2000/svg" width="{g["width"]}" height="{g["height"]}" '
           f'viewBox="0 0 {g["width"]} {g["height"]}" role="img" aria-label="{escape(g["title"])}">',
           f"<title>{escape(g['title'])}</title>",
           f'<g stroke="#dde2ea" font-size="10" fill="#556" font-family="DejaVu Sans, Arial, sans-serif">']
    for tick in g["y_ticks"]:
        out.append(f'<line x1="{l}" x2="{r}" y1="{tick["y"]}" y2="{tick["y"]}"/>'
                   f'<text stroke="none" x="{l - 4}" y="{tick["y"] + 3}" text-anchor="end">{escape(tick["label"])}</text>')
    for tick in g["x_ticks"]:
        out.append(f'<line x1="{tick["x"]}" x2="{tick["x"]}" y1="{b}" y2="{b + 4}"/>'
                   + (f'<text stroke="none" x="{tick["middle"]}" y="{b + 15}" text-anchor="middle">{escape(tick["label"])}</text>'
                      if tick["label"] else ""))
    out.append(f'<text stroke="none" x="2" y="10">{escape(g["axis"])}</text>')
    out.append(f'<line stroke="#8893a2" x1="{l}" x2="{r}" y1="{g["zero"]}" y2="{g["zero"]}"/></g>')
    for line in g["lines"]:
        (ax, ay), (bx, by) = line["points"]
        dash = ' stroke-dasharray="4 3"' if line["dashed"] else ""
        out.append(f'<line class="year-line" x1="{ax}" y1="{ay}" x2="{bx}" y2="{by}" stroke="#1f6fb2" stroke-width="1.5"{dash}/>')
    for mark in g["marks"]:
        shape, fill, stroke = mark["shape"], mark["fill"], mark["stroke"]
        span = (f'<line x1="{mark["from"]}" x2="{mark["x"]}" y1="{mark["y"]}" y2="{mark["y"]}" stroke="{stroke}" '
                f'stroke-opacity=".35" stroke-width="3"/>') if mark["from"] < mark["x"] else ""
        if shape == "circle":
            body = f'<circle cx="{mark["x"]}" cy="{mark["y"]}" r="4" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
        else:
            body = f'<rect x="{mark["x"] - 3.5}" y="{mark["y"] - 3.5}" width="7" height="7" fill="{fill}"/>'
        out.append(f'<g class="mark" data-kind="{escape(mark["kind"])}"><title>{escape(mark["title"])}</title>{span}{body}</g>')
    out.append("</svg>")
    return "".join(out)


def legend_html() -> str:
    """What the marks mean, for a page that shows charts."""
    items = []
    for kind, text in LEGEND.items():
        shape, fill, stroke = STYLE[kind]
        icon = (f'<circle cx="6" cy="6" r="4" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>' if shape == "circle"
                else f'<rect x="2.5" y="2.5" width="7" height="7" fill="{fill}"/>')
        items.append(f'<span><svg width="12" height="12" aria-hidden="true">{icon}</svg> {escape(text)}</span>')
    items.append("<span>a faint bar: the span a value measures</span>")
    return '<p class="series-legend">' + " ".join(items) + "</p>"
