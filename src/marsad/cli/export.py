"""`marsad export KIND PATH`: articles, stories, entities, events, quotes, claims or alerts
to JSON Lines, JSON, CSV or Parquet (GraphML / GEXF for the entity graph); the format
follows PATH's extension and the filters are shared (docs/exports.md lists every column)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from marsad.cli.common import console, emit_json, err, progress_bar, state

export_app = typer.Typer(help="Export structured data: the format follows the file extension.", no_args_is_help=True)

Out = Annotated[Path, typer.Argument(help="Output file: .jsonl, .json, .csv or .parquet.")]
Story = Annotated[Optional[int], typer.Option(help="Only this story.")]
Since = Annotated[Optional[str], typer.Option(help="On or after this date (YYYY-MM-DD[THH:MM]).")]
Until = Annotated[Optional[str], typer.Option(help="On or before this date (a bare date covers the whole day).")]
Lang = Annotated[Optional[str], typer.Option(help="Only articles in this language (ISO 639-1).")]
Source = Annotated[Optional[str], typer.Option(help="Only articles from this source.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print what was written as JSON (no progress bar).")]


def run_export(kind: str, out: Path, quiet: bool, as_json: bool = False, *, since: str | None, until: str | None,
               **fields: object) -> None:
    """Check the format and the filters, then write the file with a progress bar."""
    from marsad.export import ExportFilter, columns, count_units, export, format_for, parse_bound

    fmt = format_for(out, kind)
    quiet = quiet or as_json
    flt = ExportFilter(since=parse_bound(since, "since"), until=parse_bound(until, "until"), **fields)  # type: ignore[arg-type]
    with state.store().connect() as conn:
        columns(conn, kind)  # alerts: E420 before anything else
        total = count_units(conn, kind, flt)
        label = f"export {kind}" + (" (stories compared)" if kind == "claims" else "")
        with progress_bar(total, label, quiet) as advance:
            counts = export(conn, kind, out, flt, tick=lambda: advance("ok", out.name))
    if as_json:
        emit_json({"path": str(out), "kind": kind, "format": fmt, "rows": counts.get(kind, 0),
                   **({"edges": counts["edges"]} if "edges" in counts else {})})
    else:
        console.print(f"wrote {out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if not counts.get(kind):
        err.print(f"[yellow]warning[/yellow] no {kind} matched the filters", highlight=False)


@export_app.command("articles")
def export_articles(out: Out, story: Story = None, since: Since = None, until: Until = None, lang: Lang = None,
                    source: Source = None,
                    duplicates: Annotated[bool, typer.Option(help="Include copies recorded as duplicates.")] = False,
                    quiet: Quiet = False, as_json: AsJson = False) -> None:
    """Articles with their clean text, metadata and story."""
    run_export("articles", out, quiet, as_json, story=story, since=since, until=until, lang=lang, source=source,
               duplicates=duplicates)


@export_app.command("stories")
def export_stories(out: Out, story: Story = None, since: Since = None, until: Until = None, lang: Lang = None,
                   source: Source = None, quiet: Quiet = False, as_json: AsJson = False) -> None:
    """Stories: headline per language, languages, sources, first and last date, size."""
    run_export("stories", out, quiet, as_json, story=story, since=since, until=until, lang=lang, source=source)


@export_app.command("entities")
def export_entities(
    out: Annotated[Path, typer.Argument(help="Output file: .graphml or .gexf (the co-mention graph), "
                                             ".jsonl, .json, .csv or .parquet (the table).")],
    story: Story = None, since: Since = None, until: Until = None, lang: Lang = None, source: Source = None,
    min_mentions: Annotated[int, typer.Option(help="Leave out entities with fewer mentions.")] = 1,
    quiet: Quiet = False, as_json: AsJson = False,
) -> None:
    """Entities and their co-mention graph as GraphML / GEXF, or the entity table."""
    run_export("entities", out, quiet, as_json, story=story, since=since, until=until, lang=lang, source=source,
               min_mentions=min_mentions)


@export_app.command("events")
def export_events(out: Out, story: Story = None, since: Since = None, until: Until = None, lang: Lang = None,
                  source: Source = None, quiet: Quiet = False, as_json: AsJson = False) -> None:
    """Coded events, one per source span; --since/--until apply to the event date."""
    run_export("events", out, quiet, as_json, story=story, since=since, until=until, lang=lang, source=source)


@export_app.command("quotes")
def export_quotes(out: Out, story: Story = None, since: Since = None, until: Until = None, lang: Lang = None,
                  source: Source = None, quiet: Quiet = False, as_json: AsJson = False) -> None:
    """Quotes: speaker, reporting verb, direct or reported, the words, their span."""
    run_export("quotes", out, quiet, as_json, story=story, since=since, until=until, lang=lang, source=source)


@export_app.command("claims")
def export_claims(out: Out, story: Story = None, since: Since = None, until: Until = None, lang: Lang = None,
                  source: Source = None, quiet: Quiet = False, as_json: AsJson = False) -> None:
    """Each article's claims, story by story: shared, unique or conflicting (computes each comparison)."""
    run_export("claims", out, quiet, as_json, story=story, since=since, until=until, lang=lang, source=source)


@export_app.command("alerts")
def export_alerts(out: Out, story: Story = None, since: Since = None, until: Until = None, lang: Lang = None,
                  source: Source = None, quiet: Quiet = False, as_json: AsJson = False) -> None:
    """Alerts raised by the monitoring stage (its alerts table, read as it is)."""
    run_export("alerts", out, quiet, as_json, story=story, since=since, until=until, lang=lang, source=source)
