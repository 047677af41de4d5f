"""Pages about e-mail: administrators' view of failed and delayed messages (send again)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from review_service.accounts.models import Role, User
from review_service.errors import Conflict
from review_service.extensions import commit, db_session
from review_service.mail import admin
from review_service.web.access import requires

bp = Blueprint("mail", __name__)


class SendAgainForm(FlaskForm):
    """The CSRF token of each row's button."""


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


@bp.get("/admin/mail")
@requires(Role.ADMIN)
def problems():  # type: ignore[no-untyped-def]
    session, actor = db_session(), _actor()
    return render_template(
        "mail/problems.html",
        problems=admin.problem_messages(session, actor),
        counts=admin.outbox_counts(session, actor),
        delayed_after=int(admin.DELAYED_AFTER.total_seconds() // 60),
        service_wide=actor.authority_id is None,
    )


@bp.post("/admin/mail/<int:outbox_id>/send-again")
@requires(Role.ADMIN)
def send_again(outbox_id: int):  # type: ignore[no-untyped-def]
    session, actor = db_session(), _actor()
    form = SendAgainForm()
    if form.validate_on_submit():
        try:
            message = admin.send_again(session, actor, outbox_id)
            commit()
        except Conflict as error:
            session.rollback()
            flash(error.message)
        else:
            flash(
                f"The e-mail to {message.to_address} will be sent again in the next few seconds.",
                "success",
            )
    return redirect(url_for("mail.problems"))
