"""Sound skeletons: compare a name across Arabic and Latin script without transliterating it.

Both scripts are mapped to one small alphabet of consonant classes; vowels (and the Arabic
letters that write them, ا و ي), h and the glottal letters (ء ع ه ة) are dropped, doubles merged:

    "Ivanov" / "إيفانوف" -> "FNF",   "Sturridge" / "ستوريدج" -> "STRJ",   "Putin" / "بوتين" -> "BTN"

Classes join the sounds the other script writes with one letter: p/b (ب), v/f (ف), g/j/gh
(ج غ), s/z/sh/ch (س ز ش ص تش), t/th (ت ط ث), d/dh (د ض ذ), k/q/c/kh (ك ق خ). The transliteration
model (arabic-name-romanizer) spells Arabic names the French way ("بوتين" -> "Boutine"), which
misses English spellings; the skeleton is blind to that. Checked as a ranking against random
distractors on ``../shared/data/wikidata-names-ar-en`` (scripts/eval_name_match.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from marsad.entities.keys import has_arabic, latin_key, name_key

MATCH_MIN = 80  # rapidfuzz ratio of two skeletons for "the same name"

_LATIN_RULES = [
    (r"sch|tch|sh|ch|zh|tsh", "S"), (r"kh|ck|qu|q|k", "K"), (r"dj|dg|gh|gu|gj|g|j", "J"), (r"th|t", "T"),
    (r"ph|f|v", "F"), (r"dh|d", "D"), (r"x", "KS"), (r"c(?=[eiy])", "S"), (r"c", "K"), (r"[sz]", "S"),
    (r"[bp]", "B"), (r"l", "L"), (r"m", "M"), (r"n", "N"), (r"r", "R"),
]
_LATIN = re.compile("|".join(f"(?P<r{i}>{p})" for i, (p, _) in enumerate(_LATIN_RULES)))
_ARABIC = {"ب": "B", "پ": "B", "ت": "T", "ط": "T", "ث": "T", "ج": "J", "غ": "J", "گ": "J", "خ": "K", "ق": "K",
           "ك": "K", "د": "D", "ض": "D", "ذ": "D", "ر": "R", "ز": "S", "س": "S", "ص": "S", "ش": "S", "ظ": "S",
           "ف": "F", "ڤ": "F", "ل": "L", "م": "M", "ن": "N"}
_ARABIC_PAIRS = {"تش": "S", "دج": "J", "تس": "S"}
TITLES = frozenset(
    "president judge justice mr mrs ms dr king queen prince princess sheikh minister general gen sen senator rep "
    "gov governor lord sir pope capt captain col lt sgt prime chancellor "
    "رئيس الرئيس الرئيسه قاضي القاضي السيد السيده الملك الملكه الامير الاميره الشيخ وزير الوزير الجنرال "
    "الدكتور دكتور المستشار النائب السفير العقيد اللواء الفريق الامام البابا".split()
)


def _latin_class(match: re.Match) -> str:
    return _LATIN_RULES[int(match.lastgroup[1:])][1] if match.lastgroup else ""


def _merge(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


@lru_cache(maxsize=1 << 16)
def word_skeleton(word: str) -> str:
    """Skeleton of one word (Arabic: folded, without the article; Latin: a ``latin_key`` word)."""
    if has_arabic(word):
        out, i = [], 0
        while i < len(word):
            pair = word[i:i + 2]
            if pair in _ARABIC_PAIRS:
                out.append(_ARABIC_PAIRS[pair])
                i += 2
                continue
            out.append(_ARABIC.get(word[i], ""))
            i += 1
        return _merge("".join(out))
    return _merge(_LATIN.sub(_latin_class, word.lower()).translate(str.maketrans("", "", "aeiouyhw'")).upper())


def name_words(text: str) -> list[str]:
    """The words of a name's key without leading titles ("القاضي كافانو" -> ["كافانو"])."""
    words = (name_key(text) if has_arabic(text) else latin_key(text)).split()
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return words


def skeleton_words(text: str) -> list[str]:
    """Skeleton of each word of a name (titles removed, empty skeletons dropped). A Latin
    acronym ("CNN", "U.N.") has none: Arabic spells its letters out ("سي إن إن")."""
    if not has_arabic(text) and re.fullmatch(r"[A-Z][A-Z.&-]{1,7}", text.strip()):
        return []
    return [s for s in (word_skeleton(w) for w in name_words(text)) if s]


def similarity(a: str, b: str) -> float:
    """Rapidfuzz ratio of the two names' whole skeletons (a tie-breaker between matches)."""
    return fuzz.ratio(" ".join(skeleton_words(a)), " ".join(skeleton_words(b)))


def words_match(a: str, b: str) -> bool:
    """Two word skeletons are one name: same first class, ratio >= MATCH_MIN, and equal when short."""
    if not a or not b or a[0] != b[0]:
        return False
    if max(len(a), len(b)) <= 3:  # "KN" (CNN) is not "KFN" (كافانو): short skeletons must be equal
        return a == b
    return fuzz.ratio(a, b) >= MATCH_MIN


def sounds_alike(a: str, b: str) -> bool:
    """Two whole names sound alike: as many words, each pair matching in order, 3+ classes in all."""
    sa, sb = skeleton_words(a), skeleton_words(b)
    if not sa or len(sa) != len(sb):
        return False
    if not all(map(words_match, sa, sb)):
        # a name of several words may differ in one short word ("St." / "سانت") when its
        # longest word matches and the whole skeletons are close
        longest = max(range(len(sa)), key=lambda i: len(sa[i]))
        return len(sa) > 1 and words_match(sa[longest], sb[longest]) and fuzz.ratio(" ".join(sa), " ".join(sb)) >= 85
    return sum(map(len, sa)) >= 3 or sa == sb and len(sa[0]) == 2


def part_of(partial: str, full: str) -> float:
    """How well a shorter name is a part of a longer one ("كافانو" of "Brett Kavanaugh"): the mean
    ratio of its word skeletons with their matches (0 when a word has none or it is not shorter)."""
    sp, sf = skeleton_words(partial), skeleton_words(full)
    if not sp or len(sp) >= len(sf) or sum(map(len, sp)) < 3:
        return 0.0
    scores = []
    for p in sp:
        hits = [fuzz.ratio(p, f) for f in sf if words_match(p, f)]
        if not hits:
            return 0.0
        scores.append(max(hits))
    return sum(scores) / len(scores)
