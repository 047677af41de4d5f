"""The regulator pack: one indexed, bookmarked PDF, or a ZIP of files for the upload form."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NumberObject, PdfObject, TextStringObject

from review_service.letters.render import Paragraphs
from review_service.regulator.pack_pdf import (
    ChronologyEntry,
    Pack,
    PackDocument,
    human_size,
    pack_zip,
    render_pack,
    slugify,
)
from tests.factories import labelled_pdf
from tests.pdfs import active_content, active_pdf, odd_page_pdf, outline_pages

HOSTILE = "<b>bold</b> & <script>alert(1)</script> Ŵ ŵ Ŷ ŷ"


def create_document(**overrides: object) -> PackDocument:
    document = PackDocument(
        title="Request for information",
        filename="request.pdf",
        day=date(2026, 1, 5),
        content=labelled_pdf("Request"),
        media_type="application/pdf",
    )
    return replace(document, **overrides)


REVIEW_REQUEST_TEXT = (
    "Dear FOI team,\n\nPlease review your response to FOI-123.\n"
    "    1. The NCND under s.24(2) is not justified.\n\nYours sincerely,\nRhian Jones"
)

DOCUMENTS = (
    create_document(),
    create_document(
        title="Refusal notice",
        filename="refusal.pdf",
        day=date(2026, 2, 2),
        content=labelled_pdf("Refusal", 3),
    ),
    create_document(
        title="Request for internal review",
        filename="review-request.txt",
        day=date(2026, 2, 10),
        content=REVIEW_REQUEST_TEXT.encode(),
        media_type="text/plain",
    ),
)


def create_pack(**overrides: object) -> Pack:
    pack = Pack(
        title="Complaint to the Information Commissioner",
        regulator_name="Information Commissioner's Office",
        regulator_address_lines=("Wycliffe House", "Water Lane", "Wilmslow", "SK9 5AF"),
        case_reference="RS-2026-0042",
        authority_name="Metropolitan Police Service",
        requester_name="Rhian Jones",
        prepared_on=date(2026, 4, 20),
        cover_lines=(
            ("Authority's reference", "01.FOI.26.000123"),
            ("Provisions disputed", "s.24(2), s.31(3)"),
        ),
        chronology=(
            ChronologyEntry(date(2026, 1, 5), "Request for information sent"),
            ChronologyEntry(
                date(2026, 2, 2), "Response: NCND under s.24(2) and s.31(3)", "20 working days"
            ),
            ChronologyEntry(date(2026, 2, 10), "Internal review requested"),
            ChronologyEntry(
                date(2026, 3, 20),
                "No review outcome yet",
                "27 working days after the request for review",
            ),
        ),  # fmt: skip
        letter_sections=(
            Paragraphs(
                "What part of the response do you challenge, and why?",
                (f"The NCND response is not justified. {HOSTILE}",),
            ),
            Paragraphs(
                "Why do you believe the authority has not acted properly?",
                ("It did not complete the internal review in 20 working days.",),
            ),
        ),
        letter_heading="Complaint letter",
        documents=DOCUMENTS,
    )
    return replace(pack, **overrides)


def own_text(page: PageObject) -> str:
    """A page's text without the pack's page-number stamp."""
    return re.sub(r"Pack page \d+ of \d+", "", page.extract_text()).strip()


def index_numbers(reader: PdfReader, titles: list[str]) -> dict[str, int]:
    """The page number printed beside each title on the index page(s)."""
    first_part = min(page for _, page in outline_pages(reader))
    text = "\n".join(reader.pages[i].extract_text() for i in range(1, first_part - 1))
    assert "Index" in text
    lines = [line.strip() for line in text.splitlines()]
    numbers = {}
    for title in titles:
        position = lines.index(title)
        numbers[title] = next(int(line) for line in lines[position + 1 :] if line.isdigit())
    return numbers


def test_pack_opens_with_one_bookmark_per_part_at_its_first_page() -> None:
    reader = PdfReader(io.BytesIO(render_pack(create_pack())))

    bookmarks = outline_pages(reader)
    assert [title for title, _ in bookmarks] == [
        "Chronology",
        "Complaint letter",
        "Request for information",
        "Refusal notice",
        "Request for internal review",
    ]
    pages = dict(bookmarks)
    text = [page.extract_text() for page in reader.pages]
    assert "Chronology" in text[pages["Chronology"] - 1]
    assert "What part of the response" in text[pages["Complaint letter"] - 1]
    assert "Request page 1" in text[pages["Request for information"] - 1]
    refusal = pages["Refusal notice"]
    assert [own_text(reader.pages[refusal - 1 + i]) for i in range(3)] == [
        "Refusal page 1",
        "Refusal page 2",
        "Refusal page 3",
    ]
    assert "Please review your response" in text[pages["Request for internal review"] - 1]
    # Cover and index come first; nothing follows the last document.
    assert pages["Chronology"] == 3
    assert len(reader.pages) == pages["Request for internal review"]


def test_index_prints_the_real_page_number_of_every_part() -> None:
    reader = PdfReader(io.BytesIO(render_pack(create_pack())))
    bookmarks = outline_pages(reader)

    printed = index_numbers(reader, [title for title, _ in bookmarks])

    assert printed == dict(bookmarks)


def test_index_stays_right_when_it_runs_over_several_pages() -> None:
    documents = tuple(
        create_document(title=f"Attachment {n}", content=labelled_pdf(f"Attachment {n}", 1 + n % 3))
        for n in range(1, 61)
    )
    reader = PdfReader(io.BytesIO(render_pack(create_pack(documents=documents))))
    bookmarks = outline_pages(reader)

    assert len(bookmarks) == 62
    assert dict(bookmarks)["Chronology"] > 3  # cover plus a two-page index
    assert index_numbers(reader, [title for title, _ in bookmarks]) == dict(bookmarks)
    for n in (1, 30, 60):
        page = dict(bookmarks)[f"Attachment {n}"]
        assert own_text(reader.pages[page - 1]) == f"Attachment {n} page 1"


def test_generated_pages_are_numbered_as_pages_of_the_whole_pack() -> None:
    reader = PdfReader(io.BytesIO(render_pack(create_pack())))
    total = len(reader.pages)
    pages = dict(outline_pages(reader))

    for number in (1, 2, pages["Chronology"], pages["Request for internal review"]):
        text = reader.pages[number - 1].extract_text()
        assert f"RS-2026-0042 · Page {number} of {total}" in text


def test_cover_chronology_and_letter_carry_the_case_details() -> None:
    reader = PdfReader(io.BytesIO(render_pack(create_pack())))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())

    for expected in (
        "Complaint to the Information Commissioner",
        "Wycliffe House",
        "Reference RS-2026-0042",
        "Public authority Metropolitan Police Service",
        "Requester Rhian Jones",
        "Prepared on 20 April 2026",
        "Authority's reference 01.FOI.26.000123",
        "Provisions disputed s.24(2), s.31(3)",
        "5 January 2026 Request for information sent",
        "10 February 2026 Internal review requested",
        "20 March 2026 No review outcome yet 27 working days after the request for review",
        f"The NCND response is not justified. {HOSTILE}",
    ):
        assert expected in text


def test_chronology_is_printed_in_date_order() -> None:
    shuffled = tuple(reversed(create_pack().chronology))
    reader = PdfReader(io.BytesIO(render_pack(create_pack(chronology=shuffled))))
    page = dict(outline_pages(reader))["Chronology"]
    text = " ".join(reader.pages[page - 1].extract_text().split())

    assert text.index("5 January 2026") < text.index("2 February 2026")
    assert text.index("2 February 2026") < text.index("20 March 2026")


def test_text_document_keeps_its_line_breaks_and_indentation() -> None:
    reader = PdfReader(io.BytesIO(render_pack(create_pack())))
    page = dict(outline_pages(reader))["Request for internal review"]
    lines = reader.pages[page - 1].extract_text().splitlines()

    assert "Dated 10 February 2026 · Reproduced from the text file review-request.txt" in lines
    assert "Yours sincerely," in lines
    assert "Rhian Jones" in lines
    indented = next(line for line in lines if "1. The NCND" in line)
    assert indented.startswith(" ")


def test_long_text_document_runs_over_pages_with_every_line_wrapped_in_order() -> None:
    long_line = "The authority wrote " + "and wrote again " * 30 + "at the end."
    long_word = "x" * 300
    lines = [f"Line {n:03d} of the thread" for n in range(1, 181)]
    text = "\n".join([*lines[:90], "", long_line, long_word, "", *lines[90:]])
    document = create_document(
        title="E-mail thread", filename="thread.txt", content=text.encode(), media_type="text/plain"
    )
    reader = PdfReader(io.BytesIO(render_pack(create_pack(documents=(document,)))))
    first = dict(outline_pages(reader))["E-mail thread"]
    printed = [
        line
        for page in reader.pages[first - 1 :]
        for line in own_text(page).splitlines()
        if "RS-2026-0042" not in line  # the running head and the page number
    ]

    assert len(reader.pages) - first + 1 >= 4  # 180 short lines do not fit on three pages
    assert [line for line in printed if line.startswith("Line ")] == lines
    start = next(i for i, line in enumerate(printed) if line.startswith("The authority wrote"))
    end = next(i for i, line in enumerate(printed) if line.endswith("at the end."))
    assert end > start  # wider than the page: wrapped at spaces, no word lost
    assert " ".join(printed[start : end + 1]) == long_line
    cut = [line for line in printed if set(line) == {"x"}]
    assert len(cut) > 1 and "".join(cut) == long_word  # a word wider than the page is cut


def test_windows_encoded_text_document_is_read() -> None:
    document = create_document(
        title="Note", content="Café – £450 limit".encode("cp1252"), media_type="text/plain"
    )
    reader = PdfReader(io.BytesIO(render_pack(create_pack(documents=(document,)))))

    assert "Café – £450 limit" in reader.pages[-1].extract_text()


def test_pack_metadata_names_the_pack_and_reference() -> None:
    metadata = PdfReader(io.BytesIO(render_pack(create_pack()))).metadata

    assert metadata is not None
    assert metadata.title == "Complaint to the Information Commissioner – RS-2026-0042"


def front_text(reader: PdfReader) -> str:
    """The text of the cover and index pages (before the first part)."""
    first_part = min(page for _, page in outline_pages(reader))
    return "\n".join(reader.pages[i].extract_text() for i in range(first_part - 1))


def assert_left_out(pack: Pack, title: str, reason: str) -> None:
    """The pack is still made, without the document, which the index and the ZIP name as not
    included, with the reason (issue 9, finding 12)."""
    reader = PdfReader(io.BytesIO(render_pack(pack)))
    assert title not in dict(outline_pages(reader))
    front = " ".join(front_text(reader).split())
    assert "Not included" in front
    assert f"{title} (" in front and reason in front, front
    archive = zipfile.ZipFile(io.BytesIO(pack_zip(pack)[0]))
    listed = archive.read("not-included.txt").decode()
    assert title in listed and reason in listed
    assert not any(slugify(title) in name for name in archive.namelist())
    assert len(archive.namelist()) == len(pack.documents) + 1  # the letter, no stand-in file


def test_a_document_that_opens_but_fails_to_merge_is_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    odd = create_document(title="Odd reply", filename="odd.pdf", content=labelled_pdf("Odd"))
    merge = PdfWriter.append

    def append(self: PdfWriter, reader: PdfReader, *args: object, **kwargs: object) -> None:
        if "Odd page 1" in reader.pages[0].extract_text():
            raise KeyError("/Resources")  # as pypdf fails deep inside a malformed file
        merge(self, reader, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PdfWriter, "append", append)
    reader = PdfReader(io.BytesIO(render_pack(create_pack(documents=(*DOCUMENTS, odd)))))

    assert "Odd reply" not in dict(outline_pages(reader))
    assert "Refusal notice" in dict(outline_pages(reader))
    front = " ".join(front_text(reader).split())
    assert "Odd reply (odd.pdf): it could not be merged into the pack." in front


def test_password_protected_document_is_left_out_by_name() -> None:
    writer = PdfWriter(clone_from=io.BytesIO(labelled_pdf("Secret")))
    writer.encrypt(user_password="open-sesame", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    document = create_document(title="Locked letter", content=locked.getvalue())

    assert_left_out(create_pack(documents=(*DOCUMENTS, document)), "Locked letter", "password")


def test_document_restricted_only_by_an_owner_password_is_merged() -> None:
    writer = PdfWriter(clone_from=io.BytesIO(labelled_pdf("Restricted", 2)))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    restricted = io.BytesIO()
    writer.write(restricted)
    document = create_document(title="No printing", content=restricted.getvalue())

    reader = PdfReader(io.BytesIO(render_pack(create_pack(documents=(document,)))))

    page = dict(outline_pages(reader))["No printing"]
    assert own_text(reader.pages[page - 1]) == "Restricted page 1"
    assert not reader.is_encrypted


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a pdf at all",
        labelled_pdf("Cut")[:200],
        b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n",
    ],
)
def test_unreadable_pdf_is_left_out_by_name(content: bytes) -> None:
    document = create_document(title="Scanned reply", filename="reply.pdf", content=content)

    assert_left_out(
        create_pack(documents=(*DOCUMENTS, document)), "Scanned reply", "not a readable PDF"
    )


def test_unsupported_media_type_is_left_out_by_name() -> None:
    document = create_document(title="Drawing of the site", media_type="image/svg+xml")

    assert_left_out(
        create_pack(documents=(*DOCUMENTS, document)), "Drawing of the site", "image/svg+xml"
    )


def test_a_picture_that_does_not_open_is_left_out_by_name() -> None:
    # A PDF's bytes stored as a JPEG (uploads are read now; a file kept before, or altered).
    document = create_document(title="Photo of letter", media_type="image/jpeg")

    assert_left_out(
        create_pack(documents=(*DOCUMENTS, document)),
        "Photo of letter",
        "it is not a picture that can be read",
    )


def test_pack_without_documents_or_chronology_still_renders() -> None:
    reader = PdfReader(io.BytesIO(render_pack(create_pack(documents=(), chronology=()))))

    assert [title for title, _ in outline_pages(reader)] == ["Chronology", "Complaint letter"]
    assert "No events recorded." in reader.pages[2].extract_text()


def test_zip_holds_a_file_per_upload_slot_named_for_the_form() -> None:
    archive_bytes, warnings = pack_zip(create_pack())
    archive = zipfile.ZipFile(io.BytesIO(archive_bytes))

    assert archive.namelist() == [
        "01-complaint-letter.pdf",
        "02-request-for-information.pdf",
        "03-refusal-notice.pdf",
        "04-request-for-internal-review.txt",
    ]
    assert warnings == []
    # Every document goes in unedited, byte for byte: PDFs, and text as .txt (the ICO's form
    # takes it).
    assert archive.read("03-refusal-notice.pdf") == DOCUMENTS[1].content
    assert archive.read("04-request-for-internal-review.txt") == REVIEW_REQUEST_TEXT.encode()
    letter = PdfReader(io.BytesIO(archive.read("01-complaint-letter.pdf")))
    letter_text = " ".join(" ".join(p.extract_text() for p in letter.pages).split())
    assert "What part of the response do you challenge, and why?" in letter_text
    assert "20 March 2026 No review outcome yet" in letter_text
    assert "Reference RS-2026-0042" in letter_text


def test_zip_warns_about_each_file_over_the_size_limit() -> None:
    big = create_document(title="Bundle of emails", content=labelled_pdf("Email " * 12, 400))
    pack = create_pack(documents=(*DOCUMENTS, big))
    archive = zipfile.ZipFile(io.BytesIO(pack_zip(pack)[0]))
    sizes = {info.filename: info.file_size for info in archive.infolist()}
    assert max(sizes, key=sizes.__getitem__) == "05-bundle-of-emails.pdf"
    limit = sorted(sizes.values())[-2]  # only the largest file is over

    _, warnings = pack_zip(pack, size_limit=limit)

    assert len(warnings) == 1
    assert warnings[0].startswith("05-bundle-of-emails.pdf is ")
    assert f"over the {human_size(limit)} limit" in warnings[0]


def test_zip_numbers_with_three_digits_past_ninety_nine_files() -> None:
    documents = tuple(create_document(title=f"Item {n}") for n in range(1, 101))
    archive = zipfile.ZipFile(io.BytesIO(pack_zip(create_pack(documents=documents))[0]))

    names = archive.namelist()
    assert names[0] == "001-complaint-letter.pdf"
    assert names[-1] == "101-item-100.pdf"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Refusal notice", "refusal-notice"),
        ("Internal review outcome (3 May 2026)", "internal-review-outcome-3-may-2026"),
        ("Ymateb i'r cais – Ŵyn", "ymateb-i-r-cais-wyn"),
        ("<script>", "script"),
        ("!!!", "document"),
        ("x" * 80, "x" * 60),
    ],
)
def test_file_names_are_ascii_slugs_of_document_titles(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_a_merged_pdf_brings_no_script_action_or_attached_file_into_the_pack() -> None:
    """pypdf copies a page with its own actions and its annotations' (JavaScript, a program
    launched, a form submitted, an address opened, a file attached) and the form's XFA: in the
    service's own PDF none may act. The page's text stays; the ZIP keeps the upload as it is."""
    hostile = active_pdf("The authority's reply, with scripts")
    assert len(active_content(hostile)) > 10
    pack = create_pack(documents=(create_document(content=hostile, filename="reply.pdf"),))

    rendered = render_pack(pack)

    assert active_content(rendered) == []
    reader = PdfReader(io.BytesIO(rendered))
    assert "The authority's reply, with scripts" in own_text(reader.pages[-1])
    # A form field and a drawn mark keep their look, not their scripts; the links are gone.
    kept = [a.get_object()["/Subtype"] for a in reader.pages[-1].get("/Annots", [])]
    assert kept == ["/Widget", "/Square"]
    files = zipfile.ZipFile(io.BytesIO(pack_zip(pack)[0]))
    assert files.read("02-request-for-information.pdf") == hostile


@pytest.mark.parametrize(
    ("key", "value", "in_resources"),
    [
        ("/Rotate", TextStringObject("sideways"), False),
        ("/CropBox", TextStringObject("x"), False),
        ("/Resources", ArrayObject([NumberObject(1)]), False),
        ("/Font", ArrayObject([NumberObject(1)]), True),
    ],
)
def test_a_pdf_whose_page_cannot_be_numbered_is_left_out_not_a_failure(
    key: str, value: PdfObject, in_resources: bool
) -> None:
    """Each opens and merges (and passed the upload check), then stopped the page numbering
    with a TypeError or ValueError: a 500 for the requester's pack and the staff's submission."""
    odd = odd_page_pdf(key, value, in_resources=in_resources)
    pack = create_pack(
        documents=(DOCUMENTS[0], create_document(title="Odd", filename="odd.pdf", content=odd))
    )

    reader = PdfReader(io.BytesIO(render_pack(pack)))

    index = " ".join(reader.pages[1].extract_text().split())
    assert "Odd (odd.pdf): it could not be merged into the pack" in index
    assert [title for title, _ in outline_pages(reader)][-1] == "Request for information"
