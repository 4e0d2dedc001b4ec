"""The outlet registry, outlet resolution and attribution phrases, on real bylines and sentences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.errors import MarsadError
from marsad.sources.attribution import find_attributions
from marsad.sources.registry import TYPES, alias_key, bundled_outlets, domain_key, read_csv
from marsad.sources.resolve import Resolver

RESOLVER = Resolver.from_outlets(bundled_outlets())


def test_bundled_table_is_complete_and_cites_its_facts():
    rows = bundled_outlets()
    assert len(rows) >= 30 and len({o.key for o in rows}) == len(rows)
    for o in rows:
        assert o.fact_source and o.fact_source.startswith("https://"), o.key
        assert o.type in TYPES and o.country and len(o.country) == 2, o.key
    assert {o.key for o in rows if o.type == "agency"} >= {"reuters", "afp", "ap"}
    assert {o.key for o in rows if o.type == "state"} >= {"sana", "spa", "wam", "qna"}


@pytest.mark.parametrize("url, source, expected", [
    ("https://www.reuters.com/world/middle-east/x", None, ("reuters", "url")),
    ("https://arabic.rt.com/middle_east/1", "whatever", ("rt", "url")),
    (None, "وكالة الأنباء العربية السورية", (None, None)),
    (None, "الوكالة العربية السورية للأنباء", ("sana", "name")),
    (None, "The Associated Press", ("ap", "name")),
    (None, "BBC News - Middle East", ("bbc", "name")),
    (None, "aljazeera.net", ("aljazeera", "name")),
    (None, "unknown", (None, None)),
    ("https://example.org/a", "Some Blog", (None, None)),
])
def test_resolve_from_url_then_name(url, source, expected):
    assert RESOLVER.resolve(url, source) == expected


def test_user_rows_win_over_bundled():
    user = read_csv("key,name,domains\nmyreuters,My Reuters mirror,reuters.com\n", "t.csv")
    resolver = Resolver.from_outlets(bundled_outlets() + user)
    assert resolver.by_url("https://reuters.com/a") == "myreuters"


@pytest.mark.parametrize("text, bad", [
    ("name,country\nX,SY\n", "no key column"),
    ("key,name,type\nx,X,tabloid\n", "type 'tabloid'"),
    ("key,name,domains\nx,X,not a domain\n", "domain"),
    ("key,name,country\nx,X,Syria\n", "ISO 3166"),
])
def test_bad_csv_rows_are_one_line_errors(text, bad):
    with pytest.raises(MarsadError) as info:
        read_csv(text, "mine.csv")
    assert info.value.code == "E170" and bad in str(info.value) and "mine.csv" in str(info.value)


@given(st.text(max_size=80))
def test_keys_are_stable(text):
    assert alias_key(alias_key(text)) == alias_key(text)
    assert domain_key(domain_key(text)) == domain_key(text)


@given(st.text(max_size=300))
def test_attribution_never_crashes_and_spans_point_into_the_text(text):
    for att in find_attributions(text, RESOLVER.names):
        assert text[att.start:att.end] == att.phrase


@pytest.mark.parametrize("sentence, outlet, phrase", [
    ("DAMASCUS (Reuters) - Syrian forces entered the town on Monday.", "reuters", "(Reuters)"),
    ("The toll rose to 40, according to the Associated Press.", "ap", "according to the Associated Press"),
    ("A commander told AFP the road was cut.", "afp", "told AFP"),
    ("وذكرت وكالة الأنباء السعودية (واس) أن الاجتماع عقد في الرياض", "spa", "وذكرت وكالة الأنباء السعودية"),
    ("وقال مصدر عسكري لوكالة فرانس برس إن الطريق قطع", "afp", "لوكالة فرانس برس"),
    ("دمشق (سانا) - أعلنت وزارة الخارجية", "sana", "(سانا)"),
    ("نقلاً عن وكالة الأناضول", "anadolu", "نقلاً عن وكالة الأناضول"),
])
def test_attribution_phrases(sentence, outlet, phrase):
    found = find_attributions(sentence, RESOLVER.names)
    assert [(a.outlet, a.phrase) for a in found][:1] == [(outlet, phrase)]


@pytest.mark.parametrize("sentence", [
    "The minister said, according to a senior official, that talks would resume.",
    "In an interview with Al-Majalla magazine, al-Shibani said the factions sought to understand Russia.",
    "وفي حديث لمجلة \"المجلة\"، قال الشيباني",
])
def test_no_attribution_without_a_reporting_phrase_naming_an_outlet(sentence):
    assert find_attributions(sentence, RESOLVER.names) == []


@given(st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=4), max_size=5))
def test_any_csv_gives_outlets_or_one_coded_error(rows):
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["key", "name", "domains", "type", "country"])
    writer.writerows(rows)
    try:
        outlets = read_csv(buf.getvalue(), "fuzz.csv")
    except MarsadError as exc:
        assert exc.code == "E170" and "\n" not in str(exc)
    else:
        assert all(o.key and o.name and (o.type is None or o.type in TYPES) for o in outlets)
