"""A case's clocks: which deadlines apply to a case, and when each falls.

The one place that counts them. The requester's and the staff case pages, the API's
``deadlines``, the regulator eligibility check, the e-mails and the reminders all read a case's
dates from here, each counted on the case's calendar (its regime's bank holidays with the
administrators' overrides, ``cases.policy.holiday_overrides``) under its authority's policy
(``cases.policy.authority_policy``), so no two of them can disagree. The counting rules
themselves are ``domain/deadlines.py``; the dates someone else set (the regulator's letter, a
decision notice) are read from the regulator stage's records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from sqlalchemy.orm import Session, object_session

from review_service.cases.models import Case
from review_service.cases.policy import authority_policy, holiday_overrides
from review_service.domain import deadlines
from review_service.domain.calendar import HolidayOverride, Regime
from review_service.domain.lifecycle import OVERDUE_REFERRAL_STATES, CaseStatus
from review_service.domain.regimes import rules_for
from review_service.regulator.models import DecisionNotice
from review_service.regulator.queries import decision_notice_for, referral_for

T = TypeVar("T")

# "Due soon": within five working days of the due date (the staff queue's urgency and the
# reminders both use it).
DUE_SOON_WORKING_DAYS = 5


@dataclass(frozen=True)
class Clock:
    """One date that applies to the case: what it is, when, and the rule behind it.

    ``counted`` is how the service counted it (start, days, the days skipped); it is None for a
    date someone else set (the regulator's investigation letter, a decision notice recorded
    before its period was checked)."""

    key: str
    label: str
    due: dt.date
    basis: str
    counted: deadlines.Deadline | None = None


def _clock(deadline: deadlines.Deadline, due: dt.date | None = None) -> Clock:
    return Clock(deadline.key, deadline.label, due or deadline.due, deadline.basis, deadline)


class CaseClocks:
    """Every clock of one case, each counted once. ``overrides`` may be passed by a caller that
    reads them once for many cases (the reminders)."""

    def __init__(
        self,
        session: Session | None,
        case: Case,
        *,
        overrides: Iterable[HolidayOverride] | None = None,
    ) -> None:
        self.session = session
        self.case = case
        self.regime = Regime(case.regime)
        self.policy = authority_policy(case.authority)
        if overrides is None:
            overrides = holiday_overrides(session, self.regime) if session is not None else ()
        self.overrides = tuple(overrides)

    def _count(self, clock: Callable[..., T], start: dt.date | None, **options: Any) -> T:
        """A clock of domain/deadlines.py counted for this case: under its regime, on its
        calendar, under its authority's policy."""
        return clock(self.regime, start, policy=self.policy, overrides=self.overrides, **options)

    @cached_property
    def review_due(self) -> deadlines.Deadline:
        """When the review outcome is due (the stored ``case.review_due_on`` is this date,
        moved when the holidays change)."""
        return self._count(
            deadlines.review_response_due, self.case.received_on, extended=self.case.extended
        )

    @cached_property
    def extended_review_due(self) -> dt.date | None:
        """The latest date an extension could set, or None where the review cannot be extended
        (only a FOIA review can, under the s.45 Code; the EIR and FOISA limits are statutory)."""
        if not rules_for(self.regime).review_extendable or self.case.extended:
            return None
        return self._count(deadlines.review_response_due, self.case.received_on, extended=True).due

    @cached_property
    def review_request_window(self) -> deadlines.Deadline | None:
        """The window the requester had to ask for this review, or None when the case has no
        date to count it from: FOIA and EIR with no response, or a FOISA case filed before the
        date the authority received the request was asked for (FOISA s.20(5) needs it)."""
        notice = self.case.refusal_notice
        try:
            return self._count(
                deadlines.review_request_window,
                None if notice.no_response else notice.issued_on,
                request_received_on=self.case.information_request.received_on,
            )
        except deadlines.DeadlineError:
            return None

    @cached_property
    def regulator_chaser(self) -> deadlines.Deadline | None:
        return self._count(deadlines.regulator_chaser, self.case.received_on)

    @cached_property
    def regulator_route_opens(self) -> deadlines.Deadline:
        """The last day of the review period: from the next day an overdue review may go to
        the regulator."""
        return self._count(deadlines.regulator_route_opens, self.case.received_on)

    @cached_property
    def regulator_complaint_window(self) -> deadlines.Deadline | None:
        """The regulator's time limit counted from the review outcome, once there is one."""
        if self.case.decided_on is None:
            return None
        return self._count(deadlines.regulator_complaint_window, self.case.decided_on)

    @cached_property
    def overdue_complaint_window(self) -> deadlines.Deadline:
        """The regulator's time limit for a review that never came, counted from the end of the
        review period."""
        return self._count(
            deadlines.regulator_complaint_window,
            self.regulator_route_opens.due,
            counted_from="review_period_expiry",
        )

    def decision_appeal(self, notice: DecisionNotice) -> deadlines.Deadline:
        """The appeal against the regulator's decision: "tribunal_appeal" for FOIA and the EIR,
        "court_of_session_appeal" for FOISA (s.56)."""
        return deadlines.regulator_decision_appeal(
            self.regime, notice.issued_on, overrides=self.overrides
        )

    def applicable(self) -> dict[str, Clock]:
        """The clocks that apply to the case now, by name, in the order a reader meets them."""
        if self.session is None:
            raise ValueError("The regulator stage's dates need a session.")
        case = self.case
        named: dict[str, Clock] = {}
        if self.review_request_window is not None:
            named["review_request_window"] = _clock(self.review_request_window)
        # The stored due date is the one the queue sorts on; the rule explains it.
        named["review_due"] = _clock(self.review_due, case.review_due_on)
        if CaseStatus(case.status) in OVERDUE_REFERRAL_STATES:
            if self.regulator_chaser is not None:
                named["regulator_chaser"] = _clock(self.regulator_chaser)
            named["regulator_route_opens"] = _clock(self.regulator_route_opens)
        if self.regulator_complaint_window is not None:
            named["regulator_complaint_window"] = _clock(self.regulator_complaint_window)
        referral = referral_for(self.session, case)
        if referral is not None and referral.submission_due_on is not None:
            named["submission_due"] = Clock(
                "submission_due",
                "The authority's submission to the regulator is due by",
                referral.submission_due_on,
                "the date set in the regulator's investigation letter",
            )
        notice = decision_notice_for(self.session, case)
        if notice is not None and notice.compliance_due_on is not None:
            counted = compliance_counted(case, notice)
            named["decision_notice_compliance"] = Clock(
                "decision_notice_compliance",
                "The authority must take the steps in the decision notice by",
                notice.compliance_due_on,
                counted.basis
                if counted is not None
                else f"{notice.compliance_days} calendar days from the date of the decision notice",
                counted,
            )
        if notice is not None and notice.appeal_due_on is not None:
            appeal = self.decision_appeal(notice)
            named[appeal.key] = _clock(appeal, notice.appeal_due_on)
        return named


