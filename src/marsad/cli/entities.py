"""`marsad entities` and `marsad entity` (show, merge, split, decisions)."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import click
import typer
from typer.core import TyperGroup
from rich.markup import escape
from rich.table import Table

from marsad.cli.common import console, emit_json, short, state
from marsad.errors import MarsadError

LABELS = ("PER", "ORG", "LOC", "MISC")  # the entity types the API's ``label`` filter accepts


def entities_cmd(
    label: Annotated[Optional[str], typer.Option(help="PER, ORG, LOC or MISC.")] = None,
    story: Annotated[Optional[int], typer.Option(help="Only entities of this story.")] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="Name fragment, any script.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100000)] = 30,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Top entities by mentions, one per real-world referent across scripts."""
    from marsad.store.entities import list_entities

    if label is not None and label.upper() not in LABELS:
        raise MarsadError("E901", what="entity type", value=label, choices=", ".join(LABELS))
    with state.store().connect() as conn:
        rows = list_entities(conn, label=label, story=story, query=name, limit=limit, offset=offset)
    if as_json:
        emit_json(rows)
        return
    table = Table("id", "type", "mentions", "names", "aliases", title=f"{len(rows)} entities")
    for r in rows:
        names = " / ".join(r["names"].values())
        aliases = ", ".join(a for a in r["aliases"] if a not in r["names"].values())
        table.add_row(str(r["id"]), r["label"], str(r["mentions"]), escape(names), escape(short(aliases, 50)))
    console.print(table)

class _EntityGroup(TyperGroup):
    """`marsad entity NAME` is `marsad entity show NAME`: a first word that is not a
    subcommand is the entity looked up."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


entity_app = typer.Typer(
    cls=_EntityGroup, no_args_is_help=True,
    help="One entity (`marsad entity NAME` = `marsad entity show NAME`), and an analyst's merges and splits, "
         "which every later ingest and `marsad reprocess` follow.",
)


@entity_app.command("show")
def entity_cmd(
    name: Annotated[str, typer.Argument(help="Entity id, or a name or alias in any script.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One entity: aliases in every script, stories, co-mentioned entities."""
    from marsad.store.entities import find_entity, get_entity

    with state.store().connect() as conn:
        entity = get_entity(conn, find_entity(conn, name))
    if as_json:
        emit_json(entity)
        return
    console.print(f"[bold]{escape(' / '.join(entity['names'].values()))}[/bold] [dim]{entity['label']} · "
                  f"{entity['key']} · {entity['mentions']} mentions · {entity['first_seen'] or '?'} … "
                  f"{entity['last_seen'] or '?'}[/dim]")
    console.print("aliases: " + escape(", ".join(f"{a} ({n})" for a, n in entity["aliases"].items())), highlight=False)
    for s in entity["stories"]:
        console.print(f"  story {s['id']}: {escape(short(s['title'], 70))} [dim]({s['mentions']} mentions)[/dim]")
    if entity["co_mentioned"]:
        console.print("co-mentioned: " + escape(", ".join(
            f"{' / '.join(c['names'].values())} ({c['articles']})" for c in entity["co_mentioned"])), highlight=False)


def _print_entity(e: dict[str, Any], verb: str) -> None:
    names = " / ".join(e["names"].values()) or e["key"]
    console.print(f"{verb} [bold]{escape(names)}[/bold] [dim]id {e['id']} · {e['label']} · {e['key']} · "
                  f"{e['mentions']} mentions[/dim]", highlight=False)
    console.print("  aliases: " + escape(", ".join(f"{a} ({n})" for a, n in e["aliases"].items())), highlight=False)


@entity_app.command("merge")
def merge_cmd(
    names: Annotated[list[str], typer.Argument(help="Two or more entity ids or names (any script, any alias).")],
    into: Annotated[Optional[str], typer.Option("--into", help="The entity kept (one of those named; default: the most mentioned).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Merge entities of different types (PER, ORG, LOC, MISC).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Merge entities that are one referent; later ingests and reprocessing follow.

    Their mentions, events, quotes and entity watches move to the entity kept, and every alias of theirs is
    linked to it from then on, in any article."""
    from marsad.entities.store import merge_entities

    with state.store().begin() as conn:
        result = merge_entities(conn, names, into=into, force=force)
    if as_json:
        emit_json(result)
        return
    _print_entity(result["entity"], f"merged {', '.join(map(str, result['merged']))} into")


@entity_app.command("split")
def split_cmd(
    name: Annotated[str, typer.Argument(help="Entity id, or a name or alias in any script.")],
    alias: Annotated[list[str], typer.Option("--alias", help="An alias to move to the new entity, as `marsad entity` "
                                             "lists it (repeat the option for more); its spelling variants go too.")] = [],  # noqa: B006
    label: Annotated[Optional[str], typer.Option("--label", help="Type of the new entity: PER, ORG, LOC or MISC (default: the entity's).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Split the mentions named by --alias off an entity; later ingests keep them apart.

    The aliases are those `marsad entity ID` lists; the names moved and the names left are both pinned, so
    reprocessing and new articles keep the two entities apart."""
    from marsad.entities.store import split_entity

    with state.store().begin() as conn:
        result = split_entity(conn, name, alias, label=label)
    if as_json:
        emit_json(result)
        return
    _print_entity(result["entity"], "new entity")
    _print_entity(result["from"], "left on")


@entity_app.command("decisions")
def decisions_cmd(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Every merge and split made by hand, oldest first (what the linker replays)."""
    from marsad.entities.store import list_decisions

    with state.store().connect() as conn:
        rows = list_decisions(conn)
    if as_json:
        emit_json(rows)
        return
    table = Table("#", "kind", "entity", "names pinned", "when", title=f"{len(rows)} decisions")
    for r in rows:
        pinned = "; ".join(f"{k}: {', '.join(v['aliases'])}" for k, v in r["pins"].items())
        table.add_row(str(r["id"]), r["kind"], escape(r["entity_key"]), escape(short(pinned, 70)), r["created_at"][:19])
    console.print(table)
