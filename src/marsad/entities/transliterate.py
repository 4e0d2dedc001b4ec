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
    """The package's default romanizer, its ONNX sessions on one thread (the package's default,
    two, spins a second thread that costs 3x the CPU time for the same spellings: checked)."""
    try:
        from arabic_name_romanizer import Transliterator
        from arabic_name_romanizer.api import default_resources_dir

        res = default_resources_dir()
        return Transliterator(model=_onnx_model(res), persian_model=_onnx_model(res / "persian"), auto_load_model=False)
    except Exception:  # noqa: BLE001 - missing package or model files: degrade to no transliteration
        return None


def _onnx_model(path):  # Path -> arabic_name_romanizer.inference.OnnxModel | None, as load_model finds it
    if not all((path / f).exists() for f in ("encoder.onnx", "decoder.onnx", "vocab.json", "meta.json")):
        return None
    from arabic_name_romanizer.inference import OnnxModel

    return OnnxModel(path, intra_op_threads=ROMANIZER_THREADS)


ROMANIZER_THREADS = 1


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
    the name parts (units) it decodes in one batch to the longest of them, which changes its
    output for the shorter ones. Alone, a name's model-decoded units are padded to the longest
    of them; names are therefore batched only with names whose longest model-decoded unit is as
    long (``_batch_key``), in batches of at most ``_BATCH_UNITS`` units (the model's own chunk is
    256): every spelling is exactly what ``romanize`` alone gives, whatever else is in the batch
    (tested).
    """
    tr = _romanizer()
    todo = [n for n in dict.fromkeys(names) if (n, top_k) not in _CACHE and has_arabic(n)]
    if tr is None or not todo:
        return
    batches: dict[object, list[tuple[list[str], int]]] = {}  # key -> [(names, their units)]
    for name in todo:
        key, units = _batch_key(tr, name)
        open_ = batches.setdefault(key, [([], 0)])
        if open_[-1][0] and open_[-1][1] + units > _BATCH_UNITS:
            open_.append(([], 0))
        open_[-1] = (open_[-1][0] + [name], open_[-1][1] + units)
    for group in (names for key in batches for names, _ in batches[key]):
        try:
            results = tr.transliterate_many([fold_arabic(n) for n in group], top_k=top_k)
        except Exception:  # noqa: BLE001 - fall back to one at a time (romanize handles bad names)
            continue
        for name, cands in zip(group, results):
            _remember(name, top_k, tuple(c.text for c in cands))


_BATCH_UNITS = 192  # units per batch, below the model's chunk of 256 (a chunk is padded on its own)


def _batch_key(tr, name: str) -> tuple[object, int]:  # tr: arabic_name_romanizer.Transliterator
    """(what a batch of ``name`` must share, its number of units): the script and the length of
    its longest unit that the dictionaries do not know (the model decodes those, padded to the
    longest); the name itself when its units cannot be told (then it is decoded alone)."""
    try:
        from arabic_name_romanizer.normalize import lookup_key, normalize_arabic, split_units
        from arabic_name_romanizer.persian import normalize_persian, script_of

        text = fold_arabic(name)
        script = script_of(text, None)
        units = split_units(normalize_persian(text) if script == "persian" else normalize_arabic(text))
        model = [u for u in units if not tr.user.lookup_unit(lookup_key(u), None, None, script)
                 and not (tr.index and tr.index.lookup_unit(lookup_key(u), None, None, script))]
    except Exception:  # noqa: BLE001 - another version of the package: batch nothing
        return name, 1
    return (script, max(map(len, model), default=0)), len(units)


@lru_cache(maxsize=1 << 17)
def latin_keys(name: str) -> tuple[str, ...]:
    """Latin matching keys of a name in any script (several for Arabic, one for Latin); cached
    per name (the linker and the projection ask for the same names many times an article)."""
    if not has_arabic(name):
        return (latin_key(name),)
    return tuple(dict.fromkeys(k for k in map(latin_key, romanize(name)) if k))
