"""How the regulator's pack is laid out (issue 12 item 10): whose paper each part is on, the
pack's own page numbers on every page, and a schedule that never cuts the request off."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import RectangleObject
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from review_service.regulator.pack_bundles import build_authority_submission
from review_service.regulator.pack_documents import held_documents
from review_service.regulator.pack_pdf import render_pack
from tests.factories import create_authority
from tests.regulator.test_pack import filed
from tests.regulator.test_pack_pdf import create_document, create_pack, index_numbers, outline_pages


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_complaint_as_filed_is_not_on_the_authoritys_letterhead(session: Any) -> None:
    authority = create_authority(
        session, address="Letterhead House\nTestford TS9 9ZZ", telephone="01632 960000"
    )
    case = filed(session, authority=authority)

    complaint = next(d for d in held_documents(session, case) if "as filed" in d.title)

    assert complaint.content is not None
    text = _text(complaint.content)
    assert f"Complaint {case.reference} as filed" in text
    for letterhead in ("Letterhead House", "TS9 9ZZ", "01632 960000", authority.email):
        assert letterhead not in text


# -- the pack's own page numbers ---------------------------------------------------------------

STAMP = re.compile(r"Pack page (\d+) of (\d+)")


def _document_pdf(label: str, sizes: list[tuple[float, float]], *, rotate: int = 0) -> bytes:
    """A document with its own "Page n of m" footers, as authorities' PDFs have."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for number, (width, height) in enumerate(sizes, start=1):
        canvas.setPageSize((width, height))
        canvas.drawString(72, height - 100, f"{label} page {number}")
        canvas.drawString(width / 2, 30, f"Page {number} of {len(sizes)}")
        canvas.showPage()
    canvas.save()
    if not rotate:
        return buffer.getvalue()
    writer = PdfWriter(clone_from=io.BytesIO(buffer.getvalue()))
    for page in writer.pages:
        page.rotate(rotate)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _shifted_pdf(label: str) -> bytes:
    """A page whose visible area does not start at (0, 0)."""
    writer = PdfWriter(clone_from=io.BytesIO(_document_pdf(label, [A4])))
    page = writer.pages[0]
    page.mediabox = RectangleObject((-50, -80, A4[0] - 50, A4[1] - 80))
    page.cropbox = RectangleObject((-40, -70, A4[0] - 60, A4[1] - 90))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stamps(page: PageObject) -> list[tuple[int, int, float, float]]:
    """(number, total, x, y) of each stamp on the page, in the page's displayed coordinates."""
    found: list[tuple[int, int, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        match = STAMP.search(text)
        if match:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((int(match[1]), int(match[2]), x, y))

    page.extract_text(visitor_text=visit)
    return found


def test_every_page_carries_the_pack_page_number_the_index_gives() -> None:
    landscape = (A4[1], A4[0])
    documents = (
        create_document(
            title="Request for information", content=_document_pdf("Request", [A4, A4])
        ),
        create_document(
            title="Refusal notice", content=_document_pdf("Refusal", [LETTER, landscape, A4])
        ),
        create_document(title="Scanned letter", content=_document_pdf("Scan", [A4, A4], rotate=90)),
        create_document(title="Cropped page", content=_shifted_pdf("Cropped")),
        create_document(
            title="Request for internal review",
            filename="review-request.txt",
            content=("A line of the request for review.\n" * 120).encode(),
            media_type="text/plain",
        ),
    )

    reader = PdfReader(io.BytesIO(render_pack(create_pack(documents=documents))))

    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        stamps = _stamps(page)
        assert [(n, t) for n, t, _, _ in stamps] == [(number, total)], number
        # Upright, in the top-right margin of the page as it is displayed.
        _, _, x, y = stamps[0]
        box = page.cropbox
        assert page.rotation == 0
        assert float(box.left) + float(box.width) / 2 < x < float(box.right)
        assert float(box.top) - 15 * mm < y < float(box.top)
    # The index agrees with the bookmarks, and each part starts on the page stamped with the
    # number the index gives it.
    bookmarks = dict(outline_pages(reader))
    index = index_numbers(reader, list(bookmarks))
    assert index == bookmarks
    for page_number in index.values():
        assert _stamps(reader.pages[page_number - 1])[0][0] == page_number
    assert "Request page 1" in reader.pages[index["Request for information"] - 1].extract_text()
    assert "Refusal page 1" in reader.pages[index["Refusal notice"] - 1].extract_text()
    assert "Scan page 1" in reader.pages[index["Scanned letter"] - 1].extract_text()
    assert "Cropped page 1" in reader.pages[index["Cropped page"] - 1].extract_text()
    # The documents keep their own footers too.
    assert "Page 2 of 3" in reader.pages[index["Refusal notice"]].extract_text()


# -- the schedule of withheld information ------------------------------------------------------


def test_the_schedule_of_withheld_information_gives_the_whole_request(session: Any) -> None:
    words = " ".join(f"item{n}" for n in range(700))
    request = f"Please send me every record of the following.\n{words}\nThe last words of it."
    case = filed(session, request_text=request)

    pack = build_authority_submission(session, case, today=dt.date(2026, 6, 1))

    schedule = next(d for d in pack.documents if d.title == "Schedule of withheld information")
    # Runs over pages: read without the page numbers between them.
    text = " ".join(re.sub(r"Page \d+ of \d+", " ", _text(schedule.content)).split())
    assert " ".join(request.split()) in text
    assert "…" not in text
