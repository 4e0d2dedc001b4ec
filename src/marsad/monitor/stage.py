"""Pipeline glue of monitoring: match every new article against every watchlist inside the
article's transaction, and deliver webhooks after commit.

``MonitorStage.persist`` runs last in the article's transaction (pipeline.py): the article,
its story, its linked mentions and its events are all there, and the alerts it writes
commit or roll back with them, so a killed run neither loses nor doubles one (re-running
it stores each missing article, with its alerts, once). Webhooks wait in the outbox; a
``Deliverer`` thread sends them while the ingest goes on, and one bounded pass at the end of
the run sends what is due. A failing receiver costs one attempt per pass (the other alerts
for the same URL wait for its next turn), never a stalled ingest.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
from sqlalchemy import Connection

from marsad.entities.stage import stored_mentions
from marsad.model import Article
from marsad.monitor import store as mstore
from marsad.monitor.matching import Match, match_article, one_language_stories
from marsad.monitor.webhooks import TIMEOUT, post
from marsad.store import Store

log = logging.getLogger(__name__)


class MonitorStage:
    """Alerts for every watchlist a new article matches (written in its transaction)."""

    name = "monitor"
    requires = ("article.story", "article.entities", "article.events")
    assigns = ("article.alerts",)

    def __init__(self, model: str | None = None) -> None:
        self.model = model  # the embedding model of article vectors (for semantic query watches)
        self.deliverer: Deliverer | None = None

    def setup(self) -> None:
        return None

    def __call__(self, article: Article) -> Article:
        return article  # matching needs the stored story, entities and watchlists: it happens in persist

    def persist(self, conn: Connection, article: Article) -> None:
        watches = mstore.load_watches(conn)
        article.meta.pop("alerts", None)
        if not watches:
            return
        story = article.meta.get("story")
        # the linked mentions as stored (with entity ids), without touching the pipeline's article
        view = replace(article, mentions=stored_mentions(conn, article.id) or article.mentions)
        found: list[tuple[Match, str | None]] = []
        # one lookup for the names of every entity and event watch: key -> entity ids
        resolved = mstore.entities_for_keys(conn, [k for w, _ in watches for k in _keys(w)])
        for watch, webhook in watches:
            if watch.kind == "coverage":
                if article.lang not in (watch.params.get("langs") or []):
                    continue
                now = article_time(article)
                candidates = mstore.coverage_candidates(conn, now, float(watch.params.get("hours") or 0),
                                                        watch.id, watch.params.get("langs") or [])
                found.extend((m, webhook) for m in one_language_stories(watch, candidates, article.lang, now))
                continue
            ids = {eid for k in _keys(watch) for eid in resolved.get(k, ())}
            if watch.kind == "entity" and watch.params.get("entity_id") is not None:
                ids.add(int(watch.params["entity_id"]))
            match = match_article(watch, view, story=story, entity_ids=ids, model=self.model)
            if match is not None:
                found.append((match, webhook))
        if found:
            article.meta["alerts"] = mstore.write_alerts(conn, article, found, story)

    # run hooks (pipeline.Pipeline.run_items): deliver webhooks while the run goes on, then once more
    def start_run(self, store: Store) -> None:
        with store.connect() as conn:
            if not any(webhook for _, webhook in mstore.load_watches(conn)):
                return
        self.deliverer = Deliverer(store)
        self.deliverer.start()

    def end_run(self, store: Store) -> None:
        if self.deliverer is not None:
            self.deliverer.stop()
            self.deliverer = None
        with store.connect() as conn:
            if not any(webhook for _, webhook in mstore.load_watches(conn)):
                return
        deliver_due(store)


def _keys(watch: Any) -> list[str]:
    """The name keys a watch resolves to entities: an entity's, or an event actor's."""
    return list(watch.params.get("keys") or []) if watch.kind == "entity" else list(watch.params.get("actor_keys") or [])


def article_time(article: Article) -> datetime:
    """When the article appeared, naive UTC: its publication time, else now (a live feed)."""
    if article.published is not None:
        return mstore.naive_utc(article.published)
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass
class DeliveryReport:
    delivered: int = 0
    retried: int = 0  # failed, rescheduled with back-off
    failed: int = 0  # gave up after the last attempt
    errors: list[str] = field(default_factory=list)


def deliver_due(store: Store, *, client: httpx.Client | None = None, limit: int = 100,
                base_delay: float | None = None) -> DeliveryReport:
    """One pass over the due outbox rows: POST each (outside any transaction), record the
    outcome. After a failure, the other rows for the same URL wait for the next pass."""
    report = DeliveryReport()
    with store.connect() as conn:
        due = mstore.due_deliveries(conn, limit=limit)
    broken: set[str] = set()
    for d in due:
        if d.url in broken:
            continue
        error = post(d.url, d.payload, allow_private=d.allow_private, client=client, timeout=TIMEOUT)
        with store.begin() as conn:
            mstore.record_attempt(conn, d.outbox_id, d.attempts, error, base_delay=base_delay)
        if error is None:
            report.delivered += 1
            continue
        broken.add(d.url)
        report.errors.append(f"{d.url}: {error}")
        if d.attempts + 1 >= mstore.MAX_ATTEMPTS:
            report.failed += 1
        else:
            report.retried += 1
    return report


class Deliverer(threading.Thread):
    """Sends due webhooks every ``interval`` seconds until stopped (a daemon thread)."""

    def __init__(self, store: Store, interval: float = 2.0) -> None:
        super().__init__(name="marsad-webhooks", daemon=True)
        self.store, self.interval = store, interval
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            try:
                deliver_due(self.store)
            except Exception:  # noqa: BLE001 - a delivery bug must never reach the ingest
                log.warning("webhook delivery pass failed", exc_info=True)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=TIMEOUT + 5)
