"""Requesters' pages for their own data: the download, and closing the account."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, render_template

from review_service import clock
from review_service.accounts import sessions
from review_service.accounts.models import Role
from review_service.domain.lifecycle import CaseStatus
from review_service.errors import ValidationFailed
from review_service.extensions import commit, db_session
from review_service.privacy.closure import WITHDRAWAL_REASON, close_account, open_complaints
from review_service.privacy.export import personal_data
from review_service.privacy.forms import CloseAccountForm
from review_service.privacy.retention import delete_unused_files
from review_service.web.access import current_actor, requires
from review_service.web.forms import apply_errors

bp = Blueprint("privacy", __name__)


@bp.get("/account/your-data")
@requires(Role.REQUESTER)
def your_data() -> Any:
    return render_template("privacy/your_data.html")


@bp.get("/account/your-data.json")
@requires(Role.REQUESTER)
def download() -> Any:
    data = personal_data(db_session(), current_actor())
    name = f"review-service-your-data-{clock.today().isoformat()}.json"
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n",
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/account/close", methods=["GET", "POST"])
@requires(Role.REQUESTER)
def close() -> Any:
    session, actor = db_session(), current_actor()
    form = CloseAccountForm()
    if form.validate_on_submit():
        try:
            closed = close_account(
                session,
                actor,
                password=form.password.data or "",
                confirmed=bool(form.confirm.data),
            )
        except ValidationFailed as error:
            session.rollback()
            apply_errors(form, error)
        else:
            commit()
            delete_unused_files(
                session, Path(current_app.config["UPLOAD_DIR"]), closed.files_to_delete
            )
            sessions.end(session, actor)
            commit()
            return render_template("privacy/closed.html", closed=closed)
    return render_template(
        "privacy/close.html",
        form=form,
        open_cases=[
            {
                "reference": case.reference,
                "authority": case.authority.name,
                "status": CaseStatus(case.status).label,
            }
            for case in open_complaints(session, actor)
        ],
        reason=WITHDRAWAL_REASON,
    ), (400 if form.errors else 200)
