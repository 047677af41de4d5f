"""Administration pages: staff accounts, authorities (details, letterhead, policy settings) and
bank-holiday overrides. Administrators only; every change is audited by the service."""

from __future__ import annotations

import io
from dataclasses import fields
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts import two_factor
from review_service.accounts.models import Role, User
from review_service.admin import services
from review_service.admin.forms import (
    ActiveForm,
    AuthorityForm,
    DeleteForm,
    HolidayForm,
    MergeForm,
    RoleForm,
    StaffForm,
)
from review_service.domain.calendar import Regime
from review_service.domain.dates import long_date
from review_service.extensions import commit, db_session
from review_service.letters.render import LetterContent, Paragraphs, render_letter
from review_service.letters.services import letterhead_for
from review_service.mail.admin import outbox_counts
from review_service.staff.forms import options
from review_service.web.access import current_actor, requires
from review_service.web.forms import Saving
from review_service.web.links import external_url
from review_service.web.numbers import whole_number

bp = Blueprint("admin", __name__)
_SLOT = "TOKEN-SLOT"  # replaced by the real token when the e-mail is written


@bp.get("/admin")
@requires(Role.ADMIN)
def index() -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    staff = services.staff_accounts(session, actor)
    return render_template(
        "admin/index.html",
        staff_count=sum(1 for u in staff if u.is_active_account),
        authority_count=len(services.authorities(session, actor)),
        override_count=len(services.holiday_overrides(session, actor)),
        mail_failed=outbox_counts(session, actor).failed,
        service_wide=actor.authority_id is None,
    )


# -- staff accounts ------------------------------------------------------------------------


@bp.get("/admin/staff")
@requires(Role.ADMIN)
def staff() -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    return render_template("admin/staff.html", accounts=services.staff_accounts(session, actor))


@bp.route("/admin/staff/new", methods=["GET", "POST"])
@requires(Role.ADMIN)
def new_staff() -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    form = StaffForm()
    authorities = services.authorities(session, actor)
    if actor.authority_id is None:
        form.authority.choices = options(
            [
                ("", "None: sees every authority's cases"),
                *((str(a.id), a.name) for a in authorities),
            ]
        )
    else:
        form.authority.choices = options((str(a.id), a.name) for a in authorities)
    if form.validate_on_submit():
        command = services.NewStaff(
            name=form.name.data or "",
            email=form.email.data or "",
            role=form.role.data or "",
            authority_id=whole_number(form.authority.data),
        )
        url = external_url("accounts.reset_password", token=_SLOT)
        with Saving(form) as attempt:
            user = services.create_staff_account(
                session, actor, command, set_password_url=url.replace(_SLOT, "{token}")
            )
        if attempt.saved:
            flash(f"Account created for {user.name}. They have been e-mailed a link.", "success")
            return redirect(url_for("admin.staff_member", user_id=user.id))
    return render_template("admin/new_staff.html", form=form), (400 if form.errors else 200)


@bp.get("/admin/staff/<int:user_id>")
@requires(Role.ADMIN)
def staff_member(user_id: int) -> ResponseReturnValue:
    session, actor, user = _staff_account(user_id)
    return _staff_page(user, RoleForm(role=user.role), ActiveForm())


def _staff_account(user_id: int) -> tuple[Session, User, User]:
    """The session, the signed-in administrator and the staff account a page is about."""
    session, actor = db_session(), current_actor()
    return session, actor, services.staff_account(session, actor, user_id)


def _staff_page(user: User, role_form: RoleForm, active_form: ActiveForm, status: int = 200) -> Any:
    open_reviews = services.open_reviews_of(db_session(), user)
    return render_template(
        "admin/staff_member.html",
        user=user,
        second_factor=two_factor.factor_of(db_session(), user),
        second_factor_required=two_factor.required_for(db_session(), user),
        form=role_form,
        active_form=active_form,
        open_reviews=open_reviews,
        is_self=user.id == current_user.id,
    ), status


