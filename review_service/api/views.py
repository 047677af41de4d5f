"""The JSON API, /api/v1: every action in the pages, through the same service functions.

Views are thin: authenticate (a bearer token, in app.py), load the case the token's user may see
(``case_for``: 404 otherwise), read a body checked against its OpenAPI schema, call the service,
commit once and answer with JSON. Errors become problems (``api/errors.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import CASEWORK_ROLES, STAFF_ROLES, Role, User
from review_service.api import bodies, errors, openapi, pagination, serializers
from review_service.api.actions import ACTIONS, HANDLERS, ActionCall
from review_service.api.errors import FieldsRenamed
from review_service.api.queries import CaseItems, case_items
from review_service.api.queue_filters import list_cases as list_case_page
from review_service.api.queue_filters import query_string, read_filters
from review_service.api.schemas import MAX_INT, action_schema_name
from review_service.api.uploads import replace_document_upload, upload_document
from review_service.api.validation import (
    DATE_MESSAGE,
    ApiError,
    Fields,
    check,
    json_body,
    parse_date,
    read_json,
)
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.cases.policy import calendar_alone, can_view, case_for
from review_service.cases.queries import listed_authorities
from review_service.documents import services as documents
from review_service.documents.services import (
    document_for,
    managed_document,
    read_document,
)
from review_service.domain.calendar import CalendarError, Regime
from review_service.domain.exemptions import normalise_provision
from review_service.domain.lifecycle import CaseAction
from review_service.domain.notice_reader import read_notice
from review_service.domain.regulators import regulator_for
from review_service.errors import NotFound, ValidationFailed
from review_service.extensions import commit, database, db_session, limiter
from review_service.letters.queries import letter_and_case
from review_service.letters.services import letter_filename
from review_service.regulator import services as regulator
from review_service.regulator.pack_answers import current_answers, suggestions
from review_service.regulator.pack_bundles import build_authority_submission, build_complaint_pack
from review_service.regulator.pack_pdf import pack_zip, render_pack
from review_service.reviews import services as reviews
from review_service.staff.queue import authority_options, reviewer_options
from review_service.web import limits
from review_service.web.access import current_actor, public, requires
from review_service.web.downloads import attachment
from review_service.web.numbers import whole_number

if TYPE_CHECKING:
    from review_service.documents.models import Document

bp = Blueprint("api", __name__)
errors.register(bp)

V1 = "/api/v1"
FILERS = (Role.REQUESTER, Role.CASEWORKER, Role.ADMIN)
DEFAULT_TOOL_LIMIT = limits.ANONYMOUS_API  # per client address, each tool its own


def _route(method: str, rule: str, **options: Any) -> Any:
    # No slash merging: "/cases//letters" is not found, rather than redirected to another URL.
    return bp.route(V1 + rule, methods=[method], merge_slashes=False, **options)


def get(rule: str, **options: Any) -> Any:
    return _route("GET", rule, **options)


def post(rule: str, **options: Any) -> Any:
    return _route("POST", rule, **options)


def put(rule: str, **options: Any) -> Any:
    return _route("PUT", rule, **options)


def _tool_limit() -> str:
    return str(current_app.config.get("API_TOOL_RATE_LIMIT", DEFAULT_TOOL_LIMIT))


@bp.before_request
def _storable_path_and_query() -> None:
    # PostgreSQL cannot compare or store text holding NUL: refuse it before any query runs.
    texts = [request.path]
    for name, values in request.args.lists():
        texts += [name, *values]
    if any("\x00" in text for text in texts):
        raise ApiError(400, "Bad request", "The path or query string holds a NUL character.")


@bp.after_request
def _no_store(response: Response) -> Response:
    # Responses carry personal data and are per-token: never cache them anywhere.
    response.headers["Cache-Control"] = "no-store"
    return response


def _case(reference: str, *, with_parts: bool = False) -> tuple[Session, User, Case]:
    session, actor = db_session(), current_actor()
    return session, actor, case_for(session, actor, reference, with_parts=with_parts)


def _json(body: Any, status: int = 200, **headers: str) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers.update(headers)
    return response


def _case_response(
    session: Session, actor: User, case: Case, status: int = 200, **headers: str
) -> Response:
    return _json(serializers.case_detail(session, actor, case), status, **headers)


def _file(content: bytes, filename: str, mimetype: str) -> Response:
    return attachment(content, filename, mimetype)


# -- meta -------------------------------------------------------------------------------------


@get("/openapi.json")
@public
@limiter.limit(limits.ANONYMOUS_API)
def openapi_document() -> Response:
    return _json(openapi.document())


@get("/me")
@requires()
def me() -> Response:
    actor = current_actor()
    authority = actor.authority
    return _json(
        {
            "id": actor.id,
            "name": actor.name,
            "email": actor.email,
            "role": actor.role,
            "authority": {"id": authority.id, "name": authority.name} if authority else None,
        }
    )


# -- anonymous tools --------------------------------------------------------------------------


@get("/deadlines")
@public
@limiter.limit(_tool_limit)
def deadlines() -> Response:
    args = request.args
    problems: dict[str, str] = {}
    for name in sorted(set(args) - {"from", "working_days", "regime"}):
        problems[name] = "Remove this parameter: it is not one this calculation takes"
    start = parse_date(args.get("from"))
    if start is None:
        problems["from"] = DATE_MESSAGE
    days = whole_number(args.get("working_days"))
    if days is None or days > 1_000:
        problems["working_days"] = "Enter a whole number of working days from 0 to 1,000"
    regime = args.get("regime", Regime.FOIA.value)
    if regime not in {r.value for r in Regime}:
        problems["regime"] = "Must be one of: foia, eir, foisa"
    if problems:
        raise ValidationFailed(problems)
    assert start is not None and days is not None
    calendar = calendar_alone(
        database(current_app).engine,
        regime,
        reuse_for=float(current_app.config.get("PUBLIC_CALENDAR_SECONDS", 0)),
    )
    try:
        due = calendar.add_working_days(start, days)
        skipped = calendar.skipped_days(start, due)
    except CalendarError:
        raise ValidationFailed(
            {"working_days": "The result falls outside the years the calendar covers"}
        ) from None
    return _json(
        {
            "from": start.isoformat(),
            "working_days": days,
            "regime": regime,
            "date": due.isoformat(),
            "skipped": [{"date": s.day.isoformat(), "name": s.name} for s in skipped],
        }
    )


@post("/notices/parse")
@public
@limiter.limit(_tool_limit)
def parse_notice() -> Response:
    body = json_body("NoticeText")
    return _json(read_notice(body["text"]).to_json())


# -- lists for choosing -----------------------------------------------------------------------


@get("/authorities")
@requires()
def authorities() -> Response:
    session, actor = db_session(), current_actor()
    rows = authority_options(session, actor) if actor.is_staff else listed_authorities(session)
    return _json({"items": [{"id": a.id, "name": a.name, "regime": a.regime} for a in rows]})


@get("/reviewers")
@requires(*STAFF_ROLES)
def reviewers() -> Response:
    rows = reviewer_options(db_session(), current_actor(), active_only=True)
    return _json({"items": [{"id": r.id, "name": r.name} for r in rows]})


# -- cases ------------------------------------------------------------------------------------


def _provision(regime: str, text: str | None) -> str | None:
    """The canonical spelling ("Section 24 (2)" -> "s.24(2)"), so grounds match provisions."""
    if text is None:
        return None
    try:
        return normalise_provision(regime, text)
    except ValueError:
        return text


def _canonical_provisions(command: cases.FileCase) -> cases.FileCase:
    """The command with every provision (cited, or a ground's) in its canonical spelling."""
    regime = str(command.regime)
    return replace(
        command,
        grounds=tuple(
            replace(ground, provision=_provision(regime, ground.provision))
            for ground in command.grounds
        ),
        provisions=tuple(
            replace(item, provision=_provision(regime, item.provision) or "")
            for item in command.provisions
        ),
    )


@post("/cases")
@requires(*FILERS)
def create_case() -> Response:
    session, actor = db_session(), current_actor()
    body = json_body("NewCase")
    refused: dict[str, str] = {}
    if actor.role == Role.REQUESTER:
        for name in ("requester_email", "requester_name"):
            if name in body:
                refused[name] = "Leave this out: you can only complain for yourself"
    command = _canonical_provisions(bodies.NEW_CASE.read(body, refused))
    authority_field = "authority_id" if command.authority_id is not None else "other_authority_name"
    with FieldsRenamed({"authority": authority_field}):
        filed = cases.file_case(session, actor, command)
    commit()
    case = filed.case
    body = serializers.case_detail(session, actor, case, warnings=filed.warnings)
    return _json(body, 201, Location=url_for("api.get_case", reference=case.reference))


@get("/cases")
@requires()
def list_cases() -> Response:
    session, actor = db_session(), current_actor()
    filters = read_filters(request.args, actor)
    limit = pagination.page_size(request.args.get("limit"))
    page = list_case_page(
        session,
        actor,
        filters,
        cursor=request.args.get("cursor") or None,
        limit=limit,
        today=clock.today(),
    )
    items = []
    for case in page.cases:
        item = serializers.listed_case(actor, case)
        row = page.rows.get(case.id)
        if row is not None:
            item["urgency"] = row.urgency
            item["working_days_left"] = row.working_days_left
        items.append(item)
    args = query_string(request.args.to_dict(flat=False))
    args.pop("cursor", None)
    next_url = (
        url_for("api.list_cases", **args, cursor=page.next_cursor) if page.next_cursor else None
    )
    return _json(
        {
            "items": items,
            "total": page.total,
            "total_capped": page.total_capped,
            "next_cursor": page.next_cursor,
            "links": {"self": request.full_path.rstrip("?"), "next": next_url},
        }
    )


@get("/cases/<reference>")
@requires()
def get_case(reference: str) -> Response:
    session, actor, case = _case(reference, with_parts=True)  # all it answers with
    return _case_response(session, actor, case)


def _action_body() -> tuple[CaseAction, dict[str, Any]]:
    data = read_json()
    if not isinstance(data, dict):
        check("CaseActionRequest", data)  # raises: the body must be an object
    allowed = [a.value for a in ACTIONS if a in HANDLERS]
    if data.get("action") not in allowed:
        raise ValidationFailed({"action": "Must be one of: " + ", ".join(allowed)})
    action = CaseAction(data["action"])
    check(action_schema_name(action), data)
    return action, data


@post("/cases/<reference>/actions")
@requires()
def case_action(reference: str) -> Response:
    session, actor, case = _case(reference)
    action, body = _action_body()
    HANDLERS[action](ActionCall(session, actor, case, body, Fields(body)))
    commit()
    return _case_response(session, actor, case)


@post("/cases/<reference>/authority-address")
@requires(*FILERS)
def resend_to_authority(reference: str) -> Response:
    """The page's re-send (``/complaints/<ref>/authority-address``): the same service, so the
    same rules (the requester or staff of the case, an unlisted authority, still received)."""
    session, actor, case = _case(reference)
    body = json_body("AuthorityAddress")
    cases.resend_to_authority(session, actor, case, address=body["address"])
    commit()
    return _case_response(session, actor, case)


# -- the reviewer's decision ------------------------------------------------------------------


@get("/cases/<reference>/decision")
@requires(*STAFF_ROLES)
def get_decision(reference: str) -> Response:
    session, _, case = _case(reference)
    return _json(serializers.decision_json(case, reviews.decision_for(session, case)))


def _decision_input(body: dict[str, Any]) -> reviews.DecisionInput:
    duplicates: dict[str, str] = {}
    for name, key in (
        ("ground_findings", "ground_id"),
        ("provision_findings", "cited_provision_id"),
    ):
        seen: set[int] = set()
        for i, item in enumerate(body.get(name, [])):
            if item[key] in seen:
                duplicates[f"{name}[{i}].{key}"] = "Give each finding once"
            seen.add(item[key])
    if duplicates:
        raise ValidationFailed(duplicates)
    return bodies.DECISION.read(body)


@put("/cases/<reference>/decision")
@requires(Role.REVIEWER)
def save_decision(reference: str) -> Response:
    session, actor, case = _case(reference)
    body = json_body("DecisionInput")
    command = _decision_input(body)
    with FieldsRenamed(serializers.decision_field):
        decision = reviews.save_decision(
            session, actor, case, command, expected_version=body.get("version")
        )
    commit()
    return _json(serializers.decision_json(case, decision))


@get("/cases/<reference>/decision/preview.pdf")
@requires(*STAFF_ROLES)
def preview_outcome_letter(reference: str) -> Response:
    session, actor, case = _case(reference)
    with FieldsRenamed(serializers.decision_field):
        pdf = reviews.preview_outcome_letter(session, actor, case)
    return _file(pdf, f"{case.reference}-outcome-draft.pdf", "application/pdf")


@post("/cases/<reference>/decision/issue")
@requires(Role.REVIEWER)
def issue_decision(reference: str) -> Response:
    session, actor, case = _case(reference)
    body = json_body("IssueDecision", empty_ok=True)
    with FieldsRenamed(serializers.decision_field):
        letter = reviews.issue_decision(session, actor, case, expected_version=body.get("version"))
    commit()
    return _json(
        {
            "case": serializers.case_detail(session, actor, case),
            "letter": serializers.letter_json(letter),
        }
    )


@post("/cases/<reference>/decision/corrections")
@requires(*STAFF_ROLES)
def correct_outcome_letter(reference: str) -> Response:
    session, actor, case = _case(reference)
    body = json_body("OutcomeCorrection")
    letter = reviews.correct_outcome_letter(
        session,
        actor,
        case,
        note=body["note"],
        expected_version=body.get("version"),
        today=clock.today(),
    )
    commit()
    return _json(
        {
            "case": serializers.case_detail(session, actor, case),
            "letter": serializers.letter_json(letter),
        },
        201,
        Location=url_for("api.letter_pdf", letter_id=letter.id),
    )


# -- the regulator and the tribunal -----------------------------------------------------------


@post("/cases/<reference>/referral")
@requires(*FILERS)
def refer(reference: str) -> Response:
    session, actor, case = _case(reference)
    body = json_body("ReferralInput", empty_ok=True)
    fields = Fields(body)
    referred_on = fields.date("referred_on")
    fields.done()
    # Answers left out are the ones saved with PUT pack-answers (never the drafted suggestion).
    saved = current_answers(session, case)
    regulator.refer(
        session,
        actor,
        case,
        challenge_text=body.get("challenge_text", saved.challenge_text),
        conduct_text=body.get("conduct_text", saved.conduct_text),
        referred_on=referred_on,
        expected_version=fields.version(),
    )
    commit()
    return _case_response(session, actor, case, 201)


@get("/cases/<reference>/pack-answers")
@requires(*FILERS)
def get_pack_answers(reference: str) -> Response:
    session, _, case = _case(reference)
    answers = current_answers(session, case)
    return _json(
        {
            "challenge_text": answers.challenge_text,
            "conduct_text": answers.conduct_text,
            "previous_regulator_reference": case.previous_regulator_reference,
            "suggestions": suggestions(session, case, today=clock.today()),
        }
    )


@put("/cases/<reference>/pack-answers")
@requires(*FILERS)
def save_pack_answers(reference: str) -> Response:
    session, actor, case = _case(reference)
    body = json_body("PackAnswers")
    with FieldsRenamed({"previous_reference": "previous_regulator_reference"}):
        regulator.update_pack_answers(
            session,
            actor,
            case,
            challenge_text=body["challenge_text"],
            conduct_text=body["conduct_text"],
            previous_reference=body.get("previous_regulator_reference", ""),
        )
    commit()
    return get_pack_answers(reference)


@put("/cases/<reference>/decision-notice")
@requires(*CASEWORK_ROLES)
def record_decision_notice(reference: str) -> Response:
    session, actor, case = _case(reference)
    body = json_body("DecisionNoticeInput")
    fields = Fields(body)
    issued_on = fields.date("issued_on")
    fields.done()
    command = regulator.DecisionNoticeInput(
        kind=body["kind"],
        issued_on=issued_on,
        reference=body.get("reference", ""),
        findings=tuple((f["provision"], f["outcome"]) for f in body.get("findings", [])),
        steps_required=body.get("steps_required", ""),
        compliance_days=body.get("compliance_days"),
    )
    regulator.record_decision_notice(
        session, actor, case, command, expected_version=fields.version()
    )
    commit()
    return _case_response(session, actor, case)


@post("/cases/<reference>/appeal")
@requires(*FILERS)
def appeal(reference: str) -> Response:
    session, actor, case = _case(reference)
    body = json_body("AppealInput")
    fields = Fields(body)
    lodged_on = fields.date("lodged_on")
    fields.done()
    assert lodged_on is not None
    regulator.appeal(
        session,
        actor,
        case,
        appellant=body["appellant"],
        lodged_on=lodged_on,
        tribunal_reference=body.get("tribunal_reference", ""),
        expected_version=fields.version(),
    )
    commit()
    return _case_response(session, actor, case, 201)


def _pack_failed(error: ValueError) -> ValidationFailed:
    return ValidationFailed({"documents": f"The pack could not be made: {error}"})


@get("/cases/<reference>/pack.pdf")
@requires()
def pack_pdf(reference: str) -> Response:
    session, _, case = _case(reference)
    regulator.ensure_pack_open(case)
    bundle = build_complaint_pack(session, case, today=clock.today())
    try:
        content = render_pack(bundle)
    except ValueError as error:
        raise _pack_failed(error) from None
    code = regulator_for(case.regime).code
    return _file(content, f"{case.reference}-{code}-complaint.pdf", "application/pdf")


@get("/cases/<reference>/pack.zip", endpoint="pack_zip")
@requires()
def pack_zip_file(reference: str) -> Response:
    session, _, case = _case(reference)
    regulator.ensure_pack_open(case)
    bundle = build_complaint_pack(session, case, today=clock.today())
    try:
        content, _warnings = pack_zip(bundle)
    except ValueError as error:
        raise _pack_failed(error) from None
    code = regulator_for(case.regime).code
    return _file(content, f"{case.reference}-{code}-complaint.zip", "application/zip")


@get("/cases/<reference>/submission.pdf")
@requires(*STAFF_ROLES)
def submission_pdf(reference: str) -> Response:
    session, _, case = _case(reference)
    bundle = build_authority_submission(session, case, today=clock.today())
    try:
        content = render_pack(bundle)
    except ValueError as error:
        raise _pack_failed(error) from None
    return _file(content, f"{case.reference}-submission.pdf", "application/pdf")


# -- letters and documents --------------------------------------------------------------------


def _case_list(
    reference: str,
    kind: CaseItems,
    endpoint: str,
    serialize: Callable[[Any], dict[str, Any]],
) -> Response:
    """One page of a case's letters or documents, as the list JSON with its links."""
    session, _, case = _case(reference)
    page, links = _page_of(session, kind, case, endpoint)
    return _json(
        {
            "items": [serialize(item) for item in page.items],
            "next_cursor": page.next_cursor,
            "links": links,
        }
    )


def _page_of(
    session: Session, kind: CaseItems, case: Case, endpoint: str
) -> tuple[pagination.Page, dict[str, Any]]:
    unknown = sorted(set(request.args) - {"cursor", "limit"})
    if unknown:
        raise ValidationFailed(
            {name: "Remove this parameter: it is not one this list accepts" for name in unknown}
        )
    limit = pagination.page_size(request.args.get("limit"))
    query, ordering = case_items(kind, case.id)
    page = pagination.paginate(
        session,
        query,
        ordering,
        cursor=request.args.get("cursor") or None,
        limit=limit,
        filters={"case": case.id},
    )
    links = {
        "self": request.full_path.rstrip("?"),
        "next": url_for(endpoint, reference=case.reference, cursor=page.next_cursor, limit=limit)
        if page.next_cursor
        else None,
    }
    return page, links


@get("/cases/<reference>/letters")
@requires()
def list_letters(reference: str) -> Response:
    return _case_list(reference, "letters", "api.list_letters", serializers.letter_json)


@get("/letters/<int:letter_id>.pdf")
@requires()
def letter_pdf(letter_id: int) -> Response:
    session, actor = db_session(), current_actor()
    found = letter_and_case(session, letter_id) if letter_id <= MAX_INT else None
    if found is None or not can_view(actor, found[1]):
        raise NotFound("No such letter.")
    letter, case = found
    return _file(letter.pdf, letter_filename(case, letter), "application/pdf")


@get("/cases/<reference>/documents")
@requires()
def list_documents(reference: str) -> Response:
    return _case_list(reference, "documents", "api.list_documents", serializers.document_json)


@post("/cases/<reference>/documents")
@requires()
def create_document(reference: str) -> Response:
    session, actor, case = _case(reference)
    document = upload_document(session, actor, case)
    commit()
    return _created(document)


@post("/documents/<int:document_id>/removal")
@requires()
def remove_document(document_id: int) -> Response:
    session, actor = db_session(), current_actor()
    managed_document(session, actor, document_id)  # who may, before what was sent
    body = json_body("DocumentRemoval")
    documents.remove_document(session, actor, document_id, reason=body["reason"])
    commit()
    return _no_content()


@post("/documents/<int:document_id>/replacement")
@requires()
def replace_document(document_id: int) -> Response:
    session, actor = db_session(), current_actor()
    document = replace_document_upload(session, actor, document_id)
    commit()
    return _created(document)


def _no_content() -> Response:
    """204: no body, so no Content-Type (Flask would otherwise claim text/html)."""
    response = Response(status=204)
    del response.headers["Content-Type"]
    return response


def _created(document: Document) -> Response:
    return _json(
        serializers.document_json(document),
        201,
        Location=url_for("api.get_document", document_id=document.id),
    )


@get("/documents/<int:document_id>")
@requires()
def get_document(document_id: int) -> Response:
    session, actor = db_session(), current_actor()
    if document_id > MAX_INT:
        raise NotFound("No such document.")
    document = document_for(session, actor, document_id)
    data = read_document(current_app.config["UPLOAD_DIR"], document)
    return _file(data, document.filename, document.media_type)
