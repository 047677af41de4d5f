"""Uploaded documents: checked by content, stored once under their SHA-256, outside the web root.

PDFs, Word documents (.docx), pictures (JPEG, PNG) and plain text are accepted (``ACCEPTED``:
the one rule the pages, the API and its OpenAPI description all read), and the decision is
made from the bytes themselves, never from the file name or the type the browser declared: a
PDF starts "%PDF-" and must then open, page by page, as the bundles will open it (pdf_check.py);
a picture must open as a JPEG or PNG within a bounded number of pixels, and a .docx (a ZIP)
must unpack within bounds to a Word document python-docx reads (media_check.py), each in a
process of its own bounded in memory and time; text is valid UTF-8 or Windows-1252 with no
NULs or other control characters. The stored name gets
the extension of what the file really is, so a download never opens as something else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from flask import current_app
from sqlalchemy import BindParameter, Row, Select, bindparam, select
from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import CASEWORK_ROLES, Role, User
from review_service.audit.services import record
from review_service.cases.models import Case
from review_service.cases.policy import can_view, require_role
from review_service.db import plain_rows, utcnow
from review_service.documents.media_check import check_docx, check_image
from review_service.documents.models import Document
from review_service.documents.pdf_check import check_pdf
from review_service.documents.pdf_text import NoTextLayer, UnreadableDocument, extract_pdf_text
from review_service.domain import limits
from review_service.domain.kinds import DocumentKind
from review_service.errors import NotFound, ServiceError, ValidationFailed

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JPEG = "image/jpeg"
PNG = "image/png"
TEXT_UTF8 = "text/plain; charset=utf-8"
TEXT_CP1252 = "text/plain; charset=windows-1252"
IMAGES = (JPEG, PNG)

# What may be uploaded, for people (hints, messages, the API's description) and for the file
# picker (an HTML accept attribute: only a suggestion to the browser; the content decides).
ACCEPTED = "a PDF, a Word document (.docx), a picture (JPEG or PNG) or a plain text file"
ACCEPT_ATTRIBUTE = ",".join(
    (".pdf", ".docx", ".jpg", ".jpeg", ".png", ".txt", PDF, DOCX, JPEG, PNG, "text/plain")
)
# What the authority's response may be uploaded as, when we read it for the notice reader
# (a picture is taken as a document, but its text cannot be read).
READABLE = "a PDF, a Word document (.docx) or a plain text file"
READABLE_ACCEPT = ",".join((".pdf", ".docx", ".txt", PDF, DOCX, "text/plain"))
# The types a stored document is served with (the media type without its parameters).
STORED_TYPES = (PDF, DOCX, JPEG, PNG, "text/plain")
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", JPEG: ".jpg", PNG: ".png"}
TYPE_LABELS = {PDF: "PDF", DOCX: "Word document", JPEG: "JPEG picture", PNG: "PNG picture"}


def type_label(media_type: str) -> str:
    """What a stored document is, in a word or two: "PDF", "Word document", "Text"."""
    return TYPE_LABELS.get(media_type.split(";")[0].strip().lower(), "Text")


# The first bytes of each kind of file we take, and of one we must explain.
_SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG),
               (b"PK\x03\x04", DOCX))  # fmt: skip
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, or any password-protected Office file

# What a document added to a filed case can be: the kinds the regulator's document checklist
# ticks (regulator.pack_documents.CHECKLIST_KINDS, which imports this module, so they are
# listed again).
CASE_DOCUMENT_KINDS = tuple(DocumentKind)

# What the audit trail calls each kind of document (never its title or file name).
KIND_IN_AUDIT: dict[str, str] = {
    DocumentKind.REQUEST: "the original request",
    DocumentKind.RESPONSE: "the authority's response",
    DocumentKind.REVIEW_REQUEST: "the request for a review",
    DocumentKind.REVIEW_OUTCOME: "the review outcome",
    DocumentKind.CORRESPONDENCE: "correspondence",
    DocumentKind.CONSENT: "consent from the person the requester acts for",
}


def kind_in_audit(kind: str) -> str:
    return KIND_IN_AUDIT.get(kind, kind.replace("_", " "))


# Control characters that never appear in a letter's plain text (tab, line feed, form feed and
# carriage return do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class UploadRefused(ServiceError):
    """The file cannot be accepted; the message says why and what to do instead."""


class EmptyUpload(UploadRefused):
    def __init__(self) -> None:
        super().__init__("The selected file is empty")


class UploadTooLarge(UploadRefused):
    def __init__(self, max_bytes: int) -> None:
        super().__init__(f"The selected file must be smaller than {format_size(max_bytes)}")


class UnsupportedUpload(UploadRefused):
    def __init__(self) -> None:
        super().__init__(f"The selected file must be {ACCEPTED}")


class OldOfficeFile(UploadRefused):
    def __init__(self) -> None:
        super().__init__(
            "The selected file is an older Word document (.doc) or a password-protected "
            "Office file. Save it as a Word document (.docx) without a password, or as a PDF, "
            "and upload that"
        )


class NoTextFound(UploadRefused):
    """A PDF without a text layer (usually a scan): we cannot read it for the requester."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or NoTextLayer.default_message)


