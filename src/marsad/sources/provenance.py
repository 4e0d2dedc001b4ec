"""Provenance inside one story: each article is an original, a copy of X (exact or near
duplicate), a translation of X (cross-lingual sentence alignment covering most sentences of
both articles, X published earlier) or citing X (an attribution to outlet X in its text).

From those links, the story's independent sources: every chain (an original and its copies,
translations and the articles citing it or its outlet) is counted once, by outlet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from marsad.compare.align import align_pair
from marsad.sources.attribution import Attribution
from marsad.sources.registry import alias_key
from marsad.sources.resolve import UNKNOWN_NAMES

# Chosen on the first half of the NTREX dev documents (scripts/eval_provenance.py), reported
# on the second half: docs/evaluation.md, "Sources and provenance".
TRANSLATION_COVERAGE = 0.75


@dataclass
class Item:
    """What provenance needs of one article of a story (or a stored copy of one)."""

    id: str
    lang: str | None
    published: datetime | None
    outlet: str | None  # registry key, None when unregistered
    source: str = ""  # the raw source name
    duplicate_of: str | None = None
    duplicate_kind: str | None = None
    similarity: float | None = None
    vectors: Any = None  # (n_sentences, dim) unit vectors, or None
    attributions: list[Attribution] = field(default_factory=list)


@dataclass
class Provenance:
    article_id: str
    kind: str  # original, copy, translation, citing
    of_article: str | None = None
    of_outlet: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


def coverage(va: np.ndarray, vb: np.ndarray) -> tuple[float, float, int]:
    """Share of the sentences of each side in an alignment link, and the number of links."""
    links = align_pair(va, vb)
    a = {i for link in links for i in link.a}
    b = {j for link in links for j in link.b}
    return len(a) / max(len(va), 1), len(b) / max(len(vb), 1), len(links)


def _earlier(a: Item, b: Item) -> bool:
    return a.published is not None and b.published is not None and a.published < b.published


def _translation_of(item: Item, originals: list[Item], threshold: float) -> Provenance | None:
    best: tuple[float, Item, tuple[float, float, int]] | None = None
    for other in originals:
        if other.id == item.id or other.lang == item.lang or not _earlier(other, item):
            continue
        if item.vectors is None or other.vectors is None or not len(item.vectors) or not len(other.vectors):
            continue
        cov = coverage(item.vectors, other.vectors)
        low = min(cov[0], cov[1])
        if low >= threshold and (best is None or low > best[0]):
            best = (low, other, cov)
    if best is None:
        return None
    _, other, (ca, cb, n) = best
    return Provenance(item.id, "translation", other.id, other.outlet,
                      {"coverage": round(ca, 3), "coverage_of_original": round(cb, 3), "links": n,
                       "from_lang": other.lang, "to_lang": item.lang})


def _citing(item: Item) -> Provenance | None:
    for att in item.attributions:
        if att.outlet != item.outlet:
            return Provenance(item.id, "citing", None, att.outlet,
                              {"phrase": att.phrase, "start": att.start, "end": att.end})
    return None


def story_provenance(items: list[Item], threshold: float = TRANSLATION_COVERAGE) -> list[Provenance]:
    """One ``Provenance`` per item, in the order given."""
    by_id = {i.id: i for i in items}
    originals = [i for i in items if not i.duplicate_of]
    out = []
    for item in items:
        if item.duplicate_of:
            first = by_id.get(item.duplicate_of)
            out.append(Provenance(item.id, "copy", item.duplicate_of, first.outlet if first else None,
                                  {"match": item.duplicate_kind, "similarity": item.similarity}))
            continue
        found = _translation_of(item, originals, threshold) or _citing(item)
        out.append(found or Provenance(item.id, "original"))
    _resolve_citing(out, by_id)
    return out


def _resolve_citing(provs: list[Provenance], by_id: dict[str, Item]) -> None:
    """A citing article points at the earliest article of the cited outlet in the story, if any."""
    for p in provs:
        if p.kind != "citing":
            continue
        mine = by_id[p.article_id]
        cited = [i for i in by_id.values() if i.outlet == p.of_outlet and i.id != mine.id and not i.duplicate_of]
        cited.sort(key=lambda i: (i.published is None, i.published or datetime.min, i.id))
        if cited:
            p.of_article = cited[0].id


def _identity(item: Item) -> str:
    """An independent source: the registered outlet, else the source's own name, else the
    article itself (an unnamed source cannot be merged with any other)."""
    if item.outlet:
        return f"outlet:{item.outlet}"
    name = alias_key(item.source or "")
    if name and name not in UNKNOWN_NAMES:
        return f"name:{name}"
    return f"article:{item.id}"


def roots(items: list[Item], provs: list[Provenance]) -> dict[str, str]:
    """Article id -> the identity of the independent source its chain starts at."""
    by_id = {i.id: i for i in items}
    link = {p.article_id: p for p in provs}
    out: dict[str, str] = {}

    def root(aid: str, seen: frozenset[str]) -> str:
        if aid in out:
            return out[aid]
        p = link.get(aid)
        item = by_id[aid]
        if p is None or p.kind == "original" or aid in seen:
            return _identity(item)
        if p.of_article and p.of_article in by_id:
            return root(p.of_article, seen | {aid})
        if p.of_outlet:
            return f"outlet:{p.of_outlet}"
        return _identity(item)

    for item in items:
        out[item.id] = root(item.id, frozenset())
    return out


def _iso(d: datetime | None) -> str | None:
    return d.isoformat() if d else None


def story_summary(items: list[Item], provs: list[Provenance], outlets: dict[str, dict]) -> dict[str, Any]:
    """Independent sources, counts by kind, first report per language and the lag (hours
    after the story's first dated report), countries and outlet types covering it."""
    chain = roots(items, provs)
    kinds = {p.article_id: p.kind for p in provs}
    firsts: dict[str, Item] = {}
    for item in sorted(items, key=lambda i: (i.published is None, i.published or datetime.min, i.id)):
        if item.lang and item.lang not in firsts:
            firsts[item.lang] = item
    dated = [i.published for i in firsts.values() if i.published]
    start = min(dated) if dated else None
    first_by_lang = {
        lang: {"article_id": i.id, "outlet": i.outlet, "source": i.source, "published": _iso(i.published),
               "lag_hours": round((i.published - start).total_seconds() / 3600, 2) if i.published and start else None}
        for lang, i in firsts.items()
    }
    facts = [outlets.get(i.outlet or "", {}) for i in items]
    count = {k: sum(1 for v in kinds.values() if v == k) for k in ("original", "copy", "translation", "citing")}
    return {
        "articles": len(items),
        "independent": len(set(chain.values())),
        "originals": count["original"], "copies": count["copy"], "translations": count["translation"],
        "citing": count["citing"],
        "sources": sorted(set(chain.values())),
        "first_by_lang": first_by_lang,
        "lag_hours": max((f["lag_hours"] or 0.0) for f in first_by_lang.values()) if len(first_by_lang) > 1 and start else None,
        "countries": sorted({f["country"] for f in facts if f.get("country")}),
        "types": sorted({f["type"] for f in facts if f.get("type")}),
    }
