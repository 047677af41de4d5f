"""Reminder e-mails, queued by ``review-service reminders`` (run from cron).

Each reminder has a stable key: (case, kind, the date it is about, recipient). The outbox keeps
one message per key (a unique ``dedupe_key``), so running the job twice, or again after an
interrupted run was rolled back, sends nothing twice. A new date (a review extended, say) is
a new reminder.

At scale the job works in batches, in a number of statements that does not grow with the
cases: the cases that can need a reminder (open reviews due within three weeks or overdue,
decision notices with steps or an appeal window near) are read with everything the messages
name in one query per stage, as plain rows; every regime's holidays are read in one query
and each count is a bisection of a table of working days (domain/calendar.py); each
reminder's key is worked out first, the keys already queued are looked up in one query (an
array on PostgreSQL, a JSON list on SQLite), and only the new reminders' messages are
written, with bulk INSERTs of up to INSERT_BATCH rows. Runs on several machines at once take
turns (a PostgreSQL advisory lock; SQLite's write lock), so each reminder is queued once.

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
import functools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import String, and_, bindparam, func, insert, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased

from review_service import clock
from review_service.accounts.models import Authority, Role, User
from review_service.cases.clocks import DUE_SOON_WORKING_DAYS
from review_service.cases.models import Case
from review_service.cases.policy import holiday_overrides_by_regime
from review_service.cases.queries import REQUESTER, REVIEWER, open_cases, with_people
from review_service.domain import deadlines
from review_service.domain.calendar import (
    HolidayOverride,
    WorkingDayCalendar,
    as_regime,
    calendar_for,
)
from review_service.domain.lifecycle import OVERDUE_REFERRAL_STATES, CaseStatus
from review_service.domain.regimes import rules_for
from review_service.domain.regulators import regulator_for
from review_service.letters.services import format_date
from review_service.mail.models import OutboxMessage
from review_service.mail.services import message_values
from review_service.regulator.chronology import review_name, working_days
from review_service.regulator.models import DecisionNotice, TribunalAppeal

# Five working days never span more than this many calendar days (weekends, Christmas and the
# New Year together), so cases due later need no look.
DUE_SOON_HORIZON = dt.timedelta(days=21)
INSERT_BATCH = 5_000
# pg_advisory_xact_lock key: "reminders" in ASCII, so no other lock in the service uses it.
ADVISORY_LOCK = 0x72656D696E646572


# One of each per case and reminder (tens of thousands at scale): slotted classes, which are
# built several times faster than frozen ones.
@dataclass(slots=True)
class Person:
    """Someone a reminder goes to (or names)."""

    id: int
    name: str
    email: str


@dataclass(slots=True)
class CaseFacts:
    """What the messages say about a case, read with the case in one query."""

    id: int
    reference: str
    regime: str
    authority_id: int
    authority_name: str
    received_on: dt.date
    requester: Person


@dataclass(slots=True)
class Reminder:
    """One reminder, identified by its key; its words are written only if it is new."""

    case: CaseFacts
    kind: str
    due: dt.date
    recipient: Person
    compose: Callable[[], tuple[str, str]]  # (subject, body)

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
    for key in _already_queued(session, list(wanted)):
        wanted.pop(key, None)
    rows = []
    for key, reminder in wanted.items():
        subject, body = reminder.compose()
        rows.append(
            message_values(
                to=reminder.recipient.email,
                subject=subject,
                body=body,
                case_id=reminder.case.id,
                dedupe_key=key,
            )
        )
    for start in range(0, len(rows), INSERT_BATCH):
        session.execute(insert(OutboxMessage), rows[start : start + INSERT_BATCH])
    session.flush()
    return len(rows)


def _already_queued(session: Session, keys: list[str]) -> Iterable[str]:
    """Which of ``keys`` are in the outbox: one statement however many there are."""
    if not keys:
        return []
    if session.get_bind().dialect.name == "postgresql":
        wanted = bindparam("keys", keys, type_=ARRAY(String))
        return session.scalars(
            select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key == func.any(wanted))
        )
    return session.scalars(
        select(OutboxMessage.dedupe_key).where(
            OutboxMessage.dedupe_key.in_(
                select(text("value")).select_from(func.json_each(json.dumps(keys)))
            )
        )
    )


def _one_run_at_a_time(session: Session) -> None:
    """Runs on several machines take turns until the end of the transaction: the second finds
    the first's reminders already queued, instead of colliding with them."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
    elif dialect == "sqlite":
        # A write starts SQLite's write transaction now, not at the INSERT at the end.
        session.execute(text("UPDATE outbox_messages SET id = id WHERE 0"))


def _reminders(session: Session, today: dt.date) -> Iterator[Reminder]:
    run = _Run(session, today)
    yield from _review_reminders(session, run)
    yield from _decision_notice_reminders(session, run)


