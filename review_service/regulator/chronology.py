"""The case's dated events, oldest first, with the working-day counts a regulator looks at.

Working days are counted on the case's own calendar (FOIA s.10(6) and EIR: bank holidays in any
part of the UK; FOISA s.73: Scottish ones), with the authority's holiday overrides. The receipt
date is day 0, so "27 working days after the request for review" means the event fell on the
27th working day. Calendar-day clocks (the regulator's six weeks, a decision notice's periods)
are given in calendar days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_service.audit.models import AuditEvent
from review_service.cases.models import Case
from review_service.cases.policy import working_day_calendar
from review_service.documents.models import Document
from review_service.documents.services import current_documents
from review_service.domain.calendar import HolidayOverride, Regime, WorkingDayCalendar, calendar_for
from review_service.domain.kinds import LetterKind
from review_service.domain.regimes import rules_for
from review_service.domain.regulators import regulator_for
from review_service.domain.review import ReviewOutcome
from review_service.letters.models import Letter
from review_service.regulator.models import DecisionNotice, RegulatorReferral, TribunalAppeal
from review_service.regulator.pack_pdf import ChronologyEntry
from review_service.regulator.queries import referral_for

# FOIA s.10(1), EIR reg 5(2), FOISA s.10(1): 20 working days to answer a request.
RESPONSE_WORKING_DAYS = 20

# Documents that are already events of their own in the chronology.
_DOCUMENT_KINDS_WITH_EVENTS = frozenset({"request", "response", "review_request", "review_outcome"})


def case_calendar(
    session: Session, case: Case, *, overrides: Iterable[HolidayOverride] | None = None
) -> WorkingDayCalendar:
    """The case's working-day calendar; ``overrides`` are its regime's holiday overrides when
    the caller has already read them (``CaseClocks.overrides``)."""
    if overrides is None:
        return working_day_calendar(session, case.regime)
    return calendar_for(case.regime, tuple(overrides))


def working_days(count: int) -> str:
    return f"{count} working day{'' if count == 1 else 's'}"


def calendar_days(count: int) -> str:
    return f"{count} calendar day{'' if count == 1 else 's'}"


def review_name(regime: Regime | str) -> str:
    """What the law calls the review: EIR reg 11 'reconsideration', FOISA s.20 'review'."""
    return rules_for(regime).review_name


def review_limit(case: Case) -> tuple[int, str]:
    """The working days the review may take, and the rule that says so."""
    return rules_for(case.regime).review_limit(extended=case.extended)


def response_rule(regime: Regime | str) -> str:
    return rules_for(regime).response_basis


def build_chronology(
    session: Session,
    case: Case,
    *,
    today: dt.date,
    include_deadlines: bool = True,
    letters: Iterable[Letter] | None = None,
    documents: Iterable[Document] | None = None,
    referrals: Iterable[RegulatorReferral] | None = None,
    overrides: Iterable[HolidayOverride] | None = None,
) -> tuple[ChronologyEntry, ...]:
    """Every dated event in the case, with the counts that matter, in date order.

    ``include_deadlines`` adds the dates by which something was due (the review outcome, the
    regulator's response deadline, a notice's compliance and appeal dates) next to what happened.
    ``letters`` (the latest version of each kind) and ``documents`` (the current ones) are the
    case's, when the caller has already read them; so are ``referrals`` (its referral to the
    regulator: none or one) and ``overrides`` (its regime's holiday overrides).
    """
    calendar = case_calendar(session, case, overrides=overrides)
    regime = Regime(case.regime)
    regulator = regulator_for(regime)
    request = case.information_request
    notice = case.refusal_notice
    review = review_name(regime)
    request_for = rules_for(regime).request_for_review  # FOISA s.20: a requirement for review
    route = rules_for(regime).appeal
    entries: list[ChronologyEntry] = []

    def add(day: dt.date | None, event: str, note: str = "") -> None:
        if day is not None:
            entries.append(ChronologyEntry(day, event, note))

    # The request and the response.
    add(
        request.sent_on,
        "Request for information sent to "
        + case.authority.name
        + (f" (reference {request.authority_reference})" if request.authority_reference else ""),
    )
    if notice.no_response:
        if request.sent_on is not None:
            due = calendar.add_working_days(request.sent_on, RESPONSE_WORKING_DAYS)
            add(
                due,
                "Response due; none was received",
                f"{working_days(RESPONSE_WORKING_DAYS)} after the request "
                f"({response_rule(regime)})",
            )
    elif notice.issued_on is not None:
        provisions = ", ".join(
            p.provision + (" (neither confirm nor deny)" if p.ncnd else "")
            for p in notice.provisions
        )
        note = ""
        if request.sent_on is not None:
            count = calendar.working_days_between(request.sent_on, notice.issued_on)
            note = f"{working_days(count)} after the request"
            if count > RESPONSE_WORKING_DAYS:
                note += (
                    f", beyond the {working_days(RESPONSE_WORKING_DAYS)} "
                    f"{response_rule(regime)} allows"
                )
        add(
            notice.issued_on,
            "Response" + (f" relying on {provisions}" if provisions else ""),
            note,
        )

    # The review.
    note = ""
    if notice.issued_on is not None and not notice.no_response:
        count = calendar.working_days_between(notice.issued_on, case.received_on)
        note = f"{working_days(count)} after the response"
    add(case.received_on, f"{request_for.capitalize()} received", note)
    if case.acknowledged_on is not None:
        count = calendar.working_days_between(case.received_on, case.acknowledged_on)
        add(
            case.acknowledged_on,
            f"{request_for.capitalize()} acknowledged",
            f"{working_days(count)} after the {request_for}" if count else "the same day",
        )
    extension = _first_event(session, case, "extend")
    if extension is not None:
        add(
            extension,
            f"The {review} was extended",
            case.extension_reason,
        )
    limit, rule = review_limit(case)
    # A due date met by what it asked for, or ended before it came, no longer applies (issue 12
    # item 11); one that was missed stays, beside the late event.
    answered_on = case.decided_on or case.closed_on
    if include_deadlines and _still_applies(case.review_due_on, answered_on):
        add(
            case.review_due_on,
            f"{review.capitalize()} outcome due",
            f"{working_days(limit)} after the {request_for}",
        )
    if case.decided_on is not None:
        count = calendar.working_days_between(case.received_on, case.decided_on)
        outcome = ReviewOutcome(case.outcome).label.lower() if case.outcome else "decided"
        note = f"{working_days(count)} after the {request_for}"
        if count > limit:
            note += f", beyond the {working_days(limit)} {rule}"
        add(case.decided_on, f"{review.capitalize()} outcome: {outcome}", note)
    elif case.status in ("received", "in_review") and today > case.received_on:
        count = calendar.working_days_between(case.received_on, today)
        add(
            today,
            f"No {review} outcome yet",
            f"{working_days(count)} after the {request_for}",
        )

    # Correspondence the case holds that is not one of the events above.
    for letter in _letters(session, case, letters):
        if letter.kind in (LetterKind.ACKNOWLEDGEMENT, LetterKind.OUTCOME):
            continue
        add(letter.letter_date, f"Letter from the authority: {letter.title}")
    for document in documents if documents is not None else _documents(session, case):
        if document.kind not in _DOCUMENT_KINDS_WITH_EVENTS:
            add(document.dated, f"Correspondence: {document.title}")

    # The regulator.
    referral = referral_for(session, case) if referrals is None else next(iter(referrals), None)
    if referral is not None:
        after = case.decided_on
        note = ""
        if after is not None and referral.basis == "decided":
            days = (referral.referred_on - after).days
            note = f"{calendar_days(days)} after the {review} outcome"
        elif referral.basis == "overdue":
            count = calendar.working_days_between(case.received_on, referral.referred_on)
            note = f"No {review} outcome {working_days(count)} after the {request_for}"
        if referral.out_of_time:
            note += "; may be out of time"
        add(
            referral.referred_on,
            f"{regulator.complaint_heading} made to the {regulator.name}",
            note.lstrip("; "),
        )
        if referral.investigation_letter_on is not None:
            reference = (
                f" (reference {referral.regulator_reference})"
                if referral.regulator_reference
                else ""
            )
            add(
                referral.investigation_letter_on,
                f"The {regulator.short_name} wrote to the authority to investigate{reference}",
                f"{calendar_days((referral.investigation_letter_on - referral.referred_on).days)}"
                " after the complaint",
            )
        if include_deadlines and referral.submission_due_on is not None:
            note = ""
            if referral.investigation_letter_on is not None:
                count = calendar.working_days_between(
                    referral.investigation_letter_on, referral.submission_due_on
                )
                note = f"{working_days(count)} after the investigation letter"
            add(referral.submission_due_on, "The authority's submission due", note)

    dn = session.scalar(select(DecisionNotice).where(DecisionNotice.case_id == case.id))
    appeal = session.scalar(select(TribunalAppeal).where(TribunalAppeal.case_id == case.id))
    if dn is not None:
        if dn.kind == "decision_notice":
            findings = "; ".join(
                f"{f.provision}: {f.outcome.replace('_', ' ')}" for f in dn.findings
            )
            add(
                dn.issued_on,
                f"{route.decision_name.capitalize()} {dn.reference} sent",
                findings,
            )
        else:
            add(dn.issued_on, f"Complaint resolved informally by the {regulator.short_name}")
        if (
            include_deadlines
            and dn.compliance_due_on is not None
            and _still_applies(dn.compliance_due_on, dn.complied_on)
        ):
            add(
                dn.compliance_due_on,
                f"Steps in the {route.decision_name} due",
                f"{calendar_days(dn.compliance_days or 0)} after the {route.decision_name}",
            )
        if dn.complied_on is not None:
            note = f"{calendar_days((dn.complied_on - dn.issued_on).days)} after the notice"
            if dn.compliance_due_on is not None and dn.complied_on > dn.compliance_due_on:
                note += ", after the date it set"
            add(dn.complied_on, f"The authority complied with the {route.decision_name}", note)
        if (
            include_deadlines
            and dn.appeal_due_on is not None
            and _still_applies(dn.appeal_due_on, appeal.lodged_on if appeal else None)
        ):
            add(
                dn.appeal_due_on,
                f"Last day for an appeal to the {route.court}",
                f"{calendar_days(route.days)} after the {route.decision_name} ({route.basis})",
            )

    if appeal is not None:
        note = ""
        if dn is not None:
            note = f"{calendar_days((appeal.lodged_on - dn.issued_on).days)} after the decision"
            if appeal.late:
                note += f", after the {route.days}-day limit"
        add(appeal.lodged_on, f"Appeal to the {route.court} by the {appeal.appellant}", note)
        if appeal.outcome and appeal.outcome_on is not None:
            label = route.outcome_labels.get(appeal.outcome, appeal.outcome)
            add(appeal.outcome_on, f"{route.short_court} decision: {label.lower()}")

    if case.closed_on is not None:
        add(case.closed_on, "Case closed" if case.status == "closed" else "Complaint withdrawn",
            case.closure_reason)  # fmt: skip

    # A stable sort keeps same-day events in the order they happen in the story above.
    return tuple(sorted(entries, key=lambda entry: entry.day))


def _still_applies(due: dt.date, done_on: dt.date | None) -> bool:
    """A due date belongs in the story until what it asked for is done, and after that only
    if it was missed."""
    return done_on is None or done_on > due


def _letters(session: Session, case: Case, known: Iterable[Letter] | None) -> list[Letter]:
    # Only the latest version of each kind: a correction replaces the earlier letter.
    latest: dict[str, Letter] = {}
    if known is not None:
        latest = {letter.kind: letter for letter in known}
    else:
        for letter in session.scalars(
            select(Letter).where(Letter.case_id == case.id).order_by(Letter.version)
        ):
            latest[letter.kind] = letter
    return sorted(latest.values(), key=lambda letter: (letter.letter_date, letter.id))


def _documents(session: Session, case: Case) -> list[Document]:
    return list(session.scalars(current_documents(case.id).order_by(Document.id)))


def _first_event(session: Session, case: Case, action: str) -> dt.date | None:
    from review_service.clock import UK

    at = session.scalar(
        select(AuditEvent.at)
        .where(AuditEvent.case_id == case.id, AuditEvent.action == action)
        .order_by(AuditEvent.at, AuditEvent.id)
        .limit(1)
    )
    return at.astimezone(UK).date() if at is not None else None
