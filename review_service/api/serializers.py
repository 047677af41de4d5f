"""Models to the JSON the API returns: plain values only, shaped as openapi.py describes them.

What a requester sees is decided here as well as in the services: staff names and the audit
trail's before/after values are for staff; requesters get the events meant for them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from flask import url_for
from sqlalchemy import Row
from sqlalchemy.orm import Session

from review_service.accounts.models import Role, User
from review_service.audit.services import timeline_detail_rows
from review_service.cases.actions import available_actions
from review_service.cases.clocks import applicable
from review_service.cases.models import Case
from review_service.cases.notifications import Delivery, delivery_to_authority
from review_service.documents.models import Document
from review_service.domain.lifecycle import CaseStatus
from review_service.domain.review import GroundKind
from review_service.letters.models import Letter
from review_service.regulator.models import DecisionNotice, RegulatorReferral, TribunalAppeal
from review_service.regulator.queries import appeal_for, decision_notice_for, referral_for
from review_service.reviews.models import ReviewDecision
from review_service.reviews.outcome import outcome_of
from review_service.reviews.services import completeness_errors


def iso(day: dt.date | dt.datetime | None) -> str | None:
    return day.isoformat() if day is not None else None


def case_deadlines(session: Session, case: Case) -> dict[str, dict[str, Any]]:
    """The case's clocks by name (cases/clocks.py); a clock that does not apply is left out."""
    return {
        name: {"date": clock.due.isoformat(), "label": clock.label, "basis": clock.basis}
        for name, clock in applicable(session, case).items()
    }


def _is_requester(actor: User) -> bool:
    return actor.role == Role.REQUESTER


def case_links(actor: User, case: Case) -> dict[str, str]:
    """Where to go next; a requester is not shown links only staff may follow."""
    ref = case.reference
    links = {
        "self": url_for("api.get_case", reference=ref),
        "actions": url_for("api.case_action", reference=ref),
        "referral": url_for("api.refer", reference=ref),
        "pack_answers": url_for("api.get_pack_answers", reference=ref),
        "appeal": url_for("api.appeal", reference=ref),
        "letters": url_for("api.list_letters", reference=ref),
        "documents": url_for("api.list_documents", reference=ref),
        "pack_pdf": url_for("api.pack_pdf", reference=ref),
        "pack_zip": url_for("api.pack_zip", reference=ref),
    }
    if not _is_requester(actor):
        links["decision"] = url_for("api.get_decision", reference=ref)
        links["decision_notice"] = url_for("api.record_decision_notice", reference=ref)
        links["submission_pdf"] = url_for("api.submission_pdf", reference=ref)
    return links


def _person(user: User | None) -> dict[str, Any] | None:
    return {"id": user.id, "name": user.name} if user is not None else None


@dataclass(frozen=True)
class ListedCase:
    """What a case summary shows: the case list reads these as columns of its own query
    (``of_row``), never the whole case."""

    id: int
    reference: str
    status: str
    regime: str
    version: int
    authority_id: int
    authority_name: str
    requester_name: str
    requester_email: str
    received_on: dt.date
    review_due_on: dt.date
    outcome: str | None
    reviewer_id: int | None
    reviewer_name: str | None

    @classmethod
    def of_row(cls, row: Any) -> ListedCase:
        return cls(**{name: getattr(row, name) for name in cls.__dataclass_fields__})

    @classmethod
    def of_case(cls, case: Case) -> ListedCase:
        reviewer = case.reviewer
        return cls(
            id=case.id,
            reference=case.reference,
            status=case.status,
            regime=case.regime,
            version=case.version,
            authority_id=case.authority.id,
            authority_name=case.authority.name,
            requester_name=case.requester.name,
            requester_email=case.requester.email,
            received_on=case.received_on,
            review_due_on=case.review_due_on,
            outcome=case.outcome,
            reviewer_id=reviewer.id if reviewer is not None else None,
            reviewer_name=reviewer.name if reviewer is not None else None,
        )


def case_summary(actor: User, case: Case) -> dict[str, Any]:
    return listed_case(actor, ListedCase.of_case(case))


