"""Reminder e-mails, queued by ``review-service reminders`` (run from cron).

Each reminder has a stable key: (case, kind, the date it is about, recipient). The outbox keeps
one message per key (a unique ``dedupe_key``), so running the job twice, or again after an
interrupted run was rolled back, sends nothing twice. A new date (a review extended, say) is
a new reminder.

At scale the job works in batches: the cases that can need a reminder are read with everything
the messages name in a few queries, each regime's holidays are read once, the keys already
queued are looked up together, and the new messages are written with one bulk INSERT. Runs on
several machines at once take turns (a PostgreSQL advisory lock; SQLite's write lock), so
each reminder is queued once.

Reminders:
- ``review_due_soon``: the review outcome is due within 5 working days (to the reviewer, or the
  authority's caseworkers while nobody is assigned).
- ``review_overdue``: the review outcome is late (to the reviewer and caseworkers; and to the
  requester, with what they can do, until the regulator route opens).
- ``regulator_route_open``: no outcome and the regime's period has passed (FOIA/EIR: 40 working
  days, FOISA: 20), so the requester can go to the ICO or SIC.
- ``compliance_due_soon`` / ``compliance_overdue``: the steps a decision notice orders.
- ``tribunal_window_closing``: the 28 days to appeal a decision notice end within 5 working days
  (to both parties: either may appeal).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session, joinedload

from review_service import clock
from review_service.accounts.models import Role, User
from review_service.cases.clocks import DUE_SOON_WORKING_DAYS, CaseClocks
from review_service.cases.models import Case
from review_service.cases.notifications import case_url, staff_case_url
from review_service.cases.policy import holiday_overrides
from review_service.domain.calendar import WorkingDayCalendar, calendar_for
from review_service.domain.lifecycle import OVERDUE_REFERRAL_STATES, CaseStatus
from review_service.domain.regimes import rules_for
from review_service.domain.regulators import regulator_for
from review_service.letters.services import format_date
from review_service.mail.models import OutboxMessage
from review_service.mail.services import message_values
from review_service.regulator.chronology import review_name, working_days
from review_service.regulator.models import DecisionNotice, TribunalAppeal
from review_service.web.links import external_url

# Five working days never span more than this many calendar days (weekends, Christmas and the
# New Year together), so cases due later need no look.
DUE_SOON_HORIZON = dt.timedelta(days=21)
KEY_BATCH = 500
INSERT_BATCH = 1_000
# pg_advisory_xact_lock key: "reminders" in ASCII, so no other lock in the service uses it.
ADVISORY_LOCK = 0x72656D696E646572


@dataclass(frozen=True)
class Reminder:
    case: Case
    kind: str
    due: dt.date
    recipient: User
    subject: str
    body: str

    @property
    def dedupe_key(self) -> str:
        # Ids, not e-mail addresses: stable, and short enough for the column.
        return f"reminder:{self.case.id}:{self.kind}:{self.due.isoformat()}:{self.recipient.id}"


def queue_reminders(session: Session, *, today: dt.date | None = None) -> int:
    """Queue every reminder due today that has not been queued before; return how many."""
    today = today or clock.today()
    _one_run_at_a_time(session)
    wanted: dict[str, Reminder] = {}
    for reminder in _reminders(session, today):
        wanted.setdefault(reminder.dedupe_key, reminder)
    keys = list(wanted)
    for start in range(0, len(keys), KEY_BATCH):
        batch = keys[start : start + KEY_BATCH]
        for key in session.scalars(
            select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(batch))
        ):
            if key is not None:
                wanted.pop(key, None)
    rows = [
        message_values(
            to=r.recipient.email, subject=r.subject, body=r.body, case_id=r.case.id, dedupe_key=key
        )
        for key, r in wanted.items()
    ]
    for start in range(0, len(rows), INSERT_BATCH):
        session.execute(insert(OutboxMessage), rows[start : start + INSERT_BATCH])
    session.flush()
    return len(rows)


def _one_run_at_a_time(session: Session) -> None:
    """Runs on several machines take turns until the end of the transaction: the second finds
    the first's reminders already queued, instead of colliding with them."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
    elif dialect == "sqlite":
        # A write starts SQLite's write transaction now, not at the INSERT at the end.
        session.execute(text("UPDATE outbox_messages SET id = id WHERE 0"))


def _reminders(session: Session, today: dt.date) -> Iterable[Reminder]:
    caseworkers = _Caseworkers(session)
    calendars = _Calendars(session)
    yield from _review_reminders(session, today, caseworkers, calendars)
    yield from _decision_notice_reminders(session, today, caseworkers, calendars)


