"""Fill suggestions for scraper gaps, from sister articles and from the article itself.

A name missing from a damaged sentence is usually still present in the sentences of the
other articles that were aligned to it: the candidates are the entities mentioned there
but not in the damaged sentence. Each candidate is rendered in the damaged article's
language through the entity-name table (the English "Bashar al-Assad" becomes "بشار الأسد")
or through the article's own mentions of the same entity ("الشرع" further down); only
when neither exists is the sister's surface form offered as it is (lower confidence).
Names mentioned elsewhere in the same article are weaker candidates of their own.
Nothing here edits a text: fills are suggestions with provenance and a confidence.

Ranking: a fill in the damaged article's script always comes before one in another script
(``Fill.script_mismatch``, confidence halved, with a note when only a Latin name is known);
an Arabic name is shown in citation form ("للأسد" -> "الأسد") and, for a person known by
single words only ("بشار", "الأسد"), composed in the order of the Latin name ("بشار الأسد").
The sister's wording helps: an entity right after the sister's equivalent of the trigger
("برئاسة" ~ "under", "في" ~ "in") gains; when that equivalent is followed by an ordinary
word ("not through intermediaries"), entity fills lose. After "في" a place is likelier
than a person.
"""

from __future__ import annotations

from dataclasses import dataclass

import re

from rapidfuzz import fuzz

from marsad.compare.conflicts import same_name
from marsad.compare.gaps import Fill, Gap
from marsad.entities.keys import fold_arabic, has_arabic, latin_key, name_key
from marsad.entities.transliterate import latin_keys
from marsad.model import Article, Mention

_LANG_KEYS = {"ar": ("ar",), "en": ("en", "latin")}
# English words that stand where an Arabic trigger stands ("برئاسة X" ~ "under X").
AR_EN_EQUIV = {
    "برئاسة": ("under", "by", "led"), "بقيادة": ("under", "by", "led"), "في": ("in", "at", "inside"),
    "من": ("from", "of"), "إلى": ("to", "toward", "towards"), "الى": ("to", "toward", "towards"),
    "على": ("on", "against"), "عن": ("about", "from"), "مع": ("with",), "عبر": ("through", "via", "across"),
    "ضد": ("against",), "بين": ("between",), "حول": ("around", "about"), "نحو": ("toward", "towards"),
    "نظام": ("of", "regime"), "رئيس": ("president", "head"), "وزير": ("minister",),
}
# English words for the nouns whose missing owner comes right before them in the sister
# ("Russia’s interest", "Moscow’s support", "Russia would leave"): see _before_equivalent.
AR_EN_OWNED = {
    "مصلحة": ("interest", "interests"), "مصالح": ("interests",), "دعم": ("support", "backing", "supported"),
    "خروج": ("leave", "leaving", "exit", "withdrawal", "departure"), "انسحاب": ("withdrawal", "withdraw", "withdrew"),
    "موقف": ("position", "stance"), "وجود": ("presence",), "قوات": ("forces", "troops"), "تأييد": ("support",),
    "هجوم": ("attack", "offensive"), "قصف": ("bombing", "shelling", "airstrikes", "strikes"), "سيطرة": ("control",),
    "عودة": ("return",), "زيارة": ("visit",),
}
CONFIDENT = 0.6  # a fill this sure is shown in the text; below, it is a suggestion apart from it
UNSUPPORTED = 0.5  # the most a fill may score without evidence of its role in the sister sentence
PLACE_PREPS = frozenset({"في"})  # after these a place is likelier than a person
_LABEL_PRIOR = {"LOC": 1.0, "ORG": 0.8, "PER": 0.5, "MISC": 0.5}
_WORD = re.compile(r"[\w’'-]+")


@dataclass
class Sister:
    """Sentences of another article aligned to the damaged sentence, with the link score."""

    article: int
    sentences: tuple[int, ...]
    score: float
    anchor: tuple[int, ...] = ()  # sentences of the damaged article this sister is aligned to


def _fold(text: str) -> str:
    return " ".join(fold_arabic(text).lower().replace("’", "'").split())


