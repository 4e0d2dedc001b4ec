"""What differs between two spans that say the same thing.

Numbers are compared per unit ("48 hours" vs "48 ساعة" agree; "48 hours" vs "72 hours"
conflict), dates field by field (a missing day or year is a wildcard), entities by the id
the linker gave them, split into places (LOC) and named actors (PER, ORG). A fact present
on one side only makes that side *more specific* ("major cities" vs "Idlib and Aleppo");
two different values for the same slot are a *conflict*.

Entities need more care than numbers: two different ids may be one entity the linker did
not tie across scripts ("كتالونيا" and "Catalonia"), or two different things that fill no
common role ("الاتحاد الأوروبي" and "Brexit"). Two entities are a conflict only when the
correspondence is known: each article names the other's entity somewhere else (so the
linker did tie them across the articles, and here each chose a different one) and the
two names cannot be spellings of one name. Otherwise the difference is *unresolved*:
shown with its evidence, never counted or coloured as a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from marsad.compare.features import Facts
from marsad.entities.keys import has_arabic, latin_key, name_key
from marsad.entities.transliterate import latin_keys

CONFLICT = "conflict"
MORE_SPECIFIC = "more_specific"
UNRESOLVED = "unresolved"
SAME_NAME = 65  # rapidfuzz ratio of romanised keys from which two names may be one name


@dataclass
class Difference:
    """One difference between side ``a`` and side ``b`` of a matched pair of claims."""

    kind: str  # "number", "date", "place", "actor"
    relation: str  # "conflict", "unresolved" or "more_specific"
    a: list[str] = field(default_factory=list)  # what side a says (empty: says nothing)
    b: list[str] = field(default_factory=list)
    note: str = ""


def _unitless(facts: Facts) -> set[str]:
    in_dates = {str(v) for d in facts.dates for v in d if v}
    return {q.value for q in facts.quantities if not q.unit and q.value not in in_dates}


def _by_unit(facts: Facts) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for q in facts.quantities:
        if q.unit:
            out.setdefault(q.unit, set()).add(q.value)
    return out


def _one_sided(kind: str, a: list[str], b: list[str], what: str) -> Difference:
    side = "a" if a else "b"
    return Difference(kind, MORE_SPECIFIC, a, b, f"only side {side} gives {what}")


def number_differences(fa: Facts, fb: Facts) -> list[Difference]:
    """Numbers by unit: values with none in common conflict; a number on one side only, or
    more numbers besides a common one, is more specific."""
    ua, ub = _by_unit(fa), _by_unit(fb)
    out = []
    for unit in sorted(set(ua) | set(ub)):
        a, b = sorted(ua.get(unit, ())), sorted(ub.get(unit, ()))
        if a and b and not set(a) & set(b):
            out.append(Difference("number", CONFLICT, a, b, f"different {unit} figures"))
        elif a and b and set(a) != set(b):  # one figure in common: the others are added detail
            out.append(Difference("number", MORE_SPECIFIC, a, b, f"{unit} figures in common, and more on one side"))
        elif bool(a) != bool(b):
            out.append(_one_sided("number", a, b, f"a {unit} figure"))
    na, nb = _unitless(fa) - _unitless(fb), _unitless(fb) - _unitless(fa)
    if na or nb:
        out.append(Difference("number", MORE_SPECIFIC, sorted(na), sorted(nb), "numbers given on one side only"))
    return out


def _compatible(d: tuple[int, int, int], e: tuple[int, int, int]) -> bool:
    return all(x == y or not x or not y for x, y in zip(d, e))


def _fmt_date(d: tuple[int, int, int]) -> str:
    return "-".join(f"{v:02d}" if v else "??" for v in d)


def date_differences(fa: Facts, fb: Facts) -> list[Difference]:
    """Dates that cannot be the same day conflict; a date on one side only is more specific."""
    a, b = sorted(fa.dates), sorted(fb.dates)
    if not a and not b:
        return []
    if not a or not b:
        return [_one_sided("date", [_fmt_date(d) for d in a], [_fmt_date(d) for d in b], "a date")]
    lone_a = [d for d in a if not any(_compatible(d, e) for e in b)]
    lone_b = [e for e in b if not any(_compatible(d, e) for d in a)]
    if lone_a and lone_b:
        return [Difference("date", CONFLICT, [_fmt_date(d) for d in lone_a], [_fmt_date(d) for d in lone_b], "different dates")]
    return []


def _keys(name: str) -> tuple[str, ...]:
    return latin_keys(name_key(name)) if has_arabic(name) else (latin_key(name),)


def same_name(a: str, b: str) -> bool:
    """Whether two names, in any scripts, may be spellings of one name ("مايك بينس", "Mike Pence")."""
    return any(fuzz.ratio(x, y) >= SAME_NAME for x in _keys(a) for y in _keys(b) if x and y)


def entity_differences(fa: Facts, fb: Facts, known_a: set | None = None, known_b: set | None = None) -> list[Difference]:
    """Places and named actors (by entity id) present on one side only, or different on each.

    ``known_a`` / ``known_b``: every entity id article a / b names anywhere. Without them no
    entity difference can be a conflict (the correspondence is unknown)."""
    out = []
    for kind, labels in (("place", {"LOC"}), ("actor", {"PER", "ORG"})):
        ea = {k for k, lab in fa.entities.items() if lab in labels}
        eb = {k for k, lab in fb.entities.items() if lab in labels}
        only_a, only_b = ea - eb, eb - ea
        a = sorted(fa.names[k] for k in only_a)
        b = sorted(fb.names[k] for k in only_b)
        if a and b and not ea & eb:
            known = known_a is not None and known_b is not None and only_a <= known_b and only_b <= known_a
            spelled = [(x, y) for x in a for y in b if same_name(x, y)]
            if known and not spelled:
                note = f"different {kind}s named; each article names the other's elsewhere"
                out.append(Difference(kind, CONFLICT, a, b, note))
            else:
                why = (f"may be one name in two spellings ({spelled[0][0]} / {spelled[0][1]})" if spelled
                       else "the linker has not tied these entities across the two articles")
                out.append(Difference(kind, UNRESOLVED, a, b, f"different {kind}s named, correspondence unknown: {why}"))
        elif a and b:
            out.append(Difference(kind, MORE_SPECIFIC, a, b, f"each side names {kind}s the other does not"))
        elif a or b:
            out.append(_one_sided(kind, a, b, f"{kind}s"))
    return out


def compare_facts(fa: Facts, fb: Facts, known_a: set | None = None, known_b: set | None = None) -> list[Difference]:
    """Every difference between two matched claims (empty: they agree on all facts);
    ``known_a`` / ``known_b`` are the entity ids each article names anywhere."""
    return number_differences(fa, fb) + date_differences(fa, fb) + entity_differences(fa, fb, known_a, known_b)


def has_conflict(differences: list[Difference]) -> bool:
    """True when at least one difference is a conflict (not just more specificity)."""
    return any(d.relation == CONFLICT for d in differences)
