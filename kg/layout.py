"""Where each entity sits on the graph page: a map in blocks, computed before the page is written,
in which every label has its own room.

- **The organization chart** (left): an indented tree, one row per body, each body under the one
  it belongs to (``org:unitOf``, ``org:subOrganizationOf``), one step to the right per level. On a
  body's row, after its label: the areas it covers (a regional branch's provinces) and the people
  who hold posts in it.
- **Along time** (right): events, campaigns and reorganizations; documents; the tasks documents
  set (at their document's date). Each band runs along one time axis, left to right, its labels
  packed into as few rows as fit without touching. Undated ones follow the last date.
- **The rest** (under the time bands): whatever neither places, in rows of labels, kind by kind.

Every node is drawn as a box with its label inside; the box widths are estimated from the labels'
characters with a generous figure for the page's font, so boxes keep apart at any zoom (the
browser test reads the boxes Chromium really draws). The cost grows about linearly with the
entities (a box is tried against the few rows of its band), so the 10,000-node page stays fast.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

FONT = 14            # px, the labels' font size on the page (viz/page.js draws with it)
MARGIN = 6           # px of box around a label
ROW = FONT + 2 * MARGIN + 14   # px from one row of boxes to the next
GAP = 18             # px at least between two boxes on one row
INDENT = 40          # px per level of the organization chart
BLOCK_GAP = 160      # px between blocks
PARENT = {"http://www.w3.org/ns/org#unitOf", "http://www.w3.org/ns/org#subOrganizationOf"}
CHILD = {"http://www.w3.org/ns/org#hasUnit", "http://www.w3.org/ns/org#hasSubOrganization"}
COVERS = "https://w3id.org/vn-customs-kg/ontology#coversArea"
AREA = {COVERS, "https://w3id.org/vn-customs-kg/ontology#seat"}
MEMBER = "membership"
TASK_OF = "https://w3id.org/vn-customs-kg/ontology#taskOf"
TIMED = ("event", "change")
BANDS = {"events": ("Events, campaigns and reorganizations", "Sự kiện, chiến dịch và sắp xếp tổ chức"),
         "documents": ("Documents", "Văn bản"), "tasks": ("Tasks the documents set", "Nhiệm vụ văn bản đặt ra")}

# Character widths in ems, as wide as the widest common sans-serif faces draw them (DejaVu Sans).
_NARROW, _WIDE = set(" .,:;'|!iljfrtI()[]/-"), set("MWmwQGODCNHUAVXK%@")


def text_width(text: str, size: float = FONT) -> float:
    """A generous estimate of ``text``'s drawn width in px."""
    total = 0.0
    for ch in text:
        if ch in _NARROW:
            total += 0.40
        elif ch in _WIDE:
            total += 0.86
        elif ch.isupper() or ch.isdigit():
            total += 0.72
        else:
            total += 0.62
    return total * size


def box_width(label: str) -> float:
    """The width of the box drawn around ``label``."""
    return text_width(label) + 2 * MARGIN + 4


class _Rows:
    """Rows of boxes along an axis: each box goes into the first row where it touches nothing."""

    def __init__(self) -> None:
        self.ends: list[float] = []  # the right edge of each row's last box

    def place(self, left: float, width: float) -> int:
        for i, end in enumerate(self.ends):
            if end + GAP <= left:
                self.ends[i] = left + width
                return i
        self.ends.append(left + width)
        return len(self.ends) - 1


@dataclass
class Layout:
    """For every node the centre of its box (x, y) and its block (``org``, ``time``, ``rest``);
    the year marks along the time bands (``{"year", "x"}``) and the blocks' titles."""

    positions: dict[str, tuple[float, float, str]]
    years: list[dict]
    headings: list[dict]  # a title over each block and band: {"en", "vi", "x", "y"}
    under: dict[str, str]  # in the organization chart: body -> the body it is drawn under


