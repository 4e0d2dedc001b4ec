"""The seed story's timeline in headless Chromium draws every dated event (open and vague
ranges included), one lane per language, and lists what it could not place."""

from __future__ import annotations

import re

import pytest
from web_helpers import ARTIFACTS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seed_story_server(tmp_path_factory: pytest.TempPathFactory):
    from enrich import enrich
    from web_helpers import LiveServer, seed_into

    from marsad.api.app import create_app

    store = seed_into(tmp_path_factory.mktemp("timeline-ui") / "marsad.db")
    enrich(store)
    with LiveServer(create_app(store)) as server:
        yield server
    store.close()


def test_seed_timeline_draws_all_dated_events(seed_story_server, page) -> None:
    page.goto(seed_story_server.url + "/")
    with page.expect_navigation():
        page.locator("a.story-title").first.click()
    summary = page.locator("details.events summary").inner_text()
    dated = int(re.match(r"(\d+) dated", summary).group(1))
    unplaced = page.locator("p.unplaced bdi").count()
    marks = page.locator("svg.timeline a.ev")
    assert dated > 1 and marks.count() + unplaced == dated
    lanes = [(t or "").strip() for t in page.locator("svg.timeline text.lane-label").all_text_contents()]
    assert sorted(lanes) == ["ar", "en"]
    shapes = page.locator("svg.timeline a.ev path.open, svg.timeline a.ev line.range").count()
    assert shapes >= 1  # the vague "a few weeks ago" visit is a bar, not a lost dot
    page.locator("svg.timeline").screenshot(path=str(ARTIFACTS / "07-timeline-all-dated.png"))
