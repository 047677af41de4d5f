"""GET /api/v1/cases: the staff queue's filters and order, read from the query string.

Staff get exactly the queue the staff pages show (``staff.queue.queue_page``: their authority's
open cases by default, in due-date order). Requesters get their own cases, every status by
default, with the filters that make sense for them. Unlike the pages, which quietly drop a bad
filter, the API refuses one with a `validation` problem naming the parameter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from werkzeug.datastructures import MultiDict

from review_service.accounts.models import Role, User
from review_service.api import pagination
from review_service.api.schemas import DATE, enum, integer, string
from review_service.api.serializers import ListedCase
from review_service.api.validation import DATE_MESSAGE, parse_date
from review_service.cases.models import Case
from review_service.cases.queries import REQUESTER, REVIEWER
from review_service.cases.search import capped_count
from review_service.domain import limits
from review_service.domain.calendar import Regime
from review_service.domain.lifecycle import CaseStatus
from review_service.domain.limits import too_long
from review_service.errors import ValidationFailed
from review_service.staff.queue import (
    ANY_REVIEWER,
    UNASSIGNED,
    Cursor,
    QueueFilters,
    QueueRow,
    narrowed,
    queue_page,
    search_cap,
)
from review_service.web.numbers import whole_number

ME = "me"
_PROVISION = re.compile(r"^(foia|eir|foisa):[0-9A-Za-z()]{1,20}$")
_REVIEWER = re.compile(rf"^(?:{ANY_REVIEWER}|{UNASSIGNED}|{ME}|[0-9]{{1,9}})$")
_KNOWN = {
    "status",
    "reviewer",
    "authority",
    "regime",
    "provision",
    "due_from",
    "due_to",
    "q",
    "order",
    "cursor",
    "limit",
}

QUEUE_PARAMETERS: list[dict[str, Any]] = [
    {
        "name": "status",
        "in": "query",
        "required": False,
        "description": "Repeat for several. Staff default: every open status.",
        "schema": {"type": "array", "items": enum(CaseStatus), "maxItems": len(CaseStatus)},
        "style": "form",
        "explode": True,
    },
    {
        "name": "reviewer",
        "in": "query",
        "required": False,
        "description": (
            f"Staff only: `{ANY_REVIEWER}` (default), `{UNASSIGNED}`, `{ME}` or a user id."
        ),
        "schema": string(12, pattern=_REVIEWER.pattern),
    },
    {"name": "authority", "in": "query", "required": False, "schema": integer()},
    {"name": "regime", "in": "query", "required": False, "schema": enum(Regime)},
    {
        "name": "provision",
        "in": "query",
        "required": False,
        "description": "A regime and a catalogue section, e.g. `foia:24`.",
        "schema": string(30, pattern=_PROVISION.pattern),
    },
    {"name": "due_from", "in": "query", "required": False, "schema": DATE},
    {"name": "due_to", "in": "query", "required": False, "schema": DATE},
    {
        "name": "q",
        "in": "query",
        "required": False,
        "description": "A case reference, the requester's name or words from their request.",
        "schema": string(limits.SEARCH),
    },
    {
        "name": "order",
        "in": "query",
        "required": False,
        "description": "By review due date, then case.",
        "schema": enum(("asc", "desc"), default="asc"),
    },
]


# What a listed case shows beyond the queue's own columns (serializers.ListedCase), read in the
# queue's query: the list never loads whole cases.
LISTED_COLUMNS = (
    Case.version,
    Case.authority_id,
    Case.received_on,
    Case.outcome,
    REQUESTER.email.label("requester_email"),
    REVIEWER.id.label("reviewer_id"),
)


@dataclass(frozen=True)
class CaseListPage:
    cases: list[ListedCase]
    rows: dict[int, QueueRow]  # staff only: the queue's urgency per case
    total: int
    next_cursor: str | None
    total_capped: bool = False  # a search counts at most MAX_COUNTED cases


def read_filters(args: MultiDict[str, str], actor: User) -> QueueFilters:
    errors: dict[str, str] = {}
    unknown = sorted(set(args) - _KNOWN)
    for name in unknown:
        errors[name] = "Remove this parameter: it is not one this list accepts"
    for name in _KNOWN - {"status"}:
        if len(args.getlist(name)) > 1:
            errors[name] = "Give this parameter once"
    statuses = args.getlist("status")
    valid = {s.value for s in CaseStatus}
    for status in statuses:
        if status not in valid:
            errors["status"] = "Must be one of: " + ", ".join(sorted(valid))
    if "status" not in errors and len(statuses) > len(valid):
        errors["status"] = f"Give each status at most once ({len(valid)} at most)"
    reviewer = args.get("reviewer", ANY_REVIEWER)
    if not _REVIEWER.match(reviewer):
        errors["reviewer"] = f"Must be {ANY_REVIEWER}, {UNASSIGNED}, {ME} or a user id"
    elif reviewer == ME:
        reviewer = str(actor.id)
    raw_authority = args.get("authority")
    authority = whole_number(raw_authority)
    if raw_authority is not None and not (authority and authority < 2**31):
        errors["authority"] = "Must be an authority id"
    # A parameter given empty is a bad value like any other (as the document says), not "no
    # filter": leave a filter out to have none.
    regime = args.get("regime")
    if regime is not None and regime not in {r.value for r in Regime}:
        errors["regime"] = "Must be one of: foia, eir, foisa"
    provision = args.get("provision")
    if provision is not None and not _PROVISION.match(provision):
        errors["provision"] = "Must be a regime and a section, like foia:24"
    dates: dict[str, dt.date | None] = {}
    for name in ("due_from", "due_to"):
        raw = args.get(name)
        dates[name] = parse_date(raw) if raw is not None else None
        if raw is not None and dates[name] is None:
            errors[name] = DATE_MESSAGE
    if dates["due_from"] and dates["due_to"] and dates["due_to"] < dates["due_from"]:
        errors["due_to"] = "Must be the same as or after due_from"
    search = args.get("q", "")
    if len(search) > limits.SEARCH:
        errors["q"] = too_long(limits.SEARCH)
    order = args.get("order", "asc")
    if order not in ("asc", "desc"):
        errors["order"] = "Must be one of: asc, desc"
    if errors:
        raise ValidationFailed(errors)
    return QueueFilters(
        statuses=tuple(dict.fromkeys(statuses)),
        reviewer=reviewer,
        authority_id=authority,
        regime=regime,
        provision=provision,
        due_from=dates["due_from"],
        due_to=dates["due_to"],
        search=search,
        order="desc" if order == "desc" else "asc",
    )


def _ordering(order: str) -> pagination.Ordering:
    descending = order == "desc"
    return pagination.Ordering(
        name=f"due-{order}",
        keys=(
            pagination.SortKey(Case.review_due_on, "date", descending),
            pagination.SortKey(Case.id, "int", descending),
        ),
        values_of=lambda case: (case.review_due_on, case.id),
    )


def _digest_of(filters: QueueFilters, actor: User) -> dict[str, Any]:
    values = asdict(filters)
    values["actor"] = actor.id  # a cursor is one user's view of the list
    return values


def list_cases(
    session: Session,
    actor: User,
    filters: QueueFilters,
    *,
    cursor: str | None,
    limit: int,
    today: dt.date,
) -> CaseListPage:
    if actor.role == Role.REQUESTER:
        return _requester_cases(session, actor, filters, cursor=cursor, limit=limit)
    ordering = _ordering(filters.order)
    digest = pagination.filters_digest(_digest_of(filters, actor))
    after = None
    if cursor:
        due, case_id = pagination.decode_cursor(ordering, digest, cursor)
        after = Cursor(due, case_id).encode()
    page = queue_page(
        session,
        actor,
        filters,
        after=after,
        today=today,
        page_size=limit,
        count_plain_list=True,
        columns=LISTED_COLUMNS,
    )
    cases = [ListedCase.of_row(row) for row in page.found]
    next_cursor = None
    if page.next_cursor and cases:
        next_cursor = pagination.encode_cursor(ordering, digest, cases[-1])
    return CaseListPage(
        cases=cases,
        rows={row.case_id: row for row in page.rows},
        total=page.total,
        next_cursor=next_cursor,
        total_capped=page.total_capped,
    )


def _requester_cases(
    session: Session, actor: User, filters: QueueFilters, *, cursor: str | None, limit: int
) -> CaseListPage:
    query = select(Case).where(Case.requester_id == actor.id)
    if filters.statuses:
        query = query.where(Case.status.in_(filters.statuses))
    query = narrowed(query, filters, session.get_bind().dialect.name, requester_name=False)
    total, capped = capped_count(session, query, search_cap(filters))
    page = pagination.paginate(
        session,
        query.options(
            joinedload(Case.authority), joinedload(Case.requester), joinedload(Case.reviewer)
        ),
        _ordering(filters.order),
        cursor=cursor,
        limit=limit,
        filters=_digest_of(filters, actor),
    )
    return CaseListPage(
        cases=[ListedCase.of_case(case) for case in page.items],
        rows={},
        total=total,
        next_cursor=page.next_cursor,
        total_capped=capped,
    )


def query_string(args: Mapping[str, Any]) -> dict[str, Any]:
    """The list's own parameters, for the next page's link."""
    return {k: v for k, v in args.items() if k in _KNOWN}
