"""Attribution in the text: "according to Reuters", "told AFP", "(SANA) -", "نقلا عن وكالة
سانا", "بحسب رويترز", "ذكرت وكالة الأناضول". A phrase counts only when what follows the trigger
is a registered outlet's name (any alias, either script): a person or an unnamed "source"
after "according to" is not an outlet being copied. An interview given to a publication
("in an interview with Al-Majalla", "في حديث لمجلة المجلة") is not a citation: outlets that
re-report an interview write their own text (the two seeds do)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.sources.registry import alias_key
from marsad.text.normalise import fold, fold_with_offsets

# Trigger phrases, written naturally and folded at import, like the text they are matched in.
_EN = [r"according to", r"told", r"reported by", r"quoted by", r"cited by", r"via", r"citing"]
_AR = ["نقلا عن", "نقلاً عن", "وفقا ل", "وفقاً ل", "بحسب", "حسب", "ذكرت", "أفادت", "أوردت", "نقلت",
       "قالت", "أعلنت", "صرح ل", "في تصريح ل", "في تصريحات ل", "لوكالة"]
_TRIGGER = re.compile(
    r"(?<!\w)[وف]?(?:" + "|".join(sorted({re.escape(fold(t)) for t in _EN + _AR}, key=len, reverse=True)) + r")"
)
_DATELINE = re.compile(r"\(([^()\n]{2,40})\)\s*[-–—:]")  # "DAMASCUS (Reuters) -", "دمشق (سانا) -"
_WORD = re.compile(r"\w+")
_AFTER = 60  # folded characters read after a trigger
_LEADING = {"the", "وكاله", "صحيفه", "قناه", "موقع", "مجله", "news", "agency"}


@dataclass(frozen=True)
class Attribution:
    outlet: str  # registry key
    start: int  # offsets into the article text of the whole phrase
    end: int
    phrase: str


def _outlet_at(words: list[str], names: dict[str, str]) -> tuple[str, int] | None:
    """The outlet whose alias the words begin with (longest first), and how many words it took."""
    for n in range(min(len(words), 7), 0, -1):
        cand = " ".join(words[:n])
        if cand in names:
            return names[cand], n
    return None


def _candidates(words: list[str]) -> list[list[str]]:
    """The words after a trigger as written, without a proclitic lam ("لوكالة" -> "وكالة"),
    and without a leading "the"/"agency" word, so both "وكالة سانا" and "سانا" are tried."""
    out = [words]
    if words and words[0].startswith("ل") and len(words[0]) > 2:
        out.append([words[0][1:], *words[1:]])
    for w in list(out):
        if w and w[0] in _LEADING:
            out.append(w[1:])
    return out


def find_attributions(text: str, names: dict[str, str]) -> list[Attribution]:
    """Every attribution to a registered outlet in ``text``; ``names`` maps alias keys
    (registry.alias_key) to outlet keys, as ``Resolver.names`` does."""
    folded, offsets = fold_with_offsets(text)
    found: list[Attribution] = []
    for m in _TRIGGER.finditer(folded):
        tail = folded[m.end(): m.end() + _AFTER]
        words = _WORD.findall(tail)
        for cand in _candidates(words):
            hit = _outlet_at(cand, names)
            if hit is not None:
                end = _end_of_words(folded, m.end(), len(words) - len(cand) + hit[1])
                found.append(_make(text, offsets, m.start(), end, hit[0]))
                break
    for m in _DATELINE.finditer(folded):
        key = names.get(alias_key(m.group(1)))
        if key is not None:
            found.append(_make(text, offsets, m.start(), m.end(1) + 1, key))
    return sorted(found, key=lambda a: a.start)


def _end_of_words(folded: str, start: int, n_words: int) -> int:
    """The folded offset just after ``n_words`` words from ``start``."""
    it = re.finditer(r"\w+", folded[start:])
    end = start
    for _, w in zip(range(n_words), it):
        end = start + w.end()
    return end


def _make(text: str, offsets: list[int], a: int, b: int, key: str) -> Attribution:
    start = offsets[a] if a < len(offsets) else len(text)
    end = offsets[b - 1] + 1 if 0 < b <= len(offsets) else len(text)
    return Attribution(outlet=key, start=start, end=end, phrase=text[start:end])
