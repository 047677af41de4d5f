"""Pages for the regulator stage.

Requesters: prepare the complaint to the ICO (or application to the SIC) for their own case,
download it as one PDF or a ZIP, and say when they have sent it.
Caseworkers and admins: record the regulator's investigation, download the authority's
submission, and record the decision notice, compliance, any tribunal appeal and closure.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import CASEWORK_ROLES, Role
from review_service.cases import clocks
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.cases.policy import case_for
from review_service.domain.lifecycle import CaseStatus
from review_service.domain.regimes import rules_for
from review_service.domain.regulators import Regulator, regulator_for
from review_service.errors import Conflict, StaleCase, ValidationFailed
from review_service.extensions import commit, db_session
from review_service.regulator import pack_pdf as bundles
from review_service.regulator import queries, services
from review_service.regulator.chronology import build_chronology, review_name
from review_service.regulator.forms import (
    DN_OUTCOME_LABELS,
    CloseForm,
    ComplianceForm,
    PackForm,
    RegulatorDetailsForm,
    appeal_form,
    appeal_outcome_form,
    decision_notice_form,
)
from review_service.regulator.pack_answers import ANSWER_FIELDS, current_answers, suggestions
from review_service.regulator.pack_bundles import build_authority_submission, build_complaint_pack
from review_service.regulator.pack_documents import (
    document_checklist,
    held_documents,
    large_files,
    plain_name,
)
from review_service.web.access import requires
from review_service.web.forms import apply_errors

bp = Blueprint("regulator", __name__)


def _form_error(form: Any, message: str, field: str | None = None) -> None:
    apply_errors(form, ValidationFailed({field or "_form": message}))


def _record(
    session: Session,
    case: Case,
    form: Any,
    done: str,
    service: Callable[..., object],
    *args: object,
    id_map: dict[str, str] | None = None,
    **fields: object,
) -> Any | None:
    """Make a staff change to the regulator stage, ``service(session, actor, case, *args,
    **fields, expected_version=...)`` with the form's case version: commit, say ``done`` and go
    back to the stage page; if the services refuse it, roll back, show why on the form and
    return None."""
    try:
        service(
            session, current_user, case, *args, expected_version=form.expected_version, **fields
        )
        commit()
    except StaleCase as error:
        # Someone else saved the case first: keep what was typed, take the case's new
        # version (the rollback expired the case, so reading it reloads it), say why.
        session.rollback()
        form.version.data = str(case.version)
        form.version.raw_data = [form.version.data]
        form.version.errors = [error.message]
    except ValidationFailed as error:
        session.rollback()
        apply_errors(form, error, id_map)
    except Conflict as error:
        session.rollback()
        _form_error(form, error.message)
    else:
        flash(done, "success")
        return redirect(url_for(".case", reference=case.reference))
    return None


def _download(content: bytes, filename: str, mimetype: str = "application/pdf") -> Any:
    return send_file(
        io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=filename
    )


# ---------------------------------------------------------------------------------------------
# Requester: the complaint pack


@bp.route("/complaints/<reference>/regulator", methods=["GET", "POST"])
@requires(Role.REQUESTER)
def pack(reference: str) -> Any:
    session = db_session()
    case = case_for(session, current_user, reference)
    today = clock.today()
    referral = queries.referral_for(session, case)
    closed = services.pack_closed(case)
    if closed is not None:
        if request.method == "POST":
            flash(closed)
            return redirect(url_for(".pack", reference=case.reference))
        return render_template(
            "regulator/pack_closed.html",
            page_title=_pack_title(regulator_for(case.regime)),
            case=case,
            closed=closed,
            referral=referral,
            regulator=regulator_for(case.regime),
            short=plain_name(regulator_for(case.regime)),
        )
    answers = current_answers(session, case)
    form = PackForm(
        complaint_word=regulator_for(case.regime).complaint_word,
        data={
            "challenge_text": answers.challenge_text,
            "conduct_text": answers.conduct_text,
            "previous_reference": case.previous_regulator_reference,
        },
    )
    if referral is not None and request.method == "POST":
        flash(services.answers_locked(case))
        return redirect(url_for(".pack", reference=case.reference))
    if form.validate_on_submit():
        # "Use this suggestion": the drafted answer becomes theirs by their action, with what
        # they typed in the other answer kept (issue 12 item 11).
        used = request.form.get("use_suggestion", "")
        if used in ANSWER_FIELDS:
            drafted = suggestions(session, case, today=today).get(used)
            if drafted:
                getattr(form, used).data = drafted
        challenge = form.challenge_text.data or ""
        conduct = form.conduct_text.data or ""
        try:
            services.update_pack_answers(
                session,
                current_user,
                case,
                challenge_text=challenge,
                conduct_text=conduct,
                previous_reference=form.previous_reference.data or "",
            )
            if form.sent.data:
                services.refer(
                    session,
                    current_user,
                    case,
                    challenge_text=challenge,
                    conduct_text=conduct,
                    referred_on=form.referred_on.data,
                )
            commit()
        except ValidationFailed as error:
            session.rollback()
            apply_errors(form, error)
        except Conflict as error:
            session.rollback()
            _form_error(form, error.message, "referred_on")
        else:
            regulator = regulator_for(case.regime)
            if used in ANSWER_FIELDS and not form.sent.data:
                label = getattr(form, used).label.text
                flash(
                    f"The suggestion is now your answer to “{label}”. Change it as you need, "
                    "then save your answers.",
                    "success",
                )
                return redirect(url_for(".pack", reference=case.reference, _anchor=used))
            flash(
                f"You have told us you sent your {regulator.complaint_word} to the "
                f"{regulator.name}."
                if form.sent.data
                else "Your answers have been saved.",
                "success",
            )
            return redirect(url_for(".pack", reference=case.reference))
    return render_template("regulator/pack.html", **_pack_context(session, case, form, today))


def _pack_title(regulator: Regulator) -> str:
    """ "Take your complaint to the Information Commissioner's Office"; "Apply to the Scottish
    Information Commissioner" (FOISA s.47: an application, not a complaint)."""
    return f"{regulator.take_it_to} the {regulator.name}"


