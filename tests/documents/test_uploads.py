"""Uploads: PDF, Word, pictures or plain text, judged by content, at most 10 MB, stored once by
hash (Word and pictures in detail: test_word_and_pictures)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from review_service.audit.models import AuditEvent
from review_service.cases.drafts import ComplaintDraft
from review_service.cases.models import Case
from review_service.documents import services as documents
from review_service.documents.models import Document
from tests.cases.journey import (
    NOTICE,
    answer_up_to_response,
    choose_grounds,
    confirm_findings,
    days_ago,
)
from tests.factories import create_authority, create_user, store_document
from tests.pdfs import scanned_pdf as picture_pdf
from tests.pdfs import text_pdf

MAX = 10 * 1024 * 1024


def notice_pdf(lines: list[str] | None = None) -> bytes:
    return text_pdf([lines or NOTICE.splitlines()], left=60, top=780, leading=14)


def scanned_pdf() -> bytes:
    """A page that is only a picture, as a scanner produces: no text layer."""
    return picture_pdf(
        picture_size=(120, 160),
        dark_rows=(30,),
        dark_columns=range(10, 110),
        placed=(72, 300, 300, 400),
    )


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="GIF")
    return buffer.getvalue()


def stored_files(upload_dir: Path) -> list[Path]:
    return sorted(p for p in upload_dir.rglob("*") if p.is_file())


# -- the content checks ----------------------------------------------------------------------


def test_a_pdf_is_accepted_whatever_it_is_called() -> None:
    upload = documents.check_upload("scan of letter.txt", notice_pdf(), max_bytes=MAX)
    assert upload.media_type == "application/pdf"
    assert upload.filename == "scan of letter.pdf"  # the name says what the file really is
    assert "Section 24(2)" in documents.text_of(upload)


def test_plain_text_is_accepted_in_utf8_and_windows_1252() -> None:
    utf8 = documents.check_upload("notice.txt", "Dear Ms Ŵil – £450".encode(), max_bytes=MAX)
    assert utf8.media_type == "text/plain; charset=utf-8"
    assert documents.text_of(utf8) == "Dear Ms Ŵil – £450"
    cp1252 = documents.check_upload(
        "notice", "Costs over £450 – refused".encode("cp1252"), max_bytes=MAX
    )
    assert cp1252.media_type == "text/plain; charset=windows-1252"
    assert cp1252.filename == "notice.txt"
    assert documents.text_of(cp1252) == "Costs over £450 – refused"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notice.pdf", gif()),  # a picture in a format we do not take, renamed .pdf
        ("notice.txt", b"plain start\x00then binary"),
        ("notice.txt", b"\x1b[31mterminal escapes\x1b[0m"),
        ("notice.txt", b"\x81\x8d\x8f\x90\x9d not text in any encoding we accept"),
    ],
)
def test_anything_else_is_refused_by_its_content(name: str, data: bytes) -> None:
    with pytest.raises(documents.UnsupportedUpload) as refused:
        documents.check_upload(name, data, max_bytes=MAX)
    assert refused.value.message == (
        "The selected file must be a PDF, a Word document (.docx), a picture (JPEG or PNG) or "
        "a plain text file"
    )


def test_a_file_over_10_mb_is_refused() -> None:
    data = b"%PDF-1.7\n" + b"0" * MAX
    with pytest.raises(documents.UploadTooLarge) as refused:
        documents.check_upload("big.pdf", data, max_bytes=MAX)
    assert refused.value.message == "The selected file must be smaller than 10 MB"
    assert documents.check_upload("ok.txt", b"a" * MAX, max_bytes=MAX).size == MAX


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(documents.EmptyUpload):
        documents.check_upload("empty.pdf", b"", max_bytes=MAX)


def test_a_scanned_pdf_gets_a_message_asking_for_the_text() -> None:
    upload = documents.check_upload("scan.pdf", scanned_pdf(), max_bytes=MAX)
    with pytest.raises(documents.NoTextFound) as refused:
        documents.text_of(upload)
    assert "It may be a scan" in refused.value.message
    assert "Paste the text" in refused.value.message


def test_folders_and_control_characters_are_taken_out_of_names() -> None:
    assert documents.safe_filename("../../etc/passwd", "text/plain") == "passwd.txt"
    assert documents.safe_filename("C:\\Users\\me\\reply.PDF", "application/pdf") == "reply.pdf"
    assert documents.safe_filename("a\x00b\nc.html", "text/plain; charset=utf-8") == "abc.txt"
    assert documents.safe_filename("", "application/pdf") == "document.pdf"


# -- storing ---------------------------------------------------------------------------------


def test_same_content_is_stored_once_under_its_hash(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    owner = create_user(session)
    data = notice_pdf()
    first = store_document(
        session, owner, documents.check_upload("a.pdf", data, max_bytes=MAX), store
    )
    second = store_document(
        session,
        owner,
        documents.check_upload("b.pdf", data, max_bytes=MAX),
        store,
        title="Response again",
    )
    assert first.sha256 == second.sha256
    [path] = stored_files(store)
    assert path == store / first.sha256[:2] / first.sha256
    assert path.read_bytes() == data
    assert documents.read_document(store, second) == data
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "upload_document"))
    assert [e.after["document_id"] for e in events] == [first.id, second.id]


# -- through the response page ---------------------------------------------------------------


@pytest.fixture
def journey(client, session):  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    requester = create_user(session)
    session.commit()
    client.sign_in_as(requester)
    answer_up_to_response(client, authority.id)
    return client


def upload(client, data: bytes, name: str):  # type: ignore[no-untyped-def]
    """Post a file to the response page. The body is built in memory: the test client would
    spool a large body to a temporary file that it never closes."""
    url = "/complaints/new/response"
    file = FileStorage(io.BytesIO(data), filename=name, content_type="application/octet-stream")
    boundary, body = encode_multipart(
        {"csrf_token": client.csrf_token(url), "how": "upload", "response_file": file}
    )
    response = client.raw.post(
        url, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    return client._checked(response)


def test_uploaded_pdf_is_read_and_filed_with_the_complaint(journey, app, session) -> None:  # type: ignore[no-untyped-def]
    response = upload(journey, notice_pdf(), "response.pdf")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/complaints/new/findings")
    journey.get("/complaints/new/findings")
    assert "s.24(2)" in journey.last_page.text and "s.31(3)" in journey.last_page.text
    document = session.scalar(select(Document))
    assert document.case_id is None and document.filename == "response.pdf"

    # returning to the page keeps the upload without choosing the file again
    journey.get("/complaints/new/response")
    assert "You uploaded response.pdf" in journey.last_page.text
    assert journey.post("/complaints/new/response", {"how": "upload"}).status_code == 302

    confirm_findings(journey, days_ago(10))
    choose_grounds(journey, {"more_information_held": ""})
    journey.get("/complaints/new/check")
    assert "Uploaded: response.pdf" in journey.last_page.text
    assert journey.post("/complaints/new/check", {}).status_code == 302
    session.expire_all()
    case = session.scalar(select(Case))
    document = session.scalar(select(Document))
    assert document.case_id == case.id
    assert document.dated == days_ago(10)
    assert len(stored_files(app.config["UPLOAD_DIR"])) == 1


def test_uploaded_text_file_is_read(journey, session) -> None:  # type: ignore[no-untyped-def]
    assert upload(journey, NOTICE.encode("cp1252"), "notice.txt").status_code == 302
    draft = session.scalar(select(ComplaintDraft))
    assert "Section 24(2)" in draft.answers["response_text"]
    assert draft.answers["provisions"][0]["provision"] == "s.24(2)"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (png(), "response.pdf", "This is a picture, and we cannot read the text in it"),
        (gif(), "response.pdf", "The selected file must be a PDF, a Word document (.docx)"),
        (b"%PDF-1.7\n" + b"0" * MAX, "big.pdf", "The selected file must be smaller than 10 MB"),
        (scanned_pdf(), "scan.pdf", "It may be a scan or a photo"),
        (b"", "empty.txt", "The selected file is empty"),
    ],
)
def test_refused_uploads_are_explained_on_the_page(
    journey, app, session, data, name, message
) -> None:  # type: ignore[no-untyped-def]
    response = upload(journey, data, name)
    assert response.status_code == 200
    assert journey.last_page.title.startswith("Error: ")
    assert message in journey.last_page.text
    assert session.scalar(select(Document)) is None
    upload_dir = Path(app.config["UPLOAD_DIR"])
    assert not upload_dir.exists() or stored_files(upload_dir) == []


def test_replacing_the_upload_with_pasted_text_drops_the_unsent_file(journey, session) -> None:  # type: ignore[no-untyped-def]
    upload(journey, notice_pdf(), "response.pdf")
    assert session.scalar(select(Document)) is not None
    journey.post("/complaints/new/response", {"how": "paste", "response_text": NOTICE})
    session.expire_all()
    assert session.scalar(select(Document)) is None


def test_sizes_are_given_in_words_people_use() -> None:
    assert documents.format_size(10 * 1024 * 1024) == "10 MB"
    assert documents.format_size(1536 * 1024) == "1.5 MB"
    assert documents.format_size(300 * 1024) == "300 KB"
    assert documents.format_size(12) == "12 bytes"
