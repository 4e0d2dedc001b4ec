"""RSS / Atom entries -> RawItems, broken entries, bozo feeds, non-feeds, following links."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.ingest.feeds import iter_feed_items
from marsad.ingest.fetch import http_status_error
from marsad.ingest.sources import SourceOptions
from marsad.model import Failure, RawItem

FEEDS = Path(__file__).resolve().parents[2] / "tests" / "data" / "sources" / "feeds"


def read(name: str, options: SourceOptions | None = None, fetcher=None) -> list[RawItem | Failure]:
    path = FEEDS / name
    return list(iter_feed_items(path.read_bytes(), str(path), options or SourceOptions(), fetcher))


def test_rss_entries_meta_and_broken_entry() -> None:
    budget, broken, summary, link_only = read("rss.xml")
    assert isinstance(budget, RawItem) and budget.kind == "html"
    assert budget.origin == "https://fixture.example/news/budget"
    assert "<p>The council approved the budget on Friday.</p>" in budget.data  # content:encoded wins
    assert budget.meta["title"] == "Test fixture: council approves budget"
    assert budget.meta["published"] == "2025-11-22T07:30:00+00:00"  # +0200 normalised to UTC
    assert budget.meta["author"] == "Fixture Desk"
    assert budget.meta["source"] == "Test Fixture Wire"
    assert budget.meta["lang"] == "en" and budget.meta["tags"] == ["Local"]
    assert budget.meta["id"] == "fixture-1"
    assert isinstance(broken, Failure) and broken.code == "E134"
    assert broken.origin.endswith("rss.xml#entry 2")
    assert isinstance(summary, RawItem) and summary.data == "<p>Test fixture summary, not a real news report.</p>"
    assert isinstance(link_only, Failure) and link_only.code == "E135"


def test_atom_entries() -> None:
    first, second = read("atom.xml")
    assert isinstance(first, RawItem) and isinstance(second, RawItem)
    assert first.meta["published"] == "2025-11-21T05:15:00+00:00"
    assert first.meta["author"] == "مكتب الاختبار" and first.meta["source"] == "موجز الاختبار"
    assert first.meta["lang"] == "ar"
    assert "نص تجريبي" in first.data
    assert second.meta["published"] == "2025-11-22T07:00:00+00:00"  # falls back to <updated>
    assert second.data == "ملخص تجريبي، وليس خبراً حقيقياً."


def test_bozo_feed_with_entries_is_used() -> None:
    (item,) = read("bozo.xml")
    assert isinstance(item, RawItem) and item.meta["url"] == "https://fixture.example/broken/1"


def test_not_a_feed() -> None:
    (item,) = read("not_a_feed.xml")
    assert isinstance(item, Failure) and item.code == "E108" and "not_a_feed.xml" in item.reason
    (html,) = iter_feed_items(b"<html><body><p>hello</p></body></html>", "page.html")
    assert isinstance(html, Failure) and html.code == "E108"


def test_follow_fetches_pages_and_falls_back_to_summary() -> None:
    fetched: list[str] = []

    def fetcher(url: str) -> RawItem:
        fetched.append(url)
        if url.endswith("/summary"):
            raise http_status_error(url, 404)
        return RawItem(origin=url, data=b"<html>page</html>", kind="html", meta={"url": url + "?final"})

    items = read("rss.xml", SourceOptions(follow=True), fetcher)
    assert fetched == [
        "https://fixture.example/news/budget",
        "https://fixture.example/news/summary",
        "https://fixture.example/news/link-only",
    ]
    page, broken, fetch_failure, fallback, link_only = items
    assert isinstance(page, RawItem) and page.data == b"<html>page</html>"
    assert page.meta["url"] == "https://fixture.example/news/budget?final"  # the page's own URL wins
    assert page.meta["title"] == "Test fixture: council approves budget" and page.meta["followed"] is True
    assert isinstance(broken, Failure) and broken.code == "E134"
    assert isinstance(fetch_failure, Failure) and fetch_failure.code == "E122"
    assert isinstance(fallback, RawItem) and fallback.meta["follow_failed"] is True
    assert isinstance(link_only, RawItem) and link_only.data == b"<html>page</html>"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    for item in iter_feed_items(data, "fuzz.xml", SourceOptions()):
        assert isinstance(item, RawItem | Failure)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["<rss>", "<channel>", "<item>", "</item>", "<title>t</title>", "<link>x</link>",
                                 "<description>d</description>", "<feed>", "<entry>", "</entry>", "&", "<", "]]>",
                                 "<content:encoded><![CDATA[<p>x</p>]]></content:encoded>", "\x00", "é"]),
                max_size=30))  # fmt: skip
def test_never_raises_on_feed_like_fragments(parts: list[str]) -> None:
    data = "".join(parts).encode("utf-8")
    for item in iter_feed_items(data, "fuzz.xml", SourceOptions(follow=True), lambda url: RawItem(url, b"")):
        assert isinstance(item, RawItem | Failure)
