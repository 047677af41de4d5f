"""Regulator stage: referral, the regulator's details, decision notice, compliance, appeal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import CASEWORK_ROLES, Role, User
from review_service.cases.clocks import CaseClocks, clocks_for
from review_service.cases.models import Case
from review_service.cases.notifications import status_changed
from review_service.cases.policy import require_staff_for
from review_service.cases.services import ensure_allowed, move, require_casework
from review_service.domain import deadlines, limits
from review_service.domain.calendar import Regime
from review_service.domain.dates import long_date
from review_service.domain.lifecycle import OVERDUE_REFERRAL_STATES, CaseAction, CaseStatus
from review_service.domain.limits import too_long
from review_service.domain.regimes import rules_for
from review_service.domain.regulators import Regulator, regulator_for
from review_service.errors import Conflict, Forbidden, NotFound, ValidationFailed
from review_service.regulator.models import (
    DecisionNotice,
    DecisionNoticeFinding,
    RegulatorReferral,
    TribunalAppeal,
)
from review_service.regulator.queries import appeal_for, decision_notice_for, referral_for

DN_OUTCOMES = ("upheld", "not_upheld", "partly_upheld")
# What either appeal route can decide (each case accepts only its own route's outcomes; their
# labels are AppealRoute.outcome_labels).
APPEAL_OUTCOMES = tuple(
    dict.fromkeys(value for regime in Regime for value, _ in rules_for(regime).appeal.outcomes)
)
# How pages and e-mails name a decision notice's outcomes.
DN_OUTCOME_LABELS = {
    "upheld": "Upheld",
    "partly_upheld": "Partly upheld",
    "not_upheld": "Not upheld",
}


@dataclass(frozen=True)
class Eligibility:
    regulator: Regulator
    available: bool
    basis: str | None  # "decided" / "overdue"
    opens: deadlines.Deadline | None  # when an overdue complaint becomes possible
    window: deadlines.Deadline | None  # the regulator's time limit for complaining
    out_of_time: bool
    message: str


def _route_open(
    regulator: Regulator,
    basis: str,
    opens: deadlines.Deadline,
    window: deadlines.Deadline,
    today: dt.date,
    message: str,
) -> Eligibility:
    """The route is open on that ``basis``: ``message`` says so, or once the regulator's
    ``window`` has passed, that the complaint may be out of time."""
    late = window.is_overdue(today)
    if late:
        message = (
            f"This may be out of time: the {regulator.short_name} expects "
            f"{regulator.complaint_word}s by {long_date(window.due)}. You can still "
            f"{regulator.verb} and explain the delay."
        )
    return Eligibility(regulator, True, basis, opens, window, late, message)


def _route_closed(regulator: Regulator, opens: deadlines.Deadline, message: str) -> Eligibility:
    """The route is not open (``message`` says why or when it will be)."""
    return Eligibility(regulator, False, None, opens, None, False, message)


def eligibility(
    session: Session,
    case: Case,
    *,
    today: dt.date | None = None,
    clocks: CaseClocks | None = None,
) -> Eligibility:
    """Whether the route to the regulator is open now, and whether it may be out of time.
    ``clocks`` are the case's, when the caller already has them."""
    today = today or clock.today()
    regulator = regulator_for(case.regime)
    review = rules_for(case.regime).review_name  # EIR reg 11: the reconsideration
    clocks = clocks if clocks is not None else clocks_for(session, case)
    status = CaseStatus(case.status)
    opens = clocks.regulator_route_opens
    if status is CaseStatus.DECIDED and case.decided_on is not None:
        window = clocks.regulator_complaint_window
        assert window is not None  # decided_on is set
        return _route_open(
            regulator,
            "decided",
            opens,
            window,
            today,
            f"You can {regulator.complaint_verb} the {regulator.name} now.",
        )
    if status in OVERDUE_REFERRAL_STATES:
        if not opens.is_overdue(today):
            return _route_closed(
                regulator,
                opens,
                f"If the authority has not sent its {review} outcome by {long_date(opens.due)}, "
                f"you can {regulator.complaint_verb} the {regulator.name} from the next day.",
            )
        return _route_open(
            regulator,
            "overdue",
            opens,
            clocks.overdue_complaint_window,
            today,
            f"The {review} is overdue: you can {regulator.complaint_verb} the {regulator.name} "
            "now.",
        )
    return _route_closed(
        regulator, opens, "This case is not at a stage where it can go to the regulator."
    )


