"""A corrected outcome letter (issue 9, finding 3): only the assigned reviewer, a caseworker or an
administrator may issue one, never whoever made the original decision, and only while an issued
outcome exists and the case is open. The service decides, so the pages and the API agree."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import Role, User
from review_service.accounts.services import create_api_token
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.errors import Conflict, Forbidden
from review_service.extensions import commit
from review_service.letters.models import Letter
from review_service.regulator import services as regulator
from review_service.reviews import services as reviews
from tests.factories import create_authority, create_case, create_staff, create_user, full_decision
from tests.staff import fresh_session_per_request, sign_in, triaged_case

DECIDED_ON = dt.date(2026, 10, 20)
NOTE = "The date of the request was wrong."


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: DECIDED_ON)


def decided_case(session: Session, staff: dict[str, User], **overrides: object) -> Case:
    authority = staff["caseworker"].authority
    case = triaged_case(session, authority, staff, **overrides)
    reviews.save_decision(session, staff["reviewer"], case, full_decision(case))
    reviews.issue_decision(session, staff["reviewer"], case, today=DECIDED_ON)
    return case


def outcome_letters(session: Session, case: Case) -> int:
    query = select(func.count()).where(Letter.case_id == case.id, Letter.kind == "outcome")
    return session.scalar(query) or 0


@pytest.fixture
def staff(session: Session) -> dict[str, User]:
    return create_staff(session, create_authority(session, name="Metropolis Police Service"))


def test_a_caseworker_who_made_the_original_decision_cannot_correct_the_outcome(
    session: Session, staff: dict[str, User]
) -> None:
    case = decided_case(session, staff)
    deciding_caseworker = create_user(
        session, Role.CASEWORKER, authority=staff["caseworker"].authority
    )
    case.original_decision_maker_id = deciding_caseworker.id
    session.flush()

    with pytest.raises(Forbidden, match="You made the original decision"):
        reviews.correct_outcome_letter(session, deciding_caseworker, case, note=NOTE)
    assert outcome_letters(session, case) == 1
    assert not reviews.may_correct(deciding_caseworker, case)


@pytest.mark.parametrize("who", ["reviewer", "caseworker", "admin"])
def test_the_assigned_reviewer_a_caseworker_or_an_administrator_may_correct(
    session: Session, staff: dict[str, User], who: str
) -> None:
    case = decided_case(session, staff)
    assert reviews.may_correct(staff[who], case)
    letter = reviews.correct_outcome_letter(session, staff[who], case, note=NOTE)
    assert letter.version == 2


def test_a_case_referred_as_overdue_has_no_outcome_letter_to_correct(
    session: Session, staff: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = create_case(session, authority=staff["caseworker"].authority)  # 5 October 2026
    overdue = dt.date(2026, 12, 15)
    monkeypatch.setattr(clock, "today", lambda: overdue)
    regulator.refer(session, case.requester, case, referred_on=overdue)
    assert case.outcome is None

    with pytest.raises(Conflict, match="no issued outcome letter"):
        reviews.correct_outcome_letter(session, staff["caseworker"], case, note=NOTE)
    assert not reviews.may_correct(staff["caseworker"], case)


def test_a_closed_case_is_refused_alike_by_the_page_and_the_api(
    app, client, session: Session, staff: dict[str, User]
) -> None:  # type: ignore[no-untyped-def]
    fresh_session_per_request(app, session)
    case = decided_case(session, staff)
    cases.close(session, staff["caseworker"], case, reason="Resolved informally.")
    _, token = create_api_token(session, staff["caseworker"], "corrections")
    commit()
    refusal = "“Correct letter” is not possible while the case is closed."

    sign_in(client, staff["caseworker"])
    client.get(f"/staff/cases/{case.reference}")
    assert "Correct the outcome letter" not in client.last_page.text
    page = client.post(
        f"/staff/cases/{case.reference}/correct", {"version": str(case.version), "note": NOTE}
    )
    assert page.status_code == 400 and refusal in client.last_page.text

    api = app.test_client().post(
        f"/api/v1/cases/{case.reference}/decision/corrections",
        json={"note": NOTE, "version": case.version},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert (api.status_code, api.json["detail"]) == (409, refusal)
    assert outcome_letters(session, case) == 1
    assert not reviews.may_correct(staff["caseworker"], case)
