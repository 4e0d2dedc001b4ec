"""`marsad batch`: the ingest pipeline over a large input, with Ray Data or in one process.

Flow (same per-article work and the same store writes as `marsad ingest`):

1. read: ``iter_inputs`` (files, folders, globs, JSONL, Parquet) -> RawItems / Failures;
2. enrich, in parallel: ``build_article`` + every stage's in-memory ``__call__`` (embed,
   NER) in ``Dataset.map_batches(Enricher, concurrency=workers)``: an actor pool whose
   workers load the models once (engine "ray"), or in this process (engine "local");
   results come back in input order;
3. write, in the driver: each article through ``Pipeline.save`` (duplicate check, one
   transaction with every stage's ``persist``: online story placement, entity linking,
   events, keyword index), and/or a Parquet file with nested columns;
4. cluster: the order-independent merge/split pass over the stored corpus
   (``recluster_store``, as `marsad ingest` ends with), or, with ``window_days``, its
   time-partitioned variant (``partition.recluster_partitioned``).

Without a database, the corpus stages run in a temporary SQLite file, so the Parquet
rows carry the same entity ids, events and stories the database would hold.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from marsad.distributed.enrich import Enricher, Outcome, compute_stages, enrich_item
from marsad.distributed.inputs import iter_inputs
from marsad.distributed.writer import ParquetSink, StoreWriter, story_of
from marsad.errors import MarsadError
from marsad.ingest.options import SourceOptions
from marsad.model import Failure, RawItem
from marsad.store import open_store

ENGINES = ("ray", "local")
log = logging.getLogger(__name__)


@dataclass
class BatchSummary:
    """What a batch did: the run's counts, the clustering pass, the Parquet rows, timings."""

    engine: str
    workers: int
    run: dict[str, Any] = field(default_factory=dict)
    parquet_rows: int | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)  # driver persist; enrich too when local

    @property
    def articles_per_s(self) -> float:
        total = sum(self.seconds.values())
        done = sum(int(self.run.get(k, 0)) for k in ("ingested", "duplicates", "unchanged", "failed"))
        return done / total if total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"engine": self.engine, "workers": self.workers, **self.run, "parquet_rows": self.parquet_rows,
                "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
                "articles_per_s": round(self.articles_per_s, 3),
                "stage_seconds": {k: round(v, 3) for k, v in sorted(self.stage_seconds.items())}}


def run_batch(inputs: Sequence[str], store_url: str | None = None, out_parquet: str | Path | None = None, *,
              engine: str = "ray", address: str | None = None, workers: int = 2, batch_size: int = 16,
              options: SourceOptions | None = None, recluster: bool = True, window_days: float | None = None,
              threads: int | None = None) -> BatchSummary:
    """Run the pipeline over ``inputs`` into the database ``store_url`` and/or ``out_parquet``.

    ``engine`` "ray" runs the per-article work on ``workers`` Ray actors (a local Ray when
    ``address`` is None, else the cluster at ``address``); "local" runs it here.
    ``batch_size`` is the number of articles per ``map_batches`` call; ``window_days``
    partitions the closing clustering pass by time window; ``threads`` sets the embedding
    threads per worker. Raises MarsadError for an unknown engine (E901), when neither a
    database nor a Parquet path is given (E900), or when Ray cannot start (E902, E903).
    """
    if engine not in ENGINES:
        raise MarsadError("E901", what="engine", value=engine, choices=", ".join(ENGINES))
    if store_url is None and out_parquet is None:
        raise MarsadError("E900", path="marsad batch", detail="nowhere to write: give a database (--db) or a Parquet file (--out)")
    if workers < 1 or batch_size < 1:
        raise MarsadError("E901", what="worker or batch count", value=min(workers, batch_size), choices="1 or more")
    with tempfile.TemporaryDirectory(prefix="marsad-batch-") as tmp:
        url = store_url or str(Path(tmp) / "batch.db")
        return _run(inputs, url, Path(out_parquet) if out_parquet else None, engine, address, workers, batch_size,
                    options or SourceOptions(), recluster, window_days, threads)


