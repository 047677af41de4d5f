"""Deadlines in a complaint about an FOI response, from the review request to the tribunal.

Each function returns a `Deadline` that carries the date, what it was counted from, how it was
counted and the rule behind it, so pages and letters can explain a date rather than just show it.
Working-day clocks use `calendar_for(regime, overrides)`; calendar-day and month clocks do not
skip anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import KW_ONLY, dataclass
from datetime import date, timedelta
from typing import Literal

from review_service.domain.calendar import (
    HolidayOverride,
    Regime,
    SkippedDay,
    WorkingDayCalendar,
    as_regime,
    bank_holiday_outside_england_and_wales,
    calendar_for,
    next_working_day,
    non_working_in_england_and_wales,
)
from review_service.domain.regimes import RegimeRules, rules_for

STATUTORY_REVIEW_REQUEST_WINDOW = 40
ICO_COMPLAINT_WINDOW_DAYS = 42
SIC_APPLICATION_WINDOW_MONTHS = 6
TRIBUNAL_APPEAL_DAYS = 28


class DeadlineError(ValueError):
    """A deadline was asked for that the rules do not allow or that makes no sense."""


@dataclass(frozen=True)
class AuthorityPolicy:
    """Per-authority choices where the law or the Code leaves room (DOMAIN.md, "policy")."""

    # Counting: receipt on a non-working day still counts from that date unless this is set.
    receipt_on_non_working_day_starts_next_working_day: bool = False
    # s.45 Code: an authority need not accept a review request made after the window.
    refuse_late_review_requests: bool = False
    # Length of the window for FOIA review requests; EIR and FOISA fix it at 40 in law.
    review_request_window_working_days: int = STATUTORY_REVIEW_REQUEST_WINDOW

    def __post_init__(self) -> None:
        window = self.review_request_window_working_days
        if not isinstance(window, int) or isinstance(window, bool) or window < 1:
            raise ValueError(
                f"The review request window must be at least 1 working day: {window!r}"
            )


@dataclass(frozen=True)
class Deadline:
    """One clock: when it runs out, what it counts from, and the rule that sets it.

    Exactly one of working_days, calendar_days and months is set. `skipped` lists the
    non-working days passed over (empty for calendar-day and month clocks).
    """

    key: str
    label: str
    due: date
    start: date
    _: KW_ONLY
    working_days: int | None = None
    calendar_days: int | None = None
    months: int | None = None
    basis: str
    skipped: tuple[SkippedDay, ...] = ()

    def is_overdue(self, today: date) -> bool:
        """The deadline is the end of the due date, so it is missed only from the next day."""
        return today > self.due

    def working_days_left(self, calendar: WorkingDayCalendar, today: date) -> int:
        """Working days from today to the due date; negative once the deadline has passed."""
        if today <= self.due:
            return calendar.working_days_between(today, self.due)
        return -calendar.working_days_between(self.due, today)


@dataclass(frozen=True)
class ReviewRequestTiming:
    """Whether a request for review arrived within the window, and what the authority does."""

    window: Deadline
    received: date
    late: bool
    accepted: bool
    message: str


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (or earlier), moved back to the month's end
    when that month is shorter: 31 August + 6 months is 28 or 29 February."""
    year, month_index = divmod(day.year * 12 + (day.month - 1) + months, 12)
    following_year, following_index = divmod(year * 12 + month_index + 1, 12)
    month_length = (date(following_year, following_index + 1, 1) - timedelta(days=1)).day
    return date(year, month_index + 1, min(day.day, month_length))


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _format(day: date) -> str:
    """GOV.UK style, "Monday 2 July 2018", whatever the server's locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _working_day_deadline(
    calendar: WorkingDayCalendar,
    *,
    key: str,
    label: str,
    start: date,
    working_days: int,
    basis: str,
) -> Deadline:
    due = calendar.add_working_days(start, working_days)
    return Deadline(
        key=key,
        label=label,
        due=due,
        start=start,
        working_days=working_days,
        basis=basis,
        skipped=tuple(calendar.skipped_days(start, due)),
    )


def _calendar_day_deadline(
    *, key: str, label: str, start: date, calendar_days: int, basis: str
) -> Deadline:
    return Deadline(
        key=key,
        label=label,
        due=start + timedelta(days=calendar_days),
        start=start,
        calendar_days=calendar_days,
        basis=basis,
    )


def review_request_window(
    regime: Regime | str,
    response_date: date | None,
    *,
    request_received_on: date | None = None,
    policy: AuthorityPolicy | None = None,
    overrides: Iterable[HolidayOverride] = (),
) -> Deadline:
    """The last day on which the requester can ask for a review of the response.

    FOIA (s.45 Code) and EIR (reg 11(2)) count from the date of the response. FOISA s.20(5)
    counts 40 working days from the later of (a) the end of the time allowed for responding,
    20 working days after the authority received the request (s.10(1)), and (b) the applicant's
    receipt of a late response; so it needs `request_received_on`, and an on-time response does
    not shorten the window. With no response (`response_date` None) only FOISA gives a window.
    """
    regime = as_regime(regime)
    rules = rules_for(regime)
    policy = policy or AuthorityPolicy()
    calendar = calendar_for(regime, overrides)
    if rules.review_request_window_from_response_period_end:
        start, basis = _foisa_review_request_start(
            calendar, rules, response_date, request_received_on
        )
        return _working_day_deadline(
            calendar,
            key="review_request_window",
            label="The requester should require a review by",
            start=start,
            working_days=rules.review_request_working_days,
            basis=basis,
        )
    if response_date is None:
        raise DeadlineError(
            f"Under the {rules.act} the window for asking for a review counts from the date of "
            "the response; there is none"
        )
    if not rules.review_request_window_is_statutory:
        working_days = policy.review_request_window_working_days
        refusal = (
            "this authority does not accept later requests"
            if policy.refuse_late_review_requests
            else "this authority will still consider later requests"
        )
        basis = (
            f"{working_days} working days from the date of the response "
            f"(s.45 Code of Practice); {refusal}"
        )
        label = "The requester should ask for an internal review by"
    else:
        working_days = rules.review_request_working_days
        basis = f"{working_days} working days from the date of the response (EIR reg 11(2))"
        label = "The requester should ask the authority to reconsider by"
    return _working_day_deadline(
        calendar,
        key="review_request_window",
        label=label,
        start=response_date,
        working_days=working_days,
        basis=basis,
    )


def _foisa_review_request_start(
    calendar: WorkingDayCalendar,
    rules: RegimeRules,
    response_date: date | None,
    request_received_on: date | None,
) -> tuple[date, str]:
    """Day 0 of the FOISA s.20(5) window, and the basis that explains it."""
    if request_received_on is None:
        raise DeadlineError(
            "Under FOISA s.20(5) the time to require a review runs from the end of the 20 "
            "working days the authority had to respond, so it needs the date the authority "
            "received the request"
        )
    if response_date is not None and response_date < request_received_on:
        raise DeadlineError(
            f"A response dated {response_date.isoformat()} cannot come before the authority "
            f"received the request on {request_received_on.isoformat()}"
        )
    days = rules.review_request_working_days
    period_end = calendar.add_working_days(request_received_on, rules.response_working_days)
    allowed = (
        f"the {rules.response_working_days} working days the authority had to respond "
        f"(FOISA s.10(1)), which ended {_format(period_end)}"
    )
    if response_date is None:
        return period_end, (
            f"{days} working days after the end of {allowed}, with no response (FOISA s.20(5)(a))"
        )
    if response_date > period_end:
        return response_date, (
            f"{days} working days after receiving the late response of {_format(response_date)}; "
            f"{allowed} (FOISA s.20(5)(b))"
        )
    return period_end, (
        f"{days} working days after the end of {allowed}; a response sent within that time "
        "does not start the count earlier (FOISA s.20(5)(a))"
    )


def review_request_timing(
    regime: Regime | str,
    response_date: date | None,
    received: date,
    *,
    request_received_on: date | None = None,
    policy: AuthorityPolicy | None = None,
    overrides: Iterable[HolidayOverride] = (),
) -> ReviewRequestTiming:
    """Check a request for review against the window and the authority's policy on late ones."""
    if response_date is not None and received < response_date:
        raise DeadlineError(
            f"A request for review received on {received.isoformat()} cannot come before the "
            f"response dated {response_date.isoformat()}"
        )
    policy = policy or AuthorityPolicy()
    window = review_request_window(
        regime,
        response_date,
        request_received_on=request_received_on,
        policy=policy,
        overrides=overrides,
    )
    late = window.is_overdue(received)
    accepted = not (late and policy.refuse_late_review_requests)
    if not late:
        message = (
            f"The request for review arrived within the window, which ends {_format(window.due)}."
        )
    elif accepted:
        message = (
            f"The request for review arrived after {_format(window.due)}, the end of the window. "
            "The authority will still review it; record that it was late."
        )
    else:
        message = (
            f"The request for review arrived after {_format(window.due)}, the end of the window. "
            "This authority does not accept late requests for review."
        )
    return ReviewRequestTiming(
        window=window, received=received, late=late, accepted=accepted, message=message
    )


