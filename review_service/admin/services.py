"""Administration: staff accounts, authorities (details, letterhead, policy) and bank-holiday
overrides. Every change writes one audit event beside it; the caller commits.

Administrators tied to an authority manage that authority and its staff only. Service-wide
administrators (no authority) manage everything, including the holiday overrides, which change
every authority's deadlines.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, fields

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from review_service.accounts import two_factor
from review_service.accounts.email_addresses import email_address_errors, lookup_form
from review_service.accounts.models import (
    DEFAULT_RETENTION_MONTHS,
    STAFF_ROLES,
    Authority,
    HolidayOverride,
    Role,
    User,
)
from review_service.accounts.services import create_user, reset_token
from review_service.accounts.sessions import end_every_session
from review_service.audit.services import record
from review_service.cases.models import Case, InformationRequest, open_case
from review_service.cases.policy import forget_public_calendars
from review_service.cases.policy import holiday_overrides as overrides_for
from review_service.cases.services import recount_review_deadlines
from review_service.domain import limits
from review_service.domain.calendar import (
    FIRST_SUPPORTED_YEAR,
    LAST_SUPPORTED_YEAR,
    CalendarError,
    Regime,
    WorkingDayCalendar,
    good_friday,
)
from review_service.domain.calendar import HolidayOverride as DomainOverride
from review_service.domain.dates import long_date, weekday
from review_service.domain.deadlines import STATUTORY_REVIEW_REQUEST_WINDOW
from review_service.domain.lifecycle import CaseStatus
from review_service.domain.limits import required_text, too_long
from review_service.errors import Conflict, Forbidden, NotFound, ValidationFailed
from review_service.mail.services import queue_email

MIN_RETENTION_MONTHS = 1
MAX_RETENTION_MONTHS = 1200  # a hundred years: in effect, kept
MAX_REVIEW_WINDOW = 120  # working days: about six months, far beyond any sensible policy


def require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("Only administrators can do that.")


def require_service_admin(actor: User) -> None:
    require_admin(actor)
    if actor.authority_id is not None:
        raise Forbidden("Only a service-wide administrator can do that.")


def _may_manage_authority(actor: User, authority_id: int | None) -> bool:
    return actor.authority_id is None or actor.authority_id == authority_id


# -- staff accounts ------------------------------------------------------------------------


def staff_accounts(session: Session, actor: User) -> list[User]:
    require_admin(actor)
    query = (
        select(User).where(User.role != Role.REQUESTER.value).options(joinedload(User.authority))
    )
    if actor.authority_id is not None:
        query = query.where(User.authority_id == actor.authority_id)
    return list(session.scalars(query.order_by(User.is_active_account.desc(), User.name)))


def staff_account(session: Session, actor: User, user_id: int) -> User:
    require_admin(actor)
    user = session.get(User, user_id)
    if user is None or not user.is_staff or not _may_manage_authority(actor, user.authority_id):
        raise NotFound("No such staff account.")
    return user


@dataclass(frozen=True)
class NewStaff:
    name: str
    email: str
    role: Role | str
    authority_id: int | None


def create_staff_account(
    session: Session, actor: User, command: NewStaff, *, set_password_url: str
) -> User:
    """Create a staff account and e-mail the person a link to choose their own password."""
    require_admin(actor)
    errors: dict[str, str] = {}
    name = required_text(
        errors, "name", command.name, limits.NAME, missing="Enter the person's name", subject="Name"
    )
    try:
        role = Role(command.role)
    except ValueError:
        role = None
    if role is None or role not in STAFF_ROLES:
        errors["role"] = "Select a role"
    authority = None
    if actor.authority_id is not None:
        if command.authority_id not in (None, actor.authority_id):
            errors["authority"] = "You can only add staff to your own authority"
        authority = session.get(Authority, actor.authority_id)
    elif command.authority_id is not None:
        authority = session.get(Authority, command.authority_id)
        if authority is None:
            errors["authority"] = "Select an authority"
    email, email_errors = email_address_errors(
        command.email, missing="Enter the person's e-mail address"
    )
    errors |= email_errors
    if errors:
        raise ValidationFailed(errors)
    assert role is not None
    # A random password nobody knows: the person sets their own with the link.
    user = create_user(
        session,
        actor,
        email=email,
        name=name,
        role=role,
        password=secrets.token_urlsafe(32),
        authority=authority,
    )
    queue_email(
        session,
        to=user.email,
        subject="Your Review service account",
        body=(
            f"Dear {user.name},\n\nAn administrator has created a {role.label.lower()} account "
            f"for you on the Review service"
            + (f" for {authority.name}" if authority else "")
            + ".\n\nChoose your password with this link (it works once, for 2 hours):\n\n"
            + set_password_url.format(token=reset_token(user))
            + "\n\nIf the link has expired, use ‘I have forgotten my password’ on the sign-in "
            "page.\n\nReview service"
        ),
    )
    return user


def open_reviews_of(session: Session, user: User) -> int:
    open_states = [s.value for s in (CaseStatus.RECEIVED, CaseStatus.IN_REVIEW)]
    return (
        session.scalar(
            select(func.count())
            .select_from(Case)
            .where(Case.reviewer_id == user.id, Case.status.in_(open_states))
        )
        or 0
    )


def change_role(session: Session, actor: User, user: User, role: Role | str) -> None:
    require_admin(actor)
    if not _may_manage_authority(actor, user.authority_id) or not user.is_staff:
        raise NotFound("No such staff account.")
    try:
        new = Role(role)
    except ValueError:
        new = None
    if new is None or new not in STAFF_ROLES:
        raise ValidationFailed({"role": "Select a role"})
    if user.id == actor.id:
        raise ValidationFailed({"role": "You cannot change your own role"})
    if new.value == user.role:
        raise ValidationFailed({"role": f"{user.name} is already a {new.label.lower()}"})
    if user.role == Role.REVIEWER.value and (pending := open_reviews_of(session, user)):
        raise ValidationFailed(
            {
                "role": f"{user.name} has {pending} open "
                + ("review" if pending == 1 else "reviews")
                + "; reassign them before changing the role"
            }
        )
    before = user.role
    user.role = new.value
    end_every_session(user)  # a session started under the old role must not carry it on
    record(
        session,
        actor,
        "change_role",
        f"{user.email}: role changed from {before} to {new.value}",
        before={"user_id": user.id, "role": before},
        after={"user_id": user.id, "role": new.value},
        visible_to_requester=False,
    )


def set_active(session: Session, actor: User, user: User, *, active: bool) -> int:
    """Deactivate or reactivate an account; returns how many open reviews it still holds."""
    require_admin(actor)
    if not _may_manage_authority(actor, user.authority_id) or not user.is_staff:
        raise NotFound("No such staff account.")
    if user.id == actor.id:
        raise Conflict("You cannot deactivate your own account.")
    if user.is_active_account == active:
        raise Conflict(f"{user.name}'s account is already {'active' if active else 'deactivated'}.")
    user.is_active_account = active
    end_every_session(user)  # and a reactivated account starts with no old session alive
    record(
        session,
        actor,
        "reactivate_user" if active else "deactivate_user",
        f"{user.email}: account {'reactivated' if active else 'deactivated'}",
        before={"user_id": user.id, "active": not active},
        after={"user_id": user.id, "active": active},
        visible_to_requester=False,
    )
    return 0 if active else open_reviews_of(session, user)


def reset_second_factor(session: Session, actor: User, user: User) -> None:
    """Remove a staff member's authenticator app and recovery codes (accounts/two_factor.py):
    they set a new app up at their next sign-in."""
    require_admin(actor)
    if not _may_manage_authority(actor, user.authority_id) or not user.is_staff:
        raise NotFound("No such staff account.")
    two_factor.reset(session, actor, user)


# -- authorities ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorityDetails:
    name: str
    regime: str
    email: str = ""
    address: str = ""
    telephone: str = ""
    letter_footer: str = ""
    signatory_title: str = "Internal reviewer"
    # DOMAIN.md policy settings, with their documented defaults.
    receipt_on_non_working_day_starts_next_working_day: bool = False
    refuse_late_review_requests: bool = False
    review_request_window_working_days: int | None = STATUTORY_REVIEW_REQUEST_WINDOW
    # Months after closure that requesters' personal data is kept (privacy/retention.py).
    retention_months: int | None = DEFAULT_RETENTION_MONTHS
    is_listed: bool = True
    # Not in DOMAIN.md: reviewers and caseworkers must use a second factor to sign in.
    staff_two_factor_required: bool = False


def authorities(session: Session, actor: User) -> list[Authority]:
    require_admin(actor)
    query = select(Authority)
    if actor.authority_id is not None:
        query = query.where(Authority.id == actor.authority_id)
    return list(session.scalars(query.order_by(Authority.name)))


def authority(session: Session, actor: User, authority_id: int) -> Authority:
    require_admin(actor)
    found = session.get(Authority, authority_id)
    if found is None or not _may_manage_authority(actor, found.id):
        raise NotFound("No such authority.")
    return found


def _clean(details: AuthorityDetails) -> AuthorityDetails:
    def tidy(text: str) -> str:
        return "\n".join(line.rstrip() for line in text.strip().splitlines())

    return AuthorityDetails(
        name=" ".join(details.name.split()),
        regime=details.regime,
        # The stored form of the address; a bad one is kept as typed for the error message.
        email=lookup_form(details.email) or details.email.strip(),
        address=tidy(details.address),
        telephone=details.telephone.strip(),
        letter_footer=tidy(details.letter_footer),
        signatory_title=" ".join(details.signatory_title.split()),
        receipt_on_non_working_day_starts_next_working_day=(
            details.receipt_on_non_working_day_starts_next_working_day
        ),
        refuse_late_review_requests=details.refuse_late_review_requests,
        review_request_window_working_days=details.review_request_window_working_days,
        retention_months=details.retention_months,
        is_listed=details.is_listed,
        staff_two_factor_required=details.staff_two_factor_required,
    )


def _authority_errors(
    session: Session, details: AuthorityDetails, existing: Authority | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not details.name:
        errors["name"] = "Enter the authority's name"
    elif len(details.name) > limits.NAME:
        errors["name"] = too_long(limits.NAME, "Name")
    else:
        clash = session.scalar(
            select(Authority).where(func.lower(Authority.name) == details.name.lower())
        )
        if clash is not None and clash is not existing:
            errors["name"] = "An authority with this name already exists"
    try:
        Regime(details.regime)
    except ValueError:
        errors["regime"] = "Select the law the authority usually answers under"
    if details.email:
        errors |= email_address_errors(details.email)[1]
    elif existing is None or existing.email:
        errors["email"] = "Enter the e-mail address for information requests"
    for name, value, limit in (
        ("address", details.address, 1000),
        ("telephone", details.telephone, 40),
        ("letter_footer", details.letter_footer, 500),
        ("signatory_title", details.signatory_title, 200),
    ):
        if len(value) > limit:
            errors[name] = too_long(limit)
    if details.address and len(details.address.splitlines()) > 8:
        errors["address"] = "Use no more than 8 lines for the address"
    if not details.signatory_title:
        errors["signatory_title"] = "Enter the title printed under the reviewer's name"
    window = details.review_request_window_working_days
    if window is None:
        errors["review_request_window_working_days"] = (
            "Enter how many working days requesters have to ask for a review"
        )
    elif not 1 <= window <= MAX_REVIEW_WINDOW:
        errors["review_request_window_working_days"] = (
            f"The window must be between 1 and {MAX_REVIEW_WINDOW} working days"
        )
    months = details.retention_months
    if months is None:
        errors["retention_months"] = (
            "Enter how many months to keep requesters' personal data after closure"
        )
    elif not MIN_RETENTION_MONTHS <= months <= MAX_RETENTION_MONTHS:
        errors["retention_months"] = (
            f"The retention period must be between {MIN_RETENTION_MONTHS} and "
            f"{MAX_RETENTION_MONTHS:,} months"
        )
    return errors


def _snapshot(authority: Authority) -> dict[str, object]:
    return {f.name: getattr(authority, f.name) for f in fields(AuthorityDetails)}


def create_authority(session: Session, actor: User, details: AuthorityDetails) -> Authority:
    require_service_admin(actor)
    details = _clean(details)
    errors = _authority_errors(session, details, None)
    if errors:
        raise ValidationFailed(errors)
    created = Authority(**{f.name: getattr(details, f.name) for f in fields(AuthorityDetails)})
    session.add(created)
    session.flush()
    record(
        session,
        actor,
        "create_authority",
        f"Authority “{created.name}” added",
        after={"authority_id": created.id, **_snapshot(created)},
        visible_to_requester=False,
    )
    return created


def update_authority(
    session: Session, actor: User, target: Authority, details: AuthorityDetails
) -> list[str]:
    """Change an authority's details, letterhead and policy; returns the fields changed."""
    require_admin(actor)
    if not _may_manage_authority(actor, target.id):
        raise NotFound("No such authority.")
    details = _clean(details)
    errors = _authority_errors(session, details, target)
    if errors:
        raise ValidationFailed(errors)
    before = _snapshot(target)
    for f in fields(AuthorityDetails):
        setattr(target, f.name, getattr(details, f.name))
    after = _snapshot(target)
    changed = [name for name in after if after[name] != before[name]]
    if not changed:
        return []
    record(
        session,
        actor,
        "update_authority",
        f"Authority “{target.name}” updated: {', '.join(changed)}",
        before={"authority_id": target.id, **{k: before[k] for k in changed}},
        after={"authority_id": target.id, **{k: after[k] for k in changed}},
        visible_to_requester=False,
    )
    return changed


