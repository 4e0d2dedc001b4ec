"""Numbered JSON lines of a gold or evaluation file, each reader raising its own coded error."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from marsad.errors import MarsadError


def numbered_records(text: str, bad_line: Callable[[int, json.JSONDecodeError], MarsadError]) -> Iterator[tuple[int, Any]]:
    """``(line number, decoded value)`` for every non-blank line of ``text`` (numbered from 1);
    a line that is not JSON raises ``bad_line(number, error)``."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise bad_line(number, exc) from None
