"""Batched transliteration gives exactly what one-at-a-time transliteration gives."""

import re

from marsad.entities import transliterate
from marsad.entities.transliterate import romanize, romanize_many
from marsad_testing import SEEDS


def _seed_words() -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    words = list(dict.fromkeys(re.findall(r"[\u0600-\u06ff]{3,}", text)))
    return words[:120] + ["أحمد الشرع", "عبد الله", "بشار الأسد"]


def test_batched_spellings_equal_one_by_one():
    words = _seed_words()
    transliterate._CACHE.clear()
    alone = {w: romanize(w) for w in words}
    transliterate._CACHE.clear()
    romanize_many(words)
    assert all((w, 3) in transliterate._CACHE for w in words)
    assert {w: romanize(w) for w in words} == alone
    assert any(alone.values())  # the romanizer did run


def test_batch_ignores_latin_and_cached_names():
    transliterate._CACHE.clear()
    romanize_many(["Damascus", "", "دمشق", "دمشق"])
    assert set(transliterate._CACHE) == {("دمشق", 3)}
    assert romanize("Damascus") == ("Damascus",)
