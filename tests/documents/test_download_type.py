"""A text document is downloaded with the type it was stored with: one charset, the right one
(issue 9: text downloads sent a duplicated charset, and a Windows-1252 file was labelled both
windows-1252 and utf-8)."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from review_service.accounts import services as accounts
from review_service.documents import services as documents
from review_service.extensions import commit
from tests.factories import create_authority, create_case, store_document
from tests.pages import PageClient


@pytest.mark.parametrize(
    ("content", "stored_as"),
    [
        ("Dear Ms Ŵil – £450".encode(), "text/plain; charset=utf-8"),
        ("Dear Ms Wil – £450".encode("cp1252"), "text/plain; charset=windows-1252"),
    ],
)
def test_a_text_download_names_its_charset_once(
    app: Flask, session: Session, client: PageClient, content: bytes, stored_as: str
) -> None:
    case = create_case(session, authority=create_authority(session))
    upload = documents.check_upload("letter.txt", content, max_bytes=1_000_000)
    assert upload.media_type == stored_as
    document = store_document(
        session,
        case.requester,
        upload,
        app.config["UPLOAD_DIR"],
        kind="correspondence",
        title="Letter",
        case=case,
    )
    _, secret = accounts.create_api_token(session, case.requester, "downloads")
    commit()

    client.sign_in_as(case.requester)
    page = client.raw.get(f"/documents/{document.id}")
    api = app.test_client().get(
        f"/api/v1/documents/{document.id}", headers={"Authorization": f"Bearer {secret}"}
    )
    for response in (page, api):
        assert response.status_code == 200
        assert response.headers["Content-Type"] == stored_as
        assert response.data == content
        assert response.headers["Content-Disposition"].startswith("attachment")
