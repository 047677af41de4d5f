"""The extension letter: the review needs more time, why, and the new date."""

from __future__ import annotations

from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import User
from review_service.cases.models import Case
from review_service.cases.notifications import case_url
from review_service.domain import deadlines
from review_service.domain.kinds import LetterKind
from review_service.domain.regimes import rules_for
from review_service.letters.acknowledgement import SIGNATORY_TITLE
from review_service.letters.models import Letter
from review_service.letters.render import LetterContent, Paragraphs
from review_service.letters.services import (
    LetterEmail,
    format_date,
    letter_to_requester,
    send_letter,
)


def extension_letter(case: Case, actor: User, due: deadlines.Deadline) -> LetterContent:
    return letter_to_requester(
        case,
        actor,
        f"More time needed for the review of {case.reference}",
        (
            Paragraphs(
                "",
                (
                    f"We need more time to complete the {rules_for(case.regime).review_name} of "
                    "your request.",
                    f"Why: {case.extension_reason}",
                    f"We will now send you the outcome by {format_date(due.due)} ({due.basis}).",
                ),
            ),
        ),
        letter_date=clock.today(),
        signatory_title=SIGNATORY_TITLE,
    )


def extension_email(case: Case, due: deadlines.Deadline) -> LetterEmail:
    return LetterEmail(
        subject=f"Complaint {case.reference}: the review needs more time",
        body=(
            f"Dear {case.requester.name},\n\n{case.authority.name} needs more time to review "
            f"your complaint {case.reference}.\n\nWhy: {case.extension_reason}\n\nThe new date "
            f"is {format_date(due.due)}.\n\n{case_url(case)}\n\nReview service"
        ),
    )


def send_extension(session: Session, actor: User, case: Case, due: deadlines.Deadline) -> Letter:
    """Issue the extension letter and e-mail it to the requester."""
    return send_letter(
        session,
        actor,
        case,
        kind=LetterKind.EXTENSION,
        title="Extension",
        content=extension_letter(case, actor, due),
        email=extension_email(case, due),
    )
