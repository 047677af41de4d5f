"""Staff pages: the review queue, the case page, triage, the reviewer's decision, statistics.

Views are thin: load the case the actor may see (404 otherwise), validate the form, call the
service with the form's case version as ``expected_version``, commit once, redirect. A stale
form (someone else saved the case first) is shown again with everything that was typed and a
message, never applied and never thrown away.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from sqlalchemy.orm import Session

from review_service import clock, errors
from review_service.accounts.models import CASEWORK_ROLES, STAFF_ROLES, Role, User
from review_service.audit.services import timeline_rows
from review_service.cases import services as cases
from review_service.cases.actions import available_actions
from review_service.cases.clocks import applicable
from review_service.cases.models import Case
from review_service.cases.notifications import delivery_to_authority
from review_service.cases.policy import (
    case_for,
)
from review_service.documents.services import documents_for
from review_service.domain.calendar import Regime
from review_service.domain.lifecycle import (
    OVERDUE_REFERRAL_STATES,
    CaseAction,
    CaseStatus,
    allowed_actions,
)
from review_service.domain.regimes import rules_for
from review_service.domain.review import GroundKind, ProvisionOutcome, ReviewOutcome
from review_service.extensions import commit, db_session
from review_service.letters.queries import letter_of, letter_rows
from review_service.letters.services import letter_filename
from review_service.regulator.queries import referral_for
from review_service.regulator.services import eligibility
from review_service.reviews import services as reviews
from review_service.reviews.outcome import outcome_of
from review_service.staff import forms as staff_forms
from review_service.staff import queries
from review_service.staff.action_pages import PAGES, Page, form_for, name_of, path_of, values_of
from review_service.staff.forms import (
    PROVISION_ROWS,
    AssignForm,
    CorrectionForm,
    EnterComplaintForm,
    IssueForm,
    OriginalDecisionMakerForm,
    QueueFilterForm,
    VersionedForm,
    decision_field_map,
    decision_form,
    decision_values,
    ground_text_field,
    options,
)
from review_service.staff.queue import (
    ANY_REVIEWER,
    UNASSIGNED,
    QueueFilters,
    authority_options,
    default_reviewer_filter,
    provision_options,
    queue_page,
    reviewer_options,
)
from review_service.staff.statistics import statistics_for, years_available
from review_service.web.access import current_actor, requires
from review_service.web.forms import Saving, apply_errors
from review_service.web.numbers import whole_number

if TYPE_CHECKING:
    from sqlalchemy import Row

    from review_service.reviews.models import ReviewDecision

bp = Blueprint("staff", __name__)


# -- the queue -----------------------------------------------------------------------------


@bp.get("/staff")
@requires(*STAFF_ROLES)
def queue() -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    form = QueueFilterForm(formdata=request.args or None)
    reviewers = reviewer_options(session, actor)
    authorities = authority_options(session, actor)
    form.status.choices = staff_forms.status_options()
    form.reviewer.choices = options(
        [
            (ANY_REVIEWER, "Anyone"),
            (UNASSIGNED, "Nobody yet"),
            *((str(r.id), r.name + (" (you)" if r.id == actor.id else "")) for r in reviewers),
        ]
    )
    form.authority.choices = options([("", "Any"), *((str(a.id), a.name) for a in authorities)])
    form.regime.choices = staff_forms.regime_options(blank="Any")
    form.provision.choices = options([("", "Any"), *provision_options()])
    if "reviewer" not in request.args:
        form.reviewer.data = default_reviewer_filter(actor)
    valid = form.validate() if request.args else True
    filters = QueueFilters(
        statuses=tuple(form.status.data or ()),
        reviewer=form.reviewer.data or ANY_REVIEWER,
        authority_id=whole_number(form.authority.data),
        regime=form.regime.data or None,
        provision=form.provision.data or None,
        due_from=form.due_from.data if valid else None,
        due_to=form.due_to.data if valid else None,
        search=(form.q.data or "") if not form.q.errors else "",
        order="desc" if form.order.data == "desc" else "asc",
    )
    page = queue_page(
        session,
        actor,
        filters,
        after=request.args.get("after"),
        before=request.args.get("before"),
        today=clock.today(),
    )
    return render_template(
        "staff/queue.html",
        form=form,
        page=page,
        next_url=_page_url(after=page.next_cursor) if page.next_cursor else None,
        previous_url=_page_url(before=page.previous_cursor) if page.previous_cursor else None,
        filtered=bool(set(request.args) - {"after", "before", "order"}),
        case_href=_case_href(),
    )


def _case_href() -> Callable[[str], str]:
    """``url_for("staff.case", reference=...)`` for a page of references: the route built once,
    each reference put into it by the route's converter (``<reference>``: the default one)."""
    marker = "REFERENCE"
    head, _, tail = url_for("staff.case", reference=marker).rpartition(marker)
    url_map = current_app.url_map
    to_url = url_map.converters["default"](url_map).to_url
    return lambda reference: f"{head}{to_url(reference)}{tail}"


