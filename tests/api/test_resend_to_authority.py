"""POST /api/v1/cases/{reference}/authority-address: the pages' re-send to an authority that does
not use this service (issue 12, item 1), through the same service and with the same rules."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from review_service.audit.models import AuditEvent
from review_service.extensions import db_session
from review_service.mail.models import OutboxMessage
from tests.api.conftest import ApiClient, Cast, complaint_body

TYPO = "fio@northwick.example"
CORRECTED = "information.requests@northwick.example"


def _unlisted(api: ApiClient, cast: Cast) -> str:
    body = complaint_body(cast, other_authority_name="Northwick Parish Council",
                          other_authority_email=TYPO)  # fmt: skip
    del body["authority_id"]
    response = api.post("/api/v1/cases", cast.token("requester"), json=body)
    assert response.status_code == 201, response.json
    assert response.json["sent_by_email"]["address"] == TYPO
    return str(response.json["reference"])


def _resend(api: ApiClient, token: str, reference: str, address: Any) -> Any:
    return api.post(
        f"/api/v1/cases/{reference}/authority-address", token, json={"address": address}
    )


def test_the_requester_sends_the_complaint_again_to_a_corrected_address(
    app: Any, api: ApiClient, cast: Cast, frozen_today: Any
) -> None:
    reference = _unlisted(api, cast)

    response = _resend(api, cast.token("requester"), reference, CORRECTED.upper())

    assert response.status_code == 200, response.json
    assert response.json["sent_by_email"]["address"] == CORRECTED
    assert response.json["sent_by_email"]["sent_at"] is None  # queued, not yet gone
    assert response.json["status"] == "received"
    with app.app_context():
        session = db_session()
        [again] = session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == CORRECTED)
        ).all()
        assert [a.filename for a in again.attachments] == [f"{reference}-complaint.pdf"]
        [event] = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "resend_to_authority")
        ).all()
        assert event.actor_id == cast.user_ids["requester"]
        assert event.summary == "Complaint e-mailed again to the authority at a corrected address"
        assert "northwick" not in str(event.after)


def test_the_same_rules_as_the_pages(
    app: Any, api: ApiClient, cast: Cast, frozen_today: Any
) -> None:
    reference = _unlisted(api, cast)

    bad = _resend(api, cast.token("requester"), reference, "not an address")
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json["errors"]] == ["address"]
    missing = api.post(f"/api/v1/cases/{reference}/authority-address", cast.token("requester"),
                       json={})  # fmt: skip
    assert missing.status_code == 422
    # Another requester, and staff tied to another authority, are told there is no such case.
    assert _resend(api, cast.token("other_requester"), reference, CORRECTED).status_code == 404
    assert _resend(api, cast.token("outsider"), reference, CORRECTED).status_code == 404
    # A reviewer never sends complaints.
    assert _resend(api, cast.token("reviewer"), reference, CORRECTED).status_code in {403, 404}
    with app.app_context():
        assert db_session().scalar(
            select(OutboxMessage).where(OutboxMessage.to_address == CORRECTED)
        ) is None  # fmt: skip
    # An administrator may (they set up unlisted authorities).
    assert _resend(api, cast.token("admin"), reference, CORRECTED).status_code == 200

    # Once withdrawn it has moved on: 409, and nothing is sent.
    withdrawn = api.post(f"/api/v1/cases/{reference}/actions", cast.token("requester"),
                         json={"action": "withdraw", "reason": "Resolved."})  # fmt: skip
    assert withdrawn.status_code == 200, withdrawn.json
    again = _resend(api, cast.token("requester"), reference, "late@northwick.example")
    assert again.status_code == 409
    assert again.json["detail"] == (
        "The complaint has moved on since it was e-mailed: it cannot be sent again."
    )


def test_a_complaint_to_an_authority_using_the_service_is_not_emailed(
    api: ApiClient, cast: Cast, filed: dict[str, Any]
) -> None:
    response = _resend(api, cast.token("requester"), filed["reference"], CORRECTED)
    assert response.status_code == 409
    assert response.json["type"].endswith("/conflict")
    assert "uses this service" in response.json["detail"]


def test_a_requester_cannot_make_the_service_send_unlimited_emails(
    app: Any, api: ApiClient, cast: Cast, frozen_today: Any
) -> None:
    """Found by a live probe of a production server (sec18): a requester re-sent one complaint
    to 30 new addresses in under a second and filed 10 more complaints each e-mailed to a new
    address, every message carrying their own words and a PDF: a relay for anyone with an
    account, and a flood in the outbox ahead of outcome letters and password resets. Now each
    requester may have at most AUTHORITY_EMAILS_PER_DAY such e-mails sent in 24 hours."""
    from review_service.cases.services import AUTHORITY_EMAILS_PER_DAY

    token = cast.token("requester")
    reference = _unlisted(api, cast)  # the first
    for i in range(AUTHORITY_EMAILS_PER_DAY - 1):
        assert _resend(api, token, reference, f"r{i}@northwick.example").status_code == 200

    refused = _resend(api, token, reference, "one-more@northwick.example")
    assert refused.status_code == 422, refused.json
    assert [e["field"] for e in refused.json["errors"]] == ["address"]
    assert "24 hours" in refused.json["errors"][0]["message"]
    body = complaint_body(cast, other_authority_name="Eastholme Council",
                          other_authority_email="foi@eastholme.example")  # fmt: skip
    del body["authority_id"]
    new = api.post("/api/v1/cases", token, json=body)
    assert new.status_code == 422, new.json
    assert [e["field"] for e in new.json["errors"]] == ["other_authority_email"]
    with app.app_context():
        sent = db_session().scalars(select(OutboxMessage.to_address)).all()
        assert "one-more@northwick.example" not in sent
        assert "foi@eastholme.example" not in sent
    # A complaint to an authority using the service sends nobody else anything: still fine.
    assert api.post("/api/v1/cases", token, json=complaint_body(cast)).status_code == 201
    # Another requester has their own allowance.
    other = complaint_body(cast, other_authority_name="Eastholme Council",
                           other_authority_email="foi@eastholme.example")  # fmt: skip
    del other["authority_id"]
    assert api.post("/api/v1/cases", cast.token("other_requester"), json=other).status_code == 201
