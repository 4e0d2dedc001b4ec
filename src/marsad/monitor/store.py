"""Store glue of monitoring: watchlists, their alerts, the webhook outbox, trend queries.

The pipeline stage (``monitor.stage``) writes alerts and outbox rows inside the article's
transaction; everything here is what the CLI, the API and the web UI call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, and_, case, delete, func, or_, select, update

from marsad.errors import NotFound
from marsad.model import Article
from marsad.monitor import targets, trends
from marsad.monitor.matching import DEFAULT_MIN_SIMILARITY, Match, StoryCoverage, Watch
from marsad.monitor.webhooks import MAX_ATTEMPTS, backoff, check_webhook
from marsad.store.queries import _jsonable_row
from marsad.store.tables import (
    alerts,
    article_stories,
    articles,
    entity_keys,
    mentions,
    sources,
    stories,
    watchlists,
    webhook_outbox,
)


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


# ---------------------------------------------------------------- watchlists
def add_watch(conn: Connection, text: str, *, kind: str | None = None, label: str | None = None,
              webhook: str | None = None, allow_private: bool = False, backend: Any = None,
              min_similarity: float | None = None) -> dict[str, Any]:
    """Create a watchlist from ``KIND:VALUE`` (see monitor.targets); a query gets a query
    vector when ``backend`` (an embedding backend) is given, for cross-language matching."""
    spec = targets.parse(text, kind)
    if spec.kind == "story" and conn.scalar(select(stories.c.id).where(stories.c.id == spec.params["story"])) is None:
        raise NotFound("E302", id=spec.params["story"])
    if webhook:
        check_webhook(webhook, allow_private)
    if spec.kind == "query" and backend is not None:
        backend.setup()
        vector = backend.embed_queries([spec.target])[0]
        spec.params.update(vector=[round(float(x), 6) for x in vector], model=backend.name,
                           min_similarity=DEFAULT_MIN_SIMILARITY if min_similarity is None else min_similarity)
    new_id = conn.execute(watchlists.insert().values(
        kind=spec.kind, target=spec.target, label=label or spec.label, params=spec.params, webhook=webhook or None,
        allow_private=allow_private, created_at=now_utc()).returning(watchlists.c.id)).scalar_one()
    return get_watch(conn, new_id)


def _watch_row(row: Any, counts: dict[int, tuple[int, int]]) -> dict[str, Any]:
    out = _jsonable_row(row)
    params = dict(out.pop("params") or {})
    out["semantic"] = "vector" in params
    out["keys"] = params.get("keys") or params.get("actor_keys") or []
    total, unread = counts.get(row["id"], (0, 0))
    out.update(alerts=total, unread=unread)
    return out


def _counts(conn: Connection, watch_id: int | None = None) -> dict[int, tuple[int, int]]:
    q = select(alerts.c.watchlist_id, func.count(), func.sum(case((alerts.c.read_at.is_(None), 1), else_=0)))
    if watch_id is not None:
        q = q.where(alerts.c.watchlist_id == watch_id)
    return {wid: (n, int(u or 0)) for wid, n, u in conn.execute(q.group_by(alerts.c.watchlist_id))}


def list_watches(conn: Connection) -> list[dict[str, Any]]:
    counts = _counts(conn)
    return [_watch_row(r, counts) for r in conn.execute(select(watchlists).order_by(watchlists.c.id)).mappings()]


def get_watch(conn: Connection, watch_id: int) -> dict[str, Any]:
    row = conn.execute(select(watchlists).where(watchlists.c.id == watch_id)).mappings().first()
    if row is None:
        raise NotFound("E380", id=watch_id)
    return _watch_row(row, _counts(conn, watch_id))


def remove_watch(conn: Connection, watch_id: int) -> None:
    get_watch(conn, watch_id)
    ids = select(alerts.c.id).where(alerts.c.watchlist_id == watch_id)
    conn.execute(delete(webhook_outbox).where(webhook_outbox.c.alert_id.in_(ids)))
    conn.execute(delete(alerts).where(alerts.c.watchlist_id == watch_id))
    conn.execute(delete(watchlists).where(watchlists.c.id == watch_id))


def load_watches(conn: Connection) -> list[tuple[Watch, str | None]]:
    """Every watchlist as matching sees it, with its webhook URL."""
    return [(Watch(r.id, r.kind, r.target, dict(r.params or {})), r.webhook)
            for r in conn.execute(select(watchlists.c.id, watchlists.c.kind, watchlists.c.target, watchlists.c.params,
                                         watchlists.c.webhook).order_by(watchlists.c.id))]


def entities_for_keys(conn: Connection, keys: Sequence[str]) -> dict[str, set[int]]:
    """For each of ``keys``, the entities having it among their matching keys (any script)."""
    out: dict[str, set[int]] = {}
    if keys:
        for key, eid in conn.execute(select(entity_keys.c.key, entity_keys.c.entity_id)
                                     .where(entity_keys.c.key.in_(sorted(set(keys))))):
            out.setdefault(key, set()).add(eid)
    return out


# ---------------------------------------------------------------- alerts
def write_alerts(conn: Connection, article: Article, found: Sequence[tuple[Match, str | None]], story: int | None,
                 kind: str = "match") -> list[int]:
    """Insert the alerts of one article (once per watchlist, article and kind) and queue their
    webhooks; returns the new alert ids."""
    at = now_utc()
    wanted = {(m.watch_id, m.article_id or article.id, m.kind or kind): (m, hook) for m, hook in found}
    existing = {tuple(r) for r in conn.execute(
        select(alerts.c.watchlist_id, alerts.c.article_id, alerts.c.kind)
        .where(alerts.c.watchlist_id.in_(sorted({w for w, _, _ in wanted})),
               alerts.c.article_id.in_(sorted({a for _, a, _ in wanted}))))}
    rows = []
    for key, (match, hook) in wanted.items():
        if key in existing:
            continue
        rows.append((hook, dict(watchlist_id=key[0], article_id=key[1], kind=key[2],
                                story_id=match.story if match.story is not None else story, sentence=match.sentence,
                                excerpt=match.excerpt[:2000], mention=match.mention, reason=match.reason,
                                created_at=at)))
    if not rows:
        return []
    conn.execute(alerts.insert(), [values for _, values in rows])
    ids = dict(((w, a, k), i) for i, w, a, k in conn.execute(  # the unique key finds the new rows
        select(alerts.c.id, alerts.c.watchlist_id, alerts.c.article_id, alerts.c.kind)
        .where(alerts.c.watchlist_id.in_(sorted({v["watchlist_id"] for _, v in rows})),
               alerts.c.article_id.in_(sorted({v["article_id"] for _, v in rows})))))
    hooks = [{"alert_id": ids[(v["watchlist_id"], v["article_id"], v["kind"])], "url": hook, "attempts": 0,
              "next_attempt_at": at} for hook, v in rows if hook]
    if hooks:
        conn.execute(webhook_outbox.insert(), hooks)
    return sorted(ids[(v["watchlist_id"], v["article_id"], v["kind"])] for _, v in rows)


def _day_bounds(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    lo = datetime.combine(since, time.min, tzinfo=timezone.utc) if since else None
    hi = datetime.combine(until, time.max, tzinfo=timezone.utc) if until else None
    return lo, hi


ALERT_COLUMNS = (alerts.c.id, alerts.c.watchlist_id, alerts.c.article_id, alerts.c.kind, alerts.c.sentence,
                 alerts.c.excerpt, alerts.c.mention, alerts.c.reason, alerts.c.created_at, alerts.c.read_at,
                 func.coalesce(article_stories.c.story_id, alerts.c.story_id).label("story_id"),
                 articles.c.title, articles.c.url, articles.c.lang, articles.c.published, sources.c.name.label("source"))


def list_alerts(conn: Connection, watch_id: int | None = None, *, since: date | None = None, until: date | None = None,
                unread: bool = False, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Alerts newest first (of one watchlist, or of all), with the article and its current
    story (the merge/split pass can move an article after its alert was written)."""
    q = (select(*ALERT_COLUMNS)
         .join(articles, articles.c.id == alerts.c.article_id)
         .outerjoin(sources, sources.c.id == articles.c.source_id)
         .outerjoin(article_stories, article_stories.c.article_id == alerts.c.article_id))
    if watch_id is not None:
        get_watch(conn, watch_id)
        q = q.where(alerts.c.watchlist_id == watch_id)
    lo, hi = _day_bounds(since, until)
    if lo:
        q = q.where(alerts.c.created_at >= lo)
    if hi:
        q = q.where(alerts.c.created_at <= hi)
    if unread:
        q = q.where(alerts.c.read_at.is_(None))
    rows = conn.execute(q.order_by(alerts.c.created_at.desc(), alerts.c.id.desc()).limit(limit).offset(offset))
    return [_jsonable_row(r) for r in rows.mappings()]


