"""The per-article work of a batch, shared by the local and the Ray engines.

``enrich_item`` is what ``Pipeline._one`` + ``Pipeline._compute`` do before the
transaction: decode, extract, clean, detect language, split sentences (``build_article``),
then every stage's in-memory ``__call__`` (embed, NER; the corpus stages are no-ops
there). It does no I/O. ``Enricher`` is the Ray Data actor class: the models load once
per worker (in ``__init__``), then each batch of pickled items comes back as pickled
Articles or Failures.
"""

from __future__ import annotations

import logging
import pickle
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from marsad.errors import MarsadError
from marsad.ingest.build import build_article
from marsad.model import Article, Failure, RawItem

log = logging.getLogger(__name__)
Outcome = Article | Failure


def enrich_item(item: RawItem | Failure, stages: Sequence[Any], timings: dict[str, float] | None = None) -> Outcome:
    """One input through build_article and the stages' ``__call__``; failures become Failure.

    ``timings`` (stage name -> seconds), when given, accumulates the time of each step.
    """
    if isinstance(item, Failure):
        return item
    clock = timings if timings is not None else {}
    try:
        start = time.perf_counter()
        article = build_article(item)
        if item.meta.get("truncated"):
            article.meta["truncated"] = True
        tick(clock, "build", start)
        for stage in stages:
            start = time.perf_counter()
            article = stage(article)
            tick(clock, stage.name, start)
        return article
    except MarsadError as exc:
        return Failure(origin=item.origin, reason=exc.message, code=exc.code)
    except Exception as exc:  # a bug or a library failure on odd input: report, keep going
        log.debug("unexpected failure on %s", item.origin, exc_info=True)
        return Failure(origin=item.origin, reason=f"{type(exc).__name__}: {exc}".splitlines()[0][:300], code="E100")


def tick(timings: dict[str, float], name: str, start: float) -> None:
    """Add the time since ``start`` to ``timings[name]``."""
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def compute_stages(threads: int | None = None) -> list[Any]:
    """The pipeline's stages with their models loaded (``setup()``), for in-memory work.

    ``threads`` sets the embedding backend's thread count when it has one (one Ray
    worker per core wants 1).
    """
    from marsad.pipeline import build_pipeline_stages

    stages = build_pipeline_stages()
    for stage in stages:
        backend = getattr(stage, "backend", None)
        if threads is not None and backend is not None and hasattr(backend, "threads"):
            backend.threads = threads
        stage.setup()
    return stages


class Enricher:
    """Ray Data actor: ``map_batches(Enricher, concurrency=N)`` loads the models once per worker."""

    def __init__(self, threads: int | None = None) -> None:
        self.stages = compute_stages(threads)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, Any]:
        items = [pickle.loads(blob) for blob in batch["item"]]
        results = [pickle.dumps(enrich_item(item, self.stages)) for item in items]
        return {"seq": batch["seq"], "result": np.array(results, dtype=object)}
