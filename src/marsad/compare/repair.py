"""Fill suggestions for scraper gaps, from sister articles and from the article itself.

A name missing from a damaged sentence is usually still present in the sentences of the
other articles that were aligned to it: the candidates are the entities mentioned there
but not in the damaged sentence. Each candidate is rendered in the damaged article's
language through the entity-name table (the English "Bashar al-Assad" becomes "بشار الأسد")
or through the article's own mentions of the same entity ("الشرع" further down); only
when neither exists is the sister's surface form offered as it is (lower confidence).
Names mentioned elsewhere in the same article are weaker candidates of their own.
Nothing here edits a text: fills are suggestions with provenance and a confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.compare.gaps import Fill, Gap
from marsad.entities.keys import fold_arabic
from marsad.model import Article, Mention

_LANG_KEYS = {"ar": ("ar",), "en": ("en", "latin")}


@dataclass
class Sister:
    """Sentences of another article aligned to the damaged sentence, with the link score."""

    article: int
    sentences: tuple[int, ...]
    score: float


def _fold(text: str) -> str:
    return " ".join(fold_arabic(text).lower().replace("’", "'").split())


def _names(value: object) -> list[str]:
    return [value] if isinstance(value, str) else [v for v in (value or []) if isinstance(v, str)]


def render(entity_id: object, lang: str | None, own: list[Mention], entity_names: dict | None) -> tuple[str, str] | None:
    """(name, how) of an entity in ``lang``: from the name table, else from the article's own mentions."""
    table = (entity_names or {}).get(entity_id) or {}
    for key in _LANG_KEYS.get(lang or "", (lang or "",)):
        for name in _names(table.get(key)):
            return name, "entity-name"
    same = [m.text for m in own if m.entity_id == entity_id and entity_id is not None]
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


def _candidate(gap: Gap, m: Mention, text: str, how: str, base: float) -> tuple[str, float] | None:
    if gap.rule.endswith("first-name-punct"):
        rest = _first_name_rest(gap, text)
        if rest:
            return rest, base + 0.2
        if m.label != "PER" or _fold(text.split()[-1]) == _fold(gap.trigger):
            return None
        return text.split()[-1], base * 0.7
    return text, base * _label_fit(gap.expects, m.label) * (0.6 if how == "surface" else 1.0)


def sister_fills(gap: Gap, damaged: Article, own: list[Mention], sisters: list[Sister], articles: list[Article],
                 mentions: list[list[Mention]], entity_names: dict | None) -> list[Fill]:
    """Candidates from the aligned sentences of the other articles."""
    sent = damaged.sentences[gap.sentence]
    trigger = _fold(gap.trigger)
    present = {m.entity_id for m in own if sent.start <= m.start < sent.end and m.entity_id is not None
               and _fold(m.text) != trigger}
    named = {m.entity_id for m in own if sent.start <= m.start < sent.end and _fold(m.text) == trigger}
    folded = _fold(sent.text)
    out = []
    for sis in sisters:
        art = articles[sis.article]
        spans = [art.sentences[i] for i in sis.sentences]
        for m in mentions[sis.article]:
            if m.entity_id in present or not any(s.start <= m.start < s.end for s in spans):
                continue
            rendered = render(m.entity_id, damaged.lang, own, entity_names) or (m.text, "surface")
            if gap.rule.endswith("first-name-punct"):
                rendered = _surname_form(m.entity_id, own, trigger) or rendered
                if _fold(rendered[0]) == trigger:
                    rendered = (m.text, "surface")
            if _fold(rendered[0]) in folded:
                continue
            boost = 0.3 if m.entity_id in named and m.entity_id is not None else 0.0
            cand = _candidate(gap, m, rendered[0], rendered[1], min(1.0, sis.score) + boost)
            if cand:
                out.append(Fill(cand[0], damaged.lang if rendered[1] != "surface" else art.lang, round(cand[1] * gap.confidence, 3),
                                "sister", art.id, next(s.index for s in spans if s.start <= m.start < s.end), m.start, m.end, m.text, m.entity_id))
    return out


def nearby_fills(gap: Gap, damaged: Article, own: list[Mention]) -> list[Fill]:
    """Candidates from the damaged article's own mentions, nearest sentences first."""
    sent = damaged.sentences[gap.sentence]
    folded = _fold(sent.text)
    out = []
    for m in own:
        distance = abs((m.sentence if m.sentence is not None else gap.sentence) - gap.sentence)
        if _fold(m.text) in folded or distance == 0:
            continue
        cand = _candidate(gap, m, m.text, "own-mention", 0.5 / (1 + 0.5 * distance))
        if cand:
            out.append(Fill(cand[0], damaged.lang, round(cand[1] * gap.confidence, 3), "nearby", damaged.id,
                            m.sentence if m.sentence is not None else -1, m.start, m.end, m.text, m.entity_id))
    return out


def propose_fills(gap: Gap, damaged: Article, own: list[Mention], sisters: list[Sister], articles: list[Article],
                  mentions: list[list[Mention]], entity_names: dict | None, limit: int = 3) -> list[Fill]:
    """The best ``limit`` fills for ``gap``, one per distinct text, best first."""
    best: dict[str, Fill] = {}
    for fill in sister_fills(gap, damaged, own, sisters, articles, mentions, entity_names) + nearby_fills(gap, damaged, own):
        key = _fold(fill.text)
        if key not in best or fill.confidence > best[key].confidence:
            best[key] = fill
    return sorted(best.values(), key=lambda f: -f.confidence)[:limit]
