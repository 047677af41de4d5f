"""When an API token was last used is kept, without a write on every request."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import event, select

from review_service.accounts import services
from review_service.accounts.models import ApiToken, User
from review_service.extensions import database, db_session
from tests.api.conftest import ApiClient, Cast


def _last_used(app: Flask, cast: Cast) -> dt.datetime | None:
    with app.app_context():
        return db_session().scalar(
            select(ApiToken.last_used_at)
            .join(User, User.id == ApiToken.user_id)
            .where(User.id == cast.user_ids["caseworker"], ApiToken.name == "caseworker token")
        )


def _token_writes(app: Flask, api: ApiClient, token: str) -> list[str]:
    writes: list[str] = []

    def watch(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("UPDATE API_TOKENS"):
            writes.append(statement)

    engine = database(app).engine
    event.listen(engine, "before_cursor_execute", watch)
    try:
        assert api.get("/api/v1/me", token).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    return writes


def test_a_read_records_the_use_though_the_request_writes_nothing(
    app: Flask, api: ApiClient, cast: Cast
) -> None:
    assert _last_used(app, cast) is None
    assert api.get("/api/v1/cases", cast.token("caseworker")).status_code == 200
    # Before, the time was set inside the GET's transaction, which is rolled back: lost.
    assert _last_used(app, cast) is not None


def test_the_use_is_written_at_most_every_few_minutes(
    app: Flask, api: ApiClient, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(services, "utcnow", lambda: now)
    token = cast.token("caseworker")
    assert len(_token_writes(app, api, token)) == 1
    now += dt.timedelta(minutes=4)
    assert _token_writes(app, api, token) == []
    assert _last_used(app, cast) == dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC)
    now += dt.timedelta(minutes=2)
    assert len(_token_writes(app, api, token)) == 1
    assert _last_used(app, cast) == now
