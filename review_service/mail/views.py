"""Pages about e-mail: administrators' view of failed and delayed messages (send again), and
a requester asking for their confirmation e-mail again."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms.validators import InputRequired

from review_service.accounts.models import Role
from review_service.errors import ValidationFailed
from review_service.extensions import commit, db_session, limiter
from review_service.mail import admin
from review_service.mail.confirmation import Links, ask_for_confirmation_again
from review_service.web import limits
from review_service.web.access import current_actor, public, requires
from review_service.web.fields import GovEmailField, GovSubmitField
from review_service.web.forms import Saving, apply_errors
from review_service.web.links import external_url

bp = Blueprint("mail", __name__)


class SendAgainForm(FlaskForm):
    """The CSRF token of each row's button."""


class ConfirmAgainForm(FlaskForm):
    email = GovEmailField(
        "E-mail address",
        validators=[InputRequired(message="Enter your e-mail address")],
    )
    submit = GovSubmitField("Send me a new link")


@bp.get("/admin/mail")
@requires(Role.ADMIN)
def problems() -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    return render_template(
        "mail/problems.html",
        problems=admin.problem_messages(session, actor),
        counts=admin.outbox_counts(session, actor),
        delayed_after=int(admin.DELAYED_AFTER.total_seconds() // 60),
        service_wide=actor.authority_id is None,
    )


@bp.post("/admin/mail/<int:outbox_id>/send-again")
@requires(Role.ADMIN)
def send_again(outbox_id: int) -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    form = SendAgainForm()
    if form.validate_on_submit():
        with Saving(flash_conflicts=True) as attempt:
            message = admin.send_again(session, actor, outbox_id)
        if attempt.saved:
            flash(
                f"The e-mail to {message.to_address} will be sent again in the next few seconds.",
                "success",
            )
    return redirect(url_for("mail.problems"))


# -- a requester's confirmation e-mail, again ------------------------------------------------

_SLOT = "TOKEN-SLOT"  # replaced by the real token when the e-mail is written


def _links() -> Links:
    def link(endpoint: str, **values: str) -> str:
        # From BASE_URL, never the request's Host: anyone may ask for this e-mail to be sent
        # to any address.
        return external_url(endpoint, **values).replace(_SLOT, "{token}")

    return Links(
        confirm=link("accounts.confirm", token=_SLOT),
        sign_in=link("accounts.sign_in"),
        register=link("accounts.register"),
        forgot_password=link("accounts.forgot_password"),
    )


@bp.route("/confirm-email/send-again", methods=["GET", "POST"])
@public
@limiter.limit(limits.CONFIRM_AGAIN, methods=["POST"])
@limiter.limit(limits.CONFIRM_AGAIN_PER_ACCOUNT, key_func=limits.account_key, methods=["POST"])
def confirmation_again() -> ResponseReturnValue:
    form = ConfirmAgainForm()
    if form.validate_on_submit():
        try:
            address = ask_for_confirmation_again(
                db_session(), form.email.data or "", links=_links()
            )
        except ValidationFailed as error:
            apply_errors(form, error)
        else:
            commit()
            # The same page for every address: the e-mail says the rest.
            return render_template("mail/confirmation_sent.html", email=address)
    return render_template("mail/confirmation_again.html", form=form), (400 if form.errors else 200)
