"""Tokenisation with character offsets and BIO span decoding, shared by the taggers."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+(?:[-’'][\w\u064b-\u065f\u0670]+)*|[^\w\s]")


@dataclass(frozen=True)
class Token:
    """A token of a text: ``text[start:end] == form``."""

    start: int
    end: int
    form: str


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word and punctuation tokens of ``text[start:end]`` with offsets into ``text``.

    Punctuation stuck to words is split off ("برئاسة .وفي" -> "برئاسة", ".", "وفي");
    hyphenated and apostrophised Latin names stay whole ("al-Shar’a").
    """
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def bio_spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """Token spans (first, last + 1, type) from BIO or IO labels; a stray I- opens a span."""
    spans: list[tuple[int, int, str]] = []
    current: list = []
    for i, label in enumerate(list(labels) + ["O"]):
        kind = label[2:] if label[:2] in ("B-", "I-") else None
        if current and (kind != current[2] or label.startswith("B-")):
            spans.append((current[0], i, current[2]))
            current = []
        if kind and not current:
            current = [i, i + 1, kind]
    return spans
