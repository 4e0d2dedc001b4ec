"""Where articles come from: files, folders, glob patterns, web archives, stdin and http(s) URLs.

``iter_items`` turns the inputs a user named into a lazy stream of RawItems (bytes plus a
kind hint and what the source knew) and Failures (one line naming the input and the reason),
so a batch never stops on one bad input and a progress bar can advance item by item.
Decoding and extraction happen later (``marsad.ingest.decode`` / ``extract``).
"""

from __future__ import annotations

import glob as globmod
import io
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import BinaryIO

import httpx

from marsad.errors import MarsadError
from marsad.ingest.feeds import iter_feed_items
from marsad.ingest.fetch import fetch_url, make_client
from marsad.ingest.jsonrecords import NTREX_KEYS, iter_json_lines, iter_json_records
from marsad.ingest.options import Fetcher, Item, SourceOptions
from marsad.ingest.warc import PrefixedStream, is_warc_name, iter_warc, looks_like_warc
from marsad.model import Failure, RawItem

EXTENSION_KINDS = {
    ".txt": "txt", ".md": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".json": "json", ".jsonl": "json", ".ndjson": "json",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}  # fmt: skip
# Files that hold no article text: skipped when walking a folder (a glob takes what it matches).
_BINARY_EXTENSIONS = (
    "png jpg jpeg gif webp svg ico bmp tif tiff pdf zip gz tgz bz2 xz 7z rar tar mp3 mp4 m4a wav ogg webm mov avi "
    "doc docx xls xlsx ppt pptx odt exe dll so pyc woff woff2 ttf otf css js map db sqlite parquet pkl npy"
)
SKIPPED_EXTENSIONS = frozenset("." + ext for ext in _BINARY_EXTENSIONS.split())
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_GLOB_CHARS = re.compile(r"[*?\[]")
_DATE_DIR = re.compile(r"^[\d_.-]+$")
_TAG_START = re.compile(r"<(?:!doctype|!--|\?xml|[a-z][a-z0-9]*[\s/>])")
_JSON_START = re.compile(r"^(?:\{\s*[\"}]|\[\s*[{\]])")
_PEEK = 4096  # bytes read first to recognise a web archive before anything is capped


def _failure(code: str, origin: str, **fields: object) -> Failure:
    return Failure(origin=origin, reason=MarsadError(code, origin=origin, **fields).message, code=code)


# ---------------------------------------------------------------- kind detection


def kind_for_path(path: str | os.PathLike[str]) -> str | None:
    """The kind a file's extension promises ("txt", "html", "json", "feed"), or None."""
    return EXTENSION_KINDS.get(Path(path).suffix.lower())


def sniff_kind(data: bytes) -> str:
    """Guess the kind from the first bytes: feed, html, json, else "txt" (decode judges binary)."""
    head = _head_text(data)
    if head.startswith("<"):
        if "<html" not in head and any(tag in head for tag in ("<rss", "<feed", "<rdf:rdf")):
            return "feed"
        if head.startswith("<?xml") and "<html" not in head:
            return "feed"  # the feed reader judges (E108 when it is not a feed)
        if _TAG_START.match(head):
            return "html"
    if _JSON_START.match(head):
        return "json"
    return "txt"


def _head_text(data: bytes) -> str:
    """The first 2 KB as lower-case text with leading space and BOM removed."""
    head = data[:2048]
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, errors="ignore").lstrip().lower()
    return head.decode("utf-8", errors="ignore").lstrip().lower()


def resolve_kind(name: str | None, data: bytes, options: SourceOptions) -> str:
    """The kind to read an input as: the forced format, else extension, else sniffing."""
    if options.format != "auto":
        return "json" if options.format in ("jsonl", "ntrex") else options.format
    by_name = kind_for_path(name) if name else None
    if by_name == "feed" and sniff_kind(data) == "html":
        return "html"
    return by_name or sniff_kind(data)


# ---------------------------------------------------------------- expanding inputs


def is_url(value: str) -> bool:
    """True for ``scheme://...`` inputs (only http and https are fetched; others fail E125)."""
    return _URL.match(value) is not None


