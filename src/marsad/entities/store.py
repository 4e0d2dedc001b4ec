"""An analyst's merge and split of entities: applied to the store at once and recorded in
``entity_overrides``, which the linker replays on every later ingest and reprocess
(``overrides.Pins``; README "Entities: merging and splitting by hand", docs/architecture.md).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, func, select

from marsad.entities.keys import has_arabic, latin_key, name_key
from marsad.entities.linking import _preferred
from marsad.entities.overrides import Pins
from marsad.entities.transliterate import latin_keys
from marsad.errors import MarsadError, NotFound
from marsad.store.tables import (
    articles,
    entities,
    entity_keys,
    entity_overrides,
    events,
    mentions,
    quotes,
    watchlists,
)

LABELS = ("PER", "ORG", "LOC", "MISC")
_PINS: dict[str, Any] = {}  # (database, decisions, last id) -> compiled Pins


def load_pins(conn: Connection) -> Pins:
    """The stored decisions, compiled (cached until a decision is added)."""
    state = conn.execute(select(func.count(), func.max(entity_overrides.c.id))).one()
    stamp = (str(conn.engine.url), state[0], state[1])
    if _PINS.get("stamp") != stamp:
        rows = conn.execute(select(entity_overrides).order_by(entity_overrides.c.id)).mappings()
        _PINS.update(stamp=stamp, pins=Pins.compile(list(rows)))
    return _PINS["pins"]


def list_decisions(conn: Connection) -> list[dict[str, Any]]:
    """Every merge and split, oldest first."""
    rows = conn.execute(select(entity_overrides).order_by(entity_overrides.c.id)).mappings()
    return [{**r, "created_at": r["created_at"].isoformat()} for r in rows]


def _entity(conn: Connection, name_or_id: str) -> dict[str, Any]:
    from marsad.store.entities import find_entity

    try:
        entity_id = find_entity(conn, str(name_or_id))
    except NotFound:
        raise MarsadError("E310", status=404, name=name_or_id) from None
    return dict(conn.execute(select(entities).where(entities.c.id == entity_id)).mappings().one())


def _keys_of(aliases: list[str], label: str) -> set[str]:
    """Matching keys of a set of names, as the linker gives them (PER: surnames too)."""
    out: set[str] = set()
    for a in aliases:
        out |= {name_key(a), *latin_keys(a)}
    if label == "PER":
        out |= {k.split()[-1] for k in out if " " in k}
    return out - {""}


def _seen(conn: Connection, entity_id: int) -> tuple[datetime | None, datetime | None]:
    row = conn.execute(select(func.min(articles.c.published), func.max(articles.c.published))
                       .select_from(mentions.join(articles, articles.c.id == mentions.c.article_id))
                       .where(mentions.c.entity_id == entity_id)).one()
    day = lambda v: v.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None) if v else None  # noqa: E731
    return day(row[0]), day(row[1])


def _names(old: dict[str, str], aliases: dict[str, int], place: str | None) -> dict[str, str]:
    """Display names: the linker's choice among the aliases, the old names where none."""
    from marsad.entities.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    kept = {a: c for a, c in aliases.items() if not place or gaz.lookup(a)}
    base = {("latin" if k == "en" else k): v for k, v in old.items() if k in ("en", "latin", "ar")}
    return base | (_preferred(kept) if kept else {})


def _write_keys(conn: Connection, entity_id: int, keys: set[str]) -> None:
    conn.execute(entity_keys.delete().where(entity_keys.c.entity_id == entity_id))
    if keys:
        conn.execute(entity_keys.insert(), [{"key": k, "entity_id": entity_id} for k in sorted(keys)])


def _summary(conn: Connection, entity_id: int) -> dict[str, Any]:
    row = conn.execute(select(entities.c.id, entities.c.key, entities.c.label, entities.c.names, entities.c.aliases,
                              entities.c.mentions).where(entities.c.id == entity_id)).mappings().one()
    return dict(row)


def _record(conn: Connection, kind: str, key: str, pins: dict[str, Any], detail: dict[str, Any]) -> int:
    return conn.execute(entity_overrides.insert().values(
        kind=kind, entity_key=key, pins=pins, detail=detail, created_at=datetime.now(timezone.utc)
    ).returning(entity_overrides.c.id)).scalar_one()


