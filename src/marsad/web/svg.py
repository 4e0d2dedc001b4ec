"""Layouts for the two visualisations, as plain data; the templates draw them as SVG
(autoescaped, so labels from articles cannot inject markup).

- Story timeline: events placed by *event* date on x, one lane per language. A day is a dot;
  an open range ("before 2024-12-08", ``../2024-12-08``) an arrow at its known end pointing
  into the open side; a closed or vague range ("a few weeks ago") a bar over its days; a date
  taken from the publication day a hollow dot. What has no readable date is listed as unplaced.
- Co-mention graph: the entity in the centre, co-mentioned entities on a circle around it,
  edge width by the number of shared articles. Deterministic, no force simulation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass
class Lane:
    label: str
    lang: str | None
    y: float


@dataclass
class Point:
    x: float
    y: float
    label: str
    title: str
    href: str
    cls: str
    anchor: str = "start"  # labels near the right edge are drawn to the left of their dot
    lx: float = 0.0
    shape: str = "dot"  # dot, before (open start), after (open end), range
    x2: float | None = None  # the range's last day (shape "range")


@dataclass
class Tick:
    x: float
    label: str
    anchor: str = "middle"


@dataclass
class Timeline:
    width: int
    height: int
    left: int
    lanes: list[Lane] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    unplaced: list[dict[str, Any]] = field(default_factory=list)


def parse_day(value: str | None) -> date | None:
    """The first day of an event date string (YYYY, YYYY-MM or YYYY-MM-DD...); None if unreadable."""
    m = _DATE.match(value or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def _lane_key(ev: dict[str, Any]) -> tuple[str, str | None]:
    return (ev.get("lang") or "?", ev.get("lang"))


def _event_title(ev: dict[str, Any]) -> str:
    who = " → ".join(p or "?" for p in (ev.get("actor"), ev.get("recipient")))
    where = f" @ {ev['location']}" if ev.get("location") else ""
    flags = " (negated)" if ev.get("negated") else (" (hypothetical)" if ev.get("hypothetical") else "")
    dated = " (publication date)" if ev.get("date_from") == "published" else ""
    return f"{ev.get('date')}{dated} {ev.get('type')}{flags}: {who}{where} [{ev.get('source') or '?'}]".strip()


def placement(value: str | None) -> tuple[date, date | None, str] | None:
    """(day drawn, last day of a range or None, shape) of an event date; None when unreadable."""
    from marsad.events.timex import interval

    try:
        span = interval(value)
    except ValueError:
        span = None
    if span is None or span == (None, None):
        return None
    lo, hi = span
    if lo is None:
        return hi, None, "before"
    if hi is None:
        return lo, None, "after"
    if "/" in (value or "") and lo != hi:
        return lo, hi, "range"
    return lo, None, "dot"


def timeline_layout(events: list[dict[str, Any]], width: int = 900, lane_height: int = 44, left: int = 90) -> Timeline:
    """Place every dated event: x by event date (distinct days evenly spaced, in order: a
    story's dates cluster, and a linear axis would squash them), y by lane (language).
    Same-day events in a lane stack; a type label is drawn only where it has room."""
    placed = [(placement(e.get("date")), e) for e in events]
    dated = [(p, e) for p, e in placed if p is not None]
    keys = sorted({_lane_key(e) for _, e in dated}, key=lambda k: k[0])
    lanes = [Lane(label, lang, 30 + i * lane_height + lane_height / 2) for i, (label, lang) in enumerate(keys)]
    out = Timeline(width=width, height=40 + len(lanes) * lane_height, left=left, lanes=lanes,
                   unplaced=[e for p, e in placed if p is None])
    if not dated:
        return out
    days = sorted({p[0] for p, _ in dated} | {p[1] for p, _ in dated if p[1] is not None})
    step = (width - left - 40) / max(len(days) - 1, 1)
    x_of = {d: left + 20 + i * step for i, d in enumerate(days)}
    lane_y = {(ln.label, ln.lang): ln.y for ln in lanes}
    stacked: dict[tuple[date, float], int] = {}
    labelled: dict[float, float] = {}  # lane y -> x of the last label drawn
    for (d, last, shape), ev in sorted(dated, key=lambda pe: (pe[0][0], str(pe[1].get("type")))):
        x, base = x_of[d], lane_y[_lane_key(ev)]
        k = stacked.get((d, base), 0)
        stacked[(d, base)] = k + 1
        right = x > width - 90
        room = k == 0 and x - labelled.get(base, -1e9) > 80
        if room:
            labelled[base] = x
        cls = "neg" if ev.get("negated") or ev.get("hypothetical") else "pos"
        if ev.get("date_from") == "published":
            cls += " published"
        if not ev.get("actor") or not ev.get("recipient"):
            cls += " partial"
        out.points.append(Point(x=round(x, 1), y=round(base - 8 + (k % 3) * 8, 1),
                                label=str(ev.get("type") or "") if room else "", title=_event_title(ev),
                                href=f"/articles/{ev.get('article_id')}#{ev.get('article_id')}-s{ev.get('sentence')}",
                                cls=cls, anchor="end" if right else "start", lx=round(x - 9 if right else x + 9, 1),
                                shape=shape, x2=round(x_of[last], 1) if last is not None else None))
    out.ticks = _ticks(days, x_of)
    return out


def _ticks(days: list[date], x_of: dict[date, float], most: int = 7) -> list[Tick]:
    """A tick per distinct date, thinned to at most ``most`` (first and last always kept)."""
    every = max(1, math.ceil(len(days) / most))
    keep = [d for i, d in enumerate(days) if i % every == 0 or i == len(days) - 1]
    last = x_of[days[-1]]
    return [Tick(x=round(x_of[d], 1), label=d.isoformat(), anchor="end" if x_of[d] == last and len(days) > 1 else "middle")
            for d in keep]


@dataclass
class Node:
    id: int
    x: float
    y: float
    r: float
    label: str
    title: str
    kind: str
    anchor: str
    lx: float
    ly: float


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    title: str


@dataclass
class Graph:
    size: int
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def _names(entity: dict[str, Any]) -> tuple[str, str]:
    names = entity.get("names") or {}
    label = names.get("en") or next(iter(names.values()), None) or str(entity.get("key") or entity.get("id"))
    every = " / ".join(dict.fromkeys(v for v in names.values() if v)) or label
    return label, every


def graph_layout(center: dict[str, Any], neighbours: list[dict[str, Any]], size: int = 520) -> Graph:
    """Centre node plus neighbours evenly on a circle (first at the top, clockwise)."""
    c = size / 2
    radius = size / 2 - 135
    label, every = _names(center)
    graph = Graph(size=size, nodes=[Node(int(center["id"]), c, c, 14, label, every, str(center.get("label", "")),
                                         "middle", c, c + 30)])
    top = max((int(n.get("articles") or 1) for n in neighbours), default=1)
    for i, other in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(neighbours), 1)
        x, y = c + radius * math.cos(angle), c + radius * math.sin(angle)
        shared = int(other.get("articles") or 1)
        label, every = _names(other)
        anchor = "start" if math.cos(angle) > 0.2 else ("end" if math.cos(angle) < -0.2 else "middle")
        lx = x + 12 * (1 if anchor == "start" else -1 if anchor == "end" else 0)
        ly = y + (4 if anchor != "middle" else (-14 if math.sin(angle) < 0 else 22))
        graph.edges.append(Edge(round(c, 1), round(c, 1), round(x, 1), round(y, 1), round(1 + 5 * shared / top, 1),
                                f"{shared} shared article(s)"))
        graph.nodes.append(Node(int(other["id"]), round(x, 1), round(y, 1), 6 + 4 * shared / top, label,
                                f"{every} — {shared} shared article(s)", str(other.get("label", "")),
                                anchor, round(lx, 1), round(ly, 1)))
    return graph