def walk_folder(root: Path) -> list[Path]:
    """Files under ``root`` in a sorted, deterministic order, without hidden files or dot-folders."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            if not name.startswith(".") and (path.suffix.lower() not in SKIPPED_EXTENSIONS or is_warc_name(name)):
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def expand_glob(pattern: str) -> list[Path]:
    """Files matching ``pattern`` (``**`` recurses), sorted; hidden names are not matched."""
    return sorted(Path(p) for p in globmod.glob(pattern, recursive=True) if os.path.isfile(p))


def folder_source(path: Path, root: Path | None = None) -> str | None:
    """The outlet a file's folders name: the nearest one that is not date-like (2025, 11, 2025-11-22).

    With a ``root`` (a folder input) the search stops at the root folder's own name.
    """
    if root is None:
        names = list(path.parent.parts)
    else:
        names = [*root.resolve().parts[-1:], *path.parent.relative_to(root).parts]
    for name in reversed(names):
        if name not in ("", ".", "..", os.sep) and not _DATE_DIR.match(name):
            return name
    return None


def expand_input(value: str) -> Iterator[tuple[Path, str | None] | Failure | str]:
    """One named input as (file, folder source) pairs, a URL or "-" string, or a Failure."""
    if value == "-" or is_url(value):
        yield value
        return
    path = Path(value).expanduser()
    if path.is_file():
        yield path, None
    elif path.is_dir():
        for file in walk_folder(path):
            yield file, folder_source(file, path)
    elif _GLOB_CHARS.search(value):
        files = expand_glob(value)
        if not files:
            yield _failure("E110", value)
        for file in files:
            yield file, folder_source(file)
    else:
        yield _failure("E109", value)


# ---------------------------------------------------------------- reading


def items_from_bytes(
    data: bytes, origin: str, kind: str, options: SourceOptions, fetcher: Fetcher | None
) -> Iterator[Item]:
    """Dispatch a whole input's bytes: JSON records, feed entries, archive records, or one document item."""
    if kind == "warc":
        yield from iter_warc(io.BytesIO(data), origin, None, options)
    elif kind == "json":
        yield from iter_json_records(data, origin, options)
    elif kind == "feed":
        yield from iter_feed_items(data, origin, options, fetcher)
    else:
        meta = {"title_from": options.title_from} if kind == "txt" else {}
        yield RawItem(origin=origin, data=data, kind=kind, meta=meta)


def iter_file(path: Path, source: str | None, options: SourceOptions, fetcher: Fetcher | None) -> Iterator[Item]:
    """The items of one file; big JSON Lines files are streamed line by line instead of capped."""
    origin = str(path)
    try:
        with path.open("rb") as stream:
            yield from iter_stream(stream, origin, path.name, source, options, fetcher)
    except OSError as err:
        yield _failure("E130", origin, detail=err.strerror or type(err).__name__)


def iter_stream(
    stream: BinaryIO, origin: str, name: str | None, source: str | None, options: SourceOptions, fetcher: Fetcher | None
) -> Iterator[Item]:
    """The items of an open file or stdin: capped at ``max_bytes``, except JSON Lines and web
    archives (.warc, .warc.gz or sniffed; read record by record)."""
    peek = stream.read(_PEEK)
    if _is_warc(name, peek, options):
        yield from iter_warc(io.BufferedReader(PrefixedStream(peek, stream)), origin, source, options)
        return
    head = peek + stream.read(max(0, options.max_bytes + 1 - len(peek)))
    truncated = len(head) > options.max_bytes
    if not head.strip():
        yield _failure("E101", origin)
        return
    kind = resolve_kind(name, head, options)
    if truncated and kind == "json":
        yield from _big_json(head, stream, origin, options)
        return
    for item in items_from_bytes(head[: options.max_bytes], origin, kind, options, fetcher):
        yield _annotate(item, source, truncated)


def _is_warc(name: str | None, peek: bytes, options: SourceOptions) -> bool:
    if options.format == "warc":
        return True
    return options.format == "auto" and (is_warc_name(name) or looks_like_warc(peek))


def _big_json(head: bytes, stream: BinaryIO, origin: str, options: SourceOptions) -> Iterator[Item]:
    """JSON over the cap: JSON Lines are read on lazily; one huge document is refused (E131)."""
    if not _first_line_is_object(head):
        yield _failure("E131", origin, limit=options.max_bytes)
        return
    yield from iter_json_lines(_chain_lines(head, stream), origin, options)


def _first_line_is_object(head: bytes) -> bool:
    """True when the data starts with a whole JSON object on its first line (JSON Lines)."""
    stripped = head.lstrip()
    if b"\n" not in stripped:
        return False
    try:
        return isinstance(json.loads(stripped.split(b"\n", 1)[0]), dict)
    except (ValueError, RecursionError):
        return False


def _chain_lines(head: bytes, stream: BinaryIO) -> Iterator[bytes]:
    """The lines of ``head`` followed by the rest of ``stream`` (the cut line made whole)."""
    *complete, tail = head.split(b"\n")
    yield from complete
    yield tail + stream.readline()
    yield from stream


