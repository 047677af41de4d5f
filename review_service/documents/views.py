"""Download an uploaded document, as an attachment, if the case is yours to see; add a document
to a case (the requester to their own, caseworkers and admins to their authority's)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import Session

from review_service.accounts.models import CASEWORK_ROLES, Role, User
from review_service.cases.models import Case
from review_service.cases.policy import case_for
from review_service.documents.forms import (
    REQUESTER_KIND_LABELS,
    STAFF_KIND_LABELS,
    AddDocumentForm,
    RemoveDocumentForm,
    ReplaceDocumentForm,
)
from review_service.documents.services import (
    CASE_DOCUMENT_KINDS,
    add_case_document,
    document_for,
    managed_document,
    read_document,
    remove_document,
    replace_document,
    upload_rules,
)
from review_service.errors import ValidationFailed
from review_service.extensions import commit, db_session
from review_service.web.access import current_actor, requires
from review_service.web.downloads import attachment
from review_service.web.forms import Saving, apply_errors

if TYPE_CHECKING:
    from review_service.documents.models import Document

bp = Blueprint("documents", __name__)

# ?return_to=regulator: the requester came from the regulator pack's document checklist.
RETURN_TO_PACK = "regulator"


@bp.get("/documents/<int:document_id>")
@requires()
def download(document_id: int) -> ResponseReturnValue:
    # Requesters see only their own cases' documents, staff only their authority's; anyone
    # else gets the same 404 as for a document that does not exist.
    document = document_for(db_session(), current_user, document_id)
    data = read_document(current_app.config["UPLOAD_DIR"], document)
    response = attachment(data, document.filename, document.media_type)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/complaints/<reference>/documents/new", methods=["GET", "POST"])
@requires(Role.REQUESTER)
def add_to_case(reference: str) -> ResponseReturnValue:
    case = case_for(db_session(), current_actor(), reference)
    if request.args.get("return_to") == RETURN_TO_PACK:
        back_url = url_for("regulator.pack", reference=case.reference)
    else:
        back_url = url_for("complaints.case", reference=case.reference)
    return _add_document(case, for_requester=True, back_url=back_url)


@bp.route("/staff/cases/<reference>/documents/new", methods=["GET", "POST"])
@requires(*CASEWORK_ROLES)
def staff_add_to_case(reference: str) -> ResponseReturnValue:
    case = case_for(db_session(), current_actor(), reference)
    return _add_document(
        case, for_requester=False, back_url=url_for("staff.case", reference=case.reference)
    )


def _add_document(case: Case, *, for_requester: bool, back_url: str) -> Any:
    """Show the form and add the document; back to `back_url` once it is added.

    A form with errors is shown again with 200 to the requester, as the complaint pages do, and
    with 400 to staff, as the staff pages do.
    """
    max_bytes = int(current_app.config["MAX_UPLOAD_BYTES"])
    form = AddDocumentForm()
    form.set_kinds(REQUESTER_KIND_LABELS if for_requester else STAFF_KIND_LABELS)
    if request.method == "GET" and request.args.get("kind") in CASE_DOCUMENT_KINDS:
        form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        file = form.file.data
        try:
            document = add_case_document(
                db_session(),
                current_actor(),
                case,
                kind=str(form.kind.data),
                title=form.title.data or "",
                dated=form.dated.data,
                filename=file.filename or "",
                data=file.stream.read(max_bytes + 1),
                max_bytes=max_bytes,
            )
        except ValidationFailed as error:
            apply_errors(form, error)
        else:
            commit()
            flash(f"“{document.title}” has been added.", "success")
            return redirect(back_url)
    page = render_template(
        "documents/add.html",
        form=form,
        case=case,
        for_requester=for_requester,
        back_url=back_url,
        upload=upload_rules(max_bytes),
    )
    return page, 400 if form.errors and not for_requester else 200


# -- staff remove or replace a document ------------------------------------------------------


def _managed(reference: str, document_id: int) -> tuple[Session, User, Case, Document]:
    """The session, the signed-in caseworker, the case they may see and its current document
    they may remove or replace (NotFound or Forbidden otherwise)."""
    session, actor = db_session(), current_actor()
    case = case_for(session, actor, reference)
    document, _ = managed_document(session, actor, document_id, case=case)
    return session, actor, case, document


@bp.route("/staff/cases/<reference>/documents/<int:document_id>/remove", methods=["GET", "POST"])
@requires(*CASEWORK_ROLES)
def remove(reference: str, document_id: int) -> ResponseReturnValue:
    session, actor, case, document = _managed(reference, document_id)
    form = RemoveDocumentForm()
    if form.validate_on_submit():
        with Saving(form) as attempt:
            remove_document(session, actor, document.id, reason=form.reason.data or "", case=case)
        if attempt.saved:
            flash(f"“{document.title}” has been removed from the case.", "success")
            return redirect(url_for("staff.case", reference=case.reference))
    return render_template(
        "documents/remove.html", form=form, case=case, document=document, **_back(case)
    ), (400 if form.errors else 200)


@bp.route("/staff/cases/<reference>/documents/<int:document_id>/replace", methods=["GET", "POST"])
@requires(*CASEWORK_ROLES)
def replace(reference: str, document_id: int) -> ResponseReturnValue:
    session, actor, case, document = _managed(reference, document_id)
    max_bytes = int(current_app.config["MAX_UPLOAD_BYTES"])
    form = ReplaceDocumentForm()
    if form.validate_on_submit():
        file = form.file.data
        with Saving(form) as attempt:
            replace_document(
                session,
                actor,
                document.id,
                filename=file.filename or "",
                data=file.stream.read(max_bytes + 1),
                reason=form.reason.data or "",
                case=case,
                max_bytes=max_bytes,
            )
        if attempt.saved:
            flash(f"“{document.title}” has been replaced with the new file.", "success")
            return redirect(url_for("staff.case", reference=case.reference))
    return render_template(
        "documents/replace.html",
        form=form,
        case=case,
        document=document,
        upload=upload_rules(max_bytes),
        **_back(case),
    ), (400 if form.errors else 200)


def _back(case: Case) -> dict[str, str]:
    return {"back_url": url_for("staff.case", reference=case.reference)}
