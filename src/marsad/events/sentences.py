"""Sentences of an article: the text stage's split when present, else a simple fallback."""

from __future__ import annotations

import re

from marsad.model import Article, Sentence

# End of sentence: . ! ? ؟ (not "..") with optional closing quotes, then space or a letter
# (Arabic scraper damage glues sentences: "برئاسة .وفي").
_END = re.compile(r"(?<!\.)[.!?؟](?!\.)[\"”»']*(?=\s|[^\W\d_]|$)|\n+")


def split_sentences(text: str, lang: str | None = None) -> list[Sentence]:
    """Fallback splitter with exact offsets: ``text[s.start:s.end] == s.text``."""
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        _add(out, text, start, m.end(), lang)
        start = m.end()
    _add(out, text, start, len(text), lang)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, lang: str | None) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > 1 and re.search(r"\w", text[start:end]):
        out.append(Sentence(len(out), start, end, text[start:end], lang))


def sentences_of(article: Article) -> list[Sentence]:
    """``article.sentences`` if the text stage filled them, else the fallback split."""
    return article.sentences or split_sentences(article.text, article.lang)