def _counting_start(
    calendar: WorkingDayCalendar, received: date, policy: AuthorityPolicy
) -> tuple[date, str]:
    """The day counted from (day 0), and a note when the authority's policy moved it."""
    reason = calendar.non_working_reason(received)
    if reason is None or not policy.receipt_on_non_working_day_starts_next_working_day:
        return received, ""
    start = next_working_day(calendar, received)
    return start, (
        f"; received on {_format(received)} ({reason}), which this authority treats as "
        f"received on the next working day, {_format(start)}"
    )


def review_response_due(
    regime: Regime | str,
    received: date,
    *,
    extended: bool = False,
    policy: AuthorityPolicy | None = None,
    overrides: Iterable[HolidayOverride] = (),
) -> Deadline:
    """When the review outcome is due.

    The key is "review_target" for the s.45 Code's 20-day FOIA target and "review_maximum" for
    a limit that should not be passed: FOIA with an extension, and the statutory EIR and FOISA
    limits, which cannot be extended.
    """
    regime = as_regime(regime)
    policy = policy or AuthorityPolicy()
    if extended and regime is not Regime.FOIA:
        rule = "EIR reg 11(4)" if regime is Regime.EIR else "FOISA s.21(1)"
        raise DeadlineError(
            f"The {regime.label} sets a fixed time for the review ({rule}); it cannot be extended"
        )
    calendar = calendar_for(regime, overrides)
    start, note = _counting_start(calendar, received, policy)
    if regime is Regime.FOIA and not extended:
        key, working_days = "review_target", 20
        label = "The authority should send its review outcome by"
        basis = "20 working days from receipt of the request for review (s.45 Code of Practice)"
    elif regime is Regime.FOIA:
        key, working_days = "review_maximum", 40
        label = "With the extension, the authority should send its review outcome by"
        basis = (
            "40 working days from receipt of the request for review, the most the s.45 Code of "
            "Practice allows and only in exceptional cases"
        )
    elif regime is Regime.EIR:
        key, working_days = "review_maximum", 40
        label = "The authority must send its reconsideration decision by"
        basis = "40 working days from receipt of the representations (EIR reg 11(4))"
    else:
        key, working_days = "review_maximum", 20
        label = "The authority must send its review decision by"
        basis = "20 working days from receipt of the requirement for review (FOISA s.21(1))"
    return _working_day_deadline(
        calendar, key=key, label=label, start=start, working_days=working_days, basis=basis + note
    )