# -- authorities not using this service ----------------------------------------------------


@dataclass(frozen=True)
class UnlistedAuthority:
    """An authority requesters named that does not use this service, with its complaints."""

    authority: Authority
    cases: int
    open_cases: int


def unlisted_authorities(session: Session, actor: User) -> list[UnlistedAuthority]:
    """For a service-wide administrator to set up (list) or merge into an existing one."""
    require_service_admin(actor)
    counts = {
        row.authority_id: (row.total, row.open)
        for row in session.execute(
            select(
                Case.authority_id,
                func.count().label("total"),
                func.count().filter(open_case()).label("open"),
            )
            .join(Authority, Authority.id == Case.authority_id)
            .where(Authority.is_listed.is_(False))
            .group_by(Case.authority_id)
        )
    }
    found = session.scalars(
        select(Authority).where(Authority.is_listed.is_(False)).order_by(Authority.name)
    )
    return [UnlistedAuthority(a, *counts.get(a.id, (0, 0))) for a in found]


def merge_authority(session: Session, actor: User, source: Authority, into_id: int | None) -> int:
    """Move every complaint (and request) about an authority not using this service to the
    authority it really is, then remove the duplicate. Returns how many cases moved.

    The moved cases keep the address they were e-mailed to: that is what happened."""
    require_service_admin(actor)
    if source.is_listed:
        raise Conflict(
            f"{source.name} uses this service: only an authority requesters added can be merged."
        )
    # An authority's own administrator can unlist it; merging it then would hand its staff,
    # that administrator too, the other authority and all of its cases.
    staff = session.scalar(
        select(func.count()).select_from(User).where(User.authority_id == source.id)
    )
    if staff:
        raise Conflict(
            f"{source.name} has staff accounts, so it is not one a requester added: it cannot "
            "be merged. List it again, or move its staff first."
        )
    target = session.get(Authority, into_id) if into_id is not None else None
    if target is None or target.id == source.id:
        raise ValidationFailed({"into": "Select the authority to merge it into"})
    moved = list(session.scalars(select(Case).where(Case.authority_id == source.id)))
    for case in moved:
        case.authority = target
        # The name the requester typed stays out of the trail: the authority by its id.
        record(
            session,
            actor,
            "merge_authority",
            f"Authority corrected to {target.name}",
            case=case,
            before={"authority_id": source.id},
            after={"authority_id": target.id},
        )
    session.execute(
        update(InformationRequest)
        .where(InformationRequest.authority_id == source.id)
        .values(authority_id=target.id)
    )
    session.flush()
    record(
        session,
        actor,
        "merge_authority",
        f"Authority #{source.id} (added by a requester) merged into {target.name}: "
        f"{len(moved)} case(s) moved",
        before={"authority_id": source.id},
        after={"authority_id": target.id, "case_ids": [case.id for case in moved]},
        visible_to_requester=False,
    )
    session.delete(source)
    session.flush()
    from review_service.cases.notifications import tell_authority_of_new_complaint

    for case in moved:
        if CaseStatus(case.status).is_open:
            tell_authority_of_new_complaint(session, case)
    return len(moved)