def layout(nodes: dict[str, dict], edges: list[dict]) -> Layout:
    """Lay the map out. ``nodes`` need ``kind``, ``label`` (the text drawn) and ``date``; ``edges``
    need ``from``, ``to`` and ``via`` (the predicate IRI, or ``membership``)."""
    width = {n: box_width(node["label"]) for n, node in nodes.items()}
    placed: dict[str, tuple[float, float, str]] = {}
    headings: list[dict] = []
    under: dict[str, str] = {}
    org_right, _ = _org_chart(nodes, edges, width, placed, under)
    if placed:
        headings.append({"en": "Organization chart", "vi": "Sơ đồ tổ chức", "x": 0.0, "y": -ROW})
    left = org_right + BLOCK_GAP if placed else 0.0
    time_bottom, years = _time_bands(nodes, edges, width, placed, headings, left=left)
    _rest(nodes, width, placed, headings, left=left, top=time_bottom + BLOCK_GAP)
    return Layout(placed, years, headings, under)


def _org_chart(nodes, edges, width, placed, under) -> tuple[float, float]:
    """The indented tree of bodies, with areas and people on their body's row."""
    orgs = {n for n, node in nodes.items() if node["kind"] == "organization"}
    parents: dict[str, set[str]] = defaultdict(set)
    beside: dict[str, list[str]] = defaultdict(list)  # body -> areas and people drawn on its row
    holder: dict[str, str] = {}  # area or person -> the one body it is drawn beside
    # areas a body covers come before its seat, and both before its people: a province shared by
    # a branch and the department seated there is drawn beside the branch that covers it
    for e in sorted(edges, key=lambda e: (e.get("via") != COVERS, e.get("via") == MEMBER)):
        a, b, via = e["from"], e["to"], e.get("via", "")
        if a in orgs and b in orgs and via in PARENT:
            parents[a].add(b)
        elif a in orgs and b in orgs and via in CHILD:
            parents[b].add(a)
        elif a in orgs and via in AREA and nodes[b]["kind"] == "place" and b not in holder:
            holder[b] = a
            beside[a].append(b)
        elif b in orgs and via == MEMBER and nodes[a]["kind"] == "person" and a not in holder:
            holder[a] = b
            beside[b].append(a)
    order = sorted(orgs, key=lambda n: (_natural(nodes[n]["label"]), n))
    children: dict[str, list[str]] = defaultdict(list)
    for n in order:
        # one parent draws it: the latest body it belongs to (the current structure), then by name
        if parents[n]:
            parent = max(parents[n], key=lambda p: (nodes[p].get("date") or "", _natural(nodes[p]["label"]), p))
            children[parent].append(n)
            under[n] = parent
    drawn_under = {c for cs in children.values() for c in cs}
    roots = sorted((n for n in order if n not in drawn_under), key=lambda n: -len(_walk(n, children)))  # biggest tree first
    reached = {m for r in roots for m, _ in _walk(r, children)}
    for n in order:  # bodies whose parents only lead round in a circle: drawn from the first of them
        if n not in reached:
            roots.append(n)
            reached.update(m for m, _ in _walk(n, children))
    row, right = 0, 0.0
    for n, depth in (step for r in roots for step in _walk(r, children)):
        if n in placed:
            continue
        y = row * ROW
        left = depth * INDENT
        placed[n] = (left + width[n] / 2, y, "org")
        cursor = left + width[n] + GAP
        for m in beside[n]:
            if m not in placed:
                placed[m] = (cursor + width[m] / 2, y, "org")
                cursor += width[m] + GAP
        right = max(right, cursor)
        row += 1
    return right, row * ROW


def _walk(root: str, children: dict[str, list[str]]) -> list[tuple[str, int]]:
    """The tree under ``root`` in reading order (each body, then its units), with depths."""
    walked, seen, stack = [], set(), [(root, 0)]
    while stack:
        n, depth = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        walked.append((n, depth))
        stack.extend((c, depth + 1) for c in reversed(children[n]))
    return walked


