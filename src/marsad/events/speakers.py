"""Who a reporting verb points at, and the named person that is.

A quote's speaker is written in one of five ways (:class:`Who`): a name (a PER or ORG
mention next to the verb), a pronoun ("he", "she", "هو", "هي"), a title or role noun ("the
minister", "الوزير", "المتحدث باسم الوزارة"), nothing at all (Arabic drops the subject:
"وأضاف:", "قالت إن", "وأكدا"; the verb's ending still says feminine, masculine or dual),
or a description that names nobody ("a source", "officials", "مصدر"). :class:`Resolver`
turns the pronoun, title and dropped-subject cases into the named speaker:

* pronoun / dropped subject: the most recent earlier PER mention (mentions inside quoted
  words are not antecedents) or earlier quote speaker; "she"/"قالت" prefer one known to be
  female and never take one known to be male (and the reverse for "he"/"قال"). Gender is
  known from an honorific or a gendered title before a name ("Mrs", "السيدة", "spokeswoman",
  "الوزيرة"), from the verb agreeing with a name it is written with ("قالت فورد"), and from
  "X said he/she ..." in English.
* dual verbs ("وأكدا", "قالا"): the two most recent distinct named people, two speakers.
* titles: the most recent PER mention carrying that title ("President Trump", "Gjorge
  Ivanov, the president", "وزير الخارجية أسعد الشيباني"); if no name carries it, the most
  recent quote speaker with no other title.
* "they"/"قالوا", descriptions, and anything with no compatible antecedent stay unresolved:
  no speaker (never a guessed name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from marsad.events.evaluate import fold_word
from marsad.model import Mention

# title stems: the words that can stand for a named person ("the minister", "الوزيرة")
_EN_TITLES = {
    "prime minister": "prime minister", "president": "president", "minister": "minister", "secretary": "secretary",
    "spokesman": "spokes", "spokeswoman": "spokes", "spokesperson": "spokes", "official": "official",
    "envoy": "envoy", "ambassador": "ambassador", "chairman": "chair", "chairwoman": "chair", "chair": "chair",
    "chief": "chief", "leader": "leader", "governor": "governor", "mayor": "mayor", "senator": "senator",
    "director": "director", "commissioner": "commissioner", "diplomat": "diplomat", "inspector": "inspector",
    "captain": "captain", "capt": "captain", "general": "general", "coach": "coach", "manager": "manager",
    "chancellor": "chancellor", "king": "king", "queen": "queen", "sheikh": "sheikh",
}
EN_TITLE = "|".join(sorted(_EN_TITLES, key=len, reverse=True))
_AR_TITLES = {  # folded stem -> canonical; feminine forms fold to the same stem
    "رييس وزراء": "رئيس الوزراء", "رييس": "رئيس", "وزير": "وزير", "متحدث": "متحدث", "مبعوث": "مبعوث",
    "سفير": "سفير", "مسوول": "مسؤول", "مدير": "مدير", "زعيم": "زعيم", "امين": "أمين", "محافظ": "محافظ",
    "نايب": "نائب", "قايد": "قائد", "مفتش": "مفتش", "دبلوماسي": "دبلوماسي", "ملك": "ملك", "شيخ": "شيخ",
    "مستشار": "مستشار", "حارس": "حارس", "مدرب": "مدرب",
}
AR_TITLE = (r"(?:ال)?(?:رئيس(?:ة)?\s+(?:ال)?وزراء|رئيس(?:ة)?|وزير(?:ة)?|متحدث(?:ة)?|مبعوث(?:ة)?|سفير(?:ة)?|مسؤول(?:ة)?|"
            r"مدير(?:ة)?|زعيم(?:ة)?|أمين(?:ة)?|محافظ(?:ة)?|نائب(?:ة)?|قائد(?:ة)?|مفتش(?:ة)?|دبلوماسي(?:ة)?|ملك(?:ة)?|"
            r"شيخ(?:ة)?|مستشار(?:ة)?|حارس(?:ة)?|مدرب(?:ة)?)")
_FEMALE_WORDS = {"mrs", "ms", "miss", "madam", "lady", "dame", "queen", "spokeswoman", "chairwoman", "congresswoman",
                 "businesswoman", "actress", "princess", "sister", "mother", "سيده", "انسه", "سيدة", "آنسة"}
_MALE_WORDS = {"mr", "sir", "lord", "king", "prince", "spokesman", "chairman", "congressman", "businessman", "brother",
               "father", "سيد", "السيد"}
PRONOUNS = {"he": ("m", 1), "she": ("f", 1), "they": (None, 3), "هو": ("m", 1), "هي": ("f", 1)}


@dataclass
class Who:
    """A verb's speaker as written, before resolution."""

    kind: str  # "name", "pair" (two names), "pronoun", "title", "none" (no subject written), "other" (names nobody)
    text: str | None = None
    entity: int | None = None
    start: int = -1  # span of the speaker's words in the article (-1: none written)
    end: int = -1
    gender: str | None = None  # "m", "f": from the pronoun, the title, or the Arabic verb's ending
    number: int = 1  # 1, 2 (Arabic dual), 3 (plural)
    title: str | None = None  # canonical title stem for kind "title"
    others: list[tuple[str, int | None]] = field(default_factory=list)  # kind "pair": the second name