def _names(value: object) -> list[str]:
    return [value] if isinstance(value, str) else [v for v in (value or []) if isinstance(v, str)]


def citation_form(text: str) -> str:
    """An Arabic name without the proclitics glued to its article: "للأسد" -> "الأسد",
    "والأسد"/"بالأسد" -> "الأسد"; other words and Latin text unchanged."""
    out = []
    for word in text.split():
        folded = fold_arabic(word)
        if folded.startswith("لل") and len(folded) >= 5:
            word = "ال" + word[2:]
        else:
            for n in (2, 1):
                if len(folded) > n + 3 and set(folded[:n]) <= set("وفبكل") and folded[n:].startswith("ال"):
                    word = word[n:]
                    break
        out.append(word)
    return " ".join(out)


def _latin_name(table: dict) -> str:
    return next((n for k in ("en", "latin") for n in _names(table.get(k))), "")


def _compose(forms: list[str], latin: str) -> str | None:
    """One-word Arabic forms of a person ordered like the words of the Latin name, when they
    cover two or more of its words ("الأسد", "بشار" + "Bashar al-Assad" -> "بشار الأسد")."""
    words = latin_key(latin).split()
    placed: dict[int, str] = {}
    for form in forms:
        keys = latin_keys(name_key(form))
        pos = [i for i, w in enumerate(words) if any(fuzz.ratio(k, w) >= 75 for k in keys)]
        if len(pos) == 1 and pos[0] not in placed:
            placed[pos[0]] = form
    return " ".join(placed[i] for i in sorted(placed)) if len(placed) >= 2 else None


def render(entity_id: object, lang: str | None, own: list[Mention], entity_names: dict | None) -> tuple[str, str] | None:
    """(name, how) of an entity in ``lang``: from the name table, else from the article's own
    mentions; Arabic names in citation form, composed from single words when possible."""
    table = (entity_names or {}).get(entity_id) or {}
    named = [n for key in _LANG_KEYS.get(lang or "", (lang or "",)) for n in _names(table.get(key))]
    same = [m.text for m in own if m.entity_id == entity_id and entity_id is not None]
    if lang == "ar":
        forms = list(dict.fromkeys(citation_form(t) for t in named + sorted(same, key=len, reverse=True)))
        multi = [f for f in forms if len(f.split()) > 1]
        if multi:
            return multi[0], "entity-name" if named and multi[0] == citation_form(named[0]) else "own-mention"
        composed = _compose(forms, _latin_name(table)) if len(forms) > 1 else None
        if composed:
            return composed, "composed"
        if forms:
            return forms[0], "entity-name" if named else "own-mention"
        return None
    if named:
        return named[0], "entity-name"
    return (max(same, key=len), "own-mention") if same else None


def _label_fit(expects: str, label: str) -> float:
    return 1.0 if expects == "ANY" or expects == label else 0.3


def _first_name_rest(gap: Gap, name: str) -> str | None:
    """For "أحمد ،" and the name "أحمد الشرع", the missing part "الشرع"."""
    words, trigger = name.split(), _fold(gap.trigger)
    if len(words) > 1 and _fold(words[0]) == trigger:
        return " ".join(words[1:])
    return None


def _surname_form(entity_id: object, own: list[Mention], trigger: str) -> tuple[str, str] | None:
    """The article's own longest form of a person other than the bare first name."""
    forms = [m.text for m in own if m.entity_id == entity_id and entity_id is not None and _fold(m.text) != trigger]
    return (max(forms, key=len), "own-mention") if forms else None


def _trigger_word(gap: Gap) -> str:
    bare = fold_arabic(gap.trigger)
    for word in (gap.trigger, bare, gap.trigger[1:], bare[1:]):
        if word in AR_EN_EQUIV or word in AR_EN_OWNED:
            return word
    return bare


def _prior(gap: Gap, label: str) -> float:
    """A place is likelier than a person after "في" (when the rule expects anything)."""
    return _LABEL_PRIOR.get(label, 0.5) if gap.expects == "ANY" and _trigger_word(gap) in PLACE_PREPS else 1.0


