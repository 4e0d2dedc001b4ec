"""The seed events merge across the English and Arabic articles."""

from __future__ import annotations

import csv
import io

from marsad.events.coding import code_events
from marsad.events.timeline import (SourcedEvent, actor_key, filter_events, merge_events, timeline_to_csv,
                                    timeline_to_json)
from marsad.events.timex import find_timexes
from marsad.model import Event


def sourced(article) -> list[SourcedEvent]:
    events = code_events(article, article.mentions, find_timexes(article.text, article.lang, article.published), "cues")
    return [SourcedEvent(e, article.id, article.source, article.lang, article.text[e.start:e.end]) for e in events]


def find(entries, etype, *needles):
    for entry in entries:
        texts = " ".join(r.text for r in entry.reports)
        if entry.type == etype and all(n in texts for n in needles):
            return entry
    raise AssertionError(f"no {etype} entry with {needles}")


def test_seed_events_are_the_same_events_in_both_languages(en_article, ar_article) -> None:
    entries = merge_events(sourced(en_article) + sourced(ar_article))
    for etype, en, ar in [("CONSULT", "meeting", "لقاءً"), ("REQUEST", "requested", "وطلب"),
                          ("SUPPORT", "Russia supported", "روسيا دعمت"), ("CONSULT", "visited Moscow", "زارا موسكو"),
                          ("ASSAULT", "airstrikes", "القصف")]:
        entry = find(entries, etype, en, ar)
        assert entry.languages == ["ar", "en"], (etype, entry.sources)
    visit = find(entries, "CONSULT", "visited Moscow")
    assert visit.date == "2025-10-25/2025-11-08" and visit.recipient_key == "RUS"


def test_timeline_is_ordered_and_exports(en_article, ar_article) -> None:
    entries = merge_events(sourced(en_article) + sourced(ar_article))
    visit = [i for i, e in enumerate(entries) if e.date == "2025-10-25/2025-11-08"]
    published = [i for i, e in enumerate(entries) if e.date == "2025-11-22"]  # no date governs their clause
    assert visit and published and max(visit) < min(published)
    records = timeline_to_json(entries)
    assert records[0]["event"] and records[0]["reports"][0]["article"] in {"000", "003"}
    rows = list(csv.DictReader(io.StringIO(timeline_to_csv(entries))))
    assert len(rows) == len(entries) and rows[0]["type"]


def test_different_actors_or_far_dates_do_not_merge() -> None:
    a = SourcedEvent(Event("ASSAULT", 0, 0, 5, actor="Russia", date="2024-12-01"), "a", lang="en")
    b = SourcedEvent(Event("ASSAULT", 0, 0, 5, actor="Turkey", date="2024-12-01"), "b", lang="en")
    c = SourcedEvent(Event("ASSAULT", 0, 0, 5, actor="روسيا", date="2025-03-01"), "c", lang="ar")
    d = SourcedEvent(Event("ASSAULT", 0, 0, 5, actor="القوات الروسية", date="2024-12-03"), "d", lang="ar")
    entries = merge_events([a, b, c, d])
    assert sorted(len(e.reports) for e in entries) == [1, 1, 2]
    assert actor_key("Moscow", None, "en") == actor_key("الروس", None, "ar") == "RUS"


def test_filter_events() -> None:
    items = [SourcedEvent(Event("ASSAULT", 0, 0, 5, actor_entity=2, date="2024-12-01"), "a"),
             SourcedEvent(Event("CONSULT", 0, 0, 5, recipient_entity=3, date="2025-11-01"), "a")]
    assert len(filter_events(items, types={"CONSULT"})) == 1
    assert len(filter_events(items, entity=2)) == 1
    assert len(filter_events(items, since="2025-01-01")) == 1