@bp.post("/admin/staff/<int:user_id>/role")
@requires(Role.ADMIN)
def change_role(user_id: int) -> ResponseReturnValue:
    session, actor, user = _staff_account(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        with Saving(form) as attempt:
            services.change_role(session, actor, user, form.role.data or "")
        if attempt.saved:
            flash(f"{user.name} is now a {Role(user.role).label.lower()}.", "success")
            return redirect(url_for("admin.staff_member", user_id=user.id))
    return _staff_page(user, form, ActiveForm(formdata=None), 400)


@bp.post("/admin/staff/<int:user_id>/active")
@requires(Role.ADMIN)
def set_active(user_id: int) -> ResponseReturnValue:
    session, actor, user = _staff_account(user_id)
    form = ActiveForm()
    if form.validate_on_submit():
        activate = not user.is_active_account
        with Saving(flash_conflicts=True) as attempt:
            pending = services.set_active(session, actor, user, active=activate)
        if attempt.saved:
            message = f"{user.name}'s account is {'active again' if activate else 'deactivated'}."
            if pending:
                message += (
                    f" They still have {pending} open "
                    + ("review" if pending == 1 else "reviews")
                    + ": reassign them."
                )
            flash(message, "success")
    return redirect(url_for("admin.staff_member", user_id=user.id))


@bp.post("/admin/staff/<int:user_id>/second-factor/reset")
@requires(Role.ADMIN)
def reset_second_factor(user_id: int) -> ResponseReturnValue:
    session, actor, user = _staff_account(user_id)
    with Saving(flash_conflicts=True) as attempt:
        services.reset_second_factor(session, actor, user)
    if attempt.saved:
        flash(
            f"{user.name}'s authenticator app and recovery codes are removed, and they are "
            "signed out. They will set up an app again when they next sign in.",
            "success",
        )
    return redirect(url_for("admin.staff_member", user_id=user.id))


# -- authorities ---------------------------------------------------------------------------


@bp.get("/admin/authorities")
@requires(Role.ADMIN)
def authorities() -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    service_wide = actor.authority_id is None
    return render_template(
        "admin/authorities.html",
        authorities=services.authorities(session, actor),
        unlisted=services.unlisted_authorities(session, actor) if service_wide else [],
        service_wide=service_wide,
    )


@bp.route("/admin/authorities/<int:authority_id>/merge", methods=["GET", "POST"])
@requires(Role.ADMIN)
def merge_authority(authority_id: int) -> ResponseReturnValue:
    """An authority a requester added is one already here under another name: merge it."""
    session, actor = db_session(), current_actor()
    services.require_service_admin(actor)
    source = services.authority(session, actor, authority_id)
    if source.is_listed:
        flash(f"{source.name} uses this service: only an authority requesters added is merged.")
        return redirect(url_for("admin.authority", authority_id=source.id))
    form = MergeForm()
    form.set_authorities(
        [(a.id, a.name) for a in services.authorities(session, actor) if a.id != source.id]
    )
    if form.validate_on_submit():
        name = source.name
        with Saving(form, flash_conflicts=True) as attempt:
            moved = services.merge_authority(session, actor, source, whole_number(form.into.data))
        if attempt.saved:
            flash(
                f"{name} was merged: {moved} "
                + ("complaint" if moved == 1 else "complaints")
                + " moved.",
                "success",
            )
            return redirect(url_for("admin.authorities"))
        if attempt.conflict:
            return redirect(url_for("admin.authority", authority_id=authority_id))
    return render_template("admin/merge_authority.html", form=form, authority=source), (
        400 if form.errors else 200
    )


def _details(form: AuthorityForm) -> services.AuthorityDetails:
    return services.AuthorityDetails(
        name=form.name.data or "",
        regime=form.regime.data or "",
        email=form.email.data or "",
        address=form.address.data or "",
        telephone=form.telephone.data or "",
        letter_footer=form.letter_footer.data or "",
        signatory_title=form.signatory_title.data or "",
        receipt_on_non_working_day_starts_next_working_day=bool(
            form.receipt_on_non_working_day_starts_next_working_day.data
        ),
        refuse_late_review_requests=bool(form.refuse_late_review_requests.data),
        review_request_window_working_days=form.review_request_window_working_days.data,
        retention_months=form.retention_months.data,
        is_listed=bool(form.is_listed.data),
        staff_two_factor_required=bool(form.staff_two_factor_required.data),
    )


@bp.route("/admin/authorities/new", methods=["GET", "POST"])
@requires(Role.ADMIN)
def new_authority() -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    services.require_service_admin(actor)
    defaults = services.AuthorityDetails(name="", regime=Regime.FOIA.value)
    form = AuthorityForm(data=_form_data(defaults)) if request.method == "GET" else AuthorityForm()
    if form.validate_on_submit():
        with Saving(form) as attempt:
            created = services.create_authority(session, actor, _details(form))
        if attempt.saved:
            flash(f"{created.name} added.", "success")
            return redirect(url_for("admin.authority", authority_id=created.id))
    return render_template("admin/authority_form.html", form=form, authority=None), (
        400 if form.errors else 200
    )


def _form_data(details: Any) -> dict[str, Any]:
    return {f.name: getattr(details, f.name) for f in fields(services.AuthorityDetails)}


@bp.route("/admin/authorities/<int:authority_id>", methods=["GET", "POST"])
@requires(Role.ADMIN)
def authority(authority_id: int) -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    target = services.authority(session, actor, authority_id)
    form = AuthorityForm(data=_form_data(target)) if request.method == "GET" else AuthorityForm()
    if form.validate_on_submit():
        with Saving(form) as attempt:
            changed = services.update_authority(session, actor, target, _details(form))
        if attempt.saved:
            flash(
                f"{target.name} updated." if changed else "Nothing was changed.",
                "success",
            )
            return redirect(url_for("admin.authority", authority_id=target.id))
    return render_template("admin/authority_form.html", form=form, authority=target), (
        400 if form.errors else 200
    )


@bp.get("/admin/authorities/<int:authority_id>/letterhead.pdf")
@requires(Role.ADMIN)
def letterhead_preview(authority_id: int) -> ResponseReturnValue:
    """A sample letter on the saved letterhead, marked as a draft."""
    session, actor = db_session(), current_actor()
    target = services.authority(session, actor, authority_id)
    pdf = render_letter(
        LetterContent(
            letterhead=letterhead_for(target),
            recipient_name="A Requester",
            recipient_address_lines=("1 Example Street", "Exampletown", "EX1 1AA"),
            recipient_email="requester@example.org",
            letter_date=clock.today(),
            our_reference="IR-0000-00000",
            request_reference="FOI-0000",
            subject="Sample letter: how your letterhead looks",
            salutation="Dear A Requester",
            sections=(
                Paragraphs(
                    "",
                    (
                        "This sample shows the letterhead, footer and signature block that "
                        "acknowledgement, extension and outcome letters use.",
                    ),
                ),
            ),
            closing="Yours sincerely",
            signatory_name="A Reviewer",
            signatory_title=target.signatory_title or "Internal reviewer",
            draft=True,
        )
    )
    response = send_file(
        io.BytesIO(pdf), mimetype="application/pdf", download_name="letterhead-sample.pdf"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


# -- bank-holiday overrides ----------------------------------------------------------------


@bp.route("/admin/holidays", methods=["GET", "POST"])
@requires(Role.ADMIN)
def holidays() -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    form = HolidayForm()
    if form.validate_on_submit():
        command = services.NewOverride(
            day=form.day.data,
            action=form.action.data or "",
            regime=form.regime.data or None,
            note=form.note.data or "",
        )
        with Saving(form) as attempt:
            override = services.add_holiday_override(session, actor, command)
        if attempt.saved:
            flash(f"Change for {long_date(override.day)} added.", "success")
            return redirect(url_for("admin.holidays"))
    return render_template(
        "admin/holidays.html",
        form=form,
        overrides=services.holiday_overrides(session, actor),
        delete_form=DeleteForm(formdata=None),
        service_wide=actor.authority_id is None,
        Regime=Regime,
    ), (400 if form.errors else 200)


@bp.post("/admin/holidays/<int:override_id>/delete")
@requires(Role.ADMIN)
def delete_holiday(override_id: int) -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    form = DeleteForm()
    if form.validate_on_submit():
        removed = services.delete_holiday_override(session, actor, override_id)
        commit()
        flash(f"Change for {long_date(removed.day)} deleted.", "success")
    return redirect(url_for("admin.holidays"))