@dataclass(frozen=True)
class Upload:
    """A file whose content has been checked and is safe to store."""

    filename: str
    media_type: str
    data: bytes
    sha256: str
    word_text: str = ""  # a Word document's text, read when it was checked

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def is_pdf(self) -> bool:
        return self.media_type == PDF

    @property
    def is_image(self) -> bool:
        return self.media_type in IMAGES


def format_size(count: int) -> str:
    """A size for people: "10 MB", "1.5 MB", "300 KB", "12 bytes"."""
    megabyte = 1024 * 1024
    if count >= megabyte:
        return f"{count // megabyte} MB" if count % megabyte == 0 else f"{count / megabyte:.1f} MB"
    if count >= 1024:
        return f"{count // 1024} KB"
    return f"{count} bytes"


def _sniff(data: bytes) -> str:
    """The media type the bytes really are, or UnsupportedUpload (OldOfficeFile)."""
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    if data.startswith(_OLE):
        raise OldOfficeFile()
    if b"\x00" in data:
        raise UnsupportedUpload()
    for encoding, media_type in (("utf-8-sig", TEXT_UTF8), ("cp1252", TEXT_CP1252)):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            raise UnsupportedUpload()
        return media_type
    raise UnsupportedUpload()


def upload_rules(max_bytes: int, *, for_reading: bool = False) -> dict[str, str]:
    """What the upload pages say about the file (``hint``) and suggest to the file picker
    (``accept``), from the one rule above."""
    what = READABLE if for_reading else ACCEPTED
    return {
        "max_size": format_size(max_bytes),
        "hint": f"{what[0].upper()}{what[1:]}, smaller than {format_size(max_bytes)}.",
        "accept": READABLE_ACCEPT if for_reading else ACCEPT_ATTRIBUTE,
    }