def listed_case(actor: User, case: ListedCase) -> dict[str, Any]:
    body: dict[str, Any] = {
        "reference": case.reference,
        "status": case.status,
        "status_label": CaseStatus(case.status).label,
        "regime": case.regime,
        "version": case.version,
        "authority": {"id": case.authority_id, "name": case.authority_name},
        "requester": {"name": case.requester_name, "email": case.requester_email},
        "received_on": case.received_on.isoformat(),
        "review_due_on": case.review_due_on.isoformat(),
        "outcome": case.outcome,
        "links": {"self": url_for("api.get_case", reference=case.reference)},
    }
    if not _is_requester(actor):
        body["reviewer"] = (
            {"id": case.reviewer_id, "name": case.reviewer_name}
            if case.reviewer_id is not None
            else None
        )
    return body


def referral_json(referral: RegulatorReferral | None) -> dict[str, Any] | None:
    if referral is None:
        return None
    return {
        "regulator": referral.regulator,
        "basis": referral.basis,
        "referred_on": referral.referred_on.isoformat(),
        "out_of_time": referral.out_of_time,
        "challenge_text": referral.challenge_text,
        "conduct_text": referral.conduct_text,
        "regulator_reference": referral.regulator_reference,
        "investigation_letter_on": iso(referral.investigation_letter_on),
        "submission_due_on": iso(referral.submission_due_on),
    }


def decision_notice_json(notice: DecisionNotice | None) -> dict[str, Any] | None:
    if notice is None:
        return None
    return {
        "kind": notice.kind,
        "reference": notice.reference,
        "issued_on": notice.issued_on.isoformat(),
        "steps_required": notice.steps_required,
        "compliance_days": notice.compliance_days,
        "compliance_due_on": iso(notice.compliance_due_on),
        "complied_on": iso(notice.complied_on),
        "appeal_due_on": iso(notice.appeal_due_on),
        "findings": [{"provision": f.provision, "outcome": f.outcome} for f in notice.findings],
    }


def appeal_json(appeal: TribunalAppeal | None) -> dict[str, Any] | None:
    if appeal is None:
        return None
    return {
        "appellant": appeal.appellant,
        "lodged_on": appeal.lodged_on.isoformat(),
        "late": appeal.late,
        "tribunal_reference": appeal.tribunal_reference,
        "outcome": appeal.outcome,
        "outcome_on": iso(appeal.outcome_on),
    }


def timeline_event(actor: User, case: Case, event: Row[Any]) -> dict[str, Any]:
    """One event of the case's timeline (a row of ``audit.services.timeline_detail_rows``)."""
    if _is_requester(actor):
        # Requesters see who acted as "You" or the authority, not staff members' names.
        if event.actor_id is None:
            who = None
        elif event.actor_id == actor.id:
            who = "You"
        else:
            who = case.authority.name
        return {
            "at": event.at.isoformat(),
            "action": event.action,
            "summary": event.summary,
            "actor": who,
        }
    return {
        "at": event.at.isoformat(),
        "action": event.action,
        "summary": event.summary,
        "actor": event.actor_name,
        "before": dict(event.before or {}),
        "after": dict(event.after or {}),
    }


def _delivery(delivery: Delivery | None) -> dict[str, Any] | None:
    if delivery is None:
        return None
    return {
        "address": delivery.address,
        "sent_at": iso(delivery.sent_at),
        "summary": delivery.summary,
    }


