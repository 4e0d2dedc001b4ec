"""RawItem -> Article: decode, extract, clean, strip boilerplate, detect language, split.

The one function the pipeline calls for every input item. It does no I/O; every expected
failure is an IngestError naming the input.
"""

from __future__ import annotations

import re

from marsad import dedupe
from marsad.errors import IngestError
from marsad.ingest.boilerplate import strip_boilerplate
from marsad.ingest.decode import decode
from marsad.ingest.extract import extract_html
from marsad.model import Article, RawItem, Sentence
from marsad.text.dates import parse_date
from marsad.text.language import detect, detect_sentences, language_mix
from marsad.text.normalise import clean_text, strip_markup
from marsad.text.sentences import split_sentences

MAX_TITLE_LINE = 200  # a first line longer than this is body text, not a headline
MIN_LETTERS = 20  # fewer letters than a one-line news brief ("x", "404", "[]") is not an article
MAX_TEXT_CHARS = 100_000  # an article's text is cut here (at a line or word break), meta["text_cut"] set
MAX_HTML_CHARS = 5_000_000  # an HTML page is cut here before parsing (lxml holds ~30x the page), meta["html_cut"]
_HTML_SNIFF = re.compile(r"^\s*(<!doctype\s+html|<html|<head|<body|<meta|<div|<article|<p[\s>])", re.I)


def build_article(item: RawItem) -> Article:
    """Turn one raw input into a cleaned Article (no id, no duplicate check yet)."""
    text = item.data if isinstance(item.data, str) else decode(item.data, item.origin, item.declared_charset)[0]
    meta = dict(item.meta)
    extracted = None
    if _is_html(item.kind, text):
        page = text
        if len(page) > MAX_HTML_CHARS:
            meta["html_cut"] = len(page)
            page = page[:MAX_HTML_CHARS]
        extracted = extract_html(page, url=meta.get("url"))
        del page
        body = extracted.text
    else:
        body = text
    body = clean_text(body)
    cleaned = strip_boilerplate(body)
    body = cleaned.text
    if len(body) > MAX_TEXT_CHARS:
        meta["text_cut"] = len(body)
        body = cut_text(body, MAX_TEXT_CHARS)
    title = strip_markup(clean_text(str(meta.get("title") or (extracted.title if extracted else "") or ""))).strip()
    if not title and meta.get("title_from", "first-line") == "first-line":
        title, body = _title_from_first_line(body)
    body = body.strip()
    if not body:
        raise IngestError("E104", origin=item.origin)
    letters = sum(1 for ch in body if ch.isalpha())
    if letters < MIN_LETTERS:
        raise IngestError("E111", origin=item.origin, letters=letters, minimum=MIN_LETTERS)
    article = Article(
        origin=item.origin,
        text=body,
        title=title,
        raw=text if len(text) <= 2_000_000 else text[:2_000_000],
        url=meta.get("url"),
        source=str(meta.get("source") or (extracted.site if extracted and extracted.site else "") or "unknown"),
        author=meta.get("author") or (extracted.author if extracted else None),
        boilerplate=(extracted.boilerplate if extracted else []) + cleaned.removed,
        meta={k: v for k, v in meta.items() if k not in {"title", "url", "source", "author", "published", "lang"}},
    )
    _set_date(article, meta.get("published"), extracted, cleaned.header_date)
    set_language_and_sentences(article, meta.get("lang"))
    article.content_hash = dedupe.content_hash(body)
    article.id = article.content_hash[:16]
    return article


def cut_text(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at the last line break in the final tenth,
    else the last space there, else exactly at ``limit`` (one giant word)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    floor = limit - limit // 10
    for sep in ("\n", " "):
        at = head.rfind(sep, floor)
        if at > 0:
            return head[:at].rstrip()
    return head


def _is_html(kind: str, text: str) -> bool:
    if kind == "html":
        return True
    if kind in ("txt", "text", "json"):
        return False
    return bool(_HTML_SNIFF.match(text[:1000]))


def _title_from_first_line(body: str) -> tuple[str, str]:
    """Headline = the first non-empty line when it looks like one; else the first sentence.

    A short first line followed by more text is removed from the body. A long first line
    (the Arabic seed is one long line) stays in the body and its first sentence, cut at a
    word boundary, serves as the title.
    """
    stripped = body.lstrip()
    first, _, rest = stripped.partition("\n")
    first = first.strip()
    if first and len(first) <= MAX_TITLE_LINE and rest.strip():
        return first, rest
    spans = split_sentences(stripped)
    lead = stripped[spans[0][0] : spans[0][1]] if spans else first
    if len(lead) > 120:
        lead = lead[:120].rsplit(" ", 1)[0] + " …"
    return lead, stripped


def _set_date(article: Article, published, extracted, header_date) -> None:  # type: ignore[no-untyped-def]
    """Publication date, by precedence: the source's own field, the page, a date header line."""
    value = parse_date(published) if published else None
    if value is not None:
        article.published, article.published_from = value, "meta"
    elif extracted is not None and extracted.published is not None:
        article.published = extracted.published
        low = "" if extracted.date_confidence == "high" else "-low"
        article.published_from = f"{extracted.date_source or 'html'}{low}"
    elif header_date is not None:
        article.published, article.published_from = header_date, "header"
    elif article.meta.get("captured") and (captured := parse_date(article.meta["captured"])) is not None:
        article.published, article.published_from = captured, "capture"  # a web archive's WARC-Date


def set_language_and_sentences(article: Article, declared: str | None) -> None:
    spans = split_sentences(article.text)
    texts = [article.text[s:e] for s, e in spans]
    langs = detect_sentences(texts) if texts else []
    article.sentences = [
        Sentence(index=i, start=s, end=e, text=t, lang=lang)
        for i, ((s, e), t, (lang, _conf)) in enumerate(zip(spans, texts, langs))
    ]
    main, shares, mixed = language_mix([s.lang for s in article.sentences], [len(t) for t in texts])
    lang, confidence = detect(article.text[:5000])
    article.lang = (declared or main or lang) if declared or main or lang else None
    article.lang_confidence = 1.0 if declared else confidence
    article.langs, article.mixed = shares, mixed
