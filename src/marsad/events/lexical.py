"""Lexical features of a sentence for the learned event detectors and the role tagger.

Arabic words are folded (no diacritics or tatweel, one alef, ى -> ي, ة -> ه) and the clitics
و/ف, ب/ل/ك and ال are stripped, so "والمتظاهرين" and "متظاهرين" share their features. A sentence
gives three blocks of features:

* ``w:`` word unigrams and ``b:`` bigrams of the stripped words;
* ``c:`` character 2-5-grams inside each stripped word (with word-boundary marks), which
  catch inflections the stripping misses (يتظاهرون, تظاهرات);
* ``q:`` the cue-word types (cues.py) found in the sentence (``-neg`` when negated).

The detectors weigh them TF-IDF style (sublinear counts, one L2 norm per block); the vocabulary,
idf and weights are in ``events_detect.npz`` (scripts/train_events.py --gsr).
"""

from __future__ import annotations

import re
from collections import Counter

_DIACRITICS = re.compile(r"[\u064b-\u0652\u0670\u0640]")
_ALEF = str.maketrans("أإآٱ", "اااا")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_AR = re.compile(r"[\u0600-\u06ff]")
_CLITICS = re.compile(r"^(?:[وف])?(?:[بلك])?(?:ال|لل)?(?=\w{2})")
BLOCKS = ("w", "c", "q")


def fold(text: str) -> str:
    """Arabic letters unified, Latin lower-cased."""
    return _DIACRITICS.sub("", text).translate(_ALEF).replace("ى", "ي").replace("ة", "ه").lower()


def strip_clitics(word: str) -> str:
    """A folded Arabic word without و/ف, ب/ل/ك and ال in front (at least two letters kept)."""
    return _CLITICS.sub("", word) if _AR.match(word) else word


def stems(text: str) -> list[str]:
    """The folded, clitic-stripped words of a text."""
    return [strip_clitics(w) for w in _TOKEN.findall(fold(text))]


def features(text: str, lang: str | None = "ar") -> Counter[str]:
    """Feature counts of one sentence (prefixes ``w:``, ``b:``, ``c:``, ``q:``)."""
    from marsad.events.cues import find_cues, is_negated

    words = stems(text)
    out: Counter[str] = Counter()
    for i, w in enumerate(words):
        out["w:" + w] += 1
        if i:
            out[f"b:{words[i - 1]}_{w}"] += 1
        marked = f"<{w}>"
        for n in range(2, 6):
            for j in range(len(marked) - n + 1):
                out["c:" + marked[j:j + n]] += 1
    for cue in find_cues(text, lang):
        negated = is_negated(text, cue.start, lang)
        out[f"q:{cue.type}{'-neg' if negated else ''}"] = 1
    return out


def block(feature: str) -> str:
    """The block a feature belongs to: bigrams count with the words."""
    head = feature[0]
    return "w" if head == "b" else head