def regulator_chaser(
    regime: Regime | str,
    received: date,
    *,
    policy: AuthorityPolicy | None = None,
    overrides: Iterable[HolidayOverride] = (),
) -> Deadline | None:
    """When a FOIA internal review passes its 20-day target and the requester can chase it.

    None under the EIR and FOISA, whose statutory review limit (EIR reg 11(4), 40 working days;
    FOISA s.21(1), 20) is also the day the regulator's route opens (RegimeRules
    .chase_before_complaining).

    Like every regulator clock this counts from the actual receipt: `policy` is accepted so
    callers can pass the same keywords everywhere, but the regulator's count ignores it.
    """
    regime = as_regime(regime)
    rules = rules_for(regime)
    if not rules.chase_before_complaining:
        return None
    return _working_day_deadline(
        calendar_for(regime, overrides),
        key="regulator_chaser",
        label=(
            f"If there is no {rules.review_name} outcome by the end of this day, the requester "
            "can chase the authority"
        ),
        start=received,
        working_days=20,
        basis=(
            f"20 working days from receipt of the {rules.request_for_review}, the target the "
            "s.45 Code of Practice sets; the ICO takes a complaint about an unanswered review "
            "after 40 (ICO complaint guidance)"
        ),
    )


def regulator_route_opens(
    regime: Regime | str,
    received: date,
    *,
    policy: AuthorityPolicy | None = None,
    overrides: Iterable[HolidayOverride] = (),
) -> Deadline:
    """The last day of the review period: after it, an unanswered review can go to the regulator.

    Counted from the actual receipt: the regulator applies its own count whatever the
    authority's receipt policy, so `policy` does not change the date.
    """
    regime = as_regime(regime)
    calendar = calendar_for(regime, overrides)
    if regime is Regime.FOISA:
        return _working_day_deadline(
            calendar,
            key="regulator_route_opens",
            label=(
                "If there is no review decision by the end of this day, the requester can apply "
                "to the Scottish Information Commissioner"
            ),
            start=received,
            working_days=20,
            basis=(
                "the 20 working days allowed for the review end (FOISA s.21(1)); the requester "
                "can then apply to the Commissioner (FOISA s.47(1))"
            ),
        )
    provision = "FOIA s.50" if regime is Regime.FOIA else "EIR reg 18"
    rules = rules_for(regime)
    return _working_day_deadline(
        calendar,
        key="regulator_route_opens",
        label=(
            f"If there is no {rules.review_name} outcome by the end of this day, the requester "
            "can complain to the ICO"
        ),
        start=received,
        working_days=40,
        basis=(
            f"40 working days from receipt of the {rules.request_for_review} with no outcome "
            f"(ICO complaint guidance; {provision})"
        ),
    )


