"""Where a requester's complaint has got to, for their case page.

At every stage the page says four things (issue 12 item 4): where the case is, what has been
decided (with the letter), the next date that matters, and what the requester can do now. They
are worked out here from the case and its regulator stage, so every stage says all four, in the
regime's and the regulator's own words; the view only turns the ``Step.action`` names into
links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from review_service.cases.clocks import regulator_opens
from review_service.cases.models import Case
from review_service.cases.notifications import (
    Delivery,
    delivery_to_authority,
    regulator_name,
)
from review_service.cases.services import WITHDRAWN_BY_REQUESTER
from review_service.domain.dates import long_date, long_date_or
from review_service.domain.kinds import LetterKind
from review_service.domain.lifecycle import CaseStatus
from review_service.domain.regimes import rules_for
from review_service.domain.regulators import regulator_for
from review_service.domain.review import ReviewOutcome
from review_service.letters.models import Letter
from review_service.letters.services import latest_letter
from review_service.regulator import queries as regulator_queries
from review_service.regulator import services as regulator
from review_service.regulator.models import DecisionNotice, RegulatorReferral, TribunalAppeal

S = CaseStatus


@dataclass(frozen=True)
class Decision:
    """One thing decided: the review's outcome, the regulator's decision, the appeal's."""

    heading: str
    lines: tuple[str, ...]
    letter: Letter | None = None


@dataclass(frozen=True)
class NextDate:
    label: str
    due: dt.date
    basis: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class Step:
    """Something the requester can do; ``action`` names a page the view links to:
    "regulator", "withdraw", "complaint_pdf", "start"."""

    text: str
    action: str | None = None
    link_text: str = ""


@dataclass(frozen=True)
class Progress:
    where: str
    decisions: tuple[Decision, ...]
    next_date: NextDate | None
    no_date: str  # what the page says when there is no next date
    nothing_decided: str  # what the page says when nothing has been decided
    steps: tuple[Step, ...]
    delivery: Delivery | None


def requester_progress(session: Session, case: Case, *, today: dt.date) -> Progress:
    stage = _Stage(session, case, today)
    return Progress(
        where=stage.where(),
        decisions=stage.decisions(),
        next_date=stage.next_date(),
        no_date=stage.no_date(),
        nothing_decided=stage.nothing_decided(),
        steps=stage.steps(),
        delivery=stage.delivery,
    )


