"""Arabic NER: a CRF trained on ANERcorp (scripts/train_ner_ar.py) plus gazetteer and rules.

The CRF tags whole tokens (clitics attached, as in ANERcorp). Spans are then cleaned:
a leading conjunction or preposition is cut off when the rest is a known name or occurs
elsewhere in the text ("وموسكو" -> "موسكو"), gazetteer places and demonym plurals the CRF
missed are added unless the word is a common word in the training data, and a quoted
title after a media noun becomes an ORG (لمجلة "المجلة").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cached_property, lru_cache
from pathlib import Path

from marsad.entities.consistency import majority_types, spans_to_labels
from marsad.entities.crf import load_crf
from marsad.entities.features_ar import name_units, sentence_features
from marsad.entities.gazetteer import MODELS_DIR, load_gazetteer
from marsad.entities.keys import clitic_splits, fold_arabic, name_key, strip_article
from marsad.entities.tokens import Token, bio_spans, tokenize

MODEL_PATH = MODELS_DIR / "ner_ar.crfsuite"
_MEDIA = ("مجله", "صحيفه", "جريده", "وكاله", "قناه", "موقع", "اذاعه", "شبكه", "حركه", "حزب", "منظمه", "تلفزيون")
_QUOTE = re.compile(r'\s*["«“](\w[^"»”\n]{1,40})["»”]')
_TITLES = ("رييس", "رييسه", "وزير", "وزيره", "ملك", "امير", "شيخ", "سيد", "جنرال", "لواء", "عميد", "نايب")
NAME_MIN = 20  # a given name this frequent is a person, not a same-named town (بشار, Béchar)
VETO = 0.9  # a one-word gazetteer hit needing a clitic cut is dropped when the CRF gives "outside" this probability
KEEP_MIN = 0.95  # a one-word CRF span that is a common word is kept only when the CRF is this sure
FLIP_MAX = 0.8  # a CRF place this sure is not turned into a person because it is also a given name
PROPAGATE_PARTS = True  # the first and last word of a person's name found alone elsewhere in the article
_NAME_LINKS = frozenset({"بن", "ابن", "بنت", "ابو", "ابي", "ابا", "عبد", "ام", "ال"})
PROPAGATE_LONG = True  # article-level repeats of multi-word names too (``_long_repeats``)
GIVEN_MIN = 200  # a word is a common given name when the romanizer dictionary counts it this often

Span = tuple[int, int, str, float]  # start, end (offsets into the text), label, score


class ArabicTagger:
    """The CRF model, loaded on first use."""

    def __init__(self, path: str | Path = MODEL_PATH) -> None:
        self.path = Path(path)

    @cached_property
    def crf(self):  # pycrfsuite.Tagger
        return load_crf(self.path)

    @cached_property
    def stoplist(self) -> frozenset[str]:
        """Folded words that are almost never names in the training data."""
        path = self.path.with_suffix(".stoplist.json")
        return frozenset(json.loads(path.read_text("utf-8"))) if path.exists() else frozenset()

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO labels for pre-tokenised sentences (raw CRF output; used for evaluation)."""
        return [self.crf.tag(sentence_features(words)) if words else [] for words in sentences]

    def tag_tokens(self, tokens: list[Token]) -> list[tuple[int, int, str, float]]:
        """CRF spans over tokens as (first token, last token + 1, type, marginal score)."""
        return self.analyse(tokens)[0]

    def analyse(self, tokens: list[Token]) -> tuple[list[tuple[int, int, str, float]], Callable[[int], float]]:
        """CRF spans (as ``tag_tokens``) and a function giving a token's marginal probability of
        being outside a name (valid until the next call)."""
        if not tokens:
            return [], lambda i: 1.0
        labels = self.crf.tag(sentence_features([t.form for t in tokens]))
        out = []
        for a, b, kind in bio_spans(labels):
            score = min(self.crf.marginal(labels[i], i) for i in range(a, b))
            out.append((a, b, kind, round(score, 3)))
        return out, lambda i: self.crf.marginal("O", i)


def _trim_clitic(text: str, start: int, end: int, known: Callable[[str], bool]) -> int:
    """New start of a span after dropping a proclitic when only the rest is known."""
    word_end = next((i for i in range(start, end) if text[i].isspace()), end)
    splits = clitic_splits(text[start:word_end])
    if known(splits[0][1]):
        return start
    for cut, rest in splits[1:]:
        if known(rest):
            return start + cut
    return start


