"""Store glue of the sources stage: the outlet registry's rows, each article's outlet and
provenance, and the per-story source counts the stories list sorts by.

Provenance is recomputed per story when the story changed since it was last computed (its
``updated_at``, or an article or stored copy of one arrived since): ``refresh`` runs at the end
of ``marsad ingest``, after the merge/split pass, and by ``marsad sources refresh``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, delete, func, or_, select

from marsad.embed import from_blob
from marsad.errors import NotFound
from marsad.sources.attribution import find_attributions
from marsad.sources.provenance import Item, story_provenance, story_summary
from marsad.sources.registry import Outlet, bundled_outlets
from marsad.sources.resolve import Resolver
from marsad.store.db import lock_corpus
from marsad.store.tables import (
    article_provenance,
    article_stories,
    articles,
    outlets,
    sentence_vectors,
    sources,
    stories,
    story_sources,
)

_OUTLET_FIELDS = ("key", "name", "domains", "aliases", "country", "lang", "type", "owner", "fact_source", "origin")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _row(outlet: Outlet) -> dict[str, Any]:
    return {**{k: getattr(outlet, k) for k in _OUTLET_FIELDS}, "updated_at": _now()}


def ensure_bundled(conn: Connection) -> int:
    """Insert the bundled outlets the database lacks (a user's row of the same key is kept)."""
    have = set(conn.scalars(select(outlets.c.key)))
    missing = [_row(o) for o in bundled_outlets() if o.key not in have]
    if missing:
        # Two processes starting on a new database both find the rows missing: the second
        # one's inserts of the same keys are no-ops, not a unique-key failure of its run.
        if conn.dialect.name in ("sqlite", "postgresql"):
            from importlib import import_module

            insert = import_module(f"sqlalchemy.dialects.{conn.dialect.name}").insert
            conn.execute(insert(outlets).on_conflict_do_nothing(index_elements=["key"]), missing)
        else:
            conn.execute(outlets.insert(), missing)
    return len(missing)


def registry(conn: Connection) -> list[Outlet]:
    """Every outlet, bundled rows first, so a user's row wins a domain or name they share."""
    ensure_bundled(conn)
    rows = conn.execute(select(*[outlets.c[k] for k in _OUTLET_FIELDS])
                        .order_by(outlets.c.origin != "bundled", outlets.c.key)).mappings()
    return [Outlet(**{k: (list(r[k]) if k in ("domains", "aliases") else r[k]) for k in _OUTLET_FIELDS}) for r in rows]


def save_outlets(conn: Connection, new: Iterable[Outlet]) -> int:
    """Add or replace outlets by key (they become user rows) and mark every story's source
    counts stale, since articles may now resolve differently."""
    ensure_bundled(conn)
    n = 0
    for outlet in new:
        outlet.origin = "user"
        values = _row(outlet)
        if conn.execute(outlets.update().where(outlets.c.key == outlet.key).values(**values)).rowcount == 0:
            conn.execute(outlets.insert().values(**values))
        n += 1
    conn.execute(delete(story_sources))
    return n


def list_outlets(conn: Connection) -> list[dict[str, Any]]:
    """Outlets with how many stored articles resolve to each, most articles first."""
    ensure_bundled(conn)
    counts = dict(conn.execute(select(article_provenance.c.outlet, func.count())
                               .group_by(article_provenance.c.outlet)).all())
    out = []
    for o in registry(conn):
        out.append({**o.to_dict(), "articles": int(counts.get(o.key, 0))})
    out.sort(key=lambda r: (-r["articles"], r["key"]))
    return out


def get_outlet(conn: Connection, key: str) -> Outlet:
    for o in registry(conn):
        if o.key == key.strip().lower():
            return o
    raise NotFound("E171", key=key)


# ---------------------------------------------------------------- provenance per story
def stale_stories(conn: Connection, story_ids: list[int] | None = None) -> list[int]:
    """Stories (of ``story_ids``, default all) whose source counts are missing or older than
    the story or its newest article or stored copy."""
    members = (select(article_stories.c.story_id.label("sid"), articles.c.ingested_at.label("at"))
               .join(articles, articles.c.id == article_stories.c.article_id))
    copies = (select(article_stories.c.story_id.label("sid"), articles.c.ingested_at.label("at"))
              .join(articles, articles.c.duplicate_of == article_stories.c.article_id))
    if story_ids is not None:
        members = members.where(article_stories.c.story_id.in_(story_ids))
        copies = copies.where(article_stories.c.story_id.in_(story_ids))
    both = members.union_all(copies).subquery()
    newest = (select(both.c.sid, func.max(both.c.at).label("at")).group_by(both.c.sid)).subquery()
    query = (select(stories.c.id)
             .outerjoin(story_sources, story_sources.c.story_id == stories.c.id)
             .outerjoin(newest, newest.c.sid == stories.c.id)
             .where(or_(story_sources.c.story_id.is_(None),
                        story_sources.c.computed_at < stories.c.updated_at,
                        story_sources.c.computed_at < newest.c.at))
             .order_by(stories.c.id))
    if story_ids is not None:
        query = query.where(stories.c.id.in_(story_ids))
    return list(conn.scalars(query))


def refresh(conn: Connection, story_ids: Iterable[int] | None = None,
            on_story: Callable[[str, str], None] | None = None) -> int:
    """Recompute provenance and source counts of ``story_ids`` (default: the stale ones).

    Holds the corpus lock (as the pipeline and the recluster pass do), so two ingest processes
    ending at once do not both rewrite one story's rows."""
    lock_corpus(conn)
    ids = list(story_ids) if story_ids is not None else stale_stories(conn)
    reg = registry(conn)
    resolver = Resolver.from_outlets(reg)
    facts = {o.key: o.to_dict() for o in reg}
    for sid in ids:
        refresh_story(conn, sid, resolver, facts)
        if on_story is not None:
            on_story("done", f"story {sid}")
    return len(ids)


def _story_rows(conn: Connection, story_id: int) -> list[Any]:
    member_ids = select(article_stories.c.article_id).where(article_stories.c.story_id == story_id)
    cols = (articles.c.id, articles.c.lang, articles.c.published, articles.c.url, articles.c.text,
            articles.c.duplicate_of, articles.c.duplicate_kind, articles.c.similarity, sources.c.name.label("source"))
    return list(conn.execute(
        select(*cols).select_from(articles.outerjoin(sources))
        .where(or_(articles.c.id.in_(member_ids), articles.c.duplicate_of.in_(member_ids)))
        .order_by(articles.c.id)))


def _vectors(conn: Connection, ids: list[str]) -> dict[str, Any]:
    """Stored sentence vectors of ``ids``, of the model most of them were embedded with."""
    if not ids:
        return {}
    rows = conn.execute(select(sentence_vectors).where(sentence_vectors.c.article_id.in_(ids))).all()
    if not rows:
        return {}
    model = Counter(r.model for r in rows).most_common(1)[0][0]
    return {r.article_id: from_blob(r.vectors, r.dim) for r in rows if r.model == model}


def refresh_story(conn: Connection, story_id: int, resolver: Resolver, facts: dict[str, dict]) -> dict[str, Any]:
    rows = _story_rows(conn, story_id)
    vectors = _vectors(conn, [r.id for r in rows if r.duplicate_of is None])
    items, via = [], {}
    for r in rows:
        outlet, how = resolver.resolve(r.url, r.source)
        via[r.id] = how
        items.append(Item(
            id=r.id, lang=r.lang, published=r.published, outlet=outlet, source=r.source or "",
            duplicate_of=r.duplicate_of, duplicate_kind=r.duplicate_kind, similarity=r.similarity,
            vectors=vectors.get(r.id),
            attributions=[] if r.duplicate_of else find_attributions(r.text, resolver.names),
        ))
    provs = story_provenance(items)
    summary = story_summary(items, provs, facts)
    now = _now()
    ids = [r.id for r in rows]
    conn.execute(delete(article_provenance).where(or_(article_provenance.c.story_id == story_id,
                                                      article_provenance.c.article_id.in_(ids))))
    if provs:
        outlet_of = {i.id: i.outlet for i in items}
        conn.execute(article_provenance.insert(), [
            {"article_id": p.article_id, "story_id": story_id, "outlet": outlet_of[p.article_id],
             "outlet_via": via[p.article_id], "kind": p.kind, "of_article": p.of_article, "of_outlet": p.of_outlet,
             "evidence": p.evidence, "computed_at": now} for p in provs])
    conn.execute(delete(story_sources).where(story_sources.c.story_id == story_id))
    conn.execute(story_sources.insert().values(
        story_id=story_id, independent=summary["independent"], articles=summary["articles"],
        copies=summary["copies"], translations=summary["translations"], citing=summary["citing"],
        first_by_lang=summary["first_by_lang"], lag_hours=summary["lag_hours"], countries=summary["countries"],
        types=summary["types"], chains=summary["sources"], computed_at=now))
    return summary


def story_sources_view(conn: Connection, story_id: int, compute: bool = True) -> dict[str, Any] | None:
    """A story's source counts and each article's provenance (computed now if stale: pass a
    connection in a transaction that commits, or it is computed again on the next call)."""
    row = conn.execute(select(story_sources).where(story_sources.c.story_id == story_id)).mappings().first()
    if row is None or stale_stories(conn, [story_id]):
        if not compute:
            return None
        if conn.scalar(select(stories.c.id).where(stories.c.id == story_id)) is None:
            raise NotFound("E302", id=story_id)
        refresh(conn, [story_id])
        row = conn.execute(select(story_sources).where(story_sources.c.story_id == story_id)).mappings().first()
    out = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in dict(row).items()}
    provs = conn.execute(
        select(article_provenance, articles.c.lang, articles.c.published, articles.c.title,
               sources.c.name.label("source"))
        .select_from(article_provenance.join(articles, articles.c.id == article_provenance.c.article_id)
                     .outerjoin(sources))
        .where(article_provenance.c.story_id == story_id)
        .order_by(articles.c.published.is_(None), articles.c.published, articles.c.id)).mappings()
    out["provenance"] = [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in dict(p).items()
                          if k not in ("computed_at", "story_id")} for p in provs]
    return out


