"""JSON inputs: JSON Lines with bad lines, arrays, single objects, custom fields, NTREX."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.ingest.jsonrecords import as_date_string, iter_json_records, looks_like_html, normalise_lang
from marsad.ingest.sources import SourceOptions
from marsad.model import Failure, RawItem

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "sources" / "json"
NTREX = REPO / ".." / "shared" / "data" / "ntrex-ar-en" / "documents.dev.jsonl"


def read(name: str, options: SourceOptions | None = None) -> list[RawItem | Failure]:
    path = DATA / name
    return list(iter_json_records(path.read_bytes(), str(path), options or SourceOptions()))


def test_jsonl_bad_line_is_reported_and_the_rest_continue() -> None:
    items = read("records.jsonl")
    raws = [i for i in items if isinstance(i, RawItem)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [r.meta["id"] for r in raws] == ["r1", "r2", "r6"]
    assert [f.code for f in failures] == ["E106", "E132", "E107"]
    bad = failures[0]
    assert bad.origin.endswith("records.jsonl#line 4")
    assert "records.jsonl" in bad.reason and "line 4" in bad.reason
    assert "\n" not in bad.reason


def test_jsonl_meta_and_kinds() -> None:
    first, second, last = [i for i in read("records.jsonl") if isinstance(i, RawItem)]
    assert first.kind == "txt" and first.data.startswith("Test fixture text")
    assert first.meta["title"] == "Test fixture: first record"
    assert first.meta["published"] == "2025-11-20"
    assert first.meta["lang"] == "en"
    assert first.meta["source"] == "fixture-wire"
    assert first.meta["author"] == "A. Tester, B. Tester"
    assert first.origin.endswith("#line 1")
    assert second.kind == "html"
    assert second.meta["title"] == "Test fixture: HTML body"
    assert second.meta["published"].startswith("2025-11-20T")  # Unix seconds -> ISO, UTC
    assert last.meta["lang"] == "ar" and last.meta["text_field"] == "content"


def test_json_array_and_paragraph_lists() -> None:
    one, two = read("array.json")
    assert isinstance(one, RawItem) and isinstance(two, RawItem)
    assert one.origin.endswith("array.json#1") and two.origin.endswith("array.json#2")
    assert one.meta["url"] == "https://fixture.example/a1"
    assert two.data == "Test fixture paragraph one.\n\nTest fixture paragraph two."
    assert two.meta["published"] == "Sat, 22 Nov 2025 09:30:00 GMT"


def test_single_pretty_printed_object() -> None:
    (item,) = read("single.json")
    assert isinstance(item, RawItem)
    assert item.origin.endswith("single.json")
    assert item.meta["title"] == "Test fixture: a single pretty-printed object"


def test_custom_field_names_with_dotted_paths() -> None:
    options = SourceOptions(
        text_field="doc.body_text", title_field="doc.heading", date_field="when", url_field="permalink",
        lang_field="locale", id_field="key", source_field="outlet_name",
    )  # fmt: skip
    (item,) = read("custom.json", options)
    assert isinstance(item, RawItem)
    assert item.data.startswith("Test fixture text under a nested field")
    assert item.meta == {
        "title": "Test fixture: nested", "published": "2025-11-19", "url": "https://fixture.example/c1",
        "lang": "ar", "source": "Fixture Times", "id": "7", "text_field": "doc.body_text",
    }  # fmt: skip


def test_explicit_text_field_that_is_not_text() -> None:
    data = b'{"title": "t", "text": "x", "n": 5}'
    (item,) = iter_json_records(data, "x.json", SourceOptions(text_field="n"))
    assert isinstance(item, Failure) and item.code == "E133" and "'n'" in item.reason
    (item,) = iter_json_records(data, "x.json", SourceOptions(text_field="missing"))
    assert isinstance(item, Failure) and item.code == "E107" and "missing" in item.reason


def test_record_text_is_capped() -> None:
    data = json.dumps({"text": "ب" * 100}).encode()
    (item,) = iter_json_records(data, "x.json", SourceOptions(max_bytes=51))
    assert isinstance(item, RawItem) and item.meta["truncated"] is True
    assert item.data == "ب" * 25


def test_utf16_json_lines() -> None:
    data = '{"text": "نص تجريبي"}\n{"text": "second"}\n'.encode("utf-16")
    items = list(iter_json_records(data, "u16.jsonl", SourceOptions()))
    assert [i.data for i in items if isinstance(i, RawItem)] == ["نص تجريبي", "second"]


def test_invalid_utf8_line_is_one_failure() -> None:
    data = b'{"text": "ok"}\n{"text": "\xff\xfe bad"}\n{"text": "fine"}\n'
    items = list(iter_json_records(data, "bad.jsonl", SourceOptions()))
    assert [type(i).__name__ for i in items] == ["RawItem", "Failure", "RawItem"]
    assert "line 2" in items[1].reason and "UTF-8" in items[1].reason


def test_ntrex_record_becomes_two_items() -> None:
    record = {
        "doc_id": "fixture.1",
        "source": "fixture",
        "n_sent": 2,
        "en": "Test fixture title\nBody.",
        "ar": "عنوان تجريبي\nنص.",
    }
    en, ar = iter_json_records(json.dumps(record).encode() + b"\n", "docs.jsonl", SourceOptions())
    assert isinstance(en, RawItem) and isinstance(ar, RawItem)
    assert en.origin == "docs.jsonl#fixture.1/en" and ar.origin == "docs.jsonl#fixture.1/ar"
    assert (en.meta["lang"], en.meta["source"], en.meta["title"]) == ("en", "fixture-en", "Test fixture title")
    assert (ar.meta["lang"], ar.meta["source"], ar.meta["title"]) == ("ar", "fixture-ar", "عنوان تجريبي")
    assert en.meta["ntrex_doc_id"] == "fixture.1" and en.kind == "txt"


def test_ntrex_not_detected_when_keys_differ_unless_forced() -> None:
    record = {"doc_id": "d", "en": "English", "ar": "عربي", "text": "generic"}
    (item,) = iter_json_records(json.dumps(record).encode(), "d.json", SourceOptions())
    assert isinstance(item, RawItem) and item.data == "generic"
    items = list(iter_json_records(json.dumps(record).encode(), "d.json", SourceOptions(format="ntrex")))
    assert [i.meta["lang"] for i in items] == ["en", "ar"]


def test_ntrex_real_file() -> None:
    if not NTREX.is_file():
        pytest.skip(f"NTREX data not found at {NTREX} (needs ../shared/data next to the repo)")
    items = list(iter_json_records(NTREX.read_bytes(), "documents.dev.jsonl", SourceOptions()))
    assert all(isinstance(i, RawItem) for i in items)
    assert len(items) == 2 * sum(1 for line in NTREX.read_bytes().splitlines() if line.strip())
    en, ar = items[0], items[1]
    doc_id = json.loads(NTREX.read_bytes().splitlines()[0])["doc_id"]
    assert en.origin == f"documents.dev.jsonl#{doc_id}/en" and ar.meta["lang"] == "ar"
    assert en.meta["source"].endswith("-en") and ar.meta["source"].endswith("-ar")
    assert en.data.count("\n") == ar.data.count("\n")  # line-aligned translation


@pytest.mark.parametrize(
    ("value", "expected"),
    [("en-US", "en"), ("AR_sy", "ar"), ("", None), (5, None), ("ar", "ar")],
)
def test_normalise_lang(value: object, expected: str | None) -> None:
    assert normalise_lang(value) == expected


def test_dates_and_html_sniffing() -> None:
    assert as_date_string(1763600000000) == as_date_string(1763600000)
    assert as_date_string(True) is None and as_date_string("2025-11-22") == "2025-11-22"
    assert looks_like_html("<p>x</p>") and looks_like_html("a<br/>b")
    assert not looks_like_html("3 < 4 and 5 > 2") and not looks_like_html("<<<")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    for item in iter_json_records(data, "fuzz.jsonl", SourceOptions()):
        assert isinstance(item, RawItem | Failure)


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
                    max_leaves=20))  # fmt: skip
def test_never_raises_on_arbitrary_json(value: object) -> None:
    data = json.dumps(value).encode()
    for item in iter_json_records(data, "fuzz.json", SourceOptions()):
        assert isinstance(item, RawItem | Failure)
