"""Named-entity recognition over articles: Arabic CRF, English spaCy, fallback elsewhere.

``recognise(article)`` returns ``Mention``s with offsets into ``article.text`` and a matching
key in ``Mention.norm``. Each sentence is tagged in its own language (``Sentence.lang``, else
``Article.lang``, else guessed from the script): Arabic -> CRF + gazetteer + rules
(``ner_ar``), English -> spaCy + gazetteer (``ner_en``), anything else -> gazetteer names and
capitalised word sequences (label MISC unless the gazetteer knows them). English names found
once are found again in the rest of the article (``ner_en.propagate_english``, ``ner_ar.propagate``),
and every mention of one name gets the type it has most often in the article
(``consistency.majority_types``). Never raises on
odd text; a missing model raises ``MarsadError`` E500 once, from ``setup()``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from marsad.entities.consistency import majority_types
from marsad.entities.evaluate import Tagger
from marsad.entities.gazetteer import load_gazetteer
from marsad.entities.keys import has_arabic, name_key
from marsad.entities.ner_ar import ArabicTagger, propagate, recognise_arabic
from marsad.entities.ner_ar import tag_sentences as tag_arabic
from marsad.entities.ner_en import CrfTagger, crf_tagger, load_english, propagate_english, recognise_english
from marsad.entities.ner_en import tag_sentences as tag_english
from marsad.entities.tokens import tokenize
from marsad.model import Article, Mention, Sentence

LABELS = ("PER", "ORG", "LOC")
_CAPS = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w’'-]+(?:\s+(?:(?:de|da|del|di|von|van|al|el|bin|ibn|la|le)\s+)?[A-ZÀ-ÖØ-Þ][\w’'-]+)*")


@lru_cache(maxsize=1)
def arabic_tagger() -> ArabicTagger:
    """The shared Arabic tagger (model opened on first use)."""
    return ArabicTagger()


def setup() -> None:
    """Load every model and table now (about 2 s) instead of on the first article."""
    load_gazetteer()
    load_english()
    crf_tagger().crf  # noqa: B018
    arabic_tagger().crf  # noqa: B018 - opens the model file
    arabic_tagger().stoplist  # noqa: B018


def _sentences(article: Article) -> list[Sentence]:
    if article.sentences:
        return article.sentences
    return [Sentence(0, 0, len(article.text), article.text, article.lang)]


def _lang(sentence: Sentence, article: Article) -> str:
    lang = (sentence.lang or article.lang or "").lower()
    if lang in ("ar", "en"):
        return lang
    if not lang or lang == "und":
        return "ar" if has_arabic(sentence.text) else "en"
    return lang


def _fallback(text: str, start: int, end: int) -> list[tuple[int, int, str, float]]:
    """Gazetteer names and capitalised word sequences, for languages without a model."""
    gaz, out = load_gazetteer(), []
    for tok in tokenize(text, start, end) if has_arabic(text[start:end]) else []:
        if name_key(tok.form) in gaz.by_key:
            out.append((tok.start, tok.end, "LOC", 0.6))
    for m in _CAPS.finditer(text, start, end):
        at_start = not text[start : m.start()].strip()
        if at_start and " " not in m.group():
            continue
        label = "LOC" if gaz.lookup(m.group()) or gaz.demonym(m.group()) else "MISC"
        out.append((m.start(), m.end(), label, 0.5 if label == "LOC" else 0.3))
    return out


def _mention(article: Article, span: tuple[int, int, str, float], sentence: Sentence, lang: str) -> Mention:
    s, e, label, score = span
    text = article.text[s:e]
    return Mention(s, e, text, label, sentence.index, lang, name_key(text), score)


def recognise(article: Article, misc: bool = False) -> list[Mention]:
    """Mentions of people, organisations and places in an article, in text order.

    ``misc=True`` also returns MISC spans (Arabic CRF MISC, fallback capitalised spans).
    """
    sentences = _sentences(article)
    langs = [_lang(s, article) for s in sentences]
    english = [(s.text, s.start) for s, lang in zip(sentences, langs) if lang == "en"]
    english_spans = iter(recognise_english(english) if english else [])
    arabic = [(s.start, s.end) for s, lang in zip(sentences, langs) if lang == "ar"]
    others = {name_key(t.form) for a, b in arabic for t in tokenize(article.text, a, b)}
    found: list[tuple[tuple[int, int, str, float], Sentence, str]] = []
    arabic_spans = []
    for sentence, lang in zip(sentences, langs):
        if lang == "en":
            found += [(sp, sentence, lang) for sp in next(english_spans)]
        elif lang == "ar":
            arabic_spans += recognise_arabic(arabic_tagger(), article.text, sentence.start, sentence.end, others)
        else:
            found += [(sp, sentence, lang) for sp in _fallback(article.text, sentence.start, sentence.end)]
    english_found = [f[0] for f in found if f[2] == "en"]
    for sp in propagate_english(article.text, [(s, s + len(t)) for t, s in english], english_found) if english else []:
        found.append((sp, next(s for s in sentences if s.start <= sp[0] < s.end), "en"))
    for sp in propagate(article.text, arabic, arabic_spans, arabic_tagger().stoplist) if arabic else []:
        sentence = next(s for s in sentences if s.start <= sp[0] < s.end)
        found.append((sp, sentence, "ar"))
    typed = majority_types(article.text, [f[0] for f in found])  # one type per name in the article
    found = [(sp, s, lang) for sp, (_, s, lang) in zip(typed, found, strict=True)]
    mentions = [_mention(article, sp, s, lang) for sp, s, lang in sorted(found, key=lambda f: f[0])]
    return [m for m in mentions if m.norm and (misc or m.label in LABELS)]


ARTICLE_WINDOW = 10  # sentences read as one article when a BIO file has no -DOCSTART- markers


def article_units(n_sentences: int, documents: list[int] | None = None, window: int = ARTICLE_WINDOW
                  ) -> list[tuple[int, int]]:
    """(first, end) sentence ranges read as articles: the file's documents when it marks them,
    else runs of ``window`` consecutive sentences (ANERcorp and wikigold have no markers; both
    are in document order, so a run of sentences stands in for an article)."""
    starts = sorted({d for d in documents or [] if 0 <= d < n_sentences} | {0}) if documents else \
        list(range(0, n_sentences, window))
    return [(a, b) for a, b in zip(starts, starts[1:] + [n_sentences]) if b > a]


def article_bio_tagger(lang: str, model: str | Path | None = None, documents: list[int] | None = None,
                       window: int = ARTICLE_WINDOW) -> Tagger:
    """Like :func:`bio_tagger`, but each document (or window) is tagged as one article, as
    ``recognise`` tags an ingested article: repeats of a name found once are found again and a
    name keeps one type throughout (``consistency.majority_types``)."""
    from marsad.entities.ner_ar import tag_windows as arabic_windows
    from marsad.entities.ner_en import tag_windows as english_windows

    if lang == "ar":
        tagger = ArabicTagger(model) if model else arabic_tagger()
        tag = lambda chunk: arabic_windows(tagger, chunk, window=max(len(chunk), 1))  # noqa: E731
    elif lang == "en":
        crf = CrfTagger(model) if model else crf_tagger()
        tag = lambda chunk: english_windows(crf, chunk, window=max(len(chunk), 1))  # noqa: E731
    else:
        raise ValueError(f"no NER model for language {lang!r} (have: ar, en)")

    def run(sentences: list[list[str]]) -> list[list[str]]:
        out: list[list[str]] = []
        for a, b in article_units(len(sentences), documents, window):
            out += tag(sentences[a:b])
        return out

    return run


def bio_tagger(lang: str, model: str | Path | None = None) -> Tagger:
    """A function tagging pre-tokenised sentences with BIO labels, for ``evaluate_bio``.

    ``model``: another CRF file for the language (one trained by ``scripts/train_ner_*.py dev``
    without the held-out documents) instead of the shipped one.
    """
    if lang == "ar":
        tagger = ArabicTagger(model) if model else arabic_tagger()
        return lambda sentences: tag_arabic(tagger, sentences)
    if lang == "en":
        return CrfTagger(model).tag_sentences if model else tag_english
    raise ValueError(f"no NER model for language {lang!r} (have: ar, en)")
