"""RSS / Atom feeds -> one RawItem per entry (optionally the linked page, fetched).

Each entry gives its content (``content:encoded`` / Atom content, else the summary) as an
HTML item with the feed's facts in ``meta``: title, url, published (ISO 8601, UTC), author,
id, tags, and the feed's title as ``source``. With ``follow`` the linked page is fetched
instead; if that fails, a Failure is yielded for the fetch and the entry's own text is used.
"""

from __future__ import annotations

import io
from calendar import timegm
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from marsad.errors import MarsadError
from marsad.ingest.jsonrecords import normalise_lang
from marsad.ingest.options import SourceOptions
from marsad.model import Failure, RawItem

Fetcher = Callable[[str], RawItem]
Item = RawItem | Failure


def parse_feed(data: bytes, origin: str) -> Any:
    """feedparser's result for ``data``, or a Failure (E108) when it is not a feed at all."""
    headers = {"content-location": origin} if origin.startswith(("http://", "https://")) else {}
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=True)
    except Exception as err:
        return _failure("E108", origin, detail=f"{type(err).__name__}: {err}"[:200])
    if parsed.get("entries") or (parsed.get("version") and not parsed.get("bozo")):
        return parsed
    reason = parsed.get("bozo_exception") or "no RSS or Atom structure found"
    return _failure("E108", origin, detail=" ".join(str(reason).split())[:200])


def _failure(code: str, origin: str, **fields: object) -> Failure:
    return Failure(origin=origin, reason=MarsadError(code, origin=origin, **fields).message, code=code)


def iter_feed_items(
    data: bytes,
    origin: str,
    options: SourceOptions | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Item]:
    """Yield one RawItem (or Failure) per feed entry; a non-feed yields one Failure E108.

    ``fetcher(url) -> RawItem`` (raising MarsadError) is used when ``options.follow`` is set.
    Bozo (malformed) feeds that still have entries are used. Never raises on bad input.
    """
    parsed = parse_feed(data, origin)
    if isinstance(parsed, Failure):
        yield parsed
        return
    feed = parsed.get("feed", {})
    follow = bool(options is not None and options.follow and fetcher is not None)
    for number, entry in enumerate(parsed.get("entries", []), start=1):
        try:
            yield from entry_items(entry, feed, f"{origin}#entry {number}", origin, fetcher if follow else None)
        except Exception as err:
            yield _failure("E108", f"{origin}#entry {number}", detail=f"{type(err).__name__}: {err}"[:200])


def entry_items(
    entry: Any, feed: Any, fallback_origin: str, feed_origin: str, fetcher: Fetcher | None
) -> Iterator[Item]:
    """The item(s) of one entry: its own text, or the fetched page (plus a Failure if that failed)."""
    link = str(entry.get("link") or "").strip()
    origin = link or fallback_origin
    html, content_type = entry_text(entry)
    meta = entry_meta(entry, feed, feed_origin)
    if not link and not html.strip():
        yield _failure("E134", fallback_origin)
        return
    if fetcher is not None and link:
        page = _follow(link, meta, fetcher)
        if isinstance(page, RawItem):
            yield page
            return
        yield page
        meta["follow_failed"] = True
    if not html.strip():
        if fetcher is None:
            yield _failure("E135", origin)
        return
    kind = "txt" if content_type == "text/plain" else "html"
    yield RawItem(origin=origin, data=html, kind=kind, meta=meta)


def _follow(link: str, meta: dict[str, Any], fetcher: Fetcher) -> Item:
    """Fetch the entry's page; the feed's facts fill what the page's meta lacks."""
    try:
        page = fetcher(link)
    except MarsadError as err:
        return Failure(origin=link, reason=err.message, code=err.code)
    merged = dict(meta)
    merged.update({key: value for key, value in page.meta.items() if value not in (None, "")})
    merged["followed"] = True
    page.meta = merged
    return page


def entry_text(entry: Any) -> tuple[str, str]:
    """(text, content type) of the richest content of an entry: full content, else summary."""
    contents = [c for c in entry.get("content") or [] if str(c.get("value") or "").strip()]
    contents.sort(key=lambda c: ("html" not in str(c.get("type", "")), -len(c.get("value", ""))))
    if contents:
        return str(contents[0]["value"]), str(contents[0].get("type") or "text/html")
    detail = entry.get("summary_detail") or {}
    return str(entry.get("summary") or ""), str(detail.get("type") or "text/html")


def entry_meta(entry: Any, feed: Any, feed_origin: str) -> dict[str, Any]:
    """The facts a feed gives about an entry, leaving out empty ones."""
    meta: dict[str, Any] = {
        "title": _clean(entry.get("title")),
        "url": _clean(entry.get("link")),
        "published": entry_date(entry),
        "author": _clean(entry.get("author")),
        "id": _clean(entry.get("id")),
        "source": _clean(feed.get("title")),
        "site": _clean(feed.get("link")),
        "lang": normalise_lang(entry.get("language") or feed.get("language")),
        "tags": [t["term"] for t in entry.get("tags") or [] if t.get("term")],
        "feed": feed_origin,
        "via": "feed",
    }
    return {key: value for key, value in meta.items() if value not in (None, "", [])}


def _clean(value: Any) -> str:
    return " ".join(str(value).split()) if value else ""


def entry_date(entry: Any) -> str | None:
    """The entry's publication (else update) time as ISO 8601 UTC, or the raw string if unparsed."""
    for key in ("published", "updated", "created"):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            try:
                return datetime.fromtimestamp(timegm(parsed), tz=UTC).isoformat()
            except (OverflowError, OSError, ValueError):
                pass
        if entry.get(key):
            return _clean(entry.get(key))
    return None