def title_stem(phrase: str, lang: str) -> str | None:
    """The canonical title a phrase holds ("the Foreign Minister" -> "minister", "المتحدثة" -> "متحدث")."""
    if lang == "ar":
        words = [_fold_title(w) for w in phrase.split()]
        for i, w in enumerate(words):
            if w == "رييس" and i + 1 < len(words) and words[i + 1] in ("وزرا", "وزراء"):
                return "رئيس الوزراء"
            if w in _AR_TITLES:
                return _AR_TITLES[w]
        return None
    low = phrase.lower()
    for word in sorted(_EN_TITLES, key=len, reverse=True):
        if re.search(rf"(?<!\w){word}(?!\w)", low):
            return _EN_TITLES[word]
    return None


def _fold_title(word: str) -> str:
    """"والوزيرة" -> "وزير": clitics, article and feminine ending off, hamza seats folded."""
    w = re.sub(r"[\u064b-\u0652\u0640]", "", word).translate(str.maketrans("أإآئؤى", "ااايوي"))
    w = re.sub(r"[^\w]", "", w)
    for cand in (w, w[1:] if w[:1] in "وف" else w):
        for c in (cand, cand[2:] if cand.startswith("ال") else cand):
            c = c[:-1] if len(c) > 3 and c.endswith("ة") else c
            if c in _AR_TITLES:
                return c
    return w


def name_key(m_text: str, entity: int | None) -> object:
    """One person across mentions: the linked entity, else the last name word ("Chad Hammel" = "Hammel")."""
    if entity is not None:
        return entity
    words = [fold_word(w) for w in m_text.replace("-", " ").split()]
    return words[-1] if words else m_text


@dataclass
class _Person:
    at: int
    name: str
    entity: int | None
    key: object