def _page_url(**cursor: str | None) -> str:
    args: dict[str, Any] = request.args.to_dict(flat=False)
    args.pop("after", None)
    args.pop("before", None)
    args.update({k: v for k, v in cursor.items() if v})
    return url_for("staff.queue", **args)


# -- the case page -------------------------------------------------------------------------


@bp.get("/staff/cases/<reference>")
@requires(*STAFF_ROLES)
def case(reference: str) -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    case = case_for(session, actor, reference, with_parts=True)
    decision = reviews.decision_for(session, case, with_findings=True)
    events = timeline_rows(session, case, for_requester=False)
    return render_template(
        "staff/case.html",
        case=case,
        status=CaseStatus(case.status),
        regime=Regime(case.regime),
        rules=rules_for(case.regime),
        decision=decision,
        findings=_findings(case, decision),
        outcome=_derived_outcome(case, decision),
        letters=letter_rows(session, case),
        documents=documents_for(session, case),
        deadlines=list(applicable(session, case).values()),
        events=[_timeline_item(event) for event in events],
        links=_action_links(session, actor, case, has_decision=decision is not None),
        add_document=actor.has_role(*CASEWORK_ROLES),
        delivery=delivery_to_authority(session, case),
        GroundKind=GroundKind,
        ProvisionOutcome=ProvisionOutcome,
    )


def _timeline_item(event: Row[Any]) -> dict[str, Any]:
    who = event.actor_name if event.actor_name is not None else "The service"
    internal = "" if event.visible_to_requester else " · internal: not shown to the requester"
    return {"date": event.at, "title": event.summary, "description": f"By {who}{internal}"}


def _findings(case: Case, decision: ReviewDecision | None) -> dict[str, dict[int, Any]]:
    if decision is None:
        return {"grounds": {}, "provisions": {}}
    return {
        "grounds": {f.ground_id: f for f in decision.ground_findings},
        "provisions": {f.cited_provision_id: f for f in decision.provision_findings},
    }


def _derived_outcome(case: Case, decision: ReviewDecision | None) -> dict[str, Any]:
    """The outcome as it follows from the saved findings, or what is still missing."""
    if case.outcome is not None:
        return {"outcome": ReviewOutcome(case.outcome), "issued": True, "missing": {}}
    missing = reviews.completeness_errors(case, decision)
    if decision is None or missing:
        return {"outcome": None, "issued": False, "missing": missing}
    return {"outcome": outcome_of(case, decision), "issued": False, "missing": {}}


# The case page's links to the actions' pages that are not in the table (staff/action_pages.py):
# endpoint and link text.
OWN_PAGES: dict[CaseAction, tuple[str, str]] = {
    CaseAction.RECORD_ORIGINAL_DECISION_MAKER: (
        "staff.original_decision_maker",
        "Record who made the original decision",
    ),
    CaseAction.ASSIGN: ("staff.assign", "Assign a reviewer"),
    CaseAction.SAVE_DECISION: ("staff.decision", "Record your findings"),
    CaseAction.DECIDE: ("staff.issue", "Issue the outcome"),
    CaseAction.CORRECT_LETTER: ("staff.correct", "Correct the outcome letter"),
}


