"""Check your answers shows the requester's words with their own line breaks (issue 12 item 11)."""

from __future__ import annotations

import datetime as dt

from tests.cases.journey import (
    choose_grounds,
    confirm_findings,
    date_parts,
    days_ago,
    paste_response,
)
from tests.factories import create_authority

REQUEST = "Please send me:\r\n1. the policy;\r\n2. the minutes of <b>March</b>."


def test_check_your_answers_keeps_the_lines_of_the_request_and_the_reasons(
    signed_in,
    session,  # type: ignore[no-untyped-def]
) -> None:
    client = signed_in
    authority = create_authority(session)
    session.commit()
    response_date = days_ago(10)
    client.post("/complaints/new/authority", {"authority": str(authority.id)})
    client.post("/complaints/new/law", {"regime": "foia"})
    sent = response_date - dt.timedelta(days=20)
    answered = client.post(
        "/complaints/new/request",
        {
            "request_reference": "",
            "request_text": REQUEST,
            **date_parts("request_sent_on", sent),
            **date_parts("request_received_on", sent),
        },
    )
    assert answered.status_code == 302, client.last_page
    paste_response(client)
    confirm_findings(client, response_date)
    choose_grounds(client, {"p0": "First reason.\r\nSecond reason.", "more_information_held": ""})

    page = client.get("/complaints/new/check").get_data(as_text=True)

    assert (
        "Please send me:<br>1. the policy;<br>2. the minutes of &lt;b&gt;March&lt;/b&gt;." in page
    )
    assert "First reason.<br>Second reason." in page
