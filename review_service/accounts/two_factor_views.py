"""The second factor's pages: the code step of signing in, recovery codes, setting up an
authenticator app, and a staff member's own "Sign-in security" page. The rules are in
accounts/two_factor.py; the "password checked, code to come" state in accounts/sessions.py."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask import session as cookie
from flask.typing import ResponseReturnValue
from flask_login import current_user

from review_service.accounts import services, sessions, two_factor
from review_service.accounts.forms import RecoveryCodeForm, SecurityCodeForm
from review_service.accounts.models import STAFF_ROLES, User
from review_service.errors import Conflict, ValidationFailed
from review_service.extensions import commit, db_session, limiter
from review_service.web import limits
from review_service.web.access import public, requires
from review_service.web.forms import apply_errors
from review_service.web.redirects import safe_next

bp = Blueprint("two_factor", __name__)

# One budget for every page that checks a code: per client address, and per account.
_limit_per_client = limiter.shared_limit(
    limits.SECOND_FACTOR, scope="second-factor", methods=["POST"]
)
_limit_per_account = limiter.shared_limit(
    limits.SECOND_FACTOR_PER_ACCOUNT,
    scope="second-factor-account",
    key_func=limits.second_factor_key,
    methods=["POST"],
)


def _not_pending() -> Any:
    """No password was given here just now (or it was too long ago): these pages are only
    for someone part-way through signing in."""
    flash("Sign in to continue. If you were part-way through, the code was not entered in time.")
    return redirect(url_for("accounts.sign_in"))


def _signing_in_with_an_app() -> tuple[User | None, Any]:
    """The person part-way through signing in, if they have an app set up; otherwise None
    and where to send them instead."""
    session = db_session()
    user = sessions.pending_user(session)
    if user is None:
        return None, _not_pending()
    if two_factor.factor_of(session, user) is None:
        return None, redirect(url_for("two_factor.set_up"))
    return user, None


def _finish_sign_in(user: User, how: str) -> Any:
    next_url = safe_next(sessions.pending_next())
    services.record_sign_in(db_session(), user, how=how)
    commit()
    sessions.begin(user, second_factor=True)
    return redirect(next_url or url_for("public.home"))


@bp.route("/sign-in/security-code", methods=["GET", "POST"])
@public
@_limit_per_client
@_limit_per_account
def code() -> ResponseReturnValue:
    session = db_session()
    user, elsewhere = _signing_in_with_an_app()
    if user is None:
        return elsewhere
    form = SecurityCodeForm()
    if form.validate_on_submit():
        try:
            two_factor.check_code(session, user, form.code.data or "")
        except ValidationFailed as error:
            session.rollback()
            apply_errors(form, error)
        else:
            return _finish_sign_in(user, "a security code")
    return render_template("accounts/security_code.html", form=form)


@bp.route("/sign-in/recovery-code", methods=["GET", "POST"])
@public
@_limit_per_client
@_limit_per_account
def recovery() -> ResponseReturnValue:
    session = db_session()
    user, elsewhere = _signing_in_with_an_app()
    if user is None:
        return elsewhere
    form = RecoveryCodeForm()
    if form.validate_on_submit():
        try:
            left = two_factor.use_recovery_code(session, user, form.code.data or "")
        except ValidationFailed as error:
            session.rollback()
            apply_errors(form, error)
        else:
            response = _finish_sign_in(user, "a recovery code")
            flash(
                f"You have {left} recovery {'code' if left == 1 else 'codes'} left. "
                "Make new ones on your sign-in security page if you are running out.",
                "success" if left > 2 else "info",
            )
            return response
    return render_template("accounts/recovery_code.html", form=form)


def _setting_up() -> tuple[User | None, bool]:
    """Who is setting an app up: the person part-way through signing in (True), or a member
    of staff who is signed in (False)."""
    session = db_session()
    user = sessions.pending_user(session)
    if user is not None:
        return user, True
    if current_user.is_authenticated:
        if not current_user.is_staff:
            abort(404)
        return current_user._get_current_object(), False
    return None, False


@bp.route("/account/security/set-up", methods=["GET", "POST"])
@public  # also for someone whose password was right but is not signed in yet
@_limit_per_client
@_limit_per_account
def set_up() -> ResponseReturnValue:
    session = db_session()
    user, signing_in = _setting_up()
    if user is None:
        return _not_pending()
    if two_factor.factor_of(session, user) is not None:
        return redirect(url_for("two_factor.code" if signing_in else "two_factor.manage"))
    form = SecurityCodeForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.confirm_setup(session, user, form.code.data or "")
        except (ValidationFailed, Conflict) as error:
            session.rollback()
            if isinstance(error, Conflict):
                error = ValidationFailed({two_factor.CODE_FIELD: error.message})
            apply_errors(form, error)
        else:
            if signing_in:
                next_url = safe_next(sessions.pending_next()) or url_for("public.home")
                services.record_sign_in(session, user, how="a security code")
                commit()
                sessions.begin(user, second_factor=True)
            else:
                next_url = url_for("two_factor.manage")
                commit()
                cookie[sessions.SECOND_FACTOR] = True
            return render_template(
                "accounts/recovery_codes.html", codes=codes, next_url=next_url, new_app=True
            )
    setup = two_factor.start_setup(session, user)
    commit()
    return render_template(
        "accounts/set_up_authenticator.html",
        form=form,
        setup=setup,
        qr_code=two_factor.qr_code(setup.uri),
        signing_in=signing_in,
    )


@bp.get("/account/security")
@requires(*STAFF_ROLES)
def manage() -> ResponseReturnValue:
    session = db_session()
    user = current_user._get_current_object()
    factor = two_factor.factor_of(session, user)
    return render_template(
        "accounts/security.html",
        factor=factor,
        required=two_factor.required_for(session, user),
        codes_left=two_factor.recovery_codes_left(session, user) if factor else 0,
    )


@bp.post("/account/security/recovery-codes")
@requires(*STAFF_ROLES)
def new_recovery_codes() -> ResponseReturnValue:
    session = db_session()
    user = current_user._get_current_object()
    try:
        codes = two_factor.replace_recovery_codes(session, user)
    except Conflict as error:
        flash(error.message)
        return redirect(url_for("two_factor.manage"))
    commit()
    return render_template(
        "accounts/recovery_codes.html",
        codes=codes,
        next_url=url_for("two_factor.manage"),
        new_app=False,
    )