def _action_links(
    session: Session, actor: User, case: Case, *, has_decision: bool
) -> list[tuple[str, str]]:
    """The links (text, URL) this person sees on this case, in the lifecycle's order: a page for
    each action they may take next (cases/actions.py, as the API's allowed_actions), the draft
    letter, and the regulator stage."""
    available = set(available_actions(session, actor, case, today=clock.today()))
    casework = actor.has_role(*CASEWORK_ROLES)
    links: list[tuple[str, str]] = []
    for action in CaseAction:
        if (
            action is CaseAction.DECIDE
            and has_decision
            and (action in available or casework)
            and action in allowed_actions(case.status)
        ):
            url = url_for("staff.preview_letter", reference=case.reference)
            links.append(("Preview the outcome letter (PDF, draft)", url))
        if action not in available:
            continue
        if action in PAGES:
            page = PAGES[action]
            endpoint, text = "staff." + name_of(action, page), page.link or page.title
        elif action in OWN_PAGES:
            endpoint, text = OWN_PAGES[action]
        else:
            continue  # the regulator stage's own page takes it
        if action is CaseAction.ASSIGN and case.reviewer_id:
            text = "Reassign the review"
        links.append((text, url_for(endpoint, reference=case.reference)))
    if casework and _has_regulator_stage(session, case):
        links.append(("The regulator stage", url_for("regulator.case", reference=case.reference)))
    return links


REGULATOR_STATES = frozenset(
    {CaseStatus.DECIDED, CaseStatus.REFERRED, CaseStatus.REGULATOR_DECIDED, CaseStatus.APPEALED}
)


def _has_regulator_stage(session: Session, case: Case) -> bool:
    """Whether the regulator stage page has something to show or record: the review is decided
    or the case is with the regulator, the review is overdue enough to complain about, or the
    case was closed after a complaint to the regulator."""
    status = CaseStatus(case.status)
    if status in REGULATOR_STATES:
        return True
    if status in OVERDUE_REFERRAL_STATES:
        return eligibility(session, case, today=clock.today()).available
    return referral_for(session, case) is not None


# -- triage --------------------------------------------------------------------------------

Action = Callable[[Session, User, Case, Any], None]


def _case_form(
    reference: str,
    form_class: type[VersionedForm],
    template: str,
    act: Action,
    done: Callable[[Case], str],
    *,
    prepare: Callable[[Session, User, Case, Any], None] | None = None,
    field_map: dict[str, str] | None = None,
    context: Callable[[Session, Case], dict[str, Any]] | None = None,
) -> Any:
    """Show and handle a form that changes one case, with the optimistic lock."""
    session, actor = db_session(), current_actor()
    case = case_for(session, actor, reference)
    form = form_class(version=case.version) if request.method == "GET" else form_class()
    if prepare is not None:
        prepare(session, actor, case, form)
    if form.validate_on_submit():
        with _SavingCase(case, form, field_map) as attempt:
            act(session, actor, case, form)
        case = attempt.case
        if attempt.saved:
            flash(done(case), "success")
            return redirect(url_for("staff.case", reference=case.reference))
    extra = context(session, case) if context else {}
    status = 400 if form.errors else 200
    return render_template(template, case=case, form=form, **extra), status


