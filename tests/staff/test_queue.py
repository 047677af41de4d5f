"""The review queue: what each person sees, urgency, filters, search, keyset pagination, and a
query count that does not grow with the number of cases."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import Authority, Role, User
from review_service.admin.services import merge_authority
from review_service.cases import search as case_search
from review_service.cases.models import Case, CitedProvision, InformationRequest, RefusalNotice
from review_service.cases.services import GroundInput, ProvisionInput, assign, close
from review_service.domain.calendar import Regime, calendar_for
from review_service.extensions import commit, database
from review_service.staff.queue import Cursor, QueueFilters, queue_page, urgency_of
from tests.factories import create_authority, create_case, create_staff, create_user
from tests.staff import sign_in

TODAY = dt.date(2026, 10, 7)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


pytestmark = pytest.mark.usefixtures("fresh_sessions")


def references_on(html: str) -> list[str]:
    return re.findall(r'href="/staff/cases/(IR-[0-9-]+)"', html)


def bulk_cases(
    session: Session,
    authority: Authority,
    requester: User,
    count: int,
    *,
    reviewer: User | None = None,
    first_due: dt.date = dt.date(2026, 10, 20),
) -> None:
    """``count`` open cases written with a few bulk INSERTs (not ``count`` file_case calls).

    Due dates repeat (a new one every 7 cases) so the id tie-breaker matters. Each notice
    cites two provisions, so the rows have something to eager-load.
    """
    start = (session.scalar(select(func.max(Case.id))) or 0) + 1
    ids = range(start, start + count)
    session.execute(
        insert(InformationRequest),
        [
            {
                "id": i,
                "authority_id": authority.id,
                "requester_id": requester.id,
                "authority_reference": f"FOI-{i}",
                "sent_on": dt.date(2026, 9, 1),
                "text": f"Request number {i}",
            }
            for i in ids
        ],
    )
    session.execute(
        insert(RefusalNotice),
        [
            {
                "id": i,
                "information_request_id": i,
                "no_response": False,
                "issued_on": dt.date(2026, 9, 28),
                "text": "",
            }
            for i in ids
        ],
    )
    session.execute(
        insert(CitedProvision),
        [
            {
                "refusal_notice_id": i,
                "position": position,
                "provision": provision,
                "section": section,
                "title": title,
                "absolute": False,
                "ncnd": True,
            }
            for i in ids
            for position, (provision, section, title) in enumerate(
                (("s.24(2)", "24", "National security"), ("s.31(3)", "31", "Law enforcement"))
            )
        ],
    )
    session.execute(
        insert(Case),
        [
            {
                "id": i,
                "reference": f"IR-2026-{i:05d}",
                "authority_id": authority.id,
                "requester_id": requester.id,
                "information_request_id": i,
                "refusal_notice_id": i,
                "regime": authority.regime,
                "status": "in_review" if reviewer else "received",
                "received_on": dt.date(2026, 10, 1),
                "review_due_on": first_due + dt.timedelta(days=(i - start) // 7),
                "filed_by_id": requester.id,
                "reviewer_id": reviewer.id if reviewer else None,
                "version": 1,
            }
            for i in ids
        ],
    )
    session.flush()


# -- what the queue shows ------------------------------------------------------------------


def test_queue_lists_open_cases_with_what_triage_needs(client, session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session, name="Metropolis Police Service")
    staff = create_staff(session, authority)
    requester = create_user(session, Role.REQUESTER, name="Dafydd ap Gwilym")
    case = create_case(session, authority=authority, requester=requester)
    done = create_case(session, authority=authority)
    close(session, staff["caseworker"], done, reason="Duplicate")
    commit()
    sign_in(client, staff["caseworker"])

    response = client.get("/staff")
    assert response.status_code == 200
    assert references_on(response.get_data(as_text=True)) == [case.reference]  # closed: gone
    text = client.last_page.text
    for expected in (
        "Metropolis Police Service",
        "Dafydd ap Gwilym",
        "s.24(2), s.31(3)",
        "Received",
        "Not assigned",
        "2 November 2026",
        "On track",
        "18 working days left",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(
    ("today", "tag", "words"),
    [
        (dt.date(2026, 10, 23), "On track", "6 working days left"),
        (dt.date(2026, 10, 26), "Due soon", "5 working days left"),
        (dt.date(2026, 11, 2), "Due soon", "0 working days left"),
        (dt.date(2026, 11, 3), "Overdue", "1 working day late"),
    ],
)
def test_urgency_is_counted_in_working_days(
    client, session, monkeypatch, today, tag, words
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(clock, "today", lambda: today)
    authority = create_authority(session)
    staff = create_staff(session, authority)
    create_case(session, authority=authority)  # received 5 October, due 2 November 2026
    commit()
    sign_in(client, staff["caseworker"])
    client.get("/staff")
    assert f"{tag} {words}" in client.last_page.text


def test_due_soon_uses_the_calendar_not_calendar_days() -> None:
    # Twelve calendar days, but Christmas Day, the Boxing Day substitute, New Year's Day and
    # Scotland's 2 January substitute (4 January 2027) leave only four working days.
    foia = calendar_for(Regime.FOIA)
    assert urgency_of(foia, dt.date(2027, 1, 5), dt.date(2026, 12, 24)) == ("due_soon", 4)
    assert urgency_of(foia, dt.date(2027, 1, 5), dt.date(2027, 1, 6)) == ("overdue", -1)


def test_reviewers_see_their_own_queue_first(client, session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    staff = create_staff(session, authority)
    mine = create_case(session, authority=authority)
    theirs = create_case(session, authority=authority)
    unassigned = create_case(session, authority=authority)
    assign(session, staff["caseworker"], mine, reviewer_id=staff["reviewer"].id)
    assign(session, staff["caseworker"], theirs, reviewer_id=staff["other_reviewer"].id)
    commit()

    sign_in(client, staff["reviewer"])
    own = client.get("/staff")
    assert references_on(own.get_data(as_text=True)) == [mine.reference]
    assert "1 case assigned to you." in client.last_page.text
    everyone = client.get("/staff?reviewer=all")
    assert set(references_on(everyone.get_data(as_text=True))) == {
        mine.reference,
        theirs.reference,
        unassigned.reference,
    }
    sign_in(client, staff["caseworker"])
    team = client.get("/staff")
    assert len(references_on(team.get_data(as_text=True))) == 3


def test_staff_of_one_authority_never_see_anothers_cases(client, session) -> None:  # type: ignore[no-untyped-def]
    a, b = create_authority(session), create_authority(session)
    staff_a = create_staff(session, a)
    ours = create_case(session, authority=a)
    theirs = create_case(session, authority=b)
    commit()
    sign_in(client, staff_a["caseworker"])
    for url in ("/staff", f"/staff?authority={b.id}", f"/staff?q={theirs.reference}"):
        html = client.get(url).get_data(as_text=True)
        assert theirs.reference not in references_on(html)
    assert ours.reference in client.get("/staff").get_data(as_text=True)
    assert b.name not in client.last_page.text  # not even offered as a filter
    # A service-wide administrator sees both.
    sign_in(client, staff_a["admin"])
    assert set(references_on(client.get("/staff").get_data(as_text=True))) == {
        ours.reference,
        theirs.reference,
    }


# -- filters and search --------------------------------------------------------------------


@pytest.fixture
def mixed(session):  # type: ignore[no-untyped-def]
    """Four cases across two authorities and two laws."""
    police = create_authority(session, name="Northshire Police")
    council = create_authority(session, name="Southshire Council", regime="eir")
    staff = create_staff(session, police)
    alice = create_user(session, Role.REQUESTER, name="Alice O'Brien")
    bob = create_user(session, Role.REQUESTER, name="Bob Jones")
    drones = create_case(session, authority=police, requester=alice)  # s.24(2), s.31(3)
    # Bob's two cases, each citing one provision that he challenges.
    contract, river = (
        create_case(
            session,
            authority=authority,
            requester=bob,
            today=filed,
            request_text=text,
            provisions=(ProvisionInput(provision),),
            grounds=(GroundInput("provision", why, provision=provision),),
        )
        for authority, filed, text, provision, why in (
            (police, dt.date(2026, 10, 6), "The 100% complete contract for body cameras",
             "s.43(2)", "No harm."),
            (council, dt.date(2026, 10, 1), "River pollution readings",
             "reg 12(5)(b)", "Not engaged."),
        )
    )  # fmt: skip
    assign(session, staff["caseworker"], contract, reviewer_id=staff["reviewer"].id)
    closed = create_case(session, authority=police, requester=alice)
    close(session, staff["caseworker"], closed, reason="Resolved informally")
    commit()
    return {
        "police": police,
        "council": council,
        "staff": staff,
        "drones": drones,
        "contract": contract,
        "river": river,
        "closed": closed,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"drones", "contract", "river"}),
        ("status=in_review", {"contract"}),
        ("status=received&status=in_review", {"drones", "contract", "river"}),
        ("status=closed", {"closed"}),
        ("reviewer=unassigned", {"drones", "river"}),
        ("regime=eir", {"river"}),
        ("regime=foia", {"drones", "contract"}),
        ("provision=foia:31", {"drones"}),
        ("provision=foia:43", {"contract"}),
        ("provision=eir:12(5)(b)", {"river"}),
        # Due dates: drones 2 November 2026, contract 3 November, river 26 November (EIR, 40).
        ("due_from=3&due_from=11&due_from=2026", {"contract", "river"}),
        ("due_to=2&due_to=11&due_to=2026", {"drones"}),
        (
            "due_from=3&due_from=11&due_from=2026&due_to=3&due_to=11&due_to=2026",
            {"contract"},
        ),
        ("q=river+POLLUTION", {"river"}),  # words from the request, any case
        ("q=o%27brien", {"drones"}),  # the requester's name
        ("q=100%25", {"contract"}),  # a literal per cent sign, not a wildcard
        ("q=_", set()),
    ],
)
def test_filters_and_search(client, session, mixed, query, expected) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, mixed["staff"]["admin"])
    response = client.get(f"/staff?{query}")
    assert response.status_code == 200
    wanted = {mixed[name].reference for name in expected}
    assert set(references_on(response.get_data(as_text=True))) == wanted


def test_search_by_reference_and_by_authority(client, session, mixed) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, mixed["staff"]["admin"])
    reference = mixed["river"].reference
    found = client.get(f"/staff?q={reference.lower()}")
    assert references_on(found.get_data(as_text=True)) == [reference]
    council = client.get(f"/staff?authority={mixed['council'].id}")
    assert references_on(council.get_data(as_text=True)) == [reference]


def test_a_search_of_one_authoritys_open_cases_follows_cases_that_move_or_close(
    client: Any, session: Session, mixed: dict[str, Any]
) -> None:
    """A caseworker's search looks only among their authority's open cases, which the search
    rows keep beside the text (migration 0018): a case merged in from another authority joins
    them, one that closes leaves them (and a search of closed cases still finds it)."""
    staff = mixed["staff"]
    added = create_authority(session, name="Northshire Constabulary", is_listed=False)
    moved = create_case(session, authority=added, request_text="Helicopter flights in 2025")
    commit()
    sign_in(client, staff["caseworker"])
    assert references_on(client.get("/staff?q=helicopter").get_data(as_text=True)) == []

    merge_authority(session, staff["admin"], added, mixed["police"].id)
    commit()
    found = client.get("/staff?q=HELICOPTER")
    assert references_on(found.get_data(as_text=True)) == [moved.reference]
    assert "1 case." in found.get_data(as_text=True)

    close(session, staff["caseworker"], moved, reason="Resolved informally")
    commit()
    assert references_on(client.get("/staff?q=helicopter").get_data(as_text=True)) == []
    closed = client.get("/staff?q=helicopter&status=closed").get_data(as_text=True)
    assert references_on(closed) == [moved.reference]


def test_a_bad_due_range_is_explained_not_applied(client, session, mixed) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, mixed["staff"]["admin"])
    response = client.get(
        "/staff?due_from=3&due_from=11&due_from=2026&due_to=2&due_to=11&due_to=2026"
    )
    assert response.status_code == 200
    assert client.last_page.title.startswith("Error: ")
    assert "must be the same as or after" in client.last_page.text
    assert len(references_on(response.get_data(as_text=True))) == 3
    half = client.get("/staff?due_from=3&due_from=&due_from=2026")
    assert "Due on or after must include a month" in client.last_page.text
    assert len(references_on(half.get_data(as_text=True))) == 3


def test_sorted_by_due_date_either_way(client, session, mixed) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, mixed["staff"]["admin"])
    soonest = references_on(client.get("/staff").get_data(as_text=True))
    latest = references_on(client.get("/staff?order=desc").get_data(as_text=True))
    names = [mixed["drones"].reference, mixed["contract"].reference, mixed["river"].reference]
    assert soonest == names
    assert latest == list(reversed(names))


# -- keyset pagination ---------------------------------------------------------------------


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize(
    ("search", "cap"),
    [("", 1_000), ("request", 1_000), ("request", 59)],  # a search's found cases, or walked
)
def test_keyset_pages_return_every_case_exactly_once(
    session, monkeypatch, order, search, cap
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(case_search, "MAX_COUNTED", cap)
    authority = create_authority(session)
    staff = create_staff(session, authority)
    requester = create_user(session, Role.REQUESTER)
    bulk_cases(session, authority, requester, 60)  # due dates shared by 7 cases each
    commit()
    actor = staff["caseworker"]
    filters = QueueFilters(order=order, search=search)
    seen: list[int] = []
    pages = []
    page = queue_page(session, actor, filters, today=TODAY, page_size=7)
    while True:
        pages.append(page)
        seen += [row.case_id for row in page.rows]
        if page.next_cursor is None:
            break
        page = queue_page(session, actor, filters, after=page.next_cursor, today=TODAY, page_size=7)
    assert len(seen) == len(set(seen)) == 60
    keys = [(row.due, row.case_id) for p in pages for row in p.rows]
    assert keys == sorted(keys, reverse=order == "desc")
    assert all(p.total == min(60, cap) for p in pages) and len(pages) == 9

    # Walking back from the last page visits the same pages in reverse.
    back = pages[-1]
    for expected in reversed(pages[:-1]):
        back = queue_page(
            session, actor, filters, before=back.previous_cursor, today=TODAY, page_size=7
        )
        assert [r.case_id for r in back.rows] == [r.case_id for r in expected.rows]
    assert back.previous_cursor is None


def _caseworker_with_cases(client: Any, session: Session, count: int) -> None:
    """``count`` open cases in one authority, and its caseworker signed in."""
    authority = create_authority(session)
    staff = create_staff(session, authority)
    bulk_cases(session, authority, create_user(session, Role.REQUESTER), count)
    commit()
    sign_in(client, staff["caseworker"])


def test_pages_through_the_web_queue(client, session) -> None:  # type: ignore[no-untyped-def]
    _caseworker_with_cases(client, session, 60)
    url = "/staff?order=desc"
    seen: list[str] = []
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += references_on(html)
        link = re.search(r'<a [^>]*href="([^"]+)"[^>]*rel="next"', html)
        url = link.group(1).replace("&amp;", "&") if link else ""
    assert len(seen) == len(set(seen)) == 60
    assert seen[0] == "IR-2026-00060"  # the latest due date first, highest id first


def test_the_queue_counts_no_further_than_its_cap(client, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The count stops at MAX_COUNTED, searched or not, so it costs the same at any size.
    monkeypatch.setattr(case_search, "MAX_COUNTED", 10)
    _caseworker_with_cases(client, session, 12)
    assert "More than 10 cases." in client.get("/staff").get_data(as_text=True)
    assert "More than 10 cases." in client.get("/staff?q=request").get_data(as_text=True)
    # "Request number 1" and 10-12: below the cap, counted exactly.
    assert "4 cases." in client.get("/staff?q=number+1").get_data(as_text=True)
    monkeypatch.setattr(case_search, "MAX_COUNTED", 12)
    html = client.get("/staff").get_data(as_text=True)
    assert "12 cases." in html and "More than" not in html


def test_a_tampered_cursor_is_page_one(session) -> None:  # type: ignore[no-untyped-def]
    assert Cursor.decode("nonsense") is None
    assert Cursor.decode("2026-13-01_4") is None
    assert Cursor.decode("2026-10-01_4") == Cursor(dt.date(2026, 10, 1), 4)
    assert Cursor(dt.date(2026, 10, 1), 4).encode() == "2026-10-01_4"


# -- cost ----------------------------------------------------------------------------------


def _queries_to_render(app: Any, url: str, user_id: int) -> int:
    """How many SQL statements one request for ``url`` runs, as a fresh request would."""
    from review_service.extensions import db_session
    from tests.pages import PageClient

    client = PageClient(app)
    with app.app_context():
        client.sign_in_as(db_session().get(User, user_id))
    engine = database(app).engine
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("url", ["/staff", "/staff?order=desc&provision=foia:24&q=request"])
def test_the_queue_costs_the_same_queries_for_10_and_1000_cases(app, url) -> None:  # type: ignore[no-untyped-def]
    from review_service.extensions import db_session

    with app.app_context():
        session = db_session()
        authority = create_authority(session)
        staff = create_staff(session, authority)
        requester = create_user(session, Role.REQUESTER)
        bulk_cases(session, authority, requester, 10, reviewer=staff["reviewer"])
        session.commit()
        ids = {"caseworker": staff["caseworker"].id, "reviewer": staff["reviewer"].id}
        ids["authority"], ids["requester"] = authority.id, requester.id

    small = _queries_to_render(app, url, ids["caseworker"])
    as_reviewer_small = _queries_to_render(app, url, ids["reviewer"])

    with app.app_context():
        session = db_session()
        authority = session.get(Authority, ids["authority"])
        requester = session.get(User, ids["requester"])
        reviewer = session.get(User, ids["reviewer"])
        bulk_cases(session, authority, requester, 990, reviewer=reviewer)
        session.commit()
        assert session.scalar(select(func.count()).select_from(Case)) == 1000

    assert _queries_to_render(app, url, ids["caseworker"]) == small
    assert _queries_to_render(app, url, ids["reviewer"]) == as_reviewer_small
    assert small <= 12  # a handful: the user, the page, its provisions, the count, the filters


@pytest.mark.parametrize("reference", ["IR-2026-00001", "IR 2026/7", "IR-<x>&y?z#w", "ŵ%2F.."])
def test_the_queues_case_links_are_url_for_s(app, reference) -> None:  # type: ignore[no-untyped-def]
    """The queue builds its rows' links from the route once (staff.views._case_href): the
    same link url_for gives, however the reference needs quoting."""
    from flask import url_for

    from review_service.staff.views import _case_href

    with app.test_request_context("/staff"):
        assert _case_href()(reference) == url_for("staff.case", reference=reference)
