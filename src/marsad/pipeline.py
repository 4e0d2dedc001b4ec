"""The one place that knows the order of the stages.

Per input item: source -> build (decode, extract, clean, boilerplate, language, sentences)
-> duplicate check -> enrichment stages (embed, entities, events: pure, per article) ->
one transaction that stores the article and everything derived from it, and lets the
corpus stages (story clustering, entity linking) place it among what is already stored.

A failing item is recorded (origin, code, reason) and skipped; nothing already stored is
lost, and re-running the same inputs finishes a killed run with the same final content.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from concurrent.futures import Future
from typing import Protocol

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from marsad.errors import IngestError, MarsadError
from marsad.ingest.build import MAX_HTML_CHARS, MAX_TEXT_CHARS, build_article
from marsad.ingest.sources import SourceOptions, iter_items
from marsad.model import Article, Failure, RawItem
from marsad.store import Store
from marsad.store.articles import SaveResult, classify, save_article
from marsad.store.db import crash_point, lock_corpus
from marsad.store.runs import RunSummary, finish_run, record_failure, start_run

log = logging.getLogger(__name__)
_CUTS = {"html_cut": MAX_HTML_CHARS, "text_cut": MAX_TEXT_CHARS}


class Stage(Protocol):
    """A pipeline stage, spaCy-style: declares what it reads and writes.

    ``setup()`` loads models once (per process or Ray actor); ``__call__`` enriches one
    article in memory with no I/O; ``persist`` writes what it added, inside the article's
    transaction, and may place the article in corpus-wide structures (stories, entities).
    """

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def setup(self) -> None: ...

    def __call__(self, article: Article) -> Article: ...

    def persist(self, conn: Connection, article: Article) -> None: ...


BASE_ASSIGNS = ("article.text", "article.title", "article.lang", "article.sentences", "article.published")

ItemCallback = Callable[[str, str], None]  # (status, origin)
CloseCallback = Callable[[Connection, RunSummary], None]  # the run's closing passes, in its last transaction


def check_contracts(stages: Sequence[Stage]) -> None:
    """Fail early when a stage needs something no earlier stage assigns."""
    available = set(BASE_ASSIGNS)
    for stage in stages:
        missing = [r for r in stage.requires if r not in available]
        if missing:
            raise ValueError(f"stage {stage.name!r} requires {missing}, which no earlier stage assigns")
        available.update(stage.assigns)


@dataclass
class Pipeline:
    store: Store
    stages: list[Stage] = field(default_factory=list)

    def __post_init__(self) -> None:
        check_contracts(self.stages)
        self._ready = False

    def setup(self) -> None:
        if not self._ready:
            for stage in self.stages:
                stage.setup()
            self._ready = True

    def ingest(self, inputs: Sequence[str], options: SourceOptions, on_item: ItemCallback | None = None,
               command: str = "ingest") -> RunSummary:
        """Ingest every item of ``inputs``; never raises for a bad item."""
        return self.run_items(iter_items(inputs, options), inputs, on_item, command)

    def run_items(self, items: Iterable[RawItem | Failure], inputs: Sequence[str],
                  on_item: ItemCallback | None = None, command: str = "ingest",
                  close: CloseCallback | None = None, workers: int = 0) -> RunSummary:
        """Every item in its own transaction, then ``close`` (the run's closing passes: the
        recluster and provenance refresh of `marsad ingest`) in one transaction with the
        run's end. A run killed before that commit stays ``running``, so the next run can
        tell that its closing passes are owed (:func:`marsad.store.runs.unclosed_runs`).
        With ``workers`` >= 1 the model work of new articles runs in that many worker processes
        (marsad.workers) once the run has had enough of them to be worth it, and the results
        are stored in input order: the same database as with one process."""
        with self.store.begin() as conn:
            summary = RunSummary(run_id=start_run(conn, command, list(inputs)))
        status = "failed"
        finished = False
        self._run_hook("start_run")
        try:
            if workers > 0:
                self._run_parallel(items, summary, on_item, workers)
            else:
                for item in items:
                    outcome = self._one(item, summary)
                    if on_item is not None:
                        on_item(outcome, getattr(item, "origin", "?"))
            status = "ok" if not summary.failures else "failed"
            if close is not None:
                with self.store.begin() as conn:
                    close(conn, summary)
                    finish_run(conn, summary, status)
                finished = True
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        except BaseException:
            status = "failed"
            raise
        finally:
            if not finished:
                with self.store.begin() as conn:
                    finish_run(conn, summary, status)
            self._run_hook("end_run")
        return summary

    def _run_parallel(self, items: Iterable[RawItem | Failure], summary: RunSummary,
                      on_item: ItemCallback | None, workers: int) -> None:
        """Build and check each item here, compute new articles in a worker pool (started after
        ``start_after()`` new articles, used once its models are loaded), store in input order."""
        from marsad.workers import IN_FLIGHT, ComputePool, start_after

        pool: ComputePool | None = None
        pending: deque[_Pending] = deque()
        new_seen, after = 0, start_after()
        try:
            for item in items:
                entry = self._prepare(item, summary)
                if entry.article is not None and entry.computed and entry.article.content_hash in _hashes(pending):
                    entry.computed = False  # a repeat of an article still waiting: stored as its duplicate
                elif entry.article is not None and entry.computed:
                    new_seen += 1
                    if pool is None and new_seen > after:
                        pool = ComputePool(workers, build_pipeline_stages)
                    if pool is not None and pool.ready:
                        entry.future = pool.submit(entry.article)
                        summary.in_workers += 1
                    else:
                        self._compute(entry.article)
                pending.append(entry)
                while len(pending) > (IN_FLIGHT * workers if pool is not None else 0):
                    self._finish(pending.popleft(), summary, on_item)
            while pending:
                self._finish(pending.popleft(), summary, on_item)
        finally:
            if pool is not None:
                pool.close()

    def _prepare(self, item: RawItem | Failure, summary: RunSummary) -> _Pending:
        """The item built and classified (new or not); a failure is kept for its turn."""
        if isinstance(item, Failure):
            return _Pending(item)
        try:
            article = self._build(item, summary)
            self.setup()
            with self.store.connect() as conn:
                computed = classify(conn, article).kind == "new"
        except Exception as exc:  # noqa: BLE001 - reported in the item's turn, see _failure
            return _Pending(Failure(item.origin, *_failure(item.origin, exc)))
        return _Pending(item, article, computed)

    def _finish(self, entry: _Pending, summary: RunSummary, on_item: ItemCallback | None) -> None:
        """Store one prepared item (waiting for its worker if it has one), in its turn."""
        item = entry.item
        if isinstance(item, Failure):
            outcome = self._one(item, summary)
        else:
            outcome = self._store_prepared(entry, summary)
        if on_item is not None:
            on_item(outcome, getattr(item, "origin", "?"))

    def _store_prepared(self, entry: _Pending, summary: RunSummary) -> str:
        article = entry.article
        assert article is not None
        try:
            if entry.future is not None:
                try:
                    article = entry.future.result()
                except MarsadError:
                    raise
                except Exception:  # a worker died (memory?) or failed: compute here, as one process would
                    log.debug("worker failed on %s; computing in-process", article.origin, exc_info=True)
                    self._compute(article)
            result = self._store_retrying(article, summary.run_id, entry.computed)
        except Exception as exc:  # noqa: BLE001 - see _failure
            return self._fail(summary, article.origin, *_failure(article.origin, exc))
        return self._count(result, summary)

    def _run_hook(self, name: str) -> None:
        """Per-run work of a stage outside the articles' transactions (monitoring delivers
        webhooks after commit); a failing hook is logged, never fails the run."""
        for stage in self.stages:
            hook = getattr(stage, name, None)
            if hook is not None:
                try:
                    hook(self.store)
                except Exception:  # noqa: BLE001
                    log.warning("%s of stage %s failed", name, stage.name, exc_info=True)

    def _one(self, item: RawItem | Failure, summary: RunSummary) -> str:
        if isinstance(item, Failure):
            if item.skipped:
                summary.skipped.append((item.origin, item.code, item.reason))
                return "skipped"
            return self._fail(summary, item.origin, item.code, item.reason)
        try:
            result = self.save(self._build(item, summary), summary.run_id)
        except Exception as exc:  # noqa: BLE001 - see _failure
            return self._fail(summary, item.origin, *_failure(item.origin, exc))
        return self._count(result, summary)

    @staticmethod
    def _build(item: RawItem, summary: RunSummary) -> Article:
        """``build_article``, with the run's warnings for an input that was truncated or cut."""
        if item.meta.get("truncated"):
            summary.warnings.append((item.origin, "input larger than the size cap; truncated"))
        article = build_article(item)
        for key, what in (("html_cut", "HTML page"), ("text_cut", "article text")):
            if article.meta.get(key):
                summary.warnings.append((item.origin, f"{what} of {article.meta[key]:,} characters cut to "
                                         f"{_CUTS[key]:,} (the limit for one input)"))
        return article

    @staticmethod
    def _count(result: SaveResult, summary: RunSummary) -> str:
        if result.status == "ingested":
            summary.ingested += 1
        elif result.status == "duplicate":
            summary.duplicates += 1
        else:
            summary.unchanged += 1
        return result.status

    def save(self, article: Article, run_id: int | None = None) -> SaveResult:
        """Enrich one article, then store it and what the stages derived in one transaction.

        The in-memory stages run before the transaction, so the database is not locked
        while models work, and only for articles that are new; the corpus stages (stories,
        entity linking) place the article inside the transaction, which holds the corpus
        lock on PostgreSQL (store.db.lock_corpus) so concurrent writers take turns there.
        A unique-key race lost to another writer is retried once: the article then reads
        as "unchanged" (or a duplicate) instead of failing.
        """
        self.setup()
        with self.store.connect() as conn:
            verdict = classify(conn, article)
        computed = verdict.kind == "new"
        if computed:
            self._compute(article)
        return self._store_retrying(article, run_id, computed)

    def _store_retrying(self, article: Article, run_id: int | None, computed: bool) -> SaveResult:
        """``_store``, once more after a unique-key race lost to another writer."""
        try:
            return self._store(article, run_id, computed)
        except IntegrityError:
            log.debug("unique-key race on %s; retrying", article.origin, exc_info=True)
            return self._store(article, run_id, computed)

    def _store(self, article: Article, run_id: int | None, computed: bool) -> SaveResult:
        """The article's transaction; on failure the corpus stages drop their in-memory
        state (it may hold what was rolled back) and reload it on next use."""
        try:
            with self.store.begin() as conn:
                lock_corpus(conn)
                result = save_article(conn, article, run_id)
                if result.status == "ingested":
                    if not computed:  # another writer removed what looked like its original: rare
                        self._compute(article)
                    for stage in self.stages:
                        stage.persist(conn, article)
                    crash_point("article")  # tests/test_killed_run.py: everything written, nothing committed
        except BaseException:
            self._forget()
            raise
        return result

    def _forget(self) -> None:
        for stage in self.stages:
            forget = getattr(stage, "forget", None)
            if forget is not None:
                forget()

    def _compute(self, article: Article) -> None:
        for stage in self.stages:
            stage(article)

    def _fail(self, summary: RunSummary, origin: str, code: str, reason: str) -> str:
        summary.failures.append((origin, code, reason))
        with self.store.begin() as conn:
            record_failure(conn, summary.run_id or 0, origin, code, reason)
        return "failed"


