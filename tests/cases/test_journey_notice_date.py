"""The response date the requester is asked to confirm comes from the notice (issue 12, item 11).

A notice that is signed off with its date ("Information Rights Unit, 24 November 2026") ends
with that date; the findings page offers it, as it does a date at the top.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.cases.journey import NOTICE, answer_up_to_response, days_ago, paste_response
from tests.factories import create_authority, create_user


@pytest.fixture
def signed_in(client, session):  # type: ignore[no-untyped-def]
    user = create_user(session, name="Ada Requester", email="ada@example.org")
    authority = create_authority(session, name="Metropolitan Police Service")
    session.commit()
    client.sign_in_as(user)
    client.authority_id = authority.id
    return client


def offered_date(client) -> dt.date | None:  # type: ignore[no-untyped-def]
    page = client.get("/complaints/new/findings").get_data(as_text=True)
    values = []
    for part in ("day", "month", "year"):
        tag = re.search(rf'<input[^>]*id="response_date-{part}"[^>]*>', page)
        value = re.search(r'value="([0-9]+)"', tag.group(0)) if tag else None
        values.append(value.group(1) if value else None)
    if not all(values):
        return None
    day, month, year = (int(value) for value in values)  # type: ignore[arg-type]
    return dt.date(year, month, day)


@pytest.mark.parametrize(
    "ending",
    [
        "{d:%-d %B %Y}",
        "Information Rights Unit, {d:%-d %B %Y}",
        "J. Okafor, Disclosure Officer\n{d:%d/%m/%Y}\n",
        "Signed: J. Okafor {d:%-d %B %Y}.",
    ],
)
def test_a_date_that_ends_the_notice_fills_in_the_response_date(signed_in, ending) -> None:  # type: ignore[no-untyped-def]
    notice_day = days_ago(5)
    answer_up_to_response(signed_in, signed_in.authority_id, sent=days_ago(30))

    paste_response(signed_in, NOTICE + ending.format(d=notice_day))

    assert offered_date(signed_in) == notice_day


def test_without_a_date_the_response_date_is_left_for_the_requester(signed_in) -> None:  # type: ignore[no-untyped-def]
    answer_up_to_response(signed_in, signed_in.authority_id, sent=days_ago(30))

    paste_response(signed_in, NOTICE)

    assert offered_date(signed_in) is None
