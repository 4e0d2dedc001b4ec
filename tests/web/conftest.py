"""Fixtures for the web tests: a live Marsad server over the two seeds, and Debian's Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import CHROMIUM, CHROMIUM_FLAGS, TOKEN, LiveServer, seed_into


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory: pytest.TempPathFactory):
    store = seed_into(tmp_path_factory.mktemp("web") / "marsad.db")
    yield store
    store.close()


@pytest.fixture(scope="session")
def live_server(seeded_store) -> Iterator[LiveServer]:
    from marsad.api.app import create_app

    with LiveServer(create_app(seeded_store, token=TOKEN)) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright (Playwright's own browser download does not work here)."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install chromium` (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console messages, dialogs and page errors."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.events = {"console": [], "dialog": [], "pageerror": []}  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.events["console"].append(m.text))  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.events["pageerror"].append(str(e)))  # type: ignore[attr-defined]

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        pg.events["dialog"].append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


