"""Everything the service holds about a requester, as one JSON document they can download.

Their account, API tokens (not the secrets: only hashes are kept), a draft complaint, each of
their complaints as the API shows it to them (the case, its timeline, letters and documents),
their answers for the regulator, what their account did, and the e-mail sent to them. The
cases are the same serialisation the API gives the requester (api/serializers.py), so the
download and the API never disagree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_service.accounts.models import ApiToken, Role, User
from review_service.api.serializers import case_detail, document_json, letter_json
from review_service.audit.models import AuditEvent
from review_service.cases.models import Case, ComplaintDraft
from review_service.db import utcnow
from review_service.documents.models import Document
from review_service.errors import Forbidden
from review_service.letters.models import Letter
from review_service.mail.models import OutboxMessage

FORMAT = "review-service-personal-data"


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _case(session: Session, user: User, case: Case) -> dict[str, Any]:
    body = case_detail(session, user, case)
    body.pop("allowed_actions", None)
    body["regulator_answers"] = {
        "challenge_text": case.regulator_challenge_text,
        "conduct_text": case.regulator_conduct_text,
    }
    body["letters"] = [
        letter_json(letter)
        for letter in session.scalars(
            select(Letter).where(Letter.case_id == case.id).order_by(Letter.id)
        )
    ]
    body["documents"] = [
        document_json(document)
        for document in session.scalars(
            select(Document).where(Document.case_id == case.id).order_by(Document.id)
        )
    ]
    return body


def personal_data(session: Session, user: User) -> dict[str, Any]:
    """The download for ``user`` (a requester: staff accounts are the authority's)."""
    if user.role != Role.REQUESTER:
        raise Forbidden("Only requesters can download their data here.")
    draft = session.scalar(select(ComplaintDraft).where(ComplaintDraft.user_id == user.id))
    cases = session.scalars(
        select(Case).where(Case.requester_id == user.id).order_by(Case.id)
    ).all()
    activity = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.actor_id == user.id, AuditEvent.case_id.is_(None))
        .order_by(AuditEvent.seq, AuditEvent.id)
    )
    messages = session.scalars(
        select(OutboxMessage)
        .where(func.lower(OutboxMessage.to_address) == user.email.lower())
        .order_by(OutboxMessage.id)
    )
    return {
        "format": FORMAT,
        "exported_at": utcnow().isoformat(timespec="seconds"),
        "account": {
            "id": user.id,
            "name": user.name,
            "email": user.email,
            "postal_address": user.postal_address,
            "role": user.role,
            "created_at": _iso(user.created_at),
            "email_confirmed_at": _iso(user.email_confirmed_at),
            "last_signed_in_at": _iso(user.last_signed_in_at),
            "closed_at": _iso(user.closed_at),
        },
        "api_tokens": [
            {
                "name": token.name,
                "created_at": _iso(token.created_at),
                "last_used_at": _iso(token.last_used_at),
                "revoked_at": _iso(token.revoked_at),
            }
            for token in session.scalars(
                select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
            )
        ],
        "draft_complaint": dict(draft.answers) if draft is not None else None,
        "complaints": [_case(session, user, case) for case in cases],
        "account_activity": [
            {"at": _iso(event.at), "action": event.action, "summary": event.summary}
            for event in activity
        ],
        "emails": [
            {
                "created_at": _iso(message.created_at),
                "sent_at": _iso(message.sent_at),
                "to": message.to_address,
                "subject": message.subject,
                "body": message.body,
            }
            for message in messages
        ],
    }
