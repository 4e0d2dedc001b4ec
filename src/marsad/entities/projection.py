"""Cross-lingual mention projection: find a story's names in an article of the other script.

The Arabic NER misses names it has rarely seen as names ("بنظام بشار كنظام", "دعم للأسد"),
while the English article of the same story names the person in full ("Bashar al-Assad").
``project_mentions`` looks, in one article, for single tokens that spell a word of a name
known from the story's articles in the other script:

* Arabic article, Latin names: each Arabic token (proclitics و ف ب ك ل لل and the article
  ال removed) is transliterated (arabic-name-romanizer, top 3) and compared with each word
  of the name (rapidfuzz ratio >= 85): "الأسد" -> "al-Assad" ~ "Assad", "بشار" ~ "Bashar".
* Latin article, Arabic names: each capitalised Latin token not at the start of a sentence
  is compared with the transliterations of the words of the Arabic name.

Precision guards: only PER/ORG/LOC names; only name words of 4+ Latin letters (3+ Arabic
letters); a name that the article already mentions (one of its words matches an existing
mention) is not projected again; an Arabic token that is a frequent ordinary word (the
ANERcorp stoplist of the Arabic tagger: folded words tagged O 90%+ of the time) is never
projected; ORG/LOC names must be one or two words; a token that matches words of two
different names is left alone. Projected mentions get ``score`` 0.5 and, when the name came
from a linked mention, that mention's ``entity_id`` as a hint for the linker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz

from marsad.entities.exonyms import translations
from marsad.entities.gazetteer import load_gazetteer
from marsad.entities.keys import clitic_splits, fold_arabic, has_arabic, latin_key, name_key
from marsad.entities.linking import EntityRecord
from marsad.entities.phonetic import word_skeleton
from marsad.entities.tokens import Token, tokenize
from marsad.entities.transliterate import latin_keys, romanize_many
from marsad.model import Article, Mention, Sentence

LABELS = ("PER", "ORG", "LOC")
MATCH_MIN = 85
PROJECTED_SCORE = 0.5
LATIN_MIN, ARABIC_MIN = 4, 3
# Latin words that are parts of organisation and place names, not names of their own.
_GENERIC = frozenset(
    "government ministry council party front army forces force national united state states republic "
    "democratic islamic arab syrian russian union group committee authority agency news magazine "
    "north south east west new city province crossing transitional interim people parliament assembly "
    "court police university academy league club company bank museum street county school hospital "
    "institute commission department office service party".split()
)
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june july "
    "august september october november december".split()
)


@dataclass(frozen=True)
class Target:
    """A name known in the story: surface text, type and (when linked) the entity id."""

    text: str
    label: str
    entity_id: int | None = None


def _targets(items: Iterable[Target | Mention | EntityRecord]) -> list[Target]:
    out: list[Target] = []
    for item in items:
        if isinstance(item, EntityRecord):
            out += [Target(name, item.label) for name in item.names.values() if name]
        elif isinstance(item, Mention):
            out.append(Target(item.text, item.label, item.entity_id))
        else:
            out.append(item)
    return list(dict.fromkeys(t for t in out if t.label in LABELS))


def _name_words(target: Target) -> list[str]:
    """Latin keys of the words worth projecting (one string per word of the name)."""
    if has_arabic(target.text):
        words = [w for w in name_key(target.text).split() if len(w) >= ARABIC_MIN]
        return [w for w in words if latin_keys(w)]
    words = latin_key(target.text).split()
    if target.label != "PER" and len(words) > 2:
        return []
    return [w for w in words if len(w) >= LATIN_MIN and w.isalpha() and w not in _GENERIC]


def _word_keys(word: str) -> tuple[str, ...]:
    return latin_keys(word) if has_arabic(word) else (word,)


def _matches(keys: Iterable[str], word: str) -> bool:
    return any(k[:1] == w[:1] and fuzz.ratio(k, w) >= MATCH_MIN for k in keys for w in _word_keys(word))


SOUND_MIN = 4  # consonant classes a word's skeleton needs to be matched by sound alone


def _sounds(form: str, word: str) -> bool:
    """The token (one reading, Arabic or Latin) and a word of the name have the same sound skeleton
    of 4+ classes: "ترامب" / "Trump" (TRMB), which the romanizer spells "Tramb" and so never
    matched. Equal skeletons only (a looser ratio let verbs such as "سينتظرها" in); short ones are
    left to the romanizer ("مات" is not Matt)."""
    a, b = word_skeleton(form), word_skeleton(word)
    return len(a) >= SOUND_MIN and a == b and not _is_people_word(form) and not _is_people_word(word)


def _same_word(piece: str, word: str) -> bool:
    """A word of a mention spells a word of a name, by romanization or by sound."""
    return _matches(_word_keys(piece), word) or _sounds(piece, word)


def _is_people_word(form: str) -> bool:
    """A people adjective or noun ("المكسيكي", "الأمريكيين" ~ "American") names no entity of its own."""
    gaz = load_gazetteer()
    return gaz.adjective(form) is not None or gaz.demonym(form) is not None


def _arabic_readings(tok: Token, stoplist: frozenset[str]) -> list[tuple[int, str]]:
    """(characters of the proclitic, the rest) for each reading of an Arabic token that is not
    a frequent ordinary word ("للأسد" is read as ل + "الأسد", not "أسد" lion)."""
    folded = fold_arabic(tok.form)
    if folded in stoplist:  # "بشأن", "بيان", "واسع": the whole token is an ordinary word
        return []
    out = []
    for cut, rest in clitic_splits(tok.form):
        had_article = folded[cut:].startswith("ال") or folded.startswith("لل") and cut in (0, 2)
        citation = ("ال" + rest) if had_article else rest
        if len(rest) >= ARABIC_MIN and citation not in stoplist and folded[cut:] not in stoplist:
            out.append((cut, rest))
    return out


def _latin_candidates(tok: Token, sentence_start: int) -> list[tuple[int, tuple[str, ...], str]]:
    form = tok.form.removesuffix("’s").removesuffix("'s")
    if has_arabic(form) or not form[:1].isupper() or tok.start == sentence_start or len(form) < LATIN_MIN \
            or latin_key(form) in _CALENDAR:
        return []
    return [(0, (latin_key(form),), latin_key(form))]


def _covered(words: list[str], existing: list[Mention], person: bool = False) -> bool:
    """The article already mentions the name: every word of some mention matches a word of it
    ("الشيباني" covers "Asaad al-Shibani"; "أسعد الشيباني" does not cover "Bashar al-Assad"). A
    person's given name alone does not cover the person: "دونالد" (tagged) left "ترامب" unfound in
    "الرئيس دونالد ترامب", so Trump had no Arabic mention there."""
    for m in existing:
        pieces = [p for p in name_key(m.text).split() if len(p) >= 3]
        if pieces and all(any(_same_word(p, w) for w in words) for p in pieces) and (
                not person or len(words) < 2 or any(_same_word(p, words[-1]) for p in pieces)):
            return True
    return False


def _inside(start: int, end: int, existing: list[Mention]) -> bool:
    return any(start < m.end and m.start < end for m in existing)


def _sentence_of(article: Article, pos: int) -> Sentence:
    found = [s for s in article.sentences if s.start <= pos < s.end]
    return found[0] if found else Sentence(0, 0, len(article.text), article.text, article.lang)


def _span(article: Article, tok: Token, cut: int) -> tuple[int, int]:
    """Offsets of the projected mention: the token without a detachable proclitic (و ب ل ك ف),
    except "لل" (ل + article), which stays whole as the tagger would have it ("للأسد")."""
    start = tok.start + cut if not fold_arabic(tok.form).startswith("لل") else tok.start
    end = tok.start + len(tok.form.removesuffix("’s").removesuffix("'s"))
    return start, end


def project_mentions(article: Article, names: Iterable[Target | Mention | EntityRecord],
                     existing: list[Mention] | None = None, stoplist: frozenset[str] | None = None) -> list[Mention]:
    """Mentions of the story's other-script names found in ``article`` (new ones only, text order).

    ``names``: the story's mentions (e.g. the linker's context mentions, with entity ids),
    catalogue records or :class:`Target` s; names in the article's own script are ignored.
    ``existing`` defaults to ``article.mentions``; projected spans never overlap them.
    """
    existing = article.mentions if existing is None else existing
    arabic_article = (article.lang or "") == "ar" or (not article.lang and has_arabic(article.text))
    if stoplist is None:
        from marsad.entities.ner import arabic_tagger
        stoplist = arabic_tagger().stoplist if arabic_article else frozenset()
    other = [t for t in _targets(names) if has_arabic(t.text) != arabic_article]
    if other:  # the Arabic words that _name_words and _covered look up, in a few batches
        romanize_many(w for item in [*other, *existing] if has_arabic(item.text)
                      for w in name_key(item.text).split() if len(w) >= ARABIC_MIN)
    targets = [(t, w) for t in other for w in [_name_words(t)] if w and not _covered(w, existing, t.label == "PER")]
    out: list[Mention] = []
    if not targets:
        return out
    tokens = [(sentence, list(tokenize(article.text, sentence.start, sentence.end)))
              for sentence in article.sentences or [_sentence_of(article, 0)]]
    readings: dict[str, list[tuple[int, str]]] = {}  # token form -> its readings (tokens repeat)

    def read(tok: Token) -> list[tuple[int, str]]:
        if tok.form not in readings:
            readings[tok.form] = _arabic_readings(tok, stoplist)
        return readings[tok.form]

    if arabic_article:  # transliterate the article's candidate words in a few batches, not one by one
        romanize_many(rest for _, toks in tokens for tok in toks if not _inside(tok.start, tok.end, existing)
                      for _, rest in read(tok))
    for sentence, toks in tokens:
        for tok in toks:
            if _inside(tok.start, tok.end, existing) or _inside(tok.start, tok.end, out):
                continue
            cands = ([(cut, latin_keys(rest), rest) for cut, rest in read(tok)] if arabic_article
                     else _latin_candidates(tok, sentence.start))
            matched = [(cut, t.label, t.entity_id if t.entity_id is not None else w, len(words) == 1)
                       for cut, keys, form in cands for t, words in targets for w in words
                       if _matches(keys, w) or _sounds(form, w)]
            hits = {m[:3] for m in matched}
            if len({hit[1:] for hit in hits}) != 1:
                # one word that is a whole name of its own ("Trump") beside longer names using it
                # ("Donald Trump", "President Trump": other entities when the English side did not
                # join them) is that one-word name; anything else ambiguous is left alone
                alone = {m[:3] for m in matched if m[3]}
                if len({hit[1:] for hit in alone}) != 1:
                    continue
                hits = alone
            (label, ident), = {hit[1:] for hit in hits}
            cut = max(h[0] for h in hits)  # "ونبراسكا" is و + Nebraska: the reading without the proclitic
            eid = ident if isinstance(ident, int) else None
            start, end = _span(article, tok, cut)
            text = article.text[start:end]
            out.append(Mention(start, end, text, label, sentence.index, "ar" if arabic_article else article.lang,
                               name_key(text), PROJECTED_SCORE, eid))
    return out


_PROCLITIC = "(?:[وف]?(?:[بلك])?)"


def _table_forms(target: Target, arabic_article: bool) -> list[str]:
    """The other script's names of a table organisation or institution the target names ("FBI" ->
    "مكتب التحقيقات الفيدرالي"; "Senate" -> "مجلس الشيوخ"), longest first; none when it is in no table."""
    forms = {a for a in translations(target.text) if has_arabic(a) == arabic_article and len(a) >= 3}
    return sorted(forms, key=lambda f: (-len(f), f))


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold_arabic`` character by character, with the original offset of each folded character
    (diacritics and tatweel vanish, so offsets cannot be shared with the original text)."""
    out, where = [], []
    for i, ch in enumerate(text):
        for f in fold_arabic(ch):
            out.append(f)
            where.append(i)
    return "".join(out), where


