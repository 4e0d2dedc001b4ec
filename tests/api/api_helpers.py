"""Assertions shared by the API tests."""

from __future__ import annotations

TOKEN = "s3cret-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def assert_error(response, status: int, code: str) -> dict:  # type: ignore[no-untyped-def]
    """A catalogued one-line JSON error, and no traceback."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    message = body["error"]["message"]
    assert message and "\n" not in message and "Traceback" not in message
    return body["error"]
