"""Attention over time: articles per day by language, and the "rising" rule.

Pure: (day, language) pairs in, a filled daily series out. The rising rule compares the
recent window with the baseline before it, both measured up to a reference day (the
newest day in the corpus, so an archive has trends too, not only a live feed):

* recent = articles in the ``recent_days`` (2) days ending on the reference day;
* baseline = the mean count per ``recent_days`` window over the ``baseline_days`` (14)
  days before them;
* an item is rising when recent >= ``min_recent`` (3) and recent >= ``factor`` (2) x
  (baseline + 1): the +1 keeps one or two stray articles after a quiet fortnight from
  counting as a jump. Ranked by recent / (baseline + 1).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any


def as_day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass
class Series:
    """Articles per day, per language, on consecutive days ``start`` .. ``end``."""

    days: list[str]
    langs: list[str]
    counts: dict[str, list[int]]  # lang -> count per day
    undated: int = 0  # articles with no publication date: counted, never placed on a day

    @property
    def totals(self) -> list[int]:
        return [sum(self.counts[lang][i] for lang in self.langs) for i in range(len(self.days))]

    def as_dict(self) -> dict[str, Any]:
        return {"days": self.days, "langs": self.langs, "counts": self.counts, "totals": self.totals,
                "undated": self.undated}


def daily(rows: Iterable[tuple[Any, str | None]], since: date | None = None, until: date | None = None,
          max_days: int = 366) -> Series:
    """Count ``(day, lang)`` rows per day and language, every day from the first to the last
    (or ``since``..``until``) present, zeros included; at most the last ``max_days`` days.
    Rows without a day are counted as ``undated`` (the ingest time is another clock: an
    archive ingested today is not news of today)."""
    counter: Counter[tuple[date, str]] = Counter()
    undated = 0
    for day, lang in rows:
        d = as_day(day)
        if d is None:
            undated += 1
            continue
        if (since and d < since) or (until and d > until):
            continue
        counter[(d, lang or "und")] += 1
    if not counter:
        return Series([], [], {}, undated)
    first = since or min(d for d, _ in counter)
    last = until or max(d for d, _ in counter)
    first = max(first, last - timedelta(days=max_days - 1))
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    langs = sorted({lang for _, lang in counter})
    counts = {lang: [counter.get((d, lang), 0) for d in days] for lang in langs}
    return Series([d.isoformat() for d in days], langs, counts, undated)


@dataclass
class Rising:
    key: Any
    recent: int
    baseline: float
    score: float


def rising(days_of: dict[Any, list[Any]], reference: date, *, recent_days: int = 2, baseline_days: int = 14,
           min_recent: int = 3, factor: float = 2.0, limit: int = 10) -> list[Rising]:
    """Items (story ids, entity ids, ...) whose recent volume jumped over their baseline;
    ``days_of`` maps each item to the days of its articles. See the module docstring."""
    recent_from = reference - timedelta(days=recent_days - 1)
    base_from = recent_from - timedelta(days=baseline_days)
    out = []
    for key, values in days_of.items():
        days = [d for d in map(as_day, values) if d is not None]
        recent = sum(recent_from <= d <= reference for d in days)
        before = sum(base_from <= d < recent_from for d in days)
        baseline = before * recent_days / baseline_days
        if recent >= min_recent and recent >= factor * (baseline + 1):
            out.append(Rising(key, recent, round(baseline, 2), round(recent / (baseline + 1), 2)))
    out.sort(key=lambda r: (-r.score, -r.recent, str(r.key)))
    return out[:limit]
