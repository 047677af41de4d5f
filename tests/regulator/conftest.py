"""Fixtures for the regulator stage: a clock to move through the case, and a decided case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import User
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.reviews import services as reviews
from tests.factories import full_decision


@dataclass
class Clock:
    """Today's date as the services see it (review_service.clock.today)."""

    today: dt.date

    def set(self, day: dt.date) -> dt.date:
        self.today = day
        return day


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Clock:
    frozen_clock = Clock(dt.date(2026, 10, 5))
    monkeypatch.setattr(clock, "today", lambda: frozen_clock.today)
    return frozen_clock


@pytest.fixture
def decide(frozen: Clock) -> Callable[..., Any]:
    """Take a filed case through acknowledgement, assignment and a decision on ``decided_on``."""

    def run(
        session: Session,
        case: Case,
        staff: dict[str, User],
        *,
        decided_on: dt.date,
        acknowledged_on: dt.date | None = None,
        withdraw: tuple[str, ...] = (),
    ) -> Case:
        frozen.set(acknowledged_on or case.received_on)
        cases.acknowledge(session, staff["caseworker"], case, today=frozen.today)
        cases.assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)
        reviews.save_decision(
            session, staff["reviewer"], case, full_decision(case, withdraw=withdraw)
        )
        frozen.set(decided_on)
        reviews.issue_decision(session, staff["reviewer"], case, today=decided_on)
        session.flush()
        return case

    return run


@pytest.fixture
def sign_in(client: Any) -> Callable[[User], None]:
    """Sign the page client in as a user.

    The ``session`` fixture keeps one app context open and the test client's requests reuse it,
    so Flask-Login's cached user on ``g`` must be forgotten when the user changes.
    """

    def run(user: User) -> None:
        from flask import g, has_app_context

        client.sign_in_as(user)
        if has_app_context():
            g.pop("_login_user", None)

    return run
