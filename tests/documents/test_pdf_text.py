"""Getting the text out of uploaded PDFs, and the messages users see when we cannot."""

from __future__ import annotations

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from review_service.documents.pdf_text import (
    EncryptedPdf,
    NotAPdf,
    NoTextLayer,
    UnreadableDocument,
    extract_pdf_text,
)
from tests.pdfs import scanned_pdf, text_pdf


def make_pdf(pages: list[list[str]], *, encrypt: str | StandardEncryption | None = None) -> bytes:
    return text_pdf(pages, encrypt=encrypt)


def make_scanned_pdf() -> bytes:
    """A page that is only a picture, as a scanner or phone camera produces."""
    return scanned_pdf(
        picture_size=(200, 280),
        dark_rows=(40, 60, 80),
        dark_columns=range(20, 180),
        placed=(72, 300, 400, 560),
    )


def test_text_of_a_notice_is_extracted_page_by_page():
    data = make_pdf(
        [
            ["Our ref: FOI 004117-18", "Date: 03 January 2019"],
            ["The information is exempt under section 40(2)."],
        ]
    )

    text = extract_pdf_text(data)

    assert "Our ref: FOI 004117-18" in text
    assert "section 40(2)" in text
    assert text.index("03 January 2019") < text.index("section 40(2)")
    assert "\n\n" in text  # pages are kept apart


def test_a_scanned_pdf_asks_the_user_to_paste_the_text():
    with pytest.raises(NoTextLayer) as raised:
        extract_pdf_text(make_scanned_pdf())

    assert "Paste the text" in str(raised.value)


def test_a_pdf_with_blank_pages_counts_as_having_no_text():
    with pytest.raises(NoTextLayer):
        extract_pdf_text(make_pdf([[], []]))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"PK\x03\x04 this is really a Word document",
        bytes(range(256)) * 8,
        b"Dear Ms Patel, thank you for your request",
    ],
    ids=["empty", "zip-container", "binary-noise", "plain-text"],
)
def test_bytes_that_are_not_a_pdf_are_refused(data):
    with pytest.raises(NotAPdf) as raised:
        extract_pdf_text(data)

    assert "not a PDF" in str(raised.value)


def test_a_damaged_pdf_is_reported_as_damaged():
    whole = make_pdf([["Section 24(2) National Security"]])
    damaged = whole[:200] + b"\x00garbage\x00" * 20

    with pytest.raises(NotAPdf) as raised:
        extract_pdf_text(damaged)

    assert "damaged" in str(raised.value)


def test_a_password_protected_pdf_asks_for_the_password_to_be_removed():
    data = make_pdf([["Confidential refusal notice"]], encrypt="letmein")

    with pytest.raises(EncryptedPdf) as raised:
        extract_pdf_text(data)

    assert "password" in str(raised.value)


def test_a_pdf_with_only_an_owner_password_opens_without_asking():
    # Restricting copying or printing encrypts the file with an empty user password.
    data = make_pdf(
        [["Request ID: 4481920"]],
        encrypt=StandardEncryption("", ownerPassword="authority-only", canCopy=0),
    )

    assert "Request ID: 4481920" in extract_pdf_text(data)


@pytest.mark.parametrize("error", [NotAPdf, NoTextLayer, EncryptedPdf])
def test_every_failure_is_an_unreadable_document_with_a_message(error):
    assert issubclass(error, UnreadableDocument)
    assert issubclass(error, ValueError)
    assert str(error()).endswith(".")
    assert str(error("Custom words.")) == "Custom words."
