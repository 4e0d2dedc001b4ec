"""What a watchlist follows, from the text a user gives: ``KIND:VALUE``.

Kinds: ``entity:الشيباني`` (any alias, any script), ``query:Russian bases`` (keyword, and
semantic when a query vector is given), ``story:12``, ``event:ASSAULT`` (optionally with an
actor: ``event:ASSAULT@Russia``), ``source:Al-Majalla``, and ``coverage:24h`` (a story reported
in one language only for more than 24 hours while articles in the other keep arriving;
``coverage:24h@ar,en`` names the languages, Arabic and English by default). A target with no known kind prefix
is a query. The parsed form (``WatchSpec``) holds everything matching needs, computed once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marsad.entities.keys import has_arabic, name_key
from marsad.errors import MarsadError
from marsad.search.terms import query_groups

KINDS = ("entity", "query", "story", "event", "source", "coverage")
DEFAULT_LANGS = ("ar", "en")


@dataclass
class WatchSpec:
    kind: str
    target: str  # the value, without the kind prefix
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.target}"


def split_target(text: str, kind: str | None = None) -> tuple[str, str]:
    """``"entity:الشيباني"`` -> ``("entity", "الشيباني")``; no known prefix -> a query."""
    text = " ".join(text.split())
    if kind is not None:
        if kind not in KINDS:
            raise MarsadError("E381", kind=kind, choices=", ".join(KINDS))
        return kind, text
    head, sep, rest = text.partition(":")
    if sep and head.lower() in KINDS:
        return head.lower(), rest.strip()
    return "query", text


def name_keys(name: str, romanise: bool = True) -> list[str]:
    """Matching keys of a name in both scripts: its own key, and Latin keys of an Arabic name
    (the entity catalogue stores keys of both scripts, so either finds the entity)."""
    keys = [name_key(name)]
    if romanise and has_arabic(name):
        from marsad.entities.transliterate import latin_keys

        keys.extend(latin_keys(name))
    return [k for k in dict.fromkeys(keys) if k]


def parse(text: str, kind: str | None = None, *, romanise: bool = True) -> WatchSpec:
    """A watch target as matching will use it; MarsadError E381/E382 when it cannot be one."""
    kind, value = split_target(text, kind)
    if not value:
        raise MarsadError("E382", target=text, detail="nothing to watch after the kind")
    if kind == "entity":
        return WatchSpec(kind, value, {"name": value, "keys": name_keys(value, romanise)})
    if kind == "query":
        groups = query_groups(value)
        if not groups:
            raise MarsadError("E382", target=text, detail="the query has no words")
        return WatchSpec(kind, value, {"groups": groups})
    if kind == "story":
        if not value.isdigit():
            raise MarsadError("E382", target=text, detail="a story is watched by its id (a number)")
        return WatchSpec(kind, value, {"story": int(value)})
    if kind == "event":
        etype, _, actor = value.partition("@")
        etype = etype.strip().upper()
        if not etype:
            raise MarsadError("E382", target=text, detail="give a PLOVER event type, e.g. event:ASSAULT@Russia")
        params: dict[str, Any] = {"type": etype}
        if actor.strip():
            params.update(actor=actor.strip(), actor_keys=name_keys(actor.strip(), romanise))
        return WatchSpec(kind, value, params)
    if kind == "coverage":
        hours, _, langs = value.partition("@")
        hours = hours.strip().lower().removesuffix("h")
        try:
            n = float(hours)
        except ValueError:
            n = -1.0
        if n <= 0:
            raise MarsadError("E382", target=text, detail="give the hours a story may stay in one language, e.g. coverage:24h")
        chosen = [x.strip().lower() for x in langs.split(",") if x.strip()] or list(DEFAULT_LANGS)
        if len(set(chosen)) < 2:
            raise MarsadError("E382", target=text, detail="name at least two languages, e.g. coverage:24h@ar,en")
        return WatchSpec(kind, value, {"hours": n, "langs": sorted(set(chosen))})
    return WatchSpec(kind, value, {"source": name_key(value)})
