"""The outbox migration gives messages already queued a state, a due time and a Message-ID."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from review_service import migrate
from review_service.db import make_engine
from tests.test_migrations import empty_database  # noqa: F401 - the fixture

OUTBOX_BEFORE = "0007"  # the last revision before the outbox got states and Message-IDs


def test_messages_already_queued_keep_their_meaning(empty_database) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url = empty_database
    migrate.upgrade(url, OUTBOX_BEFORE)
    engine = make_engine(url)
    at = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)
    with engine.begin() as conn:
        for subject, sent_at, attempts in [
            ("sent", at, 1),
            ("given up", None, 8),
            ("waiting", None, 2),
        ]:
            conn.execute(
                text(
                    "INSERT INTO outbox_messages (to_address, subject, body, created_at, "
                    "sent_at, attempts, last_error) VALUES ('a@example.org', :s, 'b', :at, "
                    ":sent, :n, '')"
                ),
                {"s": subject, "at": at, "sent": sent_at, "n": attempts},
            )
    migrate.upgrade(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT subject, status, message_id, next_attempt_at, failed_at "
                "FROM outbox_messages ORDER BY id"
            )
        ).all()
    engine.dispose()
    assert [(r.subject, r.status) for r in rows] == [
        ("sent", "sent"),
        ("given up", "failed"),
        ("waiting", "pending"),
    ]
    ids = [r.message_id for r in rows]
    assert len(set(ids)) == 3
    assert all(i.startswith("<") and i.endswith("@review-service.local>") for i in ids)
    assert [r.failed_at is not None for r in rows] == [False, True, False]
    assert all(r.next_attempt_at is not None for r in rows)
