"""The original decision-maker typed as a name (issue 9, finding 9): a name that is a member of
staff's is matched to their account, so the s.45 rule (the reviewer did not make the original
decision) holds whether the person was picked from the list or typed in. The service decides,
so the page and the API give the same answer."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from review_service.accounts.models import Role, User
from review_service.accounts.services import create_api_token
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.domain.lifecycle import CaseAction
from review_service.errors import Forbidden, ValidationFailed
from review_service.extensions import commit
from review_service.reviews import services as reviews
from tests.factories import create_authority, create_case, create_staff, create_user, full_decision
from tests.staff import fresh_session_per_request, sign_in


@pytest.fixture
def staff(session: Session) -> dict[str, User]:
    people = create_staff(session, create_authority(session, name="Metropolis Police Service"))
    people["reviewer"].name = "Robin Reviewer"
    people["other_reviewer"].name = "Olu Other"
    return people


@pytest.fixture
def case(session: Session, staff: dict[str, User]) -> Case:
    return create_case(session, authority=staff["caseworker"].authority)


def test_a_typed_name_of_a_member_of_staff_is_stored_as_their_account(
    session: Session, staff: dict[str, User], case: Case
) -> None:
    cases.record_original_decision_maker(
        session, staff["caseworker"], case, user_id=None, name="  olu   OTHER "
    )
    assert (case.original_decision_maker_id, case.original_decision_maker_name) == (
        staff["other_reviewer"].id,
        "Olu Other",
    )
    with pytest.raises(ValidationFailed, match="made the original decision"):
        cases.assign(session, staff["caseworker"], case, reviewer_id=staff["other_reviewer"].id)


def test_the_assigned_reviewer_typed_as_the_original_decision_maker_is_refused(
    session: Session, staff: dict[str, User], case: Case
) -> None:
    cases.assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)
    with pytest.raises(ValidationFailed, match="Robin Reviewer is the assigned reviewer"):
        cases.record_original_decision_maker(
            session, staff["caseworker"], case, user_id=None, name="robin reviewer"
        )
    assert (case.original_decision_maker_id, case.original_decision_maker_name) == (None, "")


def test_a_reviewer_typed_as_the_original_decision_maker_before_being_assigned_cannot_decide(
    session: Session, staff: dict[str, User], case: Case
) -> None:
    cases.record_original_decision_maker(
        session, staff["caseworker"], case, user_id=None, name="Robin Reviewer"
    )
    # Had the review been given to them all the same (as it could be before), the decision
    # is still theirs to refuse.
    case.reviewer_id = staff["reviewer"].id
    case.status = "in_review"
    with pytest.raises(Forbidden, match="You made the original decision"):
        reviews.save_decision(session, staff["reviewer"], case, full_decision(case))


def test_a_name_two_members_of_staff_share_is_refused(
    session: Session, staff: dict[str, User], case: Case
) -> None:
    create_user(session, Role.CASEWORKER, authority=case.authority, name="Olu Other")
    with pytest.raises(ValidationFailed, match="2 members of staff are called Olu Other"):
        cases.record_original_decision_maker(
            session, staff["caseworker"], case, user_id=None, name="Olu Other"
        )
    assert case.original_decision_maker_name == ""


def test_a_name_no_one_here_has_is_kept_as_typed(
    session: Session, staff: dict[str, User], case: Case
) -> None:
    elsewhere = create_authority(session, name="Elsewhere Borough Council")
    create_user(session, Role.REVIEWER, authority=elsewhere, name="Pat Original")
    cases.record_original_decision_maker(
        session, staff["caseworker"], case, user_id=None, name="Pat  Original"
    )
    assert (case.original_decision_maker_id, case.original_decision_maker_name) == (
        None,
        "Pat Original",
    )


def test_the_page_and_the_api_refuse_the_assigned_reviewers_name_alike(
    app, client, session: Session, staff: dict[str, User], case: Case
) -> None:  # type: ignore[no-untyped-def]
    fresh_session_per_request(app, session)
    cases.assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)
    _, token = create_api_token(session, staff["caseworker"], "triage")
    commit()
    refusal = "Robin Reviewer is the assigned reviewer; assign another reviewer first"

    sign_in(client, staff["caseworker"])
    page = client.post(
        f"/staff/cases/{case.reference}/original-decision-maker",
        {"version": str(case.version), "staff_member": "", "name": "ROBIN REVIEWER"},
    )
    assert page.status_code == 400 and refusal in client.last_page.text

    api = app.test_client().post(
        f"/api/v1/cases/{case.reference}/actions",
        json={
            "action": "record_original_decision_maker",
            "name": "Robin  Reviewer",
            "version": case.version,
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 422, api.json
    assert refusal in str(api.json)
    session.refresh(case)
    assert (case.original_decision_maker_id, case.original_decision_maker_name) == (None, "")


def test_a_decision_maker_recorded_by_name_alone_before_names_were_matched_still_counts(
    session: Session, staff: dict[str, User], case: Case
) -> None:
    # As stored before this fix (or before the reviewer's account existed): no account, a name.
    case.original_decision_maker_name = "Robin Reviewer"
    with pytest.raises(ValidationFailed, match="made the original decision"):
        cases.assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)

    case.reviewer_id = staff["reviewer"].id
    case.status = "in_review"
    with pytest.raises(Forbidden, match="You made the original decision"):
        reviews.save_decision(session, staff["reviewer"], case, full_decision(case))
    assert not reviews.may_decide(staff["reviewer"], case, CaseAction.SAVE_DECISION)
