"""The review queue: which cases a member of staff sees, filtered, searched and paged.

Keyset pagination on (review_due_on, id), never OFFSET: a page is "the next N cases after this
one in due-date order", so it stays fast on a large table and no case is skipped or repeated
when cases are added while someone pages through. The default (open cases) walks the partial
indexes on open cases (migration 0004) instead of skipping the closed history. A page reads only
the columns its rows show, in a fixed number of queries whether there are ten cases or
a hundred thousand. The page's count stops at MAX_COUNTED ("more than 1,000 cases"), so it costs
the same however many cases an authority has; the API counts a plain list in full (its contract)
and only a search up to MAX_COUNTED. A search matches its words once a page: the cases it finds
(at most MAX_COUNTED + 1 of them, their due dates and ids) are its count and where its page is.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Row, Select, and_, bindparam, exists, or_, select
from sqlalchemy.orm import Session

from review_service.accounts.models import Authority, Role, User
from review_service.cases import search as case_search
from review_service.cases.clocks import DUE_SOON_WORKING_DAYS
from review_service.cases.models import Case, CitedProvision
from review_service.cases.policy import working_day_calendars
from review_service.cases.queries import open_cases, with_people
from review_service.cases.search import MAX_COUNTED, capped_count, matching_cases
from review_service.cases.search import normalised as normalised_search
from review_service.db import plain_rows
from review_service.domain.calendar import Regime, WorkingDayCalendar
from review_service.domain.exemptions import catalogue
from review_service.domain.lifecycle import CaseStatus
from review_service.domain.regimes import rules_for
from review_service.web.numbers import whole_number

PAGE_SIZE = 25
__all__ = ["MAX_COUNTED"]

OPEN_STATUSES = tuple(s for s in CaseStatus if s.is_open)
# Only these stages run on the review clock; later ones have their own deadlines.
REVIEW_STAGE = (CaseStatus.RECEIVED, CaseStatus.IN_REVIEW)

Urgency = Literal["overdue", "due_soon", "on_track"]
Order = Literal["asc", "desc"]

UNASSIGNED = "unassigned"
ANY_REVIEWER = "all"


@dataclass(frozen=True)
class Cursor:
    """A position in due-date order: the (review_due_on, id) of the last row shown."""

    due: dt.date
    case_id: int

    def encode(self) -> str:
        return f"{self.due.isoformat()}_{self.case_id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """None for anything that is not a cursor this module wrote (a bad link is page 1)."""
        if not text:
            return None
        day, _, number = text.partition("_")
        case_id = whole_number(number)
        try:
            return cls(dt.date.fromisoformat(day), case_id) if case_id is not None else None
        except ValueError:
            return None


@dataclass(frozen=True)
class QueueFilters:
    statuses: tuple[str, ...] = ()  # empty: every open status
    reviewer: str = ANY_REVIEWER  # ANY_REVIEWER, UNASSIGNED or a user id
    authority_id: int | None = None
    regime: str | None = None
    provision: str | None = None  # "foia:24" - a regime and a catalogue section
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    search: str = ""
    order: Order = "asc"


@dataclass(frozen=True)
class QueueRow:
    case_id: int
    reference: str
    authority_name: str
    requester_name: str
    provisions: tuple[str, ...]
    status: CaseStatus
    reviewer_name: str | None
    due: dt.date
    urgency: Urgency | None  # None once the case has left the review stage
    working_days_left: int | None


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    next_cursor: str | None
    previous_cursor: str | None
    filters: QueueFilters
    cursor_direction: Literal["after", "before"] | None = None
    total_capped: bool = False  # counted no further than MAX_COUNTED: "more than" total
    found: tuple[Row[Any], ...] = ()  # the rows as read, with queue_page's extra ``columns``


def provision_key(regime: str, section: str) -> str:
    return f"{regime}:{section}"


def _parse_provision_key(key: str | None) -> tuple[str, str] | None:
    if not key:
        return None
    regime, _, section = key.partition(":")
    try:
        Regime(regime)
    except ValueError:
        return None
    return (regime, section) if section else None


def visible_cases(actor: User, query: Select[Case] | None = None) -> Select[Case]:
    """Cases (of ``query``) the actor may see: staff tied to an authority see only its cases."""
    query = select(Case) if query is None else query
    if actor.authority_id is not None:
        query = query.where(Case.authority_id == actor.authority_id)
    return query


def default_reviewer_filter(actor: User) -> str:
    """Reviewers start on their own queue; everyone else on the whole team's."""
    return str(actor.id) if actor.role == Role.REVIEWER else ANY_REVIEWER


