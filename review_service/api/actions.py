"""POST /cases/{reference}/actions: one entry per action in a table, ``ACTIONS``.

An entry is the action's body fields (JSON Schema, for the OpenAPI document's ``<Name>Action``
schema, which the body is checked against) and its handler. The handler reads the fields from
the checked body (``Fields``), raises the collected field errors with ``fields.done()`` and calls
the one service function for the action. The table is the whole dispatch and the whole
description: an action without an entry is refused as a validation problem before any service
runs, and ``tests/api/test_action_table.py`` checks that the document, the table and the
lifecycle agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from review_service.accounts.models import User
from review_service.api.errors import FieldsRenamed
from review_service.api.schemas import DATE, enum, integer, nullable, string
from review_service.api.validation import Fields
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.domain import limits
from review_service.domain.lifecycle import CaseAction
from review_service.regulator import services as regulator
from review_service.regulator.services import APPEAL_OUTCOMES


@dataclass(frozen=True)
class ActionCall:
    """One request to take an action: who, on which case, with what body."""

    session: Session
    actor: User
    case: Case
    body: dict[str, Any]
    fields: Fields

    @property
    def version(self) -> int | None:
        return self.fields.version()

    def take(self, service: Callable[..., object], **arguments: Any) -> None:
        """Call the action's service: this actor, this case, the body's version to check."""
        service(self.session, self.actor, self.case, expected_version=self.version, **arguments)


Handler = Callable[[ActionCall], None]


def _acknowledge(call: ActionCall) -> None:
    call.fields.done()
    call.take(cases.acknowledge)


def _record_original_decision_maker(call: ActionCall) -> None:
    user_id = call.fields.number("user_id")
    call.fields.done()
    with FieldsRenamed({"original_decision_maker": "user_id" if user_id is not None else "name"}):
        call.take(
            cases.record_original_decision_maker, user_id=user_id, name=call.fields.text("name")
        )


def _assign(call: ActionCall) -> None:
    call.fields.done()
    with FieldsRenamed({"reviewer": "reviewer_id"}):
        call.take(cases.assign, reviewer_id=call.body["reviewer_id"])


class _WithReason:
    """An action that takes a reason (the schema says whether it is required) and perhaps
    yes/no flags, each passed to the service under its own name."""

    def __init__(self, service: Callable[..., None], *flags: str) -> None:
        self.service = service
        self.flags = flags

    def __call__(self, call: ActionCall) -> None:
        flags = {name: call.fields.flag(name) for name in self.flags}
        call.fields.done()
        call.take(self.service, reason=call.fields.text("reason"), **flags)


def _record_regulator_details(call: ActionCall) -> None:
    letter_on = call.fields.date("investigation_letter_on")
    due_on = call.fields.date("submission_due_on")
    call.fields.done()
    call.take(
        regulator.record_regulator_details,
        regulator_reference=call.body["regulator_reference"],
        investigation_letter_on=letter_on,
        submission_due_on=due_on,
    )


def _required_date(fields: Fields, name: str) -> dt.date:
    day = fields.date(name)
    fields.done()
    assert day is not None  # the schema requires it; done() raised for an unreadable one
    return day


def _record_compliance(call: ActionCall) -> None:
    complied_on = _required_date(call.fields, "complied_on")
    call.take(regulator.record_compliance, complied_on=complied_on)


def _record_tribunal_outcome(call: ActionCall) -> None:
    outcome_on = _required_date(call.fields, "outcome_on")
    call.take(
        regulator.record_tribunal_outcome, outcome=call.body["outcome"], outcome_on=outcome_on
    )


@dataclass(frozen=True)
class Entry:
    """One action of POST /cases/{reference}/actions: its handler, and its body's members
    besides ``action`` and ``version`` (JSON Schema), with those it requires."""

    handler: Handler
    fields: Mapping[str, Any] = field(default_factory=dict)
    required: tuple[str, ...] = ()


A = CaseAction
REASON = string(limits.GROUND_TEXT)

# The actions POST /cases/{reference}/actions takes. The other lifecycle moves have their own
# endpoints (decision, correction, referral, decision notice, appeal) because they carry
# documents or a whole form; see OWN_ENDPOINTS.
ACTIONS: Mapping[CaseAction, Entry] = {
    A.ACKNOWLEDGE: Entry(_acknowledge),
    A.RECORD_ORIGINAL_DECISION_MAKER: Entry(
        _record_original_decision_maker,
        {
            "user_id": nullable(integer(description="A member of staff, or null with `name`.")),
            "name": string(limits.NAME),
        },
    ),
    A.ASSIGN: Entry(
        _assign, {"reviewer_id": integer(description="From GET /reviewers.")}, ("reviewer_id",)
    ),
    A.EXTEND: Entry(_WithReason(cases.extend), {"reason": REASON}, ("reason",)),
    A.WITHDRAW: Entry(_WithReason(cases.withdraw), {"reason": REASON}),
    A.CLOSE: Entry(
        _WithReason(cases.close, "without_compliance"),
        {
            "reason": REASON,
            "without_compliance": {
                "type": "boolean",
                "default": False,
                "description": "Close although the steps a decision notice ordered are not "
                "recorded as taken (refused without it).",
            },
        },
        ("reason",),
    ),
    A.RECORD_REGULATOR_DETAILS: Entry(
        _record_regulator_details,
        {
            "regulator_reference": string(limits.REGULATOR_REFERENCE),
            "investigation_letter_on": nullable(DATE),
            "submission_due_on": nullable(DATE),
        },
        ("regulator_reference",),
    ),
    A.RECORD_COMPLIANCE: Entry(_record_compliance, {"complied_on": DATE}, ("complied_on",)),
    A.RECORD_TRIBUNAL_OUTCOME: Entry(
        _record_tribunal_outcome,
        {"outcome": enum(APPEAL_OUTCOMES), "outcome_on": DATE},
        ("outcome", "outcome_on"),
    ),
}

# The dispatch: each action's handler (a dict, so a test can take one out).
HANDLERS: dict[CaseAction, Handler] = {action: entry.handler for action, entry in ACTIONS.items()}

# Lifecycle actions the API takes at an endpoint of their own (endpoint names of the api
# blueprint).
OWN_ENDPOINTS: Mapping[CaseAction, str] = {
    A.SAVE_DECISION: "api.save_decision",
    A.DECIDE: "api.issue_decision",
    A.CORRECT_LETTER: "api.correct_outcome_letter",
    A.REFER: "api.refer",
    A.RECORD_DECISION_NOTICE: "api.record_decision_notice",
    A.APPEAL: "api.appeal",
}
