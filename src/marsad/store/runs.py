"""Ingestion runs and their per-item errors: what happened, so a user can see it later."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import Connection, select

from marsad.store.tables import run_errors, runs


@dataclass
class RunSummary:
    """Counts of one ingest run; ``failures`` holds (origin, code, reason)."""

    run_id: int | None = None
    ingested: int = 0
    duplicates: int = 0
    unchanged: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # inputs rightly not articles (a PDF in a WARC)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    reclustered: dict[str, int] | None = None  # what the closing merge/split pass did
    in_workers: int = 0  # new articles whose model work ran in worker processes (marsad.workers)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def as_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "failures": [{"origin": o, "code": c, "reason": r} for o, c, r in self.failures],
            "skipped": len(self.skipped),
            "skips": [{"origin": o, "code": c, "reason": r} for o, c, r in self.skipped],
            "warnings": [{"origin": o, "warning": w} for o, w in self.warnings],
            "reclustered": self.reclustered,
            "in_workers": self.in_workers,
        }


def start_run(conn: Connection, command: str, inputs: list[str]) -> int:
    return conn.execute(
        runs.insert()
        .values(command=command, inputs=list(inputs), started_at=datetime.now(timezone.utc), status="running",
                ingested=0, duplicates=0, unchanged=0, failed=0)
        .returning(runs.c.id)
    ).scalar_one()


def record_failure(conn: Connection, run_id: int, origin: str, code: str, reason: str) -> None:
    conn.execute(run_errors.insert().values(run_id=run_id, origin=origin[:2000], code=code, reason=reason[:2000]))


def finish_run(conn: Connection, summary: RunSummary, status: str) -> None:
    conn.execute(
        runs.update()
        .where(runs.c.id == summary.run_id)
        .values(finished_at=datetime.now(timezone.utc), status=status, ingested=summary.ingested,
                duplicates=summary.duplicates, unchanged=summary.unchanged, failed=summary.failed)
    )
    if summary.ingested:
        refresh_statistics(conn)


def unclosed_runs(conn: Connection, current: int | None, command: str = "ingest") -> list[int]:
    """Earlier ``command`` runs whose closing passes never committed: killed (still
    ``running``) or interrupted. A run going on in another process also reads ``running``;
    closing its stories early is harmless, and it closes them again when it ends."""
    return list(conn.scalars(select(runs.c.id).where(
        runs.c.command == command, runs.c.status.in_(("running", "interrupted")), runs.c.id != (current or 0))
        .order_by(runs.c.id)))


def mark_resumed(conn: Connection, run_ids: list[int]) -> None:
    """Runs whose closing passes a later run did: status ``resumed`` (their ``finished_at``
    stays empty: they never finished themselves)."""
    if run_ids:
        conn.execute(runs.update().where(runs.c.id.in_(run_ids), runs.c.status.in_(("running", "interrupted")))
                     .values(status="resumed"))


def refresh_statistics(conn: Connection) -> None:
    """Let SQLite's planner know the tables as they now are (PostgreSQL's autovacuum does this).

    Without statistics SQLite takes any indexed equality as selective: "duplicate_of IS NULL",
    true of almost every article, made it scan the whole articles table to fetch 100 search
    results (30 ms at 10,000 articles, growing with the corpus). ``analysis_limit`` bounds
    the cost to a sample per index.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA analysis_limit=1000")
        conn.exec_driver_sql("ANALYZE")


def recent_runs(conn: Connection, limit: int = 10) -> list[dict[str, object]]:
    rows = conn.execute(select(runs).order_by(runs.c.id.desc()).limit(limit)).mappings()
    return [dict(r) for r in rows]