class _SavingCase(Saving):
    """Commit the block's change to ``case``, or keep the form with why it was refused::

        with _SavingCase(case, form, field_map) as attempt:
            reviews.do_something(session, actor, case, ..., expected_version=...)
        case = attempt.case
        if attempt.saved:
            ...

    A stale save (someone else saved the case first) reloads the case into ``attempt.case``
    and keeps what was typed, with the message. ``ValidationFailed`` puts its messages on the
    fields (through ``field_map``), or ``invalid`` on the form when given; a refused lifecycle
    move, or a ``Conflict`` when ``conflicts``, goes on the form. Each rolls the session back.
    Anything else goes on to the caller.
    """

    def __init__(
        self,
        case: Case,
        form: VersionedForm,
        field_map: dict[str, str] | None = None,
        *,
        invalid: str | None = None,
        conflicts: bool = True,
    ) -> None:
        super().__init__(form, field_map)
        self.case = case
        self.versioned = form
        self.invalid = invalid
        self.refused: tuple[type[Exception], ...] = (errors.InvalidTransition,)
        if conflicts:
            self.refused += (errors.Conflict,)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _traceback: object
    ) -> bool:
        if error is None:
            try:
                commit()  # a concurrent save of the case is found here (StaleCase)
            except errors.StaleCase as stale:
                error = stale
            else:
                self.saved = True
                return False
        if not isinstance(error, (errors.StaleCase, errors.ValidationFailed, *self.refused)):
            return False
        session = db_session()
        session.rollback()
        form = self.versioned
        if isinstance(error, errors.StaleCase):
            # The rollback expired the case: this reloads it.
            self.case = case_for(session, current_actor(), self.case.reference)
            form.refresh_version(self.case.version)
            form.version.errors = [error.message]
        elif isinstance(error, errors.ValidationFailed) and self.invalid is None:
            apply_errors(form, error, self.field_map)
        elif isinstance(error, errors.ValidationFailed):
            form.version.errors = [self.invalid]
        else:
            form.version.errors = [str(getattr(error, "message", error))]
        return True


# The pages of the case action table (staff/action_pages.py): one route each, registered with
# the blueprint from the table as it then is.


@bp.record
def _action_pages(state: BlueprintSetupState) -> None:
    for action, page in PAGES.items():
        state.add_url_rule(
            path_of(action, page),
            name_of(action, page),
            _action_page(action, page),
            methods=["GET", "POST"],
        )


def _action_page(action: CaseAction, page: Page) -> Callable[[str], ResponseReturnValue]:
    form_class = form_for(action, page)

    def act(session: Session, actor: User, case: Case, form: Any) -> None:
        page.service(
            session, actor, case, expected_version=form.version.data, **values_of(form, page)
        )

    def context(session: Session, case: Case) -> dict[str, Any]:
        return {"page": page, **(page.context(session, case) if page.context else {})}

    @requires(*page.roles)
    def view(reference: str) -> ResponseReturnValue:
        return _case_form(reference, form_class, page.template, act, page.done, context=context)

    return view


@bp.route("/staff/cases/<reference>/original-decision-maker", methods=["GET", "POST"])
@requires(*CASEWORK_ROLES)
def original_decision_maker(reference: str) -> ResponseReturnValue:
    def prepare(session: Session, actor: User, case: Case, form: Any) -> None:
        staff = cases.staff_of(session, case)
        form.staff_member.choices = options(
            [("", "Select a member of staff"), *((str(u.id), _staff_label(u)) for u in staff)]
        )
        if request.method == "GET":
            if case.original_decision_maker_id:
                form.staff_member.data = str(case.original_decision_maker_id)
            else:
                form.name.data = case.original_decision_maker_name

    def act(session: Session, actor: User, case: Case, form: Any) -> None:
        cases.record_original_decision_maker(
            session,
            actor,
            case,
            user_id=whole_number(form.staff_member.data),
            name=form.name.data or "",
            expected_version=form.version.data,
        )

    return _case_form(
        reference,
        OriginalDecisionMakerForm,
        "staff/original_decision_maker.html",
        act,
        lambda c: f"Recorded that {c.original_decision_maker_name} made the original decision.",
        prepare=prepare,
        field_map={"original_decision_maker": "staff_member"},
    )


def _staff_label(user: User) -> str:
    return f"{user.name} ({Role(user.role).label.lower()})"


