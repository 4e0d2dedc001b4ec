"""Article content is untrusted: an article carrying <script>, event-handler attributes,
javascript: links and U+202E (RIGHT-TO-LEFT OVERRIDE) is ingested through the API; Chromium
proves nothing executes, nothing is injected and nothing outside the text is reordered."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from web_helpers import TOKEN, LiveServer, screenshot

pytestmark = pytest.mark.browser
HOSTILE_HTML = Path(__file__).resolve().parents[1] / "data" / "web" / "hostile.html"
RLO = "\u202e"
HOSTILE_TEXT = (
    "Escaping test <script>alert('title')</script>\n"
    "Synthetic test text: <img src=x onerror=alert('img')> and <a href=\"javascript:alert('a')\">link</a> "
    f"and <svg onload=alert('svg')></svg> are only characters here. {RLO}reversed if it leaked. "
    "The sentence after the override keeps its normal order.\n"
    "\"><script>alert('attribute break')</script><b onmouseover=alert('b')>bold?</b>"
)
SOURCE = f"Test{RLO}kcatta source"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory):
    from marsad.api.app import create_app
    from marsad.store import open_store

    store = open_store(str(tmp_path_factory.mktemp("hostile") / "marsad.db"))
    with LiveServer(create_app(store, token=TOKEN)) as server:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        text = httpx.post(f"{server.url}/api/ingest/text", headers=auth, timeout=120,
                          json={"text": HOSTILE_TEXT, "source": SOURCE, "author": f"{RLO}rohtua", "lang": "en"})
        html = httpx.post(f"{server.url}/api/ingest/html", headers=auth, timeout=120,
                          json={"html": HOSTILE_HTML.read_text(encoding="utf-8"), "url": "https://example.org/test"})
        assert text.status_code == 200 and text.json()["ingested"] == 1, text.text
        assert html.status_code == 200 and html.json()["ingested"] == 1, html.text
        yield server
    store.close()


def article_ids(server: LiveServer) -> list[str]:
    return [a["id"] for a in httpx.get(f"{server.url}/api/articles").json()["items"]]


def assert_inert(pg) -> None:  # type: ignore[no-untyped-def]
    """No dialog opened, no script error, no injected element or attribute in the page."""
    assert not pg.events["dialog"], f"script from article content ran: {pg.events['dialog']}"
    assert not pg.events["pageerror"], pg.events["pageerror"]
    scripts = pg.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
    assert scripts == ["/static/app.js"], f"injected script elements: {scripts}"
    handlers = pg.evaluate("""() => [...document.querySelectorAll('*')].flatMap(el =>
        [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))""")
    assert not handlers, f"event-handler attributes in the page: {handlers}"
    assert pg.locator("a[href^='javascript:' i]").count() == 0
    assert pg.locator("main img, main svg:not(.timeline):not(.graph), main b").count() == 0


def reads_left_to_right(pg, selector: str) -> bool:  # type: ignore[no-untyped-def]
    """True when the first character of the element's text is drawn left of its last one."""
    return pg.eval_on_selector(selector, """el => {
        const node = [...el.childNodes].find(n => n.nodeType === 3 && n.textContent.trim().length > 3);
        const r = document.createRange(), n = node.textContent.trimEnd().length;
        r.setStart(node, 0); r.setEnd(node, 1); const first = r.getBoundingClientRect().left;
        r.setStart(node, n - 1); r.setEnd(node, n); const last = r.getBoundingClientRect().left;
        return first < last; }""")


def test_hostile_article_text_is_shown_as_text_and_nothing_runs(hostile_server, page) -> None:
    for article_id in article_ids(hostile_server):
        response = page.goto(f"{hostile_server.url}/articles/{article_id}")
        assert response.status == 200
        csp = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        page.locator("span.s").first.hover()
        assert_inert(page)
    page.goto(f"{hostile_server.url}/articles/{article_ids(hostile_server)[0]}")
    body = page.locator("section.single .body").inner_text()
    assert "<img src=x onerror=alert('img')>" in body or "<script>" in page.locator("main").inner_text()
    screenshot(page, "10-hostile-article")


def test_every_page_listing_the_hostile_articles_stays_inert(hostile_server, page) -> None:
    stories = httpx.get(f"{hostile_server.url}/api/stories").json()["items"]
    paths = ["/", "/articles", "/search?q=script", "/search?q=%3Cscript%3Ealert(1)%3C/script%3E"]
    paths += [f"/stories/{s['id']}" for s in stories]
    for path in paths:
        assert page.goto(hostile_server.url + path).status == 200, path
        assert_inert(page)
    screenshot(page, "11-hostile-story")


def test_a_right_to_left_override_does_not_leak(hostile_server, page) -> None:
    """U+202E in a source name and an author: isolated, so the words after them keep their order."""
    page.goto(hostile_server.url + "/")
    item = "li.story-item:has-text('kcatta')"
    # the hostile page and its sister are one story or two, as clustering decides: each carries the override
    assert page.locator(item).count() >= 1, "the story of the hostile text is missing from the list"
    assert reads_left_to_right(page, f"{item} .undated"), "text after the override was reordered"
    holder = page.locator(f"{item} .sources > *").first
    assert holder.evaluate("el => getComputedStyle(el).unicodeBidi") == "isolate"
    screenshot(page, "12-hostile-story-list")
    text_id = next(a["id"] for a in httpx.get(f"{hostile_server.url}/api/articles").json()["items"]
                   if "kcatta" in (a["source"] or ""))
    page.goto(f"{hostile_server.url}/articles/{text_id}")
    leaks = page.evaluate("""() => {
        const out = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walk.nextNode()) {
            const node = walk.currentNode;
            if (!/[\\u202a-\\u202e\\u2066-\\u2069]/.test(node.textContent)) continue;
            const bidi = getComputedStyle(node.parentElement).unicodeBidi;
            if (!['isolate', 'plaintext', 'isolate-override'].includes(bidi)) out.push(node.parentElement.outerHTML);
        }
        return out; }""")
    assert not leaks, f"bidi controls outside an isolating element: {leaks}"
    assert reads_left_to_right(page, "dl.prov dt:nth-of-type(2)")
