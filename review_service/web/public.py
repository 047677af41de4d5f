"""Pages anyone may see."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from review_service.web.access import public

bp = Blueprint("public", __name__)


@bp.get("/")
@public
def home() -> ResponseReturnValue:
    if current_user.is_authenticated:
        if current_user.is_staff:
            return redirect(url_for("staff.queue"))
        return redirect(url_for("complaints.index"))
    return render_template("pages/home.html")


@bp.get("/accessibility")
@public
def accessibility() -> ResponseReturnValue:
    return render_template(
        "pages/accessibility.html", support_email=current_app.config.get("SUPPORT_EMAIL", "")
    )


@bp.get("/privacy")
@public
def privacy() -> ResponseReturnValue:
    return render_template("pages/privacy.html")


@bp.get("/healthz")
@public
def healthz() -> ResponseReturnValue:
    from review_service.db import ping
    from review_service.extensions import db_session

    ping(db_session())
    return {"status": "ok"}