def _filtered(
    actor: User, filters: QueueFilters, dialect: str, *, hits_first: bool = False
) -> Select[Case]:
    statuses = [s for s in filters.statuses if s in {c.value for c in CaseStatus}]
    open_only = all(CaseStatus(s).is_open for s in statuses)
    chosen = open_cases(statuses) if open_only else select(Case).where(Case.status.in_(statuses))
    query = visible_cases(actor, chosen)
    if filters.reviewer == UNASSIGNED:
        query = query.where(Case.reviewer_id.is_(None))
    elif filters.reviewer != ANY_REVIEWER:
        reviewer_id = whole_number(filters.reviewer)
        # An unknown reviewer (or a number no id can be) matches nothing.
        query = query.where(Case.reviewer_id == reviewer_id if reviewer_id else Case.id.is_(None))
    # Open cases only: the page walks their partial index by due date (migration 0004), and
    # a search of one authority's looks only among its open cases (migration 0018).
    authority = actor.authority_id if actor.authority_id is not None else filters.authority_id
    return narrowed(
        query,
        filters,
        dialect,
        in_walked_order=open_only,
        open_of_authority=authority if open_only else None,
        hits_first=hits_first,
    )


def narrowed(
    query: Select[Case],
    filters: QueueFilters,
    dialect: str,
    *,
    requester_name: bool = True,
    in_walked_order: bool = False,
    open_of_authority: int | None = None,
    hits_first: bool = False,
) -> Select[Case]:
    """The filters every case list shares (the staff queue, the API's, a requester's own):
    authority, regime, cited provision, due dates and the search (on the requester's name too
    unless ``requester_name`` is False: a requester searching their own cases;
    ``in_walked_order``, ``open_of_authority``, ``hits_first``: see
    cases.search.matching_cases)."""
    if filters.authority_id is not None:
        query = query.where(Case.authority_id == filters.authority_id)
    if filters.regime:
        query = query.where(Case.regime == filters.regime)
    provision = _parse_provision_key(filters.provision)
    if provision is not None:
        regime, section = provision
        query = query.where(
            Case.regime == regime,
            exists().where(
                CitedProvision.refusal_notice_id == Case.refusal_notice_id,
                CitedProvision.section == section,
            ),
        )
    if filters.due_from is not None:
        query = query.where(Case.review_due_on >= filters.due_from)
    if filters.due_to is not None:
        query = query.where(Case.review_due_on <= filters.due_to)
    term = normalised_search(filters.search)
    if term:
        query = query.where(
            matching_cases(
                dialect,
                term,
                requester_name=requester_name,
                in_walked_order=in_walked_order,
                open_of_authority=open_of_authority,
                hits_first=hits_first,
            )
        )
    return query


def search_cap(filters: QueueFilters) -> int | None:
    """A search's count stops at MAX_COUNTED; a list without one is counted in full."""
    return case_search.MAX_COUNTED if normalised_search(filters.search) else None


def _after(cursor: Cursor, order: Order) -> ColumnElement[bool]:
    """Rows strictly after the cursor in the page order (a portable row-value comparison).

    The first, redundant term lets the database start the index scan at the cursor's date
    instead of reading every earlier entry of the index to filter them out.
    """
    if order == "asc":
        return and_(
            Case.review_due_on >= cursor.due,
            or_(
                Case.review_due_on > cursor.due,
                and_(Case.review_due_on == cursor.due, Case.id > cursor.case_id),
            ),
        )
    return and_(
        Case.review_due_on <= cursor.due,
        or_(
            Case.review_due_on < cursor.due,
            and_(Case.review_due_on == cursor.due, Case.id < cursor.case_id),
        ),
    )


def _sorted(query: Select[Case], order: Order) -> Select[Case]:
    if order == "asc":
        return query.order_by(Case.review_due_on.asc(), Case.id.asc())
    return query.order_by(Case.review_due_on.desc(), Case.id.desc())


def _flip(order: Order) -> Order:
    return "desc" if order == "asc" else "asc"


