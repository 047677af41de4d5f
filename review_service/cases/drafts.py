"""A complaint in progress: the requester's answers, kept on the server page by page.

The answers live in one JSON document per requester, so nothing is lost between pages or
sessions and a long pasted refusal notice never travels in the session cookie. Dates are
stored as ISO strings; `command_from` turns a finished draft into the `FileCase` command that
`cases.services.file_case` files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from review_service.accounts.models import Authority, User
from review_service.audit.services import record
from review_service.cases.models import Case, ComplaintDraft
from review_service.cases.services import (
    FileCase,
    FiledCase,
    GroundInput,
    ProvisionInput,
    file_case,
    uses_service,
)
from review_service.documents.models import Document
from review_service.documents.services import Upload, kind_in_audit, store_document, text_of
from review_service.domain.calendar import Regime
from review_service.domain.exemptions import lookup
from review_service.domain.notice_reader import read_notice
from review_service.domain.review import GroundKind
from review_service.errors import ValidationFailed

# The question pages, in order. "findings" is skipped when there was no response.
STEPS = ("authority", "law", "request", "response", "findings", "grounds")


# -- reading and writing answers -----------------------------------------------------------


def find_draft(session: Session, actor: User) -> ComplaintDraft | None:
    return session.scalar(select(ComplaintDraft).where(ComplaintDraft.user_id == actor.id))


def answers_of(session: Session, actor: User) -> dict[str, Any]:
    """The actor's answers so far (an empty dict when they have not started)."""
    draft = find_draft(session, actor)
    return dict(draft.answers) if draft is not None else {}