def case_detail(
    session: Session, actor: User, case: Case, *, warnings: tuple[str, ...] | None = None
) -> dict[str, Any]:
    request = case.information_request
    notice = case.refusal_notice
    body = case_summary(actor, case)
    body.update(
        {
            "acknowledged_on": iso(case.acknowledged_on),
            "late_request": case.late_request,
            "late_request_reasons": case.late_request_reasons,
            "acting_for_someone_else": case.acting_for_someone_else,
            "previous_regulator_reference": case.previous_regulator_reference,
            "extended": case.extended,
            "extension_reason": case.extension_reason,
            "decided_on": iso(case.decided_on),
            "closed_on": iso(case.closed_on),
            "closure_reason": case.closure_reason,
            "sent_by_email": _delivery(delivery_to_authority(session, case)),
            "deadlines": case_deadlines(session, case),
            "request": {
                "authority_reference": request.authority_reference,
                "sent_on": iso(request.sent_on),
                "received_on": iso(request.received_on),
                "text": request.text,
            },
            "response": {
                "no_response": notice.no_response,
                "date": iso(notice.issued_on),
                "review_window_working_days": notice.review_window_working_days,
                "text": notice.text,
            },
            "provisions": [
                {
                    "id": p.id,
                    "provision": p.provision,
                    "section": p.section,
                    "title": p.title,
                    "absolute": p.absolute,
                    "ncnd": p.ncnd,
                }
                for p in notice.provisions
            ],
            "grounds": [
                {
                    "id": g.id,
                    "kind": g.kind,
                    "label": GroundKind(g.kind).label,
                    "provision": g.cited_provision.provision if g.cited_provision else None,
                    "requester_text": g.requester_text,
                }
                for g in case.grounds
            ],
            "referral": referral_json(referral_for(session, case)),
            "decision_notice": decision_notice_json(decision_notice_for(session, case)),
            "appeal": appeal_json(appeal_for(session, case)),
            "allowed_actions": [a.value for a in available_actions(session, actor, case)],
            "timeline": [
                timeline_event(actor, case, event)
                for event in timeline_detail_rows(session, case, for_requester=_is_requester(actor))
            ],
            "links": case_links(actor, case),
        }
    )
    if not _is_requester(actor):
        body["original_decision_maker"] = (
            {"id": case.original_decision_maker_id, "name": case.original_decision_maker_name}
            if case.original_decision_maker_name
            else None
        )
    if warnings is not None:
        body["warnings"] = list(warnings)
    return body


def letter_json(letter: Letter) -> dict[str, Any]:
    return {
        "id": letter.id,
        "kind": letter.kind,
        "version": letter.version,
        "supersedes_id": letter.supersedes_id,
        "title": letter.title,
        "letter_date": letter.letter_date.isoformat(),
        "issued_at": letter.issued_at.isoformat(),
        "sha256": letter.sha256,
        "links": {"pdf": url_for("api.letter_pdf", letter_id=letter.id)},
    }


def document_json(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "kind": document.kind,
        "title": document.title,
        "filename": document.filename,
        "media_type": document.media_type,
        "sha256": document.sha256,
        "size": document.size,
        "dated": iso(document.dated),
        "created_at": document.created_at.isoformat(),
        "links": {"file": url_for("api.get_document", document_id=document.id)},
    }


_DECISION_FIELD = re.compile(
    r"^(?P<what>ground|provision)-(?P<id>[0-9]+)(?:-(?P<part>reasons|public-interest|replacement))?$"
)
_PARTS = {
    "reasons": "reasons",
    "public-interest": "public_interest_reasons",
    "replacement": "replacement_provision",
}


def decision_field(name: str) -> str:
    """``ground-5-reasons`` -> ``ground_findings[ground_id=5].reasons``: the finding by its id."""
    match = _DECISION_FIELD.match(name)
    if match is None:
        return name
    if match["what"] == "ground":
        field = f"ground_findings[ground_id={match['id']}]"
    else:
        field = f"provision_findings[cited_provision_id={match['id']}]"
    if match["part"]:
        field += "." + _PARTS[match["part"]]
    return field


def decision_json(case: Case, decision: ReviewDecision | None) -> dict[str, Any]:
    missing = completeness_errors(case, decision)
    return {
        "version": case.version,
        "ground_findings": [
            {"ground_id": f.ground_id, "upheld": f.upheld, "reasons": f.reasons}
            for f in (decision.ground_findings if decision else [])
        ],
        "provision_findings": [
            {
                "cited_provision_id": f.cited_provision_id,
                "finding": f.finding,
                "replacement_provision": f.replacement_provision,
                "reasons": f.reasons,
                "public_interest_reasons": f.public_interest_reasons,
            }
            for f in (decision.provision_findings if decision else [])
        ],
        "released_information": decision.released_information if decision else "",
        "letter_summary": decision.letter_summary if decision else "",
        "internal_notes": decision.internal_notes if decision else "",
        "outcome": (
            outcome_of(case, decision).value if decision is not None and not missing else None
        ),
        "missing": [{"field": decision_field(k), "message": v} for k, v in missing.items()],
    }