# -- bank-holiday overrides ----------------------------------------------------------------


@dataclass(frozen=True)
class NewOverride:
    day: dt.date | None
    action: str  # "add" or "remove"
    regime: str | None  # None: every regime
    note: str


def holiday_overrides(session: Session, actor: User) -> list[HolidayOverride]:
    require_admin(actor)
    return list(session.scalars(select(HolidayOverride).order_by(HolidayOverride.day)))


def _regimes(regime: str | None) -> list[Regime]:
    return [Regime(regime)] if regime else list(Regime)


def _regime_words(regime: str | None) -> str:
    return Regime(regime).name if regime else "any law"


def add_holiday_override(session: Session, actor: User, command: NewOverride) -> HolidayOverride:
    """Add a correction to the bank-holiday data, checked against the working-day rules.

    FOIA s.10(6), FOISA s.73: weekends and Christmas Day are never working days, nor Good
    Friday, so no "remove" can make them one. Dates outside the calendar's years are refused.
    """
    require_service_admin(actor)
    errors: dict[str, str] = {}
    note = required_text(
        errors,
        "note",
        command.note,
        limits.HOLIDAY_NOTE,
        missing="Enter why this day is being changed, for example the proclamation",
        subject="Note",
    )
    if command.action not in ("add", "remove"):
        errors["action"] = "Select whether the day is a holiday or a working day"
    if command.regime not in (None, *(r.value for r in Regime)):
        errors["regime"] = "Select which law the change applies to"
    day = command.day
    if day is None:
        errors["day"] = "Enter the date"
    elif not FIRST_SUPPORTED_YEAR <= day.year <= LAST_SUPPORTED_YEAR:
        errors["day"] = (
            f"The date must be between {FIRST_SUPPORTED_YEAR} and {LAST_SUPPORTED_YEAR}: the "
            "working-day calendar covers only those years"
        )
    if errors:
        raise ValidationFailed(errors)
    assert day is not None
    errors |= _calendar_errors(session, day, command.action, command.regime, note)
    if errors:
        raise ValidationFailed(errors)
    override = HolidayOverride(day=day, action=command.action, regime=command.regime, note=note)
    session.add(override)
    session.flush()
    record(
        session,
        actor,
        "add_holiday_override",
        f"{long_date(day)} made a "
        + ("non-working day" if command.action == "add" else "working day")
        + f" for {_regime_words(command.regime)}: {note}",
        after={
            "override_id": override.id,
            "day": day,
            "action": command.action,
            "regime": command.regime,
            "note": note,
        },
        visible_to_requester=False,
    )
    forget_public_calendars(session)
    words = "a bank holiday" if command.action == "add" else "a working day"
    recount_review_deadlines(session, actor, day, command.regime, f"{long_date(day)} is {words}")
    return override


