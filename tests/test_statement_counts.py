"""Each page and API read costs the same number of SQL statements with 10 cases as with
1,000: nothing is loaded per case in the table, and listing letters never reads their PDFs.
(The time they take at 100,000 cases is measured by `make bench`, not here.)"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select
from sqlalchemy.engine.default import NO_CACHE_KEY

from review_service.accounts.models import Authority, Role, User
from review_service.accounts.services import create_api_token
from review_service.cases.models import Case
from review_service.extensions import commit, database, db_session
from tests.factories import create_authority, create_staff, create_user
from tests.staff import triaged_case
from tests.staff.test_queue import bulk_cases

PAGES = [
    ("staff case page", "caseworker", "/staff/cases/{reference}"),
    ("requester case page", "requester", "/complaints/{reference}"),
    ("queue", "caseworker", "/staff"),
    ("queue search", "caseworker", "/staff?q=request"),
    ("deep queue page", "caseworker", "/staff?after=2026-10-25_500"),
    ("API case", "caseworker_token", "/api/v1/cases/{reference}"),
    ("API list", "caseworker_token", "/api/v1/cases"),
    ("API search", "caseworker_token", "/api/v1/cases?q=request"),
    ("API list, requester", "requester_token", "/api/v1/cases"),
    ("statistics", "caseworker", "/staff/statistics"),
]


def _statements(app: Flask, url: str, who: str, people: dict[str, Any]) -> list[str]:
    client = app.test_client()
    headers = {}
    if who.endswith("_token"):
        headers["Authorization"] = f"Bearer {people[who]}"
    else:
        from review_service.accounts.models import User
        from review_service.extensions import db_session
        from tests.pages import sign_in_client

        with app.app_context():
            sign_in_client(client, db_session().get(User, people[who]))
    return _counted(app, client, url, headers)


def _counted(app: Flask, client: Any, url: str, headers: dict[str, str]) -> list[str]:
    """The statements of ``url``'s second request by ``client``."""
    client.get(url, headers=headers)  # warm: the token's use is written once, not per request
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)
        # Every statement of a second request comes from SQLAlchemy's compiled cache: one
        # that cannot have a cache key (a construct without _traverse_internals) is compiled
        # again on every request, a quarter of the API case's time on PostgreSQL.
        if context is not None and context.compiled is not None:
            assert context.cache_hit != NO_CACHE_KEY, ("compiled on every request", statement)

    engine = database(app).engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url, headers=headers)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, (url, response.status_code)
    return statements


@pytest.fixture
def scene(app: Flask) -> dict[str, Any]:
    """One triaged case with its letters, and nine more cases of the same authority."""
    with app.app_context():
        session = db_session()
        authority = create_authority(session)
        staff = create_staff(session, authority)
        requester = create_user(session, Role.REQUESTER)
        case = triaged_case(session, authority, staff, requester=requester)
        bulk_cases(session, authority, requester, 9, reviewer=staff["reviewer"])
        _, worker_token = create_api_token(session, staff["caseworker"], "count")
        _, requester_token = create_api_token(session, requester, "count")
        commit()
        return {
            "reference": case.reference,
            "authority": authority.id,
            "caseworker": staff["caseworker"].id,
            "reviewer": staff["reviewer"].id,
            "requester": requester.id,
            "caseworker_token": worker_token,
            "requester_token": requester_token,
        }


def test_every_read_costs_the_same_statements_at_10_and_1000_cases(
    app: Flask, scene: dict[str, Any]
) -> None:
    small = {
        label: len(_statements(app, url.format(**scene), who, scene)) for label, who, url in PAGES
    }
    with app.app_context():
        session = db_session()
        bulk_cases(
            session,
            session.get(Authority, scene["authority"]),
            session.get(User, scene["requester"]),
            990,
            reviewer=session.get(User, scene["reviewer"]),
        )
        commit()
        assert session.scalar(select(func.count()).select_from(Case)) == 1000
    large = {
        label: len(_statements(app, url.format(**scene), who, scene)) for label, who, url in PAGES
    }
    assert large == small
    assert all(count <= 25 for count in small.values()), small
    assert {label: small[label] for label in CASE_PAGES} == CASE_PAGES, small


# The case pages (issue 13): the case with its authority, request, response and people in one
# statement, the bank-holiday changes read with the signed-in account or the API token (not in a
# statement of their own) and the regulator stage's rows read once per request however many
# clocks ask for them (the regulator stage not at all for a case in a state
# no referred case comes back to, as this one, in review), an API token with its account, and on
# the pages and the API's case the case's grounds with the provisions its response cited in the
# case's own statement (not a lazy load each, nor a second statement), the staff page's timeline
# with its actors' names joined in (not the events, then their people).
CASE_PAGES = {"staff case page": 6, "requester case page": 5, "API case": 3}  # were 20, 17, 18


def test_listing_letters_never_reads_their_pdfs(app: Flask, scene: dict[str, Any]) -> None:
    for url, who in (
        ("/complaints/{reference}", "requester"),
        ("/staff/cases/{reference}", "caseworker"),
        ("/api/v1/cases/{reference}/letters", "caseworker_token"),
    ):
        statements = _statements(app, url.format(**scene), who, scene)
        letters = [s for s in statements if "FROM letters" in s]
        assert letters, url
        assert not any("letters.pdf" in s for s in letters), url


def test_the_staff_case_list_reads_its_cases_in_the_queues_one_query(
    app: Flask, scene: dict[str, Any]
) -> None:
    # Only the columns a listed case shows, read with the page's rows: never whole cases.
    # Beside them only the count, or a search's ids (which are its count).
    for url in ("/api/v1/cases", "/api/v1/cases?q=request"):
        statements = _statements(app, url, "caseworker_token", scene)
        counts = [
            s
            for s in statements
            if "count(" in s or s.startswith("SELECT cases.review_due_on, cases.id \nFROM")
        ]
        assert len(counts) == 1, url
        cases = [s for s in statements if "FROM cases" in s and s not in counts]
        assert len(cases) == 1, url
        assert "cases.requester_id" not in cases[0].split("FROM")[0], url


def test_a_signed_in_page_reads_the_account_and_its_session_in_one_statement(
    app: Flask, scene: dict[str, Any]
) -> None:
    """Every page pays for this: the account and whether this session was signed out."""
    statements = _statements(app, "/privacy", "caseworker", scene)
    assert len(statements) == 1, statements
    assert "FROM users" in statements[0] and "ended_sessions" in statements[0]


def test_a_staff_session_without_a_second_factor_costs_no_extra_statement(
    app: Flask, scene: dict[str, Any]
) -> None:
    """Where no second factor is required, staff signed in with a password alone read their
    account, the session's end and whether they have an authenticator app in one statement:
    the page costs what it costs after a second factor (it was one statement more)."""
    app.config["REQUIRE_TWO_FACTOR"] = False
    url = "/staff/cases/{reference}".format(**scene)
    after_code = len(_statements(app, url, "caseworker", scene))

    from review_service.accounts import sessions
    from tests.pages import sign_in_client

    client = app.test_client()
    with app.app_context():
        sign_in_client(client, db_session().get(User, scene["caseworker"]))
    with client.session_transaction() as flask_session:
        flask_session.pop(sessions.SECOND_FACTOR)
    password_only = len(_counted(app, client, url, {}))
    assert password_only == after_code == CASE_PAGES["staff case page"]