@dataclass
class _Pending:
    """An input between its preparation and its turn to be stored."""

    item: RawItem | Failure
    article: Article | None = None
    computed: bool = False  # new when classified: its stages' in-memory work is (being) done
    future: Future | None = None


def _failure(origin: str, exc: Exception) -> tuple[str, str]:
    """(code, reason) of a failed input: a MarsadError's own, else E100 (a bug or a library failure
    on odd input: reported, and the run goes on)."""
    if isinstance(exc, MarsadError):
        return exc.code, exc.message
    log.debug("unexpected failure on %s", origin, exc_info=True)
    return "E100", f"{type(exc).__name__}: {exc}".splitlines()[0][:300]


def _hashes(pending: Iterable[_Pending]) -> set[str]:
    """Content hashes of the articles waiting: a repeat among them is a duplicate, not worth computing."""
    return {p.article.content_hash for p in pending if p.article is not None and p.computed}


def build_pipeline_stages() -> list[Stage]:
    """The enrichment stages in order. Every stage computes in memory first (``__call__``),
    then all persist in this order inside the article's transaction: the story is chosen
    (using the NER mentions as evidence) before entities are linked within it, and events
    are coded once the mentions carry entity ids; watchlists are matched last, when the
    article has its story, linked mentions and events, so its alerts commit with it."""
    from marsad.embed import get_backend
    from marsad.entities.stage import LinkStage, NerStage
    from marsad.events.stage import EventStage
    from marsad.monitor.stage import MonitorStage
    from marsad.search.keyword import KeywordIndexStage
    from marsad.stories.stage import EmbedStage, StoryStage

    backend = get_backend()
    return [EmbedStage(backend), NerStage(), StoryStage(backend), LinkStage(), EventStage(), KeywordIndexStage(),
            MonitorStage(backend.name)]


def build_pipeline(store: Store) -> Pipeline:
    """The default pipeline over ``store``: every enrichment stage in its order."""
    return Pipeline(store=store, stages=build_pipeline_stages())


__all__ = ["Pipeline", "Stage", "build_pipeline", "IngestError"]
