"""Article-level consistency of entity types, and spans back to BIO labels (shared by both taggers)."""

from __future__ import annotations

from marsad.entities.keys import name_key

Span = tuple[int, int, str, float]  # start, end (offsets into the text), label, score
TYPES = ("PER", "ORG", "LOC")


def majority_types(text: str, spans: list[Span]) -> list[Span]:
    """Article-level type consistency: every span of a name (same ``name_key``) gets the type
    it has most often in the article (ties: the type of its surest span)."""
    votes: dict[str, dict[str, float]] = {}
    for s, e, lab, score in spans:
        if lab in TYPES:
            v = votes.setdefault(name_key(text[s:e]), {})
            v[lab] = v.get(lab, 0.0) + 1 + score / 100
    best = {k: max(v, key=v.get) for k, v in votes.items()}
    return [(s, e, best[name_key(text[s:e])] if lab in TYPES else lab, sc) for s, e, lab, sc in spans]


def spans_to_labels(words: list[str], starts: list[int], spans: list[Span]) -> list[str]:
    """BIO labels of the words (starting at ``starts`` in the text) covered by ``spans``."""
    labels = ["O"] * len(words)
    for s, e, kind, _ in spans:
        idx = [i for i, st in enumerate(starts) if st < e and s < st + len(words[i])]
        for j, i in enumerate(idx):
            labels[i] = ("B-" if j == 0 else "I-") + kind
    return labels
