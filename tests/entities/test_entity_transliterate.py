"""Batched transliteration gives exactly what one-at-a-time transliteration gives."""

import re

from marsad.entities import transliterate
from marsad.entities.transliterate import romanize, romanize_many
from marsad_testing import SEEDS


def _seed_words() -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    words = list(dict.fromkeys(re.findall(r"[\u0600-\u06ff]{3,}", text)))
    return words[:120] + ["أحمد الشرع", "عبد الله", "بشار الأسد"]


def _batched_equals_one_by_one(items: list[str]) -> dict[str, object]:
    """Spell ``items`` one at a time, then in batches from an empty cache: both must agree."""
    transliterate._CACHE.clear()
    alone = {w: romanize(w) for w in items}
    transliterate._CACHE.clear()
    romanize_many(items)
    assert all((w, 3) in transliterate._CACHE for w in items)
    assert {w: romanize(w) for w in items} == alone
    return alone


def test_batched_spellings_equal_one_by_one():
    alone = _batched_equals_one_by_one(_seed_words())
    assert any(alone.values())  # the romanizer did run


def test_batch_ignores_latin_and_cached_names():
    transliterate._CACHE.clear()
    romanize_many(["Damascus", "", "دمشق", "دمشق"])
    assert set(transliterate._CACHE) == {("دمشق", 3)}
    assert romanize("Damascus") == ("Damascus",)


def _seed_names() -> list[str]:
    """Two- and three-word runs of the seeds' Arabic words: names whose parts differ in length."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    out = []
    for line in text.splitlines():
        words = re.findall(r"[\u0600-\u06ff]{2,}", line)
        out += [" ".join(words[i:i + n]) for n in (2, 3) for i in range(0, len(words) - n + 1, 4)]
    return list(dict.fromkeys(out))[:150] + ["عبد العزيز بن سلمان", "أحمد الشرع", "پرویز مشرف", "أسعد حسن الشيباني"]


def test_batched_multiword_names_equal_one_by_one():
    """Names of different part lengths batched together (by their longest model-decoded part)
    get exactly their one-at-a-time spellings."""
    names = _seed_names()
    _batched_equals_one_by_one(names)
    assert sum(len(set(map(len, n.split()))) > 1 for n in names) > 50  # parts of unequal lengths


def test_one_thread_romanizer_spells_as_the_package_default():
    """Marsad runs the romanizer's ONNX sessions on one thread (3x less CPU time than the
    package's two): the spellings are the package default's."""
    from arabic_name_romanizer import Transliterator

    from marsad.entities.keys import fold_arabic

    ours, default = transliterate._romanizer(), Transliterator()
    assert ours.model.backend.encoder.get_session_options().intra_op_num_threads == 1
    names = _seed_words()[:60] + _seed_names()[:60]
    assert [[c.text for c in ours.transliterate(fold_arabic(n), top_k=3)] for n in names] == \
        [[c.text for c in default.transliterate(fold_arabic(n), top_k=3)] for n in names]
