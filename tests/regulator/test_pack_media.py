"""Word documents and pictures in the regulator's pack (issue 12 item 12): a picture becomes a
page of the PDF, scaled to it; a Word document is printed as its text with a note that the
original is in the ZIP; in the ZIP each goes as it is; a file over the ICO's 1.5 MB per file
is flagged on the page before the download links."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from typing import Any

import docx
from PIL import Image
from pypdf import PdfReader

from review_service.documents.services import check_upload, store_document
from review_service.domain.regulators import regulator_for
from review_service.regulator.pack_bundles import build_complaint_pack
from review_service.regulator.pack_documents import held_documents, large_files
from review_service.regulator.pack_pdf import ICO_UPLOAD_LIMIT, pack_zip, render_pack
from tests.documents import samples
from tests.regulator.test_pack import filed
from tests.regulator.test_pack_pdf import index_numbers, outline_pages, own_text

TODAY = dt.date(2026, 5, 20)
LETTER = ("Dear Ms Smith,", "We hold the report, and withhold it under section 43(2).")


def add(app: Any, session: Any, case: Any, name: str, data: bytes, title: str, kind: str) -> Any:
    upload = check_upload(name, data, max_bytes=10_000_000)
    return store_document(
        session, case.requester, upload, upload_dir=app.config["UPLOAD_DIR"], kind=kind,
        title=title, case=case, dated=dt.date(2026, 3, 3),
    )  # fmt: skip


def noisy_png(size: tuple[int, int]) -> bytes:
    """A PNG that does not compress: about 3 bytes a pixel."""
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_picture_is_a_page_and_a_word_document_its_text_at_the_pages_the_index_gives(
    app: Any, session: Any, frozen: Any
) -> None:
    case = filed(session)
    frozen.set(TODAY)
    add(app, session, case, "reply.docx", samples.word(*LETTER), "Reply by e-mail", "response")
    photo = samples.picture((3000, 4000), fmt="JPEG")  # a phone photo, portrait
    add(app, session, case, "IMG_0001.jpeg", photo, "Photo of the letter", "correspondence")

    pack = build_complaint_pack(session, case, today=TODAY)
    reader = PdfReader(io.BytesIO(render_pack(pack)))

    bookmarks = dict(outline_pages(reader))
    ours = ["Chronology", "Reply by e-mail", "Photo of the letter"]  # one line each in the index
    assert index_numbers(reader, ours) == {title: bookmarks[title] for title in ours}
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"Pack page {number} of {total}" in page.extract_text()
    # The Word document: its text, and where the original is.
    word_page = reader.pages[bookmarks["Reply by e-mail"] - 1]
    text = " ".join(own_text(word_page).split())
    assert "The text of the Word document reply.docx" in text
    assert "The original, with its layout and any pictures, is in the ZIP" in text
    assert "We hold the report, and withhold it under section 43(2)." in text
    # The picture: one image on its own page, inside the page.
    photo_page = reader.pages[bookmarks["Photo of the letter"] - 1]
    assert "The picture IMG_0001.jpg, scaled to fit the page" in own_text(photo_page)
    [image] = photo_page.images
    assert image.image is not None and image.image.size == (1800, 2400)  # bounded for print
    next_part = min((p for p in bookmarks.values() if p > bookmarks["Photo of the letter"]),
                    default=total + 1)  # fmt: skip
    assert next_part == bookmarks["Photo of the letter"] + 1  # one page, scaled to fit it


def test_in_the_zip_word_documents_and_pictures_go_as_they_are(
    app: Any, session: Any, frozen: Any
) -> None:
    case = filed(session)
    frozen.set(TODAY)
    letter, photo = samples.word(*LETTER), samples.picture()
    add(app, session, case, "reply.docx", letter, "Reply by e-mail", "response")
    add(app, session, case, "screen.png", photo, "Screenshot of the portal", "correspondence")

    archive, warnings = pack_zip(build_complaint_pack(session, case, today=TODAY))

    files = zipfile.ZipFile(io.BytesIO(archive))
    by_end = {re.sub(r"^\d+-", "", name): name for name in files.namelist()}
    assert files.read(by_end["reply-by-e-mail.docx"]) == letter
    assert files.read(by_end["screenshot-of-the-portal.png"]) == photo
    assert warnings == []


def test_a_picture_over_the_icos_limit_is_flagged(app: Any, session: Any, frozen: Any) -> None:
    case = filed(session)
    frozen.set(TODAY)
    big = noisy_png((800, 700))
    assert len(big) > ICO_UPLOAD_LIMIT
    add(app, session, case, "scan.png", big, "Scanned letter", "correspondence")

    flagged = large_files(held_documents(session, case), regulator_for(case.regime))

    assert flagged == [
        f"Scanned letter is {len(big) / 1_000_000:.1f} MB, over the 1.5 MB the ICO accepts for "
        "each file: compress or split it before uploading."
    ]
    _, warnings = pack_zip(build_complaint_pack(session, case, today=TODAY))
    assert any("scanned-letter.png" in warning for warning in warnings)


def test_the_page_flags_a_large_word_document_before_its_download_links(
    app: Any, session: Any, client: Any, sign_in: Any, frozen: Any
) -> None:
    case = filed(session)
    frozen.set(TODAY)
    # A Word document with a large picture in it: over 1.5 MB as a file.
    document = docx.Document()
    document.add_paragraph("See the photo.")
    document.add_picture(io.BytesIO(noisy_png((800, 700))))
    buffer = io.BytesIO()
    document.save(buffer)
    add(app, session, case, "photo.docx", buffer.getvalue(), "Letter with photo", "response")
    session.commit()
    sign_in(case.requester)

    client.get(f"/complaints/{case.reference}/regulator")

    text = " ".join(client.last_page.text.split())
    flag = re.search(r"Letter with photo is \d\.\d MB, over the 1\.5 MB the ICO accepts", text)
    assert flag is not None
    assert flag.start() < text.index("Download the separate files as a ZIP")


def test_the_checklist_reads_stored_word_documents_and_pictures_again(
    app: Any, session: Any, client: Any, sign_in: Any, frozen: Any
) -> None:
    """As it reads stored PDFs: a Word document or picture kept before uploads were read (or
    one that no longer opens) is named on the checklist as not usable, with the reason, and
    does not tick its item."""
    from review_service.documents.services import Upload
    from review_service.regulator.pack_documents import RESPONSE, document_checklist
    from review_service.regulator.pack_pdf import DOCX, PNG

    case = filed(session)
    frozen.set(TODAY)
    whole = samples.picture()
    for name, media_type, content, title, kind in (
        ("reply.docx", DOCX, b"PK\x03\x04 not really a Word document", "Reply", RESPONSE),
        ("photo.png", PNG, whole[: len(whole) // 2], "Photo of the letter", "correspondence"),
    ):
        upload = Upload(name, media_type, content, hashlib.sha256(content).hexdigest())
        store_document(
            session, case.requester, upload, upload_dir=app.config["UPLOAD_DIR"], kind=kind,
            title=title, case=case, dated=dt.date(2026, 3, 3),
        )  # fmt: skip
    session.commit()

    held = {d.title: d for d in held_documents(session, case, render=False)}
    assert held["Reply"].problem == "it is not a Word document that can be read (it may be damaged)"
    assert held["Photo of the letter"].problem == (
        "it is not a picture that can be read (it may be damaged)"
    )
    [response] = [i for i in document_checklist(session, case) if i.key == RESPONSE]
    assert "Reply (not usable: it is not a Word document" in " ".join(response.held)
    sign_in(case.requester)
    client.get(f"/complaints/{case.reference}/regulator")
    text = " ".join(client.last_page.text.split())
    assert "Reply cannot go into the download: it is not a Word document that can be read" in text
    assert "Photo of the letter cannot go into the download: it is not a picture" in text


def test_text_documents_go_into_the_zip_as_they_are(app: Any, session: Any, frozen: Any) -> None:
    """The ICO's upload form takes .txt files: a text document goes byte for byte, in its own
    encoding, as the requester has it (in the one PDF it is typeset, as before)."""
    case = filed(session)
    frozen.set(TODAY)
    note = "Notes from the call, 3 March 2026.\r\nThey said the report is held.\r\n"
    content = note.encode("cp1252")
    add(app, session, case, "call-notes.txt", content, "Notes of the phone call", "correspondence")

    archive, _ = pack_zip(build_complaint_pack(session, case, today=TODAY))

    files = zipfile.ZipFile(io.BytesIO(archive))
    by_end = {re.sub(r"^\d+-", "", name): name for name in files.namelist()}
    assert files.read(by_end["notes-of-the-phone-call.txt"]) == content
    assert "notes-of-the-phone-call.pdf" not in by_end


def test_the_checklist_reads_a_readable_picture_once_not_on_every_page_view(
    monkeypatch: Any,
) -> None:
    """Each read is a bounded subprocess: a stored file that read well is not read again (it
    never changes); one that failed is, as a failure may be a time-out on a busy machine."""
    from review_service.documents import media_check
    from review_service.regulator import pack_pdf
    from review_service.regulator.pack_pdf import PNG, PackDocument, unusable_reason

    calls: list[int] = []

    def counted(data: bytes, **kwargs: Any) -> Any:
        calls.append(len(data))
        return media_check.check_image(data, **kwargs)

    monkeypatch.setattr(pack_pdf, "check_image", counted)
    monkeypatch.setattr(pack_pdf, "_READABLE", set())
    picture = PackDocument("Photo", "photo.png", None, samples.picture((64, 48)), PNG)
    broken = PackDocument("Scan", "scan.png", None, picture.content[:40], PNG)

    assert [unusable_reason(picture) for _ in range(3)] == ["", "", ""]
    assert len(calls) == 1
    assert unusable_reason(broken) == unusable_reason(broken) != ""
    assert len(calls) == 3
