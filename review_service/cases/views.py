"""The requester's pages: make a complaint one question at a time, then follow it.

The answers are saved in a ComplaintDraft after every page (cases/drafts.py), so a requester
can leave and come back; "Check your answers" files the complaint with
cases.services.file_case, which also queues the acknowledgement e-mail with a PDF copy.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue

from review_service import clock
from review_service.accounts.models import CASEWORK_ROLES, Role
from review_service.audit.services import timeline_rows
from review_service.cases import drafts, queries, services
from review_service.cases.clocks import clocks_for
from review_service.cases.forms import (
    OTHER_AUTHORITY,
    REGIME_HINTS,
    AddProvisionForm,
    AuthorityForm,
    CheckForm,
    ConfirmForm,
    FindingsForm,
    GroundOption,
    LawForm,
    RequestForm,
    ResendForm,
    ResponseForm,
    WithdrawForm,
    grounds_form,
)
from review_service.cases.models import Case
from review_service.cases.notifications import (
    complaint_pdf as complaint_as_filed,
)
from review_service.cases.notifications import (
    delivery_to_authority,
    regulator_name,
)
from review_service.cases.policy import case_for
from review_service.cases.progress import requester_progress
from review_service.documents import services as documents
from review_service.domain.calendar import Regime, SkippedDay
from review_service.domain.dates import long_date
from review_service.domain.exemptions import choices as catalogue_choices
from review_service.domain.exemptions import is_absolute, lookup
from review_service.domain.lifecycle import CaseStatus
from review_service.domain.regimes import rules_for
from review_service.domain.regulators import regulator_for
from review_service.domain.review import GENERAL_GROUNDS, GroundKind
from review_service.errors import Conflict, ValidationFailed
from review_service.extensions import commit, db_session
from review_service.letters.queries import letter_of, letter_rows
from review_service.letters.services import letter_filename
from review_service.web.access import current_actor, requires
from review_service.web.forms import apply_errors
from review_service.web.numbers import whole_number

bp = Blueprint("complaints", __name__)

STEP_ENDPOINTS = {
    "authority": "complaints.authority",
    "law": "complaints.law",
    "request": "complaints.original_request",
    "response": "complaints.response",
    "findings": "complaints.findings",
    "grounds": "complaints.grounds",
    "check": "complaints.check",
}

GROUND_HINTS = {
    GroundKind.MORE_INFORMATION_HELD: (
        "For example, you know of documents or records it did not mention."
    ),
    GroundKind.LATE_RESPONSE: "It took longer than 20 working days to respond.",
    GroundKind.INADEQUATE_NOTICE: (
        "For example, it did not say which exemption covers which information, or why the "
        "public interest favours keeping the information back."
    ),
    GroundKind.NO_ADVICE_AND_ASSISTANCE: (
        "For example, it refused on cost grounds without suggesting how to narrow your request."
    ),
    GroundKind.OTHER: "",
}


def _answers() -> dict[str, Any]:
    return drafts.answers_of(db_session(), current_actor())


def _step_url(step: str | None) -> str:
    return url_for(STEP_ENDPOINTS[step or "check"])


def _go_on(answers: dict[str, Any]) -> Any:
    """After a page is saved: the next unanswered question, else Check your answers."""
    return redirect(_step_url(drafts.next_step(answers)))


def _back(answers: dict[str, Any], step: str) -> str:
    previous = drafts.previous_step(answers, step)
    return _step_url(previous) if previous else url_for("complaints.index")


def _not_yet(answers: dict[str, Any], step: str) -> Any | None:
    """Send the requester to the first unanswered question if this one is not reachable yet."""
    if drafts.may_visit(answers, step):
        return None
    return redirect(_step_url(drafts.next_step(answers)))


def _save(changes: dict[str, Any], *, step: str | None, undo: tuple[str, ...] = ()) -> Any:
    answers = drafts.save_answers(db_session(), current_actor(), changes, step=step, undo=undo)
    commit()
    return answers


# -- starting --------------------------------------------------------------------------------


@bp.get("/complaints/new")
@requires(Role.REQUESTER)
def start() -> ResponseReturnValue:
    # The start of the journey, linked from the home page. Someone signed out is sent to sign
    # in (or on to register) with ?next= pointing back here; a requester with answers saved
    # carries on from the first question not yet answered.
    return _go_on(_answers())


@bp.route("/complaints/new/delete", methods=["GET", "POST"])
@requires(Role.REQUESTER)
def discard() -> ResponseReturnValue:
    form = ConfirmForm()
    if form.validate_on_submit():
        drafts.discard(db_session(), current_actor())
        commit()
        flash("Your answers have been deleted.", "success")
        return redirect(url_for("complaints.index"))
    return render_template("complaints/discard.html", form=form)


# -- the questions ---------------------------------------------------------------------------


@bp.route("/complaints/new/authority", methods=["GET", "POST"])
@requires(Role.REQUESTER)
def authority() -> ResponseReturnValue:
    session = db_session()
    answers = _answers()
    form = AuthorityForm()
    form.set_authorities([(a.id, a.name) for a in queries.listed_authorities(session)])
    if form.validate_on_submit():
        if form.authority.data == OTHER_AUTHORITY:
            changes: dict[str, Any] = {
                "authority_id": None,
                "other_authority_name": " ".join((form.other_authority_name.data or "").split()),
                "other_authority_email": form.other_authority_email.data or "",
            }
        else:
            changes = {
                "authority_id": int(form.authority.data or 0),
                "other_authority_name": "",
                "other_authority_email": "",
            }
        return _go_on(_save(changes, step="authority"))
    if request.method == "GET":
        if isinstance(answers.get("authority_id"), int):
            form.authority.data = str(answers["authority_id"])
        elif answers.get("other_authority_name"):
            form.authority.data = OTHER_AUTHORITY
            form.other_authority_name.data = answers["other_authority_name"]
            form.other_authority_email.data = answers.get("other_authority_email", "")
    return render_template(
        "complaints/authority.html", form=form, back_url=url_for("complaints.index")
    )


@bp.route("/complaints/new/law", methods=["GET", "POST"])
@requires(Role.REQUESTER)
def law() -> ResponseReturnValue:
    answers = _answers()
    if (detour := _not_yet(answers, "law")) is not None:
        return detour
    form = LawForm()
    if form.validate_on_submit():
        answers = drafts.change_law(db_session(), current_actor(), str(form.regime.data))
        commit()
        return _go_on(answers)
    if request.method == "GET" and answers.get("regime"):
        form.regime.data = answers["regime"]
    return render_template(
        "complaints/law.html",
        form=form,
        hints=REGIME_HINTS,
        back_url=_back(answers, "law"),
    )


@bp.route("/complaints/new/request", methods=["GET", "POST"])
@requires(Role.REQUESTER)
def original_request() -> ResponseReturnValue:
    answers = _answers()
    if (detour := _not_yet(answers, "request")) is not None:
        return detour
    form = RequestForm()
    rules = rules_for(answers["regime"]) if answers.get("regime") else None
    ask_receipt = rules is not None and rules.needs_request_receipt_date
    if form.validate_on_submit() and _receipt_date_given(form, ask_receipt):
        sent_on = form.request_sent_on.data
        received = form.request_received_on.data if ask_receipt else None
        changes = {
            "request_reference": (form.request_reference.data or "").strip(),
            "request_sent_on": sent_on.isoformat() if sent_on else None,
            "request_received_on": received.isoformat() if received else None,
            "request_text": (form.request_text.data or "").strip(),
        }
        return _go_on(_save(changes, step="request"))
    if request.method == "GET":
        form.request_reference.data = answers.get("request_reference", "")
        form.request_sent_on.data = drafts.parse_day(answers.get("request_sent_on"))
        form.request_received_on.data = drafts.parse_day(answers.get("request_received_on"))
        form.request_text.data = answers.get("request_text", "")
    return render_template(
        "complaints/request.html",
        form=form,
        ask_receipt=ask_receipt,
        back_url=_back(answers, "request"),
    )


def _receipt_date_given(form: RequestForm, ask_receipt: bool) -> bool:
    """FOISA s.20(5) counts the time to require a review from the end of the 20 working days
    after the authority received the request (s.10(1)), so FOISA complaints need that date."""
    if not ask_receipt:
        return True
    received, sent_on = form.request_received_on.data, form.request_sent_on.data
    if received is None:
        form.request_received_on.errors = ["Enter the date the authority received your request"]
        return False
    if sent_on is not None and received < sent_on:
        form.request_received_on.errors = [
            "The date the authority received your request must be the same as or after the "
            "date you sent it"
        ]
        return False
    return True


@bp.route("/complaints/new/response", methods=["GET", "POST"])
@requires(Role.REQUESTER)
def response() -> ResponseReturnValue:
    session = db_session()
    actor = current_actor()
    answers = _answers()
    if (detour := _not_yet(answers, "response")) is not None:
        return detour
    max_bytes = int(current_app.config["MAX_UPLOAD_BYTES"])
    form = ResponseForm()
    if form.validate_on_submit():
        file = form.response_file.data if form.how.data == drafts.UPLOADED else None
        try:
            upload = (
                documents.check_upload(
                    file.filename or "", file.stream.read(max_bytes + 1), max_bytes=max_bytes
                )
                if file is not None
                else None
            )
            answers = drafts.save_response(
                session,
                actor,
                how=str(form.how.data),
                pasted=form.response_text.data or "",
                upload=upload,
                upload_dir=current_app.config["UPLOAD_DIR"],
            )
        except documents.UploadRefused as error:
            form.response_file.errors = [error.message]
        except ValidationFailed as error:
            apply_errors(form, error)
        else:
            commit()
            return _go_on(answers)
    if request.method == "GET" and answers.get("response_how"):
        form.how.data = answers["response_how"]
        if answers["response_how"] == drafts.PASTED:
            form.response_text.data = answers.get("response_text", "")
    return render_template(
        "complaints/response.html",
        form=form,
        uploaded=drafts.unattached_document(session, actor, answers.get("response_document_id")),
        upload=documents.upload_rules(max_bytes, for_reading=True),
        back_url=_back(answers, "response"),
    )


def _provision_rows(answers: dict[str, Any]) -> list[dict[str, Any]]:
    regime = str(answers.get("regime") or "")
    rows = []
    for index, item in enumerate(drafts.provisions_of(answers)):
        entry = lookup(Regime(regime), item["provision"]) if regime else None
        if entry is None:
            continue
        rows.append(
            {
                "index": index,
                "provision": item["provision"],
                "title": entry.title,
                "plain_title": entry.plain_title,
                "refusal_ground": entry.kind.value == "refusal_ground",
                "exclusion": entry.kind.value == "exclusion",  # EIR reg 5(3)
                "public_interest_test": not is_absolute(regime, item["provision"]),
                "ncnd": bool(item.get("ncnd")),
            }
        )
    return rows


@bp.route("/complaints/new/findings", methods=["GET", "POST"])
@requires(Role.REQUESTER)
def findings() -> ResponseReturnValue:
    answers = _answers()
    if (detour := _not_yet(answers, "findings")) is not None:
        return detour
    form = FindingsForm()
    if form.validate_on_submit():
        day = form.response_date.data
        sent_on = drafts.parse_day(answers.get("request_sent_on"))
        if day is not None and sent_on is not None and day < sent_on:
            form.response_date.errors = [
                "The date of the response must be the same as or after the date you sent "
                f"your request ({long_date(sent_on)})"
            ]
        else:
            changes = {
                "response_date": day.isoformat() if day else None,
                "request_reference": (form.request_reference.data or "").strip(),
            }
            return _go_on(_save(changes, step="findings"))
    if request.method == "GET":
        form.response_date.data = drafts.parse_day(answers.get("response_date"))
        form.request_reference.data = answers.get("request_reference", "")
    regime = str(answers.get("regime") or "")
    reader_regime = answers.get("reader_regime")
    return render_template(
        "complaints/findings.html",
        form=form,
        action_form=ConfirmForm(formdata=None),
        rows=_provision_rows(answers),
        regime=Regime(regime),
        rules=rules_for(regime),
        reader_regime=Regime(reader_regime) if reader_regime in set(Regime) else None,
        reader_found=int(answers.get("reader_found") or 0),
        reader_warnings=answers.get("reader_warnings") or [],
        review_window=answers.get("review_window_working_days"),
        back_url=_back(answers, "findings"),
    )


def _change_provision(index: int, change: str) -> Any:
    answers = _answers()
    if (detour := _not_yet(answers, "findings")) is not None:
        return detour
    if ConfirmForm().validate_on_submit():
        if change == "remove":
            removed = drafts.remove_provision(db_session(), current_actor(), index)
            if removed:
                flash(f"{removed} was removed.", "success")
        else:
            drafts.toggle_ncnd(db_session(), current_actor(), index)
        commit()
    return redirect(url_for("complaints.findings"))


@bp.post("/complaints/new/findings/<int:index>/remove")
@requires(Role.REQUESTER)
def remove_provision(index: int) -> ResponseReturnValue:
    return _change_provision(index, "remove")


@bp.post("/complaints/new/findings/<int:index>/ncnd")
@requires(Role.REQUESTER)
def toggle_ncnd(index: int) -> ResponseReturnValue:
    return _change_provision(index, "ncnd")


@bp.route("/complaints/new/findings/add", methods=["GET", "POST"])
@requires(Role.REQUESTER)
def add_provision() -> ResponseReturnValue:
    answers = _answers()
    if (detour := _not_yet(answers, "findings")) is not None:
        return detour
    regime = Regime(str(answers.get("regime")))
    form = AddProvisionForm()
    form.set_catalogue(catalogue_choices(regime))
    if form.validate_on_submit():
        try:
            added = drafts.add_provision(
                db_session(), current_actor(), str(form.provision.data), ncnd=bool(form.ncnd.data)
            )
        except ValidationFailed as error:
            apply_errors(form, error)
        else:
            commit()
            flash(f"{added} was added.", "success")
            return redirect(url_for("complaints.findings"))
    return render_template(
        "complaints/add_provision.html",
        form=form,
        regime=regime,
        back_url=url_for("complaints.findings"),
    )


def _ground_options(answers: dict[str, Any]) -> list[GroundOption]:
    options = []
    for row in _provision_rows(answers):
        options.append(
            GroundOption(
                key=f"p{row['index']}",
                kind=GroundKind.PROVISION.value,
                provision=row["provision"],
                label=f"The authority was wrong to rely on {row['provision']} "
                f"({row['plain_title'].lower()})",
                hint=(
                    "For example, the information would not cause the harm the authority "
                    "describes"
                    + (
                        ", or the public interest favours releasing it."
                        if row["public_interest_test"]
                        else "."
                    )
                ),
            )
        )
    for kind in GENERAL_GROUNDS:
        options.append(
            GroundOption(
                key=kind.value,
                kind=kind.value,
                provision=None,
                label=kind.label,
                hint=GROUND_HINTS.get(kind, ""),
            )
        )
    return options


@bp.route("/complaints/new/grounds", methods=["GET", "POST"])
@requires(Role.REQUESTER)
def grounds() -> ResponseReturnValue:
    answers = _answers()
    if (detour := _not_yet(answers, "grounds")) is not None:
        return detour
    options = _ground_options(answers)
    form = grounds_form(options)
    if form.validate_on_submit():
        chosen = set(form.reasons.data or [])
        given = [
            {
                "kind": option.kind,
                "provision": option.provision,
                "text": (form[option.detail_name].data or "").strip(),
            }
            for option in options
            if option.key in chosen
        ]
        return _go_on(_save({"grounds": given}, step="grounds"))
    if request.method == "GET":
        by_key: dict[str, str] = {}
        for item in answers.get("grounds") or []:
            for option in options:
                if option.kind == item.get("kind") and option.provision == item.get("provision"):
                    by_key[option.key] = str(item.get("text") or "")
        form.reasons.data = list(by_key)
        for key, text in by_key.items():
            form[f"detail_{key}"].data = text
    return render_template(
        "complaints/grounds.html",
        form=form,
        options=options,
        back_url=_back(answers, "grounds"),
    )


# -- check and send --------------------------------------------------------------------------

# Which page to change for each problem file_case can report.
_ERROR_STEPS = {
    "authority": "authority",
    "other_authority_email": "authority",
    "regime": "law",
    "request_sent_on": "request",
    "request_received_on": "request",
    "request_text": "request",
    "request_reference": "request",
    "response_date": "findings",
    "response_text": "response",
    "provisions": "findings",
    "grounds": "grounds",
    "late_request_reasons": "check",
}


def _check_sections(answers: dict[str, Any]) -> list[dict[str, Any]]:
    session = db_session()
    regime = str(answers.get("regime") or "")
    change = {step: _step_url(step) for step in STEP_ENDPOINTS}
    sent_on = drafts.parse_day(answers.get("request_sent_on"))
    received_on = drafts.parse_day(answers.get("request_received_on"))
    emailed_to = drafts.emailed_to(session, answers)
    sections: list[dict[str, Any]] = [
        {
            "heading": "The authority and the law",
            "rows": [
                {
                    "key": "Authority",
                    "value": drafts.authority_name(session, answers),
                    "href": change["authority"],
                },
                {
                    "key": "How it gets your complaint",
                    "value": f"By e-mail to {emailed_to} (it does not use this service)"
                    if emailed_to
                    else "Through this service",
                    "href": change["authority"],
                },
                {
                    "key": "Law",
                    "value": Regime(regime).label if regime else "",
                    "href": change["law"],
                },
            ],
        },
        {
            "heading": "Your request",
            "rows": [
                {
                    "key": "Authority’s reference",
                    "value": answers.get("request_reference", ""),
                    "href": change["request"] if answers.get("no_response") else change["findings"],
                },
                {
                    "key": "Date sent",
                    "value": long_date(sent_on) if sent_on else "",
                    "href": change["request"],
                },
                *(
                    [
                        {
                            "key": "Date the authority received it",
                            "value": long_date(received_on),
                            "href": change["request"],
                        }
                    ]
                    if received_on
                    else []
                ),
                {
                    "key": "What you asked for",
                    "value": answers.get("request_text", ""),
                    "multiline": True,
                    "href": change["request"],
                },
            ],
        },
    ]
    if answers.get("no_response"):
        response_rows = [
            {"key": "Response", "value": "You did not get a response", "href": change["response"]}
        ]
    else:
        response_date = drafts.parse_day(answers.get("response_date"))
        given = (
            f"Uploaded: {answers.get('response_filename')}"
            if answers.get("response_how") == drafts.UPLOADED
            else "Pasted text"
        )
        provisions = [
            f"{row['provision']} {row['title']}"
            + (" (neither confirm nor deny)" if row["ncnd"] else "")
            for row in _provision_rows(answers)
        ]
        response_rows = [
            {"key": "Response", "value": given, "href": change["response"]},
            {
                "key": "Date of the response",
                "value": long_date(response_date) if response_date else "",
                "href": change["findings"],
            },
            {
                "key": "Exemptions relied on",
                "value": "; ".join(provisions) or "None",
                "href": change["findings"],
            },
        ]
    sections.append({"heading": "The response", "rows": response_rows})
    ground_rows = []
    for ground in drafts.ground_inputs(answers):
        kind = GroundKind(ground.kind)
        key = f"Wrong to rely on {ground.provision}" if kind is GroundKind.PROVISION else kind.label
        ground_rows.append(
            {
                "key": key,
                "value": ground.requester_text or "No more detail given",
                "multiline": True,
                "href": change["grounds"],
            }
        )
    sections.append({"heading": "Why you are unhappy", "rows": ground_rows})
    return sections


@bp.route("/complaints/new/check", methods=["GET", "POST"])
@requires(Role.REQUESTER)
def check() -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    answers = _answers()
    if (detour := _not_yet(answers, "check")) is not None:
        return detour
    # Said here, before sending, so that the requester can give their reasons with it.
    late = services.late_review_request(
        session, drafts.authority_of(session, answers), drafts.command_from(answers), clock.today()
    )
    form = CheckForm()
    problems: list[dict[str, str]] = []
    if request.method == "GET":
        form.late_request_reasons.data = answers.get("late_request_reasons", "")
    if form.validate_on_submit():
        if late is not None:
            reasons = (form.late_request_reasons.data or "").strip()
            drafts.save_answers(session, actor, {"late_request_reasons": reasons})
        try:
            filed = drafts.submit(session, actor)
        except ValidationFailed as error:
            for name, message in error.errors.items():
                step = _ERROR_STEPS.get(name.split("-")[0], "check")
                href = f"#{name}" if step == "check" and name in form else _step_url(step)
                problems.append({"text": message, "href": href})
            apply_errors(form, error, {name: "submit" for name in error.errors})
        else:
            commit()
            for warning in filed.warnings:
                flash(warning, "warning")
            return redirect(url_for("complaints.confirmation", reference=filed.case.reference))
    problems += [
        {"text": message, "href": "#late_request_reasons"}
        for message in form.late_request_reasons.errors
    ]
    return render_template(
        "complaints/check.html",
        form=form,
        problems=problems,
        late=late,
        late_change_url=_step_url("request" if answers.get("no_response") else "findings"),
        # "an internal review", "a reconsideration" (EIR reg 11), "a review" (FOISA s.20).
        a_review=rules_for(answers["regime"]).a_review if answers.get("regime") else "",
        sections=_check_sections(answers),
        authority_name=drafts.authority_name(session, answers),
        emailed_to=drafts.emailed_to(session, answers),
        back_url=_back(answers, "check"),
    )


# -- following a complaint -------------------------------------------------------------------


def _skipped(days: tuple[SkippedDay, ...]) -> list[dict[str, Any]]:
    """The components macro reads `date` and `reason`."""
    return [{"date": day.day, "reason": day.name} for day in days]


def _review_clocks(case: Case) -> list[dict[str, Any]]:
    """The dates that matter while the review is with the authority, with the days skipped."""
    clocks = clocks_for(db_session(), case)
    due, opens = clocks.review_due, clocks.regulator_route_opens
    regulator = regulator_name(case.regime)
    verb = regulator_for(case.regime).complaint_verb
    return [
        {
            "text": f"{case.authority.name} should send you the outcome of its "
            f"{rules_for(case.regime).review_name} by",
            "deadline": due,
            "skipped": _skipped(due.skipped),
        },
        {
            "text": f"If it has still not replied by the end of this day, you may {verb} "
            f"{regulator}",
            "deadline": opens,
            "skipped": _skipped(opens.skipped),
        },
    ]


def _next_deadline(case: Case, today: dt.date) -> dict[str, Any] | None:
    status = CaseStatus(case.status)
    if status in (CaseStatus.RECEIVED, CaseStatus.IN_REVIEW):
        return {
            "label": "Review outcome due",
            "due": case.review_due_on,
            "overdue": today > case.review_due_on,
        }
    if status is CaseStatus.DECIDED and case.decided_on is not None:
        window = clocks_for(db_session(), case).regulator_complaint_window
        assert window is not None  # decided_on is set
        profile = regulator_for(case.regime)
        return {
            "label": f"{profile.complaint_verb.capitalize()} {profile.the_short_name} by",
            "due": window.due,
            "overdue": window.is_overdue(today),
        }
    return None


def _step_links(case: Case) -> dict[str, str]:
    """The pages a ``progress.Step`` can point to."""
    return {
        "regulator": url_for("regulator.pack", reference=case.reference),
        "withdraw": url_for("complaints.withdraw", reference=case.reference),
        "complaint_pdf": url_for("complaints.complaint_pdf", reference=case.reference),
        "start": url_for("complaints.start"),
    }


@bp.get("/complaints")
@requires(Role.REQUESTER)
def index() -> ResponseReturnValue:
    session = db_session()
    actor = current_actor()
    today = clock.today()
    cases = queries.requester_cases(session, actor)
    rows = [
        {
            "case": case,
            "status": CaseStatus(case.status),
            "next": _next_deadline(case, today),
            # E-mailed to an authority not using the service: where it went, not "Received".
            "delivery": delivery_to_authority(session, case)
            if CaseStatus(case.status) is CaseStatus.RECEIVED
            else None,
        }
        for case in cases
    ]
    draft = drafts.find_draft(session, actor)
    return render_template(
        "complaints/index.html",
        rows=rows,
        draft=draft,
        draft_authority=drafts.authority_name(session, draft.answers) if draft else "",
    )


@bp.get("/complaints/<reference>")
@requires(Role.REQUESTER)
def case(reference: str) -> ResponseReturnValue:
    session = db_session()
    actor = current_actor()
    found = case_for(session, actor, reference, with_parts=True)
    status = CaseStatus(found.status)
    events = [
        {"date": event.at.astimezone(clock.UK), "title": event.summary}
        for event in timeline_rows(session, found, for_requester=True)
    ]
    return render_template(
        "complaints/case.html",
        case=found,
        status=status,
        progress=requester_progress(session, found, today=clock.today()),
        step_links=_step_links(found),
        clocks=_review_clocks(found)
        if status in (CaseStatus.RECEIVED, CaseStatus.IN_REVIEW)
        else [],
        events=events,
        letters=letter_rows(session, found),
        documents=documents.documents_for(session, found),
        resendable=not services.why_cannot_resend(found),
        ground_labels={kind.value: kind.label for kind in GroundKind},
        law_label=Regime(found.regime).label,
    )


@bp.get("/complaints/<reference>/confirmation")
@requires(Role.REQUESTER)
def confirmation(reference: str) -> ResponseReturnValue:
    session = db_session()
    found = case_for(session, current_actor(), reference)
    return render_template(
        "complaints/confirmation.html",
        case=found,
        delivery=delivery_to_authority(session, found),
        clocks=_review_clocks(found),
    )


@bp.get("/complaints/<reference>/complaint.pdf")
@requires(Role.REQUESTER)
def complaint_pdf(reference: str) -> ResponseReturnValue:
    """The complaint as filed, as the authority got it (or would have)."""
    found = case_for(db_session(), current_actor(), reference)
    return _pdf(complaint_as_filed(found), f"{found.reference}-complaint.pdf")


def _pdf(content: bytes, filename: str) -> ResponseReturnValue:
    response = send_file(
        io.BytesIO(content),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=filename,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/complaints/<reference>/withdraw", methods=["GET", "POST"])
@requires(Role.REQUESTER)
def withdraw(reference: str) -> ResponseReturnValue:
    session = db_session()
    actor = current_actor()
    found = case_for(session, actor, reference)
    if refusal := services.why_requester_cannot_withdraw(found):
        flash(refusal, "info")
        return redirect(url_for("complaints.case", reference=found.reference))
    form = WithdrawForm()
    if form.validate_on_submit():
        version = form.version.data
        try:
            services.withdraw(
                session,
                actor,
                found,
                reason=form.reason.data or "",
                expected_version=whole_number(version),
            )
            commit()
        except Conflict as error:
            # Also a stale save (StaleCase): the form is shown again at the case's new version.
            session.rollback()
            form.reason.errors = [error.message]
        else:
            flash("Your complaint has been withdrawn.", "success")
            return redirect(url_for("complaints.case", reference=found.reference))
    form.version.data = str(found.version)
    return render_template(
        "complaints/withdraw.html",
        form=form,
        case=found,
        back_url=url_for("complaints.case", reference=found.reference),
    ), (400 if form.errors else 200)


@bp.route("/complaints/<reference>/authority-address", methods=["GET", "POST"])
@requires(Role.REQUESTER)
def resend(reference: str) -> ResponseReturnValue:
    """The requester corrects the address their complaint was e-mailed to, and it goes again."""
    found = case_for(db_session(), current_actor(), reference)
    return _resend(found, url_for("complaints.case", reference=found.reference), staff=False)


@bp.route("/staff/cases/<reference>/authority-address", methods=["GET", "POST"])
@requires(*CASEWORK_ROLES)
def staff_resend(reference: str) -> ResponseReturnValue:
    """Staff correct the address a complaint was e-mailed to, and it goes again."""
    found = case_for(db_session(), current_actor(), reference)
    return _resend(found, url_for("staff.case", reference=found.reference), staff=True)


def _resend(found: Case, back_url: str, *, staff: bool) -> ResponseReturnValue:
    """One page for the requester and staff, reaching one service (resend_to_authority)."""
    session = db_session()
    if refusal := services.why_cannot_resend(found):
        flash(refusal, "info")
        return redirect(back_url)
    form = ResendForm()
    if request.method == "GET":
        form.address.data = found.sent_by_email_to
    if form.validate_on_submit():
        try:
            services.resend_to_authority(
                session, current_actor(), found, address=form.address.data or ""
            )
            commit()
        except ValidationFailed as error:
            session.rollback()
            form.address.errors = list(error.errors.values())
        except Conflict as error:
            session.rollback()
            flash(error.message, "info")
            return redirect(back_url)
        else:
            flash(
                f"We are e-mailing the complaint to {found.authority.name} at "
                f"{found.sent_by_email_to}.",
                "success",
            )
            return redirect(back_url)
    return render_template(
        "complaints/resend.html", form=form, case=found, back_url=back_url, staff=staff
    ), (400 if form.errors and staff else 200)


@bp.get("/complaints/<reference>/letters/<int:letter_id>.pdf")
@requires(Role.REQUESTER)
def letter(reference: str, letter_id: int) -> ResponseReturnValue:
    session = db_session()
    found = case_for(session, current_actor(), reference)
    issued = letter_of(session, found, letter_id)
    if issued is None:
        abort(404)
    return _pdf(issued.pdf, letter_filename(found, issued))