def project_table_names(article: Article, names: Iterable[Target | Mention | EntityRecord],
                        existing: list[Mention] | None = None) -> list[Mention]:
    """Mentions of the story's table organisations (``exonyms``) written in this article's script:
    the English "FBI" finds "مكتب التحقيقات الفيدرالي" (with a proclitic: "بمكتب ...") where the
    Arabic tagger missed it. Only whole table names, only where no mention stands already."""
    existing = article.mentions if existing is None else existing
    arabic_article = (article.lang or "") == "ar" or (not article.lang and has_arabic(article.text))
    out: list[Mention] = []
    wanted = [(t, forms) for t in _targets(names) if has_arabic(t.text) != arabic_article
              for forms in [_table_forms(t, arabic_article)] if forms]
    if not wanted:  # most stories name no table organisation: no folding of the article
        return out
    text, where = _folded_with_offsets(article.text) if arabic_article else (article.text, None)
    for target, forms in wanted:
        for form in forms:
            if arabic_article:
                body = re.escape(fold_arabic(form))
                if body.startswith("ال"):
                    body = f"(?:ال|(?<=ل)ل)?{body[2:]}"  # "للأمم" = ل + الأمم
                pattern = rf"(?<!\w){_PROCLITIC}({body})(?!\w)"  # Arabic letters are \w; "،" is not
            else:
                pattern = rf"(?<!\w)({re.escape(form)})(?!\w)"
            for match in re.finditer(pattern, text):
                start, end = match.span(1)
                if arabic_article:
                    if text[start - 1:start + 1] == "لل":  # "للأمم المتحدة" stays whole, as the tagger has it
                        start -= 1
                    start, end = where[start], where[end - 1] + 1
                if _inside(start, end, existing + out):
                    continue
                sentence = _sentence_of(article, start)
                surface = article.text[start:end]
                out.append(Mention(start, end, surface, "ORG", sentence.index, "ar" if arabic_article else article.lang,
                                   name_key(surface), PROJECTED_SCORE, target.entity_id))
    return sorted(out, key=lambda m: (m.start, m.end))


def with_projections(article: Article, context: dict[str, list[Mention]]) -> list[Mention]:
    """``article.mentions`` plus the mentions projected from the story's other articles
    (``context``: article id -> linked mentions, as the entity stage loads them), text order."""
    names = [m for aid in sorted(context) if aid != article.id for m in context[aid]]
    found = project_mentions(article, names) if names else []
    if names:
        found += project_table_names(article, names, article.mentions + found)
    return sorted(article.mentions + found, key=lambda m: (m.start, m.end))
