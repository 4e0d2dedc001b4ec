"""Quotes: speaker, text, reporting verb, direct or indirect, in English and Arabic.

A reporting verb ("said", "added", "قال", "وأوضح", "وأضاف ... قائلاً", "وأردف") opens a
quote: a direct one when a quotation mark follows (after an optional colon), the text
then runs to the closing mark even across sentences; an indirect one when "that"/"أن"
follows, the text then runs to the end of the sentence. The speaker is a PER mention
(or a title such as "the minister"/"الوزير") next to the verb; a pronoun ("He") or no
speaker at all ("وأردف:") resolves to the last named speaker of the article.
"""

from __future__ import annotations

import re

from marsad.events.sentences import sentences_of
from marsad.model import Article, Mention, Quote, Sentence

_EN_VERBS = (r"said|says|added|adds|noted|explained|emphasi[sz]ed|stressed|continued|concluded(?: by saying)?|"
             r"revealed|stated|told|confirmed|asserted|argued|insisted|announced|warned|affirmed|pointed out|indicated")
_AR_VERBS = (r"قال|يقول|أضاف|وأضاف|أوضح|وأوضح|أكد|وأكد|أكّد|أردف|وأردف|تابع|وتابع|تابعت|أشار|وأشار|كشف|وكشف|"
             r"لفت|ولفت|صرح|وصرح|اعتبر|واعتبر|شدد|وشدد|قالت|وقالت|أضافت|أوضحت|أكدت|مشيراً|مشيرا|مضيفاً|مضيفا|وقال")
_OPEN = "\"“«„'"
_CLOSE = {"\"": "\"", "“": "”", "«": "»", "„": "“", "'": "'"}
_PRONOUN = re.compile(r"^(?:he|she|they|it)$", re.IGNORECASE)
_TITLE = {"en": r"(?:the\s+)?(?:\w+\s+)?(?:minister|spokesman|spokesperson|president|official|envoy)",
          "ar": r"(?:ال)?(?:وزير|الوزير|المتحدث|الرئيس|المسؤول|المبعوث)(?:\s+ال\w+)?"}


def find_quotes(article: Article, mentions: list[Mention]) -> list[Quote]:
    """Quotes of an article in text order; offsets are into ``article.text``."""
    quotes: list[Quote] = []
    last_speaker: tuple[str, int | None] | None = None
    covered_until = -1
    for sent in sentences_of(article):
        lang = sent.lang or article.lang or "en"
        for verb in _verbs(sent, lang):
            if verb.start() + sent.start < covered_until:
                continue
            quote = _quote_at(article.text, sent, verb, mentions, lang, last_speaker)
            if quote is None:
                continue
            quotes.append(quote)
            covered_until = quote.end
            if quote.speaker:
                last_speaker = (quote.speaker, quote.speaker_entity)
            break
    if (article.lang or "en") != "ar":
        quotes = sorted(quotes + _quote_first(article, mentions, quotes), key=lambda q: q.start)
    return quotes


_QUOTE_FIRST = re.compile(rf"[“\"]([^”\"]{{3,}}?)[”\"]\s*(?P<who>(?:he|she|they)\s+|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){{0,3}}\s+)?"
                          rf"(?P<verb>{_EN_VERBS})(?!\w)")


def _quote_first(article: Article, mentions: list[Mention], found: list[Quote]) -> list[Quote]:
    """English "“We will not leave,” she said." (quote before the verb)."""
    out = []
    for m in _QUOTE_FIRST.finditer(article.text):
        if not m.group("who") or any(q.start <= m.start(1) < q.end for q in found):
            continue
        who = m.group("who").strip()
        person = next((p for p in mentions if p.label == "PER" and m.start("who") <= p.start < m.end("who")), None)
        prior = [q for q in found if q.end <= m.start() and q.speaker]
        if _PRONOUN.match(who) and prior:
            speaker, entity = prior[-1].speaker, prior[-1].speaker_entity
        else:
            speaker, entity = (person.text, person.entity_id) if person else (who, None)
        sent = next((s.index for s in sentences_of(article) if s.start <= m.start() < s.end), None)
        out.append(Quote(speaker=speaker, text=m.group(1).strip(" ,."), start=m.start(1), end=m.end(1),
                         verb=m.group("verb"), direct=True, sentence=sent, speaker_entity=entity))
    return out


