"""The reviewer's decision: findings per ground and per provision, and the outcome letter."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from annotated_types import MaxLen
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from review_service import clock
from review_service.accounts.models import CASEWORK_ROLES, STAFF_ROLES, Role, User
from review_service.cases.models import Case
from review_service.cases.policy import require_staff_for
from review_service.cases.services import (
    check_version,
    ensure_allowed,
    made_original_decision,
    move,
)
from review_service.domain import limits
from review_service.domain.calendar import Regime
from review_service.domain.exemptions import lookup
from review_service.domain.kinds import LetterKind
from review_service.domain.lifecycle import CaseAction
from review_service.domain.limits import too_long
from review_service.domain.review import (
    GroundKind,
    ProvisionOutcome,
    ReviewOutcome,
    decision_contradiction,
    ground_contradiction,
)
from review_service.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed
from review_service.letters.models import Letter
from review_service.letters.outcome import build_outcome_letter, send_outcome
from review_service.letters.queries import load_letter_parts
from review_service.letters.render import render_letter
from review_service.letters.services import format_date, latest_letter
from review_service.reviews.models import GroundFinding, ProvisionFinding, ReviewDecision
from review_service.reviews.outcome import ground_title, outcome_of, relied_on

# The command type the API reads a saved decision as (api/bodies.py).
Reasons = Annotated[str, MaxLen(limits.GROUND_TEXT)]
Notes = Annotated[str, MaxLen(limits.NOTES)]


@dataclass(frozen=True)
class GroundFindingInput:
    ground_id: int
    upheld: bool | None
    reasons: Reasons = ""


@dataclass(frozen=True)
class ProvisionFindingInput:
    cited_provision_id: int
    finding: ProvisionOutcome | str | None
    replacement_provision: Annotated[str, MaxLen(limits.PROVISION)] = ""
    reasons: Reasons = ""
    public_interest_reasons: Reasons = ""


@dataclass(frozen=True)
class DecisionInput:
    ground_findings: Annotated[tuple[GroundFindingInput, ...], MaxLen(limits.ITEMS)] = ()
    provision_findings: Annotated[tuple[ProvisionFindingInput, ...], MaxLen(limits.ITEMS)] = ()
    released_information: Notes = ""
    letter_summary: Notes = ""
    internal_notes: Notes = ""


def require_decider(actor: User, case: Case) -> None:
    """Only the assigned reviewer decides, and never the person who made the original decision
    (s.45 Code of Practice: a fresh decision by someone not involved in the original one)."""
    if case.reviewer_id != actor.id:
        raise Forbidden("Only the assigned reviewer can decide this review.")
    if made_original_decision(case, actor):
        raise Forbidden("You made the original decision, so you cannot review it.")


def _require_reviewer(actor: User, case: Case, action: CaseAction) -> None:
    require_staff_for(actor, case, Role.REVIEWER)
    ensure_allowed(case, action)  # the state machine speaks before the assignment checks
    require_decider(actor, case)


def _passes(*checks: Callable[[], object]) -> bool:
    try:
        for check in checks:
            check()
    except (Forbidden, Conflict, InvalidTransition):
        return False
    return True


def may_decide(actor: User, case: Case, action: CaseAction) -> bool:
    """Whether ``actor`` may save findings (SAVE_DECISION) or issue the outcome (DECIDE) now."""
    return _passes(lambda: _require_reviewer(actor, case, action))


# Built once: the case pages and the decision's pages read the decision on every request.
_DECISION = select(ReviewDecision).where(ReviewDecision.case_id == bindparam("case_id"))
_DECISION_WITH_FINDINGS = _DECISION.options(
    joinedload(ReviewDecision.ground_findings),
    joinedload(ReviewDecision.provision_findings),
)


def decision_for(
    session: Session, case: Case, *, with_findings: bool = False
) -> ReviewDecision | None:
    """The case's saved decision; ``with_findings`` loads its ground and provision findings in
    the same statement (a handful of each: the joined rows are their product)."""
    query = _DECISION_WITH_FINDINGS if with_findings else _DECISION
    return session.execute(query, {"case_id": case.id}).unique().scalar_one_or_none()


def save_decision(
    session: Session,
    actor: User,
    case: Case,
    command: DecisionInput,
    *,
    expected_version: int | None = None,
) -> ReviewDecision:
    """Save the reviewer's findings (a draft: incomplete answers are kept, not refused)."""
    _require_reviewer(actor, case, CaseAction.SAVE_DECISION)
    check_version(case, expected_version)
    errors: dict[str, str] = {}
    grounds = {g.id: g for g in case.grounds}
    provisions = {p.id: p for p in case.refusal_notice.provisions}
    for item in command.ground_findings:
        if item.ground_id not in grounds:
            errors[f"ground-{item.ground_id}"] = "That ground is not part of this complaint"
        if len(item.reasons) > limits.GROUND_TEXT:
            errors[f"ground-{item.ground_id}-reasons"] = too_long(limits.GROUND_TEXT, "Reasons")
    for given in command.provision_findings:
        key = f"provision-{given.cited_provision_id}"
        if given.cited_provision_id not in provisions:
            errors[key] = "That provision is not part of this complaint"
            continue
        if given.finding not in (None, ""):
            try:
                finding = ProvisionOutcome(given.finding)
            except ValueError:
                errors[key] = "Select maintained, withdrawn or replaced"
                continue
            if finding is ProvisionOutcome.REPLACED:
                replacement = lookup(Regime(case.regime), given.replacement_provision)
                if not given.replacement_provision or replacement is None:
                    errors[f"{key}-replacement"] = "Select the provision now relied on instead"
        # FOIA s.2(3), FOISA s.2(2), EIR reg 13 first condition and reg 5(3), s.12 and s.14:
        # no public interest is weighed, so no balance is printed for one (pages and API alike).
        cited = provisions[given.cited_provision_id]
        if given.public_interest_reasons.strip() and key not in errors:
            relied = relied_on(case, cited, given)
            if relied is not None and not relied.public_interest_test:
                errors[f"{key}-public-interest"] = (
                    f"{relied.provision} has no public-interest test: leave the "
                    "public-interest balance empty"
                )
        for name, text in (
            ("reasons", given.reasons),
            ("public-interest", given.public_interest_reasons),
        ):
            if len(text) > limits.GROUND_TEXT:
                errors[f"{key}-{name}"] = too_long(limits.GROUND_TEXT)
    for name, text in (
        ("released_information", command.released_information),
        ("letter_summary", command.letter_summary),
        ("internal_notes", command.internal_notes),
    ):
        if len(text) > limits.NOTES:
            errors[name] = too_long(limits.NOTES)
    if errors:
        raise ValidationFailed(errors)

    # The case's version moves first: a save sent at the same time against the same version
    # waits for this one and is refused as stale before it touches the findings this replaces.
    move(
        session,
        actor,
        case,
        CaseAction.SAVE_DECISION,
        "Review findings saved",
        visible_to_requester=False,
    )
    decision = decision_for(session, case)
    if decision is None:
        decision = ReviewDecision(case_id=case.id)
        session.add(decision)
    decision.released_information = command.released_information.strip()
    decision.letter_summary = command.letter_summary.strip()
    decision.internal_notes = command.internal_notes.strip()
    decision.updated_by_id = actor.id
    decision.ground_findings.clear()
    decision.provision_findings.clear()
    session.flush()
    for item in command.ground_findings:
        if item.upheld is None:
            continue
        decision.ground_findings.append(
            GroundFinding(
                ground_id=item.ground_id, upheld=item.upheld, reasons=item.reasons.strip()
            )
        )
    for given in command.provision_findings:
        if given.finding in (None, ""):
            continue
        finding = ProvisionOutcome(given.finding)
        replaced_by = ""
        if finding is ProvisionOutcome.REPLACED:
            entry = lookup(Regime(case.regime), given.replacement_provision)
            replaced_by = given.replacement_provision if entry else ""
        decision.provision_findings.append(
            ProvisionFinding(
                cited_provision_id=given.cited_provision_id,
                finding=finding.value,
                replacement_provision=replaced_by,
                reasons=given.reasons.strip(),
                public_interest_reasons=given.public_interest_reasons.strip(),
            )
        )
    return decision


