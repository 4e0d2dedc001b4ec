"""HTML -> main text and metadata with trafilatura (htmldate as the date fallback).

:func:`extract_html` returns the main text after :func:`~marsad.text.normalise.clean_text`
and :func:`~marsad.ingest.boilerplate.strip_boilerplate` (what trafilatura leaves of share
bars and "اقرأ أيضاً" lines), so it is ready for sentence splitting; running
``strip_boilerplate`` again on it changes nothing.

The page is parsed once; trafilatura runs with its own metadata pass *off* (it costs as much
as the text extraction itself) and the metadata comes from the ``<head>`` instead: title from
og:title / ``<title>``, site from og:site_name, author from ``<meta name=author>`` or JSON-LD.

When lxml loses the page's text (no tree, or libxml2's nesting-depth limit of about 255 cut it
short, as on 5,000 nested ``<div>``) and trafilatura finds nothing, a linear text-only pass over
the markup (:func:`text_only`) gives the text instead, for pages up to ``TEXT_ONLY_MAX_CHARS``.

Dates: htmldate *without* extensive search over the page's markup alone (``<meta>``, JSON-LD,
``<time>``, the URL; the body's text is blanked first, since htmldate's fast pass also takes an
ISO-like date the article merely mentions) -> confidence ``"high"``; then a ``date YYYY-MM-DD``
header line; only then htmldate's extensive search over the text, always ``"low"`` (a date the
article mentions, or a bare "© 2025" in a footer that becomes 2025-01-01).
"""

from __future__ import annotations

import html as htmllib
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from marsad.errors import IngestError
from marsad.ingest.boilerplate import strip_boilerplate
from marsad.text.normalise import clean_text

for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"([\w:.-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)")
_JSONLD_AUTHOR = re.compile(r"\"author\"\s*:\s*[\[{]?\s*(?:\{[^{}]*?\"name\"\s*:\s*)?\"([^\"]{2,80})\"")
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:-]*)[^<>]*>")
_DROPPED_TAGS = frozenset({"script", "style", "head", "nav", "header", "footer", "aside", "noscript", "template"})
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "tr", "td",
                         "blockquote", "pre", "ul", "ol", "table", "body"})
TEXT_ONLY_MAX_CHARS = 2_000_000  # the text-only fallback is for small pages the parser could not read
FALLBACK_MIN_LETTERS = 20
_HEAD_LIMIT = 200_000  # metadata regexes only look at the start of the page
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "title")
_SITE_KEYS = ("og:site_name", "application-name", "twitter:site")
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author")


@dataclass
class Extracted:
    """What an HTML page yields; every field but ``text`` may be empty."""

    text: str
    title: str = ""
    published: date | None = None
    date_confidence: str = "low"  # "high": from page metadata; "low": guessed or absent
    date_source: str | None = None  # "html" (metadata), "htmldate" (extensive search), "header"
    author: str | None = None
    site: str | None = None
    lang_hint: str | None = None
    boilerplate: list[str] = field(default_factory=list)  # furniture lines removed from the text


def extract_html(html: str, url: str | None = None, origin: str | None = None) -> Extracted:
    """Extract the main text and metadata of one HTML page.

    Never raises on malformed input except IngestError E104 when no article text is found.
    """
    name = origin or url or "<html>"
    tree = _parse(html)
    text = _main_text(tree, url) if tree is not None else ""
    if not text.strip():
        text = _fallback_text(tree, html)
    body = strip_boilerplate(clean_text(text))
    if not body.text:
        raise IngestError("E104", origin=name)
    meta = _head_meta(html)
    published, confidence, source = _date(tree, body.header_date)
    site = _first(meta, _SITE_KEYS)
    return Extracted(
        text=body.text,
        title=_title(html, meta, site),
        published=published,
        date_confidence=confidence,
        date_source=source,
        author=_first(meta, _AUTHOR_KEYS) or _jsonld_author(html),
        site=site,
        lang_hint=_lang_hint(html, meta),
        boilerplate=body.removed,
    )


def _parse(html: str) -> object | None:
    """One lxml tree shared by trafilatura and htmldate (each copies before changing it)."""
    try:
        from trafilatura.utils import load_html

        return load_html(html)
    except Exception:  # lxml on hostile markup
        return None


def _fallback_text(tree: object | None, html: str) -> str:
    """:func:`text_only` of the page when lxml's tree misses most of its text, else "".

    That is no tree at all (a fragment without ``<html>``, or markup lxml refuses) or one cut
    short: libxml2 stops at a nesting depth of about 255, so a page of 5,000 nested ``<div>``
    parses to an empty tree. A tree that kept its text and still gave trafilatura nothing is
    boilerplate and stays refused (E104), as does a fallback with fewer than
    ``FALLBACK_MIN_LETTERS`` letters. Pages over ``TEXT_ONLY_MAX_CHARS`` get no fallback."""
    if len(html) > TEXT_ONLY_MAX_CHARS:
        return ""
    text = text_only(html)
    if sum(1 for ch in text if ch.isalpha()) < FALLBACK_MIN_LETTERS:
        return ""
    if tree is not None:
        try:
            kept = sum(len(t.strip()) for t in tree.itertext())  # type: ignore[attr-defined]
        except Exception:  # lxml on hostile markup
            kept = 0
        if kept * 2 >= len(text.strip()):
            return ""
    return text


