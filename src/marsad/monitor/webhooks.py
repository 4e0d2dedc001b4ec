"""Webhook delivery of one alert: an HTTP POST of JSON, and the retry schedule.

The receiver's address obeys the rule URL fetching does (``ingest.fetch.check_url``): a
private, loopback or link-local address is refused unless the watchlist was created with
``allow_private``. Redirects are not followed (a redirect could lead to a private address).
A 2xx answer is a delivery; anything else (an HTTP error, a timeout, a refused connection)
is retried after ``backoff(attempts)``, up to ``MAX_ATTEMPTS`` attempts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from marsad.errors import MarsadError
from marsad.ingest.fetch import check_url

MAX_ATTEMPTS = 8
BASE_DELAY = 30.0  # seconds before the first retry; doubled each time, capped at MAX_DELAY
MAX_DELAY = 6 * 3600.0
TIMEOUT = 5.0  # seconds per attempt: a slow receiver costs the deliverer, never the ingest


def backoff(attempts: int, base: float = BASE_DELAY) -> timedelta:
    """Wait before the next attempt after ``attempts`` failed ones: 30 s, 1 min, 2 min, ... 6 h."""
    return timedelta(seconds=min(MAX_DELAY, base * 2 ** max(0, attempts - 1)))


def check_webhook(url: str, allow_private: bool) -> None:
    """Raise MarsadError E383 unless ``url`` may receive alerts."""
    try:
        check_url(httpx.URL(url), url, allow_private)
    except MarsadError as exc:
        raise MarsadError("E383", url=url, detail=exc.message) from None
    except httpx.InvalidURL as exc:
        raise MarsadError("E383", url=url, detail=f"not a URL ({exc})") from None


def post(url: str, payload: dict[str, Any], *, allow_private: bool = False, client: httpx.Client | None = None,
         timeout: float = TIMEOUT) -> str | None:
    """POST ``payload`` as JSON; None on a 2xx answer, else one line saying what went wrong."""
    try:
        check_webhook(url, allow_private)
    except MarsadError as exc:
        return exc.message
    own = client is None
    client = client or httpx.Client(timeout=timeout, follow_redirects=False)
    try:
        response = client.post(url, json=payload, headers={"User-Agent": "Marsad-webhook/1",
                                                           "X-Marsad-Alert": str(payload.get("id", ""))})
        if 200 <= response.status_code < 300:
            return None
        return f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    finally:
        if own:
            client.close()
