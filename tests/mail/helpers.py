"""A clock the tests move by hand, and quick ways to fill and read the outbox."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from review_service.db import utcnow
from review_service.mail.models import OutboxMessage
from review_service.mail.services import message_values


class FakeClock:
    """``now`` for the worker: starts at the real time and moves only when told."""

    def __init__(self) -> None:
        self._now = utcnow()
        self._lock = threading.Lock()

    def __call__(self) -> dt.datetime:
        with self._lock:
            return self._now

    def advance(self, **delta: float) -> None:
        with self._lock:
            self._now += dt.timedelta(**delta)

    def to(self, moment: dt.datetime) -> None:
        with self._lock:
            self._now = max(self._now, moment)


def queue_many(session: Session, count: int, **overrides: Any) -> list[int]:
    """``count`` plain messages written in one INSERT (as the reminders job does); their ids."""
    rows = [
        message_values(
            to=f"person{n}@example.org",
            subject=f"Message {n}",
            body=f"Message number {n}.",
            case_id=None,
            dedupe_key=None,
        )
        | overrides
        for n in range(count)
    ]
    session.execute(insert(OutboxMessage), rows)
    session.commit()
    return list(session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)))


def rows(sessions: sessionmaker[Session]) -> list[OutboxMessage]:
    with sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def smtp_config(app: Any, port: int, **settings: Any) -> dict[str, Any]:
    return {**app.config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, **settings}
