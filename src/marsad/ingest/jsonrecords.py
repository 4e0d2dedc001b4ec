"""JSON inputs: JSON Lines, a JSON array of objects, or one object -> RawItems.

Each record's text field becomes ``RawItem.data`` (kind "html" when it looks like markup,
else "txt"); title, date, URL, language, outlet, author and id go into ``meta``. A bad line
or record becomes a Failure naming the file and line, and the rest go on. NTREX documents
(``{doc_id, source, n_sent, en, ar}``) become two items, one per language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from marsad.ingest.options import SourceOptions
from marsad.model import Failure, RawItem
from marsad.text.normalise import strip_markup

TEXT_FIELDS = ("text", "body", "content", "article", "article_text", "full_text")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("date", "published", "pubDate", "published_at", "publish_date", "datetime", "created_at")
URL_FIELDS = ("url", "link", "href")
LANG_FIELDS = ("lang", "language")
ID_FIELDS = ("id", "doc_id", "guid")
SOURCE_FIELDS = ("source", "outlet", "site", "publisher")
AUTHOR_FIELDS = ("author", "byline", "authors")
NTREX_KEYS = frozenset({"doc_id", "source", "n_sent", "en", "ar"})
NTREX_LANGS = ("en", "ar")

_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|body|p|div|br|article|section|span|a\s|h[1-6]|ul|ol|li|table|strong|em|figure|img)\b[^>]*>",
    re.IGNORECASE,
)
_RECORD_SUFFIX = re.compile(r"#(?:line )?\d+$")
Item = RawItem | Failure


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries HTML markup (a few common tags in the first 4000 characters)."""
    return _HTML_TAG.search(text[:4000]) is not None


def iter_json_records(data: bytes, origin: str, options: SourceOptions | None = None) -> Iterator[Item]:
    """Yield a RawItem or Failure per record of JSON Lines, a JSON array or a single object.

    A whole document that parses is used as it is (array or object); otherwise the data is
    read line by line, and each invalid line yields Failure E106 with its line number.
    Never raises on bad input.
    """
    options = _options(options)
    whole = _parse_whole(data)
    if isinstance(whole, list):
        for index, record in enumerate(whole, start=1):
            yield from record_items(record, f"{origin}#{index}", options)
    elif isinstance(whole, dict):
        yield from record_items(whole, origin, options)
    else:
        yield from iter_json_lines(_split_lines(data, origin), origin, options)


def iter_json_lines(
    lines: Iterable[bytes | Failure], origin: str, options: SourceOptions | None = None
) -> Iterator[Item]:
    """Yield items from JSON Lines given as raw byte lines (read lazily from a big file)."""
    options = _options(options)
    for number, line in enumerate(lines, start=1):
        if isinstance(line, Failure):
            yield line
            continue
        if not line.strip():
            continue
        try:
            record = _loads(line)
        except (ValueError, RecursionError) as err:
            yield _bad_line(origin, number, err)
            continue
        yield from record_items(record, f"{origin}#line {number}", options)


def _bad_line(origin: str, number: int, err: Exception) -> Failure:
    from marsad.errors import MarsadError

    detail = "not valid UTF-8" if isinstance(err, UnicodeDecodeError) else _short(err)
    message = MarsadError("E106", origin=origin, line=number, detail=detail).message
    return Failure(origin=f"{origin}#line {number}", reason=message, code="E106")


def _short(err: Exception) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text[:200]


def _parse_whole(data: bytes) -> Any:
    """The parsed document if ``data`` is one JSON value, else None (JSON Lines or garbage)."""
    stripped = data.lstrip(b" \t\r\n\xef\xbb\xbf")
    if stripped[:1] not in (b"[", b"{") and not _is_utf16_or_32(data):
        return None
    try:
        return _loads(data)
    except (ValueError, RecursionError):
        return None


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _loads(data: bytes) -> Any:
    """``json.loads``, with lone surrogates (``"\\ud800"`` is valid JSON but no text: it cannot be
    encoded or stored) replaced by U+FFFD in every string of the record, keys included."""
    value = json.loads(data)
    return _replace_surrogates(value) if _SURROGATE_ESCAPE.search(data) else value


def _replace_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        # a valid pair decodes to one character; only the lone halves are left to replace
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_replace_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_replace_surrogates(k): _replace_surrogates(v) for k, v in value.items()}
    return value


def _is_utf16_or_32(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 1 and (data[0] == 0 or data[1] == 0))


def _split_lines(data: bytes, origin: str) -> list[bytes | Failure]:
    """Byte lines of UTF-8 JSON Lines; UTF-16/32 data is decoded whole first."""
    if not _is_utf16_or_32(data):
        return data.split(b"\n")
    try:
        text = data.decode(json.detect_encoding(data))
    except (UnicodeDecodeError, LookupError) as err:
        return [_bad_line(origin, 1, err)]
    return [line.encode("utf-8") for line in text.split("\n")]


def _options(options: SourceOptions | None) -> SourceOptions:
    return options if options is not None else SourceOptions()


def record_items(record: Any, origin: str, options: SourceOptions) -> Iterator[Item]:
    """The item(s) one parsed JSON record gives: two for an NTREX document, else one."""
    if not isinstance(record, dict):
        yield _failure("E132", origin, detail=f"a JSON {_json_type(record)}")
    elif options.format == "ntrex" or (options.format != "json" and set(record) == NTREX_KEYS):
        yield from ntrex_items(record, origin, options)
    else:
        yield record_item(record, origin, options)


