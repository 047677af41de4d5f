"""What a person may do next with a case: the one answer for the pages' links and buttons and
for the API's ``allowed_actions``.

Of the actions the state machine allows from the case's status, each is kept only when the
services would let this actor do it: a requester's own actions on their own case (refer, appeal,
withdraw), the case's authority's caseworkers and administrators for casework, and the assigned
reviewer, never the original decision-maker, for the decision. The facts a service checks before
it acts (already acknowledged, already extended, the route to the regulator not open yet, a
resolution that cannot be appealed) are checked here too. The services still decide each
request; this only says which of them would be refused anyway.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from review_service.accounts.models import CASEWORK_ROLES, Role, User
from review_service.cases.models import Case
from review_service.cases.policy import staff_scope_allows
from review_service.domain.lifecycle import (
    OVERDUE_REFERRAL_STATES,
    REQUESTER_WITHDRAWAL_STATES,
    CaseAction,
    CaseStatus,
    allowed_actions,
)
from review_service.domain.regimes import rules_for
from review_service.regulator import queries as regulator_queries
from review_service.regulator import services as regulator
from review_service.reviews import services as reviews

A = CaseAction

# What a requester may do with their own case (regulator/services.py, cases/services.withdraw).
REQUESTER_ACTIONS = frozenset({A.REFER, A.APPEAL, A.WITHDRAW})
# Only the assigned reviewer (reviews/services.py); everything else is casework.
DECISION_ACTIONS = frozenset({A.SAVE_DECISION, A.DECIDE})


def available_actions(
    session: Session, actor: User, case: Case, *, today: dt.date | None = None
) -> list[CaseAction]:
    """The actions ``actor`` may take on ``case`` now, in the state machine's order."""
    return [
        action
        for action in allowed_actions(case.status)
        if _who_may(actor, case, action) and _facts_allow(session, case, action, today)
    ]


def _who_may(actor: User, case: Case, action: CaseAction) -> bool:
    if action in DECISION_ACTIONS:
        return reviews.may_decide(actor, case, action)
    if action is A.CORRECT_LETTER:
        return reviews.may_correct(actor, case)
    if actor.role == Role.REQUESTER:
        if action is A.WITHDRAW and CaseStatus(case.status) not in REQUESTER_WITHDRAWAL_STATES:
            return False  # cases.services.withdraw: their request for review is answered
        return case.requester_id == actor.id and action in REQUESTER_ACTIONS
    return actor.has_role(*CASEWORK_ROLES) and staff_scope_allows(actor, case.authority_id)


def _facts_allow(session: Session, case: Case, action: CaseAction, today: dt.date | None) -> bool:
    if action is A.ACKNOWLEDGE:
        return case.acknowledged_on is None
    if action is A.EXTEND:
        return rules_for(case.regime).review_extendable and not case.extended
    if action is A.REFER and CaseStatus(case.status) in OVERDUE_REFERRAL_STATES:
        return regulator.eligibility(session, case, today=today).available
    if action is A.APPEAL:
        notice = regulator_queries.decision_notice_for(session, case)
        return notice is None or notice.kind == "decision_notice"
    return True