def _calendar_errors(
    session: Session, day: dt.date, action: str, regime: str | None, note: str
) -> dict[str, str]:
    when = long_date(day)
    if action == "remove":
        if day.weekday() >= 5:
            return {"day": f"{when} is a {weekday(day)}: weekends are never working days"}
        if (day.month, day.day) == (12, 25):
            return {"day": f"{when} is Christmas Day, which is never a working day"}
        if day == good_friday(day.year):
            return {"day": f"{when} is Good Friday, which is never a working day"}
    existing = [
        o
        for o in session.scalars(select(HolidayOverride).where(HolidayOverride.day == day))
        if o.regime is None or regime is None or o.regime == regime
    ]
    for other in existing:
        if other.action == action and other.regime == regime:
            return {"day": f"{when} already has this change for {_regime_words(regime)}"}
        if other.action != action:
            return {
                "day": f"{when} is already made a "
                + ("non-working day" if other.action == "add" else "working day")
                + f" for {_regime_words(other.regime)}; delete that change first"
            }
    calendars = {
        each: WorkingDayCalendar(each, overrides_for(session, each)) for each in _regimes(regime)
    }
    reasons = {each: calendar.non_working_reason(day) for each, calendar in calendars.items()}
    if action == "add":
        if all(reason is not None for reason in reasons.values()):
            reason = next(iter(reasons.values()))
            return {"day": f"{when} is already not a working day ({reason})"}
        return {}
    if all(reason is None for reason in reasons.values()):
        return {
            "day": f"{when} is not a bank holiday for {_regime_words(regime)}, so there is "
            "nothing to remove"
        }
    # Let the calendar itself confirm it accepts the change, under each law it applies to.
    for each in calendars:
        try:
            WorkingDayCalendar(
                each,
                (*overrides_for(session, each), DomainOverride(day, "remove", note)),
            )
        except (CalendarError, ValueError) as error:
            return {"day": str(error)}
    return {}


def delete_holiday_override(session: Session, actor: User, override_id: int) -> HolidayOverride:
    require_service_admin(actor)
    override = session.get(HolidayOverride, override_id)
    if override is None:
        raise NotFound("No such holiday change.")
    record(
        session,
        actor,
        "delete_holiday_override",
        f"Holiday change for {long_date(override.day)} deleted",
        before={
            "override_id": override.id,
            "day": override.day,
            "action": override.action,
            "regime": override.regime,
            "note": override.note,
        },
        visible_to_requester=False,
    )
    day, regime = override.day, override.regime
    session.delete(override)
    session.flush()
    forget_public_calendars(session)
    why = f"the holiday change for {long_date(day)} was deleted"
    recount_review_deadlines(session, actor, day, regime, why)
    return override