def safe_filename(filename: str, media_type: str) -> str:
    """The file's own name without any folders, printable, with the extension it really has."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = "".join(c for c in unicodedata.normalize("NFC", name) if c.isprintable())
    name = " ".join(name.split()).strip(". ")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(". ") or "document"
    extension = EXTENSIONS.get(media_type, ".txt")
    return stem[: limits.FILENAME - len(extension)] + extension


def check_upload(filename: str, data: bytes, *, max_bytes: int) -> Upload:
    """Accept a PDF, Word document, picture or plain-text file of at most `max_bytes`, judged
    by content alone.

    A PDF, picture or Word document is read as the regulator's pack will read it (pdf_check,
    media_check: bounded in pages or pixels or unpacked size, time and memory), so that a file
    that only looks like one is refused now rather than left out of every pack later.
    """
    if not data:
        raise EmptyUpload()
    if len(data) > max_bytes:
        raise UploadTooLarge(max_bytes)
    media_type = _sniff(data)
    problem = word_text = ""
    if media_type == PDF:
        problem = check_pdf(data).problem
    elif media_type == DOCX:
        verdict = check_docx(data)
        problem, word_text = verdict.problem, verdict.text
    elif media_type in IMAGES:
        problem = check_image(data).problem
    if problem:
        raise UploadRefused(problem)
    return Upload(
        filename=safe_filename(filename, media_type),
        media_type=media_type,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        word_text=word_text,
    )


def text_of(upload: Upload) -> str:
    """The text of a checked upload: extracted from a PDF or a Word document, decoded from a
    text file.

    A PDF with no text layer, a Word document with no text and a picture raise NoTextFound,
    asking for the text instead.
    """
    if upload.is_image:
        raise NoTextFound(
            "This is a picture, and we cannot read the text in it. Paste the text of the notice "
            "instead, or upload it as a PDF or Word document."
        )
    if upload.media_type == DOCX:
        if not upload.word_text.strip():
            raise NoTextFound(
                "This Word document has no text in it. Paste the text of the notice instead."
            )
        return upload.word_text
    if upload.is_pdf:
        try:
            return extract_pdf_text(upload.data)
        except NoTextLayer as error:
            raise NoTextFound(str(error)) from None
        except UnreadableDocument as error:
            raise UploadRefused(str(error)) from None
    encoding = "utf-8-sig" if upload.media_type == TEXT_UTF8 else "cp1252"
    return upload.data.decode(encoding)


def stored_path(upload_dir: Path, sha256: str) -> Path:
    """Where the bytes with this hash live: <upload_dir>/<first two hex digits>/<hash>."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError(f"Not a SHA-256: {sha256!r}")
    return Path(upload_dir) / sha256[:2] / sha256


def _write_once(upload_dir: Path, upload: Upload) -> None:
    """Write the bytes unless the same content is already stored (content addressing)."""
    path = stored_path(upload_dir, upload.sha256)
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(upload.data)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def store_document(
    session: Session,
    actor: User,
    upload: Upload,
    *,
    upload_dir: Path,
    kind: str,
    title: str,
    case: Case | None = None,
    dated: dt.date | None = None,
) -> Document:
    """Keep a checked upload: the bytes on disk (once per content), a Document row, an audit event.

    Without a case the document belongs only to the actor until it is attached to one (an
    upload made while a complaint is still a draft).
    """
    if case is not None and not can_view(actor, case):
        raise NotFound("No case with that reference.")
    _write_once(upload_dir, upload)
    document = Document(
        case_id=case.id if case is not None else None,
        owner_id=actor.id,
        kind=kind,
        title=" ".join(title.split())[: limits.DOCUMENT_TITLE] or upload.filename,
        filename=upload.filename,
        media_type=upload.media_type,
        sha256=upload.sha256,
        size=upload.size,
        dated=dated,
    )
    session.add(document)
    session.flush()
    record(
        session,
        actor,
        "upload_document",
        # The kind, not the title or file name: those may name the requester (audit/services).
        f"Document uploaded: {kind_in_audit(document.kind)}",
        case=case,
        after={
            "document_id": document.id,
            "media_type": document.media_type,
            "size": document.size,
            "sha256": document.sha256,
            "kind": document.kind,
        },
    )
    return document


def require_may_add_documents(actor: User, case: Case) -> None:
    """Who may add a document to a filed case, for the pages and the API alike: its requester,
    or a caseworker or admin entitled to the case. A reviewer is refused (Forbidden); anyone
    who may not see the case is told it does not exist."""
    if not can_view(actor, case):
        raise NotFound("No case with that reference.")
    require_role(actor, Role.REQUESTER, Role.CASEWORKER, Role.ADMIN)