def merge_entities(conn: Connection, names: list[str], into: str | None = None, force: bool = False) -> dict[str, Any]:
    """Merge the entities named (ids or names, any script) into one: ``into``, or the most
    mentioned. Their mentions, events, quotes and entity watches move to it; every alias of
    theirs is pinned to it for later ingests. Entities of different types need ``force``."""
    found: dict[int, dict[str, Any]] = {}
    for name in names:
        row = _entity(conn, name)
        found.setdefault(row["id"], row)
    if len(found) < 2:
        raise MarsadError("E311", status=422, names=", ".join(map(str, names)), ids=", ".join(map(str, found)))
    rows = sorted(found.values(), key=lambda r: (-r["mentions"], r["id"]))
    labels = sorted({r["label"] for r in rows})
    if len(labels) > 1 and not force:
        raise MarsadError("E312", status=422, detail=", ".join(f"{r['id']} is {r['label']}" for r in rows))
    target = rows[0]
    if into is not None:
        chosen = _entity(conn, into)
        if chosen["id"] not in found:
            raise MarsadError("E313", status=422, into=into, id=chosen["id"], ids=", ".join(map(str, sorted(found))))
        target = found[chosen["id"]]
    others = [r for r in rows if r["id"] != target["id"]]
    gone = [r["id"] for r in others]
    aliases: Counter[str] = Counter()
    for r in rows:
        aliases.update(r["aliases"] or {})
    keys = set().union(*(set(r["keys"] or []) for r in rows))
    conn.execute(mentions.update().where(mentions.c.entity_id.in_(gone)).values(entity_id=target["id"]))
    for table, cols in ((events, ("actor_entity", "recipient_entity", "location_entity")), (quotes, ("speaker_entity",))):
        for col in cols:
            conn.execute(table.update().where(table.c[col].in_(gone)).values({col: target["id"]}))
    for w in conn.execute(select(watchlists.c.id, watchlists.c.params).where(watchlists.c.kind == "entity")).mappings():
        if (w["params"] or {}).get("entity_id") in gone:
            conn.execute(watchlists.update().where(watchlists.c.id == w["id"])
                         .values(params={**w["params"], "entity_id": target["id"]}))
    _retag_articles(conn, target["id"], {r["key"] for r in others}, target["key"])
    conn.execute(entities.delete().where(entities.c.id.in_(gone)))
    first, last = _seen(conn, target["id"])
    conn.execute(entities.update().where(entities.c.id == target["id"]).values(
        aliases=dict(aliases), mentions=sum(r["mentions"] for r in rows), keys=sorted(keys),
        names=_names(target["names"] or {}, dict(aliases), target["place"]),
        first_seen=first or target["first_seen"], last_seen=last or target["last_seen"],
        updated_at=datetime.now(timezone.utc)))
    _write_keys(conn, target["id"], keys)
    decision = _record(conn, "merge", target["key"], {target["key"]: {"label": target["label"], "aliases": sorted(aliases)}},
                       {"merged": [r["key"] for r in rows], "ids": [r["id"] for r in rows], "into": target["id"]})
    return {"entity": _summary(conn, target["id"]), "merged": gone, "decision": decision}


def _retag_articles(conn: Connection, entity_id: int, old_keys: set[str], new_key: str) -> None:
    """The entity keys each article's meta lists (what the distributed writer exports)."""
    ids = select(mentions.c.article_id).where(mentions.c.entity_id == entity_id).distinct()
    for aid, meta in conn.execute(select(articles.c.id, articles.c.meta).where(articles.c.id.in_(ids))):
        listed = set((meta or {}).get("entity_keys", []))
        if listed & old_keys or new_key not in listed:
            new = sorted((listed - old_keys) | {new_key})
            conn.execute(articles.update().where(articles.c.id == aid).values(meta={**(meta or {}), "entity_keys": new}))


