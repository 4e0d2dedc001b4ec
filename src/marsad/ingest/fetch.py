"""Fetch one web page or feed safely: public addresses only, capped in size, time and redirects.

Every redirect hop is checked by hand (httpx's own redirect following is switched off), so a
public URL cannot bounce the fetch onto ``127.0.0.1``, ``169.254.169.254`` or a LAN host.
A response larger than ``max_bytes`` is refused (E123) rather than truncated: a cut web page
is rarely a usable article. ``max_bytes`` counts decoded bytes, so a gzip bomb stops at the cap.

Known limit: the host is resolved here and again by httpx when it connects, so a DNS server
that answers differently the second time (DNS rebinding) is not caught.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from marsad import __version__
from marsad.errors import FetchError
from marsad.model import RawItem

USER_AGENT = f"Marsad/{__version__} (self-hosted multilingual news observatory)"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8,text/plain;q=0.8"
)
# content type -> kind hint of the RawItem ("xml" is settled by sniffing the body)
CONTENT_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "txt",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/json": "json",
    "application/x-ndjson": "json",
    "application/jsonl": "json",
    "application/json-lines": "json",
}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def classify_address(address: IPAddress) -> str | None:
    """Why ``address`` must not be fetched ("loopback", "private", ...), or None if it is public.

    IPv4-mapped and 6to4 IPv6 addresses are judged by the IPv4 address they carry.
    """
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is not None:
            return classify_address(inner)
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if address.is_global else "non-public"


def resolve_host(host: str, port: int) -> list[IPAddress]:
    """All addresses ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def check_url(url: httpx.URL, shown: str, allow_private: bool) -> None:
    """Raise FetchError unless ``url`` is http(s) with a host that resolves to public addresses."""
    if url.scheme not in ("http", "https"):
        raise FetchError("E125", url=shown)
    if not url.host:
        raise FetchError("E121", url=shown, detail="the URL has no host")
    if allow_private:
        return
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        addresses = resolve_host(url.host, port)
    except (OSError, UnicodeError) as err:
        raise FetchError("E121", url=shown, detail=f"cannot resolve {url.host}: {err}") from None
    for address in addresses:
        kind = classify_address(address)
        if kind is not None:
            raise FetchError("E120", url=shown, kind=kind, address=str(address))


def parse_content_type(header: str | None) -> tuple[str, str | None]:
    """``"text/html; charset=UTF-8"`` -> ``("text/html", "utf-8")``."""
    if not header:
        return "", None
    mime, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return mime.strip().lower(), charset


def kind_for_content_type(mime: str, shown: str) -> str:
    """The RawItem kind for a response's MIME type; E124 for types that hold no article."""
    if not mime:
        return "auto"
    if mime in CONTENT_KINDS:
        return CONTENT_KINDS[mime]
    if mime.endswith("+xml"):
        return "xml"
    if mime.endswith("+json"):
        return "json"
    raise FetchError("E124", url=shown, ctype=mime)


def sniff_xml_kind(data: bytes) -> str:
    """Tell a feed from an XHTML page when the server only said "xml"."""
    head = data[:4096].lower()
    if b"<html" in head and not any(tag in head for tag in (b"<rss", b"<feed", b"<rdf")):
        return "html"
    return "feed"


@contextmanager
def _client(client: httpx.Client | None, timeout: float) -> Iterator[httpx.Client]:
    """Use the caller's client, or make one (closed afterwards) that ignores proxy settings."""
    if client is not None:
        yield client
        return
    with make_client(timeout) as own:
        yield own


def make_client(timeout: float = 20.0) -> httpx.Client:
    """A client for ``fetch_url``: Marsad User-Agent, no automatic redirects, no env proxies."""
    return httpx.Client(
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,
    )


def _read_body(response: httpx.Response, shown: str, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """Stream the body, refusing it past ``max_bytes`` or past the overall deadline."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError("E123", url=shown, limit=max_bytes)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError("E123", url=shown, limit=max_bytes)
        if time.monotonic() > deadline:
            raise FetchError("E127", url=shown, seconds=timeout)
        chunks.append(chunk)
    return b"".join(chunks)


def _open(
    client: httpx.Client, url: str, allow_private: bool, max_redirects: int, timeout: float, deadline: float
) -> httpx.Response:
    """Send GET requests hop by hop, checking every address; return the final streamed response."""
    current = httpx.URL(url)
    for _hop in range(max_redirects + 1):
        if time.monotonic() > deadline:
            raise FetchError("E127", url=url, seconds=timeout)
        check_url(current, url, allow_private)
        request = client.build_request(
            "GET", current, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT}, timeout=timeout
        )
        response = client.send(request, stream=True, follow_redirects=False)
        location = response.headers.get("location")
        if not (response.is_redirect and location):
            return response
        response.close()
        current = current.join(location)
    raise FetchError("E126", url=url, limit=max_redirects)


def _fetch(
    client: httpx.Client, url: str, allow_private: bool, timeout: float, max_bytes: int, max_redirects: int
) -> RawItem:
    deadline = time.monotonic() + timeout
    response = _open(client, url, allow_private, max_redirects, timeout, deadline)
    try:
        if response.status_code >= 400:
            raise http_status_error(url, response.status_code)
        mime, charset = parse_content_type(response.headers.get("content-type"))
        kind = kind_for_content_type(mime, url)
        body = _read_body(response, url, max_bytes, deadline, timeout)
    finally:
        response.close()
    if kind == "xml":
        kind = sniff_xml_kind(body)
    meta = {"url": str(response.url), "content_type": mime, "status": response.status_code}
    return RawItem(origin=url, data=body, kind=kind, meta=meta, declared_charset=charset)


def fetch_url(
    url: str,
    *,
    allow_private: bool = False,
    timeout: float = 20.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = 5,
    client: httpx.Client | None = None,
) -> RawItem:
    """Fetch ``url`` and return its body as a RawItem (``origin`` = ``url``, ``meta["url"]`` = final URL).

    ``kind`` comes from the Content-Type ("html", "txt", "feed", "json", or "auto" when the
    server sent none) and ``declared_charset`` from its charset parameter. ``timeout`` bounds
    each network operation and the whole body download. Raises FetchError (E120-E127) for
    refused addresses, bad schemes, too many redirects, HTTP errors, oversize bodies, wrong
    content types, timeouts and network failures. A caller's ``client`` must not follow
    redirects by itself (this function passes ``follow_redirects=False`` on every request).
    """
    try:
        with _client(client, timeout) as active:
            return _fetch(active, url, allow_private, timeout, max_bytes, max_redirects)
    except FetchError:
        raise
    except httpx.TimeoutException:
        raise FetchError("E127", url=url, seconds=timeout) from None
    except httpx.InvalidURL as err:
        raise FetchError("E121", url=url, detail=f"invalid URL ({err})") from None
    except (httpx.HTTPError, httpx.StreamError, OSError, ValueError) as err:
        raise FetchError("E121", url=url, detail=_describe(err)) from None


def http_status_error(url: str, http_status: int) -> FetchError:
    """FetchError E122 for an HTTP error status (the API answers 502: the upstream server failed)."""
    return FetchError("E122", status=502, url=url, http_status=http_status)


def _describe(err: Exception) -> str:
    """One line for a network exception (httpx messages can be empty or multi-line)."""
    text = " ".join(str(err).split())
    return f"{type(err).__name__}: {text}" if text else type(err).__name__
