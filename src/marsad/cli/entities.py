"""`marsad entities` and `marsad entity`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
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