def regulator_complaint_window(
    regime: Regime | str,
    outcome_date: date,
    *,
    counted_from: Literal["review_outcome", "review_period_expiry"] = "review_outcome",
    policy: AuthorityPolicy | None = None,
    overrides: Iterable[HolidayOverride] = (),
) -> Deadline:
    """The last day to take the case to the regulator; a calendar clock, so nothing is skipped.

    `outcome_date` is the review outcome, or with counted_from="review_period_expiry" the last
    day of a review period that ended without one. ICO: 6 calendar weeks. SIC: 6 calendar
    months (FOISA s.47(4)). `policy` and `overrides` are accepted for a uniform call but do not
    affect calendar-day clocks.
    """
    regime = as_regime(regime)
    if counted_from not in ("review_outcome", "review_period_expiry"):
        raise DeadlineError(f"Unknown starting point {counted_from!r}")
    unanswered = counted_from == "review_period_expiry"
    if regime is not Regime.FOISA:
        # The ICO asks for complaints within 6 weeks of the last substantive contact; for an
        # unanswered review that is the end of the review period.
        review = rules_for(regime).review_name
        start_text = f"the end of the {review} period" if unanswered else f"the {review} outcome"
        return _calendar_day_deadline(
            key="regulator_complaint_window",
            label="The requester should complain to the ICO by",
            start=outcome_date,
            calendar_days=ICO_COMPLAINT_WINDOW_DAYS,
            basis=(
                f"6 weeks from {start_text}; the ICO may decline later complaints as made with "
                "undue delay (ICO complaint guidance, FOIA s.50(2)(b)"
                f"{rules_for(regime).foia_applied_by})"
            ),
        )
    if unanswered:
        basis = "6 months from the end of the time allowed for the review (FOISA s.47(4)(b))"
    else:
        basis = "6 months from receiving the review decision (FOISA s.47(4)(a))"
    return Deadline(
        key="regulator_complaint_window",
        label="The requester must apply to the Scottish Information Commissioner by",
        due=add_months(outcome_date, SIC_APPLICATION_WINDOW_MONTHS),
        start=outcome_date,
        months=SIC_APPLICATION_WINDOW_MONTHS,
        basis=basis,
    )


def decision_notice_compliance(
    dn_date: date, period_days: int | None = None, *, regime: Regime | str = Regime.FOIA
) -> Deadline:
    """When the steps a decision notice orders must be taken: the period the notice states.

    The period cannot end before the time for appealing does (FOIA s.50(6), applied to the EIR
    by reg 18: 28 days to the First-tier Tribunal; FOISA s.49(7): 42 days to the Court of
    Session), so a shorter period is refused. Without one, the regulator's usual period.
    """
    appeal = rules_for(regime).appeal
    if period_days is None:
        period_days = appeal.default_compliance_days
    if not isinstance(period_days, int) or isinstance(period_days, bool) or period_days < 1:
        raise DeadlineError(f"A decision notice period must be at least 1 day: {period_days!r}")
    if period_days < appeal.days:
        raise DeadlineError(
            f"The period for the steps must be at least {appeal.days} days: it cannot end "
            f"before the time for appealing to the {appeal.short_court} does "
            f"({appeal.compliance_basis})"
        )
    decision = appeal.decision_name  # the ICO's decision notice, the SIC's decision
    return _calendar_day_deadline(
        key="decision_notice_compliance",
        label=f"The authority must take the steps in the {decision} by",
        start=dn_date,
        calendar_days=period_days,
        basis=(
            f"{period_days} calendar days from the date of the {decision}, as it states; "
            f"not before the {appeal.days} days for appealing end ({appeal.compliance_basis})"
        ),
    )


