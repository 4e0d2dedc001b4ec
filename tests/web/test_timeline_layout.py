"""The timeline layout places open, vague and closed dates, one lane per language."""

from __future__ import annotations

from marsad.web.svg import placement, timeline_layout


def test_open_and_vague_ranges_are_placed():
    assert placement("../2024-12-08")[2] == "before"
    assert placement("2011/..")[2] == "after"
    day, last, shape = placement("2025-10-25/2025-11-08")
    assert shape == "range" and day < last
    assert placement("2024-12-08")[2] == "dot" and placement("2019")[2] == "dot"
    assert placement("PXY") is None and placement("") is None and placement("soon") is None


def test_every_dated_event_is_drawn_in_its_language_lane():
    events = [
        {"type": "SUPPORT", "date": "../2024-12-08", "lang": "en", "actor": "Russia", "recipient": "the regime"},
        {"type": "CONSULT", "date": "2025-10-25/2025-11-08", "lang": "ar", "actor": "الشيباني"},
        {"type": "ASSAULT", "date": "2025-11-22", "date_from": "published", "lang": "ar"},
        {"type": "REQUEST", "date": "P3D", "lang": "en"},
    ]
    chart = timeline_layout(events)
    assert [ln.label for ln in chart.lanes] == ["ar", "en"]
    assert len(chart.points) == 3 and [e["type"] for e in chart.unplaced] == ["REQUEST"]
    assert chart.points[0].shape == "before"  # the open range comes first, at its known end
    assert any(p.shape == "range" and p.x2 > p.x for p in chart.points)
    assert any("published" in p.cls and "partial" in p.cls for p in chart.points)
