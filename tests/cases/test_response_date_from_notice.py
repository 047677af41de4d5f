"""The date a pasted response ends with fills in the date of the response (issue 12 item 11)."""

from __future__ import annotations

from tests.cases.journey import NOTICE, answer_up_to_response, days_ago, paste_response
from tests.factories import create_authority


def test_a_response_ending_with_its_date_fills_in_the_date(signed_in, session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    session.commit()
    sent = days_ago(40)
    answered = days_ago(20)
    answer_up_to_response(signed_in, authority.id, sent=sent)
    paste_response(signed_in, NOTICE + f"\n{answered.day} {answered:%B %Y}")

    page = signed_in.get("/complaints/new/findings").get_data(as_text=True)

    for part, value in (("day", answered.day), ("month", answered.month), ("year", answered.year)):
        field = page.split(f'id="response_date-{part}"', 1)[1].split(">", 1)[0]
        assert f'value="{value:02d}"' in field, part
