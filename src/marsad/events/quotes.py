"""Quotes: speaker, text, reporting verb, direct or indirect, in English and Arabic.

A reporting verb ("said", "added", "قال", "وأوضح", "وأضاف ... قائلاً", "وأكدا") opens a
quote: a direct one when a quotation mark follows (after an optional colon), the text then
runs to the closing mark even across sentences; an indirect one when "that"/"أن"/"إن"
follows (or, in English, when a speaker stands right before the verb), the text then runs to
the end of the sentence. English also puts the verb after the words: "“We will not
leave,” she said." and "The toll rose to 832, the agency said." So does Arabic: «"...",
كما أضاف هاميل».

The speaker is what is written next to the verb (before it in English, after it in Arabic):
a PER (or ORG) mention, a pronoun, a title, nothing, or a description; ``speakers.Resolver``
turns pronouns, titles and dropped Arabic subjects into the named speaker (a dual verb into
two quotes, one per speaker). A speaker that cannot be resolved is left empty
(``Quote.speaker`` None): pages show it as unresolved, never as a guessed name.
"""

from __future__ import annotations

import re

from marsad.events.sentences import sentences_of
from marsad.events.speakers import AR_TITLE, EN_TITLE, PRONOUNS, Resolver, Who, title_stem
from marsad.model import Article, Mention, Quote, Sentence

_EN_VERBS = (r"said|says|added|adds|noted|explained|emphasi[sz]ed|stressed|continued|concluded(?: by saying)?|"
             r"revealed|stated|told|tells|confirmed|asserted|argued|insisted|announced|warned|affirmed|pointed out|"
             r"indicated")
# Arabic: a stem, an optional و/ف before it, an ending that agrees with the subject
_AR_STEMS = ("قال|أضاف|أوضح|أكد|أكّد|أردف|تابع|أشار|كشف|لفت|صرح|صرّح|اعتبر|شدد|شدّد|ذكر|أخبر|أعلن")
_AR_VERB = re.compile(rf"(?<!\w)(?:[وف])?(?:(?:{_AR_STEMS})(?P<agr>تا|ت|ا|وا)?|(?P<now>[يت])قول|"
                      rf"(?P<circ>مشير|مضيف|قائل)(?P<circf>ة|ةً)?(?:اً|ا|ً)?)(?!\w)")
_AGREEMENT = {None: ("m", 1), "": ("m", 1), "ت": ("f", 1), "ا": ("m", 2), "تا": ("f", 2), "وا": (None, 3)}
_OPEN = "\"“«„'"
_CLOSE = {"\"": "\"", "“": "”", "«": "»", "„": "“", "'": "'"}
_AR_THAT = r"(?:إن|إنه|إنها|إنهم|أن|أنه|أنها|أنهم|بأن|بأنه|بأنها|بأنهم|إلى أن|الى أن)"
_AR_STOP = re.compile(rf"\s*(?:{_AR_THAT}(?!\w)|[:،,\"“«.]|$)")
_AR_FILLER = re.compile(r"\s*(?:في|إلى|على|عن|من|مع|خلال|بعد|قبل|عبر|يوم|أمس|اليوم|حينها|كما|أيضا|أيضاً|"
                        r"قائلا|قائلاً|له|لها|لهم|للصحفيين|لوكالة|لصحيفة|لقناة|مساء|صباح)(?!\w)")
_EN_AUX = r"(?:\s*,)?\s*(?:(?:has|had|have|also|then|later|previously|again|earlier|now|once|reportedly)\s+){0,2}"


def find_quotes(article: Article, mentions: list[Mention]) -> list[Quote]:
    """Quotes of an article in text order; offsets are into ``article.text``."""
    lang = article.lang or "en"
    found: list[tuple[Quote, Who, int]] = []  # quote, speaker as written, where the verb is
    covered_until = -1
    for sent in sentences_of(article):
        slang = sent.lang or lang
        for verb in _verbs(sent, slang):
            if verb.start() + sent.start < covered_until:
                continue
            hit = _quote_at(article.text, sent, verb, mentions, slang)
            if hit is None:
                continue
            found.append(hit)
            covered_until = hit[0].end
            break
    found += _verb_after(article, mentions, [q for q, _, _ in found], lang)
    found.sort(key=lambda f: f[0].start)
    return _resolve(article.text, lang, mentions, found)


