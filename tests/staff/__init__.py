"""Staff pages: queue, triage, decisions, letters, statistics.

Helpers shared by these tests live here: a case taken through triage to the reviewer, and
the form data a reviewer would post for it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.orm import Session

from review_service.accounts.models import Authority, User
from review_service.cases import services as cases
from review_service.cases.models import Case

FILED_ON = dt.date(2026, 10, 5)


def triaged_case(
    session: Session, authority: Authority, staff: dict[str, User], **overrides: Any
) -> Case:
    """Filed, acknowledged, original decision-maker recorded, assigned to staff['reviewer']."""
    from tests.factories import create_case

    case = create_case(session, authority=authority, **overrides)
    worker = staff["caseworker"]
    cases.acknowledge(session, worker, case, today=FILED_ON)
    cases.record_original_decision_maker(session, worker, case, user_id=staff["other_reviewer"].id)
    cases.assign(session, worker, case, reviewer_id=staff["reviewer"].id)
    session.flush()
    return case


def staffed_case(
    session: Session, *grounds: cases.GroundInput, provisions: tuple[str, ...] = ()
) -> tuple[Case, dict[str, User]]:
    """A new authority with its staff, and a ``triaged_case`` against it citing ``provisions``
    with the requester's ``grounds``."""
    from tests.factories import create_authority, create_staff

    authority = create_authority(session)
    staff = create_staff(session, authority)
    case = triaged_case(
        session,
        authority,
        staff,
        provisions=tuple(cases.ProvisionInput(p) for p in provisions),
        grounds=grounds,
    )
    return case, staff


def decision_data(case: Case, **overrides: str) -> dict[str, str]:
    """A complete decision: ground 1 not upheld, ground 2 upheld; the first provision
    maintained and any others withdrawn; something released."""
    data: dict[str, str] = {"version": str(case.version)}
    for i, ground in enumerate(case.grounds):
        data[f"ground_{ground.id}_upheld"] = "no" if i == 0 else "yes"
        data[f"ground_{ground.id}_reasons"] = f"Reasons for ground {i + 1}."
    for i, cited in enumerate(case.refusal_notice.provisions):
        data[f"provision_{cited.id}_finding"] = "maintained" if i == 0 else "withdrawn"
        data[f"provision_{cited.id}_replacement"] = ""
        data[f"provision_{cited.id}_reasons"] = f"Reasons for {cited.provision}."
        if not cited.absolute:
            data[f"provision_{cited.id}_public_interest"] = (
                f"The balance for {cited.provision} favours withholding."
            )
    data["released_information"] = "The number of drones owned in 2025."
    data["letter_summary"] = "Thank you for your patience."
    data["internal_notes"] = "Checked with the drone unit."
    data.update(overrides)
    return data


def sign_in(client: Any, user: User) -> None:
    """Sign the client in as ``user``.

    Tests that hold the ``session`` fixture keep one app context open, which the test client's
    requests reuse, and Flask-Login caches the signed-in user on ``g``: forget it, or the next
    request would still run as the previous user.
    """
    from flask import g, has_app_context

    client.sign_in_as(user)
    if has_app_context():
        g.pop("_login_user", None)


def fresh_session_per_request(app: Any, test_session: Session | None = None) -> None:
    """Requests and the test each see what is in the database, as in production.

    Each request starts from a clean session (whether or not the client shares the test's app
    context), and after each request the test's own session forgets what it had loaded, so
    the next assertion reads what the request committed.
    """
    from review_service.extensions import db_session

    def expire_request_session() -> None:
        db_session().expire_all()

    app.before_request_funcs.setdefault(None, []).insert(0, expire_request_session)
    if test_session is not None:

        def expire_test_session(_error: BaseException | None) -> None:
            test_session.expire_all()

        app.teardown_request_funcs.setdefault(None, []).append(expire_test_session)


@pytest.fixture
def fresh_sessions(request: pytest.FixtureRequest, app: Any) -> None:
    """``fresh_session_per_request`` for a module's tests (``pytest.mark.usefixtures``), with
    the test's own ``session`` when the test uses it."""
    uses_session = "session" in request.fixturenames
    fresh_session_per_request(app, request.getfixturevalue("session") if uses_session else None)
