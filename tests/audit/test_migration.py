"""Migration 0006 seals the events written before the chain existed, without addresses."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from review_service import migrate
from review_service.audit.chain import verify
from review_service.db import make_engine, make_sessionmaker
from tests.test_migrations import empty_database  # noqa: F401 - the fixture


def test_existing_events_are_sealed_in_order_and_lose_email_addresses(empty_database) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url = empty_database
    migrate.upgrade(url, "0005")
    engine = make_engine(url)
    at = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, email, name, role, postal_address, is_active_account, "
                "created_at) VALUES (7, 'jo.bloggs@example.org', 'Jo', 'requester', '', :t, :at)"
            ),
            {"t": True, "at": at},
        )
        for n, summary in enumerate(
            ["Password reset from the command line for Jo.Bloggs@example.org", "Signed in"]
        ):
            conn.execute(
                text(
                    "INSERT INTO audit_events (actor_id, action, summary, before, after, at, "
                    "visible_to_requester) VALUES (7, 'x', :s, '{}', :after, :at, :v)"
                ),
                {
                    "s": summary,
                    "after": '{"email": "jo.bloggs@example.org"}',
                    "at": at + dt.timedelta(minutes=n),
                    "v": False,
                },
            )
    migrate.upgrade(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT seq, summary, after FROM audit_events ORDER BY id")).all()
    assert [r[0] for r in rows] == [1, 2]
    assert rows[0][1] == "Password reset from the command line for user 7"
    assert "jo.bloggs" not in str(rows[0][2]).lower() and "user 7" in str(rows[0][2])
    session = make_sessionmaker(engine)()
    result = verify(session)
    session.close()
    engine.dispose()
    assert result.ok, result.broken
    assert result.events == result.head_seq == 2
