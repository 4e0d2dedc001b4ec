"""A learned actor/target tagger for Arabic PROTEST and ASSAULT sentences (a CRF).

``events_roles.crfsuite`` (python-crfsuite, trained by ``scripts/train_events.py --roles`` on the
actor/target spans of the Arabic event GSR dev half) labels each token ``B-A``/``I-A`` (who did
it), ``B-T``/``I-T`` (to whom) or ``O``. Its features: the folded word and its clitic-stripped
form, prefixes and suffixes, whether the word is one of actors.py's actor nouns or a demonym,
the entity or nominal-actor label of the candidate covering it, the cue-word trigger types and
the token's position relative to the nearest trigger, and the same for its neighbours.

GSR actors are mostly common nouns after an Arabic verb (المتظاهرون, مهاجم انتحاري, سيارة مفخخة),
which the role rules (roles.py) miss; coding.py asks the tagger for the actor of an Arabic PROTEST
or ASSAULT event (docs/evaluation.md says when, and what it gains on held-out documents).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from marsad.events.actors import COUNTRIES, Candidate
from marsad.events.lexical import fold, strip_clitics

MODEL = "events_roles.crfsuite"
TYPES = ("PROTEST", "ASSAULT")
_TOKEN = re.compile(r"[\w\u064b-\u0652\u0640]+|[^\w\s]")


@dataclass
class Span:
    """A tagged role: sentence offsets, its text and the tagger's mean marginal probability."""

    start: int
    end: int
    text: str
    role: str  # "A" actor, "T" target
    confidence: float


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Words and single punctuation marks with their offsets."""
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


def _actor_words() -> set[str]:
    from marsad.events.actors import _AR_BARE, _AR_SECTOR

    found = set()
    for table in (_AR_BARE, _AR_SECTOR):
        for phrase in table:
            found.update(strip_clitics(fold(w)) for w in phrase.split())
    return found


_ACTOR_WORDS = _actor_words()
_DEMONYM = re.compile("(?:" + "|".join(sorted({fold(stem) for *_, stem in COUNTRIES.values()}, key=len, reverse=True)) + ")(?:ي|يه|يا|يين|يون)$")


def _rel(i: int, triggers: list[int]) -> str:
    if not triggers:
        return "none"
    d = min((j - i for j in triggers), key=abs)  # >0: the trigger is after the token
    if d == 0:
        return "0"
    if abs(d) <= 3:
        return f"{-d:+d}"
    return "after" if d < 0 else "before"


def token_features(text: str, toks: list[tuple[int, int, str]], cands: list[Candidate], lang: str | None = "ar") -> list[list[str]]:
    """CRF features per token (``cands`` are the sentence's actor candidates, actors.py)."""
    from marsad.events.cues import find_cues

    cues = find_cues(text, lang)
    cue_of = [next((c.type for c in cues if c.start < e and s < c.end), "") for s, e, _ in toks]
    triggers = [i for i, c in enumerate(cue_of) if c]
    label_of = []
    for s, e, _ in toks:
        c = next((c for c in cands if c.start < e and s < c.end), None)
        label_of.append("" if c is None else (("B-" if c.start >= s else "I-") + c.label))
    base = []
    for i, (_, _, word) in enumerate(toks):
        f = fold(word)
        st = strip_clitics(f)
        base.append({
            "s": st, "p2": st[:2], "p3": st[:3], "x2": st[-2:], "x3": st[-3:],
            "al": str(f != st), "pun": str(not word[0].isalnum()), "act": str(st in _ACTOR_WORDS),
            "dem": str(bool(_DEMONYM.match(st))), "cue": cue_of[i], "ent": label_of[i],
        })
    out = []
    for i, b in enumerate(base):
        feats = ["bias", f"w={fold(toks[i][2])}", f"rel={_rel(i, triggers)}", f"pos={min(i, 5)}"]
        feats += [f"{k}={v}" for k, v in b.items()]
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < len(base):
                n = base[j]
                feats += [f"{off}:s={n['s']}", f"{off}:cue={n['cue']}", f"{off}:ent={n['ent']}", f"{off}:act={n['act']}"]
            else:
                feats.append(f"{off}:edge")
        out.append(feats)
    return out


@lru_cache(maxsize=1)
def load_tagger() -> Any:
    """The bundled role CRF (a ``pycrfsuite.Tagger``)."""
    from marsad.entities.crf import load_crf
    from marsad.errors import MarsadError

    try:
        return load_crf(str(resources.files("marsad") / "data" / "models" / MODEL))
    except MarsadError as exc:  # E500 names the NER scripts; this model comes from train_events.py
        raise MarsadError("E600", name=MODEL, detail=str(exc.fields.get("detail", exc))) from None


def tag_roles(text: str, cands: list[Candidate], lang: str | None = "ar", tagger: Any = None,
              floor: float | None = None) -> list[Span]:
    """Actor and target spans the tagger finds in a sentence, in text order.

    With ``floor``, a sentence where no token is labelled actor gets the one token most likely
    to be (or to be inside) an actor, when that marginal probability is at least ``floor``.
    """
    toks = tokens(text)
    if not toks:
        return []
    crf = tagger if tagger is not None else load_tagger()
    labels = crf.tag(token_features(text, toks, cands, lang))
    spans: list[Span] = []
    i = 0
    while i < len(labels):
        if labels[i] == "O":
            i += 1
            continue
        role, j = labels[i][2:], i + 1
        while j < len(labels) and labels[j] == f"I-{role}":
            j += 1
        conf = sum(crf.marginal(labels[k], k) for k in range(i, j)) / (j - i)
        start, end = toks[i][0], toks[j - 1][1]
        spans.append(Span(start, end, text[start:end], role, round(conf, 3)))
        i = j
    if floor is not None and not any(s.role == "A" for s in spans):
        marg = [max(crf.marginal("B-A", k), crf.marginal("I-A", k)) if toks[k][2][0].isalnum() else 0.0 for k in range(len(toks))]
        k = max(range(len(toks)), key=marg.__getitem__)
        if marg[k] >= floor and marg[k] > 0:
            spans.append(Span(toks[k][0], toks[k][1], toks[k][2], "A", round(marg[k], 3)))
            spans.sort(key=lambda s: s.start)
    return spans


def gold_labels(text: str, actors: list[list[str]], targets: list[list[str]]) -> list[str]:
    """BIO labels of the tokens of ``text`` from annotators' span token lists (union; actor wins)."""
    toks = [t for _, _, t in tokens(text)]
    role = ["O"] * len(toks)
    for tag, spans in (("T", targets), ("A", actors)):
        for span in spans:
            words = [t for tok in span for _, _, t in tokens(tok)]
            n = len(words)
            at = next((i for i in range(len(toks) - n + 1) if toks[i:i + n] == words), None) if n else None
            hits = list(range(at, at + n)) if at is not None else [toks.index(w) for w in words if w in toks]
            for k in hits:
                role[k] = tag
    return [r if r == "O" else (f"I-{r}" if i and role[i - 1] == r else f"B-{r}") for i, r in enumerate(role)]
