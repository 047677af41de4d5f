"""E-mails and letters that the review-stage services send (written to the outbox)."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import User
from review_service.cases.clocks import regulator_opens, review_due
from review_service.cases.models import Case
from review_service.domain import deadlines
from review_service.domain.calendar import Regime
from review_service.domain.regimes import rules_for
from review_service.domain.regulators import regulator_for
from review_service.domain.review import GroundKind
from review_service.letters.render import Paragraphs, render_document
from review_service.letters.services import format_date
from review_service.mail.services import queue_email
from review_service.web.links import external_url


def case_url(case: Case) -> str:
    """The requester's page for the case, for their e-mails."""
    return external_url("complaints.case", reference=case.reference)


def staff_case_url(case: Case) -> str:
    """The staff page for the case, for staff e-mails."""
    return external_url("staff.case", reference=case.reference)


def regulator_name(regime: Regime | str) -> str:
    return regulator_for(regime).name_in_sentence


def complaint_summary_sections(case: Case) -> tuple[Paragraphs, ...]:
    request = case.information_request
    notice = case.refusal_notice
    sections = [
        Paragraphs(
            "Your complaint",
            (
                f"Reference: {case.reference}",
                f"Authority: {case.authority.name}",
                f"Law: {Regime(case.regime).label}",
                f"Received: {format_date(case.received_on)}",
            ),
        ),
        Paragraphs(
            "Your original request",
            (
                f"Authority's reference: {request.authority_reference or 'not given'}",
                f"Sent: {format_date(request.sent_on)}",
                request.text or "(wording not given)",
            ),
        ),
        Paragraphs(
            "The response",
            ("No response was received.",)
            if notice.no_response
            else (
                f"Dated: {format_date(notice.issued_on)}",
                "Provisions relied on: "
                + (
                    ", ".join(
                        f"{p.provision} {p.title}"
                        + (" (neither confirm nor deny)" if p.ncnd else "")
                        for p in notice.provisions
                    )
                    or "none"
                ),
            ),
        ),
    ]
    ground_lines = []
    for ground in case.grounds:
        kind = GroundKind(ground.kind)
        heading = (
            f"{ground.cited_provision.provision} {ground.cited_provision.title}"
            if kind is GroundKind.PROVISION and ground.cited_provision
            else kind.label
        )
        ground_lines.append(f"{heading}: {ground.requester_text or '(no further detail)'}")
    sections.append(Paragraphs("Why you are unhappy", tuple(ground_lines)))
    if case.late_request:
        sections.append(
            Paragraphs(
                "Why you are asking for a review now",
                (case.late_request_reasons or "(no reason given)",),
            )
        )
    return tuple(sections)


# The complaint as filed, rendered, by the SHA-256 of everything printed in it (its title holds
# the case reference), newest used last: each complaint pack and download rendered it again
# although it changes only when the case's request, notice or grounds do (issue 13). Per
# process, bounded; a changed complaint is a new key, so nothing stale or another case's is served.
_COMPLAINTS: OrderedDict[str, bytes] = OrderedDict()
_COMPLAINTS_MAX = 64
_COMPLAINTS_LOCK = threading.Lock()


def complaint_pdf(case: Case) -> bytes:
    """The complaint as filed: the requester's own document, so on no authority's letterhead."""
    title = f"Complaint {case.reference} as filed"
    sections = complaint_summary_sections(case)
    key = hashlib.sha256(repr((title, sections)).encode()).hexdigest()
    with _COMPLAINTS_LOCK:
        if (kept := _COMPLAINTS.get(key)) is not None:
            _COMPLAINTS.move_to_end(key)
            return kept
    pdf = render_document(title, None, sections)
    with _COMPLAINTS_LOCK:
        _COMPLAINTS[key] = pdf
        while len(_COMPLAINTS) > _COMPLAINTS_MAX:
            _COMPLAINTS.popitem(last=False)
    return pdf


AUTHORITY_COPY = "complaint-to-authority:{case_id}"  # the outbox key of the e-mailed complaint


