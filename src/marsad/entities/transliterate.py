"""Arabic -> Latin keys for names, with arabic-name-romanizer (dictionary + small ONNX model).

The romanizer knows personal names ("أحمد الشرع" -> "Ahmed al-Sharaa") but not exonyms
(دمشق -> "Demachek"): places are matched through the gazetteer instead.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.entities.keys import fold_arabic, has_arabic, latin_key


@lru_cache(maxsize=1)
def _romanizer():  # arabic_name_romanizer.Transliterator | None
    try:
        from arabic_name_romanizer import Transliterator

        return Transliterator()
    except Exception:  # noqa: BLE001 - missing package or model files: degrade to no transliteration
        return None


@lru_cache(maxsize=100_000)
def romanize(name: str, top_k: int = 3) -> tuple[str, ...]:
    """Up to ``top_k`` Latin spellings of an Arabic name ("الشيباني" -> "Al-Shaibani", ...)."""
    tr = _romanizer()
    if tr is None or not has_arabic(name):
        return (name,) if not has_arabic(name) else ()
    try:
        return tuple(c.text for c in tr.transliterate(fold_arabic(name), top_k=top_k))
    except Exception:  # noqa: BLE001 - a name the model cannot read is simply not transliterated
        return ()


def latin_keys(name: str) -> tuple[str, ...]:
    """Latin matching keys of a name in any script (several for Arabic, one for Latin)."""
    if not has_arabic(name):
        return (latin_key(name),)
    return tuple(dict.fromkeys(k for k in map(latin_key, romanize(name)) if k))
