"""Web archives in: WARC and WARC.gz files (crawlers, the Internet Archive, Common Crawl).

``iter_warc`` reads an archive record by record with warcio's streaming ``ArchiveIterator``
(gzip members are detected by warcio itself), so memory stays flat whatever the archive's
size: only one payload, capped at ``SourceOptions.max_bytes``, is held at a time.

* an HTML ``response`` (HTTP 2xx) or ``resource`` record becomes a RawItem of kind "html"
  whose origin is ``archive#target-uri``, with the target URI as its URL, the capture date
  (``WARC-Date``) as ``meta["captured"]`` (the publication date when the page gives none) and
  the HTTP charset as the declared charset; a payload without a real type (none,
  octet-stream, warc-record) is read when it starts like an HTML page;
* a non-HTML payload (PDF, image, script), a ``revisit`` record (a repeat capture with no
  payload of its own) and an error response (HTTP 3xx/4xx/5xx) are skipped: each becomes a
  Failure with ``skipped=True`` and a coded reason (E141-E143), which the run counts and
  lists but does not treat as a failure;
* ``request``, ``metadata``, ``warcinfo`` and ``conversion`` records describe the crawl, not
  pages, and are passed over without a word;
* an archive warcio cannot parse ends with one Failure (E140) after what it read so far.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from marsad.errors import MarsadError
from marsad.ingest.options import Item, SourceOptions
from marsad.model import Failure, RawItem

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
UNTYPED = ("", "application/octet-stream", "application/warc-record", "unk")  # sniffed instead
_CRAWL_RECORDS = frozenset({"request", "metadata", "warcinfo", "conversion", "continuation"})
_GZIP_MAGIC = b"\x1f\x8b"
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!doctype\s+html|<html|<head|<!--)", re.I)


def is_warc_name(name: str | None) -> bool:
    """True for a file name ending in .warc or .warc.gz (any case)."""
    return bool(name) and str(name).lower().endswith(WARC_SUFFIXES)


def looks_like_warc(head: bytes) -> bool:
    """True when the first bytes are a WARC record, plain or in a gzip member."""
    if head.startswith(b"WARC/"):
        return True
    if head.startswith(_GZIP_MAGIC):
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head[:4096], 16).startswith(b"WARC/")
        except zlib.error:
            return False
    return False


class PrefixedStream(io.RawIOBase):
    """Bytes already read (a sniffed head) followed by the rest of a stream, read lazily."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _skipped(code: str, origin: str, **fields: object) -> Failure:
    return Failure(origin=origin, reason=MarsadError(code, origin=origin, **fields).message, code=code, skipped=True)


def _media_type(value: str | None) -> tuple[str, str | None]:
    """``text/html; charset=windows-1256`` -> ("text/html", "windows-1256")."""
    if not value:
        return "", None
    kind, *params = (p.strip() for p in value.split(";"))
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in params if p.lower().startswith("charset=")), None)
    return kind.lower(), charset or None


def iter_warc(stream: BinaryIO, origin: str, source: str | None, options: SourceOptions) -> Iterator[Item]:
    """The articles of one archive, and a skipped Failure for every page record that is not one."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    try:
        for record in ArchiveIterator(stream, ensure_http_headers=False):
            count += 1
            if not record.rec_type:  # no WARC-Type: the archive is damaged from here on
                raise ValueError("the record has no WARC-Type header")
            item = _record_item(record, origin, source, options)
            if item is not None:
                yield item
    except (ArchiveLoadFailed, ValueError, EOFError, zlib.error, OSError) as exc:
        detail = f"after {count} records: {' '.join(str(exc).split())[:200] or type(exc).__name__}"
        yield Failure(origin=origin, reason=MarsadError("E140", origin=origin, detail=detail).message, code="E140")


def _record_item(record, origin: str, source: str | None, options: SourceOptions) -> Item | None:  # type: ignore[no-untyped-def]
    """The RawItem or skipped Failure of one record; None for records about the crawl itself."""
    kind = record.rec_type
    if kind in _CRAWL_RECORDS:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"{origin}#{uri}" if uri else origin
    if kind == "revisit":
        return _skipped("E142", where)
    if kind not in ("response", "resource"):
        return _skipped("E141", where, detail=f"a {kind} record")
    if kind == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or "?"
        if not status.startswith("2"):
            return _skipped("E143", where, http_status=status)
        content_type = record.http_headers.get_header("Content-Type")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    media, charset = _media_type(content_type)
    if media not in HTML_TYPES and media not in UNTYPED:
        return _skipped("E141", where, detail=f"{media} payload")
    data = record.content_stream().read(options.max_bytes + 1)
    if media in UNTYPED and not _HTML_START.match(data[:1024]):  # no real type: an HTML page says so itself
        return _skipped("E141", where, detail=f"an untyped ({media or 'no Content-Type'}) payload")
    meta: dict[str, object] = {"url": uri or None, "warc": origin}
    captured = record.rec_headers.get_header("WARC-Date")
    if captured:
        meta["captured"] = captured
    if source:
        meta["source"], meta["source_from"] = source, "folder"
    if len(data) > options.max_bytes:
        data, meta["truncated"] = data[: options.max_bytes], True
    return RawItem(origin=where, data=data, kind="html", meta=meta, declared_charset=charset)
