"""Clause vectors computed by a comparison are kept, so a later comparison embeds nothing."""

from __future__ import annotations

import numpy as np

from marsad.compare.store import cached_embed


class CountingEmbedder:
    """A deterministic text -> vector function that records what it was asked to embed."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.stack([np.frombuffer(t.encode("utf-8").ljust(16, b"\0")[:16], dtype=np.uint8).astype(np.float32)
                         for t in texts])


def test_second_call_reads_the_kept_vectors(bare_store):
    texts = ["In an interview with Al-Majalla, al-Shibani said", "وفي حديث لمجلة المجلة، قال الشيباني", "x"]
    first_embed = CountingEmbedder()
    with bare_store.connect() as conn:
        first = cached_embed(conn, "test-model", first_embed)(texts + texts[:1])
    assert first_embed.seen == texts  # a repeated text is embedded once
    again = CountingEmbedder()
    with bare_store.connect() as conn:
        second = cached_embed(conn, "test-model", again)(texts)
        other_model = CountingEmbedder()
        cached_embed(conn, "other-model", other_model)(texts[:1])
    assert again.seen == []
    assert np.array_equal(second, first[:3])
    assert other_model.seen == texts[:1]  # vectors are per model


def test_only_new_texts_are_embedded(bare_store):
    with bare_store.connect() as conn:
        cached_embed(conn, "m", CountingEmbedder())(["one clause", "two clause"])
        later = CountingEmbedder()
        out = cached_embed(conn, "m", later)(["two clause", "three clause"])
    assert later.seen == ["three clause"]
    assert out.shape == (2, 16)
