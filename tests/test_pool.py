"""PostgreSQL connections are tested before use only after being idle (db.make_engine)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import exc, text

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


# psycopg prepares a statement once a connection has run it 5 times; its rollback() forgets them
# all. Requests end with a rollback, so the engine ends transactions without forgetting.
_PROBE = "SELECT count(*) FROM holiday_overrides WHERE regime = :regime"


def _prepared(connection: Any) -> list[tuple[str, int]]:
    rows = connection.execute(
        text("SELECT statement, generic_plans FROM pg_prepared_statements")
    ).all()
    return [(str(statement), int(plans)) for statement, plans in rows]


def test_statements_stay_prepared_from_one_rolled_back_transaction_to_the_next(
    database_url: str,
) -> None:
    engine = make_engine(database_url, pool_size=1, max_overflow=0)
    for _ in range(12):  # one connection, twelve transactions, each rolled back on close
        with engine.connect() as connection:
            connection.execute(text(_PROBE), {"regime": "foia"}).scalar_one()
    with engine.connect() as connection:
        prepared = [
            plans for statement, plans in _prepared(connection) if "holiday_overrides" in statement
        ]
    # Prepared, and run on PostgreSQL's generic plan: no planning on each run any more.
    assert len(prepared) == 1 and prepared[0] > 0, prepared
    engine.dispose()


def test_a_rolled_back_transaction_still_saves_nothing(database_url: str) -> None:
    engine = make_engine(database_url, pool_size=1, max_overflow=0)
    insert = text(
        "INSERT INTO holiday_overrides (day, action, regime, note, created_at) "
        "VALUES ('2030-01-02', 'add', 'foia', 'rolled back', now())"
    )
    for _ in range(7):  # the INSERT too is prepared by now
        with engine.connect() as connection:
            connection.execute(insert)
            assert connection.scalar(text("SELECT count(*) FROM holiday_overrides")) == 1
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM holiday_overrides")) == 0
    engine.dispose()


def test_a_failed_transaction_is_rolled_back_and_the_connection_serves_again(
    database_url: str,
) -> None:
    engine = make_engine(database_url, pool_size=1, max_overflow=0)
    first = _backend(engine)
    with engine.connect() as connection, pytest.raises(exc.DBAPIError):
        connection.execute(text("SELECT 1 / 0"))
    assert _backend(engine) == first
    engine.dispose()


def test_a_connection_closed_inside_a_transaction_is_replaced(database_url: str) -> None:
    engine = make_engine(database_url, pool_size=1, max_overflow=0)
    other = make_engine(database_url)
    with pytest.raises(exc.DBAPIError), engine.connect() as connection:  # noqa: PT012
        first = int(connection.scalar(text("SELECT pg_backend_pid()")))
        with other.connect() as killer:
            killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        connection.execute(text("SELECT 1"))
    other.dispose()
    assert _backend(engine) != first
    engine.dispose()


# A cursor's description is built when it is first read (db._described_on_demand_cursor).


def _plain_description(database_url: str, statement: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(database_url) as connection:
        description = connection.execute(statement).description
        assert description is not None
        return [tuple(column) for column in description]


def test_a_description_read_on_demand_is_the_one_psycopg_gives(database_url: str) -> None:
    engine = make_engine(database_url)
    statement = "SELECT 1 AS number, 'x'::text AS word, now() AS at, NULL::numeric(5, 2) AS price"
    with engine.connect() as connection:
        cursor: Any = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(statement)
        description = cursor.description
        assert len(description) == 4
        assert description._columns is None  # len() alone made no column
        assert [tuple(column) for column in description] == _plain_description(
            database_url, statement
        )
        assert [column.name for column in description[-2:]] == ["at", "price"]
        assert description[1].type_code == 25
        cursor.execute("SELECT 2 AS other")  # the first result's columns stay its own
        assert [column.name for column in description] == ["number", "word", "at", "price"]
        cursor.execute("SET LOCAL statement_timeout = 0")
        assert cursor.description is None  # no result set: none, as psycopg says
        cursor.execute("SELECT")
        assert cursor.description is not None and len(cursor.description) == 0
    engine.dispose()


def test_rows_are_read_by_name_through_the_engine(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        for _ in range(3):  # the first run builds the result metadata, later ones reuse it
            row = connection.execute(text("SELECT 7 AS seven, 'b' AS bee")).one()
            assert (row.seven, row._mapping["bee"]) == (7, "b")
    engine.dispose()
