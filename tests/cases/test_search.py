"""The search box finds a case by reference, requester's name or request text, and stays right
as those change (on SQLite the search table follows the cases through triggers)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, text, update

from review_service.accounts.models import Role
from review_service.cases.models import InformationRequest
from review_service.staff.queue import QueueFilters, queue_page
from tests.factories import create_authority, create_case, create_staff, create_user
from tests.staff.test_queue import bulk_cases

TODAY = dt.date(2026, 10, 7)


def _found(session, actor, term: str) -> list[str]:  # type: ignore[no-untyped-def]
    page = queue_page(session, actor, QueueFilters(search=term), today=TODAY)
    return [row.reference for row in page.rows]


def test_search_follows_new_cases_renamed_requesters_and_edited_requests(session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    staff = create_staff(session, authority)
    requester = create_user(session, Role.REQUESTER, name="Gwenllian Prydderch")
    case = create_case(session, authority=authority, requester=requester)
    other = create_case(session, authority=authority, request_text="Gritting lorries in winter")
    session.commit()
    worker = staff["caseworker"]

    assert _found(session, worker, "prydderch") == [case.reference]
    assert _found(session, worker, case.reference.lower()) == [case.reference]
    assert _found(session, worker, "GRITTING lorries") == [other.reference]
    assert _found(session, worker, "100%") == []  # LIKE wildcards are plain characters

    requester.name = "Gwenllian Rees"
    session.execute(
        update(InformationRequest)
        .where(InformationRequest.id == other.information_request_id)
        .values(text="Salt stocks for the winter")
    )
    session.commit()
    assert _found(session, worker, "prydderch") == []
    assert _found(session, worker, "gwenllian rees") == [case.reference]
    assert _found(session, worker, "gritting") == []
    assert _found(session, worker, "salt stocks") == [other.reference]


def test_a_search_matching_very_many_cases_counts_no_further_than_a_thousand(  # type: ignore[no-untyped-def]
    session, client
) -> None:
    authority = create_authority(session)
    staff = create_staff(session, authority)
    requester = create_user(session, Role.REQUESTER)
    bulk_cases(session, authority, requester, 1_005)
    session.commit()
    page = queue_page(session, staff["caseworker"], QueueFilters(search="number"), today=TODAY)
    assert (page.total, page.total_capped, len(page.rows)) == (1_000, True, 25)
    exact = queue_page(session, staff["caseworker"], QueueFilters(search="number 100"), today=TODAY)
    # "Request number 100" and 1000-1005: counted exactly.
    assert (exact.total, exact.total_capped) == (7, False)
    client.sign_in_as(staff["caseworker"])
    assert "More than 1,000 cases" in client.get("/staff?q=number").get_data(as_text=True)


def test_a_search_matches_within_one_text_never_across_two(session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    staff = create_staff(session, authority)
    requester = create_user(session, Role.REQUESTER, name="Gwenllian Rees")
    case = create_case(
        session, authority=authority, requester=requester, request_text="Salt stocks"
    )
    session.commit()
    worker = staff["caseworker"]

    assert _found(session, worker, "rees") == [case.reference]
    assert _found(session, worker, "salt stocks") == [case.reference]
    # The name ends and the request begins: no text holds "rees salt".
    assert _found(session, worker, "rees salt") == []
    assert _found(session, worker, "stocks") == [case.reference]


def test_a_term_too_short_for_trigrams_still_finds_names_and_requests(session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    staff = create_staff(session, authority)
    named = create_case(
        session,
        authority=authority,
        requester=create_user(session, Role.REQUESTER, name="Qi Wren"),
        request_text="Gritting lorries",
    )
    asked = create_case(session, authority=authority, request_text="Spend on QZ units")
    session.commit()
    worker = staff["caseworker"]

    assert _found(session, worker, "qi") == [named.reference]
    assert _found(session, worker, "qz") == [asked.reference]


def test_a_search_finds_part_of_a_word_a_reference_or_a_name_and_counts_exactly(session) -> None:  # type: ignore[no-untyped-def]
    """What the search matches: any part of a word, of a reference or of a requester's name,
    in any case; the total is exactly the cases shown, however the page is read."""
    authority = create_authority(session)
    staff = create_staff(session, authority)
    requester = create_user(session, Role.REQUESTER, name="Gwenllian Prydderch")
    drones = create_case(session, authority=authority, request_text="Drones bought by the force")
    named = create_case(
        session, authority=authority, requester=requester, request_text="Gritting lorries"
    )
    both = create_case(session, authority=authority, request_text="Antidrones and prydderch")
    session.commit()
    worker = staff["caseworker"]

    assert sorted(_found(session, worker, "RONE")) == sorted([drones.reference, both.reference])
    assert sorted(_found(session, worker, "ydderc")) == sorted([named.reference, both.reference])
    assert _found(session, worker, drones.reference[3:].lower()) == [drones.reference]
    assert _found(session, worker, "drones bought by the forces") == []
    page = queue_page(session, worker, QueueFilters(search="rone"), today=TODAY)
    assert (page.total, page.total_capped, len(page.rows)) == (2, False, 2)
    reviewer_only = QueueFilters(search="rone", reviewer=str(staff["reviewer"].id))
    assert queue_page(session, worker, reviewer_only, today=TODAY).total == 0


def test_a_search_page_after_its_last_case_is_empty_and_still_counted(session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    staff = create_staff(session, authority)
    case = create_case(session, authority=authority, request_text="Gritting lorries")
    session.commit()
    filters = QueueFilters(search="gritting")
    worker = staff["caseworker"]
    first = queue_page(session, worker, filters, today=TODAY)
    assert ([row.case_id for row in first.rows], first.next_cursor) == ([case.id], None)
    last = f"{case.review_due_on.isoformat()}_{case.id}"
    beyond = queue_page(session, worker, filters, after=last, today=TODAY)
    assert (beyond.rows, beyond.total, beyond.previous_cursor) == ([], 1, None)
    back = queue_page(session, worker, filters, before=last, today=TODAY)
    assert (back.rows, back.total, back.next_cursor) == ([], 1, None)


@pytest.mark.postgresql_only
def test_a_search_of_open_cases_finds_its_hits_first_then_each_case_by_id(session) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL joined a search's hits to every open case of the authority, read from the
    due-date index (9,292 entries for 231 hits at 100,000 cases); the statement reading the
    search's keys now asks for the hits as an array and looks each case up by its id."""
    authority = create_authority(session)
    staff = create_staff(session, authority)
    found = create_case(session, authority=authority, request_text="Drones bought by the force")
    create_case(session, authority=authority, request_text="Gritting lorries")
    session.commit()
    statements: list[str] = []

    def remember(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(" ".join(statement.split()))

    engine = session.get_bind().engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        page = queue_page(session, staff["caseworker"], QueueFilters(search="drones"), today=TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert [row.case_id for row in page.rows] == [found.id]
    keys = [s for s in statements if s.startswith("SELECT cases.review_due_on, cases.id ")]
    assert len(keys) == 1
    assert "cases.id = ANY (array((SELECT case_search.case_id FROM case_search" in keys[0]
    assert "case_search.is_open" in keys[0]


@pytest.mark.postgresql_only
def test_the_search_indexes_merge_their_pending_lists_early(session) -> None:  # type: ignore[no-untyped-def]
    """A GIN index's pending list is read in full by every search: each trigram index keeps it
    under 256 kB (migration 0020) instead of PostgreSQL's 4 MB."""
    options = dict(
        session.execute(
            text(
                "SELECT relname, reloptions FROM pg_class WHERE relname IN "
                "('ix_search_case_search_document', 'ix_search_case_search_open')"
            )
        ).all()
    )
    assert options == {
        "ix_search_case_search_document": ["gin_pending_list_limit=256"],
        "ix_search_case_search_open": ["gin_pending_list_limit=256"],
    }
