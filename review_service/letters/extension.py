"""The extension letter: the review needs more time, why, and the new date."""

from __future__ import annotations

from sqlalchemy.orm import Session

from review_service.accounts.models import User
from review_service.cases.models import Case
from review_service.domain import deadlines
from review_service.domain.kinds import LetterKind
from review_service.domain.regimes import rules_for
from review_service.letters.acknowledgement import letter_email, team_letter
from review_service.letters.models import Letter
from review_service.letters.render import LetterContent
from review_service.letters.services import (
    LetterEmail,
    format_date,
    send_letter,
)


def extension_letter(case: Case, actor: User, due: deadlines.Deadline) -> LetterContent:
    return team_letter(
        case,
        actor,
        f"More time needed for the review of {case.reference}",
        f"We need more time to complete the {rules_for(case.regime).review_name} of your request.",
        f"Why: {case.extension_reason}",
        f"We will now send you the outcome by {format_date(due.due)} ({due.basis}).",
    )


def extension_email(case: Case, due: deadlines.Deadline) -> LetterEmail:
    return letter_email(
        case,
        "the review needs more time",
        f"{case.authority.name} needs more time to review your complaint {case.reference}.\n\n"
        f"Why: {case.extension_reason}\n\nThe new date is {format_date(due.due)}.",
        link_intro="",
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
