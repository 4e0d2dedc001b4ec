"""Cross-lingual sentence alignment between two articles of a story.

Scores are the cosine of the two sentence vectors (any bundled multilingual backend)
plus small bonuses when the sentences share numbers, dates or linked entities, plus a
positional prior (outlets mostly tell a story in the same order). Alignment is greedy
mutual-best above a threshold, then one-to-many merges: a sentence joins a neighbour's
link when the mean vector of the merged block (a stand-in for the embedding of the
concatenated sentences) matches the other side at least as well, which is how one
outlet condensing into one sentence what another spells out in three is captured.
A last pass attaches each sentence still unaligned to the link of its best match when it
sits next to that link's sentences (or one unaligned sentence away, bridged in) and its own score (cosine + shared entities,
numbers, dates + position) reaches ``attach_threshold``: a translation or paraphrase that
splits one sentence in three has parts whose mean vector drifts, but each part still
points at the same sentence.
Thresholds were chosen on the NTREX dev half only (scripts/eval_alignment.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from marsad.compare.features import Facts


@dataclass(frozen=True)
class AlignParams:
    """Tunable weights and thresholds (defaults from the dev split, use-m3 vectors)."""

    threshold: float = 0.42  # a mutual-best pair needs at least this score
    merge_threshold: float = 0.40  # a sentence joining a neighbour's link needs this pair score
    merge_slack: float = 0.0  # the merged block may lose at most this much cosine
    number_bonus: float = 0.10
    date_bonus: float = 0.08
    entity_bonus: float = 0.12
    position_weight: float = 0.10
    attach_threshold: float = 0.45  # an unaligned neighbour of a link joins it with this score to its best match


@dataclass
class Link:
    """Sentences ``a`` of the first article say what sentences ``b`` of the second say."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float
    cosine: float

    def pairs(self) -> list[tuple[int, int]]:
        """Every (a, b) sentence pair this link covers."""
        return [(i, j) for i in self.a for j in self.b]


def _overlap(x: set, y: set) -> float:
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def fact_bonus(fa: Facts, fb: Facts, params: AlignParams) -> float:
    """Bonus for shared numbers, dates and linked entities; a malus when both sides name
    entities and none is shared (they are most likely about different things)."""
    ents_a, ents_b = set(fa.entities), set(fb.entities)
    disjoint = params.entity_bonus if ents_a and ents_b and not ents_a & ents_b else 0.0
    dates_a = {d[:2] for d in fa.dates if d[1]}
    dates_b = {d[:2] for d in fb.dates if d[1]}
    return (
        params.number_bonus * _overlap(fa.numbers(), fb.numbers())
        + params.date_bonus * _overlap(dates_a, dates_b)
        + params.entity_bonus * _overlap(ents_a, ents_b)
        - disjoint
    )


def score_matrix(
    va: np.ndarray, vb: np.ndarray, fa: list[Facts] | None, fb: list[Facts] | None, params: AlignParams
) -> tuple[np.ndarray, np.ndarray]:
    """(cosine, score) matrices of shape (len(a), len(b))."""
    cos = np.asarray(va, dtype=np.float32) @ np.asarray(vb, dtype=np.float32).T
    n, m = cos.shape
    pa = (np.arange(n) + 0.5) / max(n, 1)
    pb = (np.arange(m) + 0.5) / max(m, 1)
    score = cos + params.position_weight * (1.0 - np.abs(pa[:, None] - pb[None, :]))
    if fa is not None and fb is not None:
        for i, f in enumerate(fa):
            for j, g in enumerate(fb):
                score[i, j] += fact_bonus(f, g, params)
    return cos, score


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def _mutual_best(score: np.ndarray, threshold: float) -> dict[int, int]:
    best_b = score.argmax(axis=1)
    best_a = score.argmax(axis=0)
    return {i: int(j) for i, j in enumerate(best_b) if best_a[j] == i and score[i, j] >= threshold}


def _fits(row: np.ndarray, other: list[int], params: AlignParams) -> bool:
    """A free sentence may join a link when its best match lies in the link's other side."""
    inside = float(row[other].max())
    return inside >= params.merge_threshold and inside >= float(row.max()) - params.merge_slack


def _grow(block: list[int], other: list[int], vs: np.ndarray, vo: np.ndarray, score: np.ndarray,
          taken: set[int], params: AlignParams) -> list[int]:
    """Extend ``block`` (rows of ``score``) with free neighbours whose merge does not hurt."""
    target = _unit(vo[other].sum(axis=0))
    current = float(_unit(vs[block].sum(axis=0)) @ target)
    changed = True
    while changed:
        changed = False
        for k in (min(block) - 1, max(block) + 1):
            if k < 0 or k >= len(vs) or k in taken or not _fits(score[k], other, params):
                continue
            merged = float(_unit(vs[block + [k]].sum(axis=0)) @ target)
            if merged >= current - params.merge_slack:
                block, current, changed = sorted(block + [k]), max(current, merged), True
                taken.add(k)
    return block


def _attach(links: list[Link], score: np.ndarray, params: AlignParams) -> None:
    """Attach unaligned sentences next to a link whose other side holds their best match."""
    for side in ("a", "b"):
        matrix = score if side == "a" else score.T
        changed = True
        while changed:
            changed = False
            mine = {i: k for k, link in enumerate(links) for i in getattr(link, side)}
            theirs = {j: k for k, link in enumerate(links) for j in getattr(link, "b" if side == "a" else "a")}
            for i in range(matrix.shape[0]):
                if i in mine:
                    continue
                j = int(matrix[i].argmax())
                k = theirs.get(j)
                if k is None or matrix[i, j] < params.attach_threshold:
                    continue
                block = getattr(links[k], side)
                lo, hi = min(block), max(block)
                # next to the block, or one unaligned sentence away (that one is bridged in too)
                join = {i} if i in (lo - 1, hi + 1) else {i, i + 1} if i == lo - 2 and i + 1 not in mine else \
                    {i, i - 1} if i == hi + 2 and i - 1 not in mine else set()
                if join:
                    setattr(links[k], side, tuple(sorted(set(block) | join)))
                    mine.update(dict.fromkeys(join, k))
                    changed = True


def align_pair(
    va: np.ndarray,
    vb: np.ndarray,
    fa: list[Facts] | None = None,
    fb: list[Facts] | None = None,
    params: AlignParams | None = None,
) -> list[Link]:
    """Align the sentences of two articles (vectors ``va``, ``vb``; facts optional)."""
    params = params or AlignParams()
    if len(va) == 0 or len(vb) == 0:
        return []
    cos, score = score_matrix(va, vb, fa, fb, params)
    pairs = sorted(_mutual_best(score, params.threshold).items())
    taken_a, taken_b = {i for i, _ in pairs}, {j for _, j in pairs}
    links = []
    for i, j in pairs:
        block_b = _grow([j], [i], vb, va, score.T, taken_b, params)
        block_a = _grow([i], block_b, va, vb, score, taken_a, params)
        sub = cos[np.ix_(block_a, block_b)]
        links.append(Link(tuple(block_a), tuple(block_b), float(score[np.ix_(block_a, block_b)].max()), float(sub.max())))
    if params.attach_threshold < 9:
        _attach(links, score, params)
    return links