def completeness_errors(case: Case, decision: ReviewDecision | None) -> dict[str, str]:
    """What is still missing before the outcome can be issued."""
    errors: dict[str, str] = {}
    ground_findings = {f.ground_id: f for f in decision.ground_findings} if decision else {}
    provision_findings = (
        {f.cited_provision_id: f for f in decision.provision_findings} if decision else {}
    )
    for ground in case.grounds:
        finding = ground_findings.get(ground.id)
        if finding is None:
            errors[f"ground-{ground.id}"] = (
                f"Decide whether the ground “{ground_title(ground)}” is upheld"
            )
        elif not finding.reasons:
            errors[f"ground-{ground.id}-reasons"] = (
                f"Give reasons for the ground “{ground_title(ground)}”"
            )
    for cited in case.refusal_notice.provisions:
        provision_finding = provision_findings.get(cited.id)
        if provision_finding is None:
            errors[f"provision-{cited.id}"] = f"Decide whether {cited.provision} is maintained"
            continue
        if not provision_finding.reasons:
            errors[f"provision-{cited.id}-reasons"] = f"Give reasons for {cited.provision}"
        # FOIA s.2(2)(b), FOISA s.2(1)(b), EIR reg 12(1)(b): a qualified exemption or an
        # exception needs the public-interest balance; for a replaced provision, the one now
        # relied on decides (s.41(1) replaced by s.43(2) needs it).
        relied = relied_on(case, cited, provision_finding)
        if (
            relied is not None
            and relied.public_interest_test
            and not provision_finding.public_interest_reasons
        ):
            errors[f"provision-{cited.id}-public-interest"] = (
                f"Set out the public-interest balance for {relied.provision}"
            )
    if not case.grounds and not case.refusal_notice.provisions:
        errors["decision"] = "There is nothing to decide"
    if decision is not None:
        errors |= _contradictions(case, decision, ground_findings, provision_findings)
    return errors