def text_only(html: str) -> str:
    """The page's text without its markup, one line per block element, with no judgement of
    what is boilerplate: the fallback when the parser lost the text. Comments and the content
    of ``<script>``, ``<style>``, ``<head>``, ``<nav>``, ``<header>``, ``<footer>``, ``<aside>``
    are dropped. One linear pass over the tags (no backtracking on unclosed ones)."""
    html = _COMMENT.sub(" ", html)
    out: list[str] = []
    skip: str | None = None  # the dropped element we are inside
    last = 0
    for match in _TAG.finditer(html):
        if skip is None:
            out.append(html[last : match.start()])
        closing, name = match.group(1), match.group(2).lower()
        if skip is None and not closing and name in _DROPPED_TAGS:
            skip = name
        elif skip == name and closing:
            skip = None
        if skip is None and name in _BLOCK_TAGS:
            out.append("\n")
        elif skip is None:
            out.append(" ")
        last = match.end()
    if skip is None:
        out.append(html[last:])
    return htmllib.unescape("".join(out))


def _main_text(tree: object, url: str | None) -> str:
    """trafilatura's main text (metadata off: we read it ourselves, far more cheaply);
    a recall-oriented second pass when the balanced one finds nothing."""
    from trafilatura import bare_extraction

    for recall in (False, True):
        try:
            doc = bare_extraction(tree, url=url, include_comments=False, favor_recall=recall)
        except Exception:  # trafilatura/lxml on hostile markup: treat as "no text"
            doc = None
        if doc is not None and (doc.text or "").strip():
            return doc.text
    return ""


def _today() -> str:
    return datetime.now().strftime("%Y-%m-%d")


def _date(tree: object | None, header_date: date | None = None) -> tuple[date | None, str, str | None]:
    """(date, confidence, source), best evidence first: the page's markup (``<meta>``, JSON-LD,
    ``<time>``, the URL; never a date written in the body text), then a ``date YYYY-MM-DD``
    header line, then htmldate's extensive search, which reads the body text: low confidence."""
    if tree is not None:
        found = _find_date(_markup_only(tree), extensive=False)
        if found is not None:
            return found, "high", "html"
    if header_date is not None:
        return header_date, "high", "header"
    found = _find_date(tree, extensive=True) if tree is not None else None
    if found is not None:
        return found, "low", "htmldate"
    return None, "low", None


def _find_date(tree: object, extensive: bool) -> date | None:
    from htmldate import find_date

    try:
        return _parse_iso(find_date(tree, extensive_search=extensive, original_date=True, max_date=_today()))
    except Exception:  # htmldate heuristics on odd pages
        return None


def _markup_only(tree: object) -> object:
    """A copy of the page without the text of its body (markup, attributes, ``<time>`` and
    scripts such as JSON-LD kept), so that a date the article *mentions* is not taken for the
    date it was published: htmldate's fast pass also scans the text for ISO-like dates."""
    from copy import deepcopy

    copy = deepcopy(tree)
    body = copy.find(".//body") if hasattr(copy, "find") else None
    if body is not None:
        for el in body.iter():
            if not isinstance(el.tag, str):
                continue
            if el.tag not in ("time", "script"):
                el.text = None
            el.tail = None
    return copy


def _parse_iso(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _head_meta(html: str) -> dict[str, str]:
    """``<meta name|property=... content=...>`` pairs (lower-case keys, first one wins)."""
    found: dict[str, str] = {}
    for tag in _META.findall(html[:_HEAD_LIMIT]):
        attrs = {k.lower(): v.strip("\"'") for k, v in _ATTR.findall(tag)}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        value = clean_text(htmllib.unescape(attrs.get("content", "")))
        if key and value and key not in found:
            found[key] = value
    return found


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)


def _title(html: str, meta: dict[str, str], site: str | None) -> str:
    """og:title / twitter:title, else ``<title>`` without a trailing " | Site name"."""
    title = _first(meta, _TITLE_KEYS)
    if not title:
        match = _TITLE.search(html[:_HEAD_LIMIT])
        title = clean_text(htmllib.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))) if match else ""
    for sep in (" | ", " - ", " – ", " — "):
        head, _, tail = title.rpartition(sep)
        if head and (tail == site or len(tail) < len(head) / 3):
            return head.strip()
    return title


def _jsonld_author(html: str) -> str | None:
    match = _JSONLD_AUTHOR.search(html[:_HEAD_LIMIT])
    return clean_text(match.group(1)) or None if match else None


def _lang_hint(html: str, meta: dict[str, str]) -> str | None:
    """``<html lang>`` or ``og:locale`` / ``content-language``: primary subtag, lower case."""
    match = _HTML_LANG.search(html[:_HEAD_LIMIT])
    if match:
        return match.group(1).lower()
    value = _first(meta, ("og:locale", "content-language", "language"))
    code = re.match(r"[A-Za-z]{2,3}", value or "")
    return code.group(0).lower() if code else None