def _annotate(item: Item, source: str | None, truncated: bool) -> Item:
    """Add the folder's outlet name (unless the item knows its own) and the truncation flag."""
    if isinstance(item, RawItem):
        if source and not item.meta.get("source"):
            item.meta["source"] = source
            item.meta["source_from"] = "folder"
        if truncated:
            item.meta["truncated"] = True
    return item


def iter_stdin(stdin: BinaryIO, options: SourceOptions, fetcher: Fetcher | None) -> Iterator[Item]:
    """The items piped on standard input (origin ``<stdin>``)."""
    yield from iter_stream(stdin, "<stdin>", None, None, options, fetcher)


def iter_url(url: str, options: SourceOptions, fetcher: Fetcher) -> Iterator[Item]:
    """The items of a fetched URL: a page, or the entries of a feed / JSON document it serves."""
    try:
        page = fetcher(url)
    except MarsadError as err:
        yield Failure(origin=url, reason=err.message, code=err.code)
        return
    data = page.data if isinstance(page.data, bytes) else page.data.encode("utf-8")
    kind = resolve_kind(None, data, options) if options.format != "auto" or page.kind == "auto" else page.kind
    if kind in ("json", "feed"):
        yield from items_from_bytes(data, url, kind, options, fetcher)
        return
    page.kind = kind
    if kind == "txt":
        page.meta.setdefault("title_from", options.title_from)
    yield page


# ---------------------------------------------------------------- public entry points


def iter_items(
    inputs: Sequence[str],
    options: SourceOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
    client: httpx.Client | None = None,
) -> Iterator[Item]:
    """Lazily yield a RawItem or Failure for every article found in ``inputs``, in order.

    Inputs are file paths, folders (recursive, sorted, hidden names skipped; ``meta["source"]``
    is the outlet folder), glob patterns, ``-`` for ``stdin`` (default ``sys.stdin.buffer``)
    and http(s) URLs (fetched with ``client``, or one made here and closed at the end).
    """
    options = options or SourceOptions()
    own_client = None
    if client is None and (options.follow or any(is_url(v) for v in inputs)):
        own_client = client = make_client(options.timeout)
    fetcher = partial(
        fetch_url, allow_private=options.allow_private, timeout=options.timeout,
        max_bytes=options.max_bytes, max_redirects=options.max_redirects, client=client,
    )  # fmt: skip
    try:
        for value in inputs:
            yield from _iter_input(value, options, fetcher, stdin)
    finally:
        if own_client is not None:
            own_client.close()


def _iter_input(value: str, options: SourceOptions, fetcher: Fetcher, stdin: BinaryIO | None) -> Iterator[Item]:
    for entry in expand_input(value):
        if isinstance(entry, Failure):
            yield entry
        elif entry == "-":
            yield from iter_stdin(stdin if stdin is not None else sys.stdin.buffer, options, fetcher)
        elif isinstance(entry, str):
            yield from iter_url(entry, options, fetcher)
        else:
            yield from iter_file(entry[0], entry[1], options, fetcher)


def count_inputs(inputs: Sequence[str], options: SourceOptions | None = None) -> int | None:
    """How many items ``iter_items`` will yield, when that is cheap to know; else None.

    Known for plain files, folders and globs (one item per file, one Failure per missing
    path) and JSON Lines files (one per non-blank line, two for NTREX); None as soon as an
    input is a URL, stdin, a feed or a JSON array, whose item counts need parsing.
    """
    options = options or SourceOptions()
    total = 0
    for value in inputs:
        for entry in expand_input(value):
            if isinstance(entry, str):
                return None
            count = 1 if isinstance(entry, Failure) else _count_file(entry[0], options)
            if count is None:
                return None
            total += count
    return total


def _count_file(path: Path, options: SourceOptions) -> int | None:
    try:
        with path.open("rb") as stream:
            head = stream.read(_PEEK)
            if _is_warc(path.name, head, options):
                return None  # records are counted as they are read
            kind = resolve_kind(path.name, head, options)
            if kind == "feed" or (kind == "json" and head.lstrip()[:1] == b"["):
                return None
            if kind != "json":
                return 1
            return _count_lines(stream, options)
    except OSError:
        return 1


def _count_lines(stream: BinaryIO, options: SourceOptions) -> int | None:
    """Non-blank lines of a JSON Lines file (doubled for NTREX); None unless line 1 is an object."""
    stream.seek(0)
    try:
        record = json.loads(stream.readline())
    except (ValueError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    lines = 1 + sum(1 for line in stream if line.strip())
    ntrex = options.format == "ntrex" or (options.format == "auto" and set(record) == NTREX_KEYS)
    return lines * 2 if ntrex else lines
