"""Token features for the Arabic CRF tagger (shared by training and tagging).

Per token: surface and folded form, clitic-stripped stem, prefixes and suffixes of the
folded form, shape, gazetteer membership (any clitic split), how often the word is a given
name or a surname in the arabic-name-romanizer dictionary, and the same for neighbours;
optionally (``CLUSTERS``, off in the shipped model) word-cluster bit-string prefixes.
"""

from __future__ import annotations

import math
import sqlite3
from functools import lru_cache

from marsad.entities.clusters import clusters, prefix_features
from marsad.entities.gazetteer import load_gazetteer
from marsad.entities.keys import _PARTICLES, clitic_splits, fold_arabic, has_arabic, strip_article


# Word-cluster features ("c": the word's, "cs": the clitic-stripped word's; ``marsad.entities.clusters``).
# Off: on the document-level dev split they did not pay (docs/evaluation.md); the shipped model has none.
CLUSTERS: tuple[str, ...] = ()
NEIGHBOUR_CLUSTERS: tuple[str, ...] = ()  # cluster features also given for the +-1 neighbours ("cs6", "cs10")


@lru_cache(maxsize=1)
def name_units() -> dict[str, tuple[int, int]]:
    """Folded Arabic name unit -> (given-name count, surname count) from arabic-name-romanizer."""
    try:
        from arabic_name_romanizer.api import default_resources_dir
    except ImportError:
        return {}
    path = default_resources_dir() / "names.sqlite3"
    if not path.exists():
        return {}
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT arabic_key, role, SUM(count) FROM units GROUP BY arabic_key, role").fetchall()
    finally:
        con.close()
    out: dict[str, tuple[int, int]] = {}
    for key, role, count in rows:
        given, surname = out.get(fold_arabic(key), (0, 0))
        out[fold_arabic(key)] = (given + count * (role == "given"), surname + count * (role != "given"))
    return out


def _bucket(n: int) -> str:
    return str(min(int(math.log10(n)) + 1, 4)) if n > 0 else "0"


def _shape(word: str) -> str:
    if word.isdigit():
        return "digit"
    if has_arabic(word):
        return "ar"
    if word.isalpha():
        return "Latin" if word[0].isupper() else "latin"
    return "punct" if len(word) == 1 else "other"


def _gazetteer_kind(word: str) -> str:
    gaz = load_gazetteer()
    for cut, rest in clitic_splits(word):
        pid = gaz.by_key.get(rest)
        if pid:
            return gaz.places[pid].kind + ("" if cut == 0 else "+cl")
        if rest in gaz.demonyms:
            return "demonym"
        if rest in gaz.adjectives:
            return "adjective"
    return "none"


def _stem(word: str) -> str:
    """The clitic-stripped key of a word: the first split whose rest is a known place or name."""
    gaz, units = load_gazetteer(), name_units()
    splits = clitic_splits(word)
    for _, rest in splits[1:]:
        if rest in gaz.by_key or rest in units or ("ال" + rest) in units:
            return rest
    return splits[0][1]


def _cluster_of_stem(folded: str) -> str | None:
    """Cluster of the word without its proclitics (و ف ب ل ك, then ال), the longest cut that is known."""
    table = clusters("ar")
    for prefix in _PARTICLES:
        rest = folded[len(prefix):]
        if folded.startswith(prefix) and len(rest) >= 3:
            for cand in (("ال" + rest) if prefix.endswith("لل") else rest, strip_article(rest)):
                if cand in table:
                    return table[cand]
    noart = strip_article(folded)
    return table.get(noart, table.get(folded))


def word_features(word: str) -> dict[str, str]:
    """Features of one word on its own (cached per word form)."""
    return dict(_word_features(word))


@lru_cache(maxsize=200_000)
def _word_features(word: str) -> tuple[tuple[str, str], ...]:
    folded = fold_arabic(word)
    stem = _stem(word)
    given, surname = name_units().get(folded, name_units().get(strip_article(folded), (0, 0)))
    feats = {
        "w": folded, "stem": stem, "noart": strip_article(folded), "shape": _shape(word),
        "p1": folded[:1], "p2": folded[:2], "p3": folded[:3], "s1": folded[-1:], "s2": folded[-2:],
        "s3": folded[-3:], "len": str(min(len(folded), 8)), "al": str(folded.startswith("ال")),
        "gaz": _gazetteer_kind(word), "given": _bucket(given), "surname": _bucket(surname),
    }
    if CLUSTERS and "c" in CLUSTERS:
        feats.update(prefix_features("c", clusters("ar").get(folded)))
    if CLUSTERS and "cs" in CLUSTERS:
        feats.update(prefix_features("cs", _cluster_of_stem(folded)))
    return tuple(feats.items())


def sentence_features(words: list[str]) -> list[list[str]]:
    """CRF feature strings for each word of a sentence, with a +-2 word window."""
    own = [word_features(w) for w in words]
    out = []
    for i, feats in enumerate(own):
        f = [f"{k}={v}" for k, v in feats.items()] + ["bias"]
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < len(words):
                n = own[j]
                f += [f"{d}@w={n['w']}", f"{d}@gaz={n['gaz']}", f"{d}@given={n['given']}", f"{d}@surname={n['surname']}"]
                if abs(d) == 1:
                    f += [f"{d}@stem={n['stem']}", f"{d}@shape={n['shape']}", f"{d}@s2={n['s2']}"]
                    f += [f"{d}@{k}={n[k]}" for k in NEIGHBOUR_CLUSTERS if k in n]
            else:
                f.append(f"{d}@edge")
        if i > 0:
            f.append(f"bigram={own[i - 1]['w']}|{feats['w']}")
        out.append(f)
    return out
