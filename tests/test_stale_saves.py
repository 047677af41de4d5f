"""A save that loses a race to another save of the same case.

The version a form carries is checked first; a save that passes that check and then finds, at
the database, that someone else has saved the case in between (the optimistic lock's UPDATE
matches no row) must get the same answer as a stale form: the page again with what was typed
and the conflict explained, or 409 from the API, never a 500 (issue 9, finding 8).

``saved_by_someone_else`` makes that moment happen deterministically: just before the request's
first flush that changes a case, another connection saves the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import Authority, Role
from review_service.audit.models import AuditEvent
from review_service.cases.models import Case
from review_service.db import make_engine
from review_service.extensions import commit, database
from review_service.letters.models import Letter
from review_service.web.access import requires
from tests.factories import create_authority, create_case, create_staff
from tests.pages import PageClient
from tests.security.world import Clock, build_cast, case_at
from tests.staff import fresh_session_per_request
from tests.staff.test_triage import version_on

STALE = "Someone else changed this case while you were editing it"


@pytest.fixture(autouse=True)
def _fresh_sessions(app: Flask, session: Session) -> None:
    fresh_session_per_request(app, session)


@contextmanager
def saved_by_someone_else(app: Flask) -> Iterator[list[int]]:
    """Before the request's first flush that changes a case, another connection saves it."""
    other = make_engine(app.config["DATABASE_URL"])
    bumped: list[int] = []
    table = Case.__table__

    def save_first(session: Session, _context: Any, _instances: Any) -> None:
        changed = [o for o in session.dirty if isinstance(o, Case)]
        if bumped or not changed:
            return
        bumped.append(changed[0].id)
        with other.begin() as connection:
            connection.execute(
                update(table).where(table.c.id == changed[0].id).values(version=table.c.version + 1)
            )

    factory = database(app).sessionmaker
    event.listen(factory, "before_flush", save_first)
    try:
        yield bumped
    finally:
        event.remove(factory, "before_flush", save_first)
        other.dispose()


def _count(session: Session, model: Any, case: Case) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).where(model.case_id == case.id)) or 0


def _form_sent_too_late(
    app: Flask,
    client: PageClient,
    url: str,
    case: Case,
    typed: dict[str, str],
    *,
    status: int = 400,
) -> str:
    """Load the form at ``url``, then send it with ``typed`` just after someone else saved
    the case; the page that comes back must be the form again, with the conflict explained."""
    loaded = version_on(client.get(url).get_data(as_text=True))
    with saved_by_someone_else(app) as bumped:
        response = client.post(url, {"version": loaded, **typed})
    assert bumped == [case.id]
    html = response.get_data(as_text=True)
    assert response.status_code == status, html[:500]
    assert client.last_page is not None and STALE in client.last_page.text
    assert "govuk-error-summary" in html
    return html


def test_a_staff_page_that_loses_the_race_shows_the_form_again(
    app: Flask, session: Session, client: PageClient
) -> None:
    authority = create_authority(session)
    staff = create_staff(session, authority)
    case = create_case(session, authority=authority)
    commit()
    client.sign_in_as(staff["caseworker"])
    url = f"/staff/cases/{case.reference}/acknowledge"
    loaded = version_on(client.get(url).get_data(as_text=True))
    events = _count(session, AuditEvent, case)

    with saved_by_someone_else(app) as bumped:
        response = client.post(url, {"version": loaded})

    assert bumped == [case.id]
    assert response.status_code == 400, response.get_data(as_text=True)[:500]
    assert client.last_page is not None and STALE in client.last_page.text
    session.expire_all()
    assert case.acknowledged_on is None
    assert _count(session, Letter, case) == 0
    assert _count(session, AuditEvent, case) == events
    # The form now carries the version someone else saved: sending it again is deliberate.
    assert version_on(response.get_data(as_text=True)) == str(case.version)
    assert client.post(url, {"version": str(case.version)}).status_code == 302


def test_a_regulator_page_that_loses_the_race_keeps_what_was_typed(
    app: Flask, session: Session, client: PageClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = Clock()
    monkeypatch.setattr(clock, "today", today)
    world, people = build_cast(session)
    authority = session.get(Authority, world.authority_id)
    assert authority is not None
    case = case_at(session, "dn", people, authority, today)
    commit()
    client.sign_in_as(people["cw"])
    reason = "The authority complied & <b>nothing</b> more is needed"
    html = _form_sent_too_late(
        app,
        client,
        f"/staff/cases/{case.reference}/regulator/close",
        case,
        {"reason": reason, "without_compliance": "y"},  # the notice's steps are not recorded
        status=200,
    )  # the regulator stage's forms answer 200
    assert "The authority complied &amp; &lt;b&gt;nothing&lt;/b&gt; more is needed" in html
    session.expire_all()
    assert case.status != "closed"
    assert version_on(html) == str(case.version)


def test_a_requester_page_that_loses_the_race_keeps_what_was_typed(
    app: Flask, session: Session, client: PageClient
) -> None:
    case = create_case(session, authority=create_authority(session))
    commit()
    client.sign_in_as(case.requester)
    reason = "I have the information now"
    html = _form_sent_too_late(
        app, client, f"/complaints/{case.reference}/withdraw", case, {"reason": reason}
    )
    assert reason in html
    session.expire_all()
    assert case.status != "withdrawn"
    assert version_on(html) == str(case.version)


def test_the_api_answers_409_when_it_loses_the_race(app: Flask, session: Session) -> None:
    from review_service.accounts import services as accounts

    authority = create_authority(session)
    staff = create_staff(session, authority)
    case = create_case(session, authority=authority)
    _, secret = accounts.create_api_token(session, staff["caseworker"], "race")
    commit()
    with saved_by_someone_else(app) as bumped:
        response = app.test_client().post(
            f"/api/v1/cases/{case.reference}/actions",
            json={"action": "acknowledge", "version": case.version},
            headers={"Authorization": f"Bearer {secret}"},
        )
    assert bumped == [case.id]
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.json is not None and response.json["type"].endswith("stale-version")


def test_a_conflict_no_form_catches_gives_the_conflict_page_with_what_was_typed(
    app: Flask, session: Session, client: PageClient
) -> None:
    """The one place that answers a stale save: a page that does not handle it itself gets
    the conflict page (409), with the session rolled back and what was typed shown back."""
    authority = create_authority(session)
    staff = create_staff(session, authority)
    case = create_case(session, authority=authority)
    commit()

    @requires(Role.CASEWORKER)
    def careless(reference: str) -> Any:
        from review_service.extensions import db_session

        found = db_session().scalar(select(Case).where(Case.reference == reference))
        assert found is not None
        found.updated_at = found.updated_at + dt.timedelta(seconds=1)
        commit()
        return "saved"

    app.add_url_rule("/test-only/<reference>/careless", view_func=careless, methods=["POST"])
    client.sign_in_as(staff["caseworker"])
    with saved_by_someone_else(app) as bumped:
        response = client.post(
            f"/test-only/{case.reference}/careless",
            {"note": "Typed <i>before</i> the clash"},
            form_url="/staff",
        )
    assert bumped == [case.id]
    html = response.get_data(as_text=True)
    assert response.status_code == 409, html[:500]
    assert client.last_page is not None and STALE in client.last_page.text
    assert "Typed &lt;i&gt;before&lt;/i&gt; the clash" in html
    assert "csrf_token" not in html.split("<main", 1)[1].split("</main>", 1)[0]
