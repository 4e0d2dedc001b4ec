"""Arabic -> Latin keys for names, with arabic-name-romanizer (dictionary + small ONNX model).

The romanizer knows personal names ("أحمد الشرع" -> "Ahmed al-Sharaa") but not exonyms
(دمشق -> "Demachek"): places are matched through the gazetteer instead.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from marsad.entities.keys import fold_arabic, has_arabic, latin_key


@lru_cache(maxsize=1)
def _romanizer():  # arabic_name_romanizer.Transliterator | None
    try:
        from arabic_name_romanizer import Transliterator

        return Transliterator()
    except Exception:  # noqa: BLE001 - missing package or model files: degrade to no transliteration
        return None


_CACHE: dict[tuple[str, int], tuple[str, ...]] = {}
_CACHE_MAX = 200_000


def _remember(name: str, top_k: int, spellings: tuple[str, ...]) -> tuple[str, ...]:
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[(name, top_k)] = spellings
    return spellings


def romanize(name: str, top_k: int = 3) -> tuple[str, ...]:
    """Up to ``top_k`` Latin spellings of an Arabic name ("الشيباني" -> "Al-Shaibani", ...)."""
    if (name, top_k) in _CACHE:
        return _CACHE[(name, top_k)]
    tr = _romanizer()
    if tr is None or not has_arabic(name):
        return (name,) if not has_arabic(name) else ()
    try:
        spellings = tuple(c.text for c in tr.transliterate(fold_arabic(name), top_k=top_k))
    except Exception:  # noqa: BLE001 - a name the model cannot read is simply not transliterated
        spellings = ()
    return _remember(name, top_k, spellings)


def romanize_many(names: Iterable[str], top_k: int = 3) -> None:
    """Romanize many names at once into the cache behind :func:`romanize`.

    The romanizer's model runs a batch several times faster than one name at a time, but pads
    the name parts of a batch to one length, which changes its output for the shorter ones. Names
    are therefore batched only with names of as many parts, all of the same normalised length:
    every spelling is exactly what ``romanize`` alone gives, whatever else is in the batch (tested).
    """
    tr = _romanizer()
    todo = [n for n in dict.fromkeys(names) if (n, top_k) not in _CACHE and has_arabic(n)]
    if tr is None or not todo:
        return
    from arabic_name_romanizer.normalize import normalize_arabic, split_units

    by_length: dict[object, list[str]] = {}
    for name in todo:
        units = split_units(normalize_arabic(fold_arabic(name)))
        lengths = {len(u) for u in units}
        by_length.setdefault((len(units), lengths.pop()) if len(lengths) == 1 else name, []).append(name)
    for group in by_length.values():
        try:
            results = tr.transliterate_many([fold_arabic(n) for n in group], top_k=top_k)
        except Exception:  # noqa: BLE001 - fall back to one at a time (romanize handles bad names)
            continue
        for name, cands in zip(group, results):
            _remember(name, top_k, tuple(c.text for c in cands))


def latin_keys(name: str) -> tuple[str, ...]:
    """Latin matching keys of a name in any script (several for Arabic, one for Latin)."""
    if not has_arabic(name):
        return (latin_key(name),)
    return tuple(dict.fromkeys(k for k in map(latin_key, romanize(name)) if k))