@dataclass
class Resolver:
    """Antecedents of one article: PER mentions outside quoted words, and resolved speakers."""

    text: str
    lang: str
    mentions: list[Mention]
    quoted: list[tuple[int, int]] = field(default_factory=list)  # spans of quoted words
    gender: dict[object, str] = field(default_factory=dict)
    titles: dict[object, set[str]] = field(default_factory=dict)
    speakers: list[_Person] = field(default_factory=list)

    def __post_init__(self) -> None:
        for m in self.mentions:
            if m.label != "PER":
                continue
            key = name_key(m.text, m.entity_id)
            before = self.text[max(0, m.start - 45):m.start]
            before = re.split(r"[.!?؟\n]", before)[-1]
            after = re.match(r"[,،]\s*(?:the\s+|a\s+|an\s+)?((?:\S+\s+){0,3}?\S+)", self.text[m.end:m.end + 60])
            for phrase in (" ".join(before.split()[-3:]), after.group(1) if after else ""):
                stem = title_stem(phrase, self.lang) if phrase else None
                if stem:
                    self.titles.setdefault(key, set()).add(stem)
            last = before.split()[-1:] if before.split() else []
            for w in last + ([m.text.split()[0]] if " " in m.text else []):
                g = _word_gender(w)
                if g:
                    self.gender.setdefault(key, g)

    def note_gender(self, name: str, entity: int | None, gender: str | None) -> None:
        """What a verb or a following pronoun says of a named speaker's gender."""
        if gender:
            self.gender.setdefault(name_key(name, entity), gender)

    def add_speaker(self, at: int, name: str, entity: int | None) -> None:
        self.speakers.append(_Person(at, name, entity, name_key(name, entity)))

    def resolve(self, who: Who, at: int) -> list[tuple[str, int | None]]:
        """Named speakers of a verb at ``at``; [] when unresolved."""
        if who.kind == "name":
            return [(who.text or "", who.entity)]
        if who.kind == "pair":
            return [(who.text or "", who.entity), *who.others]
        if who.kind == "title" and who.title:
            return self._titled(who, at)
        if who.kind not in ("pronoun", "none") or who.number == 3:
            return []
        people = self._before(min(at, who.start) if who.start >= 0 else at)
        if who.number == 2:
            out: list[_Person] = []
            for p in reversed(people):
                if all(p.key != o.key for o in out) and self.gender.get(p.key) != _other(who.gender):
                    out.append(p)
                if len(out) == 2:
                    return [(o.name, o.entity) for o in reversed(out)]
            return []
        chosen = self._by_gender(people, who.gender)
        return [(chosen.name, chosen.entity)] if chosen else []

    def _before(self, at: int) -> list[_Person]:
        people = [_Person(m.start, m.text, m.entity_id, name_key(m.text, m.entity_id)) for m in self.mentions
                  if m.label == "PER" and m.end <= at and not any(s <= m.start < e for s, e in self.quoted)]
        return sorted(people + [s for s in self.speakers if s.at < at], key=lambda p: p.at)

    def _by_gender(self, people: list[_Person], gender: str | None) -> _Person | None:
        allowed = [p for p in people if self.gender.get(p.key) != _other(gender)] if gender else people
        if gender:
            known = [p for p in allowed if self.gender.get(p.key) == gender]
            # a known-gender antecedent wins over a nearer unknown one only within the same few sentences
            if known and allowed and known[-1] is not allowed[-1] and allowed[-1].at - known[-1].at < 400:
                return known[-1]
        return allowed[-1] if allowed else None

    def _titled(self, who: Who, at: int) -> list[tuple[str, int | None]]:
        people = self._before(at)
        titled = [p for p in people if who.title in self.titles.get(p.key, set())]
        chosen = self._by_gender(titled, who.gender)
        if chosen is None:  # nobody carries the title: the latest speaker with no other title
            untitled = [s for s in self.speakers if s.at < at and not self.titles.get(s.key)]
            chosen = self._by_gender(untitled, who.gender)
        return [(chosen.name, chosen.entity)] if chosen else []


def _word_gender(word: str) -> str | None:
    w = word.strip(".,").lower()
    if w in _FEMALE_WORDS or fold_word(w) in _FEMALE_WORDS:
        return "f"
    if w in _MALE_WORDS or fold_word(w) in _MALE_WORDS:
        return "m"
    if re.fullmatch(r"(?:ال)?(?:رئيسة|وزيرة|متحدثة|مبعوثة|سفيرة|مسؤولة|مديرة|نائبة|أمينة)", word):
        return "f"
    return None


def _other(gender: str | None) -> str | None:
    return {"m": "f", "f": "m"}.get(gender or "")