def _resolve(text: str, lang: str, mentions: list[Mention], found: list[tuple[Quote, Who, int]]) -> list[Quote]:
    resolver = Resolver(text, lang, mentions, quoted=[(q.start, q.end) for q, _, _ in found])
    for q, who, _ in found:  # genders first: "قالت فورد", "Ford told the committee she ..."
        if who.kind == "name" and who.number == 1:
            resolver.note_gender(who.text or "", who.entity, who.gender or _following_pronoun(text, q, lang))
    out = []
    for q, who, at in sorted(found, key=lambda f: f[2]):
        named = resolver.resolve(who, at)
        for name, entity in named:
            resolver.add_speaker(at, name, entity)
        for name, entity in named or [(None, None)]:
            out.append(Quote(speaker=name, text=q.text, start=q.start, end=q.end, verb=q.verb, direct=q.direct,
                             sentence=q.sentence, speaker_entity=entity))
    return sorted(out, key=lambda q: q.start)


def _following_pronoun(text: str, q: Quote, lang: str) -> str | None:
    """English "X said he ..." / "X told the committee that she ...": X's gender."""
    if lang == "ar" or q.direct:
        return None
    m = re.match(r"\W*(?:\w+\W+){0,6}?(he|she)(?!\w)", text[q.start:q.start + 80], re.IGNORECASE)
    return PRONOUNS[m.group(1).lower()][0] if m else None


def _verbs(sent: Sentence, lang: str) -> list[re.Match[str]]:
    if lang == "ar":
        return list(_AR_VERB.finditer(sent.text))
    return list(re.finditer(rf"(?<!\w)(?:{_EN_VERBS})(?!\w)", sent.text, re.IGNORECASE))


def _quote_at(text: str, sent: Sentence, verb: re.Match[str], mentions: list[Mention],
              lang: str) -> tuple[Quote, Who, int] | None:
    vstart, vend = sent.start + verb.start(), sent.start + verb.end()
    before = text[sent.start:vstart]
    if re.search(r"\bit\s+(?:is|was|should|must)\b[\w\s]*$", before, re.IGNORECASE):
        return None  # "It is worth noting that", "It should also be noted that": the outlet speaking
    if lang != "ar" and re.search(r"\b(?:was|were|is|are|been|being|be|get|got)\s+$", before, re.IGNORECASE):
        return None  # "is being told by police": no speaker of its own
    who = _speaker_ar(text, sent, verb, mentions) if lang == "ar" else _speaker_en(text, sent, vstart, mentions)
    after_from = who.end if who.start > vstart else vend
    tail = text[after_from:sent.end + 2000]
    opened = re.match(r"\s*(?:(?:قائلاً|قائلا|قائلةً|قائلة|حينها|للروس|له|لهم|\S+\s+){0,3})?[:،,]?\s*([\"“«„])", tail)
    if opened and after_from + opened.end() > sent.end + 1:
        opened = None  # the next sentence's quotation, not this verb's
    span = _direct(text, after_from + opened.end() - 1, opened.group(1)) if opened else None
    direct = span is not None
    if span is None:
        that = re.match(rf"\s*(?:\S+\s+){{0,{8 if lang == 'ar' else 4}}}?(?:that|{_AR_THAT})\s+", tail)
        if that and after_from + that.end() < sent.end:
            span = (after_from + that.end(), sent.end)
        elif lang == "ar":
            span = _quoted_before(text, vstart)
            direct = span is not None
        elif who.kind in ("name", "pronoun", "title", "other", "pair") and len(text[vend:sent.end].split()) >= 4:
            span = (vend, sent.end)  # "Giles added the victim sustained ...": "that" left out
        if span is None:
            return None
    start, end = span
    quote = Quote(speaker=who.text, text=text[start:end].strip(" .\"“”«»"), start=start, end=end,
                  verb=verb.group(0), direct=direct, sentence=sent.index)
    return quote, who, vstart


def _quoted_before(text: str, vstart: int) -> tuple[int, int] | None:
    """Arabic «"...!" كما أضاف هاميل»: the quoted words just before the verb."""
    m = re.search(r"([\"”»])\s*[,،]?\s*(?:كما\s+)?$", text[max(0, vstart - 12):vstart])
    if not m:
        return None
    close = max(0, vstart - 12) + m.start(1)
    mark = {"”": "“", "»": "«"}.get(m.group(1), "\"")
    open_at = text.rfind(mark, max(0, close - 1500), close)
    return (open_at + 1, close) if open_at != -1 and close - open_at > 3 else None


def _direct(text: str, open_at: int, mark: str) -> tuple[int, int] | None:
    close = text.find(_CLOSE[mark], open_at + 1)
    if close == -1 or close - open_at < 3:
        return None
    return open_at + 1, close


