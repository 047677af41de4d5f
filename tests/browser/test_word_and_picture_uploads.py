"""A requester adds a Word document, a photo, a large scan and a text file to their complaint in a
real browser (issue 12 item 12): each is listed as what it is, ticked on the regulator
checklist, and in the pack the photo is a page and the Word document its text; in the ZIP each
goes as it is, byte for byte (the text file as .txt); the scan over the ICO's 1.5 MB per file is
flagged above the download links."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import Team
from tests.browser.helpers import Data, expect_all_in, sign_in, submit, visit
from tests.documents import samples
from tests.regulator.test_pack_media import noisy_png


def test_a_requester_uploads_a_word_document_and_a_photo(
    new_page: Callable[[], Page], police: Team, data: Data, tmp_path: Path
) -> None:
    requester = data.requester("ada.lovelace@example.org", "Ada Lovelace")
    reference = data.overdue_police_complaint(requester, police.authority_id, police.caseworker)
    reply = tmp_path / "MPS reply.docx"
    reply.write_bytes(samples.word("Dear Ms Lovelace,", "We refuse your request under s.31(1)."))
    photo = tmp_path / "letter photo.png"
    photo.write_bytes(samples.picture((900, 1200)))
    scan = tmp_path / "scan.png"
    scan.write_bytes(noisy_png((800, 700)))  # about 1.7 MB: over the ICO's 1.5 MB
    notes = tmp_path / "call notes.txt"
    notes.write_bytes("Phone call, 3 March: they said the report is held.\r\n".encode("cp1252"))

    page = new_page()
    sign_in(page, requester)
    visit(page, f"/complaints/{reference}/regulator")
    for file, kind, title in (
        (reply, "The authority's response", "The MPS reply"),
        (photo, "Other letters or e-mails about the request", "Photo of the MPS letter"),
        (scan, "Other letters or e-mails about the request", "Scan of the envelope"),
        (notes, "Other letters or e-mails about the request", "Notes of the call"),
    ):
        visit(page, f"/complaints/{reference}/documents/new?return_to=regulator")
        expect(page.get_by_label("Upload a file")).to_have_attribute(
            "accept", ".pdf,.docx,.jpg,.jpeg,.png,.txt,application/pdf,"
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
            "image/jpeg,image/png,text/plain",
        )  # fmt: skip
        expect(page.locator("#file-hint")).to_contain_text("a Word document (.docx), a picture")
        page.get_by_label(kind).check()
        page.get_by_label("Upload a file").set_input_files(file)
        page.get_by_label("Title (optional)").fill(title)
        submit(page, "Add the document")
        expect(page.locator(".govuk-notification-banner")).to_contain_text(f"“{title}” has been")

    expect(page.locator("#checklist-response")).to_contain_text("The MPS reply")
    visit(page, f"/complaints/{reference}")
    expect_all_in(page.locator("main"), "The MPS reply", "Word document,", "PNG picture,")

    pack = page.request.get(f"/complaints/{reference}/regulator/pack.pdf")
    assert pack.status == 200
    reader = PdfReader(io.BytesIO(pack.body()))
    starts = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    word_page = reader.pages[starts["The MPS reply"]].extract_text()
    assert "We refuse your request under s.31(1)." in word_page
    assert "is in the ZIP" in " ".join(word_page.split())
    assert len(reader.pages[starts["Photo of the MPS letter"]].images) == 1

    archive = page.request.get(f"/complaints/{reference}/regulator/pack.zip")
    names = zipfile.ZipFile(io.BytesIO(archive.body())).namelist()
    assert any(name.endswith("-the-mps-reply.docx") for name in names), names
    assert any(name.endswith("-photo-of-the-mps-letter.png") for name in names), names
    files = zipfile.ZipFile(io.BytesIO(archive.body()))
    [text_file] = [name for name in names if name.endswith("-notes-of-the-call.txt")]
    assert files.read(text_file) == notes.read_bytes()  # as it is, not made a PDF

    # The scan over 1.5 MB is flagged before the links that download the ZIP.
    visit(page, f"/complaints/{reference}/regulator")
    text = " ".join(page.locator("main").inner_text().split())
    flag = text.find("Scan of the envelope is 1.7 MB, over the 1.5 MB the ICO accepts")
    assert 0 <= flag < text.index("Download the separate files as a ZIP"), text