def _is_known(key: str, others: set[str]) -> bool:
    """A key is known when the gazetteer or the name dictionary has it, or the text has it bare."""
    gaz, units = load_gazetteer(), name_units()
    return key in gaz.by_key or key in gaz.demonyms or key in others or key in units or "ال" + key in units


def _stopped(word: str, cut: int, stoplist: frozenset[str]) -> bool:
    """True when the word (after ``cut`` proclitic characters) is a common non-name word."""
    folded = fold_arabic(word[cut:])
    return folded in stoplist or strip_article(folded) in stoplist


@lru_cache(maxsize=1)
def _key_heads() -> frozenset[str]:
    """First words of every gazetteer and demonym key: a token none of whose readings is one
    cannot start a place name, so the longest-match loop skips it."""
    gaz = load_gazetteer()
    return frozenset(k.split(" ", 1)[0] for k in [*gaz.by_key, *gaz.demonyms])


def _gazetteer_spans(tokens: list[Token], stoplist: frozenset[str]) -> list[tuple[int, int, str, float]]:
    """Token spans of gazetteer places and demonym plurals (longest match, clitics allowed)."""
    gaz, heads, out, i = load_gazetteer(), _key_heads(), [], 0
    keys = [name_key(t.form) for t in tokens]
    while i < len(tokens):
        firsts = [(cut, first) for cut, first in clitic_splits(tokens[i].form) if first.split(" ", 1)[0] in heads]
        for n in range(min(gaz.max_words, len(tokens) - i), 0, -1) if firsts else ():
            hit = any(
                key in gaz.demonyms or key in gaz.by_key and (n > 1 or _single_place(tokens[i].form, cut, key, stoplist))
                for cut, first in firsts
                for key in [" ".join([first] + keys[i + 1 : i + n])]
            )
            if hit:
                out.append((i, i + n, "LOC", 0.9))
                i += n - 1
                break
        i += 1
    return out


def _single_place(word: str, cut: int, key: str, stoplist: frozenset[str]) -> bool:
    """A one-word gazetteer hit counts unless it is short, a common word or a common given name
    ("بشار" is also Béchar in Algeria)."""
    if len(key) < 3 or _stopped(word, cut, stoplist) or (cut and _stopped(word, 0, stoplist)):
        return False  # "كبيرة" is a common word, whatever ك + "بيرة" (Beira) may be
    place = load_gazetteer().places[load_gazetteer().by_key[key]]
    return place.kind != "city" or not _common_given(word[cut:])


def _needs_cut(word: str) -> bool:
    """True when the bare word is no gazetteer key: it reads as a place only once a proclitic is cut."""
    gaz, key = load_gazetteer(), name_key(word)
    return key not in gaz.by_key and key not in gaz.demonyms


def _media_titles(text: str, tokens: list[Token]) -> list[Span]:
    """ORG spans for a quoted title right after a media noun: لمجلة "المجلة" -> المجلة."""
    out = []
    for k, tok in enumerate(tokens):
        if k and tokens[k - 1].form in "\"«“":
            continue
        if not any(rest.endswith(m) for _, rest in clitic_splits(tok.form) for m in _MEDIA):
            continue
        m = _QUOTE.match(text, tok.end)
        if m:
            out.append((m.start(1), m.end(1), "ORG", 0.8))
    return out


def _overlaps(a: Span, spans: list[Span]) -> bool:
    return any(a[0] < s[1] and s[0] < a[1] for s in spans)


def _crf_spans(tagger: ArabicTagger, text: str, tokens: list[Token], others: set[str], crf: list) -> list[Span]:
    """CRF spans, without single common words, leading preposition-words or proclitics."""
    spans, units = [], name_units()
    for a, b, kind, score in crf:
        if b - a == 1 and score < KEEP_MIN and (_stopped(tokens[a].form, 0, tagger.stoplist) or len(fold_arabic(tokens[a].form)) <= 2):
            continue  # a common or very short word, unless the CRF is sure of it (الجزيرة the channel)
        unsure = score < FLIP_MAX
        if b - a == 1 and kind == "LOC" and unsure and _common_given(tokens[a].form) and not _is_place(tokens[a].form):
            kind = "PER"  # "بنظام بشار": a frequent given name the CRF was unsure was a place (not آسيا)
        while kind == "PER" and b - a > 1 and _preposition_word(tokens[a].form, units, tagger.stoplist):
            a += 1
        own = name_key(tokens[a].form)
        s = _trim_clitic(text, tokens[a].start, tokens[b - 1].end, lambda k, own=own: _is_known(k, others - {own}))
        spans.append((s, tokens[b - 1].end, kind, score))
    return spans


