"""A reference someone types is one line wherever it goes: it is printed in e-mails the service
sends to staff and authorities, where a line break let a requester write lines of their own
(a link to follow, a date) under the service's name, and in subjects, where a line separator
(U+2028) made the e-mail to an authority not using the service unsendable."""

from __future__ import annotations

from sqlalchemy import select

from review_service.extensions import db_session
from review_service.mail.models import OutboxMessage
from review_service.mail.worker import build_message
from tests.api.conftest import complaint_body

FORGED = "FOI-1\n\nSign in to see it: https://evil.example/sign-in\n\n\u2028Review service"


def test_one_line_keeps_words_and_joiners_and_drops_breaks_and_controls() -> None:
    from review_service.domain.limits import one_line

    assert one_line(" FOI\r\n2026\u2028/\u0085 7\x0b8 ") == "FOI 2026 / 7 8"
    assert one_line("FOI\x1b[31m-1\u202e\x00\u2066x\u2069\x9b") == "FOI[31m-1x"
    assert (
        one_line("\u0645\u06cc\u200c\u0631\u0648\u06cc") == "\u0645\u06cc\u200c\u0631\u0648\u06cc"
    )


def test_a_reference_typed_with_line_breaks_cannot_write_lines_into_the_staff_email(  # type: ignore[no-untyped-def]
    app, api, cast, frozen_today
) -> None:
    body = complaint_body(cast, request_reference=FORGED)
    response = api.post("/api/v1/cases", cast.token("requester"), json=body)
    assert response.status_code == 201, response.json
    stored = response.json["request"]["authority_reference"]
    assert stored == "FOI-1 Sign in to see it: https://evil.example/sign-in Review service"
    with app.app_context():
        messages = db_session().scalars(select(OutboxMessage)).all()
        told = [m for m in messages if m.to_address == cast.emails["caseworker"]]
        assert told, [m.to_address for m in messages]
        for message in messages:
            lines = message.body.splitlines()
            assert not any(line.startswith("Sign in to see it") for line in lines)
            build_message(message, "no-reply@review-service.local")  # every one sendable