def mark_read(conn: Connection, watch_id: int | None = None) -> int:
    """Mark the unread alerts of one watchlist (or all) as read; returns how many."""
    q = update(alerts).where(alerts.c.read_at.is_(None))
    if watch_id is not None:
        q = q.where(alerts.c.watchlist_id == watch_id)
    return conn.execute(q.values(read_at=now_utc())).rowcount or 0


def unread_count(conn: Connection) -> int:
    return int(conn.scalar(select(func.count()).select_from(alerts).where(alerts.c.read_at.is_(None))) or 0)


def alert_payload(alert: dict[str, Any], watch: dict[str, Any]) -> dict[str, Any]:
    """The JSON a webhook receives for one alert."""
    keys = ("id", "article_id", "story_id", "kind", "sentence", "excerpt", "mention", "reason", "created_at",
            "title", "url", "lang", "published", "source")
    return {"type": "marsad.alert", "watch": {"id": watch["id"], "kind": watch["kind"], "target": watch["target"],
                                              "label": watch["label"]}, **{k: alert.get(k) for k in keys}}


COVERAGE_WINDOW = timedelta(days=14)  # stories older than this are no longer news for the rule


def coverage_candidates(conn: Connection, now: datetime, hours: float, watch_id: int | None = None,
                        langs: Sequence[str] = ()) -> list[StoryCoverage]:
    """Single-language stories (in one of ``langs``, when given) that started between
    ``COVERAGE_WINDOW`` and ``hours`` before ``now`` (naive UTC) and have no one-language alert
    of ``watch_id`` yet, with their first article: what ``one_language_stories`` judges.
    A story alerts once, so after its alert it costs nothing here."""
    lo, hi = now - COVERAGE_WINDOW, now - timedelta(hours=hours)
    rows = conn.execute(select(stories.c.id, stories.c.title, stories.c.languages)
                        .where(or_(stories.c.first_seen.between(lo, hi),
                                   and_(stories.c.first_seen.is_(None),
                                        stories.c.updated_at >= lo.replace(tzinfo=timezone.utc))))).all()
    single = {r.id: r for r in rows if len(r.languages or []) == 1 and (not langs or r.languages[0] in langs)}
    if watch_id is not None and single:
        done = set(conn.scalars(select(alerts.c.story_id).where(alerts.c.watchlist_id == watch_id,
                                                                alerts.c.kind == "one-language")))
        single = {k: v for k, v in single.items() if k not in done}
    if not single:
        return []
    starts = conn.execute(
        select(article_stories.c.story_id, func.min(articles.c.published), func.min(articles.c.ingested_at))
        .join(articles, articles.c.id == article_stories.c.article_id)
        .where(article_stories.c.story_id.in_(sorted(single))).group_by(article_stories.c.story_id)).all()
    out = []
    for sid, published, ingested in sorted(starts):
        started = naive_utc(published if published is not None else ingested)
        if not lo <= started <= hi:
            continue
        first = conn.scalar(
            select(articles.c.id).join(article_stories, article_stories.c.article_id == articles.c.id)
            .where(article_stories.c.story_id == sid)
            .order_by(articles.c.published.is_(None), articles.c.published, articles.c.ingested_at, articles.c.id)
            .limit(1))
        out.append(StoryCoverage(sid, single[sid].title, list(single[sid].languages), started, first))
    return out


