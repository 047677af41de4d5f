"""Use cases for the internal review stage: file, acknowledge, assign, extend, withdraw, close.

Every function takes the session and the actor explicitly, checks the state machine and the
actor's rights, changes the models, and writes exactly one audit event (plus any outbox
e-mail) in the same transaction. The caller commits once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated

from annotated_types import Interval, MaxLen, MinLen
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import CASEWORK_ROLES, Authority, Role, User
from review_service.accounts.services import checked_email
from review_service.accounts.sessions import end_every_session
from review_service.audit.services import record
from review_service.cases.clocks import CaseClocks, review_due
from review_service.cases.models import (
    Case,
    CitedProvision,
    Ground,
    InformationRequest,
    RefusalNotice,
)
from review_service.cases.policy import (
    authority_policy,
    holiday_overrides,
    require_role,
    require_staff_for,
    staff_scope_allows,
)
from review_service.db import utcnow
from review_service.domain import deadlines, limits
from review_service.domain.calendar import Regime, SupportedDate
from review_service.domain.dates import long_date, weekday_date
from review_service.domain.exemptions import is_absolute, lookup
from review_service.domain.lifecycle import (
    REQUESTER_WITHDRAWAL_STATES,
    CaseAction,
    CaseStatus,
    next_status,
)
from review_service.domain.limits import too_long
from review_service.domain.regimes import RegimeRules, rules_for
from review_service.domain.review import GroundKind
from review_service.errors import Conflict, Forbidden, NotFound, StaleCase, ValidationFailed

WITHDRAWN_BY_REQUESTER = "Withdrawn by the requester"  # the reason when none is given


# The command types: the API reads its request bodies as these (api/bodies.py), so each field's
# type, limits and default are the API's too.
Name = Annotated[str, MaxLen(limits.NAME)]
Email = Annotated[str, MaxLen(limits.EMAIL)]
Provision = Annotated[str, MinLen(1), MaxLen(limits.PROVISION)]
GroundText = Annotated[str, MaxLen(limits.GROUND_TEXT)]


@dataclass(frozen=True)
class ProvisionInput:
    provision: Provision  # "s.24(2)" / "reg 12(5)(b)"
    ncnd: bool = False


@dataclass(frozen=True)
class GroundInput:
    kind: GroundKind | str
    requester_text: GroundText = ""
    # for kind == provision: which provision it challenges
    provision: Annotated[str, MaxLen(limits.PROVISION)] | None = None


@dataclass(frozen=True)
class FileCase:
    regime: Regime | str
    grounds: Annotated[tuple[GroundInput, ...], MaxLen(limits.ITEMS)]
    authority_id: int | None = None
    other_authority_name: Name = ""
    # For an authority not using this service: where it takes requests for information. The
    # complaint is e-mailed there.
    other_authority_email: Email = ""
    request_reference: Annotated[str, MaxLen(limits.REQUEST_REFERENCE)] = ""
    request_sent_on: SupportedDate | None = None
    # When the authority received the request; needed under FOISA (s.10(1), s.20(5)).
    request_received_on: SupportedDate | None = None
    request_text: Annotated[str, MaxLen(limits.REQUEST_TEXT)] = ""
    no_response: bool = False
    response_date: SupportedDate | None = None
    response_text: Annotated[str, MaxLen(limits.RESPONSE_TEXT)] = ""
    review_window_working_days: Annotated[int, Interval(ge=1, le=limits.PERIOD_DAYS)] | None = None
    provisions: Annotated[tuple[ProvisionInput, ...], MaxLen(limits.ITEMS)] = ()
    received_on: SupportedDate | None = None  # default: today (staff may enter a postal date)
    requester_email: Email = ""  # staff filing on someone's behalf
    requester_name: Name = ""
    acting_for_someone_else: bool = False
    previous_regulator_reference: Annotated[str, MaxLen(limits.REGULATOR_REFERENCE)] = ""
    late_request_reasons: GroundText = ""  # kept only when the request for review is late


@dataclass(frozen=True)
class FiledCase:
    case: Case
    late_request: bool
    warnings: tuple[str, ...] = field(default_factory=tuple)


def check_version(case: Case, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != case.version:
        raise StaleCase()


def ensure_allowed(case: Case, action: CaseAction) -> None:
    """Refuse an action the state machine does not allow, before any other check."""
    next_status(case.status, action)


def require_casework(actor: User, case: Case, action: CaseAction) -> None:
    """Refuse anyone but a caseworker or administrator of the case's authority, then an action
    the state machine does not allow."""
    require_staff_for(actor, case, *CASEWORK_ROLES)
    ensure_allowed(case, action)


def move(
    session: Session,
    actor: User,
    case: Case,
    action: CaseAction,
    summary: str,
    *,
    before: Mapping[str, object] | None = None,
    after: Mapping[str, object] | None = None,
    expected_version: int | None = None,
    visible_to_requester: bool = True,
) -> None:
    """Apply one lifecycle action: state machine, status change and its audit event.

    Every action bumps the case version, even one that changes no column of the case (the
    regulator's details, compliance, a tribunal outcome, the same decision-maker again): two
    requests made against the same version cannot then both succeed, whatever they change.
    """
    check_version(case, expected_version)
    old = CaseStatus(case.status)
    new = next_status(old, action)
    case.status = new.value
    case.updated_at = utcnow()
    record(
        session,
        actor,
        action.value,
        summary,
        case=case,
        before={"status": old.value, **(before or {})},
        after={"status": new.value, **(after or {})},
        visible_to_requester=visible_to_requester,
    )
    session.flush()


# The stages that run on the review clock, whose stored due date a holiday change can move.
REVIEW_CLOCK_STATES = (CaseStatus.RECEIVED, CaseStatus.IN_REVIEW)


def recount_review_deadlines(
    session: Session, actor: User, day: dt.date, regime: str | None, why: str
) -> int:
    """After a bank-holiday change on `day` (for one regime, or every regime when None), move
    the stored review due date of each case still on the review clock, so the queue, the pages,
    the API and the e-mails keep counting on the one calendar. Each move is audited on its case.
    Returns how many cases moved."""
    regimes = [Regime(regime)] if regime else list(Regime)
    moved = 0
    for each in regimes:
        overrides = holiday_overrides(session, each)
        affected = session.scalars(
            select(Case)
            .where(
                Case.regime == each.value,
                Case.status.in_([s.value for s in REVIEW_CLOCK_STATES]),
                Case.received_on < day,
            )
            .order_by(Case.id)
        ).all()
        for case in affected:
            due = CaseClocks(session, case, overrides=overrides).review_due.due
            if due == case.review_due_on:
                continue
            before = case.review_due_on
            case.review_due_on = due
            record(
                session,
                actor,
                "review_due_recounted",
                f"Review due date moved from {long_date(before)} to {long_date(due)}: {why}",
                case=case,
                before={"review_due_on": before},
                after={"review_due_on": due},
            )
            moved += 1
    return moved


def uses_service(authority: Authority) -> bool:
    """Whether the authority works its complaints here (listed for requesters to choose).

    Any other authority gets the complaint by e-mail, at the address the requester gives."""
    return authority.is_listed


def _resolve_authority(session: Session, actor: User, command: FileCase) -> tuple[Authority, str]:
    """The authority complained to, and the address the complaint is e-mailed to when the
    authority does not use this service ("" when it does)."""
    if command.authority_id is not None:
        authority = session.get(Authority, command.authority_id)
        if authority is None:
            raise ValidationFailed({"authority": "Select the authority you complained to"})
        return authority, ""
    name = " ".join(command.other_authority_name.split())
    if not name:
        raise ValidationFailed({"authority": "Select the authority or enter its name"})
    if len(name) > limits.NAME:
        raise ValidationFailed({"authority": too_long(limits.NAME, "Authority name")})
    authority = session.scalar(select(Authority).where(func.lower(Authority.name) == name.lower()))
    if authority is not None and uses_service(authority):
        return authority, ""
    address = checked_email(
        command.other_authority_email,
        "other_authority_email",
        missing="Enter the e-mail address the authority gives for information requests",
    )
    if authority is None:
        # Kept unlisted until an administrator sets it up or merges it into another.
        authority = Authority(
            name=name, regime=str(Regime(command.regime)), email=address, is_listed=False
        )
        session.add(authority)
        session.flush()
    return authority, address


def _resolve_requester(session: Session, actor: User, command: FileCase) -> User:
    if actor.role == Role.REQUESTER:
        return actor
    require_role(actor, *CASEWORK_ROLES)
    email = checked_email(
        command.requester_email,
        "requester_email",
        missing="Enter the requester's e-mail address",
    )
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        name = command.requester_name.strip()
        if not name:
            raise ValidationFailed({"requester_name": "Enter the requester's name"})
        user = User(email=email, name=name, role=Role.REQUESTER.value, password_hash=None)
        session.add(user)
        session.flush()
    elif user.role != Role.REQUESTER:
        raise ValidationFailed(
            {"requester_email": "That e-mail address belongs to a staff account"}
        )
    elif user.email_confirmed_at is None and user.password_hash is not None:
        # Someone registered this address but never proved it is theirs: that password must
        # not open a complaint filed for the address's owner. The owner claims it by link.
        user.password_hash = None
        end_every_session(user)
    return user


def _validate_file(command: FileCase, received_on: dt.date, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        rules: RegimeRules | None = rules_for(command.regime)
    except ValueError:
        rules = None
        errors["regime"] = "Select which law the request was made under"
    if received_on > today:
        errors["received_on"] = "The date the complaint was received must be today or in the past"
    sent_on, request_received_on = command.request_sent_on, command.request_received_on
    if sent_on and sent_on > received_on:
        errors["request_sent_on"] = "The date you sent your request must be in the past"
    if request_received_on is None:
        if rules is not None and rules.needs_request_receipt_date:
            # FOISA s.20(5): the time to require a review runs from the end of the authority's
            # 20 working days, which start when it received the request (s.10(1)).
            errors["request_received_on"] = "Enter the date the authority received your request"
    elif request_received_on > received_on:
        errors["request_received_on"] = (
            "The date the authority received your request must be in the past"
        )
    elif sent_on and request_received_on < sent_on:
        errors["request_received_on"] = (
            "The date the authority received your request must be the same as or after the "
            "date you sent it"
        )
    earliest = request_received_on or sent_on
    if not command.no_response:
        if command.response_date is None:
            errors["response_date"] = "Enter the date of the response"
        elif command.response_date > received_on:
            errors["response_date"] = "The date of the response must be in the past"
        elif earliest and command.response_date < earliest:
            errors["response_date"] = (
                "The date of the response must be the same as or after the date of the request"
            )
    for name, value, limit in (
        ("previous_regulator_reference", command.previous_regulator_reference, 60),
        ("requester_name", command.requester_name, 200),
        ("requester_email", command.requester_email, 254),
        ("request_text", command.request_text, limits.REQUEST_TEXT),
        ("response_text", command.response_text, 200_000),
        ("request_reference", command.request_reference, 100),
        ("late_request_reasons", command.late_request_reasons, limits.GROUND_TEXT),
    ):
        if len(value) > limit:
            errors[name] = too_long(limit)
    if not command.grounds:
        errors["grounds"] = "Select at least one reason you are unhappy with the response"
    provisions = {p.provision for p in command.provisions}
    for i, ground in enumerate(command.grounds):
        try:
            kind = GroundKind(ground.kind)
        except ValueError:
            errors[f"grounds-{i}"] = "Select a reason from the list"
            continue
        if kind is GroundKind.PROVISION and ground.provision not in provisions:
            errors[f"grounds-{i}"] = "Choose one of the provisions the authority relied on"
        if len(ground.requester_text) > limits.GROUND_TEXT:
            errors[f"grounds-{i}"] = too_long(limits.GROUND_TEXT)
        if kind is GroundKind.OTHER and not ground.requester_text.strip():
            errors[f"grounds-{i}"] = "Tell us what else you are unhappy about"
    return errors


@dataclass(frozen=True)
class LateReviewRequest:
    """A request for review made after the window for asking: the window, with its dates and
    basis, and whether the authority refuses late requests (a FOIA policy, s.45 Code)."""

    window: deadlines.Deadline
    refused: bool

    @property
    def last_day(self) -> str:
        return weekday_date(self.window.due)

    @property
    def warning(self) -> str:
        return (
            f"This request for review is late: the last day for asking was {self.last_day} "
            f"({self.window.basis}). The authority may still review the response, but it "
            "does not have to."
        )

    def refusal(self, authority_name: str) -> str:
        return (
            f"{authority_name} does not accept late requests for review. The last day was "
            f"{self.last_day}: {self.window.basis}"
        )


def late_review_request(
    session: Session,
    authority: Authority | None,
    command: FileCase,
    received_on: dt.date,
) -> LateReviewRequest | None:
    """Whether a complaint received on ``received_on`` asks for a review after the window, as
    file_case decides it and as "Check your answers" says it before sending. ``authority``
    None: one not known yet (added by the requester), with the default policy."""
    try:
        regime = Regime(command.regime)
    except ValueError:
        return None
    if command.response_date is None and not rules_for(regime).needs_request_receipt_date:
        return None
    policy = authority_policy(authority) if authority is not None else deadlines.AuthorityPolicy()
    try:
        timing = deadlines.review_request_timing(
            regime,
            command.response_date,
            received_on,
            request_received_on=command.request_received_on,
            policy=policy,
            overrides=holiday_overrides(session, regime),
        )
    except deadlines.DeadlineError:
        return None
    if not timing.late:
        return None
    return LateReviewRequest(timing.window, refused=not timing.accepted)


def file_case(
    session: Session, actor: User, command: FileCase, *, today: dt.date | None = None
) -> FiledCase:
    """A requester (for themselves) or a caseworker (for anyone) files a complaint."""
    today = today or clock.today()
    if not actor.has_role(Role.REQUESTER, Role.CASEWORKER, Role.ADMIN):
        raise Forbidden("Reviewers cannot file complaints.")
    if actor.role == Role.REQUESTER and command.received_on not in (None, today):
        raise ValidationFailed({"received_on": "A complaint filed online is received today"})
    received_on = command.received_on or today
    errors = _validate_file(command, received_on, today)
    if errors:
        raise ValidationFailed(errors)
    regime = Regime(command.regime)
    authority, sent_by_email_to = _resolve_authority(session, actor, command)
    if sent_by_email_to:
        require_authority_email_allowance(session, actor, "other_authority_email")
    if actor.is_staff and not staff_scope_allows(actor, authority.id):
        raise Forbidden("You can only enter complaints for your own authority.")
    requester = _resolve_requester(session, actor, command)
    policy = authority_policy(authority)
    overrides = holiday_overrides(session, regime)

    warnings: list[str] = []
    lateness = late_review_request(session, authority, command, received_on)
    late = lateness is not None
    if lateness is not None:
        if lateness.refused:
            field = "response_date" if command.response_date else "request_received_on"
            raise ValidationFailed({field: lateness.refusal(authority.name)})
        warnings.append(lateness.warning)
    request = InformationRequest(
        authority_id=authority.id,
        requester_id=requester.id,
        authority_reference=limits.one_line(command.request_reference),
        sent_on=command.request_sent_on,
        received_on=command.request_received_on,
        text=command.request_text.strip(),
    )
    session.add(request)
    session.flush()
    notice = RefusalNotice(
        information_request_id=request.id,
        no_response=command.no_response,
        issued_on=None if command.no_response else command.response_date,
        text=command.response_text,
        review_window_working_days=command.review_window_working_days,
    )
    seen: dict[str, CitedProvision] = {}
    for position, item in enumerate(command.provisions):
        entry = lookup(regime, item.provision)
        if entry is None:
            raise ValidationFailed({"provisions": f"{item.provision} is not a provision we know"})
        if item.provision in seen:
            continue
        cited = CitedProvision(
            position=position,
            provision=item.provision,
            section=entry.section,
            title=entry.title,
            # Per subsection: e.g. s.40(2) is absolute but s.40(4A) is not.
            # s.37(2) follows the s.37(1) paragraph cited beside it (FOIA s.2(3)(ea)).
            absolute=is_absolute(
                regime, item.provision, cited_with=[p.provision for p in command.provisions]
            ),
            ncnd=item.ncnd,
        )
        notice.provisions.append(cited)
        seen[item.provision] = cited
    session.add(notice)
    session.flush()

    due = deadlines.review_response_due(
        regime, received_on, extended=False, policy=policy, overrides=overrides
    )
    case = Case(
        reference=f"pending-{request.id}",
        authority_id=authority.id,
        requester_id=requester.id,
        information_request_id=request.id,
        refusal_notice_id=notice.id,
        regime=regime.value,
        status=CaseStatus.RECEIVED.value,
        received_on=received_on,
        review_due_on=due.due,
        late_request=late,
        late_request_reasons=command.late_request_reasons.strip() if late else "",
        acting_for_someone_else=command.acting_for_someone_else,
        previous_regulator_reference=limits.one_line(command.previous_regulator_reference),
        filed_by_id=actor.id,
        sent_by_email_to=sent_by_email_to,
    )
    session.add(case)
    session.flush()
    case.reference = f"IR-{received_on.year}-{case.id:05d}"
    for position, ground in enumerate(command.grounds):
        kind = GroundKind(ground.kind)
        case.grounds.append(
            Ground(
                position=position,
                kind=kind.value,
                cited_provision=seen.get(ground.provision or "")
                if kind is GroundKind.PROVISION
                else None,
                requester_text=ground.requester_text.strip(),
            )
        )
    record(
        session,
        actor,
        "file",
        "Complaint filed"
        + (" on the requester's behalf" if actor.is_staff else "")
        + (
            "; to be sent by e-mail to an authority not using this service"
            if sent_by_email_to
            else ""
        ),
        case=case,
        after={
            "status": case.status,
            "reference": case.reference,
            "received_on": received_on,
            "review_due_on": case.review_due_on,
            "late_request": late,
            # Whether, not where: the address is the requester's typing (kept on the case).
            "sent_by_email": bool(sent_by_email_to),
        },
    )
    session.flush()
    from review_service.cases.notifications import complaint_filed

    complaint_filed(session, case, due, warnings)
    return FiledCase(case=case, late_request=late, warnings=tuple(warnings))


# E-mails to authorities that do not use this service (a new complaint to one, or a complaint
# sent again to a corrected address) carry the requester's own words and a PDF to an address
# they typed: without a limit, anyone with an account could have the service send mail for them
# as fast as they could ask, and fill the outbox ahead of outcome letters and password resets.
AUTHORITY_EMAILS_PER_DAY = 10


def require_authority_email_allowance(session: Session, actor: User, field: str) -> None:
    """Refuse a requester one more complaint e-mailed to an authority not using this service
    when they have had AUTHORITY_EMAILS_PER_DAY sent in the last 24 hours (counted from the
    audit trail, so pages, API, every process and instance count together). Staff accounts,
    made by an administrator, are not limited."""
    from review_service.audit.models import AuditEvent

    if actor.role != Role.REQUESTER:
        return
    sent = session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .join(Case, Case.id == AuditEvent.case_id)
        .where(
            AuditEvent.actor_id == actor.id,
            AuditEvent.at >= utcnow() - dt.timedelta(hours=24),
            AuditEvent.action.in_(("file", "resend_to_authority")),
            Case.sent_by_email_to != "",
        )
    )
    if (sent or 0) >= AUTHORITY_EMAILS_PER_DAY:
        raise ValidationFailed(
            {
                field: f"You have had {AUTHORITY_EMAILS_PER_DAY} complaints e-mailed to "
                "authorities that do not use this service in the last 24 hours, the most we "
                "send for one account. Try again tomorrow, or e-mail this authority yourself."
            }
        )


def why_cannot_resend(case: Case) -> str:
    """Why the complaint cannot be e-mailed again to its authority, or "" if it can."""
    if not case.sent_by_email_to:
        return f"{case.authority.name} uses this service: the complaint is not sent by e-mail."
    if CaseStatus(case.status) is not CaseStatus.RECEIVED:
        return "The complaint has moved on since it was e-mailed: it cannot be sent again."
    return ""


def resend_to_authority(session: Session, actor: User, case: Case, *, address: str) -> None:
    """E-mail a complaint again to an authority that does not use this service, at a
    corrected address: by the requester or by staff entitled to the case, while it is still
    waiting for the authority (received). Audited; the complaint and its PDF go to the new
    address (``notifications.resend_complaint``), and the case page follows that e-mail."""
    from review_service.cases.notifications import resend_complaint
    from review_service.cases.policy import can_view

    if not can_view(actor, case):
        raise NotFound("No case with that reference.")
    require_role(actor, Role.REQUESTER, Role.CASEWORKER, Role.ADMIN)
    if refusal := why_cannot_resend(case):
        raise Conflict(refusal)
    new = checked_email(
        address, "address", missing="Enter the e-mail address the authority gives for requests"
    )
    require_authority_email_allowance(session, actor, "address")
    changed = new != case.sent_by_email_to
    case.sent_by_email_to = new
    record(
        session,
        actor,
        "resend_to_authority",
        "Complaint e-mailed again to the authority"
        + (" at a corrected address" if changed else ""),
        case=case,
        # Whether, not where: the address is someone's typing (kept on the case).
        after={"sent_by_email": True, "address_changed": changed},
    )
    session.flush()
    resend_complaint(session, case)


# -- triage --------------------------------------------------------------------------------


def acknowledge(
    session: Session,
    actor: User,
    case: Case,
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> None:
    require_casework(actor, case, CaseAction.ACKNOWLEDGE)
    if case.acknowledged_on is not None:
        raise Conflict(
            f"This complaint was already acknowledged on {long_date(case.acknowledged_on)}."
        )
    case.acknowledged_on = today or clock.today()
    move(
        session,
        actor,
        case,
        CaseAction.ACKNOWLEDGE,
        "Complaint acknowledged",
        after={"acknowledged_on": case.acknowledged_on},
        expected_version=expected_version,
    )
    from review_service.letters.acknowledgement import send_acknowledgement

    send_acknowledgement(session, actor, case, review_due(session, case))


def staff_of(session: Session, case: Case) -> list[User]:
    """Active staff who could have handled this case's request: its authority's, and staff tied
    to no authority."""
    query = select(User).where(User.role != Role.REQUESTER.value, User.is_active_account.is_(True))
    return [
        user
        for user in session.scalars(query.order_by(User.name, User.id))
        if staff_scope_allows(user, case.authority_id)
    ]


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def made_original_decision(case: Case, person: User) -> bool:
    """Whether ``person`` is recorded as the case's original decision-maker: by their account,
    or by their name alone (recorded before names were matched to accounts, or before their
    account existed)."""
    if case.original_decision_maker_id is not None:
        return case.original_decision_maker_id == person.id
    return bool(case.original_decision_maker_name) and _same_name(
        case.original_decision_maker_name, person.name
    )


def _decision_maker_named(session: Session, case: Case, name: str) -> User | None:
    """The staff account a typed name means, if any: the s.45 rule must hold whether the person
    was picked from the list or typed in. A name two of the staff share is refused."""
    matches = [user for user in staff_of(session, case) if _same_name(user.name, name)]
    if len(matches) > 1:
        raise ValidationFailed(
            {
                "original_decision_maker": (
                    f"{len(matches)} members of staff are called {name}: select in the list "
                    "the one who made the decision"
                )
            }
        )
    return matches[0] if matches else None


def record_original_decision_maker(
    session: Session,
    actor: User,
    case: Case,
    *,
    user_id: int | None,
    name: str = "",
    expected_version: int | None = None,
) -> None:
    """Record who made the original decision: a member of staff (picked, or typed and matched
    to their account), or the name of someone with no account here."""
    require_casework(actor, case, CaseAction.RECORD_ORIGINAL_DECISION_MAKER)
    before = {
        "original_decision_maker_id": case.original_decision_maker_id,
        "original_decision_maker_name": case.original_decision_maker_name,
    }
    person: User | None = None
    if user_id is not None:
        person = session.get(User, user_id)
        # Another authority's staff do not exist here: naming one showed their name back.
        if person is None or not staff_scope_allows(person, case.authority_id):
            raise ValidationFailed({"original_decision_maker": "Select a member of staff"})
    else:
        name = " ".join(name.split())
        if not name:
            raise ValidationFailed(
                {"original_decision_maker": "Select or enter who made the decision"}
            )
        person = _decision_maker_named(session, case, name)
    if person is not None:
        if case.reviewer_id == person.id:
            raise ValidationFailed(
                {
                    "original_decision_maker": (
                        f"{person.name} is the assigned reviewer; assign another reviewer first"
                    )
                }
            )
        case.original_decision_maker_id = person.id
        case.original_decision_maker_name = person.name
    else:
        case.original_decision_maker_id = None
        case.original_decision_maker_name = name[:200]
    move(
        session,
        actor,
        case,
        CaseAction.RECORD_ORIGINAL_DECISION_MAKER,
        f"Original decision recorded as made by {case.original_decision_maker_name}",
        before=before,
        after={
            "original_decision_maker_id": case.original_decision_maker_id,
            "original_decision_maker_name": case.original_decision_maker_name,
        },
        expected_version=expected_version,
        visible_to_requester=False,
    )


def assign(
    session: Session,
    actor: User,
    case: Case,
    *,
    reviewer_id: int,
    expected_version: int | None = None,
) -> None:
    """Give the review to a reviewer: never the person who made the original decision."""
    require_casework(actor, case, CaseAction.ASSIGN)
    reviewer = session.get(User, reviewer_id)
    if reviewer is None or reviewer.role != Role.REVIEWER or not reviewer.is_active:
        raise ValidationFailed({"reviewer": "Select a reviewer"})
    if not staff_scope_allows(reviewer, case.authority_id):
        if actor.authority_id is not None:  # another authority's staff do not exist for them
            raise ValidationFailed({"reviewer": "Select a reviewer"})
        raise ValidationFailed(
            {"reviewer": f"{reviewer.name} does not review this authority's cases"}
        )
    # s.45 Code of Practice: the review is taken by someone who did not handle the request.
    if made_original_decision(case, reviewer):
        raise ValidationFailed(
            {"reviewer": f"{reviewer.name} made the original decision and cannot review it"}
        )
    if case.reviewer_id == reviewer.id:
        raise Conflict(f"{reviewer.name} is already the reviewer.")
    before = {"reviewer_id": case.reviewer_id}
    verb = "reassigned" if case.reviewer_id else "assigned"
    case.reviewer = reviewer  # the relationship too: the case may have been read with it
    case.reviewer_id = reviewer.id
    move(
        session,
        actor,
        case,
        CaseAction.ASSIGN,
        f"Review {verb} to {reviewer.name}",
        before=before,
        after={"reviewer_id": reviewer.id},
        expected_version=expected_version,
    )
    from review_service.cases.notifications import assigned

    assigned(session, case, reviewer)


def extend(
    session: Session, actor: User, case: Case, *, reason: str, expected_version: int | None = None
) -> None:
    """FOIA only: extend the review from the 20-day target to the 40-day maximum."""
    require_casework(actor, case, CaseAction.EXTEND)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": "Enter why the review needs more time"})
    if len(reason) > limits.GROUND_TEXT:
        raise ValidationFailed({"reason": too_long(limits.GROUND_TEXT, "Reason")})
    if case.extended:
        raise Conflict("This review has already been extended to the maximum.")
    if not rules_for(case.regime).review_extendable:
        raise Conflict(
            "Only a FOIA review can be extended: EIR and FOISA reviews have a fixed statutory "
            "time limit."
        )
    # Check the lock before changing anything: working out the new date queries the database,
    # and the autoflush before that query would bump the version the check compares against.
    check_version(case, expected_version)
    before_due = case.review_due_on
    case.extended = True
    case.extension_reason = reason
    case.review_due_on = review_due(session, case).due
    move(
        session,
        actor,
        case,
        CaseAction.EXTEND,
        f"Review extended to {long_date(case.review_due_on)}: {reason}",
        before={"review_due_on": before_due, "extended": False},
        after={"review_due_on": case.review_due_on, "extended": True, "reason": reason},
    )
    from review_service.letters.extension import send_extension

    send_extension(session, actor, case, review_due(session, case))


def why_requester_cannot_withdraw(case: Case) -> str | None:
    """None while the requester may withdraw their request for review (before its outcome)."""
    status = CaseStatus(case.status)
    if status in REQUESTER_WITHDRAWAL_STATES:
        return None
    if not status.is_open:
        return f"This complaint is {status.label.lower()}: it cannot be withdrawn."
    return (
        "The authority has sent the outcome of its review, so there is no request for "
        "review left to withdraw. If you complained to the regulator and no longer want "
        "it to investigate, tell the regulator."
    )


def withdraw(
    session: Session,
    actor: User,
    case: Case,
    *,
    reason: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> None:
    """The requester withdraws their complaint (or staff record that they did)."""
    if actor.role == Role.REQUESTER:
        if case.requester_id != actor.id:
            raise NotFound("No case with that reference.")
    else:
        require_staff_for(actor, case, *CASEWORK_ROLES)
    ensure_allowed(case, CaseAction.WITHDRAW)
    if actor.role == Role.REQUESTER and (refusal := why_requester_cannot_withdraw(case)):
        raise Conflict(refusal)
    case.closed_on = today or clock.today()
    case.closure_reason = reason.strip() or WITHDRAWN_BY_REQUESTER
    move(
        session,
        actor,
        case,
        CaseAction.WITHDRAW,
        # The reason stays on the case, not in the audit trail: it is often the requester's
        # own words (audit/services).
        "Complaint withdrawn"
        + (" by the requester" if actor.role == Role.REQUESTER else " (recorded by staff)"),
        after={"closed_on": case.closed_on},
        expected_version=expected_version,
    )
    from review_service.cases.notifications import status_changed

    status_changed(
        session,
        case,
        "Your complaint has been withdrawn",
        f"Your complaint {case.reference} has been withdrawn.",
    )


def close(
    session: Session,
    actor: User,
    case: Case,
    *,
    reason: str,
    expected_version: int | None = None,
    today: dt.date | None = None,
    without_compliance: bool = False,
) -> None:
    require_casework(actor, case, CaseAction.CLOSE)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": "Enter why the case is being closed"})
    from review_service.regulator.services import outstanding_steps

    check_version(case, expected_version)  # a stale form hears that first
    # Never a silent "steps taken: not recorded": closing over them is said and recorded.
    notice = outstanding_steps(session, case)
    if notice is not None and not without_compliance:
        due = f" (due by {long_date(notice.compliance_due_on)})" if notice.compliance_due_on else ""
        raise ValidationFailed(
            {
                "without_compliance": "The decision notice ordered steps"
                + due
                + " and no one has recorded that they were taken. Record compliance first, "
                "or confirm that you are closing the case without that record"
            }
        )
    case.closed_on = today or clock.today()
    case.closure_reason = reason
    move(
        session,
        actor,
        case,
        CaseAction.CLOSE,
        f"Case closed: {reason}"
        + (" (the steps ordered are not recorded as taken)" if notice is not None else ""),
        after={
            "closed_on": case.closed_on,
            "reason": reason,
            "steps_not_recorded": notice is not None,
        },
        expected_version=expected_version,
    )
    from review_service.cases.notifications import status_changed

    status_changed(
        session,
        case,
        "Your complaint has been closed",
        f"Your complaint {case.reference} has been closed: {reason}",
    )
