"""Layout of the trend chart (articles per day, stacked by language) as plain data; the
template ``trend.html`` draws it as SVG and gives the same numbers as a table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LANG_CLASSES = {"ar": "lang-ar", "en": "lang-en"}


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    cls: str
    title: str


@dataclass
class TrendChart:
    width: int
    height: int
    top: int
    bottom: int
    peak: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (lang, css class)


def trend_layout(series: dict[str, Any], width: int = 640, height: int = 160, max_ticks: int = 6) -> TrendChart:
    """Stacked bars, one per day; ``series`` is ``monitor.trends.Series.as_dict()``."""
    days, langs, counts = series.get("days") or [], series.get("langs") or [], series.get("counts") or {}
    top, bottom, left = 14, 22, 30
    peak = max(series.get("totals") or [0], default=0)
    chart = TrendChart(width, height, top, bottom, peak,
                       legend=[(lang, LANG_CLASSES.get(lang, "lang-other")) for lang in langs])
    if not days or peak == 0:
        return chart
    slot = (width - left - 10) / len(days)
    scale = (height - top - bottom) / peak
    for i, day in enumerate(days):
        base = height - bottom
        for lang in langs:
            n = counts[lang][i]
            if not n:
                continue
            h = n * scale
            base -= h
            chart.bars.append(Bar(round(left + i * slot + slot * 0.1, 1), round(base, 1), round(max(slot * 0.8, 1), 1),
                                  round(h, 1), LANG_CLASSES.get(lang, "lang-other"), f"{day} · {lang}: {n}"))
    step = max(1, -(-len(days) // max_ticks))
    chart.ticks = [(round(left + i * slot + slot / 2, 1), days[i][5:]) for i in range(0, len(days), step)]
    return chart