def tribunal_appeal(
    dn_sent_date: date,
    *,
    regime: Regime | str = Regime.FOIA,
    overrides: Iterable[HolidayOverride] = (),
) -> Deadline:
    """The day by which the First-tier Tribunal must receive a notice of appeal against a DN.

    GRC Rules 2009 r.22(1)(b): 28 days after the notice was sent; r.12(1): by 5pm on that day.
    r.12(2) lets a time limit that ends on a day other than a working day be met on the next
    working day, and r.1(3) defines a working day as any day but a weekend, Christmas Day, Good
    Friday or "a bank holiday under section 1 of the Banking and Financial Dealings Act 1971",
    without FOIA s.10(6)'s "in any part of the United Kingdom". The tribunal receives appeals in
    England, so the basis promises the later day when day 28 is not a working day in England and
    Wales; a holiday kept only in Scotland or Northern Ireland (St Andrew's Day, St Patrick's
    Day, 12 July ...) is named, with no promise. The due date itself is always the strict one.
    `overrides` are not used: an administrator's change does not say where a day is kept.
    """
    regime = as_regime(regime)
    appeal = rules_for(regime).appeal
    if appeal.days != TRIBUNAL_APPEAL_DAYS:
        raise DeadlineError(
            "Decisions of the Scottish Information Commissioner are appealed to the Court of "
            "Session on a point of law (FOISA s.56), not to the First-tier Tribunal"
        )
    due = dn_sent_date + timedelta(days=TRIBUNAL_APPEAL_DAYS)
    basis = (
        "28 calendar days from the date the decision notice was sent; the tribunal must "
        "receive the notice of appeal by 5pm that day (GRC Rules 2009 r.22(1)(b), r.12(1))"
    )
    reason = non_working_in_england_and_wales(due)
    if reason is not None:
        later = due + timedelta(days=1)
        while non_working_in_england_and_wales(later) is not None:
            later += timedelta(days=1)
        basis += (
            f". That day is not a working day ({reason}), so a notice received by 5pm on "
            f"{_format(later)} is still in time (r.12(2), r.1(3))"
        )
    elif (elsewhere := bank_holiday_outside_england_and_wales(due)) is not None:
        basis += (
            f". That day is a bank holiday only outside England and Wales ({elsewhere}); the "
            "tribunal's rules (r.1(3), r.12(2)) do not make plain that it moves the time "
            "limit, so make sure the notice arrives by then"
        )
    return _calendar_day_deadline(
        key="tribunal_appeal",
        label="The First-tier Tribunal must receive any notice of appeal by",
        start=dn_sent_date,
        calendar_days=TRIBUNAL_APPEAL_DAYS,
        basis=basis,
    )


def court_of_session_appeal(decision_date: date) -> Deadline:
    """The day by which an appeal against a Scottish Information Commissioner's decision must be
    lodged: FOISA s.56 allows an appeal on a point of law only, to the Court of Session, and sets
    no period, so Rules of the Court of Session r.41.20(1)(b)(i) (Chapter 41, appeals under
    statute) applies: 42 days after the date on which the decision was intimated to the
    appellant; the decision's date is taken to be that day (the SIC sends its decision to both
    parties when it is made)."""
    appeal = rules_for(Regime.FOISA).appeal
    return _calendar_day_deadline(
        key=appeal.deadline_key,
        label="Any appeal to the Court of Session must be lodged by",
        start=decision_date,
        calendar_days=appeal.days,
        basis=(
            f"{appeal.days} calendar days from the date of the Commissioner's decision, the day "
            f"it was intimated to the parties; an appeal {appeal.scope} ({appeal.basis})"
        ),
    )


def regulator_decision_appeal(
    regime: Regime | str, decision_date: date, *, overrides: Iterable[HolidayOverride] = ()
) -> Deadline:
    """The appeal clock the regime's route gives: the First-tier Tribunal for FOIA and the EIR,
    the Court of Session for FOISA."""
    if rules_for(regime).appeal.deadline_key == "court_of_session_appeal":
        return court_of_session_appeal(decision_date)
    return tribunal_appeal(decision_date, regime=regime, overrides=overrides)


def review_deadlines(
    regime: Regime | str,
    received: date,
    *,
    extended: bool = False,
    policy: AuthorityPolicy | None = None,
    overrides: Iterable[HolidayOverride] = (),
) -> list[Deadline]:
    """The clocks that run once a request for review arrives, earliest first."""
    overrides = tuple(overrides)
    deadlines = [
        review_response_due(
            regime, received, extended=extended, policy=policy, overrides=overrides
        ),
        regulator_chaser(regime, received, policy=policy, overrides=overrides),
        regulator_route_opens(regime, received, policy=policy, overrides=overrides),
    ]
    return sorted((d for d in deadlines if d is not None), key=lambda d: d.due)
