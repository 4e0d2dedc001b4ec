"""Analyst decisions on entities, as the linker replays them (pure; stored by entities/store.py).

A merge pins every alias of the merged entities to the entity kept; a split pins the aliases
moved off to the new entity and the aliases left to the old one. Entity ids are rebuilt by
``marsad reprocess``; what a decision holds on to is therefore what stays: the entity *key*
("per:brett kavanaugh") and the surface forms, compared by name key (so "al-Assad", "Assad"
and "الأسد" / "للأسد" variants meet as the linker's keys do). Decisions are replayed in the
order they were taken: a later one overrides an earlier one for the names it pins, and a
merge re-points the earlier pins of the entities it merged away.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from marsad.entities.keys import name_key


@dataclass(frozen=True, order=True)
class Pin:
    """The entity an alias is pinned to, and the type that entity gets when (re)created."""

    key: str
    label: str


@dataclass
class Pins:
    """Name key -> pinned entity, compiled from the stored decisions (oldest first)."""

    by_name: dict[str, Pin] = field(default_factory=dict)

    @classmethod
    def compile(cls, decisions: Iterable[Mapping[str, Any]]) -> Pins:
        """``decisions``: rows with ``kind``, ``entity_key``, ``pins`` ({entity key:
        {"label", "aliases"}}) and ``detail`` (a merge's ``merged`` keys), oldest first."""
        out: dict[str, Pin] = {}
        for row in decisions:
            pins = row.get("pins") or {}
            if row.get("kind") == "merge":
                gone = set((row.get("detail") or {}).get("merged", [])) - {row["entity_key"]}
                label = (pins.get(row["entity_key"]) or {}).get("label")
                for name, pin in list(out.items()):
                    if pin.key in gone:
                        out[name] = Pin(row["entity_key"], label or pin.label)
            for key in sorted(pins):
                for alias in pins[key].get("aliases", []):
                    if (k := name_key(alias)):
                        out[k] = Pin(key, pins[key]["label"])
        return cls(out)

    def of(self, text: str) -> Pin | None:
        """The pin of a surface form, or None."""
        return self.by_name.get(name_key(text)) if self.by_name else None

    def keys(self) -> set[str]:
        """Every pinned entity key (new entities must not take one)."""
        return {p.key for p in self.by_name.values()}

    def __bool__(self) -> bool:
        return bool(self.by_name)


class Taken:
    """Entity keys a new, unpinned entity may not take: those in use, and the pinned ones."""

    def __init__(self, used: Any, pinned: set[str]) -> None:
        self.used, self.pinned = used, pinned

    def __contains__(self, key: object) -> bool:
        return key in self.pinned or key in self.used