def _pack_context(session: Session, case: Case, form: PackForm, today: dt.date) -> dict[str, Any]:
    regulator = regulator_for(case.regime)
    held = held_documents(session, case, render=False)
    checklist = document_checklist(session, case, held=held)
    return {
        "page_title": _pack_title(regulator),
        "case": case,
        "form": form,
        "regulator": regulator,
        "rules": rules_for(case.regime),
        "short": plain_name(regulator),
        "check": services.eligibility(session, case, today=today),
        "referral": queries.referral_for(session, case),
        "checklist": checklist,
        "missing": [item for item in checklist if item.missing],
        "unusable": [d for d in held if d.problem],
        "large_files": large_files(held, regulator),
        "suggestions": suggestions(session, case, today=today),
        "review": review_name(case.regime),
    }


@bp.get("/complaints/<reference>/regulator/pack.pdf")
@requires(Role.REQUESTER)
def pack_pdf(reference: str) -> Any:
    return _pack_file(reference, bundles.render_pack, "PDF", "pdf", "application/pdf")


@bp.get("/complaints/<reference>/regulator/pack.zip")
@requires(Role.REQUESTER)
def pack_zip(reference: str) -> Any:
    def make(bundle: Any) -> bytes:
        content, _warnings = bundles.pack_zip(bundle)
        return content

    return _pack_file(reference, make, "ZIP file", "zip", "application/zip")


def _pack_file(
    reference: str, make: Callable[[Any], bytes], what: str, extension: str, mimetype: str
) -> Any:
    """The requester's complaint pack as one file (``make`` writes it from the pack), or back
    to the pack page saying why not."""
    session = db_session()
    case = case_for(session, current_user, reference)
    if (closed := services.pack_closed(case)) is not None:
        flash(closed)
        return redirect(url_for(".pack", reference=case.reference))
    bundle = build_complaint_pack(session, case, today=clock.today())
    try:
        content = make(bundle)
    except ValueError as error:
        flash(f"We could not make the {what}: {error}")
        return redirect(url_for(".pack", reference=case.reference))
    regulator = regulator_for(case.regime)
    name = f"{case.reference}-{regulator.code}-{regulator.complaint_word}.{extension}"
    return _download(content, name, mimetype)


# ---------------------------------------------------------------------------------------------
# Staff: the regulator stage of a case


def _staff_case(reference: str) -> tuple[Session, Case]:
    session = db_session()
    return session, case_for(session, current_user, reference)