def _after_equivalent(gap: Gap, text: str, start: int) -> bool:
    """The evidence mention follows the sister's equivalent of the trigger ("under Bashar")."""
    words = _WORD.findall(text[max(0, start - 30):start].lower())
    return bool(words) and words[-1] in AR_EN_EQUIV.get(_trigger_word(gap), ())


def _before_equivalent(gap: Gap, text: str, end: int) -> bool:
    """The evidence mention owns the sister's equivalent of the trigger noun: it is followed,
    within three words, by that noun ("Russia’s interest", "Russia would leave")."""
    owned = AR_EN_OWNED.get(_trigger_word(gap), ())
    words = [w.lower().removesuffix("’s").removesuffix("'s") for w in _WORD.findall(text[end:end + 40])]
    return bool(owned) and any(w in owned for w in words[:3])


def _ordinary_slot(gap: Gap, art: Article, spans: list, mentions: list[Mention]) -> bool:
    """The sister has the trigger's equivalent followed by an ordinary word, and no mention
    right after it: "not through intermediaries" for "وليس عبر "."""
    equiv = AR_EN_EQUIV.get(_trigger_word(gap), ())
    starts = {m.start for m in mentions}
    ordinary = named = False
    for s in spans:
        for a, b in zip(list(_WORD.finditer(art.text, s.start, s.end)), list(_WORD.finditer(art.text, s.start, s.end))[1:]):
            if a.group().lower() in equiv:
                nxt = b.start()
                named |= nxt in starts or any(m.start <= nxt < m.end for m in mentions)
                ordinary |= not (nxt in starts or any(m.start <= nxt < m.end for m in mentions)) and b.group()[:1].islower()
    return ordinary and not named


def _candidate(gap: Gap, m: Mention, text: str, how: str, base: float) -> tuple[str, float] | None:
    if gap.rule.endswith("first-name-punct"):
        rest = _first_name_rest(gap, text)
        if rest:
            return rest, base + 0.2
        if m.label != "PER" or _fold(text.split()[-1]) == _fold(gap.trigger):
            return None
        return text.split()[-1], base * 0.7
    return text, base * _label_fit(gap.expects, m.label) * _prior(gap, m.label) * (0.6 if how == "surface" else 1.0)


def _mismatch(text: str, lang: str | None) -> bool:
    return lang in ("ar", "en") and has_arabic(text) != (lang == "ar")


def _fill(gap: Gap, damaged: Article, cand: tuple[str, float], how: str, source: str, art: Article, sentence: int,
          m: Mention, role: bool = False) -> Fill:
    """A Fill, halved and flagged when its script is not the damaged article's; without
    evidence of its role (``role``: the sister names it in the trigger's slot) it stays a
    suggestion (at most UNSUPPORTED, below CONFIDENT)."""
    mismatch = _mismatch(cand[0], damaged.lang)
    note = "" if role else "suggestion: the aligned sentence does not name it in this slot"
    if mismatch:
        note = "only a Latin-script name is known for this entity" if damaged.lang == "ar" else "only an Arabic-script name is known for this entity"
    conf = min(1.0, cand[1]) * (0.5 if mismatch else 1.0) * gap.confidence
    conf = conf if role else min(conf, UNSUPPORTED)
    lang = art.lang if how == "surface" else damaged.lang
    return Fill(cand[0], lang, round(conf, 3), source, art.id, sentence, m.start, m.end, m.text, m.entity_id, mismatch, note)


