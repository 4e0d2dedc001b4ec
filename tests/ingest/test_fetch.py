"""URL fetching against a real HTTP server on 127.0.0.1 (and a mock transport for public hops).

The server runs in a thread for the whole module; it serves a page, a feed whose entries link
back to it, redirect chains, oversize, slow, binary and missing resources. Everything it serves
is a synthetic test fixture, not real news.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from marsad.errors import FetchError
from marsad.ingest.fetch import USER_AGENT, classify_address, fetch_url, parse_content_type
from marsad.ingest.sources import SourceOptions, iter_items
from marsad.model import Failure, RawItem

PAGE = (
    "<!doctype html><html><head><title>Test fixture page</title></head>"
    "<body><p>Test fixture, not real news: نص</p></body></html>"
)
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test Fixture Local Feed</title>
<item><title>Test fixture: linked page</title><link>{base}/article/1</link><description>summary one</description></item>
<item><title>Test fixture: dead link</title><link>{base}/missing</link><description>summary two</description></item>
</channel></rss>"""


AGENTS: list[str] = []


class Handler(BaseHTTPRequestHandler):
    """Routes of the fixture server (see ``ROUTES``)."""

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def send(
        self,
        status: int,
        body: bytes = b"",
        ctype: str | None = "text/html; charset=utf-8",
        length: bool = True,
        **headers: str,
    ) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        path = self.path
        AGENTS.append(self.headers.get("User-Agent", ""))
        if path in ("/page.html", "/article/1"):
            self.send(200, PAGE.encode("utf-8"))
        elif path == "/win1256":
            self.send(200, "<html><body>نص</body></html>".encode("cp1256"), ctype="text/html; charset=windows-1256")
        elif path == "/feed.xml":
            self.send(200, FEED.format(base=base).encode(), ctype="application/rss+xml")
        elif path == "/plain":
            self.send(200, b"Test fixture plain text", ctype="text/plain")
        elif path == "/xml-feed":
            self.send(200, FEED.format(base=base).encode(), ctype="text/xml")
        elif path == "/records.json":
            self.send(200, b'{"text": "a"}\n{"text": "b"}\n', ctype="application/json")
        elif path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            self.send(302, ctype=None, Location=f"/redirect/{left - 1}" if left > 1 else "/page.html")
        elif path == "/to-ftp":
            self.send(301, ctype=None, Location="ftp://127.0.0.1/file")
        elif path == "/big":
            self.send(200, b"<p>" + b"x" * 50_000, length=True)
        elif path == "/big-stream":
            self.send(200, b"<p>" + b"x" * 50_000, length=False)
        elif path == "/image.png":
            self.send(200, b"\x89PNG\r\n\x1a\n", ctype="image/png")
        elif path == "/slow":
            time.sleep(2)
            self.send(200, PAGE.encode())
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        else:
            self.send(404, b"not found")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hang up on purpose (size cap, timeouts): no tracebacks in the test output


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Base URL of the fixture server on 127.0.0.1 (a free port)."""
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str, **kwargs: object) -> RawItem:
    kwargs.setdefault("allow_private", True)
    return fetch_url(url, **kwargs)  # type: ignore[arg-type]


def code_of(url: str, **kwargs: object) -> str:
    with pytest.raises(FetchError) as caught:
        fetch(url, **kwargs)
    assert "\n" not in str(caught.value)
    return caught.value.code


def test_loopback_refused_without_flag(server: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch_url(f"{server}/page.html")
    assert caught.value.code == "E120"
    assert "loopback" in caught.value.message and "127.0.0.1" in caught.value.message
    assert code_of(f"http://localhost:{server.rsplit(':', 1)[1]}/page.html", allow_private=False) == "E120"


def test_page_with_flag(server: str) -> None:
    item = fetch(f"{server}/page.html")
    assert item.kind == "html" and item.declared_charset == "utf-8"
    assert item.data == PAGE.encode("utf-8")
    assert item.origin == f"{server}/page.html" and item.meta["url"] == f"{server}/page.html"
    assert item.meta["content_type"] == "text/html"


def test_user_agent_names_marsad(server: str) -> None:
    AGENTS.clear()
    fetch(f"{server}/redirect/1")
    assert AGENTS == [USER_AGENT, USER_AGENT] and USER_AGENT.startswith("Marsad/")


def test_charset_and_kinds(server: str) -> None:
    assert fetch(f"{server}/win1256").declared_charset == "windows-1256"
    assert fetch(f"{server}/plain").kind == "txt"
    assert fetch(f"{server}/feed.xml").kind == "feed"
    assert fetch(f"{server}/xml-feed").kind == "feed"  # text/xml settled by sniffing
    assert fetch(f"{server}/records.json").kind == "json"


def test_redirect_chain_is_followed(server: str) -> None:
    item = fetch(f"{server}/redirect/3")
    assert item.meta["url"] == f"{server}/page.html" and item.origin == f"{server}/redirect/3"


def test_redirect_limit(server: str) -> None:
    assert code_of(f"{server}/redirect/6", max_redirects=5) == "E126"
    assert fetch(f"{server}/redirect/5", max_redirects=5).kind == "html"


def test_redirect_to_other_scheme(server: str) -> None:
    assert code_of(f"{server}/to-ftp") == "E125"


def test_size_cap(server: str) -> None:
    assert code_of(f"{server}/big", max_bytes=10_000) == "E123"  # refused from Content-Length
    assert code_of(f"{server}/big-stream", max_bytes=10_000) == "E123"  # refused while streaming
    assert len(fetch(f"{server}/big-stream").data) == 50_003


def test_wrong_content_type(server: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(f"{server}/image.png")
    assert caught.value.code == "E124" and "image/png" in caught.value.message


def test_timeouts(server: str) -> None:
    started = time.monotonic()
    assert code_of(f"{server}/slow", timeout=0.3) == "E127"
    assert code_of(f"{server}/trickle", timeout=1.0) == "E127"  # each read is quick, the whole is not
    assert time.monotonic() - started < 2.5


def test_http_error(server: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(f"{server}/missing")
    assert caught.value.code == "E122" and caught.value.status == 502
    assert caught.value.message == f"{server}/missing: HTTP 404 from the server"


def test_connection_refused_and_bad_scheme() -> None:
    assert code_of("http://127.0.0.1:9/") == "E121"
    assert code_of("ftp://example.org/x") == "E125"
    assert code_of("file:///etc/passwd") == "E125"


def test_iter_items_with_urls_and_feed_follow(server: str) -> None:
    options = SourceOptions(allow_private=True, follow=True, timeout=5)
    items = list(iter_items([f"{server}/page.html", f"{server}/feed.xml", f"{server}/records.json"], options))
    shapes = [(type(i).__name__, getattr(i, "code", None) or i.kind) for i in items]
    assert shapes == [
        ("RawItem", "html"),  # the page
        ("RawItem", "html"),  # entry 1: linked page fetched
        ("Failure", "E122"),  # entry 2: dead link reported ...
        ("RawItem", "html"),  # ... and its summary (RSS descriptions are HTML) used instead
        ("RawItem", "txt"), ("RawItem", "txt"),  # JSON Lines records
    ]  # fmt: skip
    linked = items[1]
    assert linked.data == PAGE.encode() and linked.meta["title"] == "Test fixture: linked page"
    assert linked.meta["source"] == "Test Fixture Local Feed" and linked.meta["url"] == f"{server}/article/1"
    assert items[3].meta["follow_failed"] is True


def test_iter_items_refuses_loopback_by_default(server: str) -> None:
    (failure,) = iter_items([f"{server}/page.html"])
    assert isinstance(failure, Failure) and failure.code == "E120" and failure.origin == f"{server}/page.html"


# ------------------------------------------------------------ hop checks without a network


def mock_client(routes: dict[str, httpx.Response]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        return routes.get(str(request.url), httpx.Response(404))

    return httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=False)


def test_public_hop_redirecting_to_private_is_refused() -> None:
    client = mock_client({
        "http://93.184.216.34/start": httpx.Response(302, headers={"Location": "http://127.0.0.1/admin"}),
        "http://93.184.216.34/meta": httpx.Response(301, headers={"Location": "http://169.254.169.254/latest"}),
        "http://93.184.216.34/ok": httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>ok</p>"),
    })  # fmt: skip
    assert fetch_url("http://93.184.216.34/ok", client=client).data == b"<p>ok</p>"
    with pytest.raises(FetchError) as caught:
        fetch_url("http://93.184.216.34/start", client=client)
    assert caught.value.code == "E120" and "loopback" in caught.value.message
    assert caught.value.fields["url"] == "http://93.184.216.34/start"  # names what the user asked for
    with pytest.raises(FetchError) as caught:
        fetch_url("http://93.184.216.34/meta", client=client)
    assert "link-local" in caught.value.message


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"), ("192.168.0.10", "private"), ("::ffff:192.168.0.10", "private"),
        ("fd00::1", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"), ("::", "unspecified"),
        ("240.0.0.1", "reserved"), ("100.64.0.1", "non-public"), ("2002:7f00:1::", "loopback"),
        ("93.184.216.34", None), ("2606:4700::1111", None), ("::ffff:93.184.216.34", None),
    ],
)  # fmt: skip
def test_classify_address(address: str, kind: str | None) -> None:
    assert classify_address(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("url", ["http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://10.0.0.1/"])
def test_literal_private_urls_refused_before_connecting(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch_url(url, client=mock_client({}))
    assert caught.value.code == "E120"


def test_parse_content_type() -> None:
    assert parse_content_type('text/HTML; Charset="UTF-8"') == ("text/html", "utf-8")
    assert parse_content_type(None) == ("", None)
    assert parse_content_type("application/rss+xml") == ("application/rss+xml", None)
