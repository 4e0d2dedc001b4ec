"""Monitoring in headless Chromium, over Arabic and English data: the unread-alerts badge, the
watchlist pages, the trend charts (SVG bars per language, with their table twin) on the story
and entity pages, and the date filter of the articles list."""

from __future__ import annotations

import json

import pytest
from web_helpers import AR_SEED, EN_SEED, SAMPLE, SEEDS, TOKEN, LiveServer, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def monitored_server(tmp_path_factory):
    """The Arabic seed (2025-11-22); a watch on الشيباني; then the English seed as a JSON
    record dated 2025-11-23 (the plain-text seed has no date), which raises one alert."""
    from marsad.api.app import create_app
    from marsad.ingest.sources import SourceOptions
    from marsad.monitor.store import add_watch
    from marsad.pipeline import build_pipeline
    from marsad.store import open_store

    folder = SEEDS if SEEDS.exists() else SAMPLE
    tmp = tmp_path_factory.mktemp("monitor-web")
    english = tmp / "english.jsonl"
    text = (folder / EN_SEED).read_text(encoding="utf-8")
    english.write_text(json.dumps({"title": text.splitlines()[0], "text": text, "published": "2025-11-23",
                                   "source": "Al-Majalla"}, ensure_ascii=False) + "\n", encoding="utf-8")
    store = open_store(str(tmp / "marsad.db"))
    pipeline = build_pipeline(store)
    assert pipeline.ingest([str(folder / AR_SEED)], SourceOptions()).ingested == 1
    with store.begin() as conn:
        add_watch(conn, "entity:الشيباني")
    assert pipeline.ingest([str(english)], SourceOptions()).ingested == 1
    with LiveServer(create_app(store, token=TOKEN)) as server:
        yield server
    store.close()


def test_unread_badge_watch_page_and_read_state(monitored_server, page) -> None:
    base = monitored_server.url
    page.goto(base + "/")
    badge = page.locator("#nav-watches .unread-total")
    assert badge.inner_text() == "1"
    page.goto(base + "/watches")
    row = page.locator("table.watches tbody tr")
    assert row.count() == 1 and "الشيباني" in row.inner_text() and row.locator(".unread-count").inner_text() == "1"
    screenshot(page, "monitor-01-watchlists")
    with page.expect_navigation():
        row.locator("a").first.click()
    alert = page.locator("li.alert.unread")
    assert alert.count() == 1
    assert "Shibani" in alert.locator(".mention").inner_text()
    assert alert.locator("blockquote").evaluate("el => getComputedStyle(el).direction") == "ltr"
    screenshot(page, "monitor-02-watch-alerts")
    page.goto(base + "/")
    assert page.locator("#nav-watches .unread-total").count() == 0  # seen: no longer unread


def _chart_checks(page) -> None:  # type: ignore[no-untyped-def]
    chart = page.locator("svg.trend-chart")
    assert chart.is_visible()
    assert chart.locator("rect.bar.lang-ar").count() == 1 and chart.locator("rect.bar.lang-en").count() == 1
    assert "2025-11-22 · ar: 1" in chart.locator("rect.bar.lang-ar title").text_content()
    page.locator("details.trend-table summary").click()
    rows = page.locator("details.trend-table tbody tr")
    assert [r.inner_text().split() for r in rows.all()] == [["2025-11-22", "1", "0", "1"], ["2025-11-23", "0", "1", "1"]]
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 50


def test_trend_chart_on_the_story_and_entity_pages(monitored_server, page) -> None:
    base = monitored_server.url
    page.goto(base + "/api/trends/entities/الشيباني")
    data = json.loads(page.locator("body").inner_text())
    assert data["days"] == ["2025-11-22", "2025-11-23"] and data["counts"] == {"ar": [1, 0], "en": [0, 1]}
    page.goto(base + "/entities/" + "الشيباني")
    _chart_checks(page)
    screenshot(page, "monitor-03-entity-trend")
    page.goto(base + "/")
    story = page.locator("li.story-item", has=page.locator(".lang", has_text="ar")).filter(
        has=page.locator(".lang", has_text="en"))
    with page.expect_navigation():
        story.first.locator("a.story-title").click()
    _chart_checks(page)
    screenshot(page, "monitor-04-story-trend")
    errors = [m for m in page.events["console"] if "error" in m.lower() or "refused" in m.lower()]
    assert not errors and not page.events["pageerror"]


def test_date_filter_on_the_articles_page(monitored_server, page) -> None:
    base = monitored_server.url
    page.goto(base + "/articles")
    assert page.locator("table.list tbody tr").count() == 2
    page.fill("input[name=since]", "2025-11-23")
    with page.expect_navigation():
        page.locator("form.filters button").click()
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 1 and rows.first.locator("td").nth(1).inner_text() == "en"
    page.goto(base + "/?until=2025-11-21")
    assert page.locator("li.story-item").count() == 0