def sister_fills(gap: Gap, damaged: Article, own: list[Mention], sisters: list[Sister], articles: list[Article],
                 mentions: list[list[Mention]], entity_names: dict | None) -> list[Fill]:
    """Candidates from the aligned sentences of the other articles."""
    sent = damaged.sentences[gap.sentence]
    trigger = _fold(gap.trigger)
    present = {m.entity_id for m in own if sent.start <= m.start < sent.end and m.entity_id is not None
               and _fold(m.text) != trigger}
    named = {m.entity_id for m in own if sent.start <= m.start < sent.end and _fold(m.text) == trigger}
    folded = _fold(sent.text)
    slot = 0.6 if not gap.rule.endswith("first-name-punct") and any(
        _ordinary_slot(gap, articles[sis.article], [articles[sis.article].sentences[i] for i in sis.sentences],
                       mentions[sis.article]) for sis in sisters if gap.sentence in sis.anchor) else 1.0
    out = []
    for sis in sisters:
        art = articles[sis.article]
        spans = [art.sentences[i] for i in sis.sentences]
        inside = [m for m in mentions[sis.article] if any(s.start <= m.start < s.end for s in spans)]
        explained = {m.entity_id for m in own if m.entity_id is not None and gap.sentence not in sis.anchor
                     and any(damaged.sentences[i].start <= m.start < damaged.sentences[i].end for i in sis.anchor)}
        for m in inside:
            if m.entity_id in present:
                continue
            rendered = render(m.entity_id, damaged.lang, own, entity_names) or (m.text, "surface")
            if gap.rule.endswith("first-name-punct"):
                rendered = _surname_form(m.entity_id, own, trigger) or rendered
                if _fold(rendered[0]) == trigger:
                    rendered = (m.text, "surface")
            if _fold(rendered[0]) in folded:
                continue
            boost = 0.3 if m.entity_id in named and m.entity_id is not None else 0.0
            after, owner = _after_equivalent(gap, art.text, m.start), _before_equivalent(gap, art.text, m.end)
            boost += 0.2 if after or owner else 0.0
            weight = min(1.0, sis.score) * slot * (0.5 if m.entity_id in explained else 1.0)
            cand = _candidate(gap, m, rendered[0], rendered[1], weight + boost)
            if cand:
                sentence = next(s.index for s in spans if s.start <= m.start < s.end)
                role = after or owner or (gap.rule.endswith("first-name-punct") and len(m.text.split()) > 1
                                          and same_name(m.text.split()[0], gap.trigger))
                out.append(_fill(gap, damaged, cand, rendered[1], "sister", art, sentence, m, role))
    return out


def nearby_fills(gap: Gap, damaged: Article, own: list[Mention], entity_names: dict | None = None) -> list[Fill]:
    """Candidates from the damaged article's own mentions, nearest sentences first."""
    sent = damaged.sentences[gap.sentence]
    folded = _fold(sent.text)
    out = []
    for m in own:
        distance = abs((m.sentence if m.sentence is not None else gap.sentence) - gap.sentence)
        if _fold(m.text) in folded or distance == 0:
            continue
        text = (render(m.entity_id, damaged.lang, own, entity_names) or (citation_form(m.text),))[0] \
            if damaged.lang == "ar" else m.text
        cand = _candidate(gap, m, text, "own-mention", 0.5 / (1 + 0.5 * distance))
        if cand:
            out.append(_fill(gap, damaged, cand, "own-mention", "nearby", damaged, m.sentence if m.sentence is not None else -1, m))
    return out


def propose_fills(gap: Gap, damaged: Article, own: list[Mention], sisters: list[Sister], articles: list[Article],
                  mentions: list[list[Mention]], entity_names: dict | None, limit: int = 3) -> list[Fill]:
    """The best ``limit`` fills for ``gap``, one per distinct text and entity; fills in the
    damaged article's script first, then by confidence; the best other-script fill (flagged,
    "only a Latin-script name is known") is always kept, after them."""
    best: dict[object, Fill] = {}
    for fill in sister_fills(gap, damaged, own, sisters, articles, mentions, entity_names) + nearby_fills(gap, damaged, own, entity_names):
        key = _fold(fill.text)
        if key not in best or fill.confidence > best[key].confidence:
            best[key] = fill
    by_entity: dict[object, Fill] = {}
    for key, fill in sorted(best.items(), key=lambda kv: (kv[1].script_mismatch, -kv[1].confidence, kv[0])):
        ident = fill.entity_id if fill.entity_id is not None else ("text", key)
        by_entity.setdefault(ident, fill)
    ranked = sorted(by_entity.values(), key=lambda f: (f.script_mismatch, -f.confidence))
    same, other = [f for f in ranked if not f.script_mismatch], [f for f in ranked if f.script_mismatch]
    return same[:limit] + other[:1] if len(same) >= limit else (same + other)[:limit]