def queue_page(
    session: Session,
    actor: User,
    filters: QueueFilters,
    *,
    after: str | None = None,
    before: str | None = None,
    today: dt.date,
    page_size: int = PAGE_SIZE,
    count_plain_list: bool = False,
    columns: tuple[Any, ...] = (),
) -> QueuePage:
    """One page of the queue, in due-date order, after (or before) a cursor.

    The total counts at most MAX_COUNTED cases, then says it is capped; with
    ``count_plain_list`` a list without a search is counted in full (the API's total).
    ``columns``: more to read with each row, in the same query (``QueuePage.found``).
    """
    dialect = session.get_bind().dialect.name
    base = _filtered(actor, filters, dialect)
    order = filters.order
    after_cursor = Cursor.decode(after)
    before_cursor = None if after_cursor else Cursor.decode(before)
    cap = search_cap(filters) if count_plain_list else case_search.MAX_COUNTED
    searched = None  # the search's own statement, reading all its hits' keys
    if cap is not None and normalised_search(filters.search):
        differs = dialect in case_search.HITS_FIRST_DIALECTS  # else the same as base
        searched = _filtered(actor, filters, dialect, hits_first=True) if differs else base
    total, capped, found = _counted(session, base, searched, cap)
    query = base
    if found is not None:
        # A search's cases, no more than the cap: the page is among them, read by id.
        window = _window(found, order, after_cursor, before_cursor, page_size + 1)
        query = select(Case).where(Case.id.in_(window))
    if after_cursor is not None:
        query = _sorted(query.where(_after(after_cursor, order)), order)
    elif before_cursor is not None:
        # Walk backwards from the cursor, then put the rows back in page order.
        query = _sorted(query.where(_after(before_cursor, _flip(order))), _flip(order))
    else:
        query = _sorted(query, order)
    # Only the columns a row shows (and the names it needs).
    rows = (
        list(
            session.execute(
                with_people(query, Case.refusal_notice_id, *columns).limit(page_size + 1)
            )
        )
        if total
        else []
    )
    more = len(rows) > page_size
    rows = rows[:page_size]
    if before_cursor is not None:
        rows.reverse()

    provisions = _provisions(session, [row.refusal_notice_id for row in rows])
    calendars = working_day_calendars(session)
    queue_rows = [_row(row, provisions, calendars, today) for row in rows]

    next_cursor = previous_cursor = None
    if rows:
        first = Cursor(rows[0].review_due_on, rows[0].id).encode()
        last = Cursor(rows[-1].review_due_on, rows[-1].id).encode()
        if before_cursor is not None:
            next_cursor = last  # we came back from a later page, so there is one
            previous_cursor = first if more else None
        else:
            next_cursor = last if more else None
            previous_cursor = first if after_cursor is not None else None
    return QueuePage(
        rows=queue_rows,
        total=total,
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
        filters=filters,
        cursor_direction="after" if after_cursor else ("before" if before_cursor else None),
        total_capped=capped,
        found=tuple(rows),
    )


def _counted(
    session: Session, base: Select[Case], searched: Select[Case] | None, cap: int | None
) -> tuple[int, bool, list[tuple[dt.date, int]] | None]:
    """How many cases ``base`` finds (at most ``cap``, then True: "more than"), and for a
    search of no more than ``cap`` cases the (due date, id) of each.

    Counting a search and then reading its page ran the search twice. A search's cases are
    read first instead (their keys, at most ``cap`` + 1), matching its words once: those are
    the exact count and where the page's rows are. When there are more, the page walks the
    due-date index as a list does, where so common a term soon fills it. ``searched``: for a
    search (counted up to ``cap``), ``base`` written to find the search's hits first, since
    this reads them all; None for a list.
    """
    if searched is None or cap is None:
        total, capped = capped_count(session, base, cap)
        return total, capped, None
    keys = searched.with_only_columns(Case.review_due_on, Case.id).order_by(None).limit(cap + 1)
    # Up to cap + 1 plain pairs: read on the connection, without the ORM's per-row work.
    found = [(due, case_id) for due, case_id in session.connection().execute(keys)]
    return (len(found), False, found) if len(found) <= cap else (cap, True, None)


def _window(
    found: list[tuple[dt.date, int]],
    order: Order,
    after: Cursor | None,
    before: Cursor | None,
    size: int,
) -> list[int]:
    """The ids of the first ``size`` of ``found`` after (or before) a cursor in page order:
    the page's rows, which the page's query (its cursor and order as always) then reads by id.
    Asking the database for the page among hundreds of ids let it walk the whole due-date
    index instead."""
    cursor, walked = (before, _flip(order)) if before is not None else (after, order)
    keys = sorted(found, reverse=walked == "desc")
    if cursor is not None:
        mark = (cursor.due, cursor.case_id)
        keys = [key for key in keys if (key > mark if walked == "asc" else key < mark)]
    return [case_id for _due, case_id in keys[:size]]


# Built once, on the table: plain pairs read on the connection, without the ORM's per-row
# work or a new IN expression for every page.
_CITED = CitedProvision.__table__.c
_PROVISIONS_OF = (
    select(_CITED.refusal_notice_id, _CITED.provision)
    .where(_CITED.refusal_notice_id.in_(bindparam("notice_ids", expanding=True)))
    .order_by(_CITED.refusal_notice_id, _CITED.position)
)