def _time_bands(nodes, edges, width, placed, headings, left: float) -> tuple[float, list[dict]]:
    """Events, documents and tasks along one time axis, each band packed into rows."""
    task_date = {}
    for e in edges:
        if e.get("via") == TASK_OF and e["to"] in nodes:
            task_date[e["from"]] = nodes[e["to"]].get("date")
    bands: dict[str, list] = {name: [] for name in BANDS}
    for n, node in nodes.items():
        if n in placed:
            continue
        if node["kind"] in TIMED:
            bands["events"].append((node.get("date"), n))
        elif node["kind"] == "document":
            bands["documents"].append((node.get("date"), n))
        elif node["kind"] == "task":
            bands["tasks"].append((task_date.get(n), n))
    axis = _TimeAxis([_day(d) for items in bands.values() for d, _ in items], left)
    top = 0.0
    for name, (en, vi) in BANDS.items():
        rows = _Rows()
        items = sorted(bands[name], key=lambda item: (_day(item[0]) is None, _day(item[0]) or 0,
                                                      _natural(nodes[item[1]]["label"]), item[1]))
        cursor = axis.end + BLOCK_GAP
        for date, n in items:
            day = _day(date)
            if day is None:
                start, cursor = cursor, cursor + width[n] + GAP  # undated: in order after the last date
            else:
                start = axis.x(day)
            r = rows.place(start, width[n])
            placed[n] = (start + width[n] / 2, top + r * ROW, "time")
        if rows.ends:
            headings.append({"en": en, "vi": vi, "x": left, "y": top - ROW})
            top += len(rows.ends) * ROW + ROW
    return top, axis.years()


class _TimeAxis:
    """Time along x, a year at a time: a year holding many dated boxes gets more room than an
    empty one, so busy years do not pile their labels into many rows (the year marks say where
    each year begins)."""

    EMPTY_YEAR = 60.0   # px
    PER_ITEM = 150.0    # px more per dated box in the year (by the square root of their number)

    def __init__(self, days: list[int | None], left: float) -> None:
        counts: dict[int, int] = defaultdict(int)
        for day in days:
            if day is not None:
                counts[datetime.date.fromordinal(day).year] += 1
        self.start: dict[int, float] = {}
        x = left
        if counts:
            for year in range(min(counts), max(counts) + 1):
                self.start[year] = x
                x += self.EMPTY_YEAR + self.PER_ITEM * counts.get(year, 0) ** 0.5 * 2
        self.end = x

    def x(self, day: int) -> float:
        date = datetime.date.fromordinal(day)
        begin = datetime.date(date.year, 1, 1).toordinal()
        length = datetime.date(date.year + 1, 1, 1).toordinal() - begin
        after = self.start.get(date.year + 1, self.end)
        return self.start[date.year] + (after - self.start[date.year]) * (day - begin) / length

    def years(self) -> list[dict]:
        """A mark where each year begins (a year is never narrower than its mark)."""
        return [{"year": year, "x": round(x, 1)} for year, x in sorted(self.start.items())]


def _rest(nodes, width, placed, headings, left: float, top: float) -> None:
    """Whatever is left, kind by kind, in rows of labels under the time bands, as wide as they."""
    xs = [x for x, _, block in placed.values() if block == "time"]
    wrap = max(1600.0, (max(xs) - left) if xs else 0.0)
    kinds = sorted({node["kind"] for n, node in nodes.items() if n not in placed})
    if kinds:
        headings.append({"en": "Other entities", "vi": "Các thực thể khác", "x": left, "y": top - ROW})
    row, cursor = 0, 0.0
    for kind in kinds:
        members = sorted((n for n, node in nodes.items() if n not in placed and node["kind"] == kind),
                         key=lambda n: (_natural(nodes[n]["label"]), n))
        for n in members:
            if cursor and cursor + width[n] > wrap:
                row, cursor = row + 1, 0.0
            placed[n] = (left + cursor + width[n] / 2, top + row * ROW, "rest")
            cursor += width[n] + GAP
        if members:
            row, cursor = row + 2, 0.0  # a blank row between kinds


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _natural(label: str) -> tuple:
    """A sort key that puts "Branch IX" after "Branch V" and "Unit 10" after "Unit 9"."""
    words = label.casefold().split()
    last = words[-1].upper() if words else ""
    if last and all(ch in _ROMAN for ch in last):
        values = [_ROMAN[ch] for ch in last]
        number = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
        return (" ".join(words[:-1]), number, label)
    if last.isdigit():
        return (" ".join(words[:-1]), int(last), label)
    return (label.casefold(), -1, label)


def _day(date: str | None) -> int | None:
    """An ISO date (or year-month, or year) as a day number; None if there is none."""
    text = str(date or "")[:10]
    for pad in ("", "-01", "-01-01"):
        try:
            return datetime.date.fromisoformat(text + pad).toordinal() if text else None
        except ValueError:
            continue
    return None


__all__ = ["FONT", "ROW", "Layout", "box_width", "layout", "text_width"]
