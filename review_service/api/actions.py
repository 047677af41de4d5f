"""POST /cases/{reference}/actions: one handler per action, chosen from a table.

Each handler reads its fields from the checked body (``Fields``), raises the collected field
errors with ``fields.done()`` and calls the one service function for the action. The table is
the whole dispatch: an action without an entry is refused as a validation problem before any
service runs (``tests/api/test_action_table.py`` checks every action the OpenAPI document offers
has an entry).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from review_service.accounts.models import User
from review_service.api.errors import FieldsRenamed
from review_service.api.validation import Fields
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.domain.lifecycle import CaseAction
from review_service.regulator import services as regulator


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


Handler = Callable[[ActionCall], None]


def _acknowledge(call: ActionCall) -> None:
    call.fields.done()
    cases.acknowledge(call.session, call.actor, call.case, expected_version=call.version)


def _record_original_decision_maker(call: ActionCall) -> None:
    user_id = call.fields.number("user_id")
    call.fields.done()
    with FieldsRenamed({"original_decision_maker": "user_id" if user_id is not None else "name"}):
        cases.record_original_decision_maker(
            call.session,
            call.actor,
            call.case,
            user_id=user_id,
            name=call.fields.text("name"),
            expected_version=call.version,
        )


def _assign(call: ActionCall) -> None:
    call.fields.done()
    with FieldsRenamed({"reviewer": "reviewer_id"}):
        cases.assign(
            call.session,
            call.actor,
            call.case,
            reviewer_id=call.body["reviewer_id"],
            expected_version=call.version,
        )


class _WithReason:
    """An action that takes a reason (the schema says whether it is required) and perhaps
    yes/no flags, each passed to the service under its own name."""

    def __init__(self, service: Callable[..., None], *flags: str) -> None:
        self.service = service
        self.flags = flags

    def __call__(self, call: ActionCall) -> None:
        flags = {name: call.fields.flag(name) for name in self.flags}
        call.fields.done()
        self.service(
            call.session,
            call.actor,
            call.case,
            reason=call.fields.text("reason"),
            expected_version=call.version,
            **flags,
        )


def _record_regulator_details(call: ActionCall) -> None:
    letter_on = call.fields.date("investigation_letter_on")
    due_on = call.fields.date("submission_due_on")
    call.fields.done()
    regulator.record_regulator_details(
        call.session,
        call.actor,
        call.case,
        regulator_reference=call.body["regulator_reference"],
        investigation_letter_on=letter_on,
        submission_due_on=due_on,
        expected_version=call.version,
    )


def _required_date(fields: Fields, name: str) -> dt.date:
    day = fields.date(name)
    fields.done()
    assert day is not None  # the schema requires it; done() raised for an unreadable one
    return day


def _record_compliance(call: ActionCall) -> None:
    complied_on = _required_date(call.fields, "complied_on")
    regulator.record_compliance(
        call.session, call.actor, call.case, complied_on=complied_on, expected_version=call.version
    )


def _record_tribunal_outcome(call: ActionCall) -> None:
    outcome_on = _required_date(call.fields, "outcome_on")
    regulator.record_tribunal_outcome(
        call.session,
        call.actor,
        call.case,
        outcome=call.body["outcome"],
        outcome_on=outcome_on,
        expected_version=call.version,
    )


A = CaseAction

# The actions POST /cases/{reference}/actions takes. The other lifecycle moves have their own
# endpoints (decision, correction, referral, decision notice, appeal) because they carry
# documents or a whole form; see OWN_ENDPOINTS.
HANDLERS: Mapping[CaseAction, Handler] = {
    A.ACKNOWLEDGE: _acknowledge,
    A.RECORD_ORIGINAL_DECISION_MAKER: _record_original_decision_maker,
    A.ASSIGN: _assign,
    A.EXTEND: _WithReason(cases.extend),
    A.WITHDRAW: _WithReason(cases.withdraw),
    A.CLOSE: _WithReason(cases.close, "without_compliance"),
    A.RECORD_REGULATOR_DETAILS: _record_regulator_details,
    A.RECORD_COMPLIANCE: _record_compliance,
    A.RECORD_TRIBUNAL_OUTCOME: _record_tribunal_outcome,
}

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