class _Stage:
    def __init__(self, session: Session, case: Case, today: dt.date) -> None:
        self.session = session
        self.case = case
        self.today = today
        self.status = CaseStatus(case.status)
        self.rules = rules_for(case.regime)
        self.review = self.rules.review_name
        self.court = self.rules.appeal.court
        self.regulator = regulator_name(case.regime)
        # complain to the ICO, apply to the SIC (FOISA s.47(1))
        self.regulator_profile = regulator_for(case.regime)
        self.verb = self.regulator_profile.verb
        self.complaint = self.regulator_profile.complaint_word
        self.authority = case.authority.name
        self.delivery = delivery_to_authority(session, case)
        self.referral: RegulatorReferral | None = regulator_queries.referral_for(session, case)
        self.notice: DecisionNotice | None = regulator_queries.decision_notice_for(session, case)
        self.appeal: TribunalAppeal | None = regulator_queries.appeal_for(session, case)

    # -- where the case is ------------------------------------------------------------------

    def where(self) -> str:
        case, status = self.case, self.status
        if status is S.WITHDRAWN:
            reason = case.closure_reason
            return f"Your complaint was withdrawn on {_on(case.closed_on)}" + (
                f": “{reason}”" if reason and reason != WITHDRAWN_BY_REQUESTER else "."
            )
        if status is S.CLOSED:
            return f"Your complaint was closed on {_on(case.closed_on)}: {case.closure_reason}"
        if status is S.RECEIVED:
            if self.delivery is not None:
                return (
                    f"{self.delivery.summary}. {self.authority} does not use this service, so "
                    "it will reply to you directly."
                )
            if case.acknowledged_on is not None:
                return (
                    f"{self.authority} acknowledged your complaint on "
                    f"{long_date(case.acknowledged_on)}. Someone who was not involved in the "
                    "original decision will look at your request again."
                )
            return f"{self.authority} has your complaint. It has not acknowledged it yet."
        if status is S.IN_REVIEW:
            return (
                f"A reviewer at {self.authority}, who was not involved in the original "
                f"decision, is looking at your request again (the {self.review})."
                + (
                    f" The {self.review} was given more time: {case.extension_reason}"
                    if case.extended
                    else ""
                )
            )
        if status is S.DECIDED and case.outcome is not None:
            return (
                f"{self.authority} has sent you the outcome of its {self.review}: "
                f"{ReviewOutcome(case.outcome).label.lower()}."
            )
        if status is S.REFERRED and self.referral is not None:
            reference = self.referral.regulator_reference
            return (
                f"You {self.regulator_profile.past_verb} to {self.regulator} on "
                f"{long_date(self.referral.referred_on)}."
                + (
                    f" Its case reference is {reference}."
                    if reference
                    else " It has not given a case reference yet."
                )
            )
        if status is S.REGULATOR_DECIDED:
            return f"{_capital(self.regulator)} has decided your {self.complaint}."
        if status is S.APPEALED and self.appeal is not None:
            if self.appeal.outcome:
                return f"The {self.court} has decided the appeal against the decision."
            return f"The decision on your complaint is under appeal to the {self.court}."
        return f"Your complaint is {status.label.lower()}."

    # -- what was decided -------------------------------------------------------------------

    def decisions(self) -> tuple[Decision, ...]:
        case = self.case
        found: list[Decision] = []
        if case.outcome is not None:
            found.append(
                Decision(
                    f"Outcome of the {self.review}",
                    (f"{ReviewOutcome(case.outcome).label}, sent on {_on(case.decided_on)}.",),
                    latest_letter(self.session, case, LetterKind.OUTCOME),
                )
            )
        notice = self.notice
        if notice is not None and notice.kind == "decision_notice":
            decision = self.rules.appeal.decision_name.capitalize()
            lines = [f"{decision} {notice.reference}, sent on {long_date(notice.issued_on)}."]
            labels = regulator.DN_OUTCOME_LABELS
            lines += [
                f"{finding.provision}: {labels.get(finding.outcome, finding.outcome).lower()}"
                for finding in notice.findings
            ]
            if notice.steps_required:
                lines.append(
                    f"Steps {self.authority} must take"
                    + (
                        f" by {long_date(notice.compliance_due_on)}"
                        if notice.compliance_due_on
                        else ""
                    )
                    + f": {notice.steps_required}"
                )
                if notice.complied_on is not None:
                    lines.append(
                        f"{self.authority} took the steps on {long_date(notice.complied_on)}."
                    )
            found.append(
                Decision(f"{_capital(self.regulator_profile.possessive)} decision", tuple(lines))
            )
        elif notice is not None:
            found.append(
                Decision(
                    f"{_capital(self.regulator_profile.possessive)} decision",
                    (
                        f"Your {self.complaint} was resolved informally on "
                        f"{long_date(notice.issued_on)}.",
                    ),
                )
            )
        appeal = self.appeal
        if appeal is not None:
            who = "You" if appeal.appellant == "requester" else self.authority
            lines = [f"{who} appealed on {long_date(appeal.lodged_on)}."]
            if appeal.outcome:
                outcomes = rules_for(self.case.regime).appeal.outcome_labels
                label = outcomes.get(appeal.outcome, appeal.outcome)
                lines.append(f"{label}, on {_on(appeal.outcome_on)}.")
            else:
                lines.append(f"The {self.court} has not decided it yet.")
            found.append(Decision(f"Appeal to the {self.court}", tuple(lines)))
        return tuple(found)

    # -- the next date that matters ---------------------------------------------------------

    def next_date(self) -> NextDate | None:
        case, status = self.case, self.status
        if status in (S.RECEIVED, S.IN_REVIEW):
            check = regulator.eligibility(self.session, case, today=self.today)
            if check.available and check.window is not None:
                return NextDate(
                    f"The {self.review} is overdue: {self.verb} to {self.regulator} by",
                    check.window.due,
                    check.window.basis,
                    overdue=check.out_of_time,
                )
            return NextDate(
                f"{self.authority} should send you the outcome of its {self.review} by",
                case.review_due_on,
                overdue=self.today > case.review_due_on,
            )
        if status is S.DECIDED:
            check = regulator.eligibility(self.session, case, today=self.today)
            if check.window is not None:
                return NextDate(
                    f"If you are unhappy with the outcome, {self.verb} to {self.regulator} by",
                    check.window.due,
                    check.window.basis,
                    overdue=check.out_of_time,
                )
        notice = self.notice
        if status is S.REGULATOR_DECIDED and notice is not None:
            if notice.appeal_due_on is not None and notice.appeal_due_on >= self.today:
                return NextDate(
                    f"Either side can appeal to the {self.court} until", notice.appeal_due_on
                )
            if notice.compliance_due_on is not None and notice.complied_on is None:
                return NextDate(
                    f"{self.authority} must take the steps by",
                    notice.compliance_due_on,
                    overdue=self.today > notice.compliance_due_on,
                )
        return None

    def nothing_decided(self) -> str:
        if self.status.is_open:
            return "Nothing yet."
        return (
            f"Nothing: your complaint was {self.status.label.lower()} before anything was decided."
        )

    def no_date(self) -> str:
        status = self.status
        if not status.is_open:
            return f"None: your complaint is {status.label.lower()}."
        if status is S.REFERRED:
            return f"None yet: {self.regulator} does not set a date for its decision."
        if status is S.APPEALED and self.appeal is not None and self.appeal.outcome:
            return (
                f"None here: the {self.court}'s decision says whether it can be appealed "
                "further, and by when."
            )
        if status is S.APPEALED:
            return f"None here: the {self.court} sets its own dates and will write to you."
        return "None."

    # -- what the requester can do now ------------------------------------------------------

    def steps(self) -> tuple[Step, ...]:
        case, status = self.case, self.status
        steps: list[Step] = []
        regulator_page = Step(
            f"See your {self.complaint} to {self.regulator} and what you sent.",
            "regulator",
            f"Your {self.complaint} to {self.regulator}",
        )
        if status in (S.RECEIVED, S.IN_REVIEW):
            if self.delivery is not None and self.delivery.given_up:
                steps.append(
                    Step(
                        f"We could not e-mail your complaint to {self.delivery.address}. Send it "
                        f"to {self.authority} yourself, at the address on its reply to you.",
                        "complaint_pdf",
                        "Download your complaint (PDF)",
                    )
                )
            check = regulator.eligibility(self.session, case, today=self.today)
            if check.available:
                steps.append(
                    Step(
                        f"The {self.review} is overdue. You can {self.verb} to {self.regulator} "
                        "now.",
                        "regulator",
                        f"{self.verb.capitalize()} to {self.regulator}",
                    )
                )
            else:
                opens = regulator_opens(case)
                steps.append(
                    Step(
                        f"Wait for the outcome of the {self.review}. If there is none by "
                        f"{long_date(opens.due)}, you can {self.verb} to {self.regulator}."
                    )
                )
            steps.append(
                Step(
                    f"If you no longer want {self.authority} to look at its response again, "
                    "you can withdraw your complaint.",
                    "withdraw",
                    "Withdraw your complaint",
                )
            )
        elif status is S.DECIDED:
            steps.append(
                Step(
                    f"If you are not happy with the outcome, you can {self.verb} to "
                    f"{self.regulator}.",
                    "regulator",
                    f"{self.verb.capitalize()} to {self.regulator}",
                )
            )
            steps.append(Step("If you are happy with it, you need do nothing more."))
        elif status is S.REFERRED:
            steps.append(regulator_page)
            steps.append(
                Step(
                    f"{_capital(self.regulator)} will contact you. If you no longer want it to "
                    "investigate, tell it directly."
                )
            )
        elif status is S.REGULATOR_DECIDED:
            notice = self.notice
            if notice is not None and notice.appeal_due_on is not None:
                steps.append(
                    Step(
                        f"If you disagree with the {self.rules.appeal.decision_name}, you can "
                        "appeal to the "
                        f"{self.court} ({self.rules.appeal.scope}). It must receive your appeal "
                        f"by {long_date(notice.appeal_due_on)}."
                    )
                )
            if notice is not None and notice.steps_required and notice.complied_on is None:
                steps.append(
                    Step(
                        f"If {self.authority} does not take the steps in time, tell "
                        f"{self.regulator}: it can enforce its decision."
                    )
                )
            steps.append(regulator_page)
        elif status is S.APPEALED and self.appeal is not None and self.appeal.outcome:
            steps.append(
                Step(
                    f"Read the {self.court}'s decision: it says what happens now, and whether "
                    "either side can appeal it further."
                )
            )
            notice = self.notice
            if (
                self.appeal.outcome in self.rules.appeal.decision_stands_after
                and notice is not None
                and notice.steps_required
                and notice.complied_on is None
            ):
                steps.append(
                    Step(
                        f"If {self.authority} does not take the steps ordered, tell "
                        f"{self.regulator}: it can enforce its decision."
                    )
                )
            steps.append(regulator_page)
        elif status is S.APPEALED:
            steps.append(
                Step(f"The {self.court} will write to you about the appeal and its hearing.")
            )
            steps.append(regulator_page)
        elif status is S.CLOSED:
            steps.append(
                Step(
                    "Nothing more is needed. If you think it was closed by mistake, contact "
                    f"{self.authority}"
                    + (f" at {case.authority.email}." if case.authority.email else ".")
                )
            )
            if self.referral is not None:
                steps.append(regulator_page)
        elif status is S.WITHDRAWN:
            steps.append(
                Step(
                    "Nothing more is needed. If you change your mind, you can make a new "
                    "complaint, though it may now be late.",
                    "start",
                    "Make a new complaint",
                )
            )
        return tuple(steps)


def _on(day: dt.date | None) -> str:
    """A date the services always set at that stage, said safely if one ever is not."""
    return long_date_or(day, "a date not recorded")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