def clocks_for(session: Session, case: Case) -> CaseClocks:
    return CaseClocks(session, case)


def applicable(session: Session, case: Case) -> dict[str, Clock]:
    """The case's applicable deadlines by name: the API's ``deadlines`` and the staff page."""
    return CaseClocks(session, case).applicable()


def review_due(session: Session, case: Case) -> deadlines.Deadline:
    return CaseClocks(session, case).review_due


def review_request_window(session: Session, case: Case) -> deadlines.Deadline | None:
    return CaseClocks(session, case).review_request_window


def regulator_opens(case: Case) -> deadlines.Deadline:
    """When an overdue review may go to the regulator, on the same holidays as the review
    deadline (so the e-mail and the pages agree)."""
    return CaseClocks(object_session(case), case).regulator_route_opens


def compliance_counted(case: Case, notice: DecisionNotice) -> deadlines.Deadline | None:
    """The rule behind a recorded steps period; None for one recorded before periods shorter
    than the appeal period were refused (its stored date still stands)."""
    try:
        return deadlines.decision_notice_compliance(
            notice.issued_on, notice.compliance_days, regime=case.regime
        )
    except deadlines.DeadlineError:
        return None


def compliance_basis(case: Case, notice: DecisionNotice) -> str | None:
    counted = compliance_counted(case, notice)
    return counted.basis if counted is not None else None