def _new_key(conn: Connection, label: str, aliases: dict[str, int]) -> str:
    names = sorted(aliases, key=lambda a: (has_arabic(a), -aliases[a], a))
    base = latin_key(names[0]) if not has_arabic(names[0]) else next(iter(sorted(latin_keys(names[0]))), name_key(names[0]))
    taken = load_pins(conn).keys()
    key, n = f"{label.lower()}:{base}", 2
    while key in taken or conn.scalar(select(entities.c.id).where(entities.c.key == key)) is not None:
        key, n = f"{label.lower()}:{base}#{n}", n + 1
    return key


def split_entity(conn: Connection, name_or_id: str, aliases: list[str], label: str | None = None) -> dict[str, Any]:
    """Move the mentions named by ``aliases`` (as ``marsad entity`` lists them; compared by
    name key, so "Al-Shibani" moves "al-Shibani" too) off an entity to a new one, of type
    ``label`` (default: the entity's). Both sides are pinned for later ingests."""
    row = _entity(conn, name_or_id)
    label = (label or row["label"]).upper()
    if label not in LABELS:
        raise MarsadError("E316", status=422, label=label, choices=", ".join(LABELS))
    if not aliases:
        raise MarsadError("E317", status=422, id=row["id"])
    have: dict[str, int] = dict(row["aliases"] or {})
    wanted = {name_key(a) for a in aliases}
    for a in aliases:
        if not any(name_key(x) == name_key(a) for x in have):
            raise MarsadError("E314", status=422, alias=a, id=row["id"], aliases=", ".join(sorted(have)))
    moved = {a: c for a, c in have.items() if name_key(a) in wanted}
    kept = {a: c for a, c in have.items() if a not in moved}
    if not kept:
        raise MarsadError("E315", status=422, id=row["id"])
    now = datetime.now(timezone.utc)
    key = _new_key(conn, label, moved)
    new_keys, kept_keys = _keys_of(list(moved), label), _keys_of(list(kept), row["label"])
    new_id = conn.execute(entities.insert().values(
        key=key, label=label, names=_names({}, moved, None), aliases=moved, mentions=sum(moved.values()),
        keys=sorted(new_keys), place=None, updated_at=now).returning(entities.c.id)).scalar_one()
    for mid, text in conn.execute(select(mentions.c.id, mentions.c.text).where(mentions.c.entity_id == row["id"])).all():
        if name_key(text) in wanted:
            conn.execute(mentions.update().where(mentions.c.id == mid).values(entity_id=new_id))
    for table, pairs in ((events, (("actor", "actor_entity"), ("recipient", "recipient_entity"), ("location", "location_entity"))),
                         (quotes, (("speaker", "speaker_entity"),))):
        for text_col, id_col in pairs:
            for rid, text in conn.execute(select(table.c.id, table.c[text_col]).where(table.c[id_col] == row["id"])).all():
                if text and name_key(text) in wanted:
                    conn.execute(table.update().where(table.c.id == rid).values({id_col: new_id}))
    # the old entity keeps the keys its remaining names give, and those no moved name gives
    old_keys = (set(row["keys"] or []) - new_keys) | kept_keys
    first, last = _seen(conn, row["id"])
    conn.execute(entities.update().where(entities.c.id == row["id"]).values(
        aliases=kept, mentions=max(0, row["mentions"] - sum(moved.values())), keys=sorted(old_keys),
        names=_names({k: v for k, v in (row["names"] or {}).items() if v not in moved}, kept, row["place"]),
        first_seen=first, last_seen=last, updated_at=now))
    first, last = _seen(conn, new_id)
    conn.execute(entities.update().where(entities.c.id == new_id).values(first_seen=first, last_seen=last))
    _write_keys(conn, row["id"], old_keys)
    _write_keys(conn, new_id, new_keys)
    _retag_articles(conn, new_id, set(), key)
    decision = _record(conn, "split", key, {key: {"label": label, "aliases": sorted(moved)},
                                            row["key"]: {"label": row["label"], "aliases": sorted(kept)}},
                       {"from": row["key"], "from_id": row["id"], "aliases": sorted(moved)})
    return {"entity": _summary(conn, new_id), "from": _summary(conn, row["id"]), "decision": decision}
