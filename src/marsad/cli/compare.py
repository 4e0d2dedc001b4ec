"""`marsad compare`: what each source of a story shares, adds, omits or contradicts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from marsad.cli.common import console, state


def compare(
    story_id: Annotated[int, typer.Argument(help="Story id (see `marsad stories`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full structure as JSON.")] = False,
) -> None:
    """What each source of a story shares, adds, omits or contradicts, and scraper gaps with fills.

    First a per-source table (claims shared, own, missing from it, contradicted), then the
    claims (numbered #k the same way in every table and in --json), the differences between
    matched claims with why, and the gaps with their suggestions."""
    from marsad.compare import render_comparison
    from marsad.compare.store import compare_stored_story

    with state.store().connect() as conn:
        comparison = compare_stored_story(conn, story_id)
    if as_json:
        sys.stdout.write(comparison.to_json(indent=2) + "\n")
    else:
        colour = console.is_terminal and not console.no_color
        console.print(render_comparison(comparison, colour=colour), highlight=False)