@dataclass(frozen=True)
class Delivery:
    """How far the e-mailed complaint to an authority not using this service has got."""

    address: str
    sent_at: dt.datetime | None
    attempts: int
    given_up: bool

    @property
    def sent(self) -> bool:
        return self.sent_at is not None

    @property
    def summary(self) -> str:
        """Said only as far as the outbox shows it: never "sent" before it was."""
        if self.sent_at is not None:
            return (
                f"Sent by e-mail to {self.address} on "
                f"{format_date(self.sent_at.astimezone(clock.UK).date())}"
            )
        if self.given_up:
            return f"Not sent: we could not e-mail {self.address}"
        if self.attempts:
            return f"Not sent yet: we could not reach {self.address} and will keep trying"
        return f"Waiting to be e-mailed to {self.address}"


def delivery_to_authority(session: Session, case: Case) -> Delivery | None:
    """None for an authority that uses this service."""
    if not case.sent_by_email_to:
        return None
    from review_service.mail.models import MailStatus, OutboxMessage

    key = AUTHORITY_COPY.format(case_id=case.id)
    # The latest copy: the first, or one re-sent to a corrected address (``resend_complaint``).
    message = session.scalar(
        select(OutboxMessage)
        .where(
            (OutboxMessage.dedupe_key == key)
            | OutboxMessage.dedupe_key.startswith(f"{key}:", autoescape=True)
        )
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    if message is None:  # never queued, or deleted since: say so rather than guess
        return Delivery(case.sent_by_email_to, None, 0, given_up=True)
    return Delivery(
        case.sent_by_email_to,
        message.sent_at,
        message.attempts,
        given_up=message.status == MailStatus.FAILED,
    )


def complaint_filed(
    session: Session, case: Case, due: deadlines.Deadline, warnings: list[str]
) -> None:
    opens = regulator_opens(case)
    requester = case.requester
    pdf = complaint_pdf(case)
    authority = case.authority.name
    lines = [
        f"Dear {requester.name},",
        "",
        f"Your complaint to {authority} has been filed. Its reference is {case.reference}.",
        "",
    ]
    if case.sent_by_email_to:
        lines += [
            f"{authority} does not use this service. We are e-mailing your complaint, with a "
            f"PDF copy, to the address you gave for it: {case.sent_by_email_to}. Your case "
            "page shows when it has gone. The authority will reply to you directly, not "
            "through this service.",
            "",
        ]
    lines += [
        f"The authority should send you the outcome of its {rules_for(case.regime).review_name} "
        f"by {format_date(due.due)} "
        f"({due.basis}).",
        f"If it has not replied by {format_date(opens.due)}, you may "
        f"{regulator_for(case.regime).complaint_verb} {regulator_name(case.regime)}.",
    ]
    for warning in warnings:
        lines += ["", warning]
    lines += [
        "",
        f"Follow your complaint: {case_url(case)}",
        "",
        "A copy of your complaint as filed is attached.",
        "",
        "Review service",
    ]
    attachment = (f"{case.reference}-complaint.pdf", "application/pdf", pdf)
    queue_email(
        session,
        to=requester.email,
        subject=f"Complaint {case.reference} received",
        body="\n".join(lines),
        case=case,
        attachments=(attachment,),
    )
    if case.sent_by_email_to:
        _email_authority_not_using_service(
            session, case, due, attachment, AUTHORITY_COPY.format(case_id=case.id)
        )
    else:
        tell_authority_of_new_complaint(session, case, due)


def tell_authority_of_new_complaint(
    session: Session, case: Case, due: deadlines.Deadline | None = None
) -> int:
    """The authority's inbox for information requests (its e-mail address setting) and its
    caseworkers hear of a complaint as it arrives: no one has to watch the queue. Whoever
    entered it for the requester is not told what they did. Returns how many were told."""
    from review_service.accounts.models import Role

    authority = case.authority
    addresses = [authority.email] if authority.email else []
    addresses += session.scalars(
        select(User.email)
        .where(
            User.role == Role.CASEWORKER.value,
            User.authority_id == authority.id,
            User.is_active_account.is_(True),
            User.id != case.filed_by_id,
        )
        .order_by(User.id)
    )
    due_on = due.due if due is not None else case.review_due_on
    request = case.information_request
    body = "\n".join(
        [
            f"A new complaint about {authority.name}'s response to a request for information "
            f"has arrived: {case.reference}.",
            "",
            f"Received: {format_date(case.received_on)}",
            f"Your reference for the request: {request.authority_reference or 'not given'}",
            f"Review outcome due by: {format_date(due_on)}",
            "",
            f"Acknowledge it and assign a reviewer: {staff_case_url(case)}",
            "",
            "Review service",
        ]
    )
    told = 0
    for address in dict.fromkeys(a.lower() for a in addresses):
        queue_email(
            session,
            to=address,
            subject=f"New complaint {case.reference}: review due {format_date(due_on)}",
            body=body,
            case=case,
        )
        told += 1
    return told


def resend_complaint(session: Session, case: Case) -> None:
    """E-mail the complaint again, with its PDF, to the case's (corrected) address for an
    authority that does not use this service. Each copy has an outbox key of its own, so the
    case page follows the latest (``delivery_to_authority``)."""
    from review_service.mail.models import OutboxMessage

    key = AUTHORITY_COPY.format(case_id=case.id)
    copies = session.scalar(
        select(func.count(OutboxMessage.id)).where(
            (OutboxMessage.dedupe_key == key)
            | OutboxMessage.dedupe_key.startswith(f"{key}:", autoescape=True)
        )
    )
    attachment = (f"{case.reference}-complaint.pdf", "application/pdf", complaint_pdf(case))
    due = review_due(session, case)
    _email_authority_not_using_service(session, case, due, attachment, f"{key}:{copies}")


def _email_authority_not_using_service(
    session: Session,
    case: Case,
    due: deadlines.Deadline,
    attachment: tuple[str, str, bytes],
    dedupe_key: str,
) -> None:
    """The complaint goes to the address the requester gave, with the PDF: the authority
    answers the requester itself (it has no account here)."""
    from review_service.regulator.chronology import review_name

    requester = case.requester
    request = case.information_request
    review = review_name(case.regime)
    about = (
        f"your reference {request.authority_reference}"
        if request.authority_reference
        else "their request for information"
    )
    body = "\n".join(
        [
            f"To {case.authority.name},",
            "",
            f"This is a {rules_for(case.regime).request_for_review} of your response to {about}, "
            "made by "
            f"{requester.name}. Their complaint is attached as a PDF ({attachment[0]}).",
            "",
            f"Please reply to {requester.name} directly, at {requester.email}. Your "
            "authority does not use Review service, so nobody reads replies to this "
            "message.",
            "",
            f"By our count the outcome of the {review} is due by {format_date(due.due)} "
            f"({due.basis}).",
            "",
            f"Sent by Review service for {requester.name} (our reference {case.reference}).",
        ]
    )
    queue_email(
        session,
        to=case.sent_by_email_to,
        subject=f"{rules_for(case.regime).request_for_review.capitalize()}: "
        + (request.authority_reference or f"complaint {case.reference}"),
        body=body,
        case=case,
        attachments=(attachment,),
        dedupe_key=dedupe_key,
    )


def assigned(session: Session, case: Case, reviewer: User) -> None:
    queue_email(
        session,
        to=reviewer.email,
        subject=f"Review {case.reference} assigned to you",
        body=(
            f"Dear {reviewer.name},\n\nThe {rules_for(case.regime).review_name} {case.reference} "
            f"({case.authority.name}) has been assigned to you. It is due by "
            f"{format_date(case.review_due_on)}.\n\nReview service"
        ),
        case=case,
    )


def status_changed(session: Session, case: Case, subject: str, text: str) -> None:
    queue_email(
        session,
        to=case.requester.email,
        subject=f"{subject} ({case.reference})",
        body=f"Dear {case.requester.name},\n\n{text}\n\n{case_url(case)}\n\nReview service",
        case=case,
    )