@bp.route("/staff/cases/<reference>/assign", methods=["GET", "POST"])
@requires(*CASEWORK_ROLES)
def assign(reference: str) -> ResponseReturnValue:
    def prepare(session: Session, actor: User, case: Case, form: Any) -> None:
        form.reviewer.choices = options(
            [
                ("", "Select a reviewer"),
                *((str(u.id), u.name) for u in queries.eligible_reviewers(session, case)),
            ]
        )

    def act(session: Session, actor: User, case: Case, form: Any) -> None:
        reviewer_id = whole_number(form.reviewer.data)
        if reviewer_id is None:
            raise errors.ValidationFailed({"reviewer": "Select a reviewer"})
        cases.assign(
            session, actor, case, reviewer_id=reviewer_id, expected_version=form.version.data
        )

    return _case_form(
        reference,
        AssignForm,
        "staff/assign.html",
        act,
        lambda c: f"Review {c.reference} assigned to {queries.name_of(c.reviewer_id)}.",
        prepare=prepare,
    )


# -- the decision --------------------------------------------------------------------------


@bp.route("/staff/cases/<reference>/decision", methods=["GET", "POST"])
@requires(Role.REVIEWER)
def decision(reference: str) -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    case = case_for(session, actor, reference)
    reviews.require_decider(actor, case)
    saved = reviews.decision_for(session, case)
    layout = decision_form(case, saved, prefill=request.method == "GET")
    form = layout.form
    if form.validate_on_submit():
        values = decision_values(layout)
        command = reviews.DecisionInput(
            ground_findings=tuple(reviews.GroundFindingInput(**g) for g in values["grounds"]),
            provision_findings=tuple(
                reviews.ProvisionFindingInput(**p) for p in values["provisions"]
            ),
            released_information=values["released_information"],
            letter_summary=values["letter_summary"],
            internal_notes=values["internal_notes"],
        )
        # A Conflict other than a stale save is left to the application's handler.
        with _SavingCase(case, form, decision_field_map(case), conflicts=False) as attempt:
            reviews.save_decision(session, actor, case, command, expected_version=form.version.data)
        case = attempt.case
        if attempt.saved:
            _say_what_was_saved(case, reviews.decision_for(session, case))
            return redirect(url_for("staff.decision", reference=case.reference))
    saved = reviews.decision_for(session, case)
    return render_template(
        "staff/decision.html",
        case=case,
        form=form,
        layout=layout,
        outcome=_derived_outcome(case, saved),
        error_fields=_decision_fields_in_page_order(layout),
    ), (400 if form.errors else 200)


def _say_what_was_saved(case: Case, saved: ReviewDecision | None) -> None:
    """A saved decision is a draft until nothing is missing: say which, and what is needed."""
    missing = reviews.completeness_errors(case, saved)
    if not missing:
        outcome = outcome_of(case, saved) if saved is not None else None
        flash(
            "Your findings have been saved. Every ground and provision is decided"
            + (f": the outcome is {outcome.label.lower()}, ready to issue." if outcome else "."),
            "success",
        )
        return
    items = Markup("").join(Markup("<li>{}</li>").format(message) for message in missing.values())
    flash(
        Markup(
            '<p class="govuk-notification-banner__heading">Your findings have been saved as a '
            'draft.</p><p class="govuk-body">Still needed before you can issue the outcome:</p>'
            '<ul class="govuk-list govuk-list--bullet govuk-!-margin-bottom-0">{}</ul>'
        ).format(items),
        "info",
    )


def _decision_fields_in_page_order(layout: staff_forms.DecisionFormLayout) -> list[Any]:
    form = layout.form
    fields: list[Any] = [form.version]
    for g in layout.grounds:
        fields += [g.upheld, g.reasons]
    for p in layout.provisions:
        fields += [p.finding, p.replacement, p.reasons]
        if p.public_interest is not None:
            fields.append(p.public_interest)
    return fields + [form.released_information, form.letter_summary, form.internal_notes]


@bp.get("/staff/cases/<reference>/decision/preview.pdf")
@requires(*STAFF_ROLES)
def preview_letter(reference: str) -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    case = case_for(session, actor, reference)
    try:
        pdf = reviews.preview_outcome_letter(session, actor, case, today=clock.today())
    except (errors.Conflict, errors.ValidationFailed) as error:
        flash(f"The letter cannot be previewed yet. {_first_missing(error)}")
        return redirect(url_for("staff.case", reference=case.reference))
    return _pdf(pdf, f"{case.reference}-outcome-DRAFT.pdf", inline=True)


