"""End to end in headless Chromium: the two seeds -> story list -> story page (both articles side
by side, the Arabic one right-to-left) -> search "Russian airstrikes" finds the Arabic article.
Screenshots go to test-artifacts/web/. Fails if the page breaks (errors, CSP violations, layout)."""

from __future__ import annotations

import pytest
from web_helpers import ARTIFACTS, screenshot

pytestmark = pytest.mark.browser


def assert_clean(pg) -> None:  # type: ignore[no-untyped-def]
    """No script errors, no dialogs, no console errors (a CSP violation is one)."""
    errors = [m for m in pg.events["console"] if "error" in m.lower() or "refused" in m.lower()]
    assert not pg.events["pageerror"] and not pg.events["dialog"] and not errors, pg.events


def test_story_list_story_page_and_search(live_server, page) -> None:
    response = page.goto(live_server.url + "/")
    assert response.status == 200 and "content-security-policy" in response.headers
    assert "server-timing" in response.headers
    screenshot(page, "01-story-list")
    story = page.locator("li.story-item", has=page.locator(".lang", has_text="ar")).filter(
        has=page.locator(".lang", has_text="en"))
    assert story.count() >= 1, "STORY MISSING: no story on the list holds both an Arabic and an English article " \
                               "(has the clustering stage landed?)"

    with page.expect_navigation():
        story.first.locator("a.story-title").click()
    assert page.url.startswith(live_server.url + "/stories/")
    screenshot(page, "02-story-side-by-side")
    arabic, english = page.locator("article.col[lang=ar]"), page.locator("article.col[lang=en]")
    assert arabic.count() == 1 and english.count() == 1, "STORY: the story page does not show both seeds"
    assert arabic.is_visible() and english.is_visible()
    assert arabic.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert english.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert "الشيباني" in arabic.inner_text() and "Shibani" in english.inner_text()
    a, e = arabic.bounding_box(), english.bounding_box()
    assert a and e and abs(a["y"] - e["y"]) < 5 and (a["x"] + a["width"] <= e["x"] or e["x"] + e["width"] <= a["x"]), \
        "the two articles are not side by side"
    text_box = arabic.locator(".body").bounding_box()
    assert text_box and text_box["width"] > 250, "the Arabic column is too narrow to read"
    assert_clean(page)

    page.keyboard.press("/")  # the search shortcut (app.js); typing into the focused box
    page.keyboard.type("Russian airstrikes")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/search?q=Russian+airstrikes" in page.url
    screenshot(page, "03-search-russian-airstrikes")
    hits = page.locator("li.result .r-body[lang=ar] a.r-title")
    assert hits.count() >= 1, "SEARCH: 'Russian airstrikes' did not find the Arabic article"
    assert hits.first.evaluate("el => getComputedStyle(el).direction") == "rtl"
    with page.expect_navigation():
        hits.first.click()
    screenshot(page, "04-arabic-article")
    assert page.locator("h1#a-title").evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert_clean(page)


def test_pages_are_keyboard_navigable(live_server, page) -> None:
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "after 'Skip to content', Tab should reach the page content"


def test_every_page_renders_without_errors(live_server, page) -> None:
    for path in ("/", "/articles", "/entities", "/search", "/search?q=%D8%A7%D9%84%D8%B4%D9%8A%D8%A8%D8%A7%D9%86%D9%8A",
                 "/entities/nobody", "/stories/999999"):
        response = page.goto(live_server.url + path)
        assert response.status in (200, 404), path
        assert page.locator("header.top nav").is_visible()
    assert_clean(page)


@pytest.fixture(scope="module")
def enriched_server(tmp_path_factory: pytest.TempPathFactory):
    from web_helpers import LiveServer, seed_into
    from enrich import enrich

    from marsad.api.app import create_app

    store = seed_into(tmp_path_factory.mktemp("enriched-ui") / "marsad.db")
    ids = enrich(store)
    with LiveServer(create_app(store)) as server:
        yield server, ids
    store.close()


def test_timeline_and_co_mention_graph_are_drawn(enriched_server, page) -> None:
    server, ids = enriched_server
    page.goto(server.url + "/")
    with page.expect_navigation():
        page.locator("a.story-title").first.click()
    chart = page.locator("svg.timeline")
    assert chart.is_visible() and chart.bounding_box()["height"] > 60
    assert page.locator("svg.timeline a.ev").count() >= 4
    page.locator("section[aria-labelledby=tl-h]").scroll_into_view_if_needed()
    screenshot(page, "05-story-timeline")
    chart.screenshot(path=str(ARTIFACTS / "05b-timeline-chart.png"))
    page.goto(f"{server.url}/entities/{ids['asaad-al-shibani']}")
    graph = page.locator("svg.graph")
    assert graph.is_visible() and page.locator("svg.graph a.node").count() >= 4
    screenshot(page, "06-entity-graph")
    graph.screenshot(path=str(ARTIFACTS / "06b-graph-chart.png"))
    assert_clean(page)


def test_story_page_per_source_summary_and_pair_picker(live_server, page) -> None:
    """The per-source summary sits above the articles; the claims list view lets the reader
    pick two articles to set side by side and shows each claim with its sources as badges."""
    page.goto(live_server.url + "/")
    link = page.locator("li.story-item", has=page.locator(".lang", has_text="ar")).filter(
        has=page.locator(".lang", has_text="en")).first.locator("a.story-title")
    with page.expect_navigation():
        link.click()
    summary = page.locator("table#per-source")
    assert summary.is_visible(), "COMPARE: no per-source summary on the story page"
    assert summary.locator("tbody tr").count() == 2
    columns = page.locator("article.col").first.bounding_box()
    box = summary.bounding_box()
    assert box and columns and box["y"] < columns["y"], "the per-source summary is not above the articles"
    cells = [int(c) for c in summary.locator("tbody tr").first.locator("td").all_inner_texts()]
    assert cells[0] == cells[1] + cells[2] + cells[4]  # claims = shared + own + contradicted
    screenshot(page, "05-story-per-source")

    with page.expect_navigation():
        page.locator("a#to-list").click()
    form = page.locator("form#pick-pair")
    assert form.is_visible()
    right = form.locator("select[name=b]")
    current_b = right.input_value()
    left_value = form.locator("select[name=a]").input_value()
    right.select_option(left_value)  # the same article twice: the page falls back to a real pair
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator("article.col").count() == 2
    assert {page.locator("article.col").nth(k).get_attribute("lang") for k in range(2)} == {"ar", "en"}
    page.locator("form#pick-pair select[name=b]").select_option(current_b)
    with page.expect_navigation():
        page.locator("form#pick-pair button[type=submit]").click()
    assert f"b={current_b}" in page.url
    items = page.locator("ol#claims-list li.claim")
    assert items.count() > 5, "COMPARE: the claims list is empty"
    assert items.first.locator("a.badge").count() >= 1
    assert page.locator("ol#claims-list a.badge").count() > items.count()  # shared claims carry two badges
    screenshot(page, "06-story-claims-list")
    assert_clean(page)
