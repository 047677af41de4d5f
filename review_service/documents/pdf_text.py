"""Text out of an uploaded PDF, or a typed error that tells the user what to do instead.

Refusal notices arrive as PDFs more often than not. Some are not PDFs at all (a renamed Word
file), some are scans with no text layer, and some are password-protected. Each of those raises
its own `UnreadableDocument` subclass, whose message is written for the person who uploaded the
file and can be shown to them as it is.
"""

from __future__ import annotations

import io
import warnings

from pypdf import PdfReader
from pypdf.errors import PyPdfError

__all__ = ["EncryptedPdf", "NoTextLayer", "NotAPdf", "UnreadableDocument", "extract_pdf_text"]

# The PDF specification lets the header start anywhere in the first 1024 bytes, and some
# generators put junk before it.
_HEADER_WINDOW = 1024


class UnreadableDocument(ValueError):
    """We cannot get text out of the document. str(error) is a message for the user."""

    default_message = "We could not read this document. Paste the text of the notice instead."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class NotAPdf(UnreadableDocument):
    default_message = (
        "This file is not a PDF we can read. Upload the notice as a PDF, or paste its text."
    )


class NoTextLayer(UnreadableDocument):
    default_message = (
        "This PDF has no text in it. It may be a scan or a photo of the notice. "
        "Paste the text of the notice instead."
    )


class EncryptedPdf(UnreadableDocument):
    default_message = (
        "This PDF is protected by a password, so we cannot read it. Remove the password and "
        "upload it again, or paste the text of the notice."
    )


def extract_pdf_text(data: bytes) -> str:
    """The text of every page, pages separated by a blank line.

    Raises NotAPdf, EncryptedPdf or NoTextLayer (all UnreadableDocument, a ValueError).
    """
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise NotAPdf()
    # pypdf warns about the many small defects in real-world PDFs. They are the file's problem,
    # not ours, and must not become errors under a warnings-as-errors test run.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not _open_without_password(reader):
                raise EncryptedPdf()
            pages = [page.extract_text() or "" for page in reader.pages]
        except UnreadableDocument:
            raise
        except Exception as error:
            # pypdf reports a broken file through many exception types (its own errors, but
            # also KeyError, TypeError, RecursionError ... from malformed objects); for the
            # user they all mean the same thing.
            raise NotAPdf(
                "This PDF is damaged, so we cannot read it. Try saving it again as a PDF, "
                "or paste the text of the notice."
            ) from error
    text = "\n\n".join(page.strip() for page in pages).strip()
    if not text:
        raise NoTextLayer()
    return text


def _open_without_password(reader: PdfReader) -> bool:
    """Many PDFs are encrypted with an empty user password (only printing or copying is
    restricted); those open without asking the user for anything."""
    try:
        return bool(reader.decrypt(""))
    except (PyPdfError, NotImplementedError, ValueError):
        return False