def _people(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    return [m for m in mentions if m.label in ("PER", "ORG") and start <= m.start and m.end <= end]


def _speaker_ar(text: str, sent: Sentence, verb: re.Match[str], mentions: list[Mention]) -> Who:
    """After the verb: a name, هو/هي, a title, nothing (the ending then tells gender and number)."""
    vstart, vend = sent.start + verb.start(), sent.start + verb.end()
    if verb.group("circ"):  # مشيراً / مضيفةً: the subject of the sentence's main verb
        return Who("none", gender="f" if verb.group("circf") else "m")
    gender, number = ("m", 1) if verb.group("now") == "ي" else ("f", 1) if verb.group("now") else _AGREEMENT[verb.group("agr")]
    rest = text[vend:sent.end]
    subject = [m for m in _people(mentions, sent.start, vend) if m.label == "PER" and not text[m.end:vstart].strip()]
    if subject:  # "ولكن فليك قال، إنه": the name before the verb
        m = subject[-1]
        return Who("name", m.text, m.entity_id, m.start, m.end, gender if number == 1 else None, number)
    pron = re.match(r"\s+(هو|هي)(?!\w)", rest)
    if pron:
        g, n = PRONOUNS[pron.group(1)]
        return Who("pronoun", pron.group(1), start=vend + pron.start(1), end=vend + pron.end(1), gender=g, number=n)
    if _AR_FILLER.match(rest) or _AR_STOP.match(rest):  # "وأضاف:", "وقال في ...", "قالت إن"
        return Who("none", gender=gender, number=number)
    stop = _AR_STOP.search(rest)
    window_end = vend + (stop.start() if stop else len(rest))
    words = list(re.finditer(r"\S+", text[vend:window_end]))[:7]
    window_end = vend + words[-1].end() if words else vend
    near = [m for m in _people(mentions, vend, window_end + 1)  # not "مصدر قريب من جونز": a complement
            if not re.search(r"(?<!\w)(?:من|عن|إلى|على|مع|لدى)\s+$", text[vend:m.start])]
    if near:
        m = next((p for p in near if p.label == "PER"), near[0])
        return Who("name", m.text, m.entity_id, m.start, m.end, gender if number == 1 else None, number)
    title = re.match(rf"\s+({AR_TITLE}(?!\w)(?:\s+باسم)?(?:\s+(?!{_AR_THAT}(?!\w))(?:ال)?\w+){{0,2}})", rest)
    if title and title_stem(title.group(1).split()[0], "ar"):
        phrase = title.group(1)
        g = "f" if re.match(r"\S+ة(?!\w)", phrase) else gender
        return Who("title", phrase, None, vend + title.start(1), vend + title.end(1), g, number,
                   title=title_stem(phrase, "ar"))
    if not words:
        return Who("none", gender=gender, number=number)
    return Who("other", words[0].group(0), start=vend + words[0].start(), end=vend + words[0].end(), number=number)


def _speaker_en(text: str, sent: Sentence, vstart: int, mentions: list[Mention]) -> Who:
    """Before the verb: a name (maybe in apposition), a pronoun, a title, or a description."""
    before = text[sent.start:vstart]
    near = [m for m in _people(mentions, sent.start, vstart)
            if re.fullmatch(_EN_AUX, text[m.end:vstart], re.IGNORECASE)
            and not re.search(r"\b(?:of|to|for|from|at|with|near|by)\s+(?:the\s+)?$", text[sent.start:m.start])]
    if near:
        m = max(near, key=lambda p: (p.end, p.label == "PER"))
        return Who("name", m.text, m.entity_id, m.start, m.end)
    pron = re.search(rf"(?<!\w)(he|she|they){_EN_AUX}$", before, re.IGNORECASE)
    if pron:
        g, n = PRONOUNS[pron.group(1).lower()]
        return Who("pronoun", pron.group(1), start=sent.start + pron.start(1), end=sent.start + pron.end(1),
                   gender=g, number=n)
    title = re.search(rf"(?<!\w)((?:the|a|an|one)\s+)?((?:[\w’'-]+\s+){{0,2}}(?:{EN_TITLE})){_EN_AUX}$", before,
                      re.IGNORECASE)
    if title and (title.group(1) or "").strip().lower() in ("", "the"):
        return Who("title", title.group(0).strip(), start=sent.start + title.start(), end=sent.start + title.end(2),
                   title=title_stem(title.group(2), "en"), gender=_title_gender(title.group(2)))
    people = [m for m in _people(mentions, sent.start, vstart) if m.label == "PER"]
    for a, b in zip(people, people[1:]):  # "al-Shibani and al-Shar’a visited Moscow ... and confirmed that"
        if re.fullmatch(r"\s+and\s+", text[a.end:b.start]) and (
                re.fullmatch(_EN_AUX, text[b.end:vstart], re.IGNORECASE)
                or re.fullmatch(r"[^,;]*\sand\s+", text[b.end:vstart])):
            return Who("pair", a.text, a.entity_id, a.start, b.end, number=2, others=[(b.text, b.entity_id)])
    appos = [m for m in _people(mentions, sent.start, vstart) if m.label == "PER"
             and re.match(r"\s*,", text[m.end:vstart]) and len(text[sent.start:m.start].split()) <= 4
             and vstart - m.end < 160
             and not any(p.label == "PER" for p in _people(mentions, m.end + 1, vstart))]
    if appos:  # "Joan Puig, a 42-year-old mechanic ..., said"
        m = appos[-1]
        return Who("name", m.text, m.entity_id, m.start, m.end)
    described = title or re.search(r"(?<!\w)(?:a|an|one)\s+(?:[\w’'-]+\s+){0,5}$", before, re.IGNORECASE)
    if described:  # "A source close to Jones said", "A police spokesman has confirmed": nobody named
        return Who("other", described.group(0).strip(), start=sent.start + described.start(),
                   end=sent.start + described.end())
    return Who("none", number=3)  # English always writes its subject: none here means no speaker


def _title_gender(words: str) -> str | None:
    low = words.lower()
    return "f" if re.search(r"woman|queen", low) else "m" if re.search(r"(?:spokes|chair)man|king", low) else None


_VERB_AFTER_QUOTE = re.compile(
    rf"[“\"]([^”\"]{{3,}}?)[”\"]\s*(?P<who>(?:he|she|they)\s+|(?:(?:a|an|one|the)\s+)?[\w’'-]+(?:\s+[\w’'.-]+){{0,3}}\s+)?"
    rf"(?P<verb>{_EN_VERBS})(?!\w)")
_VERB_AT_END = re.compile(rf",\s+(?P<who>[^,\"“”]{{2,70}}?)\s+(?P<verb>said|says|told|added|reported)(?!\w)"
                          rf"[^,\"“”]{{0,60}}$")


def _verb_after(article: Article, mentions: list[Mention], found: list[Quote], lang: str) -> list[tuple[Quote, Who, int]]:
    """English quotes whose verb follows the words: "“We will not leave,” she said.", "..., officials said."."""
    if lang == "ar":
        return []
    text = article.text
    sentences = sentences_of(article)
    out: list[tuple[Quote, Who, int]] = []

    def sentence_of(at: int) -> int | None:
        return next((s.index for s in sentences if s.start <= at < s.end), None)

    def taken(at: int) -> bool:
        return any(q.start <= at < q.end for q in found) or any(q.start <= at < q.end for q, _, _ in out)

    for m in _VERB_AFTER_QUOTE.finditer(text):
        if not m.group("who") or taken(m.start(1)):
            continue
        who = _who_of(text, m.start("who"), m.end("who"), mentions)
        if who is None:
            continue
        out.append((Quote(speaker=who.text, text=m.group(1).strip(" ,."), start=m.start(1), end=m.end(1),
                          verb=m.group("verb"), direct=True, sentence=sentence_of(m.start())), who, m.start("verb")))
    for sent in sentences:
        m = _VERB_AT_END.search(sent.text.rstrip(". "))
        if not m or taken(sent.start) or len(sent.text[:m.start()].split()) < 4 or re.search(r"[\"“”]", sent.text):
            continue
        who = _who_of(text, sent.start + m.start("who"), sent.start + m.end("who"), mentions)
        if who is None:
            continue
        out.append((Quote(speaker=who.text, text=sent.text[:m.start()].strip(), start=sent.start,
                          end=sent.start + m.start(), verb=m.group("verb"), direct=False, sentence=sent.index),
                    who, sent.start + m.start("verb")))
    return out


def _who_of(text: str, start: int, end: int, mentions: list[Mention]) -> Who | None:
    """The speaker words between a quote and its verb."""
    words = text[start:end].strip()
    people = _people(mentions, start, end)
    if people:
        m = next((p for p in reversed(people) if p.label == "PER"), people[-1])
        return Who("name", m.text, m.entity_id, m.start, m.end)
    low = words.lower()
    if low in PRONOUNS:
        g, n = PRONOUNS[low]
        return Who("pronoun", words, start=start, end=end, gender=g, number=n)
    if re.fullmatch(rf"(?:the\s+)?(?:[\w’'-]+\s+){{0,2}}(?:{EN_TITLE})", low):
        return Who("title", words, start=start, end=end, title=title_stem(low, "en"), gender=_title_gender(low))
    if re.match(r"(?:a|an|one|the|some|two|several|many|officials|police|sources|experts)(?!\w)", low):
        return Who("other", words, start=start, end=end)
    if re.fullmatch(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'.-]+){0,3}", words):
        return Who("name", words, None, start, end)  # a capitalised name the NER missed, as written
    return None