def add_case_document(
    session: Session,
    actor: User,
    case: Case,
    *,
    kind: str,
    title: str,
    dated: dt.date | None,
    filename: str,
    data: bytes,
    upload_dir: Path | None = None,
    max_bytes: int | None = None,
) -> Document:
    """Add a document to a filed case: by its requester, or by a caseworker or admin entitled
    to the case (anyone else who cannot see the case is told it does not exist).

    The file is checked as every upload is (`check_upload`); a refusal, an unknown kind, a title
    that is too long or a date in the future raise ValidationFailed naming the field ("file",
    "kind", "title", "dated"), before anything is stored. `upload_dir` and `max_bytes` default
    to the application's UPLOAD_DIR and MAX_UPLOAD_BYTES.
    """
    require_may_add_documents(actor, case)
    if upload_dir is None:
        upload_dir = Path(current_app.config["UPLOAD_DIR"])
    if max_bytes is None:
        max_bytes = int(current_app.config["MAX_UPLOAD_BYTES"])
    errors: dict[str, str] = {}
    if kind not in CASE_DOCUMENT_KINDS:
        errors["kind"] = "Select what the document is"
    title = " ".join(title.split())
    if len(title) > limits.DOCUMENT_TITLE:
        errors["title"] = limits.too_long(limits.DOCUMENT_TITLE, "The title")
    if dated is not None and dated > clock.today():
        errors["dated"] = "The date on the document must be today or in the past"
    try:
        upload = check_upload(filename, data, max_bytes=max_bytes)
    except UploadRefused as error:
        errors["file"] = error.message
    if errors:
        raise ValidationFailed(errors)
    return store_document(
        session,
        actor,
        upload,
        upload_dir=upload_dir,
        kind=kind,
        title=title,
        case=case,
        dated=dated,
    )


def may_download(actor: User, document: Document, case: Case | None) -> bool:
    """The requester who owns the case, staff entitled to the case; before filing, the uploader."""
    if case is None:
        return document.owner_id == actor.id
    return can_view(actor, case)


def document_for(session: Session, actor: User, document_id: int) -> Document:
    """A document the actor may download; anyone else is told it does not exist. A document
    staff have removed does not exist for anyone."""
    document = session.get(Document, document_id)
    if document is None or document.removed:
        raise NotFound("No such document.")
    case = session.get(Case, document.case_id) if document.case_id is not None else None
    if not may_download(actor, document, case):
        raise NotFound("No such document.")
    return document


def current_documents(case_id: int | BindParameter[int]) -> Select[Document]:
    """The case's documents that staff have not removed: the ones listed, served and bundled."""
    return select(Document).where(Document.case_id == case_id, Document.removed_at.is_(None))


# Built once: both case pages list the documents on every request, as plain rows of the
# columns they show (no ORM objects), oldest first.
_DOCUMENT_ROWS = (
    current_documents(bindparam("case_id"))
    .with_only_columns(
        Document.id,
        Document.kind,
        Document.title,
        Document.filename,
        Document.media_type,
        Document.size,
        Document.dated,
    )
    .order_by(Document.created_at, Document.id)
)


def documents_for(session: Session, case: Case) -> list[Row[Any]]:
    """The case's current documents for listing, oldest first: rows of ``id``, ``kind``,
    ``title``, ``filename``, ``media_type``, ``size`` and ``dated``."""
    return plain_rows(session, _DOCUMENT_ROWS, {"case_id": case.id})


# -- removing and replacing ----------------------------------------------------------------


def require_may_manage_documents(actor: User, case: Case) -> None:
    """Who may remove or replace a case's document, for the pages and the API alike: a
    caseworker or admin entitled to the case (anyone else who may see the case is refused,
    Forbidden; anyone who may not is told it does not exist)."""
    if not can_view(actor, case):
        raise NotFound("No case with that reference.")
    require_role(actor, *CASEWORK_ROLES)


