"""Token features for the English CRF tagger over spaCy's analysis (shared by training and tagging).

The CRF (``ner_en``, trained by scripts/train_ner_en.py on wikigold, which follows the CoNLL-2003
guidelines) reads spaCy's own entity tag (``B-GPE``, ``I-ORG``...), its part-of-speech tag and
the word's shape, affixes and gazetteer membership, for the word and its neighbours, and
organisation cues: a head word (Party, Ministry, Bank, Army...) in a run of capitalised words,
and the one-word names of the curated organisations (NATO, Hamas). It learns
how OntoNotes types map onto PER/ORG/LOC in context (GPE as an organisation, NORP as no
mention, FAC as a place) and where spaCy's spans start and end, which a fixed table cannot.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.entities.clusters import clusters, prefix_features
from marsad.entities.gazetteer import load_gazetteer
from marsad.entities.keys import name_key


# Word-cluster features (``marsad.entities.clusters``): off, they did not pay on wikigold's held-out
# documents (docs/evaluation.md); the shipped model has none.
CLUSTERS = False
NEIGHBOUR_CLUSTERS: tuple[str, ...] = ("c6", "c10")  # cluster features also given for the +-1 neighbours
ORG_CUES = True  # organisation head-word features (``org_cues``); the shipped model is trained with them


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


# Head words that end (or, "University of ...", start) organisation names: CoNLL ORG cues.
ORG_HEADS = frozenset(
    "inc inc. corp corp. corporation co co. ltd ltd. llc plc company group party ministry council university "
    "agency front army brigade brigades bank association committee commission organisation organization union "
    "league club fc united institute college school academy court authority forces force movement foundation "
    "airlines airways records network times post press news television radio tv federation alliance coalition "
    "assembly parliament senate congress department office bureau service services society church navy "
    "regiment division battalion police guard guards team industries holdings systems technologies labs "
    "studios entertainment publishing publications museum hospital centre center fund trust board".split()
)


@lru_cache(maxsize=1)
def _org_words() -> frozenset[str]:
    """One-word English names of the curated organisations (``exonyms``), case kept: NATO, Hamas, WHO."""
    from marsad.entities.exonyms import organisations

    return frozenset(f for org in organisations().values() for f in org.aliases if f.isascii() and " " not in f and f[:1].isupper())


_MINOR = frozenset("a an the of and or in on at to for with by from as into over under after before".split())


def title_case(texts: list[str]) -> bool:
    """True for a title-case line (a headline): 4+ words besides articles, prepositions and
    conjunctions, every one of them capitalised."""
    words = [t for t in texts if t[:1].isalpha() and t.lower() not in _MINOR]
    return len(words) >= 4 and all(t[:1].isupper() for t in words)


def org_cues(texts: list[str]) -> list[str]:
    """Per token: "head" for an organisation head word (Party, Bank...) after or in a capitalised
    word, "run" for the capitalised words right before it and for an ``of``/``for`` phrase right
    after it ("Bank of England", "Ministry for Foreign Affairs"), else "no". Only what touches the
    head counts, so a title-case headline is not one long name ("Russian Forces Before the Fall")."""
    n, out = len(texts), ["no"] * len(texts)
    if title_case(texts):
        return out  # a headline capitalises every word: capitals say nothing there
    for i, text in enumerate(texts):
        if text.lower() not in ORG_HEADS or not text[:1].isupper():
            continue
        out[i] = "head"
        j = i - 1
        while j >= 0 and texts[j][:1].isupper() and texts[j].lower() not in ORG_HEADS and out[j] == "no":
            out[j] = "run"
            j -= 1
        j = i + 1
        if j + 1 < n and texts[j] in ("of", "for") and texts[j + 1][:1].isupper():
            out[j] = "run"
            j += 1
            while j < n and texts[j][:1].isupper() and out[j] == "no":
                out[j] = "run"
                j += 1
    return out


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
        **(prefix_features("c", clusters("en").get(low)) if CLUSTERS else {}),
    }


def doc_features(doc) -> list[list[str]]:
    """CRF feature strings for each token of a spaCy ``Doc`` (one sentence), +-2 token window."""
    own = [_token(t) for t in doc]
    cues = org_cues([t.text for t in doc]) if ORG_CUES else []
    orgw = _org_words() if ORG_CUES else frozenset()
    out = []
    for i, feats in enumerate(own):
        f = [f"{k}={v}" for k, v in feats.items()] + ["bias"]
        if ORG_CUES:
            f += [f"org={cues[i]}", f"orgw={doc[i].text in orgw}"]
            f += [f"{d}@org={cues[i + d]}" for d in (-1, 1) if 0 <= i + d < len(cues)]
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
                f += [f"{d}@{k}={n[k]}" for k in NEIGHBOUR_CLUSTERS if k in n]
        f.append(f"ent|tag={feats['ent']}|{feats['tag']}")
        out.append(f)
    return out