def _json_type(value: Any) -> str:
    names = {list: "array", str: "string", bool: "boolean", type(None): "null", int: "number", float: "number"}
    return names.get(type(value), type(value).__name__)


def _failure(code: str, origin: str, **fields: object) -> Failure:
    from marsad.errors import MarsadError

    return Failure(origin=origin, reason=MarsadError(code, origin=origin, **fields).message, code=code)


def record_item(record: dict[str, Any], origin: str, options: SourceOptions) -> Item:
    """One RawItem from a generic record, or a Failure when it has no usable text."""
    found = _text_field(record, origin, options)
    if isinstance(found, Failure):
        return found
    name, text = found
    text, truncated = _cap(text, options.max_bytes)
    meta = record_meta(record, options)
    if truncated:
        meta["truncated"] = True
    meta["text_field"] = name
    return RawItem(origin=origin, data=text, kind="html" if looks_like_html(text) else "txt", meta=meta)


def _cap(text: str, max_bytes: int) -> tuple[str, bool]:
    """Cut ``text`` to at most ``max_bytes`` UTF-8 bytes (on a character boundary)."""
    if len(text) * 4 <= max_bytes or len(text.encode("utf-8")) <= max_bytes:
        return text, False
    return text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore"), True


def _text_field(record: dict[str, Any], origin: str, options: SourceOptions) -> tuple[str, str] | Failure:
    """(field name, text) of the record's text field, trying common names unless one was given."""
    names = (options.text_field,) if options.text_field else TEXT_FIELDS
    for name in names:
        value = lookup(record, name)
        text = _as_text(value)
        if text is not None and text.strip():
            return name, text
        if options.text_field and value is not None:
            return _failure("E133", origin, field=name, detail=f"a JSON {_json_type(value)}")
    return _failure("E107", origin, fields=", ".join(names))


def _as_text(value: Any) -> str | None:
    """A string, or a list of strings joined as paragraphs; None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(part, str) for part in value):
        return "\n\n".join(value)
    return None


def lookup(record: dict[str, Any], name: str) -> Any:
    """Field ``name`` of ``record``: exact key, then case-insensitive, then a dotted path."""
    if name in record:
        return record[name]
    lowered = name.lower()
    for key, value in record.items():
        if isinstance(key, str) and key.lower() == lowered:
            return value
    head, dot, rest = name.partition(".")
    if dot and isinstance(record.get(head), dict):
        return lookup(record[head], rest)
    return None


def _first(record: dict[str, Any], given: str | None, defaults: Sequence[str]) -> Any:
    for name in (given,) if given else defaults:
        value = lookup(record, name)
        if value not in (None, "", [], {}):
            return value
    return None


def record_meta(record: dict[str, Any], options: SourceOptions) -> dict[str, Any]:
    """title, published, url, lang, source, author and id of a record, leaving out empty ones."""
    fields = {
        "title": _first(record, options.title_field, TITLE_FIELDS),
        "published": as_date_string(_first(record, options.date_field, DATE_FIELDS)),
        "url": _first(record, options.url_field, URL_FIELDS),
        "lang": normalise_lang(_first(record, options.lang_field, LANG_FIELDS)),
        "source": _first(record, options.source_field, SOURCE_FIELDS),
        "author": _first(record, None, AUTHOR_FIELDS),
        "id": _first(record, options.id_field, ID_FIELDS),
    }
    meta = {key: _scalar(value) for key, value in fields.items() if value not in (None, "")}
    return {key: value for key, value in meta.items() if value != ""}


def _scalar(value: Any) -> str:
    """A meta value as one trimmed string (lists such as several authors are joined)."""
    if isinstance(value, list):
        return ", ".join(str(part).strip() for part in value if part not in (None, ""))
    if isinstance(value, dict):
        return str(value.get("name") or value.get("title") or "").strip()
    return " ".join(str(value).split())


def as_date_string(value: Any) -> str | None:
    """A date as a string: numbers are read as Unix time (seconds, or milliseconds if huge)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if abs(value) > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return str(value)
    return _scalar(value) or None


def normalise_lang(value: Any) -> str | None:
    """``"en-US"`` / ``"AR_sy"`` -> ``"en"`` / ``"ar"``; None when empty or not a string."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().lower().replace("_", "-").split("-")[0]


def ntrex_items(record: dict[str, Any], origin: str, options: SourceOptions) -> Iterator[Item]:
    """The English and Arabic sides of an NTREX document as two items.

    ``source`` is the document's outlet with a language suffix ("bbc-en", "bbc-ar") so the two
    sides count as separate sources; the first line (the headline) is also the title.
    """
    base = _RECORD_SUFFIX.sub("", origin)
    doc_id = _scalar(record.get("doc_id", "")) or origin[len(base) + 1 :] or "0"
    outlet = _scalar(record.get("source") or "ntrex")
    for lang in NTREX_LANGS:
        item_origin = f"{base}#{doc_id}/{lang}"
        text = _as_text(record.get(lang))
        text = strip_markup(text) if text else text  # NTREX wraps some lines in <seg id="1">…</seg>
        if not text or not text.strip():
            yield _failure("E107", item_origin, fields=lang)
            continue
        meta = {
            "title": text.strip().split("\n", 1)[0].strip(),
            "lang": lang,
            "source": f"{outlet}-{lang}",
            "ntrex_doc_id": doc_id,
            "ntrex_source": outlet,
            "title_from": "first-line",
        }
        yield RawItem(origin=item_origin, data=text, kind="txt", meta=meta)