def naive_utc(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min)
    return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value


# ---------------------------------------------------------------- webhook outbox
@dataclass
class Delivery:
    outbox_id: int
    url: str
    allow_private: bool
    attempts: int
    payload: dict[str, Any]


def due_deliveries(conn: Connection, at: datetime | None = None, limit: int = 100) -> list[Delivery]:
    at = at or now_utc()
    rows = conn.execute(
        select(webhook_outbox.c.id, webhook_outbox.c.url, webhook_outbox.c.attempts, webhook_outbox.c.alert_id,
               watchlists.c.allow_private, watchlists.c.id.label("watch_id"))
        .join(alerts, alerts.c.id == webhook_outbox.c.alert_id)
        .join(watchlists, watchlists.c.id == alerts.c.watchlist_id)
        .where(webhook_outbox.c.delivered_at.is_(None), webhook_outbox.c.failed_at.is_(None),
               webhook_outbox.c.next_attempt_at <= at)
        .order_by(webhook_outbox.c.next_attempt_at, webhook_outbox.c.id).limit(limit)
    ).mappings().all()
    out = []
    watches: dict[int, dict[str, Any]] = {}
    for r in rows:
        watch = watches.setdefault(r["watch_id"], get_watch(conn, r["watch_id"]))
        alert = next(iter(_alert_by_id(conn, r["alert_id"])), None)
        if alert is not None:
            out.append(Delivery(r["id"], r["url"], bool(r["allow_private"]), r["attempts"], alert_payload(alert, watch)))
    return out


def _alert_by_id(conn: Connection, alert_id: int) -> list[dict[str, Any]]:
    q = (select(*ALERT_COLUMNS).join(articles, articles.c.id == alerts.c.article_id)
         .outerjoin(sources, sources.c.id == articles.c.source_id)
         .outerjoin(article_stories, article_stories.c.article_id == alerts.c.article_id)
         .where(alerts.c.id == alert_id))
    return [_jsonable_row(r) for r in conn.execute(q).mappings()]


