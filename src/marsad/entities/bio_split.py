"""Document-level held-out splits of a BIO corpus kept in document order (ANERcorp's train file).

ANERcorp has no document markers, and some of its articles occur twice (the same wire story
in two papers). A random *sentence* split therefore puts sentences of one article on both
sides and flatters the dev score. ``document_split`` holds out ``blocks`` contiguous runs of
sentences spread over the file, drops ``buffer`` sentences on each side of every run from
training (so an article cut by a run's edge does not straddle the split), and drops from
training every sentence whose words equal a held-out sentence's (the duplicated articles).
Deterministic: the same corpus and parameters give the same split.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

S = TypeVar("S", bound=Sequence)


@dataclass
class Split:
    """Indices of the training and held-out sentences, and what was dropped between them."""

    train: list[int]
    held_out: list[int]
    buffer_dropped: int
    duplicates_dropped: int


def _words(sentence: Sequence) -> tuple[str, ...]:
    return tuple(tok[0] if isinstance(tok, tuple) else tok for tok in sentence)


def document_split(sentences: Sequence[S], fraction: float = 0.1, blocks: int = 5, buffer: int = 15) -> Split:
    """Hold out ``blocks`` evenly spaced contiguous runs covering ``fraction`` of the sentences.

    Each run starts at the middle of its stretch of the file, so neither the first nor the
    last article of the file is always held out. Raises ValueError on impossible parameters.
    """
    n = len(sentences)
    if not 0 < fraction < 1 or blocks < 1 or buffer < 0:
        raise ValueError("need 0 < fraction < 1, blocks >= 1, buffer >= 0")
    size = max(1, round(n * fraction / blocks))
    stretch = n // blocks
    if size + 2 * buffer > stretch:
        raise ValueError(f"{n} sentences are too few for {blocks} runs of {size} with a buffer of {buffer}")
    held, near = set(), set()
    for b in range(blocks):
        start = b * stretch + (stretch - size) // 2
        held.update(range(start, start + size))
        near.update(range(max(0, start - buffer), min(n, start + size + buffer)))
    held_words = {_words(sentences[i]) for i in held}
    train, dup = [], 0
    for i in range(n):
        if i in near:
            continue
        if _words(sentences[i]) in held_words:
            dup += 1
            continue
        train.append(i)
    return Split(train, sorted(held), len(near - held), dup)


def write_bio(path, sentences: Sequence[Sequence[tuple[str, str]]]) -> None:
    """Write sentences of (token, tag) as ``token TAG`` lines, a blank line between sentences."""
    with open(path, "w", encoding="utf-8") as fh:
        for sent in sentences:
            fh.write("".join(f"{w} {t}\n" for w, t in sent) + "\n")