def _contradictions(
    case: Case,
    decision: ReviewDecision,
    ground_findings: dict[int, GroundFinding],
    provision_findings: dict[int, ProvisionFinding],
) -> dict[str, str]:
    """Findings that contradict each other, refused before the outcome is issued."""
    errors: dict[str, str] = {}
    for ground in case.grounds:
        finding = ground_findings.get(ground.id)
        cited = ground.cited_provision
        if finding is None or cited is None or GroundKind(ground.kind) is not GroundKind.PROVISION:
            continue
        on_provision = provision_findings.get(cited.id)
        problem = ground_contradiction(
            cited.provision, finding.upheld, on_provision.finding if on_provision else None
        )
        if problem:
            errors[f"ground-{ground.id}"] = problem
    kinds = {g.id: g.kind for g in case.grounds}
    problem = decision_contradiction(
        [(kinds[f.ground_id], f.upheld) for f in decision.ground_findings],
        [f.finding for f in decision.provision_findings],
        releasing_information=bool(decision.released_information.strip()),
    )
    if problem:
        errors["released_information"] = problem
    return errors


def preview_outcome_letter(
    session: Session, actor: User, case: Case, *, today: dt.date | None = None
) -> bytes:
    # Who may preview is decided before anything else is read.
    if not (actor.id == case.reviewer_id or actor.has_role(*CASEWORK_ROLES)):
        raise Forbidden("Only the reviewer or a caseworker can preview this letter.")
    require_staff_for(actor, case, *STAFF_ROLES)
    load_letter_parts(session, case, findings=True)
    decision = decision_for(session, case, with_findings=True)
    if decision is None:
        raise Conflict("No findings have been saved yet.")
    errors = completeness_errors(case, decision)
    if errors:
        raise ValidationFailed(errors)
    reviewer = case.reviewer or actor
    return render_letter(
        build_outcome_letter(
            case, decision, reviewer, letter_date=today or clock.today(), draft=True
        )
    )