def record_attempt(conn: Connection, outbox_id: int, attempts: int, error: str | None, at: datetime | None = None,
                   base_delay: float | None = None) -> None:
    """Record one delivery attempt: delivered, or rescheduled with back-off, or given up."""
    at = at or now_utc()
    attempts += 1
    if error is None:
        values: dict[str, Any] = dict(attempts=attempts, delivered_at=at, last_error=None)
    elif attempts >= MAX_ATTEMPTS:
        values = dict(attempts=attempts, failed_at=at, last_error=error)
    else:
        delay = backoff(attempts) if base_delay is None else backoff(attempts, base_delay)
        values = dict(attempts=attempts, next_attempt_at=at + delay, last_error=error)
    conn.execute(update(webhook_outbox).where(webhook_outbox.c.id == outbox_id).values(**values))


def outbox(conn: Connection, watch_id: int | None = None) -> list[dict[str, Any]]:
    q = select(webhook_outbox, alerts.c.watchlist_id).join(alerts, alerts.c.id == webhook_outbox.c.alert_id)
    if watch_id is not None:
        q = q.where(alerts.c.watchlist_id == watch_id)
    return [_jsonable_row(r) for r in conn.execute(q.order_by(webhook_outbox.c.id)).mappings()]


# ---------------------------------------------------------------- trends
_DAY = articles.c.published  # publication day; undated articles are counted apart


def _series(conn: Connection, q: Any, since: date | None, until: date | None) -> trends.Series:
    rows = conn.execute(q.where(articles.c.duplicate_of.is_(None))).all()
    return trends.daily([(trends.as_day(d), lang) for d, lang in rows], since, until)


def story_trend(conn: Connection, story_id: int, since: date | None = None, until: date | None = None) -> trends.Series:
    q = (select(_DAY, articles.c.lang).join(article_stories, article_stories.c.article_id == articles.c.id)
         .where(article_stories.c.story_id == story_id))
    return _series(conn, q, since, until)


def entity_trend(conn: Connection, entity_id: int, since: date | None = None, until: date | None = None) -> trends.Series:
    ids = select(mentions.c.article_id).where(mentions.c.entity_id == entity_id).distinct()
    return _series(conn, select(_DAY, articles.c.lang).where(articles.c.id.in_(ids)), since, until)


def query_trend(conn: Connection, query: str, since: date | None = None, until: date | None = None,
                limit: int = 5000) -> trends.Series:
    from marsad.search.keyword import keyword_ids

    ids = keyword_ids(conn, query, limit=limit)
    return _series(conn, select(_DAY, articles.c.lang).where(articles.c.id.in_(ids)), since, until)


def reference_day(conn: Connection) -> date | None:
    return trends.as_day(conn.scalar(select(func.max(_DAY)).where(articles.c.duplicate_of.is_(None))))


def rising_stories(conn: Connection, limit: int = 10, reference: date | None = None) -> list[dict[str, Any]]:
    """Stories whose volume jumped against their baseline (rule: monitor.trends)."""
    ref = reference or reference_day(conn)
    if ref is None:
        return []
    days: dict[int, list[Any]] = {}
    for sid, day in conn.execute(select(article_stories.c.story_id, _DAY)
                                 .join(articles, articles.c.id == article_stories.c.article_id)):
        days.setdefault(sid, []).append(day)
    found = trends.rising(days, ref, limit=limit)
    titles = dict(conn.execute(select(stories.c.id, stories.c.title).where(stories.c.id.in_([r.key for r in found]))).all())
    return [{"id": r.key, "title": titles.get(r.key, ""), "recent": r.recent, "baseline": r.baseline, "score": r.score}
            for r in found]


def rising_entities(conn: Connection, limit: int = 10, reference: date | None = None) -> list[dict[str, Any]]:
    from marsad.store.tables import entities

    ref = reference or reference_day(conn)
    if ref is None:
        return []
    days: dict[int, list[Any]] = {}
    for eid, _aid, day in conn.execute(select(mentions.c.entity_id, mentions.c.article_id, _DAY).distinct()
                                       .join(articles, articles.c.id == mentions.c.article_id)
                                       .where(mentions.c.entity_id.is_not(None))):
        days.setdefault(eid, []).append(day)
    found = trends.rising(days, ref, limit=limit)
    names = {r.id: r.names for r in conn.execute(select(entities.c.id, entities.c.names)
                                                 .where(entities.c.id.in_([x.key for x in found])))}
    return [{"id": r.key, "names": names.get(r.key) or {}, "recent": r.recent, "baseline": r.baseline, "score": r.score}
            for r in found]


__all__ = ["add_watch", "list_watches", "get_watch", "remove_watch", "list_alerts", "mark_read", "unread_count",
           "due_deliveries", "record_attempt", "story_trend", "entity_trend", "query_trend", "rising_stories",
           "rising_entities"]
