"""The `marsad` command line: a few lines around the library for each command.

Each command group lives in a small module of its own (ingest, reading, stories, entities,
events, compare, export, eval, watch, serve, batch); this module only assembles the Typer app, in
the order `marsad --help` lists the commands.

Expected failures (MarsadError) end with a one-line message and exit code 2; a run that
could not ingest some inputs prints them and exits 1.
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer
from rich.markup import escape

from marsad.cli import compare, entities, events, ingest, reading, serve, stories, watch
from marsad.cli.batch import batch_command
from marsad.cli.common import err, state
from marsad.cli.eval import eval_app
from marsad.cli.export import export_app
from marsad.cli.sources import sources_app
from marsad.errors import MarsadError

__all__ = ["app", "main", "state"]

app = typer.Typer(
    help="Marsad: a self-hosted multilingual news observatory.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _main(
    db: Annotated[Optional[str], typer.Option("--db", help="SQLite file or database URL (default: $MARSAD_DATABASE_URL or ./marsad.db).")] = None,
) -> None:
    state.db = db
    state._store = None


app.command()(ingest.ingest)
app.command()(reading.articles)
app.command()(reading.show)
app.command()(reading.stats)
app.command()(ingest.reprocess)
app.command("stories")(stories.stories_cmd)
app.command("story")(stories.story_cmd)
app.command()(stories.recluster)
app.command()(reading.reindex)
app.command()(reading.search)
app.command("entities")(entities.entities_cmd)
app.add_typer(entities.entity_app, name="entity")
app.add_typer(export_app, name="export")
app.add_typer(eval_app, name="eval")
app.command()(events.timeline)
app.command("events")(events.events_cmd)
app.command()(compare.compare)
app.add_typer(sources_app, name="sources")
app.add_typer(watch.watch_app, name="watch")
app.command("trend")(watch.trend_cmd)
app.command("rising")(watch.rising_cmd)
app.command()(serve.serve)
app.command("batch")(batch_command)  # Ray is an optional extra, imported when the command runs


def main() -> None:
    """Console entry point: expected errors become one line on stderr, exit code 2."""
    try:
        app()
    except MarsadError as exc:
        err.print(f"[red]error[/red] {escape(str(exc))}", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted; re-run the same command to finish the job")
        sys.exit(130)
