"""Every question page shows its problems in the GOV.UK error summary and keeps the answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from review_service import clock
from review_service.cases.models import ComplaintDraft
from tests.cases.journey import (
    answer_up_to_response,
    choose_grounds,
    confirm_findings,
    date_parts,
    days_ago,
    paste_response,
)
from tests.factories import committed, create_authority, create_user


@pytest.fixture
def authority(session):  # type: ignore[no-untyped-def]
    return committed(session, create_authority(session))


@pytest.fixture
def client_at(client, session, authority):  # type: ignore[no-untyped-def]
    """A signed-in requester who has answered every question before the given page."""

    def at(page: str):  # type: ignore[no-untyped-def]
        requester = create_user(session)
        session.commit()
        client.sign_in_as(requester)
        if page in ("authority",):
            return client
        client.post("/complaints/new/authority", {"authority": str(authority.id)})
        if page == "law":
            return client
        client.post("/complaints/new/law", {"regime": "foia"})
        if page == "request":
            return client
        answer_up_to_response(client, authority.id, sent=days_ago(30))
        if page == "response":
            return client
        paste_response(client)
        return client

    return at


def shows_error(client, response, message: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    page = client.last_page
    assert page.title.startswith("Error: "), page.title
    html = response.get_data(as_text=True)
    assert 'class="govuk-error-summary"' in html
    assert message in page.text, page.text


@pytest.mark.parametrize(
    ("page", "data", "message"),
    [
        ("authority", {"authority": ""}, "Choose the authority you sent your request to"),
        ("authority", {"authority": "999999"}, "Choose the authority from the list"),
        ("authority", {"authority": "other"}, "Enter the name of the authority"),
        ("law", {}, "Select which law you made your request under"),
        ("law", {"regime": "gdpr"}, "Select which law you made your request under"),
        (
            "request",
            {"request_text": "x", **date_parts("request_sent_on", None)},
            "Enter the date you sent your request",
        ),
        ("request", {"request_sent_on": ["1", "2", "2026"]}, "Enter what you asked for"),
        (
            "request",
            {"request_text": "x", "request_sent_on": ["31", "2", "2026"]},
            "The date you sent your request must be a real date",
        ),
        (
            "request",
            {"request_text": "x", "request_sent_on": ["3", "4", ""]},
            "The date you sent your request must include a year",
        ),
        (
            "request",
            {"request_text": "x", "request_sent_on": ["3", "4", "26"]},
            "Year must include 4 numbers",
        ),
        (
            "request",
            {"request_text": "x", **date_parts("request_sent_on", days_ago(-3))},
            "The date you sent your request must be today or in the past",
        ),
        (
            "request",
            {"request_text": "x", "request_sent_on": ["3", "4", "1999"]},
            "must be on or after 1 January 2005",
        ),
        ("response", {}, "Select how you will give us the response"),
        ("response", {"how": "paste", "response_text": "  "}, "Paste the text of the response"),
        ("response", {"how": "upload"}, "Select the file with the authority’s response"),
        ("findings", date_parts("response_date", None), "Enter the date of the response"),
        (
            "findings",
            date_parts("response_date", days_ago(60)),
            "The date of the response must be the same as or after the date you sent your request",
        ),
    ],
)
def test_question_page_shows_the_problem(
    client_at, page: str, data: dict[str, Any], message: str
) -> None:
    client = client_at(page)
    url = "/complaints/new/" + page
    shows_error(client, client.post(url, data), message)


def test_date_parts_missing_from_the_post_do_not_break_the_page(client_at) -> None:  # type: ignore[no-untyped-def]
    client = client_at("request")
    response = client.post("/complaints/new/request", {"request_text": "What I asked"})
    shows_error(client, response, "Enter the date you sent your request")
    html = response.get_data(as_text=True)
    assert 'id="request_sent_on-day"' in html
    assert "What I asked" in html  # the answer is kept


def test_add_provision_page_needs_a_choice(client_at) -> None:  # type: ignore[no-untyped-def]
    client = client_at("findings")
    shows_error(
        client,
        client.post("/complaints/new/findings/add", {"provision": ""}),
        "Choose the provision from the list",
    )


def test_grounds_page_needs_a_reason(client_at) -> None:  # type: ignore[no-untyped-def]
    client = client_at("findings")
    confirm_findings(client, days_ago(10))
    shows_error(
        client,
        client.post("/complaints/new/grounds", {}),
        "Select at least one reason you are unhappy with the response",
    )
    shows_error(
        client,
        client.post("/complaints/new/grounds", {"reasons": ["other"], "detail_other": ""}),
        "Tell us what else you are unhappy about",
    )
    shows_error(
        client,
        client.post("/complaints/new/grounds", {"reasons": ["p0"], "detail_p0": "x" * 5001}),
        "Your reasons must be 5,000 characters or fewer",
    )


def test_check_page_shows_what_the_service_refused_with_a_link_to_fix_it(
    client_at, session
) -> None:  # type: ignore[no-untyped-def]
    client = client_at("findings")
    confirm_findings(client, days_ago(10))
    choose_grounds(client, {"more_information_held": ""})
    # A saved answer that is no longer acceptable (the date is now in the future).
    draft = session.scalar(select(ComplaintDraft))
    future = clock.today() + dt.timedelta(days=3)
    draft.answers = {**draft.answers, "response_date": future.isoformat()}
    session.commit()
    response = client.post("/complaints/new/check", {})
    shows_error(client, response, "The date of the response must be in the past")
    assert 'href="/complaints/new/findings"' in response.get_data(as_text=True)
