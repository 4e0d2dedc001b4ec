"""Request-scoped dependencies: a read connection, the write token check, paging bounds."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy import Connection

from marsad.api.schemas import MAX_LIMIT
from marsad.errors import MarsadError
from marsad.store import Store

MAX_OFFSET = 1_000_000


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_conn(request: Request) -> Iterator[Connection]:
    """One read connection per request, closed when the response is done."""
    with request.app.state.store.connect() as conn:
        yield conn


def require_token(request: Request) -> None:
    """Write endpoints: 403 when the server has no token, 401 on a missing or wrong one."""
    expected: str | None = request.app.state.token
    if not expected:
        raise MarsadError("E801", status=403)
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise MarsadError("E802", status=401)


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, 1..{MAX_LIMIT}.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")] = 0,
) -> Paging:
    return Paging(limit, offset)


Conn = Annotated[Connection, Depends(get_conn)]
Pages = Annotated[Paging, Depends(paging)]
Writer = Depends(require_token)
