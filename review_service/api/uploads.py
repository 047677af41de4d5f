"""POST /api/v1/cases/{reference}/documents: a multipart upload, checked as the pages check it.

Only the shape of the request is read here (its parts, and each field's form); who may add a
document, its kind, its date and the file itself are decided by the service the pages call,
``documents.services.add_case_document``.
"""

from __future__ import annotations

from typing import Any, TypedDict

from flask import current_app, request
from sqlalchemy.orm import Session

from review_service.accounts.models import User
from review_service.api.schemas import DATE, enum, string
from review_service.api.validation import (
    DATE_MESSAGE,
    UNSTORABLE_MESSAGE,
    ApiError,
    parse_date,
)
from review_service.cases.models import Case
from review_service.documents.models import Document
from review_service.documents.services import (
    ACCEPTED,
    CASE_DOCUMENT_KINDS,
    add_case_document,
    managed_document,
    replace_document,
    require_may_add_documents,
)
from review_service.domain import limits
from review_service.domain.limits import too_long
from review_service.errors import ValidationFailed

# The kinds the pages offer (the regulator's checklist).
DOCUMENT_KINDS = CASE_DOCUMENT_KINDS

UPLOAD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "file": {
            "type": "string",
            "contentMediaType": "application/octet-stream",
            "description": f"{ACCEPTED[0].upper()}{ACCEPTED[1:]} (judged by its content, not "
            "its name).",
        },
        "kind": enum(DOCUMENT_KINDS, description="What the document is."),
        "title": string(limits.DOCUMENT_TITLE, description="Default: the file's name."),
        "dated": {**DATE, "description": "The date the document bears, if any."},
    },
    "required": ["file", "kind"],
    "additionalProperties": False,
}
_FIELDS = {"kind", "title", "dated"}

REPLACEMENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "file": UPLOAD_SCHEMA["properties"]["file"],
        "reason": string(limits.REMOVAL_REASON, description="Why the document is being replaced."),
    },
    "required": ["file", "reason"],
    "additionalProperties": False,
}


def _multipart(fields: set[str]) -> tuple[dict[str, str], Any]:
    """The request's form problems (unknown fields, not exactly one file) and its one file."""
    if request.mimetype != "multipart/form-data":
        raise ApiError(
            415,
            "Unsupported media type",
            "Send the document as multipart/form-data with a `file` part.",
        )
    errors: dict[str, str] = {}
    for name in sorted(set(request.form) - fields):
        errors[name] = "Remove this field: it is not part of this request"
    for name in sorted(set(request.files) - {"file"}):
        errors[name] = "Send one file, as the `file` part"
    files = request.files.getlist("file")
    if not files:
        errors["file"] = "Select a file"
    elif len(files) > 1:
        errors["file"] = "Send one file at a time"
    return errors, files[0] if files else None


class _SentFile(TypedDict):
    filename: str
    data: bytes
    max_bytes: int


def _sent_file(errors: dict[str, str], sent: Any) -> _SentFile:
    """Once the request's fields are good, its file for the service: the name, the bytes (read
    to one byte over the limit at most, so that the service can tell it is too large) and the
    limit."""
    if errors:
        raise ValidationFailed(errors)
    max_bytes = int(current_app.config["MAX_UPLOAD_BYTES"])
    return {
        "filename": sent.filename or "",
        "data": sent.stream.read(max_bytes + 1),
        "max_bytes": max_bytes,
    }


def upload_document(session: Session, actor: User, case: Case) -> Document:
    require_may_add_documents(actor, case)  # before anything about the request is answered
    errors, sent = _multipart(_FIELDS)
    kind = request.form.get("kind", "")
    if kind not in DOCUMENT_KINDS:
        errors["kind"] = "Must be one of: " + ", ".join(DOCUMENT_KINDS)
    title = request.form.get("title", "")
    if len(title) > limits.DOCUMENT_TITLE:
        errors["title"] = too_long(limits.DOCUMENT_TITLE)
    elif "\x00" in title:
        errors["title"] = UNSTORABLE_MESSAGE
    raw_date = request.form.get("dated", "")
    dated = parse_date(raw_date) if raw_date else None
    if raw_date and dated is None:
        errors["dated"] = DATE_MESSAGE
    # The pages' rules, from the same service: who may add one, the kind, the date, the file.
    return add_case_document(
        session, actor, case, kind=kind, title=title, dated=dated, **_sent_file(errors, sent)
    )


def replace_document_upload(session: Session, actor: User, document_id: int) -> Document:
    """POST /api/v1/documents/{id}/replacement: the new file and the reason, for the service
    the staff page calls."""
    managed_document(session, actor, document_id)  # before anything about the request
    errors, sent = _multipart({"reason"})
    reason = request.form.get("reason", "")
    if "\x00" in reason:
        errors["reason"] = UNSTORABLE_MESSAGE
    return replace_document(session, actor, document_id, reason=reason, **_sent_file(errors, sent))