class _Run:
    """What every reminder of one run shares: the date, the calendars (every regime's holidays
    read in one query), the dates computed from them, the caseworkers and the link builder."""

    def __init__(self, session: Session, today: dt.date) -> None:
        self.today = today
        self._overrides: dict[str, tuple[HolidayOverride, ...]] = {
            regime.value: overrides
            for regime, overrides in holiday_overrides_by_regime(session).items()
        }
        self._route_opens: dict[tuple[str, dt.date], deadlines.Deadline] = {}
        self._calendars: dict[str, WorkingDayCalendar] = {}
        self._caseworkers: dict[int | None, list[Person]] = {}
        for user_id, name, email, authority_id in session.execute(
            select(User.id, User.name, User.email, User.authority_id)
            .where(User.role == Role.CASEWORKER.value, User.is_active_account.is_(True))
            .order_by(User.id)
        ):
            self._caseworkers.setdefault(authority_id, []).append(Person(user_id, name, email))
        base = urlsplit(str(current_app.config["BASE_URL"]))
        self._links = current_app.url_map.bind(
            base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http"
        )

    def calendar(self, case: CaseFacts) -> WorkingDayCalendar:
        calendar = self._calendars.get(case.regime)
        if calendar is None:
            overrides = self._overrides[as_regime(case.regime).value]
            calendar = self._calendars[case.regime] = calendar_for(case.regime, overrides)
        return calendar

    def route_opens(self, case: CaseFacts) -> deadlines.Deadline:
        """CaseClocks.regulator_route_opens for a case read as a row: the same count on the
        same holidays (the authority's policy does not move this date), once per regime and
        receipt date."""
        key = (case.regime, case.received_on)
        if key not in self._route_opens:
            self._route_opens[key] = deadlines.regulator_route_opens(
                case.regime,
                case.received_on,
                overrides=self._overrides[as_regime(case.regime).value],
            )
        return self._route_opens[key]

    def decision_appeal(self, case: CaseFacts, issued_on: dt.date) -> deadlines.Deadline:
        """CaseClocks.decision_appeal for a case read as a row."""
        return deadlines.regulator_decision_appeal(
            case.regime, issued_on, overrides=self._overrides[as_regime(case.regime).value]
        )

    def caseworkers(self, case: CaseFacts) -> list[Person]:
        """Active caseworkers for the authority; staff tied to no authority stand in when it
        has none."""
        return self._caseworkers.get(case.authority_id) or self._caseworkers.get(None, [])

    def due_in(self, case: CaseFacts, due: dt.date) -> str:
        if due == self.today:
            return "today"
        return f"in {working_days(self.calendar(case).working_days_between(self.today, due))}"

    # Links in the messages (web/links.external_url, with the map bound once per run).
    def _url(self, endpoint: str, case: CaseFacts) -> str:
        return self._links.build(endpoint, {"reference": case.reference}, force_external=True)

    def case_url(self, case: CaseFacts) -> str:
        return self._url("complaints.case", case)

    def staff_url(self, case: CaseFacts) -> str:
        return self._url("staff.case", case)

    def regulator_url(self, case: CaseFacts) -> str:
        return self._url("regulator.pack", case)

    def staff_regulator_url(self, case: CaseFacts) -> str:
        return self._url("regulator.case", case)


def _to_each(
    people: Iterable[Person],
    case: CaseFacts,
    kind: str,
    due: dt.date,
    compose: Callable[[Person], tuple[str, str]],
) -> Iterator[Reminder]:
    """A reminder of one kind to each of ``people``; ``compose`` writes its words for the person
    (only if the reminder is new)."""
    for person in people:
        yield Reminder(case, kind, due, person, functools.partial(compose, person))


def _letter(user: Person, *paragraphs: str) -> str:
    return "\n\n".join((f"Dear {user.name},", *paragraphs, "Review service"))


def _people() -> tuple[Any, Any]:
    return aliased(User), aliased(User)


def _facts(row: Any) -> CaseFacts:
    return CaseFacts(
        id=row.id,
        reference=row.reference,
        regime=row.regime,
        authority_id=row.authority_id,
        authority_name=row.authority_name,
        received_on=row.received_on,
        requester=Person(row.requester_id, row.requester_name, row.requester_email),
    )


def _case_columns(requester: Any) -> tuple[Any, ...]:
    return (
        Case.id,
        Case.reference,
        Case.regime,
        Case.authority_id,
        Authority.name.label("authority_name"),
        Case.received_on,
        requester.id.label("requester_id"),
        requester.name.label("requester_name"),
        requester.email.label("requester_email"),
    )


# ---------------------------------------------------------------------------------------------
# The review stage