def _verbs(sent: Sentence, lang: str) -> list[re.Match[str]]:
    if lang == "ar":
        return list(re.finditer(rf"(?<!\w)(?:{_AR_VERBS})(?!\w)", sent.text))
    return list(re.finditer(rf"(?<!\w)(?:{_EN_VERBS})(?!\w)", sent.text, re.IGNORECASE))


def _quote_at(text: str, sent: Sentence, verb: re.Match[str], mentions: list[Mention], lang: str,
              last: tuple[str, int | None] | None) -> Quote | None:
    vstart, vend = sent.start + verb.start(), sent.start + verb.end()
    if re.search(r"\bit\s+(?:is|was|should|must)\b[\w\s]*$", text[sent.start:vstart], re.IGNORECASE):
        return None  # "It is worth noting that", "It should also be noted that": the outlet speaking
    speaker = _speaker(text, sent, vstart, vend, mentions, lang)
    after_from = speaker[3] if speaker and speaker[2] > vstart else vend
    tail = text[after_from:sent.end + 2000]
    opened = re.match(r"\s*(?:(?:قائلاً|قائلا|حينها|للروس|له|لهم|\S+\s+){0,3})?[:،,]?\s*([\"“«„])", tail)
    span = _direct(text, after_from + opened.end() - 1, opened.group(1)) if opened else None
    direct = span is not None
    if span is None:
        that = re.match(r"\s*(?:\S+\s+){0,4}?(?:that|أن|بأن|إلى أن|الى أن)\s+", tail)
        if not that:
            return None
        span = (after_from + that.end(), sent.end)
    name, entity = (speaker[0], speaker[1]) if speaker else (None, None)
    if name is None or _PRONOUN.match(name) or re.fullmatch(_TITLE[lang], name, re.IGNORECASE):
        name, entity = last if last else (name, entity)
    start, end = span
    return Quote(speaker=name, text=text[start:end].strip(" .\"“”«»"), start=start, end=end,
                 verb=verb.group(0), direct=direct, sentence=sent.index, speaker_entity=entity)


def _direct(text: str, open_at: int, mark: str) -> tuple[int, int] | None:
    close = text.find(_CLOSE[mark], open_at + 1)
    if close == -1 or close - open_at < 3:
        return None
    return open_at + 1, close


def _speaker(text: str, sent: Sentence, vstart: int, vend: int, mentions: list[Mention],
             lang: str) -> tuple[str, int | None, int, int] | None:
    """(name, entity id, start, end) next to the verb: after it in Arabic, before it in English."""
    people = [m for m in mentions if m.label == "PER" and sent.start <= m.start and m.end <= sent.end]
    if lang == "ar":
        after = [m for m in people if 0 <= m.start - vend <= 2]
        if after:
            return after[0].text, after[0].entity_id, after[0].start, after[0].end
        title = re.match(rf"\s+({_TITLE['ar']})", text[vend:sent.end])
        return (title.group(1), None, vend + title.start(1), vend + title.end(1)) if title else None
    before = [m for m in people if 0 <= vstart - m.end <= 3]
    if before:
        return before[-1].text, before[-1].entity_id, before[-1].start, before[-1].end
    pron = re.search(rf"(?:(?<!\w)(?:he|she|they)|{_TITLE['en']})\s+(?:also\s+)?$", text[sent.start:vstart], re.IGNORECASE)
    if pron:
        word = pron.group(0).strip().removesuffix("also").strip()
        return word, None, sent.start + pron.start(), sent.start + pron.start() + len(word)
    return None
