"""Sign in and out, register, confirm e-mail, reset a password, manage API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from review_service.accounts import services
from review_service.accounts.forms import (
    ForgotPasswordForm,
    RegisterForm,
    ResetPasswordForm,
    SignInForm,
    TokenForm,
)
from review_service.accounts.models import ApiToken
from review_service.errors import Conflict, NotFound, ValidationFailed
from review_service.extensions import commit, db_session, limiter
from review_service.web.access import public, requires
from review_service.web.forms import apply_errors

bp = Blueprint("accounts", __name__)
_SLOT = "TOKEN-SLOT"  # replaced by the real token when the e-mail is written


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute", methods=["POST"])
def sign_in():  # type: ignore[no-untyped-def]
    form = SignInForm()
    if form.validate_on_submit():
        session = db_session()
        user = services.authenticate(session, form.email.data or "", form.password.data or "")
        if user is None:
            form.email.errors = ["Enter a correct e-mail address and password"]
        else:
            commit()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("public.home"))
    return render_template("accounts/sign_in.html", form=form)


@bp.post("/sign-out")
@requires()
def sign_out():  # type: ignore[no-untyped-def]
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("public.home"))


@bp.route("/register", methods=["GET", "POST"])
@public
@limiter.limit("10 per hour", methods=["POST"])
def register():  # type: ignore[no-untyped-def]
    form = RegisterForm()
    if form.validate_on_submit():
        command = services.Registration(
            form.name.data or "", form.email.data or "", form.password.data or ""
        )
        try:
            user = services.register(db_session(), command, confirm_url=_confirm_url())
        except ValidationFailed as error:
            apply_errors(form, error)
        else:
            commit()
            login_user(user)
            flash(
                f"We have sent a link to {user.email}. Open it to confirm your e-mail address.",
                "success",
            )
            return redirect(_safe_next(request.args.get("next")) or url_for("complaints.index"))
    return render_template("accounts/register.html", form=form)


def _confirm_url() -> str:
    return url_for("accounts.confirm", token=_SLOT, _external=True).replace(_SLOT, "{token}")


@bp.get("/confirm/<token>")
@public
def confirm(token: str):  # type: ignore[no-untyped-def]
    try:
        services.confirm_email(db_session(), token)
    except (NotFound, Conflict) as error:
        return render_template("accounts/link_problem.html", message=error.message), 400
    commit()
    flash("Your e-mail address is confirmed.", "success")
    return redirect(url_for("public.home"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
@limiter.limit("5 per hour", methods=["POST"])
def forgot_password():  # type: ignore[no-untyped-def]
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        reset_url = url_for("accounts.reset_password", token=_SLOT, _external=True).replace(
            _SLOT, "{token}"
        )
        services.request_password_reset(db_session(), form.email.data or "", reset_url=reset_url)
        commit()
        return render_template("accounts/reset_sent.html", email=form.email.data)
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):  # type: ignore[no-untyped-def]
    session = db_session()
    try:
        services.user_for_reset_token(session, token)
    except (NotFound, Conflict) as error:
        return render_template("accounts/link_problem.html", message=error.message), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(session, token, form.password.data or "")
        except ValidationFailed as error:
            apply_errors(form, error)
        else:
            commit()
            login_user(user)
            flash("Your password has been changed.", "success")
            return redirect(url_for("public.home"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/account/tokens", methods=["GET", "POST"])
@requires()
def tokens():  # type: ignore[no-untyped-def]
    session = db_session()
    form = TokenForm()
    new_secret = None
    if form.validate_on_submit():
        try:
            _token, new_secret = services.create_api_token(
                session, current_user, form.name.data or ""
            )
        except ValidationFailed as error:
            apply_errors(form, error)
        else:
            commit()
            form = TokenForm(formdata=None)
    rows = session.scalars(
        select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.created_at)
    ).all()
    return render_template("accounts/tokens.html", form=form, tokens=rows, new_secret=new_secret)


@bp.post("/account/tokens/<int:token_id>/revoke")
@requires()
def revoke_token(token_id: int):  # type: ignore[no-untyped-def]
    services.revoke_api_token(db_session(), current_user, token_id)
    commit()
    flash("The token has been revoked.", "success")
    return redirect(url_for("accounts.tokens"))