def issue_decision(
    session: Session,
    actor: User,
    case: Case,
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Letter:
    """Issue the outcome: derive it, store the letter immutably, tell the requester."""
    _require_reviewer(actor, case, CaseAction.DECIDE)
    check_version(case, expected_version)
    decision = decision_for(session, case)
    errors = completeness_errors(case, decision)
    if errors or decision is None:
        raise ValidationFailed(errors or {"decision": "Record the findings first"})
    today = today or clock.today()
    outcome = outcome_of(case, decision)
    case.outcome = outcome.value
    case.decided_on = today
    content = build_outcome_letter(case, decision, actor, letter_date=today, draft=False)
    pdf = render_letter(content)
    move(
        session,
        actor,
        case,
        CaseAction.DECIDE,
        f"Review decided: {outcome.label}",
        after={
            "outcome": outcome.value,
            "decided_on": today,
            "letter_sha256": hashlib.sha256(pdf).hexdigest(),
        },
    )
    return send_outcome(session, actor, case, "Review outcome", content, pdf, outcome)


def require_corrector(actor: User, case: Case) -> None:
    """Who may issue a corrected outcome letter: the assigned reviewer, a caseworker or an
    administrator of the case's authority, and never whoever made the original decision (s.45
    Code of Practice: the review is not the original decision-maker's to shape)."""
    require_staff_for(actor, case, *STAFF_ROLES)
    if made_original_decision(case, actor):
        raise Forbidden("You made the original decision, so you cannot correct the outcome.")
    if actor.role == Role.REVIEWER and case.reviewer_id != actor.id:
        raise Forbidden(
            "Only the assigned reviewer, a caseworker or an administrator can correct the "
            "outcome letter."
        )


def _require_correctable(case: Case) -> None:
    ensure_allowed(case, CaseAction.CORRECT_LETTER)  # an open case past the review stage
    if case.outcome is None:
        raise Conflict("There is no issued outcome letter to correct.")


def may_correct(actor: User, case: Case) -> bool:
    """Whether ``actor`` could issue a corrected outcome letter for ``case`` now."""
    return _passes(lambda: require_corrector(actor, case), lambda: _require_correctable(case))


def correct_outcome_letter(
    session: Session,
    actor: User,
    case: Case,
    *,
    note: str,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Letter:
    """Issue a corrected outcome letter: a new version that points to the one it replaces."""
    require_corrector(actor, case)
    _require_correctable(case)
    check_version(case, expected_version)
    note = note.strip()
    if not note:
        raise ValidationFailed({"note": "Say what the correction is"})
    if len(note) > limits.GROUND_TEXT:
        raise ValidationFailed({"note": too_long(limits.GROUND_TEXT)})
    previous = latest_letter(session, case, LetterKind.OUTCOME)
    decision = decision_for(session, case)
    assert previous is not None and decision is not None and case.outcome is not None
    outcome = ReviewOutcome(case.outcome)
    version_note = (
        f"This letter corrects and replaces the letter dated {format_date(previous.letter_date)} "
        f"(version {previous.version}). {note}"
    )
    reviewer = case.reviewer or actor
    content = build_outcome_letter(
        case,
        decision,
        reviewer,
        letter_date=previous.letter_date,
        draft=False,
        version_note=version_note,
    )
    pdf = render_letter(content)
    version = previous.version + 1
    # The case's version moves before the letter is stored: a correction sent at the same time
    # against the same version waits for this one and is then refused as stale.
    move(
        session,
        actor,
        case,
        CaseAction.CORRECT_LETTER,
        f"Outcome letter corrected (version {version}): {note}",
        before={"letter_id": previous.id, "sha256": previous.sha256},
        after={"letter_version": version, "sha256": hashlib.sha256(pdf).hexdigest()},
    )
    return send_outcome(session, actor, case, "Review outcome (corrected)", content, pdf, outcome)
