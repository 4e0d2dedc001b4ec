"""The driver side of a batch: store enriched articles and/or write them to Parquet.

Storing goes through ``Pipeline.save`` (classify, then one transaction: save_article and
every stage's ``persist``), with the stages wrapped so their in-memory part is not run a
second time: the workers already ran it. Articles are saved one by one in input order,
so the corpus stages (online story placement, entity linking, event coding) see exactly
what `marsad ingest` would have shown them.
"""

from __future__ import annotations

from collections.abc import Sequence
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from marsad.distributed.enrich import tick
from marsad.errors import MarsadError
from marsad.model import Article, Failure
from marsad.pipeline import Pipeline
from marsad.store import Store
from marsad.store.runs import RunSummary, finish_run, record_failure, start_run
from marsad.store.tables import article_stories


@dataclass
class PersistOnly:
    """A stage whose ``__call__`` already ran elsewhere: only ``persist`` is left."""

    stage: Any
    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.name, self.requires, self.assigns = self.stage.name, self.stage.requires, self.stage.assigns

    def setup(self) -> None:
        return None

    def __call__(self, article: Article) -> Article:
        return article

    def persist(self, conn: Connection, article: Article) -> None:
        start = time.perf_counter()
        self.stage.persist(conn, article)
        tick(self.timings, f"persist:{self.name}", start)


class StoreWriter:
    """Saves enriched articles into ``store`` as one run of command ``command``."""

    def __init__(self, store: Store, stages: Sequence[Any], inputs: Sequence[str], command: str = "batch") -> None:
        self.store = store
        self.timings: dict[str, float] = {}  # persist time per stage, and the whole save
        self.pipeline = Pipeline(store=store, stages=[PersistOnly(s, self.timings) for s in stages])
        with store.begin() as conn:
            self.summary = RunSummary(run_id=start_run(conn, command, list(inputs)))

    def write(self, outcome: Article | Failure) -> str:
        """Store one outcome; returns "ingested", "duplicate", "unchanged" or "failed"."""
        if isinstance(outcome, Failure):
            if outcome.skipped:
                self.summary.skipped.append((outcome.origin, outcome.code, outcome.reason))
                return "skipped"
            return self.fail(outcome.origin, outcome.code, outcome.reason)
        if outcome.meta.pop("truncated", False):
            self.summary.warnings.append((outcome.origin, "input larger than the size cap; truncated"))
        start = time.perf_counter()
        try:
            result = self.pipeline.save(outcome, self.summary.run_id)
            tick(self.timings, "save (all)", start)
        except MarsadError as exc:
            return self.fail(outcome.origin, exc.code, exc.message)
        except Exception as exc:  # same policy as Pipeline: report and keep going
            return self.fail(outcome.origin, "E100", f"{type(exc).__name__}: {exc}".splitlines()[0][:300])
        counter = {"ingested": "ingested", "duplicate": "duplicates"}.get(result.status, "unchanged")
        setattr(self.summary, counter, getattr(self.summary, counter) + 1)
        return result.status

    def fail(self, origin: str, code: str, reason: str) -> str:
        self.summary.failures.append((origin, code, reason))
        with self.store.begin() as conn:
            record_failure(conn, self.summary.run_id or 0, origin, code, reason)
        return "failed"

    def finish(self, status: str | None = None) -> RunSummary:
        with self.store.begin() as conn:
            finish_run(conn, self.summary, status or ("ok" if not self.summary.failures else "failed"))
        return self.summary


def story_of(conn: Connection) -> dict[str, int]:
    """Article id -> story id, as stored now."""
    return dict(conn.execute(select(article_stories.c.article_id, article_stories.c.story_id)).all())


def article_record(article: Article, status: str) -> dict[str, Any]:
    """One Parquet row: the article's fields, its vector and nested sentences, mentions, events."""
    fields = ("start", "end", "type", "actor", "actor_entity", "recipient", "recipient_entity", "location",
              "location_entity", "date", "negated", "hypothetical", "score")
    published = article.published.isoformat() if article.published else None
    return {
        "id": article.id, "status": status, "origin": article.origin, "source": article.source, "url": article.url,
        "title": article.title, "lang": article.lang, "published": published, "text": article.text,
        "content_hash": article.content_hash, "duplicate_of": article.duplicate_of,
        "vector": None if article.vector is None else [float(x) for x in article.vector],
        "sentences": [{"index": s.index, "start": s.start, "end": s.end, "lang": s.lang} for s in article.sentences],
        "mentions": [{"start": m.start, "end": m.end, "text": m.text, "label": m.label, "sentence": m.sentence,
                      "entity_id": m.entity_id} for m in article.mentions],
        "entity_keys": list(article.meta.get("entity_keys", [])),
        "events": [{f: _plain(getattr(e, f, None)) for f in fields} for e in article.events],
    }


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def parquet_schema() -> Any:
    """The explicit Arrow schema of ``article_record`` rows (nested lists of structs)."""
    import pyarrow as pa

    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    event = pa.struct([("start", i), ("end", i), ("type", s), ("actor", s), ("actor_entity", i), ("recipient", s),
                       ("recipient_entity", i), ("location", s), ("location_entity", i), ("date", s),
                       ("negated", b), ("hypothetical", b), ("score", f)])
    return pa.schema([
        ("id", s), ("status", s), ("origin", s), ("source", s), ("url", s), ("title", s), ("lang", s),
        ("published", s), ("text", s), ("content_hash", s), ("duplicate_of", s), ("vector", pa.list_(pa.float32())),
        ("sentences", pa.list_(pa.struct([("index", i), ("start", i), ("end", i), ("lang", s)]))),
        ("mentions", pa.list_(pa.struct([("start", i), ("end", i), ("text", s), ("label", s), ("sentence", i),
                                         ("entity_id", i)]))),
        ("entity_keys", pa.list_(s)), ("events", pa.list_(event)),
    ])


class ParquetSink:
    """Streams article rows to ``<out>.partial`` in row groups; ``close`` adds the final story ids."""

    def __init__(self, out: Path, rows_per_group: int = 256) -> None:
        self.out, self.partial = out, out.with_name(out.name + ".partial")
        self.rows: list[dict[str, Any]] = []
        self.rows_per_group = rows_per_group
        self.writer: Any = None

    def add(self, article: Article, status: str) -> None:
        self.rows.append(article_record(article, status))
        if len(self.rows) >= self.rows_per_group:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.rows:
            return
        table = pa.Table.from_pylist(self.rows, schema=parquet_schema())
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.partial, table.schema)
        self.writer.write_table(table)
        self.rows = []

    def close(self, stories: dict[str, int]) -> int:
        """Write ``out`` with a ``story`` column (after clustering); returns the row count."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._flush()
        if self.writer is None:
            return 0
        self.writer.close()
        count, writer = 0, None
        for batch in pq.ParquetFile(self.partial).iter_batches(batch_size=self.rows_per_group):
            ids = batch.column("id").to_pylist()
            batch = batch.append_column("story", pa.array([stories.get(i) for i in ids], type=pa.int64()))
            writer = writer or pq.ParquetWriter(self.out, batch.schema)
            writer.write_batch(batch)
            count += batch.num_rows
        writer.close()
        self.partial.unlink()
        return count
