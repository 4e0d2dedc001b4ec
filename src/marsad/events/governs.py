"""Which time expression of a sentence dates an event: the one that governs the event's clause.

A sentence often carries dates that belong to something else: "Syria, where more than 360,000
people have died since 2011", "crossed the border since the end of the Korean War in 1953",
"1,127 defections last year - compared with 2,706 in 2011". Such a date must not date the
sentence's event. An expression governs the event when

* it lies in the event trigger's clause: no clause boundary (comma, semicolon, colon,
  dash, bracket, quote, or a relative / subordinating word such as "where", "which",
  "when", حيث, التي, عندما) between the trigger and the expression; an expression that
  is a clause of its own at the head of the sentence ("On 8 December 2024, ...",
  "2006: ...") governs the clause after it;
* it is not the starting point of a state ("since 2011", منذ عام 2011) or the term of a
  comparison ("compared with ... in 2011", مقارنة ب...).

Anything else leaves the event to the article's publication date, marked as such.
"""

from __future__ import annotations

import re

from marsad.events.timex import Timex

_BOUNDARY = {
    "en": re.compile(r"[,;:()\[\]\"“”«»]|\s[-–—]\s|(?<!\w)(?:where|which|who|whom|whose|when|while|whereas|"
                     r"because|although|though|that|if|unless)(?!\w)", re.IGNORECASE),
    "ar": re.compile(r"[,،;؛:()\[\]\"“”«»]|\s[-–—]\s|(?<!\w)[وف]?(?:حيث|التي|الذي|الذين|اللذين|اللتين|اللواتي|عندما|"
                     r"حينما|بينما|فيما|لأن|إذ|إذا|لو|بأن|أن|إن)(?!\w)"),
}
_BACKGROUND = {
    "en": re.compile(r"(?<!\w)(?:since|compared\s+(?:with|to)|as\s+against|versus|than)(?!\w)(?:\W+\w+){0,6}\W*$", re.IGNORECASE),
    "ar": re.compile(r"(?<!\w)(?:منذ|مقارنة|مقارنةً|بالمقارنة|قياسا|قياساً)(?!\w)(?:\W+\w+){0,6}\W*$"),
}
_HEAD_WORDS = re.compile(r"(?<!\w)(?:on|in|at|by|since|during|early|late|earlier|later|في|يوم|منذ|خلال|مطلع|أواخر)(?!\w)", re.IGNORECASE)


def _lang(lang: str | None) -> str:
    return "ar" if lang == "ar" else "en"


def _boundaries(sentence: str, lang: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _BOUNDARY[lang].finditer(sentence)]


def same_clause(sentence: str, a: int, b: int, lang: str | None) -> bool:
    """No clause boundary strictly between positions ``a`` and ``b`` of ``sentence``."""
    lo, hi = min(a, b), max(a, b)
    return not any(lo <= s and e <= hi for s, e in _boundaries(sentence, _lang(lang)))


def is_background(sentence: str, tx: Timex, lang: str | None) -> bool:
    """A "since X" start of a state, or the term of a comparison."""
    return bool(_BACKGROUND[_lang(lang)].search(sentence[max(0, tx.start - 60):tx.start] + " "))


def _heads_sentence(sentence: str, tx: Timex, lang: str) -> int | None:
    """End of the sentence-initial clause that is only this expression ("On 8 May 2019, ..."), else None."""
    bounds = [(s, e) for s, e in _boundaries(sentence, lang) if s >= tx.end]
    if not bounds:
        return None
    start, end = bounds[0]
    lead = _HEAD_WORDS.sub(" ", sentence[:tx.start] + " " + sentence[tx.end:start])
    return end if len(re.findall(r"\w+", lead)) <= 1 and sentence[start] in ",،:-–—" else None


def governing_timex(sentence: str, start: int, end: int, timexes: list[Timex], lang: str | None) -> Timex | None:
    """The expression (sentence offsets) that dates the trigger ``sentence[start:end]``, if any."""
    lang = _lang(lang)
    best: tuple[int, Timex] | None = None
    for tx in timexes:
        if tx.kind == "duration" or not tx.value or is_background(sentence, tx, lang):
            continue
        head_end = _heads_sentence(sentence, tx, lang)
        if head_end is not None and start >= head_end:
            near = start - head_end
            governs = same_clause(sentence, head_end, start, lang)
        else:
            near = tx.start - end if tx.start >= end else start - tx.end
            governs = same_clause(sentence, tx.start if tx.start >= end else tx.end, end if tx.start >= end else start, lang)
        if governs and (best is None or abs(near) < best[0]):
            best = (abs(near), tx)
    return best[1] if best else None
