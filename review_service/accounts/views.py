"""Sign in and out, register, confirm e-mail, reset a password, manage API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from review_service.accounts import services, sessions, two_factor
from review_service.accounts.email_addresses import email_address_errors
from review_service.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    RegisterForm,
    ResetPasswordForm,
    SignInForm,
    TokenForm,
)
from review_service.accounts.queries import api_tokens_of
from review_service.errors import Conflict, NotFound, ValidationFailed
from review_service.extensions import commit, db_session, limiter
from review_service.web import limits
from review_service.web.access import public, requires
from review_service.web.forms import apply_errors
from review_service.web.links import external_url
from review_service.web.redirects import safe_next

bp = Blueprint("accounts", __name__)
_SLOT = "TOKEN-SLOT"  # replaced by the real token when the e-mail is written


def _next() -> str | None:
    return safe_next(request.args.get("next"))


def _link(endpoint: str, **values: str | None) -> str:
    """An absolute link for an e-mail, with ``{token}`` where the token goes."""
    return external_url(endpoint, **values).replace(_SLOT, "{token}")


def _confirm_url(next_url: str | None = None) -> str:
    return _link("accounts.confirm", token=_SLOT, next=next_url)


def _links(next_url: str | None) -> services.Links:
    return services.Links(
        confirm=_confirm_url(next_url),
        set_password=_link("accounts.reset_password", token=_SLOT),
        sign_in=_link("accounts.sign_in"),
        forgot_password=_link("accounts.forgot_password"),
    )


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(limits.SIGN_IN, methods=["POST"])
@limiter.limit(limits.SIGN_IN_PER_ACCOUNT, key_func=limits.account_key, methods=["POST"])
def sign_in() -> ResponseReturnValue:
    form = SignInForm()
    if form.validate_on_submit():
        session = db_session()
        address, errors = email_address_errors(form.email.data or "")
        outcome = None
        if errors:
            form.email.errors = [errors["email"]]
        else:
            outcome = services.authenticate(session, address, form.password.data or "")
            if outcome is None:
                form.email.errors = ["Enter a correct e-mail address and password"]
        if outcome is not None and outcome.needs_confirmation:
            services.resend_confirmation(session, outcome.user, confirm_url=_confirm_url(_next()))
            commit()
            form.email.errors = [
                "Confirm your e-mail address before you sign in. We have sent a new link to "
                f"{outcome.user.email}"
            ]
        elif outcome is not None:
            if two_factor.needed(session, outcome.user):
                commit()  # a password hash brought up to date
                # Not signed in yet: the code comes next (accounts/two_factor_views.py).
                sessions.begin_pending(outcome.user, _next())
                return redirect(url_for("two_factor.code"))
            services.record_sign_in(session, outcome.user)
            commit()
            sessions.begin(outcome.user)
            return redirect(_next() or url_for("public.home"))
    return render_template("accounts/sign_in.html", form=form, next_url=_next())


@bp.post("/sign-out")
@requires()
def sign_out() -> ResponseReturnValue:
    sessions.end(db_session(), current_user._get_current_object())
    commit()
    flash("You have signed out.", "success")
    return redirect(url_for("public.home"))


@bp.route("/register", methods=["GET", "POST"])
@public
@limiter.limit(limits.REGISTER, methods=["POST"])
@limiter.limit(limits.REGISTER_PER_ACCOUNT, key_func=limits.account_key, methods=["POST"])
def register() -> ResponseReturnValue:
    form = RegisterForm()
    if form.validate_on_submit():
        command = services.Registration(
            form.name.data or "", form.email.data or "", form.password.data or ""
        )
        try:
            address = services.register(db_session(), command, links=_links(_next()))
        except ValidationFailed as error:
            apply_errors(form, error)
        else:
            commit()
            # The same page whoever owns the address: the e-mail says the rest.
            return render_template("accounts/check_email.html", email=address)
    return render_template("accounts/register.html", form=form, next_url=_next())


@bp.get("/confirm/<token>")
@public
def confirm(token: str) -> ResponseReturnValue:
    try:
        services.confirm_email(db_session(), token)
    except (NotFound, Conflict) as error:
        return render_template("accounts/link_problem.html", message=error.message), 400
    commit()
    # Confirming is not signing in: a link must not sign a browser in to someone's account
    # (or to an attacker's, in the browser of whoever was sent it).
    return render_template("accounts/confirmed.html", next_url=_next())


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
@limiter.limit(limits.FORGOT_PASSWORD, methods=["POST"])
@limiter.limit(limits.FORGOT_PASSWORD_PER_ACCOUNT, key_func=limits.account_key, methods=["POST"])
def forgot_password() -> ResponseReturnValue:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        reset_url = _link("accounts.reset_password", token=_SLOT)
        try:
            address = services.request_password_reset(
                db_session(), form.email.data or "", reset_url=reset_url
            )
        except ValidationFailed as error:
            apply_errors(form, error)
        else:
            commit()
            return render_template("accounts/reset_sent.html", email=address)
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str) -> ResponseReturnValue:
    session = db_session()
    try:
        user = services.user_for_reset_token(session, token)
    except (NotFound, Conflict) as error:
        return render_template("accounts/link_problem.html", message=error.message), 400
    first_password = user.password_hash is None or user.email_confirmed_at is None
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(session, token, form.password.data or "")
        except ValidationFailed as error:
            apply_errors(form, error)
        else:
            message = (
                "Your password has been set."
                if first_password
                else "Your password has been changed."
            )
            if two_factor.needed(session, user):
                # A reset link proves the mailbox, not the second factor.
                commit()
                sessions.begin_pending(user, None)
                flash(message, "success")
                return redirect(url_for("two_factor.code"))
            commit()
            sessions.begin(user)
            flash(message, "success")
            return redirect(url_for("public.home"))
    return render_template("accounts/reset_password.html", form=form, first_password=first_password)


@bp.route("/account/password", methods=["GET", "POST"])
@requires()
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(
                db_session(), user, form.current_password.data or "", form.new_password.data or ""
            )
        except ValidationFailed as error:
            apply_errors(form, error)
        else:
            second_factor = sessions.passed_second_factor()
            commit()
            # Every other session has ended; this browser carries on in a new one.
            sessions.begin(user, second_factor=second_factor)
            flash(
                "Your password has been changed. You have been signed out everywhere else.",
                "success",
            )
            return redirect(url_for("accounts.tokens"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/account/tokens", methods=["GET", "POST"])
@requires()
def tokens() -> ResponseReturnValue:
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
    rows = api_tokens_of(session, current_user)
    return render_template("accounts/tokens.html", form=form, tokens=rows, new_secret=new_secret)


@bp.post("/account/tokens/<int:token_id>/revoke")
@requires()
def revoke_token(token_id: int) -> ResponseReturnValue:
    services.revoke_api_token(db_session(), current_user, token_id)
    commit()
    flash("The token has been revoked.", "success")
    return redirect(url_for("accounts.tokens"))