# ---------------------------------------------------------------- source pages
def contradicted_claims(conn: Connection, outlet_key: str, story_ids: list[int]) -> list[dict[str, Any]]:
    """The outlet's claims that another article of the same story contradicts (a figure, date or
    name differs), from the comparison stage, computed on demand over ``story_ids``."""
    from marsad.compare.store import compare_stored_story

    out = []
    for sid in story_ids:
        mine = set(conn.scalars(select(article_provenance.c.article_id).where(
            article_provenance.c.story_id == sid, article_provenance.c.outlet == outlet_key)))
        if not mine:
            continue
        comp = compare_stored_story(conn, sid)
        for c in comp.conflicts:
            if not ({c.article_a, c.article_b} & mine):
                continue
            own, other = (c.claim_a, c.claim_b) if c.article_a in mine else (c.claim_b, c.claim_a)
            claim, against = comp.claims[own], comp.claims[other]
            out.append({"story_id": sid, "article_id": claim.article_id, "sentence": claim.sentence, "claim": claim.text,
                        "other_article": against.article_id, "other_claim": against.text,
                        "differences": [f"{d.kind} {d.relation.replace('_', ' ')}: {', '.join(d.a) or '-'} vs "
                                        f"{', '.join(d.b) or '-'}" for d in c.differences]})
    return out


