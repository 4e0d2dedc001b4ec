"""Story timeline: events merged across articles and languages, ordered by event date.

Two events are the same when they have the same type and polarity (negated,
hypothetical), compatible actors and recipients, and dates within ``tolerance_days``
(open ranges such as "../2024-12-08" overlap anything before their end). Actors are
compatible when their keys are equal -- a country/sector code ("Russia", "Moscow",
"its Russian counterpart" and "الروس" are all RUS), else the entity id -- or one side is
unknown; events with no actor and no recipient are never merged on type alone, and
repeats inside one article must share a known actor or recipient.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, field
from datetime import date

from marsad.events.actors import candidates, code_of
from marsad.events.timex import interval
from marsad.model import Event


@dataclass
class SourcedEvent:
    """An event with the article that reports it (what ``merge_events`` takes)."""

    event: Event
    article_id: str
    source: str = ""
    lang: str | None = None
    text: str = ""  # the event's source span, article.text[event.start:event.end]


@dataclass
class TimelineEntry:
    """One real-world event as reported by one or more articles."""

    type: str
    date: str | None
    actor: str | None
    recipient: str | None
    location: str | None
    negated: bool
    hypothetical: bool
    actor_key: str | None
    recipient_key: str | None
    reports: list[SourcedEvent] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        """Distinct article ids reporting the event, in order of appearance."""
        return list(dict.fromkeys(r.article_id for r in self.reports))

    @property
    def languages(self) -> list[str]:
        return sorted({r.lang for r in self.reports if r.lang})


def actor_key(name: str | None, entity_id: int | None, lang: str | None) -> str | None:
    """Language-independent key of an actor: country/sector code, else entity id, else None."""
    if name:
        code = code_of(name)
        if code is None:
            found = [c.code for c in candidates(name, 0, [], lang) if c.code]
            code = found[0] if found else None
        if code:
            return code
    return f"entity:{entity_id}" if entity_id is not None else None


def merge_events(items: list[SourcedEvent], tolerance_days: int = 7) -> list[TimelineEntry]:
    """Group the same event reported in several articles; entries ordered by event date."""
    entries: list[TimelineEntry] = []
    in_order = sorted(items, key=lambda i: (i.article_id, i.event.sentence, i.event.start))
    # events naming both actor and recipient open entries first; partial ones then join the best fit
    for item in sorted(in_order, key=lambda i: -sum(x is not None for x in (i.event.actor, i.event.recipient))):
        ev = item.event
        akey = actor_key(ev.actor, ev.actor_entity, item.lang)
        rkey = actor_key(ev.recipient, ev.recipient_entity, item.lang)
        fits = [e for e in entries if _same(e, ev, akey, rkey, item.article_id, tolerance_days)]
        match = max(fits, key=lambda e: _affinity(e, ev, akey, rkey), default=None)
        if match is None:
            match = TimelineEntry(ev.type, ev.date, ev.actor, ev.recipient, ev.location, ev.negated,
                                  ev.hypothetical, akey, rkey)
            entries.append(match)
        else:
            _absorb(match, ev, akey, rkey)
        match.reports.append(item)
    merged = _join_by_sentence(entries)
    for entry in merged:
        entry.reports.sort(key=lambda r: (r.article_id, r.event.sentence, r.event.start))
    return sorted(merged, key=_order)


def _sentences(entry: TimelineEntry) -> set[tuple[str, int]]:
    return {(r.article_id, r.event.sentence) for r in entry.reports}


def _join_by_sentence(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Merge an actor-less entry into a same-type entry of another article when their
    sentences already report another shared event ("requested that Russia reduce
    airstrikes" / "وطلب الوفد السوري وقف القصف": the REQUEST links the two ASSAULTs)."""
    links = [e for e in entries if len({r.article_id for r in e.reports}) > 1]
    for loose in [e for e in entries if not (e.actor_key or e.recipient_key) and len(e.sources) == 1]:
        here = _sentences(loose)
        partners = {s for link in links if _sentences(link) & here for s in _sentences(link)} - here
        target = next((e for e in entries if e is not loose and e.reports and e.type == loose.type
                       and (e.negated, e.hypothetical) == (loose.negated, loose.hypothetical)
                       and _sentences(e) & partners and loose.sources[0] not in e.sources), None)
        if target is not None:
            target.reports.extend(loose.reports)
            loose.reports = []
    return [e for e in entries if e.reports]


def _same(entry: TimelineEntry, ev: Event, akey: str | None, rkey: str | None, article: str, tol: int) -> bool:
    if (entry.type, entry.negated, entry.hypothetical) != (ev.type, ev.negated, ev.hypothetical):
        return False
    if not (_compatible(entry.actor_key, akey) and _compatible(entry.recipient_key, rkey)):
        return False
    shared = (akey is not None and akey == entry.actor_key) or (rkey is not None and rkey == entry.recipient_key)
    if article in entry.sources and not shared:
        return False  # inside one article, a repeat must name the same actor or recipient
    if not (akey or rkey) and not (_same_place(entry, ev) and article not in entry.sources):
        return False  # no actor, no recipient, no shared place: only _join_by_sentence may merge it
    return _close(entry.date, ev.date, tol)


