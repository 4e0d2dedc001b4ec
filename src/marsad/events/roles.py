"""Actor, recipient and location of an event trigger, from candidate positions.

English is subject-verb-object: the actor is the nearest candidate before the trigger
in its clause, the recipient the first candidate after it. Arabic verbs usually come
first (VSO: "وطلب الوفد السوري ..."), so a candidate right after an Arabic verb is its
actor when no subject comes before it. A definite verbal noun (Arabic "القصف", English
"the airstrikes") takes only an adjacent actor ("Russian airstrikes", "القصف الروسي")
and a recipient after a preposition ("talks with X"). "X and Y" before a verb is one
compound actor. Locations are places after at/in/عند/في near the trigger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.events.actors import Candidate

_CLAUSE = {"en": r"(?:[,;:]|\bthat\b|\bwhich\b|\bwho\b|\bwhile\b)", "ar": r"(?:[,،;؛:]|(?<!\w)[وف]?(?:أن|إن|بأن)(?!\w))"}
_LOCATIVE = {"en": r"(?<!\w)(?:at|in|near|inside|outside)\s+(?:the\s+)?$",
             "ar": r"(?<!\w)(?:عند|في|قرب|داخل|ب)\s*(?:\S+\s+)?$"}
_OBJECT_PREP = {"en": r"(?<!\w)(?:with|to|on|against|for|from)\s+(?:the\s+|its\s+|their\s+)?$",
                "ar": r"(?<!\w)(?:مع|ل|لل|من|على|ضد|إلى)\s*$"}
_REC_STOP = {"en": r"[,;:]|\b(?:which|who|while)\b", "ar": r"[,،;؛:]|(?<!\w)[وف]?(?:أن|إن|بأن)(?!\w)"}


@dataclass
class Roles:
    actor: Candidate | None = None
    recipient: Candidate | None = None
    location: Candidate | None = None


def assign_roles(sentence: str, start: int, end: int, cands: list[Candidate], lang: str | None, etype: str = "") -> Roles:
    """Roles for the trigger ``sentence[start:end]`` among ``cands`` (sentence offsets)."""
    lang = "ar" if lang == "ar" else "en"
    agents = [c for c in cands if not c.is_place and not (c.start < end and start < c.end)]
    actor = _actor(sentence, start, end, agents, lang)
    rest = [c for c in agents if c.start >= end and c is not actor and (actor is None or c.start >= actor.end or c.end <= actor.start)]
    after = actor.end if actor is not None and actor.start >= end else end
    recipient = _recipient(sentence, start, after, [c for c in rest if c.start >= after], lang)
    location = _location(sentence, start, cands, lang, {id(actor), id(recipient)})
    if location is None and etype == "CONSULT" and recipient is not None and recipient.label == "LOC":
        location = recipient
    return Roles(actor, recipient, location)


def _nominal(sentence: str, start: int, lang: str) -> bool:
    """A definite verbal noun: Arabic al- on the trigger, English "the/of" before it."""
    if lang == "ar":
        return bool(re.match(r"[وف]?(?:[بلك])?(?:ال|لل)", sentence[start:start + 4]))
    return bool(re.search(r"(?:\bthe|\bof)\s+$", sentence[max(0, start - 5):start], re.IGNORECASE))


def _actor(sentence: str, start: int, end: int, agents: list[Candidate], lang: str) -> Candidate | None:
    if _PREDICATE.match(sentence[start:end]):
        return None
    adjacent = _adjacent(sentence, start, end, agents, lang)
    if adjacent is not None or _nominal(sentence, start, lang):
        return adjacent
    before = [c for c in agents if c.end <= start and not re.search(_CLAUSE[lang], sentence[c.end:start], re.IGNORECASE)]
    if before and lang == "en" and re.search(r"\band\s+$", sentence[:start]):
        return before[0]  # "Russia supported X and deployed ...": the clause's subject
    if before:
        return _compound(sentence, before, agents)
    if lang == "ar":
        after = [c for c in agents if 0 <= c.start - end <= 3]
        return after[0] if after else None
    return _first_subject_after(sentence, end, agents, lang)


_PREDICATE = re.compile(r"(?:was|is)\s|خاطئ")  # "X was a mistake": the actor is the speaker, not X


def _adjacent(sentence: str, start: int, end: int, agents: list[Candidate], lang: str) -> Candidate | None:
    """A demonym or name touching the trigger: "Russian airstrikes", "القصف الروسي"."""
    for c in agents:
        gap = sentence[c.end:start] if c.end <= start else sentence[end:c.start]
        if lang == "en" and c.end <= start and gap.strip() == "" and c.code:
            return c
        if lang == "ar" and c.start >= end and gap.strip() == "" and c.code and c.label == "NOM" \
                and not re.search(r"(?:مع|إلى|على|ضد)$", sentence[start:end]):
            return c
    return None


def _compound(sentence: str, before: list[Candidate], agents: list[Candidate]) -> Candidate:
    """Widen "al-Shibani and al-Shar'a" to one actor headed by the first name."""
    last = before[-1]
    for c in reversed(before[:-1]):
        if re.fullmatch(r"\s*(?:and|&|و)\s*", sentence[c.end:last.start]) or re.fullmatch(r"\s+و", sentence[c.end:last.start + 1]):
            return Candidate(c.start, last.end, sentence[c.start:last.end], c.label, c.code, c.entity_id)
    return last


def _first_subject_after(sentence: str, end: int, agents: list[Candidate], lang: str) -> Candidate | None:
    """The subject of a relative or passive clause after the trigger ("during which X ...", "by X")."""
    for c in agents:
        if end <= c.start <= end + 70 and re.search(r"\b(?:which|whom|where|by)\b", sentence[end:c.start], re.IGNORECASE):
            return c
    return None


def _recipient(sentence: str, start: int, end: int, rest: list[Candidate], lang: str) -> Candidate | None:
    """First agent after the trigger in its clause; a verbal noun takes only one after a preposition."""
    nominal = _nominal(sentence, start, lang)
    for c in rest:
        gap = sentence[end:c.start]
        if c.start - end > 80 or re.search(_REC_STOP[lang], gap, re.IGNORECASE):
            return None
        if re.search(_LOCATIVE[lang], sentence[max(end, c.start - 20):c.start], re.IGNORECASE):
            continue
        if not nominal or re.search(_OBJECT_PREP[lang], sentence[max(end, c.start - 12):c.start], re.IGNORECASE):
            return c
    return None


def _location(sentence: str, start: int, cands: list[Candidate], lang: str, used: set[int]) -> Candidate | None:
    """A place after a locative preposition, near the trigger (countries too, when not an actor)."""
    for c in cands:
        if c.label != "LOC" or id(c) in used or not 0 < c.start - start <= 90:
            continue
        if re.search(_LOCATIVE[lang], sentence[max(0, c.start - 20):c.start], re.IGNORECASE):
            return c
    return None
