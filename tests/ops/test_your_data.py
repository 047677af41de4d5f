"""A requester downloads everything held about them, and closes their account (after a
confirmation page that says what happens to their open complaints)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select

from review_service.accounts.models import ApiToken, Role, User
from review_service.accounts.services import authenticate, create_api_token
from review_service.audit.models import AuditEvent
from review_service.cases.drafts import save_answers
from review_service.cases.models import Case
from review_service.extensions import commit
from review_service.privacy.closure import WITHDRAWAL_REASON
from tests.factories import PASSWORD, create_case, create_user
from tests.ops.conftest import History, cli


def test_the_download_holds_the_account_complaints_letters_documents_and_emails(
    app: Any, client: Any, session: Any, history: History
) -> None:
    requester = history.requester
    create_api_token(session, requester, "My script")
    save_answers(session, requester, {"regime": "eir"})
    someone_else = create_case(session, requester=create_user(session, Role.REQUESTER))
    commit()
    client.sign_in_as(requester)
    assert client.get("/account/your-data").status_code == 200
    assert "Download your data (JSON)" in client.last_page.text

    response = client.get("/account/your-data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="review-service-your-data-'
    )
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["name"] == "Olwen Pritchard"
    assert data["account"]["email"] == "olwen.pritchard@example.org"
    assert data["account"]["postal_address"].startswith("7 Heol y Felin")
    assert [t["name"] for t in data["api_tokens"]] == ["My script"]
    assert "token_hash" not in json.dumps(data["api_tokens"])
    assert data["draft_complaint"]["regime"] == "eir"
    references = [c["reference"] for c in data["complaints"]]
    assert references == [history.decided.reference, history.extended.reference,
                          history.received.reference]  # fmt: skip
    assert someone_else.reference not in response.get_data(as_text=True)
    decided = data["complaints"][0]
    assert decided["request"]["text"] == "Please tell me how many drones the force owns."
    assert [g["requester_text"] for g in decided["grounds"]][0] == (
        "National security is not engaged."
    )
    assert [letter["kind"] for letter in decided["letters"]] == ["acknowledgement", "outcome"]
    assert [d["id"] for d in decided["documents"]] == [history.document.id]
    assert any(event["summary"] == "Complaint filed" for event in decided["timeline"])
    assert data["emails"] and all(m["to"] == "olwen.pritchard@example.org" for m in data["emails"])


def test_closing_shows_what_happens_and_needs_confirmation_and_the_password(
    client: Any, session: Any, history: History
) -> None:
    client.sign_in_as(history.requester)
    assert client.get("/account/close").status_code == 200
    page = client.last_page.text
    assert f"Your 2 open complaints will be withdrawn, with the reason “{WITHDRAWAL_REASON}”" in (
        page
    )
    assert history.extended.reference in page and history.received.reference in page
    assert history.decided.reference not in page  # already closed
    assert "does not withdraw a complaint you have made to the Information Commissioner" in page

    refused = client.post("/account/close", {"password": ""})
    assert refused.status_code == 400
    assert "Confirm that you want to close your account" in client.last_page.text
    assert "Enter your password" in client.last_page.text
    wrong = client.post("/account/close", {"confirm": "y", "password": "not my password"})
    assert wrong.status_code == 400
    assert "The password is not right" in client.last_page.text
    session.expire_all()
    assert session.get(User, history.requester.id).closed_at is None
    assert session.get(Case, history.received.id).status == "received"


def test_closing_withdraws_open_complaints_and_keeps_them_until_retention(
    app: Any, client: Any, session: Any, history: History
) -> None:
    create_api_token(session, history.requester, "My script")
    commit()
    client.sign_in_as(history.requester)
    done = client.post("/account/close", {"confirm": "y", "password": PASSWORD})
    assert done.status_code == 200
    page = client.last_page.text
    assert "Your account is closed" in page and history.received.reference in page
    assert "will be removed when each has been closed for the authority's retention period" in page

    session.expire_all()
    user = session.get(User, history.requester.id)
    assert user.closed_at is not None and not user.is_active
    assert user.name == "Olwen Pritchard"  # kept with the complaints until their retention ends
    for case in (history.extended, history.received):
        closed = session.get(Case, case.id)
        assert (closed.status, closed.closure_reason) == ("withdrawn", WITHDRAWAL_REASON)
    assert session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all() == []
    assert authenticate(session, "olwen.pritchard@example.org", PASSWORD) is None
    assert client.get("/account/your-data").status_code == 302  # signed out
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.action == "close_account"))
    assert cli(app, "check").exit_code == 0

    # A closed account goes with its last complaint, even if it was used recently.
    later = (dt.date.today() + dt.timedelta(days=6 * 366 + 31)).isoformat()
    applied = cli(app, "retention", "apply", "--today", later)
    assert "anonymised 1 requester account." in applied.output, applied.output
    session.expire_all()
    assert session.get(User, history.requester.id).name == "Former requester"


def test_an_account_with_no_complaints_is_anonymised_at_once(client: Any, session: Any) -> None:
    requester = create_user(session, Role.REQUESTER, name="Siân Lloyd", email="sian@example.org")
    commit()
    client.sign_in_as(requester)
    assert client.get("/account/close").status_code == 200
    assert "You have no open complaints." in client.last_page.text
    assert client.post("/account/close", {"confirm": "y", "password": PASSWORD}).status_code == 200
    assert "your name and contact details have been removed already" in client.last_page.text
    session.expire_all()
    user = session.get(User, requester.id)
    assert (user.name, user.email) == (
        "Former requester",
        f"former-requester-{user.id}@anonymised.invalid",
    )
    assert user.postal_address == "" and user.password_hash is None


def test_staff_cannot_use_the_requester_pages(client: Any, session: Any, history: History) -> None:
    client.sign_in_as(history.staff["caseworker"])
    assert client.get("/account/your-data.json").status_code == 403
    assert client.post("/account/close", {"confirm": "y", "password": PASSWORD}).status_code == 403


def test_closing_keeps_a_complaint_past_its_review_outcome_open(
    client: Any, session: Any, monkeypatch: Any
) -> None:
    """A requester may no longer withdraw once the review outcome is sent; closing the account
    must not ask for that withdrawal (it answered 409 before), and leaves the complaint open."""
    from review_service import clock
    from review_service.cases import services as cases
    from review_service.reviews import services as reviews
    from tests.factories import create_authority, create_staff, full_decision

    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 10, 20))
    authority = create_authority(session)
    staff = create_staff(session, authority)
    requester = create_user(session, Role.REQUESTER, name="Rhys Morgan", email="rhys@example.org")
    decided = create_case(session, requester=requester, authority=authority)
    cases.acknowledge(session, staff["caseworker"], decided, today=dt.date(2026, 10, 6))
    cases.assign(session, staff["caseworker"], decided, reviewer_id=staff["reviewer"].id)
    reviews.save_decision(session, staff["reviewer"], decided, full_decision(decided))
    reviews.issue_decision(session, staff["reviewer"], decided, today=dt.date(2026, 10, 14))
    waiting = create_case(session, requester=requester, authority=authority)
    commit()
    status_after_outcome = decided.status

    client.sign_in_as(requester)
    assert client.get("/account/close").status_code == 200
    assert waiting.reference in client.last_page.text
    assert decided.reference not in client.last_page.text
    done = client.post("/account/close", {"confirm": "y", "password": PASSWORD})
    assert done.status_code == 200
    session.expire_all()
    assert session.get(Case, decided.id).status == status_after_outcome
    assert session.get(Case, waiting.id).status == "withdrawn"
    assert session.get(User, requester.id).closed_at is not None