def _review_reminders(session: Session, run: _Run) -> Iterator[Reminder]:
    today = run.today
    states = [s.value for s in OVERDUE_REFERRAL_STATES]
    # The queue's open cases at these stages, with the people named on them (cases.queries).
    rows = session.execute(
        with_people(
            open_cases(states).where(Case.review_due_on <= today + DUE_SOON_HORIZON),
            Case.authority_id,
            Case.received_on,
            REQUESTER.id.label("requester_id"),
            REQUESTER.email.label("requester_email"),
            REVIEWER.id.label("reviewer_id"),
            REVIEWER.email.label("reviewer_email"),
        ).order_by(Case.review_due_on, Case.id)
    )
    for row in rows:
        case = _facts(row)
        assigned = (
            Person(row.reviewer_id, row.reviewer_name, row.reviewer_email)
            if row.reviewer_id is not None
            else None
        )
        yield from _review_case_reminders(run, case, row.review_due_on, assigned)


def _review_case_reminders(
    run: _Run, case: CaseFacts, due: dt.date, reviewer: Person | None
) -> Iterator[Reminder]:
    today = run.today
    calendar = run.calendar(case)
    review = review_name(case.regime)
    staff = [reviewer] if reviewer is not None else []
    if today <= due:
        if calendar.working_days_between(today, due) > DUE_SOON_WORKING_DAYS:
            return

        def due_soon(user: Person) -> tuple[str, str]:
            return (
                f"Review {case.reference} due {format_date(due)}",
                _letter(
                    user,
                    f"The {review} {case.reference} ({case.authority_name}) is due "
                    f"{run.due_in(case, due)}, by the end of {format_date(due)}."
                    + ("" if reviewer is not None else " Nobody has been assigned to it yet."),
                    run.staff_url(case),
                ),
            )

        yield from _to_each(staff or run.caseworkers(case), case, "review_due_soon", due, due_soon)
        return

    opens = run.route_opens(case)

    def overdue(user: Person) -> tuple[str, str]:
        late = calendar.working_days_between(due, today)
        return (
            f"Review {case.reference} is overdue",
            _letter(
                user,
                f"The {review} {case.reference} ({case.authority_name}) was due by "
                f"{format_date(due)} and is now {working_days(late)} late.",
                f"The requester can {regulator_for(case.regime).complaint_verb} the "
                f"{regulator_for(case.regime).name} "
                f"about a review with no outcome after {format_date(opens.due)}.",
                run.staff_url(case),
            ),
        )

    yield from _to_each([*staff, *run.caseworkers(case)], case, "review_overdue", due, overdue)
    requester = case.requester
    if not opens.is_overdue(today):
        # Once the route is open the next reminder says everything this one would.

        def requester_overdue() -> tuple[str, str]:
            chase = (
                "You can remind the authority that the outcome is overdue. "
                if rules_for(case.regime).chase_before_complaining
                else ""
            )
            return (
                f"Your complaint {case.reference}: the {review} is overdue",
                _letter(
                    requester,
                    f"{case.authority_name} should have sent you the outcome of its {review} by "
                    f"{format_date(due)}. It has not told us it has done so.",
                    f"{chase}If there is still no outcome by {format_date(opens.due)}, you can "
                    f"{regulator_for(case.regime).complaint_verb} the "
                    f"{regulator_for(case.regime).name}.",
                    run.case_url(case),
                ),
            )

        yield Reminder(case, "review_overdue", due, requester, requester_overdue)
        return

    def route_open() -> tuple[str, str]:
        regulator = regulator_for(case.regime)
        return (
            f"Your complaint {case.reference}: you can now go to the {regulator.short_name}",
            _letter(
                requester,
                f"{case.authority_name} has not sent the outcome of its {review}, which "
                f"you asked for on {format_date(case.received_on)}. Since "
                f"{format_date(opens.due)} ({opens.basis}) you can {regulator.complaint_verb} the "
                f"{regulator.name}.",
                f"We have prepared your {regulator.complaint_word} for you: the answers to the "
                f"{regulator.short_name}'s questions, the documents it needs, and a single "
                f"PDF to send. {run.regulator_url(case)}",
            ),
        )

    yield Reminder(case, "regulator_route_open", opens.due, requester, route_open)


# ---------------------------------------------------------------------------------------------
# Decision notices