def outlet_page(conn: Connection, key: str, limit: int = 20, conflicts: int = 10) -> dict[str, Any]:
    """What an outlet covers, how often it reports first, how often others copy, translate or cite it."""
    outlet = get_outlet(conn, key)
    mine = select(article_provenance).where(article_provenance.c.outlet == outlet.key).subquery()
    kinds = dict(conn.execute(select(mine.c.kind, func.count()).group_by(mine.c.kind)).all())
    story_ids = list(conn.scalars(select(mine.c.story_id).where(mine.c.story_id.is_not(None)).distinct()))
    first = 0
    for fb in conn.scalars(select(story_sources.c.first_by_lang).where(story_sources.c.story_id.in_(story_ids))):
        if any((v or {}).get("outlet") == outlet.key for v in (fb or {}).values()):
            first += 1
    reused = dict(conn.execute(
        select(article_provenance.c.kind, func.count())
        .where(article_provenance.c.of_outlet == outlet.key,
               or_(article_provenance.c.outlet.is_(None), article_provenance.c.outlet != outlet.key))
        .group_by(article_provenance.c.kind)).all())
    recent = list(conn.execute(
        select(stories.c.id, stories.c.title, stories.c.last_seen, stories.c.size, story_sources.c.independent)
        .outerjoin(story_sources, story_sources.c.story_id == stories.c.id)
        .where(stories.c.id.in_(story_ids))
        .order_by(stories.c.last_seen.is_(None), stories.c.last_seen.desc(), stories.c.id).limit(limit)).mappings())
    return {
        **outlet.to_dict(),
        "articles": sum(kinds.values()),
        "by_kind": {k: int(kinds.get(k, 0)) for k in ("original", "copy", "translation", "citing")},
        "stories": len(story_ids),
        "first_reports": first,
        "reused_by_others": {k: int(reused.get(k, 0)) for k in ("copy", "translation", "citing")},
        "recent_stories": [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in dict(r).items()}
                           for r in recent],
        # the comparison of its most recent stories (``conflicts`` of them): claims others contradict
        "contradicted": contradicted_claims(conn, outlet.key, [r["id"] for r in recent[:conflicts]]),
    }
