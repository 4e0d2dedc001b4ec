"""`marsad export …`: structured data out of the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from marsad.cli.common import console, state

export_app = typer.Typer(help="Export structured data.", no_args_is_help=True)

@export_app.command("entities")
def export_entities(
    out: Annotated[Path, typer.Argument(help="Output file: .graphml, .csv or .jsonl.")],
    min_mentions: Annotated[int, typer.Option(help="Leave out entities with fewer mentions.")] = 1,
) -> None:
    """Entities and their co-mention graph as GraphML, or the entity table as CSV/JSONL."""
    from marsad.exports import export_entities as run_export

    with state.store().connect() as conn:
        counts = run_export(conn, out, min_mentions=min_mentions)
    console.print(f"wrote {out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
