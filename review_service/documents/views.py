"""Download an uploaded document, as an attachment, if the case is yours to see."""

from __future__ import annotations

import io

from flask import Blueprint, current_app, send_file
from flask_login import current_user

from review_service.documents.services import document_for, read_document
from review_service.extensions import db_session
from review_service.web.access import requires

bp = Blueprint("documents", __name__)


@bp.get("/documents/<int:document_id>")
@requires()
def download(document_id: int):  # type: ignore[no-untyped-def]
    # Requesters see only their own cases' documents, staff only their authority's; anyone
    # else gets the same 404 as for a document that does not exist.
    document = document_for(db_session(), current_user, document_id)
    data = read_document(current_app.config["UPLOAD_DIR"], document)
    response = send_file(
        io.BytesIO(data),
        mimetype=document.media_type,
        as_attachment=True,
        download_name=document.filename,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
