"""Request limits: every query and path parameter of the API is bounded (a length, a maximum, a
closed set or a date pattern), and going past a bound is a coded 4xx naming the parameter."""

from __future__ import annotations

import pytest
from api_helpers import assert_error

from marsad.api.schemas import MAX_LIMIT
from marsad.events.cues import PLOVER_TYPES


def _schemas(schema: dict, spec: dict) -> list[dict]:
    if "$ref" in schema:
        return _schemas(spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]], spec)
    if "anyOf" in schema:
        return [s for part in schema["anyOf"] for s in _schemas(part, spec)]
    return [schema]


def _bounded(s: dict) -> bool:
    kind = s.get("type")
    if "enum" in s or kind in ("boolean", "null"):
        return True
    if kind == "string":
        return "maxLength" in s or s.get("format") == "date"  # dates: checked as YYYY-MM-DD before parsing
    if kind == "integer":
        return "maximum" in s
    return False


def test_every_parameter_is_bounded(client) -> None:
    spec = client.app.openapi()
    loose = [(path, p["name"]) for path, ops in spec["paths"].items() for op in ops.values()
             for p in op.get("parameters", []) if not all(_bounded(s) for s in _schemas(p["schema"], spec))]
    assert loose == []


@pytest.mark.parametrize("path,params,name", [
    ("/api/search", {"q": "x" * 501}, "q"),
    ("/api/search", {"q": "x", "limit": MAX_LIMIT + 1}, "limit"),
    ("/api/trends/query", {"q": "ب" * 501}, "q"),
    ("/api/entities", {"q": "x" * 201}, "q"),
    ("/api/articles", {"source": "s" * 301}, "source"),
    ("/api/articles", {"offset": 10**7}, "offset"),
    ("/api/stories", {"limit": 0}, "limit"),
    ("/api/events", {"story": 2**63}, "story"),
    ("/api/rising", {"limit": 101}, "limit"),
])
def test_past_a_bound_is_a_422_naming_the_parameter(client, path, params, name) -> None:
    error = assert_error(client.get(path, params=params), 422, "E800")
    assert f"'{name}'" in error["message"] and len(error["message"]) < 400


def test_a_search_at_the_length_cap_is_answered(client) -> None:
    assert client.get("/api/search", params={"q": "سوريا " * 83, "mode": "keyword"}).status_code == 200


def test_unknown_event_type_is_a_422_listing_the_types(client) -> None:
    error = assert_error(client.get("/api/events", params={"type": "FOO"}), 422, "E800")
    assert all(t in error["message"] for t in PLOVER_TYPES)
    lower = client.get("/api/events", params={"type": "consult"})
    assert lower.status_code == 200 and all(e["type"] == "CONSULT" for e in lower.json()["items"])
    assert lower.json()["items"], "the seeds hold CONSULT events"
