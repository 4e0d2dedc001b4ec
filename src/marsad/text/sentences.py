"""Sentence splitting that knows Arabic punctuation and scraper damage.

Rules, in order (see :func:`split_sentences`):

* a newline always ends a sentence (paragraphs and list items are never joined);
* the end marks are ``. ! ? …`` plus Arabic ``؟`` and ``؛`` (and ``。 ।``); the Arabic comma
  ``،`` is not an end mark; closing quotes and brackets after the mark (``." ». ”) ؟"``)
  stay with the sentence, and a run of marks and closers (``؟".``) is one boundary;
* followed by a space, a mark ends the sentence unless the word before it is an abbreviation
  (Mr., Dr., Gen., e.g.), a single initial or dotted acronym (J. F., U.S.), a number heading a
  list item ("1."), or the next word starts with a lower-case Latin letter; an ellipsis
  (``..``, ``...``, ``…``) ends a sentence only before an upper-case letter or a quote;
* with *no* space after it (scraper damage: "...سوريا.وفي", '"…دائم؟".وأوضح'), a mark still
  ends the sentence when an Arabic letter follows, or an upper-case Latin letter follows a
  lower-case word; decimals (3.5), acronyms (U.S.), URLs and e-mail addresses never split;
* no sentence is longer than ``MAX_SENTENCE_CHARS``: a longer run (a table flattened into one
  line, a hostile page with no punctuation or spaces) is cut at the last space before the limit,
  or at the limit, so no later stage is handed megabytes as one sentence.
"""

from __future__ import annotations

import re

_MARKS = ".!?…؟؛。।"
_CLOSERS = "\"'”’»)]}›」』"
_BOUNDARY = re.compile(rf"(?:[{re.escape(_MARKS)}]+[{re.escape(_CLOSERS)}]*)+")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u0671-\u06D3\u06FA-\u06FF]")
_TOKEN_BEFORE = re.compile(r"\S*$")
_NEXT_WORD = re.compile(r"\s*(\S*)")
_URLISH = re.compile(r"(://|www\.|@|\.(com|org|net|gov|edu|io|uk|fr|de)\b)", re.IGNORECASE)
_OPENERS = "\"'“‘«(["
MAX_SENTENCE_CHARS = 3000  # far above any real sentence; bounds what NER and the embedder get

# Never end a sentence: titles and words that are followed by a name or number.
TITLES = frozenset(
    "mr mrs ms dr prof sr jr st gen col lt maj sgt capt cmdr adm rep sen gov pres rev hon fr "
    "mt ft no nos vol art sec ch fig pp p vs v cf approx dept est op ed eds".split()
)
# Abbreviations that end a sentence only before an upper-case word.
SOFT_ABBREVIATIONS = frozenset(
    "etc inc ltd co corp bros jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu "
    "fri sat sun a.m p.m e.g i.e al".split()
)


def split_sentences(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character spans of the sentences of ``text``.

    ``text[start:end]`` is the stripped sentence; spans are ordered and never overlap.
    Fragments without any letter or digit (a lone "..." or "*") are not sentences.
    ``lang`` is accepted for callers that know it; the rules above work for every language.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in _cuts(text):
        _add_span(text, start, cut, spans)
        start = cut
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        _add_span(text, start, cut, spans)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end and any(ch.isalnum() for ch in text[start:end]):
        spans.append((start, end))


def _cuts(text: str) -> list[int]:
    """Boundary offsets (sentence ends) in ascending order, newlines included."""
    cuts = {m.start() for m in re.finditer(r"\n", text)}
    for match in _BOUNDARY.finditer(text):
        if _is_boundary(text, match.start(), match.end()):
            cuts.add(match.end())
    return sorted(cuts)


def _is_boundary(text: str, start: int, end: int) -> bool:
    mark = text[start:end]
    after = text[end] if end < len(text) else "\n"
    if after == "\n":
        return True
    if after.isspace():
        return _ends_before_space(text, start, end, mark)
    return _ends_glued(text, start, end, mark, after)


def _ends_before_space(text: str, start: int, end: int, mark: str) -> bool:
    nxt = _next_word(text, end)
    if "…" in mark or ".." in mark:
        return bool(nxt) and (nxt[0].isupper() or nxt[0] in _OPENERS)
    if nxt[:1].islower() and nxt[:1].isascii():
        return False
    if mark[0] != ".":
        return True
    return not _is_abbreviation(text, start, nxt)


def _ends_glued(text: str, start: int, end: int, mark: str, after: str) -> bool:
    before = text[start - 1] if start > 0 else " "
    word = _word_before(text, start)
    token = word + mark + _next_word(text, end)
    if _URLISH.search(token) or (before.isdigit() and after.isdigit()):
        return False
    if _ARABIC_LETTER.match(after):
        return True
    if after.isupper() and (before.islower() or before.isdigit()) and mark[0] in ".!?؟…":
        return len(word) >= 2
    return False


def _word_before(text: str, start: int) -> str:
    """The run of non-space characters just before ``start`` (at most 64 of them)."""
    return _TOKEN_BEFORE.search(text[max(0, start - 64):start]).group(0)


def _next_word(text: str, end: int) -> str:
    match = _NEXT_WORD.match(text, end, end + 96)
    word = match.group(1) if match else ""
    return word.lstrip(_OPENERS) or word


def _is_abbreviation(text: str, start: int, nxt: str) -> bool:
    """True if the '.' at ``start`` closes an abbreviation, an initial or a list number."""
    token = _word_before(text, start).lstrip(_OPENERS)
    key = token.lower()
    if key in TITLES:
        return True
    if key in SOFT_ABBREVIATIONS:
        return not nxt[:1].isupper()
    if re.fullmatch(r"[A-Za-z]", token) or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
        return True
    if token.isdigit() and len(token) <= 3:
        line_start = text.rfind("\n", 0, start) + 1
        return not text[line_start:start - len(token)].strip()
    return False
