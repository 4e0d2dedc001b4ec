"""What every command module shares: the global ``--db`` state, the consoles, JSON output and
progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from marsad.store import Store, open_store

console = Console()
err = Console(stderr=True)


class State:
    db: str | None = None
    _store: Store | None = None

    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.db)
        return self._store

state = State()

def emit_json(data: Any) -> None:
    """Print JSON to stdout (UTF-8, non-ASCII kept readable)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")

@contextmanager
def progress_bar(total: int | None, label: str, quiet: bool = False) -> Iterator[Any]:
    """A Rich progress bar on stderr (a spinner when the total is unknown)."""
    columns = [SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("{task.fields[last]}", style="dim")]
    with Progress(*columns, console=err, transient=False, disable=quiet) as progress:
        task = progress.add_task(label, total=total, last="")

        def advance(status: str, origin: str) -> None:
            progress.update(task, advance=1, last=f"{status}: {Path(origin).name[:40]}")

        yield advance


def short(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"
