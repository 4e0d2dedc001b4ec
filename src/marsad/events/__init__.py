"""Events stage: PLOVER event coding, quotes, time expressions and story timelines.

Plain data in, plain data out (no I/O):

* ``annotate(article, mentions=None) -> article`` (all of the below, for the pipeline)
* ``find_timexes(text, lang, anchor) -> list[Timex]``
* ``find_quotes(article, mentions) -> list[Quote]``
* ``code_events(article, mentions, timexes, method="combined") -> list[Event]``
* ``merge_events(list[SourcedEvent]) -> list[TimelineEntry]`` plus ``timeline_to_json``,
  ``timeline_to_csv`` and ``filter_events``.
"""

from marsad.events.annotate import annotate
from marsad.events.coding import code_events
from marsad.events.quotes import find_quotes
from marsad.events.timeline import (
    SourcedEvent,
    TimelineEntry,
    event_to_dict,
    filter_events,
    merge_events,
    timeline_to_csv,
    timeline_to_json,
)
from marsad.events.timex import Timex, find_timexes, interval

__all__ = [
    "SourcedEvent", "Timex", "TimelineEntry", "annotate", "code_events", "event_to_dict", "filter_events",
    "find_quotes", "find_timexes", "interval", "merge_events", "timeline_to_csv", "timeline_to_json",
]