def pack_closed(case: Case) -> str | None:
    """Why the complaint pack (its answers, downloads and "when you have sent it") is no
    longer offered, or None while the case is open. A withdrawn complaint has nothing to take
    to the regulator; a closed case cannot be referred from here."""
    status = CaseStatus(case.status)
    if status.is_open:
        return None
    regulator = regulator_for(case.regime)
    when = f" on {long_date(case.closed_on)}" if case.closed_on else ""
    if status is CaseStatus.WITHDRAWN:
        return (
            f"You withdrew this complaint{when}, so there is nothing to take to the "
            f"{regulator.name} about it."
        )
    return f"This complaint was closed{when}, so it cannot go to the {regulator.name} from here."


def ensure_pack_open(case: Case) -> None:
    refusal = pack_closed(case)
    if refusal is not None:
        raise Conflict(refusal)


def outstanding_steps(session: Session, case: Case) -> DecisionNotice | None:
    """The decision notice whose ordered steps are not recorded as taken, if any."""
    notice = decision_notice_for(session, case)
    if notice is None or not notice.steps_required or notice.complied_on is not None:
        return None
    return notice


def _not_after_today(field: str, day: dt.date) -> None:
    """Refuse a date still to come: what the regulator or a court did has happened."""
    if day > clock.today():
        raise ValidationFailed({field: "The date must be today or in the past"})


def _requester_or_staff(actor: User, case: Case) -> None:
    if actor.role == Role.REQUESTER:
        if case.requester_id != actor.id:
            raise NotFound("No case with that reference.")
    else:
        require_staff_for(actor, case, *CASEWORK_ROLES)


def refer(
    session: Session,
    actor: User,
    case: Case,
    *,
    challenge_text: str = "",
    conduct_text: str = "",
    referred_on: dt.date | None = None,
    expected_version: int | None = None,
) -> RegulatorReferral:
    """Record that the requester has complained to the ICO or SIC."""
    _requester_or_staff(actor, case)
    ensure_allowed(case, CaseAction.REFER)
    today = clock.today()
    referred_on = referred_on or today
    errors: dict[str, str] = {}
    if referred_on > today:
        word = regulator_for(case.regime).complaint_word  # FOISA s.47: an application
        errors["referred_on"] = f"The date of the {word} must be today or in the past"
    for name, text in (("challenge_text", challenge_text), ("conduct_text", conduct_text)):
        if len(text) > limits.PACK_ANSWER:
            errors[name] = too_long(limits.PACK_ANSWER) + f" (now {len(text):,})"
    if errors:
        raise ValidationFailed(errors)
    status = CaseStatus(case.status)
    if status in (CaseStatus.DECIDED, *OVERDUE_REFERRAL_STATES):
        check = eligibility(session, case, today=referred_on)
        if not check.available:
            raise Conflict(check.message)
    else:
        check = None
    regulator = regulator_for(case.regime)
    referral = RegulatorReferral(
        case_id=case.id,
        regulator=regulator.code,
        basis=check.basis if check and check.basis else "decided",
        referred_on=referred_on,
        out_of_time=bool(check and check.out_of_time),
        challenge_text=challenge_text.strip(),
        conduct_text=conduct_text.strip(),
    )
    # The state machine speaks first (an invalid move raises before anything is added).
    move(
        session,
        actor,
        case,
        CaseAction.REFER,
        f"{regulator.complaint_heading} made to the {regulator.name}"
        + (" (review overdue)" if referral.basis == "overdue" else "")
        + (" — may be out of time" if referral.out_of_time else ""),
        after={
            "regulator": regulator.code,
            "basis": referral.basis,
            "referred_on": referred_on,
            "out_of_time": referral.out_of_time,
        },
        expected_version=expected_version,
    )
    session.add(referral)
    session.flush()
    return referral


def answers_locked(case: Case) -> str:
    """Why the answers cannot change once the requester has said they sent them."""
    return (
        f"You have already told us you sent your {regulator_for(case.regime).complaint_word}; "
        "your answers cannot change now."
    )