def _decision_notice_reminders(session: Session, run: _Run) -> Iterator[Reminder]:
    today = run.today
    horizon = today + DUE_SOON_HORIZON
    requester, _ = _people()
    appealed = (
        select(TribunalAppeal.id)
        .where(TribunalAppeal.case_id == Case.id)
        .exists()
        .label("appealed")
    )
    rows = session.execute(
        select(
            *_case_columns(requester),
            DecisionNotice.kind.label("notice_kind"),
            DecisionNotice.reference.label("notice_reference"),
            DecisionNotice.issued_on,
            DecisionNotice.steps_required,
            DecisionNotice.compliance_due_on,
            DecisionNotice.complied_on,
            DecisionNotice.appeal_due_on,
            appealed,
        )
        .join(Case, Case.id == DecisionNotice.case_id)
        .join(Authority, Authority.id == Case.authority_id)
        .join(requester, requester.id == Case.requester_id)
        .where(
            Case.status == CaseStatus.REGULATOR_DECIDED.value,
            # Only notices with a date near or passed: steps not yet recorded as taken, or
            # an appeal window that ends within three weeks.
            or_(
                and_(
                    DecisionNotice.compliance_due_on.is_not(None),
                    DecisionNotice.complied_on.is_(None),
                    DecisionNotice.compliance_due_on <= horizon,
                ),
                and_(
                    DecisionNotice.appeal_due_on >= today,
                    DecisionNotice.appeal_due_on <= horizon,
                ),
            ),
        )
        .order_by(DecisionNotice.issued_on, DecisionNotice.id)
    )
    for row in rows:
        yield from _notice_reminders(run, _facts(row), row)


def _notice_reminders(run: _Run, case: CaseFacts, notice: Any) -> Iterator[Reminder]:
    today = run.today
    calendar = run.calendar(case)
    regulator = regulator_for(case.regime)
    label = (
        f"{rules_for(case.regime).appeal.decision_name} {notice.notice_reference}"
        if notice.notice_kind == "decision_notice"
        else "informal resolution"
    )
    # The steps a notice orders (FOIA s.50(4)); overdue steps can be reported to the
    # regulator, who may certify the failure to the court (s.54).
    due = notice.compliance_due_on
    if due is not None and notice.complied_on is None:
        if today <= due:
            if calendar.working_days_between(today, due) <= DUE_SOON_WORKING_DAYS:

                def steps_soon(user: Person) -> tuple[str, str]:
                    return (
                        f"Case {case.reference}: steps due by {format_date(due)}",
                        _letter(
                            user,
                            f"The {label} for {case.reference} ({case.authority_name}) "
                            f"requires steps by {format_date(due)}, "
                            f"{run.due_in(case, due)}:",
                            notice.steps_required,
                            "Record when the steps are taken: " + run.staff_regulator_url(case),
                        ),
                    )

                yield from _to_each(
                    run.caseworkers(case), case, "compliance_due_soon", due, steps_soon
                )
        else:

            def steps_overdue(user: Person) -> tuple[str, str]:
                return (
                    f"Case {case.reference}: decision notice steps overdue",
                    _letter(
                        user,
                        f"The {label} for {case.reference} required steps by "
                        f"{format_date(due)}, and no compliance has been recorded.",
                        notice.steps_required,
                        run.staff_regulator_url(case),
                    ),
                )

            yield from _to_each(
                run.caseworkers(case), case, "compliance_overdue", due, steps_overdue
            )

            def requester_steps_overdue() -> tuple[str, str]:
                return (
                    f"Your complaint {case.reference}: the authority's steps were due",
                    _letter(
                        case.requester,
                        f"The {regulator.name}'s {label} required {case.authority_name} to take "
                        f"steps by {format_date(due)}. It has not told us it has done so.",
                        f"If it has not, tell the {regulator.short_name}, quoting "
                        f"{notice.notice_reference or 'your case reference'}.",
                        run.case_url(case),
                    ),
                )

            yield Reminder(case, "compliance_overdue", due, case.requester, requester_steps_overdue)

    # GRC Rules r.22(1)(b): an appeal must reach the tribunal within 28 days of the notice;
    # FOISA s.56: an appeal to the Court of Session within 42 days of the decision.
    appeal_due = notice.appeal_due_on
    if appeal_due is None or today > appeal_due:
        return
    if calendar.working_days_between(today, appeal_due) > DUE_SOON_WORKING_DAYS:
        return
    if notice.appealed:
        return

    def closing(user: Person) -> tuple[str, str]:
        route = rules_for(case.regime).appeal
        clock_ = run.decision_appeal(case, notice.issued_on)
        return (
            f"Case {case.reference}: the time to appeal ends {format_date(appeal_due)}",
            _letter(
                user,
                f"Either party may appeal {label} to the {route.court} {route.scope}. "
                f"{clock_.label} {format_date(appeal_due)}, {run.due_in(case, appeal_due)}.",
                run.case_url(case)
                if user.id == case.requester.id
                else run.staff_regulator_url(case),
            ),
        )

    yield from _to_each(
        [case.requester, *run.caseworkers(case)],
        case,
        "tribunal_window_closing",
        appeal_due,
        closing,
    )