@bp.get("/staff/cases/<reference>/regulator", endpoint="case")
@requires(*CASEWORK_ROLES)
def stage(reference: str) -> Any:
    session, case = _staff_case(reference)
    today = clock.today()
    regulator = regulator_for(case.regime)
    notice = queries.decision_notice_for(session, case)
    appeal = queries.appeal_for(session, case)
    status = CaseStatus(case.status)
    appeal_basis = None
    if notice is not None and notice.appeal_due_on is not None:
        appeal_basis = clocks.clocks_for(session, case).decision_appeal(notice).basis
    compliance_basis = None
    if notice is not None and notice.compliance_due_on is not None and notice.compliance_days:
        compliance_basis = clocks.compliance_basis(case, notice)
    return render_template(
        "regulator/staff_case.html",
        page_title=f"{regulator.name}: {case.reference}",
        case=case,
        regulator=regulator,
        status=status,
        check=services.eligibility(session, case, today=today),
        referral=queries.referral_for(session, case),
        notice=notice,
        appeal=appeal,
        appeal_basis=appeal_basis,
        compliance_basis=compliance_basis,
        chronology=build_chronology(session, case, today=today),
        staff_case_url=url_for("staff.case", reference=case.reference),
        dn_labels=DN_OUTCOME_LABELS,
        route=rules_for(case.regime).appeal,
        today=today,
    )


@bp.route("/staff/cases/<reference>/regulator/details", methods=["GET", "POST"])
@requires(*CASEWORK_ROLES)
def details(reference: str) -> Any:
    session, case = _staff_case(reference)
    referral = queries.referral_for(session, case)
    form = RegulatorDetailsForm(
        data={
            "version": case.version,
            "regulator_reference": referral.regulator_reference if referral else "",
            "investigation_letter_on": referral.investigation_letter_on if referral else None,
            "submission_due_on": referral.submission_due_on if referral else None,
        }
    )
    if referral is None:
        form.referred_on.required_message = "Enter the date the requester complained"
    if form.validate_on_submit():

        def save(session: Session, actor: Any, case: Case, *, expected_version: int | None) -> None:
            if referral is None:
                services.refer(
                    session,
                    actor,
                    case,
                    referred_on=form.referred_on.data,
                    expected_version=expected_version,
                )
            services.record_regulator_details(
                session,
                actor,
                case,
                regulator_reference=form.regulator_reference.data or "",
                investigation_letter_on=form.investigation_letter_on.data,
                submission_due_on=form.submission_due_on.data,
                expected_version=None if referral is None else expected_version,
            )

        done = _record(session, case, form, "The regulator's details have been saved.", save)
        if done:
            return done
    return render_template(
        "regulator/details.html",
        page_title="Record the regulator's investigation",
        case=case,
        form=form,
        referral=referral,
        regulator=regulator_for(case.regime),
    )


@bp.get("/staff/cases/<reference>/regulator/submission.pdf")
@requires(*CASEWORK_ROLES)
def submission_pdf(reference: str) -> Any:
    session, case = _staff_case(reference)
    bundle = build_authority_submission(session, case, today=clock.today())
    try:
        content = bundles.render_pack(bundle)
    except ValueError as error:
        flash(f"We could not make the submission: {error}")
        return redirect(url_for(".case", reference=case.reference))
    return _download(content, f"{case.reference}-submission.pdf")


def _dn_provisions(case: Case) -> list[tuple[str, str]]:
    provisions = [(p.provision, p.title) for p in case.refusal_notice.provisions]
    seen = {code for code, _ in provisions}
    provisions += [
        (code, title)
        for code, title in rules_for(case.regime).procedural_provisions
        if code not in seen
    ]
    return provisions