def update_pack_answers(
    session: Session,
    actor: User,
    case: Case,
    *,
    challenge_text: str,
    conduct_text: str,
    previous_reference: str = "",
) -> None:
    """Edit the requester's answers to the regulator's two questions before complaining; once
    the complaint is made (a referral is recorded) they are what was sent and cannot change."""
    _requester_or_staff(actor, case)
    ensure_pack_open(case)
    referral = referral_for(session, case)
    if referral is not None:
        raise Conflict(answers_locked(case))
    errors = {
        name: too_long(limits.PACK_ANSWER) + f" (now {len(text):,})"
        for name, text in (("challenge_text", challenge_text), ("conduct_text", conduct_text))
        if len(text) > limits.PACK_ANSWER
    }
    if len(previous_reference) > limits.REGULATOR_REFERENCE:
        errors["previous_reference"] = too_long(limits.REGULATOR_REFERENCE)
    if errors:
        raise ValidationFailed(errors)
    # The answers are the requester's own words: the audit event says which changed and how
    # long they are, never what they say (audit/services).
    before = {
        "previous_regulator_reference": case.previous_regulator_reference,
        "challenge_text_length": len(case.regulator_challenge_text),
        "conduct_text_length": len(case.regulator_conduct_text),
    }
    case.previous_regulator_reference = limits.one_line(previous_reference)
    case.regulator_challenge_text = challenge_text.strip()
    case.regulator_conduct_text = conduct_text.strip()
    from review_service.audit.services import record

    record(
        session,
        actor,
        "update_pack_answers",
        "Answers for the regulator updated",
        case=case,
        before=before,
        after={
            "previous_regulator_reference": case.previous_regulator_reference,
            "challenge_text_length": len(case.regulator_challenge_text),
            "conduct_text_length": len(case.regulator_conduct_text),
        },
    )


def record_regulator_details(
    session: Session,
    actor: User,
    case: Case,
    *,
    regulator_reference: str,
    investigation_letter_on: dt.date | None,
    submission_due_on: dt.date | None,
    expected_version: int | None = None,
) -> RegulatorReferral:
    """Staff record the regulator's case reference and the deadline its letter sets."""
    require_casework(actor, case, CaseAction.RECORD_REGULATOR_DETAILS)
    referral = referral_for(session, case)
    errors: dict[str, str] = {}
    reference = limits.one_line(regulator_reference)
    if not reference:
        errors["regulator_reference"] = "Enter the regulator's case reference"
    elif len(reference) > limits.REGULATOR_REFERENCE:
        errors["regulator_reference"] = too_long(limits.REGULATOR_REFERENCE, "Reference")
    if investigation_letter_on and investigation_letter_on > clock.today():
        errors["investigation_letter_on"] = "The date of the letter must be in the past"
    if (
        submission_due_on
        and investigation_letter_on
        and submission_due_on < investigation_letter_on
    ):
        errors["submission_due_on"] = "The response deadline must be after the date of the letter"
    if errors:
        raise ValidationFailed(errors)
    if referral is None:
        raise Conflict("This case has not been referred to the regulator.")
    before = {
        "regulator_reference": referral.regulator_reference,
        "investigation_letter_on": referral.investigation_letter_on,
        "submission_due_on": referral.submission_due_on,
    }
    referral.regulator_reference = reference
    referral.investigation_letter_on = investigation_letter_on
    referral.submission_due_on = submission_due_on
    move(
        session,
        actor,
        case,
        CaseAction.RECORD_REGULATOR_DETAILS,
        f"Regulator's reference {reference} recorded",
        before=before,
        after={
            "regulator_reference": reference,
            "investigation_letter_on": investigation_letter_on,
            "submission_due_on": submission_due_on,
        },
        expected_version=expected_version,
    )
    return referral


@dataclass(frozen=True)
class DecisionNoticeInput:
    kind: str  # "decision_notice" or "informal_resolution"
    issued_on: dt.date | None
    reference: str = ""
    findings: tuple[tuple[str, str], ...] = ()  # (provision, outcome)
    steps_required: str = ""
    compliance_days: int | None = None  # default: the regulator's usual period, when steps