def _run(inputs: Sequence[str], url: str, out: Path | None, engine: str, address: str | None, workers: int,
         batch_size: int, options: SourceOptions, recluster: bool, window_days: float | None,
         threads: int | None) -> BatchSummary:
    from marsad.pipeline import build_pipeline_stages

    summary = BatchSummary(engine=engine, workers=workers if engine == "ray" else 1)
    store = open_store(url)
    writer = StoreWriter(store, build_pipeline_stages(), inputs)
    sink = ParquetSink(out) if out else None
    start = time.perf_counter()
    status = "failed"
    try:
        outcomes = enrich_all(iter_inputs(inputs, options), engine, address, workers, batch_size, threads,
                              summary.stage_seconds)
        for outcome in outcomes:
            result = writer.write(outcome)
            if sink is not None and not isinstance(outcome, Failure) and result != "failed":
                sink.add(outcome, result)
        status = None
    finally:
        run = writer.finish(status)
    summary.seconds["pipeline"] = time.perf_counter() - start
    summary.stage_seconds.update(writer.timings)
    summary.run = run.as_dict()
    start = time.perf_counter()
    if recluster and run.ingested:
        summary.run["reclustered"] = cluster_store(store, window_days, engine == "ray")
    summary.seconds["cluster"] = time.perf_counter() - start
    if sink is not None:
        with store.connect() as conn:
            summary.parquet_rows = sink.close(story_of(conn))
    store.close()
    return summary


def cluster_store(store: Any, window_days: float | None, use_ray: bool) -> dict[str, Any]:
    """The closing clustering pass: global (``recluster_store``) or partitioned by time window."""
    from marsad.stories.stage import recluster_store

    with store.begin() as conn:
        if window_days is None:
            return recluster_store(conn)
        from marsad.distributed.partition import recluster_partitioned

        return recluster_partitioned(conn, window_days, use_ray=use_ray and _ray_running())


def enrich_all(items: Iterable[RawItem | Failure], engine: str, address: str | None, workers: int, batch_size: int,
               threads: int | None = None, timings: dict[str, float] | None = None) -> Iterator[Outcome]:
    """Enriched Articles (or Failures), in input order; ``timings`` gets the local engine's step times."""
    if engine == "local":
        stages = compute_stages(threads)
        for item in items:
            yield enrich_item(item, stages, timings)
        return
    yield from enrich_ray(items, address, workers, batch_size, threads)


CHUNK_ITEMS = 20_000  # inputs held by the driver at once (Ray path); models reload once per chunk


def enrich_ray(items: Iterable[RawItem | Failure], address: str | None, workers: int, batch_size: int,
               threads: int | None = None, chunk_items: int | None = None) -> Iterator[Outcome]:
    """``map_batches`` over an actor pool of ``workers`` Enrichers; order preserved.

    The input is read ``chunk_items`` (default ``CHUNK_ITEMS``) at a time, one Ray dataset per chunk, so the driver
    never holds a whole archive; each chunk starts its actor pool afresh (the models load
    again: seconds per chunk of thousands of articles).
    """
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise MarsadError("E903") from exc

    start_ray(address, workers)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    source, chunk_items = iter(items), chunk_items or CHUNK_ITEMS
    while rows := [{"seq": i, "item": pickle.dumps(item)} for i, item in enumerate(islice(source, chunk_items))]:
        dataset = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows) // batch_size, 4 * workers * 8)))
        enriched = dataset.map_batches(Enricher, fn_constructor_kwargs={"threads": threads}, batch_size=batch_size,
                                       concurrency=workers, num_cpus=1, batch_format="numpy")
        for row in enriched.iter_rows():
            yield pickle.loads(row["result"])
        if len(rows) < chunk_items:
            return


def start_ray(address: str | None, workers: int) -> None:
    """Connect to ``address``, or start Ray on this machine with ``workers`` CPUs (offline, quiet)."""
    import ray

    if ray.is_initialized():
        return
    logging.getLogger("ray").setLevel(logging.WARNING)
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.WARNING}
    if address is None:
        kwargs["num_cpus"] = workers
    try:
        ray.init(address=address, **kwargs)
    except Exception as exc:  # unreachable cluster, bad address
        raise MarsadError("E902", what=address or "local Ray", detail=str(exc).splitlines()[0][:200]) from exc


def _ray_running() -> bool:
    try:
        import ray
    except ImportError:
        return False
    return ray.is_initialized()


def stop_ray() -> None:
    """Shut Ray down (tests, benchmarks)."""
    if _ray_running():
        import ray

        ray.shutdown()
