"""A PDF is read before it is kept, as the bundles will read it (issue 9, finding 12): a file
that only starts like a PDF is refused at upload, by the pages and the API alike."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from reportlab.lib.pdfencrypt import StandardEncryption
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_service.documents import services as documents
from review_service.documents.models import Document
from review_service.documents.pdf_check import MESSAGES, check_pdf
from review_service.extensions import commit
from tests.documents.test_pdf_text import make_pdf
from tests.factories import create_authority, create_case
from tests.pages import PageClient

MAX = 10 * 1024 * 1024
# What was uploaded in the attack: a PDF header, then a web page.
FAKE_PDF = b"%PDF-1.4\n<html><body><h1>Not a PDF</h1><script>alert(1)</script></body></html>\n"


def test_a_pdf_header_followed_by_html_is_refused() -> None:
    with pytest.raises(documents.UploadRefused) as refused:
        documents.check_upload("notice.pdf", FAKE_PDF, max_bytes=MAX)
    assert refused.value.message == MESSAGES["damaged"]


def test_a_real_pdf_is_read_and_its_pages_counted() -> None:
    verdict = check_pdf(make_pdf([["One"], ["Two"], ["Three"]]))
    assert verdict.usable and verdict.pages == 3
    upload = documents.check_upload("x.pdf", make_pdf([["One"]]), max_bytes=MAX)
    assert upload.media_type == documents.PDF


def test_a_pdf_that_needs_a_password_is_refused_and_one_with_an_empty_password_kept() -> None:
    locked = make_pdf([["Secret"]], encrypt="letmein")
    assert check_pdf(locked).problem == MESSAGES["password"]
    restricted = make_pdf(
        [["Printing restricted"]],
        encrypt=StandardEncryption("", ownerPassword="authority-only", canPrint=0),
    )
    assert check_pdf(restricted).usable


def test_the_reading_is_bounded_in_pages() -> None:
    verdict = check_pdf(make_pdf([["One"], ["Two"], ["Three"]]), max_pages=2)
    assert verdict.problem == MESSAGES["too-many-pages"]


def test_the_reading_is_bounded_in_time() -> None:
    # No file reads in a microsecond: the reader is stopped and the file refused, not waited on.
    verdict = check_pdf(make_pdf([["One"]]), time_limit=0.000001)
    assert verdict.problem == MESSAGES["too-slow"]


def test_a_truncated_pdf_is_refused() -> None:
    whole = make_pdf([["One"], ["Two"]])
    assert check_pdf(whole[: len(whole) // 3]).problem == MESSAGES["damaged"]


def _count(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Document)) or 0


def test_the_pages_and_the_api_refuse_it_and_store_nothing(
    app: Flask, session: Session, client: PageClient, tmp_path: Path
) -> None:
    from review_service.accounts import services as accounts

    case = create_case(session, authority=create_authority(session))
    _, secret = accounts.create_api_token(session, case.requester, "upload")
    commit()
    client.sign_in_as(case.requester)
    page = client.post(
        f"/complaints/{case.reference}/documents/new",
        {"kind": "response", "file": (io.BytesIO(FAKE_PDF), "response.pdf")},
        content_type="multipart/form-data",
    )
    assert MESSAGES["damaged"] in page.get_data(as_text=True)
    api = app.test_client().post(
        f"/api/v1/cases/{case.reference}/documents",
        data={"kind": "response", "file": (io.BytesIO(FAKE_PDF), "response.pdf")},
        content_type="multipart/form-data",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert api.status_code == 422
    assert api.json is not None
    assert api.json["errors"] == [{"field": "file", "message": MESSAGES["damaged"]}]
    assert _count(session) == 0
    uploads = Path(app.config["UPLOAD_DIR"])
    assert not uploads.exists() or not any(p.is_file() for p in uploads.rglob("*"))
