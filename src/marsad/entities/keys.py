"""Matching keys for names: Arabic folding, clitic stripping and Latin keys.

Keys are for comparison only: mentions keep their original surface form and offsets.
Arabic folding unifies the alef forms (أ إ آ ٱ -> ا), alef maqsura (ى -> ي), ta marbuta
(ة -> ه) and hamza seats (ؤ -> و, ئ -> ي), and removes diacritics and tatweel. Latin keys
are lower-cased, accent-free, apostrophe-free, with the article "al-"/"el-"/"the" removed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_AR_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640\u06d6-\u06ed]")
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ی": "ي", "ک": "ك"})
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_APOSTROPHES = re.compile("[’'ʼ`‘ʿʾ´]")
_LATIN_ARTICLES = frozenset({"al", "el", "the", "ul"})
# Proclitic sequences, longest first: conjunction (و ف), preposition (ب ل ك) and article (ال).
_PARTICLES = ("ولل", "فلل", "لل", "وب", "فب", "ول", "فل", "وك", "و", "ف", "ب", "ل", "ك")


def has_arabic(text: str) -> bool:
    """True when ``text`` contains an Arabic-script letter."""
    return bool(_ARABIC.search(text))


def fold_arabic(text: str) -> str:
    """Fold Arabic letter variants and drop diacritics and tatweel (not length-preserving)."""
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ")
    return _AR_DIACRITICS.sub("", text).translate(_AR_FOLD)


def strip_article(word: str) -> str:
    """Remove a leading Arabic article ال (and لل) from a folded word when 3+ letters remain."""
    for prefix in ("لل", "ال"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):] if prefix == "ال" else word[2:]
    return word


@lru_cache(maxsize=1 << 17)
def clitic_splits(word: str) -> tuple[tuple[int, str], ...]:
    """Possible splits of a surface word into a proclitic and the rest, no split first.

    Returns (characters of ``word`` taken by the proclitic, key of the rest):
    "وموسكو" -> ((0, "وموسكو"), (1, "موسكو")); "للشيباني" -> ((0, ...), (2, "شيباني"), (1, ...)).
    Only splits leaving at least three letters are offered; the caller decides which is right.
    Cached per word form (the taggers and the projection ask for the same words again and again).
    """
    letters = [(i, ch) for i, ch in enumerate(word) if not _AR_DIACRITICS.match(ch)]
    folded = "".join(ch for _, ch in letters).translate(_AR_FOLD)
    out = [(0, strip_article(folded))]
    for prefix in _PARTICLES:
        rest = folded[len(prefix):]
        if folded.startswith(prefix) and len(rest) >= 3:
            cut = letters[len(prefix)][0] if len(prefix) < len(letters) else len(word)
            out.append((cut, strip_article(rest)))
    return tuple(out)


def arabic_word_key(word: str) -> str:
    """Key of one Arabic word: folded, without the article."""
    return strip_article(fold_arabic(word))


def latin_key(text: str) -> str:
    """Key of a Latin-script name: "Ahmed al-Shar’a" -> "ahmed shara"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text).lower().replace("-", " ")
    words = [w for w in re.findall(r"\w+", text) if w not in _LATIN_ARTICLES]
    return " ".join(words)


@lru_cache(maxsize=1 << 18)
def name_key(text: str) -> str:
    """Matching key for a name in any script (Arabic words folded, article removed)."""
    if has_arabic(text):
        words = re.findall(r"[\w\u0600-\u06ff]+", fold_arabic(text))
        return " ".join(strip_article(w) for w in words)
    return latin_key(text)


def skeleton(key: str) -> str:
    """Consonant skeleton of a Latin key: vowels, y/w/h-after-consonant dropped, doubles merged.

    "shibani" and "shaibani" -> "sbn"; "tartus" and "tartous" -> "trts".
    """
    s = re.sub(r"(?<=[sckgdtz])h", "", key.replace(" ", ""))
    s = re.sub(r"[aeiouyw]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)