def _same_place(entry: TimelineEntry, ev: Event) -> bool:
    """Both name the same linked place ("Bab al-Hawa" / "باب الهوى")."""
    return ev.location_entity is not None and any(r.event.location_entity == ev.location_entity for r in entry.reports)


def _affinity(entry: TimelineEntry, ev: Event, akey: str | None, rkey: str | None) -> int:
    """How many known things agree (actor, recipient, location entity): the best entry wins."""
    same_place = _same_place(entry, ev)
    return (akey is not None and akey == entry.actor_key) + (rkey is not None and rkey == entry.recipient_key) + 2 * same_place


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _close(a: str | None, b: str | None, tol: int) -> bool:
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return True
    lo = max(d for d in (ia[0], ib[0], date.min) if d is not None)
    hi = min(d for d in (ia[1], ib[1], date.max) if d is not None)
    return (lo - hi).days <= tol


def _absorb(entry: TimelineEntry, ev: Event, akey: str | None, rkey: str | None) -> None:
    """Fill what the entry lacks from a further report; keep the most precise date."""
    entry.actor_key = entry.actor_key or akey
    entry.recipient_key = entry.recipient_key or rkey
    entry.actor = entry.actor or ev.actor
    entry.recipient = entry.recipient or ev.recipient
    entry.location = entry.location or ev.location
    if ev.date and (not entry.date or _width(ev.date) < _width(entry.date)):
        entry.date = ev.date


def _width(value: str) -> int:
    iv = interval(value)
    if iv is None or iv[0] is None or iv[1] is None:
        return 10**6
    return (iv[1] - iv[0]).days


def _order(entry: TimelineEntry) -> tuple[date, date, str]:
    iv = interval(entry.date) or (None, None)
    last = iv[1] or iv[0] or date.max
    first = iv[0] or last
    return (last, first, entry.type)


def timeline_to_json(entries: list[TimelineEntry]) -> list[dict]:
    """PLOVER-style records (event, date, actors, mode flags) with their sources."""
    out = []
    for e in entries:
        out.append({
            "event": e.type, "date": e.date, "negated": e.negated, "hypothetical": e.hypothetical,
            "source": [{"actorText": e.actor, "code": e.actor_key}] if e.actor or e.actor_key else [],
            "target": [{"actorText": e.recipient, "code": e.recipient_key}] if e.recipient or e.recipient_key else [],
            "eventLoc": e.location,
            "reports": [{"article": r.article_id, "source": r.source, "language": r.lang, "sentence": r.event.sentence,
                         "start": r.event.start, "end": r.event.end, "text": r.text, "date_from": r.event.date_from,
                         "score": r.event.score} for r in e.reports],
        })
    return out


CSV_FIELDS = ["date", "type", "actor", "actor_key", "recipient", "recipient_key", "location", "negated",
              "hypothetical", "n_sources", "sources", "languages", "texts"]


def timeline_to_csv(entries: list[TimelineEntry]) -> str:
    """One CSV row per timeline entry (sources and texts joined with " | ")."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for e in entries:
        writer.writerow({
            "date": e.date, "type": e.type, "actor": e.actor, "actor_key": e.actor_key, "recipient": e.recipient,
            "recipient_key": e.recipient_key, "location": e.location, "negated": e.negated,
            "hypothetical": e.hypothetical, "n_sources": len(e.sources), "sources": " | ".join(e.sources),
            "languages": " | ".join(e.languages), "texts": " | ".join(re.sub(r"\s+", " ", r.text) for r in e.reports),
        })
    return buf.getvalue()


def event_to_dict(ev: Event) -> dict:
    """Plain dict of an Event (for ``marsad events --json``)."""
    return asdict(ev)


def filter_events(items: list[SourcedEvent], types: set[str] | None = None, entity: int | None = None,
                  since: str | None = None, until: str | None = None) -> list[SourcedEvent]:
    """Events of the given types, involving an entity id, with dates overlapping [since, until]."""
    lo = date.fromisoformat(since) if since else date.min
    hi = date.fromisoformat(until) if until else date.max
    out = []
    for item in items:
        ev = item.event
        if types and ev.type not in types:
            continue
        if entity is not None and entity not in (ev.actor_entity, ev.recipient_entity, ev.location_entity):
            continue
        iv = interval(ev.date)
        if iv is not None and ((iv[1] or date.max) < lo or (iv[0] or date.min) > hi):
            continue
        out.append(item)
    return out
