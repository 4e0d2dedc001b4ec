"""Snippets: the sentence that matches the query, and where the query's words are in it.

A sentence matches a query word when one of its words, folded (marsad.text.normalise.fold)
and with Arabic proclitics stripped (ال، و، ب، ل …), equals the query word in the same form
("العاصمة" matches "بالعاصمة"; "Moscow" matches "moscow"). English words also match on a
shared stem of at least five letters ("airstrikes" / "airstrike").
"""

from __future__ import annotations

import re
from typing import Sequence

from marsad.search import terms as search_terms
from marsad.text.normalise import fold, strip_clitics

_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIC = re.compile(r"[\u0600-\u06FF]")
STEM = 5  # letters an English word and a query word must share at the start, when not equal


def _forms(word: str) -> set[str]:
    folded = fold(word)
    return {folded, strip_clitics(folded)} if _ARABIC.search(folded) else {folded}


def _matches(forms: set[str], wanted: set[str]) -> bool:
    if forms & wanted:
        return True
    return any(f.isascii() and w.isascii() and len(f) >= STEM and len(w) >= STEM and f[:STEM] == w[:STEM]
               and (f.startswith(w) or w.startswith(f)) for f in forms for w in wanted)


def query_words(query: str) -> set[str]:
    """Every form of the query's words a sentence word may match."""
    return {v for g in search_terms.query_groups(query) for v in g}


def highlights(text: str, query: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` whose words match a query word, in order."""
    wanted = query_words(query)
    return [(m.start(), m.end()) for m in _WORD.finditer(text) if _matches(_forms(m.group()), wanted)]


def best_sentence(sentences: Sequence[str], query: str) -> int | None:
    """Index of the sentence with the most distinct matched query words (earliest on ties), or None."""
    wanted = query_words(query)
    best, best_n = None, 0
    for i, sentence in enumerate(sentences):
        n = len({w for w in wanted if any(_matches(_forms(m.group()), {w}) for m in _WORD.finditer(sentence))})
        if n > best_n:
            best, best_n = i, n
    return best


def cut(text: str, spans: list[tuple[int, int]], width: int = 240) -> tuple[str, list[tuple[int, int]]]:
    """At most ``width`` characters of ``text`` around its first highlighted span, with the
    spans moved into the cut ("…" marks a cut start)."""
    if len(text) <= width:
        return text, spans
    start = 0
    if spans and spans[0][1] > width:
        start = max(0, spans[0][0] - width // 3)
        start = text.rfind(" ", 0, start) + 1 if " " in text[:start] else start
    piece = text[start : start + width]
    prefix = "…" if start else ""
    moved = [(a - start + len(prefix), b - start + len(prefix)) for a, b in spans if a >= start and b <= start + width]
    return prefix + piece, moved