class _Calendars:
    """Each regime's holidays read once per run, and the dates computed from them."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._overrides: dict[str, tuple[Any, ...]] = {}

    def overrides(self, regime: str) -> tuple[Any, ...]:
        if regime not in self._overrides:
            self._overrides[regime] = holiday_overrides(self._session, regime)
        return self._overrides[regime]

    def for_case(self, case: Case) -> WorkingDayCalendar:
        return calendar_for(case.regime, self.overrides(case.regime))

    def clocks(self, case: Case) -> CaseClocks:
        """The case's clocks, on the holidays read once for the run."""
        return CaseClocks(self._session, case, overrides=self.overrides(case.regime))


# ---------------------------------------------------------------------------------------------
# Recipients and wording


class _Caseworkers:
    """Active caseworkers for an authority; staff tied to no authority stand in when it has none."""

    def __init__(self, session: Session) -> None:
        self._by_authority: dict[int | None, list[User]] = {}
        for user in session.scalars(
            select(User)
            .where(User.role == Role.CASEWORKER.value, User.is_active_account.is_(True))
            .order_by(User.id)
        ):
            self._by_authority.setdefault(user.authority_id, []).append(user)

    def for_case(self, case: Case) -> list[User]:
        return self._by_authority.get(case.authority_id) or self._by_authority.get(None, [])


def _staff_url(case: Case) -> str:
    return staff_case_url(case)


def _regulator_url(case: Case) -> str:
    return external_url("regulator.pack", reference=case.reference)


def _staff_regulator_url(case: Case) -> str:
    return external_url("regulator.case", reference=case.reference)


def _letter(user: User, *paragraphs: str) -> str:
    return "\n\n".join((f"Dear {user.name},", *paragraphs, "Review service"))


def _due_in(calendar: WorkingDayCalendar, today: dt.date, due: dt.date) -> str:
    if due == today:
        return "today"
    return f"in {working_days(calendar.working_days_between(today, due))}"


# ---------------------------------------------------------------------------------------------
# The review stage


def _review_reminders(
    session: Session, today: dt.date, caseworkers: _Caseworkers, calendars: _Calendars
) -> Iterable[Reminder]:
    states = [s.value for s in OVERDUE_REFERRAL_STATES]
    for case in session.scalars(
        select(Case)
        .where(Case.status.in_(states), Case.review_due_on <= today + DUE_SOON_HORIZON)
        .options(joinedload(Case.authority), joinedload(Case.requester), joinedload(Case.reviewer))
        .order_by(Case.review_due_on, Case.id)
    ):
        calendar = calendars.for_case(case)
        review = review_name(case.regime)
        due = case.review_due_on
        staff = [case.reviewer] if case.reviewer is not None else []
        opens = calendars.clocks(case).regulator_route_opens
        route_open = opens.is_overdue(today)
        if today <= due:
            if calendar.working_days_between(today, due) > DUE_SOON_WORKING_DAYS:
                continue
            for user in staff or caseworkers.for_case(case):
                yield Reminder(
                    case,
                    "review_due_soon",
                    due,
                    user,
                    f"Review {case.reference} due {format_date(due)}",
                    _letter(
                        user,
                        f"The {review} {case.reference} ({case.authority.name}) is due "
                        f"{_due_in(calendar, today, due)}, by the end of {format_date(due)}."
                        + (
                            ""
                            if case.reviewer is not None
                            else " Nobody has been assigned to it yet."
                        ),
                        _staff_url(case),
                    ),
                )
            continue

        late = calendar.working_days_between(due, today)
        for user in [*staff, *caseworkers.for_case(case)]:
            yield Reminder(
                case,
                "review_overdue",
                due,
                user,
                f"Review {case.reference} is overdue",
                _letter(
                    user,
                    f"The {review} {case.reference} ({case.authority.name}) was due by "
                    f"{format_date(due)} and is now {working_days(late)} late.",
                    f"The requester can complain to the {regulator_for(case.regime).name} "
                    f"about a review with no outcome after {format_date(opens.due)}.",
                    _staff_url(case),
                ),
            )
        requester = case.requester
        if not route_open:
            # Once the route is open the next reminder says everything this one would.
            chase = (
                "You can remind the authority that the outcome is overdue. "
                if rules_for(case.regime).chase_before_complaining
                else ""
            )
            yield Reminder(
                case,
                "review_overdue",
                due,
                requester,
                f"Your complaint {case.reference}: the review is overdue",
                _letter(
                    requester,
                    f"{case.authority.name} should have sent you the outcome of its {review} by "
                    f"{format_date(due)}. It has not told us it has done so.",
                    f"{chase}If there is still no outcome by {format_date(opens.due)}, you can "
                    f"complain to the {regulator_for(case.regime).name}.",
                    case_url(case),
                ),
            )
        else:
            regulator = regulator_for(case.regime)
            yield Reminder(
                case,
                "regulator_route_open",
                opens.due,
                requester,
                f"Your complaint {case.reference}: you can now go to the {regulator.short_name}",
                _letter(
                    requester,
                    f"{case.authority.name} has not sent the outcome of its {review}, which "
                    f"you asked for on {format_date(case.received_on)}. Since "
                    f"{format_date(opens.due)} ({opens.basis}) you can complain to the "
                    f"{regulator.name}.",
                    "We have prepared your complaint for you: the answers to the "
                    f"{regulator.short_name}'s questions, the documents it needs, and a single "
                    f"PDF to send. {_regulator_url(case)}",
                ),
            )


