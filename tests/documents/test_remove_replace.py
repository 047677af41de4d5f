"""Staff remove or replace any document of a case (issue 9, finding 12): a soft delete, audited
with the reason, by the pages and the API through the same service; a removed document is never
listed, downloaded or bundled again."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from review_service.accounts import services as accounts
from review_service.audit.models import AuditEvent
from review_service.cases.models import Case
from review_service.documents import services as documents
from review_service.documents.models import Document
from review_service.extensions import commit
from review_service.regulator.pack_documents import held_documents
from tests.factories import create_authority, create_case, create_staff, small_pdf, store_document
from tests.pages import PageClient
from tests.staff import fresh_session_per_request

# What the attack stored (before uploads were read): a PDF header, then a web page.
HOSTILE = b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n"


@pytest.fixture(autouse=True)
def _fresh_sessions(app: Flask, session: Session) -> None:
    fresh_session_per_request(app, session)


@pytest.fixture
def setting(app: Flask, session: Session) -> dict[str, Any]:
    authority = create_authority(session)
    staff = create_staff(session, authority)
    case = create_case(session, authority=authority)
    content = HOSTILE
    upload = documents.Upload(
        "reply.pdf", documents.PDF, content, hashlib.sha256(content).hexdigest()
    )
    document = store_document(
        session,
        case.requester,
        upload,
        app.config["UPLOAD_DIR"],
        title="The council's reply",
        case=case,
    )
    tokens = {
        name: accounts.create_api_token(session, user, name)[1]
        for name, user in (*staff.items(), ("requester", case.requester))
    }
    commit()
    return {"staff": staff, "case": case, "document": document, "tokens": tokens}


def _held(session: Session, case: Case) -> Any:
    session.expire_all()
    return next(d for d in held_documents(session, case) if d.title == "The council's reply")


def _events(session: Session, case: Case, action: str) -> list[AuditEvent]:
    session.expire_all()
    query = select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == action)
    return list(session.scalars(query))


def test_a_caseworker_removes_a_document_with_a_reason(
    app: Flask, session: Session, client: PageClient, setting: dict[str, Any]
) -> None:
    case, document = setting["case"], setting["document"]
    client.sign_in_as(setting["staff"]["caseworker"])
    page = client.get(f"/staff/cases/{case.reference}")
    remove_url = f"/staff/cases/{case.reference}/documents/{document.id}/remove"
    assert remove_url in page.get_data(as_text=True)
    assert _held(session, case).problem  # the pack would leave it out

    refused = client.post(remove_url, {"reason": "  "})
    assert refused.status_code == 400
    assert "Enter why the document is being removed" in client.last_page.text

    done = client.post(remove_url, {"reason": "Not a PDF: a web page saved as one."})
    assert done.status_code == 302
    session.expire_all()
    kept = session.get(Document, document.id)
    assert kept is not None and kept.removed and kept.removed_by_id is not None
    assert kept.removal_reason == "Not a PDF: a web page saved as one."
    [event] = _events(session, case, "remove_document")
    assert event.summary == "Document removed: the authority's response"
    assert event.after["reason"] == "Not a PDF: a web page saved as one."

    # Never listed, downloaded or bundled again; the bytes are kept.
    assert documents.documents_for(session, case) == []
    assert all(d.title != "The council's reply" for d in held_documents(session, case))
    assert client.raw.get(f"/documents/{document.id}").status_code == 404
    client.sign_in_as(case.requester)
    assert client.raw.get(f"/documents/{document.id}").status_code == 404
    pack = client.raw.get(f"/complaints/{case.reference}/regulator/pack.pdf")
    assert b"not a readable PDF" not in pack.data
    assert documents.stored_path(Path(app.config["UPLOAD_DIR"]), document.sha256).exists()
    # Twice is refused: it is not there to remove.
    client.sign_in_as(setting["staff"]["caseworker"])
    assert client.post(remove_url, {"reason": "Again"}).status_code == 404


def test_an_admin_replaces_a_document_with_a_readable_copy(
    app: Flask, session: Session, client: PageClient, setting: dict[str, Any]
) -> None:
    case, old = setting["case"], setting["document"]
    client.sign_in_as(setting["staff"]["admin"])
    url = f"/staff/cases/{case.reference}/documents/{old.id}/replace"
    refused = client.post(
        url,
        {"reason": "A copy that opens", "file": (io.BytesIO(HOSTILE), "again.pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert "not a PDF we can read" in client.last_page.text

    new_pdf = small_pdf("The council's reply, as sent")
    done = client.post(
        url,
        {"reason": "A copy that opens", "file": (io.BytesIO(new_pdf), "reply-copy.pdf")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302
    [current] = documents.documents_for(session, case)
    assert (current.title, current.kind, current.filename) == (
        "The council's reply",
        "response",
        "reply-copy.pdf",
    )
    replaced = session.get(Document, old.id)
    assert replaced is not None and replaced.removed and replaced.replaced_by_id == current.id
    [event] = _events(session, case, "replace_document")
    assert event.after["document_id"] == current.id
    assert not _held(session, case).problem


@pytest.mark.parametrize(("who", "page", "api"), [("reviewer", 403, 403), ("requester", 404, 403)])
def test_only_caseworkers_and_admins_remove_or_replace(
    app: Flask,
    session: Session,
    client: PageClient,
    setting: dict[str, Any],
    who: str,
    page: int,
    api: int,
) -> None:
    case, document = setting["case"], setting["document"]
    user = case.requester if who == "requester" else setting["staff"][who]
    client.sign_in_as(user)
    base = f"/staff/cases/{case.reference}/documents/{document.id}"
    assert client.raw.get(f"{base}/remove").status_code == page
    assert client.raw.get(f"{base}/replace").status_code == page
    headers = {"Authorization": f"Bearer {setting['tokens'][who]}"}
    removal = app.test_client().post(
        f"/api/v1/documents/{document.id}/removal", json={"reason": "x"}, headers=headers
    )
    assert removal.status_code == api
    session.expire_all()
    assert not session.get(Document, document.id).removed  # type: ignore[union-attr]


def test_the_api_removes_and_replaces_through_the_same_service(
    app: Flask, session: Session, setting: dict[str, Any]
) -> None:
    case, old = setting["case"], setting["document"]
    api = app.test_client()
    headers = {"Authorization": f"Bearer {setting['tokens']['caseworker']}"}
    blank = api.post(f"/api/v1/documents/{old.id}/removal", json={"reason": ""}, headers=headers)
    assert blank.status_code == 422
    replaced = api.post(
        f"/api/v1/documents/{old.id}/replacement",
        data={"reason": "A copy that opens", "file": (io.BytesIO(small_pdf()), "copy.pdf")},
        content_type="multipart/form-data",
        headers=headers,
    )
    assert replaced.status_code == 201, replaced.json
    assert replaced.json is not None
    new_id = replaced.json["id"]
    listed = api.get(f"/api/v1/cases/{case.reference}/documents", headers=headers)
    assert [d["id"] for d in listed.json["items"]] == [new_id]  # type: ignore[index]
    assert api.get(f"/api/v1/documents/{old.id}", headers=headers).status_code == 404
    removed = api.post(
        f"/api/v1/documents/{new_id}/removal", json={"reason": "Duplicate"}, headers=headers
    )
    assert removed.status_code == 204
    listed = api.get(f"/api/v1/cases/{case.reference}/documents", headers=headers)
    assert listed.json["items"] == []  # type: ignore[index]
    assert [e.summary for e in _events(session, case, "remove_document")] == [
        "Document removed: the authority's response"
    ]
