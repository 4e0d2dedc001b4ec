"""Score cross-script entity linking on document pairs (a text and its translation).

A document and its translation name the same people, organisations and places, so the entity
ids mentioned on the two sides should agree. For each pair, the Jaccard index of the sets of
PER/ORG/LOC entity ids mentioned in the English and the Arabic article is computed, overall and
per type (the entity's type); the report gives their means over pairs. ``ids_per_surface``
(distinct entity ids / distinct surface keys, over both languages) guards against the trivial
way to a high Jaccard, collapsing names into few entities: it stays near 1 when names that
differ keep different entities, and falls towards 0 when everything is one entity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from marsad.entities.keys import name_key

TYPES = ("PER", "ORG", "LOC")


@dataclass(frozen=True)
class LinkedMention:
    """One stored mention of a pair's article: the pair, the side, the surface form and its entity."""

    pair: str
    lang: str  # "en" or "ar"
    text: str
    entity_id: int
    label: str  # the entity's type


def _jaccard(a: set[int], b: set[int]) -> float | None:
    union = a | b
    return len(a & b) / len(union) if union else None


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def score_pairs(mentions: Iterable[LinkedMention], pairs: Iterable[str] | None = None) -> dict:
    """{"mean_jaccard", "pairs", "per_type": {type: {"mean_jaccard", "pairs"}}, "ids_per_surface"}.

    ``pairs``: every pair id to score (a pair with no entity on either side is skipped and
    counted in ``empty_pairs``); default: the pairs the mentions name.
    """
    sides: dict[str, dict[str, dict[str, set[int]]]] = {}
    surfaces: set[str] = set()
    ids: set[int] = set()
    for m in mentions:
        if m.label not in TYPES:
            continue
        sides.setdefault(m.pair, {}).setdefault(m.lang, {}).setdefault(m.label, set()).add(m.entity_id)
        surfaces.add(name_key(m.text) or m.text)
        ids.add(m.entity_id)
    names = sorted(set(pairs) if pairs is not None else set(sides))
    overall: list[float] = []
    per_type: dict[str, list[float]] = {t: [] for t in TYPES}
    for pair in names:
        en, ar = sides.get(pair, {}).get("en", {}), sides.get(pair, {}).get("ar", {})
        whole = _jaccard(set().union(*en.values()), set().union(*ar.values()))
        if whole is not None:
            overall.append(whole)
        for t in TYPES:
            value = _jaccard(en.get(t, set()), ar.get(t, set()))
            if value is not None:
                per_type[t].append(value)
    return {
        "mean_jaccard": _mean(overall),
        "pairs": len(overall),
        "empty_pairs": len(names) - len(overall),
        "per_type": {t: {"mean_jaccard": _mean(v), "pairs": len(v)} for t, v in per_type.items()},
        "ids_per_surface": round(len(ids) / len(surfaces), 4) if surfaces else 0.0,
        "entities": len(ids),
        "surfaces": len(surfaces),
    }
