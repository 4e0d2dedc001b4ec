"""In headless Chromium: the stories list sorted by independent sources, and a source page.
The corpus: the seed story (two independent writers and a copy) and an NTREX pair (an English
original and its Arabic translation: one independent source), the latter more recent."""

from __future__ import annotations

import pytest
from marsad_testing import sources_corpus
from typer.testing import CliRunner
from web_helpers import LiveServer, screenshot

from marsad.cli import app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sources_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web-sources")
    files = sources_corpus(folder)
    if "ntrex" not in files:
        pytest.skip("../shared/data/ntrex-ar-en is absent")
    db = folder / "marsad.db"
    for path in files.values():
        result = CliRunner().invoke(app, ["--db", str(db), "ingest", str(path), "-q"])
        assert result.exit_code == 0, result.output
    from marsad.api.app import create_app
    from marsad.store import open_store

    store = open_store(str(db))
    with LiveServer(create_app(store)) as server:
        yield server
    store.close()


def _independent(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("li.story-item .independent").all_inner_texts()


def test_stories_list_sorts_by_independent_sources(sources_server, page) -> None:
    page.goto(sources_server.url + "/")
    assert _independent(page) == ["1 independent", "2 independent"]  # most recent first
    page.select_option("select[name=sort]", "independent")
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    assert "sort=independent" in page.url
    screenshot(page, "sources-01-sorted-by-independent")
    assert _independent(page) == ["2 independent", "1 independent"]
    assert "lag 6.5 h" in page.locator("li.story-item").first.inner_text()
    with page.expect_navigation():
        page.locator("li.story-item a.story-title").first.click()
    screenshot(page, "sources-03-story-who-reports-it")
    box = page.locator("section.story-sources")
    assert box.locator("strong.independent").inner_text() == "2 independent sources"
    assert box.locator("tr.kind-copy").count() == 1 and box.locator("tr.kind-original").count() == 2
    assert "+6.5 h" in box.locator("ul.firsts").inner_text()
    assert not page.events["pageerror"]


def test_source_page_says_how_often_an_outlet_is_first_and_copied(sources_server, page) -> None:
    page.goto(sources_server.url + "/sources")
    with page.expect_navigation():
        page.locator("a[href='/sources/enabbaladi']").click()
    screenshot(page, "sources-02-outlet-page")
    assert page.locator("strong.first-reports").inner_text() == "1"
    text = page.locator("p.source-stats").inner_text()
    assert "Others copied it 1 times" in text and "1 stories" in text
    assert page.locator("li.story-item a.story-title").count() == 1
    assert not page.events["pageerror"]
