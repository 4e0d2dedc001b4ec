"""Export downloads under /api/export: the files `marsad export` writes, streamed.

``GET /api/export/{kind}.{format}`` with the CLI's filters as query parameters. The kind,
the format and (for alerts) the table are checked before the first byte, so those errors
are ordinary JSON errors; the body is then produced chunk by chunk on a connection of its
own (the request's connection closes when the handler returns), one row group or a few
hundred rows at a time, never the whole table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import StreamingResponse

from marsad.api.read import ERRORS, NOT_FOUND, Lang, Text, When, _when
from marsad.export import FORMATS, MEDIA_TYPES, ExportFilter, check, columns, encode

router = APIRouter(prefix="/api", responses=ERRORS)
_SUFFIX = {fmt: suffix for suffix, fmt in reversed(list(FORMATS.items()))}  # jsonl -> .jsonl (not .ndjson)
FILE = {200: {"description": "The export file (format from the name's extension).",
              "content": {t: {} for t in dict.fromkeys(MEDIA_TYPES.values())}}}


@router.get("/export/{kind}.{fmt}", tags=["export"], response_class=StreamingResponse,
            responses={**FILE, **NOT_FOUND})
def download(
    request: Request,
    kind: Annotated[Literal["articles", "stories", "entities", "events", "quotes", "claims", "alerts"],
                    Path(description="What to export.")],
    fmt: Annotated[Literal["jsonl", "json", "csv", "parquet", "graphml", "gexf"],
                   Path(description="File format (graphml and gexf: entities only).")],
    story: Annotated[int | None, Query(ge=1, le=2**62, description="Only this story.")] = None,
    since: When = None, until: When = None, lang: Lang = None, source: Text = None,
    duplicates: Annotated[bool, Query(description="articles: include copies recorded as duplicates.")] = False,
    min_mentions: Annotated[int, Query(ge=1, le=10**9, description="entities: at least this many mentions.")] = 1,
) -> StreamingResponse:
    """articles, stories, entities, events, quotes, claims or alerts as jsonl, json, csv or parquet
    (graphml and gexf: entities only), e.g. `/api/export/articles.parquet?lang=ar`. The columns
    are listed in docs/exports.md."""
    check(kind, fmt)  # a graph format for anything but entities: 400 E901
    flt = ExportFilter(story=story, since=_when(since, "since"), until=_when(until, "until"), lang=lang,
                       source=source, duplicates=duplicates, min_mentions=min_mentions)
    store = request.app.state.store
    with store.connect() as conn:
        columns(conn, kind)  # alerts: 404 E420 when the table is missing

    def body() -> Iterator[bytes]:
        with store.connect() as conn:
            yield from encode(conn, kind, fmt, flt)

    name = f"marsad-{kind}{_SUFFIX[fmt]}"
    return StreamingResponse(body(), media_type=MEDIA_TYPES[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
