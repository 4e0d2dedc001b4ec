"""What differs between two spans that say the same thing.

Numbers are compared per unit ("48 hours" vs "48 ساعة" agree; "48 hours" vs "72 hours"
conflict), dates field by field (a missing day or year is a wildcard), entities by the id
the linker gave them, split into places (LOC) and named actors (PER, ORG). A fact present
on one side only makes that side *more specific* ("major cities" vs "Idlib and Aleppo");
two different values for the same slot are a *conflict*.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.compare.features import Facts

CONFLICT = "conflict"
MORE_SPECIFIC = "more_specific"


@dataclass
class Difference:
    """One difference between side ``a`` and side ``b`` of a matched pair of claims."""

    kind: str  # "number", "date", "place", "actor"
    relation: str  # "conflict" or "more_specific"
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
    """Numbers by unit: different values conflict, a number on one side only is more specific."""
    ua, ub = _by_unit(fa), _by_unit(fb)
    out = []
    for unit in sorted(set(ua) | set(ub)):
        a, b = sorted(ua.get(unit, ())), sorted(ub.get(unit, ()))
        if a and b and set(a) != set(b):
            out.append(Difference("number", CONFLICT, a, b, f"different {unit} figures"))
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


def entity_differences(fa: Facts, fb: Facts) -> list[Difference]:
    """Places and named actors (by entity id) present on one side only, or different on each."""
    out = []
    for kind, labels in (("place", {"LOC"}), ("actor", {"PER", "ORG"})):
        ea = {k for k, lab in fa.entities.items() if lab in labels}
        eb = {k for k, lab in fb.entities.items() if lab in labels}
        a = sorted(fa.names[k] for k in ea - eb)
        b = sorted(fb.names[k] for k in eb - ea)
        if a and b and not ea & eb:
            out.append(Difference(kind, CONFLICT, a, b, f"different {kind}s named"))
        elif a and b:
            out.append(Difference(kind, MORE_SPECIFIC, a, b, f"each side names {kind}s the other does not"))
        elif a or b:
            out.append(_one_sided(kind, a, b, f"{kind}s"))
    return out


def compare_facts(fa: Facts, fb: Facts) -> list[Difference]:
    """Every difference between two matched claims (empty: they agree on all facts)."""
    return number_differences(fa, fb) + date_differences(fa, fb) + entity_differences(fa, fb)


def has_conflict(differences: list[Difference]) -> bool:
    """True when at least one difference is a conflict (not just more specificity)."""
    return any(d.relation == CONFLICT for d in differences)
