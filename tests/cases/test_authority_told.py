"""Issue 12 item 2: a new complaint is e-mailed to the authority's inbox for information
requests (its e-mail address setting) and to its active caseworkers, with a link to the case."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from review_service.accounts.models import Role
from review_service.cases import services as cases
from review_service.mail.models import OutboxMessage
from tests.cases.journey import file_sample_complaint
from tests.factories import create_authority, create_case, create_user, file_command


def _told(session, reference: str) -> set[str]:  # type: ignore[no-untyped-def]
    return set(
        session.scalars(
            select(OutboxMessage.to_address).where(
                OutboxMessage.subject.startswith(f"New complaint {reference}")
            )
        )
    )


def test_the_inbox_and_the_caseworkers_are_told_of_a_complaint_made_online(
    signed_in, session
) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session, email="foi@northshire.example")
    first = create_user(session, Role.CASEWORKER, authority=authority)
    second = create_user(session, Role.CASEWORKER, authority=authority)
    create_user(session, Role.CASEWORKER, authority=authority, is_active_account=False)
    create_user(session, Role.REVIEWER, authority=authority)
    create_user(session, Role.CASEWORKER, authority=create_authority(session))
    session.commit()

    reference = file_sample_complaint(signed_in, authority.id)

    assert _told(session, reference) == {"foi@northshire.example", first.email, second.email}
    message = session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == "foi@northshire.example")
    )
    assert f"http://localhost/staff/cases/{reference}" in message.body
    assert "Review outcome due by:" in message.body


def test_a_caseworker_entering_a_complaint_is_not_told_of_it_but_the_others_are(
    session,
) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session, email="")
    entering = create_user(session, Role.CASEWORKER, authority=authority)
    colleague = create_user(session, Role.CASEWORKER, authority=authority)
    command = file_command(
        authority,
        requester_email="by.post@example.org",
        requester_name="Bea Post",
        received_on=dt.date(2026, 10, 2),
    )
    filed = cases.file_case(session, entering, command, today=dt.date(2026, 10, 5))
    assert _told(session, filed.case.reference) == {colleague.email}


def test_an_authority_not_using_the_service_gets_the_complaint_not_a_notice(session) -> None:  # type: ignore[no-untyped-def]
    case = create_case(
        session,
        authority_id=None,
        other_authority_name="Ashcombe Harbour Board",
        other_authority_email="foi@ashcombe.example",
    )
    assert _told(session, case.reference) == set()