def save_answers(
    session: Session,
    actor: User,
    changes: dict[str, Any],
    *,
    step: str | None = None,
    undo: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Merge `changes` into the draft, mark `step` answered and `undo` steps unanswered.

    The JSON column is replaced, never mutated in place, so the change is always flushed.
    """
    draft = _draft_to_save(session, actor)
    answers = {**draft.answers, **changes}
    done = [s for s in answers.get("done", []) if s not in undo]
    if step is not None and step not in done:
        done.append(step)
    answers["done"] = [s for s in STEPS if s in done]
    draft.answers = answers
    session.flush()
    return dict(answers)


def _draft_to_save(session: Session, actor: User) -> ComplaintDraft:
    """The actor's draft, made now if they have none.

    Two tabs saving a first answer at once both find no draft, and the second one's insert
    breaks the one-draft-per-user rule. Only that insert is undone (back to a savepoint, so the
    rest of the transaction stands), and the draft the other tab made is used instead: its
    answers are kept, and this save's changes go on top of them.
    """
    draft = find_draft(session, actor)
    if draft is not None:
        return draft
    try:
        with session.begin_nested():
            draft = ComplaintDraft(user_id=actor.id, answers={})
            session.add(draft)
    except IntegrityError:
        draft = find_draft(session, actor)
        if draft is None:
            raise  # not the clash with another tab's draft
    return draft


def discard(session: Session, actor: User) -> None:
    """Throw the draft away, with any document uploaded for it but never filed."""
    draft = find_draft(session, actor)
    if draft is None:
        return
    document = unattached_document(session, actor, draft.answers.get("response_document_id"))
    if document is not None:
        session.delete(document)
    session.delete(draft)
    session.flush()


def unattached_document(session: Session, actor: User, document_id: object) -> Document | None:
    """The actor's own upload that is not yet part of a case, or None."""
    if not isinstance(document_id, int):
        return None
    document = session.get(Document, document_id)
    if document is None or document.owner_id != actor.id or document.case_id is not None:
        return None
    return document


# -- where the requester is in the journey -------------------------------------------------


def steps_for(answers: dict[str, Any]) -> tuple[str, ...]:
    if answers.get("no_response"):
        return tuple(s for s in STEPS if s != "findings")
    return STEPS


def next_step(answers: dict[str, Any]) -> str | None:
    """The first question not yet answered, or None when the draft is ready to check."""
    done = set(answers.get("done", []))
    for step in steps_for(answers):
        if step not in done:
            return step
    return None


def may_visit(answers: dict[str, Any], step: str) -> bool:
    """A page can be shown once every page before it has been answered."""
    done = set(answers.get("done", []))
    for earlier in steps_for(answers):
        if earlier == step:
            return True
        if earlier not in done:
            return False
    return step == "check" and next_step(answers) is None


def previous_step(answers: dict[str, Any], step: str) -> str | None:
    steps = steps_for(answers)
    if step == "check":
        return steps[-1]
    if step not in steps:
        return None
    index = steps.index(step)
    return steps[index - 1] if index else None


def notice_key(text: str, regime: str) -> str:
    """Identifies what the findings were read from: a new text or law means reading again."""
    return hashlib.sha256(f"{regime}\n{text}".encode()).hexdigest()


def reading_changes(answers: dict[str, Any], text: str, regime: str) -> dict[str, Any]:
    """What the notice reader finds in the response, as changes to the answers.

    The provisions are kept only when the response reads as the law the requester chose:
    FOISA and FOIA numbers mean different things, so they are never carried across.
    """
    reading = read_notice(text)
    same_law = reading.regime.value == regime
    provisions = []
    if same_law:
        seen: set[str] = set()
        for found in reading.provisions:
            if found.provision in seen or lookup(reading.regime, found.provision) is None:
                continue
            seen.add(found.provision)
            provisions.append({"provision": found.provision, "ncnd": bool(found.ncnd)})
    changes: dict[str, Any] = {
        "notice_read_for": notice_key(text, regime),
        "provisions": provisions,
        "reader_regime": reading.regime.value,
        "reader_found": len(reading.provisions),
        "reader_warnings": list(reading.warnings),
        "review_window_working_days": reading.review_window_working_days,
    }
    if reading.date is not None:
        changes["response_date"] = reading.date.isoformat()
    if reading.reference and not answers.get("request_reference"):
        changes["request_reference"] = reading.reference[:100]
    return changes


# -- answers that do more than store what was typed -------------------------------------

NO_RESPONSE = "none"
UPLOADED = "upload"
PASTED = "paste"


def change_law(session: Session, actor: User, regime: str) -> dict[str, Any]:
    """Record the law. A different law means reading the response again: the exemptions are
    numbered differently under each, so the findings and grounds must be confirmed again."""
    answers = answers_of(session, actor)
    changes: dict[str, Any] = {"regime": regime}
    undo: tuple[str, ...] = ()
    if answers.get("regime") and regime != answers.get("regime"):
        undo = ("findings", "grounds")
        changes["provisions"] = []
        text = str(answers.get("response_text") or "")
        if text and not answers.get("no_response"):
            changes.update(reading_changes(answers, text, regime))
    return save_answers(session, actor, changes, step="law", undo=undo)


def save_response(
    session: Session,
    actor: User,
    *,
    how: str,
    pasted: str = "",
    upload: Upload | None = None,
    upload_dir: Path,
) -> dict[str, Any]:
    """Record the authority's response: an upload (read for its text), pasted text, or none.

    A new upload replaces the one made earlier for this draft; an upload that cannot be read
    raises UploadRefused before anything is stored. A different text is read again, and the
    findings and grounds must then be confirmed again.
    """
    answers = answers_of(session, actor)
    previous = unattached_document(session, actor, answers.get("response_document_id"))
    changes: dict[str, Any] = {"response_how": how, "no_response": how == NO_RESPONSE}
    if how == UPLOADED:
        if upload is not None:
            text = text_of(upload)  # before storing: a scan without text is not kept
            if previous is not None:
                session.delete(previous)
            previous = store_document(
                session,
                actor,
                upload,
                upload_dir=upload_dir,
                kind="response",
                title="The authority’s response",
            )
        elif previous is not None:
            text = str(answers.get("response_text") or "")
        else:
            raise ValidationFailed(
                {"response_file": "Select the file with the authority’s response"}
            )
        changes["response_document_id"] = previous.id
        changes["response_filename"] = previous.filename
    else:
        if previous is not None:
            session.delete(previous)
        changes["response_document_id"] = None
        changes["response_filename"] = None
        text = pasted.strip() if how == PASTED else ""
    changes["response_text"] = text
    undo: tuple[str, ...] = ()
    if how == NO_RESPONSE:
        changes.update({"provisions": [], "response_date": None, "notice_read_for": None})
        if not answers.get("no_response"):
            undo = ("grounds",)
    elif text != answers.get("response_text") or answers.get("no_response"):
        changes.update(reading_changes(answers, text, str(answers.get("regime") or "")))
        undo = ("findings", "grounds")
    return save_answers(session, actor, changes, step="response", undo=undo)


def add_provision(session: Session, actor: User, provision: str, *, ncnd: bool) -> str:
    """Add an exemption the reader missed; returns it in its catalogue form."""
    answers = answers_of(session, actor)
    regime = Regime(str(answers.get("regime")))
    entry = lookup(regime, provision)
    if entry is None:
        raise ValidationFailed({"provision": "Choose the provision from the list"})
    items = provisions_of(answers)
    if any(lookup(regime, item["provision"]) == entry for item in items):
        raise ValidationFailed({"provision": f"{provision} is already in the list"})
    items.append({"provision": provision, "ncnd": ncnd})
    save_answers(session, actor, {"provisions": items})
    return provision


def remove_provision(session: Session, actor: User, index: int) -> str | None:
    """Take out a provision the authority did not rely on; the grounds are asked again."""
    items = provisions_of(answers_of(session, actor))
    if not 0 <= index < len(items):
        return None
    removed = items.pop(index)
    save_answers(session, actor, {"provisions": items}, undo=("grounds",))
    return str(removed["provision"])


def toggle_ncnd(session: Session, actor: User, index: int) -> None:
    """Mark a provision as neither-confirm-nor-deny, or undo that."""
    items = provisions_of(answers_of(session, actor))
    if 0 <= index < len(items):
        items[index] = {**items[index], "ncnd": not items[index].get("ncnd")}
        save_answers(session, actor, {"provisions": items})


# -- turning the answers into a complaint ------------------------------------------------


def parse_day(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def provisions_of(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """A fresh copy of the provisions, safe to change and save back."""
    items = answers.get("provisions") or []
    return [dict(p) for p in items if isinstance(p, dict) and isinstance(p.get("provision"), str)]


def ground_inputs(answers: dict[str, Any]) -> tuple[GroundInput, ...]:
    """The grounds chosen, in the order the provisions and general grounds were listed."""
    provisions = {p["provision"] for p in provisions_of(answers)}
    grounds = []
    for item in answers.get("grounds") or []:
        if not isinstance(item, dict):
            continue
        kind = item.get("kind")
        provision = item.get("provision")
        if kind == GroundKind.PROVISION and provision not in provisions:
            continue  # the provision was removed after the grounds were given
        grounds.append(
            GroundInput(
                kind=str(kind),
                requester_text=str(item.get("text") or ""),
                provision=provision if kind == GroundKind.PROVISION else None,
            )
        )
    return tuple(grounds)


def command_from(answers: dict[str, Any]) -> FileCase:
    """The FileCase command a finished draft describes."""
    no_response = bool(answers.get("no_response"))
    authority_id = answers.get("authority_id")
    return FileCase(
        regime=str(answers.get("regime") or ""),
        grounds=ground_inputs(answers),
        authority_id=authority_id if isinstance(authority_id, int) else None,
        other_authority_name=str(answers.get("other_authority_name") or ""),
        other_authority_email=str(answers.get("other_authority_email") or ""),
        late_request_reasons=str(answers.get("late_request_reasons") or ""),
        request_reference=str(answers.get("request_reference") or ""),
        request_sent_on=parse_day(answers.get("request_sent_on")),
        request_received_on=parse_day(answers.get("request_received_on")),
        request_text=str(answers.get("request_text") or ""),
        no_response=no_response,
        response_date=None if no_response else parse_day(answers.get("response_date")),
        response_text="" if no_response else str(answers.get("response_text") or ""),
        review_window_working_days=None
        if no_response
        else _int_or_none(answers.get("review_window_working_days")),
        provisions=()
        if no_response
        else tuple(
            ProvisionInput(p["provision"], ncnd=bool(p.get("ncnd"))) for p in provisions_of(answers)
        ),
    )


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def authority_name(session: Session, answers: dict[str, Any]) -> str:
    authority_id = answers.get("authority_id")
    if isinstance(authority_id, int):
        authority = session.get(Authority, authority_id)
        if authority is not None:
            return authority.name
    return str(answers.get("other_authority_name") or "")


def authority_of(session: Session, answers: dict[str, Any]) -> Authority | None:
    """The authority the answers name, if it is already known here (as file_case finds it)."""
    authority_id = answers.get("authority_id")
    if isinstance(authority_id, int):
        return session.get(Authority, authority_id)
    name = " ".join(str(answers.get("other_authority_name") or "").split())
    if not name:
        return None
    return session.scalar(select(Authority).where(func.lower(Authority.name) == name.lower()))


def emailed_to(session: Session, answers: dict[str, Any]) -> str:
    """Where the complaint will be e-mailed: the address given for an authority that does not
    use this service, or "" when it goes to the authority here (as file_case decides)."""
    if isinstance(answers.get("authority_id"), int):
        return ""
    known = authority_of(session, answers)
    if known is not None and uses_service(known):
        return ""
    return str(answers.get("other_authority_email") or "")


def submit(session: Session, actor: User, *, today: dt.date | None = None) -> FiledCase:
    """File the actor's draft: the complaint, its uploaded response, and away with the draft."""
    answers = answers_of(session, actor)
    filed = file_case(session, actor, command_from(answers), today=today)
    if not answers.get("no_response"):
        document = unattached_document(session, actor, answers.get("response_document_id"))
        if document is not None:
            _attach(session, actor, document, filed.case)
    draft = find_draft(session, actor)
    if draft is not None:
        session.delete(draft)
    session.flush()
    return filed


def _attach(session: Session, actor: User, document: Document, case: Case) -> None:
    document.case_id = case.id
    document.dated = case.refusal_notice.issued_on
    record(
        session,
        actor,
        "attach_document",
        f"Document added: {kind_in_audit(document.kind)}",
        case=case,
        after={"document_id": document.id, "kind": document.kind},
    )
