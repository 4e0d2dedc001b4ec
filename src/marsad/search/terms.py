"""Search terms: the Arabic-aware form of text that the keyword index stores and queries use.

Each word is folded (marsad.text.normalise.fold: alef/ya/ta-marbuta variants, tashkeel and
tatweel removed, Latin case-folded). An Arabic word that carries proclitics is indexed twice,
as written and without them ("وموسكو" -> "وموسكو موسكو"; "بالعاصمة" -> "بالعاصمه عاصمه"),
so a query for the bare word finds every prefixed form. English words are stemmed by the
index itself (FTS5 porter tokenizer).
"""

from __future__ import annotations

import re

from marsad.text.normalise import fold, strip_clitics

_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIC = re.compile(r"[\u0600-\u06FF]")


def terms(text: str) -> list[str]:
    """Folded words of ``text`` plus clitic-stripped variants of Arabic words."""
    out: list[str] = []
    for word in _WORD.findall(fold(text)):
        out.append(word)
        if _ARABIC.search(word):
            bare = strip_clitics(word)
            if bare != word:
                out.append(bare)
    return out


def index_text(text: str) -> str:
    return " ".join(terms(text))


def query_groups(query: str) -> list[list[str]]:
    """One group per query word: the word and its clitic-stripped form (either may match)."""
    groups = []
    for word in _WORD.findall(fold(query)):
        variants = [word]
        if _ARABIC.search(word):
            bare = strip_clitics(word)
            if bare != word:
                variants.append(bare)
        groups.append(variants)
    return groups
