"""`marsad watch ...` (watchlists, their alerts, Atom feeds, webhook delivery), `marsad trend`
and `marsad rising`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from marsad.cli.common import console, emit_json, err, short, state
from marsad.errors import MarsadError

watch_app = typer.Typer(help="Watchlists: follow an entity, a query, a story, an event type or a source; "
                             "read the alerts, their Atom feed, deliver webhooks.", no_args_is_help=True)

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Since = Annotated[Optional[str], typer.Option("--since", help="From this day (YYYY-MM-DD).")]
Until = Annotated[Optional[str], typer.Option("--until", help="Up to this day (YYYY-MM-DD), inclusive.")]


def parse_day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise MarsadError("E901", what=f"date for {option}", value=value, choices="a day as YYYY-MM-DD") from None


@watch_app.command("add")
def add(
    target: Annotated[str, typer.Argument(help="KIND:VALUE: entity:الشيباني, query:Russian bases, story:12, "
                                               "event:ASSAULT@Russia, source:Al-Majalla, coverage:24h (a story in one "
                                               "language only for 24 h); no prefix: a query.")],
    kind: Annotated[Optional[str], typer.Option(help="Kind, instead of a KIND: prefix.")] = None,
    label: Annotated[Optional[str], typer.Option(help="A name for the watchlist.")] = None,
    webhook: Annotated[Optional[str], typer.Option(help="POST each alert as JSON to this URL.")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let the webhook be a private or loopback address.")] = False,
    semantic: Annotated[bool, typer.Option("--semantic/--no-semantic", help="Queries: also match by meaning, in any language.")] = True,
    min_similarity: Annotated[Optional[float], typer.Option(help="Queries: the sentence similarity a semantic match needs.")] = None,
    as_json: AsJson = False,
) -> None:
    """Add a watchlist; articles ingested from now on are matched against it."""
    from marsad.monitor.store import add_watch
    from marsad.monitor.targets import split_target

    backend = None
    if semantic and split_target(target, kind)[0] == "query":
        from marsad.embed import get_backend

        backend = get_backend()
    with state.store().begin() as conn:
        watch = add_watch(conn, target, kind=kind, label=label, webhook=webhook, allow_private=allow_private,
                          backend=backend, min_similarity=min_similarity)
    if as_json:
        emit_json(watch)
        return
    console.print(f"watch {watch['id']}: {escape(watch['label'])}", highlight=False)


@watch_app.command("list")
def list_cmd(as_json: AsJson = False) -> None:
    """Watchlists with their alert and unread counts."""
    from marsad.monitor.store import list_watches

    with state.store().connect() as conn:
        rows = list_watches(conn)
    if as_json:
        emit_json(rows)
        return
    table = Table("id", "kind", "target", "alerts", "unread", "webhook", title=f"{len(rows)} watchlists")
    for r in rows:
        table.add_row(str(r["id"]), r["kind"], escape(short(r["target"], 50)), str(r["alerts"]), str(r["unread"]),
                      escape(short(r["webhook"] or "", 40)))
    console.print(table)


@watch_app.command("remove")
def remove(watch_id: Annotated[int, typer.Argument(help="Watchlist id (see `marsad watch list`).")]) -> None:
    """Remove a watchlist and its alerts."""
    from marsad.monitor.store import remove_watch

    with state.store().begin() as conn:
        remove_watch(conn, watch_id)
    console.print(f"removed watch {watch_id}")


@watch_app.command("show")
def show(
    watch_id: Annotated[int, typer.Argument(help="Watchlist id.")],
    since: Since = None,
    until: Until = None,
    unread: Annotated[bool, typer.Option("--unread", help="Only unread alerts.")] = False,
    mark_read: Annotated[bool, typer.Option("--mark-read", help="Mark the alerts shown as read.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=100000)] = 100,
    as_json: AsJson = False,
) -> None:
    """The alerts of a watchlist, newest first: article, story, why it matched, when."""
    from marsad.monitor.store import get_watch, list_alerts, mark_read as mark

    lo, hi = parse_day(since, "--since"), parse_day(until, "--until")
    with state.store().begin() as conn:
        watch = get_watch(conn, watch_id)
        rows = list_alerts(conn, watch_id, since=lo, until=hi, unread=unread, limit=limit)
        if mark_read:
            mark(conn, watch_id)
    if as_json:
        emit_json(rows)
        return
    console.print(f"[bold]watch {watch['id']}[/bold] {escape(watch['label'])}: {len(rows)} alerts", highlight=False)
    table = Table("id", "when", "lang", "story", "article", "mention", "sentence")
    for r in rows:
        table.add_row(str(r["id"]), (r["created_at"] or "")[:16], r["lang"] or "?", str(r["story_id"] or ""),
                      r["article_id"], escape(short(r["mention"] or "", 24)), escape(short(r["excerpt"], 70)))
    console.print(table)


@watch_app.command("feed")
def feed(
    watch_id: Annotated[int, typer.Argument(help="Watchlist id.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Write the Atom feed to this file ('-': stdout).")],
    base_url: Annotated[Optional[str], typer.Option(help="The server's URL, for links (e.g. http://localhost:8000).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 200,
) -> None:
    """The Atom feed of a watchlist's alerts."""
    from marsad.monitor.atom import feed_xml
    from marsad.monitor.store import get_watch, list_alerts

    with state.store().connect() as conn:
        xml = feed_xml(get_watch(conn, watch_id), list_alerts(conn, watch_id, limit=limit), base_url)
    if str(output) == "-":
        typer.echo(xml)
        return
    output.write_text(xml, encoding="utf-8")
    err.print(f"wrote {output}")


