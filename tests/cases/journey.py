"""Helpers that walk the complaint journey through the page-checking test client."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from review_service import clock
from tests.pages import PageClient

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "notices"

# A response like the Metropolitan Police sample: partial disclosure, two NCND provisions.
NOTICE = """\
Freedom of Information Request Reference No: 2018030000548

Dear Ms Example

I write in connection with your request for information about automated facial recognition.

Questions 1 and 4 are answered below. For questions 2, 3 and 5 the MPS can neither confirm
nor deny that it holds the information you have requested, by virtue of the following
exemptions:

Section 24(2) - National Security
Section 31(3) - Law Enforcement

Section 24 is a prejudice based qualified exemption and there is a requirement to
articulate the harm that would be caused in confirming or denying that information is held,
as well as carrying out a public interest test.

If you are dissatisfied with this response you may ask for an internal review within 40
working days of the date of this letter.

Yours sincerely
Information Rights Unit
"""


def date_parts(prefix: str, day: dt.date | None) -> dict[str, Any]:
    """The three inputs of a GOV.UK date field share one name, in day-month-year order."""
    if day is None:
        return {prefix: ["", "", ""]}
    return {prefix: [str(day.day), str(day.month), str(day.year)]}


def days_ago(days: int) -> dt.date:
    return clock.today() - dt.timedelta(days=days)


def answer_up_to_response(
    client: PageClient, authority_id: int, *, regime: str = "foia", sent: dt.date | None = None
) -> None:
    sent = sent or days_ago(30)
    assert (
        client.post("/complaints/new/authority", {"authority": str(authority_id)}).status_code
        == 302
    )
    assert client.post("/complaints/new/law", {"regime": regime}).status_code == 302
    response = client.post(
        "/complaints/new/request",
        {
            "request_reference": "",
            "request_text": "How many times was facial recognition used?",
            **date_parts("request_sent_on", sent),
            # Asked only under FOISA (s.10(1), s.20(5)); ignored under the other laws.
            **date_parts("request_received_on", sent),
        },
    )
    assert response.status_code == 302, client.last_page


def paste_response(client: PageClient, text: str = NOTICE) -> None:
    response = client.post("/complaints/new/response", {"how": "paste", "response_text": text})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/complaints/new/findings")


def confirm_findings(client: PageClient, response_date: dt.date) -> None:
    response = client.post(
        "/complaints/new/findings",
        {"request_reference": "2018030000548", **date_parts("response_date", response_date)},
    )
    assert response.status_code == 302, client.last_page


def choose_grounds(client: PageClient, reasons: dict[str, str]) -> None:
    data: dict[str, Any] = {"reasons": list(reasons)}
    for key, text in reasons.items():
        data[f"detail_{key}"] = text
    response = client.post("/complaints/new/grounds", data)
    assert response.status_code == 302, client.last_page
    assert response.headers["Location"].endswith("/complaints/new/check")


def file_sample_complaint(
    client: PageClient, authority_id: int, *, response_date: dt.date | None = None
) -> str:
    """Answer every question for a response like the sample and send it; the case reference."""
    response_date = response_date or days_ago(10)
    answer_up_to_response(client, authority_id, sent=response_date - dt.timedelta(days=20))
    paste_response(client)
    confirm_findings(client, response_date)
    choose_grounds(
        client,
        {"p0": "Saying whether the data exists harms nobody.", "more_information_held": ""},
    )
    response = client.post("/complaints/new/check", {})
    assert response.status_code == 302, client.last_page
    location = response.headers["Location"]
    assert location.endswith("/confirmation")
    return location.split("/")[-2]