@bp.route("/staff/cases/<reference>/regulator/decision-notice", methods=["GET", "POST"])
@requires(*CASEWORK_ROLES)
def decision_notice(reference: str) -> Any:
    session, case = _staff_case(reference)
    provisions = _dn_provisions(case)
    form = decision_notice_form(
        provisions,
        rules_for(case.regime).appeal,
        regulator_for(case.regime),
        data={"version": case.version},
    )
    if form.validate_on_submit():
        findings: list[tuple[str, str]] = []
        fields: list[str] = []
        for i, (code, _title) in enumerate(provisions):
            outcome = getattr(form, f"finding_{i}").data
            if outcome:
                findings.append((code, outcome))
                fields.append(f"finding_{i}")
        command = services.DecisionNoticeInput(
            kind=form.kind.data or "",
            issued_on=form.issued_on.data,
            reference=form.reference.data or "",
            findings=tuple(findings),
            steps_required=form.steps_required.data or "",
            compliance_days=form.compliance_days.data,
        )
        done = _record(
            session,
            case,
            form,
            "The regulator's decision has been recorded.",
            services.record_decision_notice,
            command,
            id_map={f"findings-{i}": name for i, name in enumerate(fields)},
        )
        if done:
            return done
    return render_template(
        "regulator/decision_notice.html",
        page_title="Record the regulator's decision",
        case=case,
        form=form,
        regulator=regulator_for(case.regime),
        default_days=rules_for(case.regime).appeal.default_compliance_days,
    )


@bp.route("/staff/cases/<reference>/regulator/compliance", methods=["GET", "POST"])
@requires(*CASEWORK_ROLES)
def compliance(reference: str) -> Any:
    session, case = _staff_case(reference)
    notice = queries.decision_notice_for(session, case)
    form = ComplianceForm(data={"version": case.version})
    if form.validate_on_submit():
        assert form.complied_on.data is not None
        done = _record(
            session,
            case,
            form,
            "Compliance with the decision has been recorded.",
            services.record_compliance,
            complied_on=form.complied_on.data,
        )
        if done:
            return done
    return render_template(
        "regulator/compliance.html",
        page_title="Record compliance with the decision",
        case=case,
        form=form,
        notice=notice,
    )


@bp.route("/staff/cases/<reference>/regulator/appeal", methods=["GET", "POST"])
@requires(*CASEWORK_ROLES)
def appeal(reference: str) -> Any:
    session, case = _staff_case(reference)
    notice = queries.decision_notice_for(session, case)
    route = rules_for(case.regime).appeal
    form = appeal_form(route, data={"version": case.version})
    if form.validate_on_submit():
        assert form.lodged_on.data is not None
        done = _record(
            session,
            case,
            form,
            "The appeal has been recorded.",
            services.appeal,
            appellant=form.appellant.data or "",
            lodged_on=form.lodged_on.data,
            tribunal_reference=form.tribunal_reference.data or "",
        )
        if done:
            return done
    return render_template(
        "regulator/appeal.html",
        page_title=f"Record an appeal to the {route.court}",
        case=case,
        form=form,
        notice=notice,
        route=route,
        deadline=(
            clocks.clocks_for(session, case).decision_appeal(notice) if notice is not None else None
        ),
    )


@bp.route("/staff/cases/<reference>/regulator/tribunal-outcome", methods=["GET", "POST"])
@requires(*CASEWORK_ROLES)
def tribunal_outcome(reference: str) -> Any:
    session, case = _staff_case(reference)
    route = rules_for(case.regime).appeal
    form = appeal_outcome_form(route, data={"version": case.version})
    if form.validate_on_submit():
        assert form.outcome_on.data is not None
        done = _record(
            session,
            case,
            form,
            f"The {route.short_court}'s decision has been recorded.",
            services.record_tribunal_outcome,
            outcome=form.outcome.data or "",
            outcome_on=form.outcome_on.data,
        )
        if done:
            return done
    return render_template(
        "regulator/tribunal_outcome.html",
        page_title=f"Record the {route.short_court}'s decision",
        case=case,
        form=form,
        route=route,
        appeal=queries.appeal_for(session, case),
    )


@bp.route("/staff/cases/<reference>/regulator/close", methods=["GET", "POST"])
@requires(*CASEWORK_ROLES)
def close(reference: str) -> Any:
    session, case = _staff_case(reference)
    form = CloseForm(data={"version": case.version})
    if form.validate_on_submit():
        done = _record(
            session,
            case,
            form,
            f"Case {case.reference} has been closed.",
            cases.close,
            reason=form.reason.data or "",
            without_compliance=bool(form.without_compliance.data),
        )
        if done:
            return done
    return render_template(
        "regulator/close.html",
        page_title="Close the case",
        case=case,
        form=form,
        outstanding=services.outstanding_steps(session, case),
    )
