"""Token features for the English CRF tagger over spaCy's analysis (shared by training and tagging).

The CRF (``ner_en``, trained by scripts/train_ner_en.py on wikigold, which follows the CoNLL-2003
guidelines) reads spaCy's own entity tag (``B-GPE``, ``I-ORG``...), its part-of-speech tag and
the word's shape, affixes and gazetteer membership, for the word and its neighbours. It learns
how OntoNotes types map onto PER/ORG/LOC in context (GPE as an organisation, NORP as no
mention, FAC as a place) and where spaCy's spans start and end, which a fixed table cannot.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.entities.gazetteer import load_gazetteer
from marsad.entities.keys import name_key


@lru_cache(maxsize=100_000)
def _gazetteer_kind(word: str) -> str:
    gaz = load_gazetteer()
    key = name_key(word)
    if not key or not word[:1].isupper():
        return "none"
    if key in gaz.by_key:
        return "place"
    if key in gaz.demonyms:
        return "demonym"
    if gaz.adjective(word):
        return "adjective"
    return "none"


def _shape(text: str) -> str:
    out = []
    for ch in text[:6]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _token(tok) -> dict[str, str]:
    return _features(tok.text, tok.tag_, tok.ent_iob_, tok.ent_type_)


@lru_cache(maxsize=200_000)
def _features(text: str, tag: str, iob: str, etype: str) -> dict[str, str]:
    """Features of one token (cached; callers must not change the dict)."""
    low = text.lower()
    ent = f"{iob}-{etype}" if etype else "O"
    return {
        "w": low, "shape": _shape(text), "tag": tag, "ent": ent, "etype": etype or "O",
        "p3": low[:3], "s3": low[-3:], "s2": low[-2:], "gaz": _gazetteer_kind(text),
        "title": str(text[:1].isupper()), "upper": str(text.isupper() and len(text) > 1),
    }


def doc_features(doc) -> list[list[str]]:
    """CRF feature strings for each token of a spaCy ``Doc`` (one sentence), +-2 token window."""
    own = [_token(t) for t in doc]
    out = []
    for i, feats in enumerate(own):
        f = [f"{k}={v}" for k, v in feats.items()] + ["bias"]
        if i == 0:
            f.append("first")
        for d in (-2, -1, 1, 2):
            j = i + d
            if not 0 <= j < len(own):
                f.append(f"{d}@edge")
                continue
            n = own[j]
            f += [f"{d}@ent={n['ent']}", f"{d}@tag={n['tag']}", f"{d}@title={n['title']}"]
            if abs(d) == 1:
                f += [f"{d}@w={n['w']}", f"{d}@shape={n['shape']}", f"{d}@gaz={n['gaz']}"]
        f.append(f"ent|tag={feats['ent']}|{feats['tag']}")
        out.append(f)
    return out
