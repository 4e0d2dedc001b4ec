"""Claims: clause-sized spans of each article, matched across the articles of a story.

A sentence is cut into clauses at the joints where outlets add or drop content (", and
that", "، وطلب", "؛", ", while", "لاسيما" ...). A clause is *shared* when a clause of
another article says the same thing: the cosine of the two clause vectors plus the
fact bonus reaches ``inside`` when their sentences were aligned, or the stricter
``outside`` anywhere else in the other article. Matched clauses are grouped (connected
components) into the rows of the coverage matrix; a row seen in one article only is
*unique* to it; a row whose matched clauses disagree on a number, date, place or actor
is a *conflict*. Without a clause embedder, clauses are whole sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from marsad.compare.align import AlignParams, fact_bonus

_EN_JOINT = re.compile(
    r"(?:,|;)\s+(?=(?:and that|and whether|while|during which|but|whereas|not through|which|and the|and it|and he|and she|and they)\b)"
    r"|;\s+|:\s+(?=[“\"A-Z])"
)
_AR_JOINT = re.compile(
    r"[،,؛;]\s*(?=(?:و|ف|لاسيما|لا سيما|مشير|مؤكد|رغم|بينما|لكن|على أن|كما|إلا أن|الذي|التي)\S*)"
    r"|[؛;]\s*|:\s*(?=[\"“«])|(?:(?<!\d)\.|\.(?!\d))\s*(?=\S)"  # not the point of "20.4"
)
MIN_CLAUSE = 25


@dataclass(frozen=True)
class ClaimParams:
    """Clause-matching thresholds (cosine + fact bonus)."""

    inside: float = 0.45  # between clauses of aligned sentences
    outside: float = 0.65  # between clauses of sentences that were not aligned
    window: int = 1  # sentences next to an aligned one (on either side) count as aligned
    # An attribution clause ("وفي حديث لمجلة المجلة، قال الشيباني:" / "In an interview with
    # Al-Majalla, al-Shibani said") carries little but names: when two or more of its linked
    # entities all appear in a clause of the other article, that weaker match is enough.
    covered: float = 0.25


def split_clauses(text: str, lang: str | None) -> list[tuple[int, int]]:
    """Clause spans (relative offsets, stripped) of one sentence; short pieces join the previous one."""
    joint = _AR_JOINT if lang == "ar" else _EN_JOINT
    cuts = [0] + [m.end() for m in joint.finditer(text) if 0 < m.end() < len(text)] + [len(text)]
    spans: list[list[int]] = []
    for a, b in zip(cuts, cuts[1:]):
        if spans and (b - a < MIN_CLAUSE or spans[-1][1] - spans[-1][0] < MIN_CLAUSE):
            spans[-1][1] = b
        else:
            spans.append([a, b])
    if len(spans) > 1 and spans[-1][1] - spans[-1][0] < MIN_CLAUSE:
        spans[-2][1] = spans.pop()[1]
    return [_strip(text, a, b) for a, b in spans if text[a:b].strip()]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


@dataclass
class ClauseUnit:
    """A clause of one article (offsets into ``Article.text``) with its facts and vector."""

    article: int  # position of the article in the story
    sentence: int
    start: int
    end: int
    text: str
    facts: object
    vector: np.ndarray | None = None
    damaged: bool = False  # a scraper gap was detected inside the clause


def match_clauses(
    units: list[ClauseUnit],
    linked: set[tuple[int, int, int, int]],
    params: ClaimParams,
    align: AlignParams,
) -> list[tuple[int, int, float]]:
    """(unit index, unit index, score) of matched clauses of different articles.

    ``linked`` holds (article, sentence, article, sentence) of aligned sentences. A clause
    keeps its best match in each other article when it reaches the threshold; a match inside
    the aligned window beats one outside it (position is evidence too), and there, when either
    clause has a detected scraper gap, the malus for entities named on both sides with none
    shared is dropped (the gap took the shared name: "Moscow’s support" vs "أن دعم [روسيا] للأسد").
    """
    if not units:
        return []
    vecs = np.array([u.vector for u in units], dtype=np.float32)
    cos = vecs @ vecs.T
    out = []
    for i, u in enumerate(units):
        best: dict[int, tuple[bool, float, int]] = {}
        for j, v in enumerate(units):
            if v.article == u.article:
                continue
            near = any((u.article, u.sentence + d, v.article, v.sentence) in linked
                       or (u.article, u.sentence, v.article, v.sentence + d) in linked
                       for d in range(-params.window, params.window + 1))
            bonus = fact_bonus(u.facts, v.facts, align)
            s = float(cos[i, j]) + (max(bonus, 0.0) if near and (u.damaged or v.damaged) else bonus)
            threshold = params.covered if _covered(u.facts, v.facts) else params.inside if near else params.outside
            if s >= threshold and (near, s) > best.get(v.article, (False, -9.0, -1))[:2]:
                best[v.article] = (near, s, j)
        out += [(i, j, s) for _, s, j in best.values()]
    return out


def _covered(fa: object, fb: object) -> bool:
    """Two or more linked entities of one clause all appear in the other."""
    ents_a, ents_b = set(getattr(fa, "entities", ())), set(getattr(fb, "entities", ()))
    return len(ents_a) >= 2 and ents_a <= ents_b


def groups(n: int, edges: list[tuple[int, int, float]]) -> list[int]:
    """Connected-component label of each of ``n`` units (union-find)."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in edges:
        parent[find(i)] = find(j)
    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(n)]