def _first_missing(error: errors.Conflict | errors.ValidationFailed) -> str:
    if isinstance(error, errors.ValidationFailed):
        messages = list(error.errors.values())
        more = f" (and {len(messages) - 1} more)" if len(messages) > 1 else ""
        return f"{messages[0]}{more}."
    return error.message


@bp.route("/staff/cases/<reference>/issue", methods=["GET", "POST"])
@requires(Role.REVIEWER)
def issue(reference: str) -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    case = case_for(session, actor, reference)
    reviews.require_decider(actor, case)
    form = IssueForm(version=case.version) if request.method == "GET" else IssueForm()
    if form.validate_on_submit():
        invalid = "Record every finding before issuing the outcome"
        with _SavingCase(case, form, invalid=invalid) as attempt:
            letter = reviews.issue_decision(
                session, actor, case, expected_version=form.version.data, today=clock.today()
            )
        case = attempt.case
        if attempt.saved:
            assert case.outcome is not None  # issuing the decision records it
            flash(
                f"{ReviewOutcome(case.outcome).label}. The outcome letter (version "
                f"{letter.version}) has been issued and e-mailed to {case.requester.name}.",
                "success",
            )
            return redirect(url_for("staff.case", reference=case.reference))
    decision_saved = reviews.decision_for(session, case)
    outcome = _derived_outcome(case, decision_saved)
    field_map = decision_field_map(case)
    missing = [
        (
            message,
            url_for("staff.decision", reference=case.reference) + "#" + field_map.get(key, key),
        )
        for key, message in outcome["missing"].items()
    ]
    return render_template(
        "staff/issue.html", case=case, form=form, outcome=outcome, missing=missing
    ), (400 if form.errors else 200)


@bp.route("/staff/cases/<reference>/correct", methods=["GET", "POST"])
@requires(*STAFF_ROLES)
def correct(reference: str) -> ResponseReturnValue:
    def prepare(session: Session, actor: User, case: Case, form: Any) -> None:
        reviews.require_corrector(actor, case)  # the form itself is not shown to anyone else

    def act(session: Session, actor: User, case: Case, form: Any) -> None:
        reviews.correct_outcome_letter(
            session,
            actor,
            case,
            note=form.note.data or "",
            expected_version=form.version.data,
            today=clock.today(),
        )

    return _case_form(
        reference,
        CorrectionForm,
        "staff/correct.html",
        act,
        lambda c: "The corrected letter has been issued and e-mailed to the requester.",
        prepare=prepare,
    )


@bp.get("/staff/cases/<reference>/letters/<int:letter_id>")
@requires(*STAFF_ROLES)
def letter(reference: str, letter_id: int) -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    case = case_for(session, actor, reference)
    found = letter_of(session, case, letter_id)
    if found is None:
        raise errors.NotFound("No such letter.")
    return _pdf(found.pdf, letter_filename(case, found), inline=False)


def _pdf(data: bytes, filename: str, *, inline: bool) -> Response:
    response = send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        as_attachment=not inline,
        download_name=filename,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


# -- a complaint received by post or e-mail -------------------------------------------------