# ---------------------------------------------------------------------------------------------
# Decision notices


def _decision_notice_reminders(
    session: Session, today: dt.date, caseworkers: _Caseworkers, calendars: _Calendars
) -> Iterable[Reminder]:
    decided = Case.status == CaseStatus.REGULATOR_DECIDED.value
    appealed = set(
        session.scalars(
            select(TribunalAppeal.case_id)
            .join(Case, Case.id == TribunalAppeal.case_id)
            .where(decided)
        )
    )
    rows = session.execute(
        select(DecisionNotice, Case)
        .join(Case, Case.id == DecisionNotice.case_id)
        .where(decided)
        .options(joinedload(Case.authority), joinedload(Case.requester))
        .order_by(DecisionNotice.issued_on, DecisionNotice.id)
    )
    for notice, case in rows:
        calendar = calendars.for_case(case)
        regulator = regulator_for(case.regime)
        label = (
            f"{rules_for(case.regime).appeal.decision_name} {notice.reference}"
            if notice.kind == "decision_notice"
            else "informal resolution"
        )
        # The steps a notice orders (FOIA s.50(4)); overdue steps can be reported to the
        # regulator, who may certify the failure to the court (s.54).
        due = notice.compliance_due_on
        if due is not None and notice.complied_on is None:
            if today <= due:
                if calendar.working_days_between(today, due) <= DUE_SOON_WORKING_DAYS:
                    for user in caseworkers.for_case(case):
                        yield Reminder(
                            case,
                            "compliance_due_soon",
                            due,
                            user,
                            f"Case {case.reference}: steps due by {format_date(due)}",
                            _letter(
                                user,
                                f"The {label} for {case.reference} ({case.authority.name}) "
                                f"requires steps by {format_date(due)}, "
                                f"{_due_in(calendar, today, due)}:",
                                notice.steps_required,
                                "Record when the steps are taken: " + _staff_regulator_url(case),
                            ),
                        )
            else:
                for user in caseworkers.for_case(case):
                    yield Reminder(
                        case,
                        "compliance_overdue",
                        due,
                        user,
                        f"Case {case.reference}: decision notice steps overdue",
                        _letter(
                            user,
                            f"The {label} for {case.reference} required steps by "
                            f"{format_date(due)}, and no compliance has been recorded.",
                            notice.steps_required,
                            _staff_regulator_url(case),
                        ),
                    )
                yield Reminder(
                    case,
                    "compliance_overdue",
                    due,
                    case.requester,
                    f"Your complaint {case.reference}: the authority's steps were due",
                    _letter(
                        case.requester,
                        f"The {regulator.name}'s {label} required {case.authority.name} to take "
                        f"steps by {format_date(due)}. It has not told us it has done so.",
                        f"If it has not, tell the {regulator.short_name}, quoting "
                        f"{notice.reference or 'your case reference'}.",
                        case_url(case),
                    ),
                )

        # GRC Rules r.22(1)(b): an appeal must reach the tribunal within 28 days of the notice;
        # FOISA s.56: an appeal to the Court of Session within 42 days of the decision.
        appeal_due = notice.appeal_due_on
        if appeal_due is None or today > appeal_due:
            continue
        if calendar.working_days_between(today, appeal_due) > DUE_SOON_WORKING_DAYS:
            continue
        if case.id in appealed:
            continue
        route = rules_for(case.regime).appeal
        clock_ = calendars.clocks(case).decision_appeal(notice)
        closing = (
            f"Either party may appeal {label} to the {route.court} {route.scope}. "
            f"{clock_.label} {format_date(appeal_due)}, {_due_in(calendar, today, appeal_due)}."
        )
        for user in [case.requester, *caseworkers.for_case(case)]:
            yield Reminder(
                case,
                "tribunal_window_closing",
                appeal_due,
                user,
                f"Case {case.reference}: the time to appeal ends {format_date(appeal_due)}",
                _letter(
                    user,
                    closing,
                    case_url(case) if user.id == case.requester_id else _staff_regulator_url(case),
                ),
            )