def _provisions(session: Session, notice_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The provisions each notice cites, in its order, in one query."""
    cited: dict[int, list[str]] = {notice_id: [] for notice_id in notice_ids}
    if notice_ids:
        for row in plain_rows(session, _PROVISIONS_OF, {"notice_ids": notice_ids}):
            cited[row.refusal_notice_id].append(row.provision)
    return {notice_id: tuple(items) for notice_id, items in cited.items()}


def urgency_of(calendar: WorkingDayCalendar, due: dt.date, today: dt.date) -> tuple[Urgency, int]:
    """Overdue after the due date; due soon within five working days (by this regime's
    calendar, so a bank holiday does not count as time left); otherwise on track."""
    if today > due:
        return "overdue", -calendar.working_days_between(due, today)
    left = calendar.working_days_between(today, due)
    return ("due_soon" if left <= DUE_SOON_WORKING_DAYS else "on_track"), left


def _row(
    row: Row[Any],
    provisions: dict[int, tuple[str, ...]],
    calendars: dict[Regime, WorkingDayCalendar],
    today: dt.date,
) -> QueueRow:
    urgency: Urgency | None = None
    left: int | None = None
    status = CaseStatus(row.status)
    if status in REVIEW_STAGE:
        urgency, left = urgency_of(calendars[Regime(row.regime)], row.review_due_on, today)
    return QueueRow(
        case_id=row.id,
        reference=row.reference,
        authority_name=row.authority_name,
        requester_name=row.requester_name,
        provisions=provisions.get(row.refusal_notice_id, ()),
        status=status,
        reviewer_name=row.reviewer_name,
        due=row.review_due_on,
        urgency=urgency,
        working_days_left=left,
    )


# -- choices for the filter form -----------------------------------------------------------


# Plain rows, not accounts or authorities: a choice needs its id and name (the API's list of
# reviewers also whether the account is active), and every view of the queue reads them. Each
# statement is built once and read on the connection, without the ORM's per-row work.


@functools.cache
def _reviewer_choices(*, active_only: bool, scoped: bool) -> Select[int, str, bool]:
    query = select(User.id, User.name, User.is_active_account.label("is_active")).where(
        User.role == Role.REVIEWER.value
    )
    if active_only:
        query = query.where(User.is_active_account.is_(True))
    if scoped:  # the actor's authority's reviewers, and those of none (who serve every one)
        query = query.where(
            or_(User.authority_id == bindparam("authority_id"), User.authority_id.is_(None))
        )
    return query.order_by(User.name)


@functools.cache
def _authority_choices(*, scoped: bool) -> Select[int, str, str]:
    query = select(Authority.id, Authority.name, Authority.regime)
    if scoped:
        query = query.where(Authority.id == bindparam("authority_id"))
    else:
        # Unlisted authorities only once a case names them (an index probe each, not a scan).
        query = query.where(
            or_(
                Authority.is_listed.is_(True),
                exists().where(Case.authority_id == Authority.id),
            )
        )
    return query.order_by(Authority.name)


def reviewer_options(
    session: Session, actor: User, *, active_only: bool = False
) -> list[Row[tuple[int, str, bool]]]:
    """Reviewers whose queues the actor can look at (their authority's, or all): id, name,
    is_active. The queue's filter offers every one (a closed account's cases stay in the
    queue); ``active_only``: those who can still be given cases (the API's list)."""
    scoped = actor.authority_id is not None
    query = _reviewer_choices(active_only=active_only, scoped=scoped)
    return plain_rows(session, query, {"authority_id": actor.authority_id})


def authority_options(session: Session, actor: User) -> list[Row[tuple[int, str, str]]]:
    """Authorities whose cases the actor can see: id, name, regime."""
    query = _authority_choices(scoped=actor.authority_id is not None)
    return plain_rows(session, query, {"authority_id": actor.authority_id})


@functools.cache
def provision_options() -> tuple[tuple[str, str], ...]:
    """(key, label) for every provision in the catalogue of each law: what a case can cite.

    From the catalogue, not from the cases: reading which provisions a hundred thousand cases
    cite on every view of the queue costs more than the page itself. The catalogue is fixed
    in the code, so the list is made once per process.
    """
    choices: list[tuple[str, str]] = []
    for regime in Regime:
        prefix = rules_for(regime).citation_prefix
        entries = [(provision_key(regime.value, e.section), e) for e in catalogue(regime)]
        for key, entry in sorted(entries, key=lambda item: _natural(item[0])):
            choices.append((key, f"{regime.name} {prefix}{entry.section} {entry.title}"))
    return tuple(choices)


def _natural(key: str) -> tuple[str, int, str]:
    """ "foia:24" before "foia:31" before "foia:4" would be wrong: sort by section number."""
    regime, _, section = key.partition(":")
    digits = re.match(r"\d*", section)
    return (regime, int(digits.group() or 0) if digits else 0, section)