@bp.route("/staff/complaints/new", methods=["GET", "POST"])
@requires(*CASEWORK_ROLES)
def enter_complaint() -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    form = EnterComplaintForm()
    authorities = authority_options(session, actor)
    form.authority.choices = options(
        [("", "Select the authority"), *((str(a.id), a.name) for a in authorities)]
    )
    if request.method == "GET":
        form.received_on.data = clock.today()
        if len(authorities) == 1:
            form.authority.data = str(authorities[0].id)
            form.regime.data = authorities[0].regime
    if form.validate_on_submit():
        command = _file_command(form, {a.id for a in authorities})
        # The service names a ground by its place in the command; show it on its text box.
        field_map = {
            "provisions": "provision_1",
            **{
                f"grounds-{i}": ground_text_field(str(ground.kind))
                for i, ground in enumerate(command.grounds)
            },
        }
        try:
            filed = cases.file_case(session, actor, command, today=clock.today())
            commit()
        except errors.ValidationFailed as error:
            session.rollback()
            apply_errors(form, _ground_errors(error, form), field_map)
        except errors.Forbidden as error:
            session.rollback()
            form.authority.errors = [error.message]
        else:
            message = f"Complaint {filed.case.reference} entered for {filed.case.requester.name}."
            for warning in filed.warnings:
                message += f" {warning}"
            flash(message, "success")
            return redirect(url_for("staff.case", reference=filed.case.reference))
    return render_template(
        "staff/enter_complaint.html",
        form=form,
        provision_rows=[
            (form[f"provision_{i}"], form[f"ncnd_{i}"]) for i in range(1, PROVISION_ROWS + 1)
        ],
        ground_texts={
            kind: form[ground_text_field(kind)] for kind, _ in staff_forms.GROUND_CHOICES
        },
    ), (400 if form.errors else 200)


def _file_command(form: EnterComplaintForm, authority_ids: set[int]) -> cases.FileCase:
    cited = form.cited()
    grounds: list[cases.GroundInput] = []
    for kind in form.grounds.data or ():
        text = form[ground_text_field(kind)].data or ""
        if kind == GroundKind.PROVISION.value:
            grounds += [
                cases.GroundInput(GroundKind.PROVISION, text, provision=provision)
                for provision, _ in cited
            ]
        else:
            grounds.append(cases.GroundInput(kind, text))
    authority_id = whole_number(form.authority.data)
    if authority_id not in authority_ids:
        authority_id = None  # the service then asks for one
    return cases.FileCase(
        regime=form.regime.data or "",
        grounds=tuple(grounds),
        authority_id=authority_id,
        request_reference=form.request_reference.data or "",
        request_sent_on=form.request_sent_on.data,
        request_received_on=form.request_received_on.data,
        request_text=form.request_text.data or "",
        no_response=bool(form.no_response.data),
        response_date=None if form.no_response.data else form.response_date.data,
        response_text=form.response_text.data or "",
        provisions=tuple(cases.ProvisionInput(p, ncnd=n) for p, n in cited),
        received_on=form.received_on.data,
        requester_email=form.requester_email.data or "",
        requester_name=form.requester_name.data or "",
        acting_for_someone_else=bool(form.acting_for_someone_else.data),
        previous_regulator_reference=form.previous_regulator_reference.data or "",
    )


def _ground_errors(
    error: errors.ValidationFailed, form: EnterComplaintForm
) -> errors.ValidationFailed:
    """A provision ground with no provision listed is a missing provision, said plainly."""
    messages = dict(error.errors)
    kinds = list(form.grounds.data or ())
    if GroundKind.PROVISION.value in kinds and not form.cited():
        messages.pop("grounds", None)
        messages["provision_1"] = "Enter the provisions the authority relied on"
    if messages.get("grounds") and not kinds:
        messages["grounds"] = "Select at least one reason the requester gives"
    return errors.ValidationFailed(messages)


# -- statistics ----------------------------------------------------------------------------


@bp.get("/staff/statistics")
@requires(*STAFF_ROLES)
def statistics() -> ResponseReturnValue:
    session, actor = db_session(), current_actor()
    today = clock.today()
    years = years_available(session, actor, today)
    year = whole_number(request.args.get("year")) or today.year
    if year not in years:
        year = today.year
    authorities = authority_options(session, actor) if actor.authority_id is None else []
    authority_id = whole_number(request.args.get("authority"))
    if authority_id not in {a.id for a in authorities}:
        authority_id = None
    figures = statistics_for(session, actor, year, authority_id=authority_id)
    return render_template(
        "staff/statistics.html",
        stats=figures,
        years=years,
        authorities=authorities,
        authority_id=authority_id,
    )
