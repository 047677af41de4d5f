"""Issue 11, item 1: FOISA s.20(5) counts the time to require a review from the later of the end
of the authority's 20 working days (s.10(1), from its receipt of the request) and the receipt of
a late response, so a Scottish complaint needs the date the authority received the request.

Example (issue 11, DOMAIN.md): request received 1 June 2026, response 3 June 2026; the 20 working
days end 30 June (15 June 2026 is a Scottish bank holiday) and the last day to require a review
is 26 August 2026 (3 August is Scotland's summer holiday), not 30 July.
"""

from __future__ import annotations

import datetime as dt

import pytest

from review_service.cases.clocks import review_request_window
from review_service.cases.services import file_case
from review_service.errors import ValidationFailed
from review_service.extensions import commit
from tests.cases.journey import date_parts, days_ago
from tests.factories import create_authority, create_user, file_command

RECEIVED = dt.date(2026, 6, 1)
RESPONSE = dt.date(2026, 6, 3)


def scottish_authority(session, **settings):  # type: ignore[no-untyped-def]
    return create_authority(
        session, regime="foisa", name="Testshire Council (Scotland)", **settings
    )


def foisa_command(authority, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "regime": "foisa",
        "request_sent_on": RECEIVED,
        "request_received_on": RECEIVED,
        "response_date": RESPONSE,
        "provisions": (),
        "grounds": (file_command(authority).grounds[1],),  # more information held
    }
    return file_command(authority, **{**values, **overrides})


def test_a_scottish_requester_in_time_is_not_refused_by_an_authority_that_refuses_late_ones(
    session,
) -> None:  # type: ignore[no-untyped-def]
    strict = scottish_authority(session, refuse_late_review_requests=True)
    requester = create_user(session)
    filed = file_case(session, requester, foisa_command(strict), today=dt.date(2026, 8, 26))
    assert (filed.late_request, filed.warnings) == (False, ())
    window = review_request_window(session, filed.case)
    assert window is not None
    assert (window.start, window.due) == (dt.date(2026, 6, 30), dt.date(2026, 8, 26))
    assert "FOISA s.20(5)(a)" in window.basis
    assert filed.case.information_request.received_on == RECEIVED

    with pytest.raises(ValidationFailed) as refused:
        file_case(session, requester, foisa_command(strict), today=dt.date(2026, 8, 27))
    message = refused.value.errors["response_date"]
    assert "The last day was" in message and "26 August 2026" in message
    assert "FOISA s.20(5)(a)" in message


def test_a_late_response_starts_the_foisa_window_when_it_arrives(session) -> None:  # type: ignore[no-untyped-def]
    authority = scottish_authority(session)
    filed = file_case(
        session,
        create_user(session),
        foisa_command(authority, response_date=dt.date(2026, 7, 1)),
        today=dt.date(2026, 8, 27),
    )
    window = review_request_window(session, filed.case)
    assert window is not None and window.due == dt.date(2026, 8, 27)
    assert "FOISA s.20(5)(b)" in window.basis
    assert not filed.late_request


def test_an_unanswered_foisa_request_has_a_window_from_the_end_of_the_20_days(session) -> None:  # type: ignore[no-untyped-def]
    authority = scottish_authority(session)
    command = foisa_command(authority, no_response=True, response_date=None, response_text="")
    filed = file_case(session, create_user(session), command, today=dt.date(2026, 8, 27))
    assert filed.late_request  # one day after 26 August, recorded as late but accepted
    window = review_request_window(session, filed.case)
    assert window is not None and window.due == dt.date(2026, 8, 26)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"request_received_on": None}, "Enter the date the authority received your request"),
        (
            {"request_received_on": dt.date(2026, 5, 31)},
            "must be the same as or after the date you sent it",
        ),
        (
            {"request_received_on": dt.date(2026, 6, 4)},
            "The date of the response must be the same as or after the date of the request",
        ),
    ],
)
def test_a_foisa_complaint_needs_a_sensible_receipt_date(session, overrides, message) -> None:  # type: ignore[no-untyped-def]
    authority = scottish_authority(session)
    with pytest.raises(ValidationFailed) as refused:
        file_case(
            session,
            create_user(session),
            foisa_command(authority, **overrides),
            today=dt.date(2026, 7, 1),
        )
    assert message in " ".join(refused.value.errors.values())


def test_the_request_page_asks_for_the_receipt_date_only_under_foisa(client, session) -> None:  # type: ignore[no-untyped-def]
    authority = scottish_authority(session)
    requester = create_user(session)
    commit()
    client.sign_in_as(requester)
    client.post("/complaints/new/authority", {"authority": str(authority.id)})
    client.post("/complaints/new/law", {"regime": "foisa"})
    client.get("/complaints/new/request")
    assert "When did the authority receive your request?" in client.last_page.text
    sent = days_ago(30)
    form = {
        "request_reference": "",
        "request_text": "Bin collections.",
        **date_parts("request_sent_on", sent),
    }
    missing = client.post(
        "/complaints/new/request", {**form, **date_parts("request_received_on", None)}
    )
    assert missing.status_code == 200
    assert "Enter the date the authority received your request" in client.last_page.text
    early = client.post(
        "/complaints/new/request",
        {**form, **date_parts("request_received_on", sent - dt.timedelta(days=1))},
    )
    assert early.status_code == 200
    assert "must be the same as or after the date you sent it" in client.last_page.text
    saved = client.post(
        "/complaints/new/request", {**form, **date_parts("request_received_on", sent)}
    )
    assert saved.status_code == 302

    client.post("/complaints/new/law", {"regime": "foia"})
    client.get("/complaints/new/request")
    assert "When did the authority receive your request?" not in client.last_page.text