def record_decision_notice(
    session: Session,
    actor: User,
    case: Case,
    command: DecisionNoticeInput,
    *,
    expected_version: int | None = None,
) -> DecisionNotice:
    require_casework(actor, case, CaseAction.RECORD_DECISION_NOTICE)
    errors: dict[str, str] = {}
    route, regulator = rules_for(case.regime).appeal, regulator_for(case.regime)
    if command.kind not in ("decision_notice", "informal_resolution"):
        errors["kind"] = f"Select a {route.decision_name} or an informal resolution"
    if command.issued_on is None:
        errors["issued_on"] = "Enter the date the decision was sent"
    elif command.issued_on > clock.today():
        errors["issued_on"] = "The date must be today or in the past"
    reference = limits.one_line(command.reference)
    if command.kind == "decision_notice" and not reference:
        errors["reference"] = (
            f"Enter the {route.decision_name} reference, for example "
            f"{regulator.decision_reference_example}"
        )
    if len(reference) > limits.REGULATOR_REFERENCE:
        errors["reference"] = too_long(limits.REGULATOR_REFERENCE, "Reference")
    for i, (provision, outcome) in enumerate(command.findings):
        if outcome not in DN_OUTCOMES:
            errors[f"findings-{i}"] = f"Select an outcome for {provision}"
    appeal = rules_for(case.regime).appeal
    if command.compliance_days is not None and not 1 <= command.compliance_days <= 365:
        errors["compliance_days"] = "Enter a compliance period between 1 and 365 days"
    elif command.compliance_days is not None and command.compliance_days < appeal.days:
        # FOIA s.50(6) / FOISA s.49(7): the steps cannot fall due while an appeal can be made.
        errors["compliance_days"] = (
            f"The period for the steps must be at least {appeal.days} days: it cannot end "
            f"before the time for appealing to the {appeal.short_court} does "
            f"({appeal.compliance_basis})"
        )
    if len(command.steps_required) > limits.STEPS_REQUIRED:
        errors["steps_required"] = too_long(limits.STEPS_REQUIRED)
    if errors:
        raise ValidationFailed(errors)
    assert command.issued_on is not None
    steps = command.steps_required.strip()
    is_dn = command.kind == "decision_notice"
    compliance_days = command.compliance_days or (appeal.default_compliance_days if steps else None)
    notice = DecisionNotice(
        case_id=case.id,
        kind=command.kind,
        reference=reference,
        issued_on=command.issued_on,
        steps_required=steps,
        compliance_days=compliance_days if steps else None,
        compliance_due_on=(
            deadlines.decision_notice_compliance(
                command.issued_on, compliance_days, regime=case.regime
            ).due
            if steps and compliance_days
            else None
        ),
        # Only a decision (notice) is appealable: to the First-tier Tribunal within 28 days of
        # its being sent (FOIA s.57, GRC Rules 2009 r.22(1)(b)), or for FOISA to the Court of
        # Session on a point of law within 42 days (FOISA s.56).
        appeal_due_on=(
            deadlines.regulator_decision_appeal(case.regime, command.issued_on).due
            if is_dn
            else None
        ),
    )
    for provision, outcome in command.findings:
        notice.findings.append(DecisionNoticeFinding(provision=provision, outcome=outcome))
    label = f"{route.decision_name.capitalize()} {reference}" if is_dn else "Informal resolution"
    move(
        session,
        actor,
        case,
        CaseAction.RECORD_DECISION_NOTICE,
        f"{label} recorded (dated {long_date(command.issued_on)})",
        after={
            "kind": command.kind,
            "reference": reference,
            "issued_on": command.issued_on,
            "compliance_due_on": notice.compliance_due_on,
            "appeal_due_on": notice.appeal_due_on,
            "findings": [list(f) for f in command.findings],
        },
        expected_version=expected_version,
    )
    session.add(notice)
    session.flush()
    status_changed(
        session,
        case,
        "The regulator has decided",
        f"{label} has been recorded for your complaint {case.reference}."
        + (
            f" Either party may appeal to the {appeal.court} {appeal.scope} by "
            f"{long_date(notice.appeal_due_on)}."
            if notice.appeal_due_on
            else ""
        ),
    )
    return notice


def record_compliance(
    session: Session,
    actor: User,
    case: Case,
    *,
    complied_on: dt.date,
    expected_version: int | None = None,
) -> None:
    require_casework(actor, case, CaseAction.RECORD_COMPLIANCE)
    notice = decision_notice_for(session, case)
    _not_after_today("complied_on", complied_on)
    if notice is None:
        raise Conflict("No decision notice has been recorded.")
    if not notice.steps_required:
        raise Conflict("The decision does not require any steps.")
    if complied_on < notice.issued_on:
        raise ValidationFailed({"complied_on": "The date must be on or after the decision notice"})
    notice.complied_on = complied_on
    late = notice.compliance_due_on is not None and complied_on > notice.compliance_due_on
    move(
        session,
        actor,
        case,
        CaseAction.RECORD_COMPLIANCE,
        f"Steps complied with on {long_date(complied_on)}" + (" (late)" if late else ""),
        after={"complied_on": complied_on, "late": late},
        expected_version=expected_version,
    )


