"""Contract tests: schemathesis generates requests from the OpenAPI spec, valid and invalid,
and checks every answer: never a 5xx, documented status codes and content types, bodies
matching their schema. (Driven through Hypothesis directly: schemathesis's pytest fixture
loader does not work with pytest 9.)"""

from __future__ import annotations

import pytest
import schemathesis
from api_helpers import AUTH, TOKEN
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

READS = ["/api/articles", "/api/articles/{article_id}", "/api/stories", "/api/stories/{story_id}",
         "/api/stories/{story_id}/compare", "/api/stories/{story_id}/timeline", "/api/entities",
         "/api/entities/{entity}", "/api/events", "/api/search", "/api/stats",
         "/api/sources", "/api/sources/{key}", "/api/stories/{story_id}/sources", "/api/export/{kind}.{fmt}",
         "/api/watches", "/api/watches/{watch_id}", "/api/watches/{watch_id}/alerts", "/api/watches/{watch_id}/feed.atom",
         "/api/alerts/unread", "/api/trends/stories/{story_id}", "/api/trends/entities/{entity}", "/api/trends/query",
         "/api/rising"]
WRITES = ["/api/ingest/text", "/api/ingest/html", "/api/reprocess", "/api/sources", "/api/watches",
          "/api/watches/{watch_id}/read", "/api/entities/merge", "/api/entities/{entity}/split"]
NETWORK = ["/api/ingest/url", "/api/ingest/feed"]  # would reach out to the network: see test_api_write.py
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
NO_PARAMETERS = {"/api/stats", "/api/sources", "/api/watches", "/api/alerts/unread"}  # nothing to make invalid
# Schema-valid input that is still meaningless gets a 4xx with a message, by design: an impossible
# date (2024-02-30), text with no article in it, an unknown stage name. So for these operations the
# "valid input must be accepted" check is off; every other check (no 5xx, documented codes, schemas) stays.
# Exports: a graph format of a kind other than entities is a 400, alerts without their table a 404.
# Trends and alerts: a range whose start is after its end is a 422.
SEMANTIC_REJECTS = {"/api/articles", "/api/search", "/api/export/{kind}.{fmt}", "/api/trends/query",
                    "/api/trends/stories/{story_id}", "/api/trends/entities/{entity}", "/api/watches/{watch_id}/alerts",
                    *WRITES}


@pytest.fixture(scope="module")
def schema(scratch_seeded_store):
    from marsad.api.app import create_app

    app = create_app(scratch_seeded_store, token=TOKEN, max_body=16 * 1024 * 1024)  # 413 is tested in test_api_write.py
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def run(operation, mode: GenerationMode, headers: dict[str, str] | None = None, examples: int = 25) -> None:
    excluded = [positive_data_acceptance] if operation.path in SEMANTIC_REJECTS else []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case) -> None:  # type: ignore[no-untyped-def]
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    check()


def test_the_spec_lists_exactly_the_tested_operations(schema) -> None:
    listed = {op.ok().path for op in schema.get_all_operations()}
    assert listed == set(READS + WRITES + NETWORK)


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize("path", READS)
def test_read_endpoints_honour_their_schema(schema, path: str, mode: GenerationMode) -> None:
    if mode == GenerationMode.NEGATIVE and path in NO_PARAMETERS:
        pytest.skip(f"{path} takes no parameters: there is no invalid request to generate")
    run(schema[path]["GET"], mode)


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize("path", WRITES)
def test_write_endpoints_honour_their_schema_with_the_token(schema, path: str, mode: GenerationMode) -> None:
    run(schema[path]["POST"], mode, headers=AUTH, examples=15)


@pytest.mark.parametrize("path", WRITES + NETWORK)
def test_write_endpoints_without_the_token_are_documented_401s(schema, path: str) -> None:
    run(schema[path]["POST"], GenerationMode.POSITIVE, examples=5)


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_removing_a_watchlist_honours_its_schema(schema, mode: GenerationMode) -> None:
    run(schema["/api/watches/{watch_id}"]["DELETE"], mode, headers=AUTH, examples=10)
    run(schema["/api/watches/{watch_id}"]["DELETE"], GenerationMode.POSITIVE, examples=5)  # no token: 401
