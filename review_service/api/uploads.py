"""POST /api/v1/cases/{reference}/documents: a multipart upload, checked as the pages check it.

The bytes go through ``documents.services.check_upload`` (a PDF or plain text, judged by content,
within MAX_UPLOAD_BYTES) and ``store_document`` (content-addressed storage, a Document row and an
audit event); only the form fields around the file are read here.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from sqlalchemy.orm import Session

from review_service.accounts.models import User
from review_service.api.openapi import DATE, enum, string
from review_service.api.validation import (
    DATE_MESSAGE,
    UNSTORABLE_MESSAGE,
    ApiError,
    parse_date,
)
from review_service.cases.models import Case
from review_service.documents.models import Document
from review_service.documents.services import (
    MAX_TITLE,
    UploadRefused,
    check_upload,
    store_document,
)
from review_service.errors import ValidationFailed
from review_service.regulator.pack import CHECKLIST_KINDS

# The kinds the regulator's checklist knows, plus anything else the case needs.
DOCUMENT_KINDS = (*CHECKLIST_KINDS, "other")

UPLOAD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "file": {
            "type": "string",
            "contentMediaType": "application/octet-stream",
            "description": "A PDF or plain-text file (judged by its content, not its name).",
        },
        "kind": enum(DOCUMENT_KINDS, description="What the document is."),
        "title": string(MAX_TITLE, description="Default: the file's name."),
        "dated": {**DATE, "description": "The date the document bears, if any."},
    },
    "required": ["file", "kind"],
    "additionalProperties": False,
}
_FIELDS = {"kind", "title", "dated"}


def upload_document(session: Session, actor: User, case: Case) -> Document:
    if request.mimetype != "multipart/form-data":
        raise ApiError(
            415,
            "Unsupported media type",
            "Send the document as multipart/form-data with a `file` part.",
        )
    errors: dict[str, str] = {}
    for name in sorted(set(request.form) - _FIELDS):
        errors[name] = "Remove this field: it is not part of this request"
    for name in sorted(set(request.files) - {"file"}):
        errors[name] = "Send one file, as the `file` part"
    files = request.files.getlist("file")
    if not files:
        errors["file"] = "Select a file"
    elif len(files) > 1:
        errors["file"] = "Send one file at a time"
    kind = request.form.get("kind", "")
    if kind not in DOCUMENT_KINDS:
        errors["kind"] = "Must be one of: " + ", ".join(DOCUMENT_KINDS)
    title = request.form.get("title", "")
    if len(title) > MAX_TITLE:
        errors["title"] = f"Must be {MAX_TITLE} characters or fewer"
    elif "\x00" in title:
        errors["title"] = UNSTORABLE_MESSAGE
    raw_date = request.form.get("dated", "")
    dated = parse_date(raw_date) if raw_date else None
    if raw_date and dated is None:
        errors["dated"] = DATE_MESSAGE
    if errors:
        raise ValidationFailed(errors)
    sent = files[0]
    max_bytes = int(current_app.config["MAX_UPLOAD_BYTES"])
    data = sent.stream.read(max_bytes + 1)
    try:
        upload = check_upload(sent.filename or "", data, max_bytes=max_bytes)
    except UploadRefused as error:
        raise ValidationFailed({"file": error.message}) from None
    return store_document(
        session,
        actor,
        upload,
        upload_dir=current_app.config["UPLOAD_DIR"],
        kind=kind,
        title=title,
        case=case,
        dated=dated,
    )