@watch_app.command("deliver")
def deliver(
    as_json: AsJson = False,
) -> None:
    """Send the webhooks that are due (new alerts, and retries whose back-off has passed)."""
    from marsad.monitor.stage import deliver_due

    report = deliver_due(state.store(), limit=1000)
    if as_json:
        emit_json(report.__dict__)
        return
    console.print(f"{report.delivered} delivered, {report.retried} to retry, {report.failed} given up")
    for line in report.errors:
        err.print(escape(line), highlight=False)


def trend_cmd(
    kind: Annotated[str, typer.Argument(help="story, entity or query.")],
    value: Annotated[str, typer.Argument(help="Story id, entity name or id (any script), or query words.")],
    since: Since = None,
    until: Until = None,
    as_json: AsJson = False,
) -> None:
    """Articles per day, split by language, for a story, an entity or a query."""
    from marsad.monitor import store as mstore
    from marsad.store.entities import find_entity

    lo, hi = parse_day(since, "--since"), parse_day(until, "--until")
    with state.store().connect() as conn:
        if kind == "story":
            if not value.isdigit():
                raise MarsadError("E302", id=value)
            series = mstore.story_trend(conn, int(value), lo, hi)
        elif kind == "entity":
            series = mstore.entity_trend(conn, find_entity(conn, value), lo, hi)
        elif kind == "query":
            series = mstore.query_trend(conn, value, lo, hi)
        else:
            raise MarsadError("E901", what="trend kind", value=kind, choices="story, entity, query")
    if as_json:
        emit_json(series.as_dict())
        return
    table = Table("day", *series.langs, "total", title=f"articles per day: {escape(kind)} {escape(value)}")
    for i, day in enumerate(series.days):
        table.add_row(day, *(str(series.counts[lang][i]) for lang in series.langs), str(series.totals[i]))
    console.print(table)


def rising_cmd(
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 10,
    as_json: AsJson = False,
) -> None:
    """Stories and entities whose volume jumped against their recent baseline (docs/monitoring.md)."""
    from marsad.monitor.store import rising_entities, rising_stories

    with state.store().connect() as conn:
        out = {"stories": rising_stories(conn, limit), "entities": rising_entities(conn, limit)}
    if as_json:
        emit_json(out)
        return
    for what, rows in out.items():
        table = Table("id", "name", "recent", "baseline", "score", title=f"rising {what}")
        for r in rows:
            name = r.get("title") or " / ".join((r.get("names") or {}).values())
            table.add_row(str(r["id"]), escape(short(name, 60)), str(r["recent"]), str(r["baseline"]), str(r["score"]))
        console.print(table)
