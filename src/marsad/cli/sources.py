"""`marsad sources list|show|add|import|refresh`: the outlet registry and provenance."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from marsad.cli.common import console, emit_json, progress_bar, short, state
from marsad.errors import MarsadError

sources_app = typer.Typer(help="Outlets (who reports), and who copies, translates or cites whom.",
                          no_args_is_help=True)


@sources_app.command("list")
def list_cmd(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Registered outlets (bundled and yours) with how many stored articles resolve to each."""
    from marsad.sources.store import list_outlets

    with state.store().begin() as conn:
        rows = list_outlets(conn)
    if as_json:
        emit_json(rows)
        return
    table = Table("key", "name", "country", "type", "lang", "owner", "articles", "origin", title=f"{len(rows)} outlets")
    for r in rows:
        table.add_row(r["key"], escape(r["name"]), r["country"] or "", r["type"] or "", r["lang"] or "",
                      escape(short(r["owner"], 40)), str(r["articles"]), r["origin"])
    console.print(table)


@sources_app.command("show")
def show_cmd(key: Annotated[str, typer.Argument(help="Outlet key (see `marsad sources list`).")],
             as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """One outlet: its facts, what it covers, how often it is first and how often others reuse it."""
    from marsad.sources.store import outlet_page

    with state.store().begin() as conn:
        page = outlet_page(conn, key)
    if as_json:
        emit_json(page)
        return
    console.print(f"[bold]{escape(page['name'])}[/bold] ({page['key']}) · {page['country'] or '?'} · "
                  f"{page['type'] or '?'} · owner: {escape(page['owner'] or '?')}")
    console.print(f"[dim]facts from {escape(page['fact_source'] or 'the user')}[/dim]")
    console.print(f"{page['articles']} articles in {page['stories']} stories; first report in {page['first_reports']}; "
                  f"reused by others: {page['reused_by_others']}")
    for s in page["recent_stories"]:
        console.print(f"  story {s['id']}: {escape(short(s['title'], 80))} ({s['independent']} independent)")
    for c in page["contradicted"]:
        console.print(f"  [red]contradicted[/red] story {c['story_id']}: {escape(short(c['claim'], 70))} "
                      f"[dim]({escape('; '.join(c['differences']))})[/dim]")


@sources_app.command("add")
def add_cmd(
    key: Annotated[str, typer.Argument(help="Short stable id, e.g. enabbaladi.")],
    name: Annotated[str, typer.Option(help="Display name.")],
    domain: Annotated[list[str], typer.Option(help="Domain (repeatable), e.g. enabbaladi.net.")] = [],  # noqa: B006
    alias: Annotated[list[str], typer.Option(help="Another name, any script (repeatable).")] = [],  # noqa: B006
    country: Annotated[Optional[str], typer.Option(help="ISO 3166 two-letter code.")] = None,
    lang: Annotated[Optional[str], typer.Option(help="Main language code.")] = None,
    kind: Annotated[Optional[str], typer.Option("--type", help="agency, public, state, private or party.")] = None,
    owner: Annotated[Optional[str], typer.Option(help="Owner, when known.")] = None,
    fact_source: Annotated[Optional[str], typer.Option(help="Where these facts come from.")] = None,
) -> None:
    """Add or replace an outlet; stories' source counts are then recomputed."""
    from marsad.sources.registry import outlet_from_row

    outlet = outlet_from_row({"key": key, "name": name, "domains": "|".join(domain), "aliases": "|".join(alias),
                              "country": country, "lang": lang, "type": kind, "owner": owner,
                              "fact_source": fact_source}, "marsad sources add")
    _save([outlet])


@sources_app.command("import")
def import_cmd(path: Annotated[Path, typer.Argument(help="CSV with a header: key,name,domains,aliases,country,"
                                                          "lang,type,owner,fact_source (| between several).")]) -> None:
    """Add or replace outlets from a CSV file (the bundled table's columns)."""
    from marsad.sources.registry import read_csv

    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MarsadError("E900", path=str(path), detail=exc.strerror or str(exc)) from None
    _save(read_csv(text, str(path)))


def _save(outlets: list) -> None:  # type: ignore[type-arg]
    from marsad.sources.store import save_outlets

    with state.store().begin() as conn:
        n = save_outlets(conn, outlets)
    console.print(f"saved {n} outlet(s)")
    refresh_cmd(quiet=False)


@sources_app.command("refresh")
def refresh_cmd(quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False) -> None:
    """Recompute provenance and independent-source counts of the stories that changed."""
    from marsad.sources.store import refresh, stale_stories

    with state.store().begin() as conn:
        ids = stale_stories(conn)
        with progress_bar(len(ids), "sources", quiet) as advance:
            done = refresh(conn, ids, on_story=advance)
    console.print(f"provenance recomputed for {done} stories")


@sources_app.command("story")
def story_cmd(story_id: Annotated[int, typer.Argument(help="Story id.")],
              as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """A story's independent sources, first report per language, lag, and each article's provenance."""
    from marsad.sources.store import story_sources_view

    with state.store().begin() as conn:
        view = story_sources_view(conn, story_id)
    if as_json:
        emit_json(view)
        return
    console.print(f"[bold]story {story_id}[/bold]: {view['independent']} independent sources in {view['articles']} "
                  f"articles ({view['copies']} copies, {view['translations']} translations, {view['citing']} citing); "
                  f"lag {view['lag_hours'] if view['lag_hours'] is not None else '?'} h")
    for lang, f in view["first_by_lang"].items():
        console.print(f"  first in {lang}: {f['article_id']} ({escape(f['source'] or '?')}, {f['published'] or '?'})")
    table = Table("article", "lang", "outlet", "kind", "of", "evidence")
    for p in view["provenance"]:
        table.add_row(p["article_id"], p["lang"] or "?", escape(p["outlet"] or p["source"] or "?"), p["kind"],
                      p["of_article"] or p["of_outlet"] or "", escape(short(str(p["evidence"] or ""), 60)))
    console.print(table)
