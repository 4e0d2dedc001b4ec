"""`marsad stories`, `marsad story` and `marsad recluster`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from marsad.cli.common import console, emit_json, short, state
from marsad.errors import MarsadError


def stories_cmd(
    sort: Annotated[str, typer.Option(help="recent, size or independent (independent sources).")] = "recent",
    lang: Annotated[Optional[str], typer.Option(help="Only stories with an article in this language.")] = None,
    min_size: Annotated[int, typer.Option(help="Only stories with at least this many articles.")] = 1,
    limit: Annotated[int, typer.Option(min=1, max=100000)] = 30,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    since: Annotated[Optional[str], typer.Option(help="Stories seen on or after this day (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Stories seen on or before this day (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List stories: articles about the same event, across languages and outlets."""
    from datetime import datetime, time

    from marsad.cli.watch import parse_day
    from marsad.store.stories import list_stories

    from marsad.store.stories import SORTS

    if sort not in SORTS:
        raise MarsadError("E901", what="sort order", value=sort, choices=", ".join(SORTS))
    lo, hi = parse_day(since, "--since"), parse_day(until, "--until")
    with state.store().connect() as conn:
        rows = list_stories(conn, lang=lang, sort=sort, min_size=min_size, limit=limit, offset=offset,
                            since=datetime.combine(lo, time.min) if lo else None,
                            until=datetime.combine(hi, time.max) if hi else None)
    if as_json:
        emit_json(rows)
        return
    table = Table("id", "size", "indep.", "languages", "sources", "last seen", "title", title=f"{len(rows)} stories")
    for r in rows:
        indep = "?" if r.get("independent") is None else str(r["independent"])
        table.add_row(str(r["id"]), str(r["size"]), indep, ",".join(r["languages"]), escape(short(", ".join(r["sources"]), 30)),
                      (r["last_seen"] or "")[:10], escape(short(r["title"], 70)))
    console.print(table)

def story_cmd(
    story_id: Annotated[int, typer.Argument(help="Story id (see `marsad stories`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One story: its articles by language and source."""
    from marsad.store.stories import get_story

    with state.store().connect() as conn:
        story = get_story(conn, story_id)
    if as_json:
        emit_json(story)
        return
    console.print(f"[bold]story {story['id']}[/bold]: {escape(story['title'])}")
    for lang, title in story["titles"].items():
        console.print(f"  [dim]{lang}[/dim] {escape(title)}", highlight=False)
    console.print(f"[dim]{story['size']} articles · {', '.join(story['languages'])} · "
                  f"{escape(', '.join(story['sources']))} · {story['first_seen'] or '?'} … {story['last_seen'] or '?'}[/dim]")
    table = Table("lang", "source", "published", "id", "title")
    for a in story["articles"]:
        table.add_row(a["lang"] or "?", escape(a["source"] or ""), (a["published"] or "")[:10], a["id"],
                      escape(short(a["title"], 80)))
    console.print(table)

def recluster(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
              refine: Annotated[bool, typer.Option("--refine", help="Refine the stored stories (split members "
                                                   "below the threshold, merge stories every member agrees with) "
                                                   "instead of rebuilding them from single articles.")] = False) -> None:
    """Merge/split pass over all stories, fixing early mistakes of the online clustering."""
    from marsad.stories.stage import recluster_store

    with state.store().begin() as conn:
        result = recluster_store(conn, start="online" if refine else "singletons")
    if as_json:
        emit_json(result)
    else:
        console.print(f"{result['articles']} articles in {result['stories']} stories: {result['merged']} merged, "
                      f"{result['split']} split, {result['moved']} articles moved")
