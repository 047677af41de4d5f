"""Fixtures for the regulator stage: a clock to move through the case, and a decided case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import Authority, User
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.regulator import services as regulator
from review_service.reviews import services as reviews
from tests.factories import create_authority, create_case, create_staff, full_decision


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


def scottish_case(session: Session, authority: Authority, received: dt.date, why: str) -> Case:
    """A FOISA case against ``authority`` received on ``received``: the request of 2 February
    2026 refused on 3 March under s.35(1)(a), which the requester challenges for ``why``."""
    return create_case(
        session,
        authority=authority,
        today=received,
        regime="foisa",
        request_sent_on=dt.date(2026, 2, 2),
        response_date=dt.date(2026, 3, 3),
        provisions=(cases.ProvisionInput("s.35(1)(a)"),),
        grounds=(cases.GroundInput("provision", why, provision="s.35(1)(a)"),),
    )


def case_against(
    session: Session, regime: str, provision: str, **overrides: Any
) -> tuple[Case, dict[str, User]]:
    """A case filed against a new authority of ``regime`` that relied on ``provision``; the
    requester says more information is held. The authority's staff come with it."""
    authority = create_authority(session, regime=regime)
    case = create_case(
        session,
        authority=authority,
        regime=regime,
        provisions=(cases.ProvisionInput(provision),),
        grounds=(cases.GroundInput("more_information_held", "There is more."),),
        **overrides,
    )
    return case, create_staff(session, authority)


@pytest.fixture
def referred(
    session: Session, decide: Callable[..., Any], frozen: Clock
) -> Callable[[str, str], tuple[Case, dict[str, User]]]:
    """A case (request 2 February 2026, response 3 March, filed 5 March) decided on 1 April and
    referred to the regulator by its requester on 1 May; the clock then stands at 2 September."""

    def run(regime: str, provision: str) -> tuple[Case, dict[str, User]]:
        case, staff = case_against(
            session,
            regime,
            provision,
            request_sent_on=dt.date(2026, 2, 2),
            response_date=dt.date(2026, 3, 3),
            today=dt.date(2026, 3, 5),
        )
        decide(session, case, staff, decided_on=dt.date(2026, 4, 1))
        frozen.set(dt.date(2026, 5, 1))
        regulator.refer(session, case.requester, case, referred_on=dt.date(2026, 5, 1))
        frozen.set(dt.date(2026, 9, 2))
        return case, staff

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
