"""`marsad timeline` and `marsad events`: coded events by event date."""

from __future__ import annotations

import sys
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from marsad.cli.common import console, emit_json, short, state
from marsad.errors import MarsadError


def _print_timeline(entries: list[Any], fmt: str, title: str) -> None:
    from marsad.events import timeline_to_csv, timeline_to_json

    if fmt == "json":
        emit_json(timeline_to_json(entries))
        return
    if fmt == "csv":
        sys.stdout.write(timeline_to_csv(entries))
        return
    table = Table("date", "event", "actor", "recipient", "where", "sources", "reported as", title=title)
    for e in entries:
        kind = e.type + (" (not)" if e.negated else "") + (" (if)" if e.hypothetical else "")
        said = " | ".join(short(r.text, 60) for r in e.reports[:2])
        table.add_row(e.date or "?", kind, escape(e.actor or ""), escape(e.recipient or ""), escape(e.location or ""),
                      f"{len(e.sources)} ({', '.join(e.languages)})", escape(said))
    console.print(table)

_FORMATS = ("table", "json", "csv")

def timeline(
    story_id: Annotated[int, typer.Argument(help="Story id (see `marsad stories`).")],
    fmt: Annotated[str, typer.Option("--format", help="table, json (PLOVER-style) or csv.")] = "table",
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """A story's events by event date, merged across articles and languages."""
    from marsad.events.stage import story_timeline
    from marsad.store.stories import get_story

    fmt = "json" if as_json else fmt
    if fmt not in _FORMATS:
        raise MarsadError("E901", what="format", value=fmt, choices=", ".join(_FORMATS))
    with state.store().connect() as conn:
        story = get_story(conn, story_id)
        entries = story_timeline(conn, story_id)
    _print_timeline(entries, fmt, f"story {story_id}: {short(story['title'], 60)}")

def events_cmd(
    event_type: Annotated[list[str], typer.Option("--type", help="PLOVER type(s), e.g. CONSULT.")] = [],  # noqa: B006
    entity: Annotated[Optional[str], typer.Option(help="Entity id or name (any script) as actor, recipient or place.")] = None,
    story: Annotated[Optional[int], typer.Option(help="Only this story.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Event date on or after (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Event date on or before (YYYY-MM-DD).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json (PLOVER-style) or csv.")] = "table",
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=1000000)] = 10000,
) -> None:
    """Coded events, merged per story across articles and languages, by event date."""
    from marsad.events import filter_events, merge_events
    from marsad.events.cues import PLOVER_TYPES
    from marsad.events.stage import sourced_rows
    from marsad.store.entities import find_entity
    from marsad.store.events import list_events

    fmt = "json" if as_json else fmt
    if fmt not in _FORMATS:
        raise MarsadError("E901", what="format", value=fmt, choices=", ".join(_FORMATS))
    types = {t.upper() for t in event_type}
    unknown = sorted(types - set(PLOVER_TYPES))
    if unknown:
        raise MarsadError("E901", what="PLOVER event type", value=unknown[0], choices=", ".join(PLOVER_TYPES))
    for value in (since, until):
        if value:
            _iso_day(value)
    with state.store().connect() as conn:
        entity_id = find_entity(conn, entity) if entity else None
        rows = list_events(conn, story=story, limit=limit)
        all_items = sourced_rows(conn, rows)
    items = filter_events(all_items, types=types or None, entity=entity_id,
                          since=since, until=until)
    by_story: dict[Any, list[Any]] = {}
    story_of = {r["article_id"]: r["story_id"] for r in rows}
    for item in items:
        by_story.setdefault(story_of.get(item.article_id), []).append(item)
    entries = [e for key in sorted(by_story, key=lambda k: (k is None, k or 0)) for e in merge_events(by_story[key])]
    _print_timeline(entries, fmt, f"{len(entries)} events")

def _iso_day(value: str) -> None:
    from datetime import date as _date

    try:
        _date.fromisoformat(value)
    except ValueError:
        raise MarsadError("E900", path=value, detail="not a date; use YYYY-MM-DD") from None