def _preposition_word(word: str, units: dict, stoplist: frozenset[str]) -> bool:
    """A common word behind ب/ل/ك ("بنظام", "لخلافة") rather than a name starting so ("كريستوفر")."""
    return word[:1] in "بلك" and fold_arabic(word) not in units and _stopped(word, 1, stoplist)


def _common_given(word: str) -> bool:
    """A given name the romanizer dictionary has seen often ("بشار": 45 times)."""
    return name_units().get(fold_arabic(word), (0, 0))[0] >= NAME_MIN


def _is_place(word: str) -> bool:
    """True when the word is a country or a non-city place (cities may be given names too)."""
    gaz = load_gazetteer()
    kinds = {gaz.places[gaz.by_key[rest]].kind for _, rest in clitic_splits(word) if rest in gaz.by_key}
    return bool(kinds - {"city"})


def _inside(pos: int, spans: list[Span], label: str | None = None) -> bool:
    return any(s <= pos < e and (label is None or lab == label) for s, e, lab, _ in spans)


def _given_after_title(tokens: list[Token], taken: list[Span]) -> list[Span]:
    """PER for a frequent given name after a title word: "الرئيس السوري أحمد" -> أحمد."""
    out = []
    for k, tok in enumerate(tokens):
        given = name_units().get(fold_arabic(tok.form), (0, 0))[0]
        if given < GIVEN_MIN or _inside(tok.start, taken):
            continue
        before = [strip_article(fold_arabic(t.form)) for t in tokens[max(0, k - 2) : k]]
        if any(w in _TITLES for w in before):
            out.append((tok.start, tok.end, "PER", 0.6))
    return out


def _coordinated_names(tokens: list[Token], taken: list[Span]) -> list[Span]:
    """PER for a dictionary name joined by و to a person: "الشيباني والشرع" -> الشرع."""
    out = []
    for prev, tok in zip(tokens, tokens[1:]):
        if not tok.form.startswith("و") or not _inside(prev.start, taken, "PER") or _inside(tok.start, taken):
            continue
        if sum(name_units().get(fold_arabic(tok.form[1:]), (0, 0))) >= 5:
            out.append((tok.start + 1, tok.end, "PER", 0.6))
    return out


def recognise_arabic(
    tagger: ArabicTagger, text: str, start: int = 0, end: int | None = None, others: set[str] | None = None
) -> list[Span]:
    """Entity spans (offsets into ``text``) in the Arabic sentence ``text[start:end]``.

    ``others``: keys of the words of the whole article, so that "وموسكو" is cut to "موسكو"
    when "موسكو" occurs elsewhere (defaults to the sentence's own words).
    """
    tokens = tokenize(text, start, end)
    others = others if others is not None else {name_key(t.form) for t in tokens}
    crf, outside = tagger.analyse(tokens)
    spans = _crf_spans(tagger, text, tokens, others, crf)
    for a, b, kind, score in _gazetteer_spans(tokens, tagger.stoplist):
        if b - a == 1 and outside(a) > VETO and _needs_cut(tokens[a].form):
            continue  # read as a place only after cutting a letter off, and the CRF is sure it is no name
        s = _trim_clitic(text, tokens[a].start, tokens[b - 1].end, lambda k: _is_known(k, set()))
        span = (s, tokens[b - 1].end, kind, score)
        spans = [x for x in spans if not (x[0] >= span[0] and x[1] <= span[1] and x[2] == "MISC")]
        if not _overlaps(span, spans):
            spans.append(span)
    for span in _media_titles(text, tokens):
        spans = [x for x in spans if not _overlaps(span, [x])] + [span]
    spans += _given_after_title(tokens, spans)
    return sorted(spans)