def managed_document(
    session: Session, actor: User, document_id: int, *, case: Case | None = None
) -> tuple[Document, Case]:
    """A current document of a filed case (of ``case``, when given) that the actor may remove
    or replace, with its case; NotFound or Forbidden otherwise."""
    document = session.get(Document, document_id)
    found = session.get(Case, document.case_id) if document and document.case_id else None
    if document is None or found is None or document.removed:
        raise NotFound("No such document.")
    if case is not None and found.id != case.id:
        raise NotFound("No such document.")
    require_may_manage_documents(actor, found)
    return document, found


def _checked_reason(reason: str, errors: dict[str, str], doing: str) -> str:
    reason = reason.strip()
    if not reason:
        errors["reason"] = f"Enter why the document is being {doing}"
    elif len(reason) > limits.REMOVAL_REASON:
        errors["reason"] = limits.too_long(limits.REMOVAL_REASON, "The reason")
    return reason


def _set_aside(
    session: Session,
    actor: User,
    case: Case,
    document: Document,
    reason: str,
    replacement: Document | None = None,
) -> None:
    """Remove ``document`` (the row and the file are kept, pointing at any replacement), and
    audit it with the reason."""
    document.removed_at = utcnow()
    document.removed_by_id = actor.id
    document.removal_reason = reason
    document.replaced_by_id = replacement.id if replacement is not None else None
    session.flush()
    after: dict[str, Any]
    if replacement is None:
        action, after = "remove", {"removed": True, "reason": reason}
    else:
        action = "replace"
        after = {"document_id": replacement.id, "sha256": replacement.sha256, "reason": reason}
    record(
        session,
        actor,
        f"{action}_document",
        f"Document {action}d: {kind_in_audit(document.kind)}",
        case=case,
        before={"document_id": document.id, "sha256": document.sha256},
        after=after,
    )


def remove_document(
    session: Session, actor: User, document_id: int, *, reason: str, case: Case | None = None
) -> Document:
    """Remove a case's document (a soft delete: the row and the file are kept), audited with
    the reason. It is no longer listed, downloaded or put into a bundle."""
    document, found = managed_document(session, actor, document_id, case=case)
    errors: dict[str, str] = {}
    reason = _checked_reason(reason, errors, "removed")
    if errors:
        raise ValidationFailed(errors)
    _set_aside(session, actor, found, document, reason)
    return document


def replace_document(
    session: Session,
    actor: User,
    document_id: int,
    *,
    filename: str,
    data: bytes,
    reason: str,
    case: Case | None = None,
    upload_dir: Path | None = None,
    max_bytes: int | None = None,
) -> Document:
    """Replace a case's document with a new file of the same kind, title and date: the new
    file is checked as every upload is, the old document removed (kept, pointing at its
    replacement), both audited. Returns the new document."""
    document, found = managed_document(session, actor, document_id, case=case)
    if upload_dir is None:
        upload_dir = Path(current_app.config["UPLOAD_DIR"])
    if max_bytes is None:
        max_bytes = int(current_app.config["MAX_UPLOAD_BYTES"])
    errors: dict[str, str] = {}
    try:
        upload = check_upload(filename, data, max_bytes=max_bytes)
    except UploadRefused as error:
        errors["file"] = error.message
    reason = _checked_reason(reason, errors, "replaced")
    if errors:
        raise ValidationFailed(errors)
    replacement = store_document(
        session,
        actor,
        upload,
        upload_dir=upload_dir,
        kind=document.kind,
        title=document.title,
        case=found,
        dated=document.dated,
    )
    _set_aside(session, actor, found, document, reason, replacement)
    return replacement


def read_document(upload_dir: Path, document: Document) -> bytes:
    path = stored_path(upload_dir, document.sha256)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFound("The file for this document is missing.") from None
