"""PostgreSQL connections are tested before use only after being idle (db.make_engine)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from review_service import db
from review_service.db import make_engine

pytestmark = pytest.mark.postgresql_only


def _backend(engine: Any) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(text("SELECT pg_backend_pid()")))


def _counting_pings(engine: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    pings: list[int] = []
    do_ping = engine.dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        pings.append(1)
        return bool(do_ping(dbapi_connection))

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return pings


def test_a_connection_just_returned_is_reused_without_a_ping(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(database_url)
    pings = _counting_pings(engine, monkeypatch)
    first = _backend(engine)
    assert [_backend(engine) for _ in range(3)] == [first] * 3
    assert pings == []
    engine.dispose()


def test_an_idle_connection_the_server_closed_is_replaced(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(database_url)
    pings = _counting_pings(engine, monkeypatch)
    first = _backend(engine)
    other = make_engine(database_url)
    with other.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    other.dispose()
    monkeypatch.setattr(db, "IDLE_BEFORE_PING", 0.0)  # as if it had been idle a while
    assert _backend(engine) != first
    assert pings
    engine.dispose()


def test_a_connection_closed_while_in_use_recently_fails_once_then_the_pool_reconnects(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    first = _backend(engine)
    other = make_engine(database_url)
    with other.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    other.dispose()
    with pytest.raises(Exception):  # noqa: B017, PT011 - the driver's error, wrapped
        _backend(engine)
    assert _backend(engine) != first
    engine.dispose()