def appeal(
    session: Session,
    actor: User,
    case: Case,
    *,
    appellant: str,
    lodged_on: dt.date,
    tribunal_reference: str = "",
    expected_version: int | None = None,
) -> TribunalAppeal:
    """Either party appeals the regulator's decision: a decision notice to the First-tier
    Tribunal (FOIA s.57; EIR reg 18), a Scottish Information Commissioner's decision to the Court
    of Session on a point of law (FOISA s.56)."""
    route = rules_for(case.regime).appeal
    _requester_or_staff(actor, case)
    ensure_allowed(case, CaseAction.APPEAL)
    if appellant not in ("requester", "authority"):
        raise ValidationFailed({"appellant": "Select who is appealing"})
    if actor.role == Role.REQUESTER and appellant != "requester":
        raise Forbidden("You can only record your own appeal.")
    _not_after_today("lodged_on", lodged_on)
    if len(tribunal_reference) > limits.REGULATOR_REFERENCE:
        raise ValidationFailed({"tribunal_reference": too_long(limits.REGULATOR_REFERENCE)})
    notice = decision_notice_for(session, case)
    if notice is not None and notice.kind != "decision_notice":
        raise Conflict(
            f"Only a {route.decision_name} can be appealed; this case was resolved informally."
        )
    if notice is not None and lodged_on < notice.issued_on:
        raise ValidationFailed({"lodged_on": "The appeal must be on or after the decision notice"})
    late = bool(notice and notice.appeal_due_on and lodged_on > notice.appeal_due_on)
    record_ = TribunalAppeal(
        case_id=case.id,
        appellant=appellant,
        lodged_on=lodged_on,
        late=late,
        tribunal_reference=limits.one_line(tribunal_reference),
        decision_notice_id=notice.id if notice else None,
    )
    move(
        session,
        actor,
        case,
        CaseAction.APPEAL,
        f"Appeal to the {route.court} lodged by the {appellant}"
        + (f" (after the {route.days}-day limit: {route.late_consequence})" if late else ""),
        after={"appellant": appellant, "lodged_on": lodged_on, "late": late},
        expected_version=expected_version,
    )
    session.add(record_)
    session.flush()
    if actor.id != case.requester_id:  # the requester needs no news of what they did
        court = route.court
        who = "You have" if appellant == "requester" else f"{case.authority.name} has"
        status_changed(
            session,
            case,
            f"The decision has been appealed to the {court}",
            f"{who} appealed the decision on your complaint {case.reference} to the {court} "
            f"(lodged {long_date(lodged_on)}). The {court} will write to both parties about "
            "what happens next.",
        )
    return record_


def record_tribunal_outcome(
    session: Session,
    actor: User,
    case: Case,
    *,
    outcome: str,
    outcome_on: dt.date,
    expected_version: int | None = None,
) -> None:
    require_casework(actor, case, CaseAction.RECORD_TRIBUNAL_OUTCOME)
    route = rules_for(case.regime).appeal
    if outcome not in route.outcome_labels:
        raise ValidationFailed({"outcome": f"Select the {route.short_court}'s decision"})
    _not_after_today("outcome_on", outcome_on)
    record_ = appeal_for(session, case)
    if record_ is None:
        raise Conflict("No appeal has been lodged.")
    if outcome_on < record_.lodged_on:
        raise ValidationFailed({"outcome_on": "The decision must be on or after the appeal"})
    record_.outcome = outcome
    record_.outcome_on = outcome_on
    move(
        session,
        actor,
        case,
        CaseAction.RECORD_TRIBUNAL_OUTCOME,
        f"{route.short_court} decision: {route.outcome_labels[outcome].lower()}",
        after={"outcome": outcome, "outcome_on": outcome_on},
        expected_version=expected_version,
    )
    court = route.court
    status_changed(
        session,
        case,
        f"The {court} has decided the appeal",
        f"The {court} decided the appeal about your complaint {case.reference} on "
        f"{long_date(outcome_on)}: {route.outcome_labels[outcome].lower()}.",
    )
