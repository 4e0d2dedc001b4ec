"""`marsad batch`: the whole pipeline over a large input in parallel (Ray Data, in
marsad/distributed/, an optional extra imported only when the command runs).

Expected failures raise MarsadError, which ``marsad.cli.main`` prints as one line (exit 2);
a run with failed inputs lists them and exits 1, like `marsad ingest`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from marsad.cli.common import state


def batch_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive), globs, JSONL, WARC or Parquet files.")],
    engine: Annotated[str, typer.Option(help="ray (Ray Data actor pool) or local (this process).")] = "ray",
    address: Annotated[Optional[str], typer.Option(help="Ray cluster address (default: start Ray on this machine).")] = None,
    workers: Annotated[int, typer.Option(help="Ray workers (actors), each loading the models once.")] = 2,
    batch_size: Annotated[int, typer.Option(help="Articles per map_batches call.")] = 16,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write the enriched articles to this Parquet file.")] = None,
    db: Annotated[Optional[str], typer.Option("--db", help="Database to write to (default: the global --db, "
                                              "$MARSAD_DATABASE_URL or ./marsad.db; with --out only, a temporary one).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="auto, txt, html, json, jsonl, ntrex or warc.")] = "auto",
    text_field: Annotated[Optional[str], typer.Option(help="JSON/Parquet field holding the article text.")] = None,
    title_field: Annotated[Optional[str], typer.Option(help="JSON/Parquet field holding the title.")] = None,
    date_field: Annotated[Optional[str], typer.Option(help="JSON/Parquet field holding the publication date.")] = None,
    window_days: Annotated[Optional[float], typer.Option(help="Cluster by time windows of this many days, "
                                                          "then merge across windows (default: one global pass).")] = None,
    recluster: Annotated[bool, typer.Option(help="End with the story clustering pass.")] = True,
) -> None:
    """Run the whole pipeline over a large input in parallel (Ray Data), into the database and/or Parquet."""
    from marsad.distributed.batch import run_batch
    from marsad.ingest.options import SourceOptions

    fields = {k: v for k, v in dict(text_field=text_field, title_field=title_field, date_field=date_field).items() if v}
    store_url = db or _global_db(out is None)
    summary = run_batch(inputs, store_url, out, engine=engine, address=address, workers=workers, batch_size=batch_size,
                        options=SourceOptions(format=fmt, **fields), recluster=recluster, window_days=window_days)
    sys.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2, default=str) + "\n")
    raise typer.Exit(1 if summary.run.get("failed") else 0)


def _global_db(needed: bool) -> str | None:
    """The database named by ``marsad --db``, else the default one when a database is needed."""
    from marsad.store.db import database_url

    if state.db:
        return state.db
    return database_url(None) if needed else None
