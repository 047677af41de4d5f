"""The acknowledgement letter: the authority has received the request for review and says
when it aims to send the outcome."""

from __future__ import annotations

from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import User
from review_service.cases.models import Case
from review_service.cases.notifications import case_url
from review_service.domain import deadlines
from review_service.domain.kinds import LetterKind
from review_service.domain.regimes import rules_for
from review_service.letters.models import Letter
from review_service.letters.render import LetterContent, Paragraphs
from review_service.letters.services import (
    LetterEmail,
    format_date,
    letter_to_requester,
    send_letter,
)

SIGNATORY_TITLE = "Information rights team"


def team_letter(case: Case, actor: User, subject: str, *paragraphs: str) -> LetterContent:
    """A letter of one section, dated today and signed for the information rights team: the
    acknowledgement and the extension."""
    return letter_to_requester(
        case,
        actor,
        subject,
        (Paragraphs("", paragraphs),),
        letter_date=clock.today(),
        signatory_title=SIGNATORY_TITLE,
    )


ATTACHED = "The letter is attached and on your case page: "


def letter_email(case: Case, subject: str, text: str, *, link_intro: str = ATTACHED) -> LetterEmail:
    """The e-mail that carries a letter: "Complaint <reference>: <subject>", the requester
    greeted, the text, and the address of their case page."""
    return LetterEmail(
        subject=f"Complaint {case.reference}: {subject}",
        body=(
            f"Dear {case.requester.name},\n\n{text}\n\n{link_intro}{case_url(case)}\n\n"
            "Review service"
        ),
    )


def acknowledgement_letter(case: Case, actor: User, due: deadlines.Deadline) -> LetterContent:
    rules = rules_for(case.regime)
    return team_letter(
        case,
        actor,
        f"{rules.review_name.capitalize()} of request "
        + (case.information_request.authority_reference or case.reference),
        f"We received your {rules.review_request_name} on {format_date(case.received_on)}.",
        "Someone who was not involved in the original decision will look at your request afresh.",
        f"We aim to send you the outcome by {format_date(due.due)}. This is {due.basis}.",
    )


def acknowledgement_email(case: Case, due: deadlines.Deadline) -> LetterEmail:
    return letter_email(
        case,
        "acknowledged",
        f"{case.authority.name} has acknowledged your complaint {case.reference}. It aims to "
        f"send the outcome of its {rules_for(case.regime).review_name} by "
        f"{format_date(due.due)}.",
    )


def send_acknowledgement(
    session: Session, actor: User, case: Case, due: deadlines.Deadline
) -> Letter:
    """Issue the acknowledgement letter and e-mail it to the requester."""
    return send_letter(
        session,
        actor,
        case,
        kind=LetterKind.ACKNOWLEDGEMENT,
        title="Acknowledgement",
        content=acknowledgement_letter(case, actor, due),
        email=acknowledgement_email(case, due),
    )
