"""How inputs are read (:class:`SourceOptions`) and the item types every reader yields.

A module of its own so that the readers (files, feeds, JSON records) and the dispatcher in
:mod:`marsad.ingest.sources` all import it, and none of them imports another back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from marsad.errors import MarsadError
from marsad.ingest.fetch import DEFAULT_MAX_BYTES
from marsad.model import Failure, RawItem

FORMATS = ("auto", "txt", "html", "json", "jsonl", "feed", "ntrex", "warc")
TITLE_FROM = ("first-line", "none")
Item = RawItem | Failure
Fetcher = Callable[[str], RawItem]


@dataclass(frozen=True, kw_only=True)
class SourceOptions:
    """How to read inputs. JSON field names left as None try the common names in turn.

    ``max_bytes`` caps a file, stdin or JSON record (cut, with ``meta["truncated"] = True``)
    and a fetched page (refused, E123). ``format`` forces how every input is read.
    """

    follow: bool = False
    allow_private: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = 20.0
    max_redirects: int = 5
    text_field: str | None = None
    title_field: str | None = None
    date_field: str | None = None
    url_field: str | None = None
    lang_field: str | None = None
    id_field: str | None = None
    source_field: str | None = None
    format: str = "auto"
    title_from: str = "first-line"

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise MarsadError("E901", what="format", value=self.format, choices=", ".join(FORMATS))
        if self.title_from not in TITLE_FROM:
            raise MarsadError("E901", what="title source", value=self.title_from, choices=", ".join(TITLE_FROM))
