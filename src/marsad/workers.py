"""Worker processes for one ingest: they run the stages' in-memory work (embed, NER), the
calling process stays the one writer.

`Pipeline.run_items(..., workers=N)` (N >= 1) builds and checks each input in order in the calling
process, hands every new article to a pool of ``N`` worker processes for the model work,
and stores the results in input order, so the database ends exactly as a one-process run
leaves it (the in-memory stages are pure functions of the article). Off by default
(``--workers N`` or ``$MARSAD_WORKERS``). The pool starts only
once a run has had ``start_after`` new articles: a small ingest (a few files, the tests)
never pays for loading the models a second time. Workers limit their BLAS threads to one
each (threadpoolctl), so ``N`` workers use ``N`` cores, and exit when the writer dies.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from marsad.model import Article

log = logging.getLogger(__name__)

START_AFTER = 24  # new articles computed in-process before a pool is worth its start-up ($MARSAD_WORKERS_AFTER)
IN_FLIGHT = 6  # articles queued per worker ahead of the writer

_STAGES: list[Any] | None = None
_LIMIT: Any = None  # the worker's BLAS thread cap, held for its life


def default_workers() -> int:
    """``$MARSAD_WORKERS`` when set, else 0 (no pool: each worker holds its own copy of the models,
    ~450 MB, so more processes are a choice, not a default; docs/benchmarks.md has the trade-off)."""
    env = os.environ.get("MARSAD_WORKERS", "").strip()
    if not env:
        return 0
    if env == "auto":
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:  # pragma: no cover - not on Linux
            cores = os.cpu_count() or 1
        return max(1, min(cores - 1, 4))  # the ingest process itself is busy storing: one core is its
    try:
        return max(0, int(env))
    except ValueError:
        log.warning("MARSAD_WORKERS=%r is neither a number nor 'auto'; using none", env)
        return 0


def start_after() -> int:
    """New articles a run computes in-process before it starts its workers: ``$MARSAD_WORKERS_AFTER``
    or ``START_AFTER``."""
    try:
        return max(0, int(os.environ.get("MARSAD_WORKERS_AFTER", START_AFTER)))
    except ValueError:
        return START_AFTER


def limit_blas_threads(threads: int) -> Any:
    """Cap numpy's BLAS pool at ``threads`` for the life of the process (None without threadpoolctl)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a dependency of marsad
        return None
    return threadpool_limits(limits=threads, user_api="blas")


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:  # the writer was killed (kill -9): nothing will read our results
            os._exit(0)


def _init(parent: int, make_stages: Callable[[], list[Any]]) -> None:
    global _STAGES, _LIMIT
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _LIMIT = limit_blas_threads(1)
    stages = make_stages()
    for stage in stages:
        stage.setup()
    _STAGES = stages



def _ready() -> bool:
    return _STAGES is not None


def compute(article: Article) -> Article:
    """Every stage's in-memory ``__call__`` on ``article`` (in a worker)."""
    assert _STAGES is not None, "worker not initialised"
    for stage in _STAGES:
        article = stage(article) or article
    return article


class ComputePool:
    """``workers`` processes that compute articles with the stages ``make_stages()`` returns (a
    module-level function: it travels to the workers by name); ``ready`` once they have their models."""

    def __init__(self, workers: int, make_stages: Callable[[], list[Any]]) -> None:
        self.workers = workers
        context = multiprocessing.get_context("spawn")  # no fork of the writer's connections and threads
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init,
                                         initargs=(os.getpid(), make_stages))
        self._warm = [self._pool.submit(_ready) for _ in range(workers)]

    @property
    def ready(self) -> bool:
        """True once the workers have their models; until then the writer computes itself.
        ``$MARSAD_WORKERS_WAIT=1`` waits for them instead (tests and benchmarks: every later article
        then goes to a worker)."""
        if os.environ.get("MARSAD_WORKERS_WAIT") == "1":
            for f in self._warm:
                f.exception()
        return all(f.done() for f in self._warm)

    def submit(self, article: Article) -> Future:
        return self._pool.submit(compute, article)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