def propagate(
    text: str, ranges: list[tuple[int, int]], spans: list[Span], stoplist: frozenset[str] = frozenset()
) -> list[Span]:
    """Article-level consistency for Arabic: new spans for bare or cliticised repeats of a
    one-word name found elsewhere in the article ("الشيباني" untagged in one sentence, tagged
    in another), of the first or last word of a person's name ("سهل بن حنيف" ... "سهل"; not
    بن/أبو/عبد, not a common word), of a 2-4-word name ("المدينة النبوية"), then for dictionary
    names joined by و to a person ("الشيباني والشرع")."""
    tokens = [t for a, b in ranges for t in tokenize(text, a, b)]
    names = {name_key(text[s:e]): lab for s, e, lab, _ in spans if " " not in text[s:e].strip()}
    for s, e, lab, _ in spans if PROPAGATE_PARTS else ():
        words = name_key(text[s:e]).split()
        if lab == "PER" and len(words) > 1:
            for w in (words[0], words[-1]):
                if w not in _NAME_LINKS and not _stopped(w, 0, stoplist):
                    names.setdefault(w, "PER")
    added: list[Span] = []
    for tok in tokens:
        if _overlaps((tok.start, tok.end, "", 0.0), spans):
            continue
        for cut, rest in clitic_splits(tok.form):
            if rest in names and len(rest) >= 3 and rest not in _MEDIA and not _stopped(tok.form, cut, stoplist):
                added.append((tok.start + cut, tok.end, names[rest], 0.5))
                break
    if PROPAGATE_LONG:
        added += _long_repeats(text, tokens, spans + added)
    spans = sorted(spans + added)
    return sorted(spans + _coordinated_names(tokens, spans))


def _long_repeats(text: str, tokens: list[Token], spans: list[Span]) -> list[Span]:
    """Untagged repeats of a 2-4-word name found elsewhere in the article ("المدينة النبوية"),
    the first word possibly behind a proclitic ("والمدينة النبوية")."""
    names: dict[str, str] = {}
    for s, e, lab, _ in spans:
        key = name_key(text[s:e])
        if 2 <= key.count(" ") + 1 <= 4:
            names.setdefault(key, lab)
    if not names:
        return []
    heads = {k.split(" ", 1)[0] for k in names}
    keys = [name_key(t.form) for t in tokens]
    added: list[Span] = []
    for i, tok in enumerate(tokens):
        firsts = [(cut, first) for cut, first in clitic_splits(tok.form) if first in heads]
        for n in (4, 3, 2) if firsts else ():
            if i + n > len(tokens):
                continue
            rest = " ".join(keys[i + 1 : i + n])
            hit = next(((cut, first) for cut, first in firsts if f"{first} {rest}" in names), None)
            if hit is None:
                continue
            span = (tok.start + hit[0], tokens[i + n - 1].end, names[f"{hit[1]} {rest}"], 0.5)
            if not _overlaps(span, spans + added):
                added.append(span)
            break
    return added


def tag_windows(tagger: ArabicTagger, sentences: list[list[str]], window: int = 10, majority: bool = True) -> list[list[str]]:
    """BIO labels from the article-level recogniser (what ``ner.recognise`` runs: per-sentence
    spans with the article's words as ``others``, then ``propagate``, then ``majority_types``)
    over runs of ``window`` consecutive sentences read as one article: the evaluation stand-in
    for documents in a corpus without document markers (ANERcorp)."""
    out: list[list[str]] = []
    for k in range(0, len(sentences), window):
        chunk = sentences[k : k + window]
        text, starts, ranges = "", [], []
        for words in chunk:
            st = []
            a = len(text)
            for w in words:
                st.append(len(text))
                text += w + " "
            ranges.append((a, len(text)))
            starts.append(st)
            text += "\n"
        others = {name_key(t.form) for a, b in ranges for t in tokenize(text, a, b)}
        spans: list[Span] = []
        for a, b in ranges:
            spans += recognise_arabic(tagger, text, a, b, others)
        spans = propagate(text, ranges, spans, tagger.stoplist)  # all spans, the found ones and the new
        if majority:
            spans = majority_types(text, spans)
        for words, st, (a, b) in zip(chunk, starts, ranges, strict=True):
            out.append(spans_to_labels(words, st, [x for x in spans if a <= x[0] < b]))
    return out


def tag_sentences(tagger: ArabicTagger, sentences: list[list[str]]) -> list[list[str]]:
    """BIO labels from the full recogniser (CRF + rules) for pre-tokenised sentences."""
    out = []
    for words in sentences:
        text, starts = "", []
        for w in words:
            starts.append(len(text))
            text += w + " "
        labels = ["O"] * len(words)
        for s, e, kind, _ in recognise_arabic(tagger, text):
            idx = [i for i, st in enumerate(starts) if st < e and s < st + len(words[i])]
            for j, i in enumerate(idx):
                labels[i] = ("B-" if j == 0 else "I-") + kind
        out.append(labels)
    return out
