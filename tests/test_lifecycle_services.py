"""Every (state, action) pair, driven through the real service functions.

Valid pairs move the case to the state the table names and write exactly one audit
event; invalid pairs raise a typed error and leave every table exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_service.accounts.models import Role, User
from review_service.audit.models import AuditEvent
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.domain.lifecycle import (
    REQUESTER_WITHDRAWAL_STATES,
    TRANSITIONS,
    CaseAction,
    CaseStatus,
)
from review_service.domain.review import ProvisionOutcome
from review_service.errors import InvalidTransition
from review_service.models import Base
from review_service.regulator import services as regulator
from review_service.reviews import services as reviews
from tests.factories import create_authority, create_case, create_staff

# A timeline wholly in the past, so that "must not be in the future" checks pass.
RECEIVED = dt.date(2026, 3, 2)
DECIDED = dt.date(2026, 3, 20)
REFERRED = dt.date(2026, 4, 1)
DN_SENT = dt.date(2026, 6, 1)
LODGED = dt.date(2026, 6, 10)
OVERDUE_REFERRAL = dt.date(2026, 5, 1)


class World:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.authority = create_authority(session)
        staff = create_staff(session, self.authority)
        self.caseworker = staff["caseworker"]
        self.reviewer = staff["reviewer"]
        self.other_reviewer = staff["other_reviewer"]
        self.case = create_case(
            session,
            authority=self.authority,
            today=RECEIVED,
            request_sent_on=dt.date(2026, 1, 5),
            response_date=dt.date(2026, 2, 2),
        )
        self.requester = self.case.requester

    def complete_findings(self) -> reviews.DecisionInput:
        case = self.case
        return reviews.DecisionInput(
            ground_findings=tuple(
                reviews.GroundFindingInput(g.id, upheld=False, reasons="Considered afresh.")
                for g in case.grounds
            ),
            provision_findings=tuple(
                reviews.ProvisionFindingInput(
                    p.id,
                    ProvisionOutcome.MAINTAINED,
                    reasons="Engaged.",
                    public_interest_reasons="Balance favours maintaining it.",
                )
                for p in case.refusal_notice.provisions
            ),
        )


def to_state(world: World, status: CaseStatus) -> None:
    """Drive the world's case into ``status`` with the real services."""
    s, case, cw = world.session, world.case, world.caseworker
    if status is CaseStatus.RECEIVED:
        return
    if status is CaseStatus.WITHDRAWN:
        cases.withdraw(s, world.requester, case, reason="No longer needed")
        return
    if status is CaseStatus.CLOSED:
        cases.close(s, cw, case, reason="Resolved informally")
        return
    cases.assign(s, cw, case, reviewer_id=world.reviewer.id)
    reviews.save_decision(s, world.reviewer, case, world.complete_findings())
    if status is CaseStatus.IN_REVIEW:
        return
    reviews.issue_decision(s, world.reviewer, case, today=DECIDED)
    if status is CaseStatus.DECIDED:
        return
    regulator.refer(s, world.requester, case, referred_on=REFERRED)
    if status is CaseStatus.REFERRED:
        return
    regulator.record_decision_notice(
        s,
        cw,
        case,
        regulator.DecisionNoticeInput(
            kind="decision_notice",
            issued_on=DN_SENT,
            reference="IC-123456-A1B2",
            findings=(("s.24(2)", "not_upheld"), ("s.31(3)", "upheld")),
            steps_required="Disclose the budget figures.",
        ),
    )
    if status is CaseStatus.REGULATOR_DECIDED:
        return
    regulator.appeal(s, cw, case, appellant="authority", lodged_on=LODGED)
    assert status is CaseStatus.APPEALED


# Who does each action when no one is named: the requester their own, the reviewer the
# decision, the caseworker the rest.
REQUESTER_DOES = frozenset({CaseAction.REFER, CaseAction.APPEAL, CaseAction.WITHDRAW})
REVIEWER_DOES = frozenset({CaseAction.SAVE_DECISION, CaseAction.DECIDE})


def perform(world: World, action: CaseAction, actor: User | None = None) -> None:
    """Do ``action`` to the world's case with valid input, as ``actor`` or its usual actor."""
    if actor is None:
        requester_may = action is not CaseAction.WITHDRAW or (
            CaseStatus(world.case.status) in REQUESTER_WITHDRAWAL_STATES
        )  # after the outcome, staff record a withdrawal
        actor = (
            world.requester
            if action in REQUESTER_DOES and requester_may
            else world.reviewer
            if action in REVIEWER_DOES
            else world.caseworker
        )
    s, case = world.session, world.case
    appellant = "requester" if actor.role == Role.REQUESTER else "authority"
    actions: dict[CaseAction, Callable[[], Any]] = {
        CaseAction.ACKNOWLEDGE: lambda: cases.acknowledge(s, actor, case, today=RECEIVED),
        CaseAction.RECORD_ORIGINAL_DECISION_MAKER: lambda: cases.record_original_decision_maker(
            s, actor, case, user_id=None, name="Pat Original"
        ),
        CaseAction.ASSIGN: lambda: cases.assign(
            s, actor, case, reviewer_id=world.other_reviewer.id
        ),
        CaseAction.EXTEND: lambda: cases.extend(s, actor, case, reason="Large volume of material"),
        CaseAction.SAVE_DECISION: lambda: reviews.save_decision(
            s, actor, case, world.complete_findings()
        ),
        CaseAction.DECIDE: lambda: reviews.issue_decision(s, actor, case, today=DECIDED),
        CaseAction.CORRECT_LETTER: lambda: reviews.correct_outcome_letter(
            s, actor, case, note="The date of the request was wrong."
        ),
        CaseAction.REFER: lambda: regulator.refer(
            s,
            actor,
            case,
            # Before an outcome, only once the review is overdue (40 working days: 30 April).
            referred_on=REFERRED if case.status == CaseStatus.DECIDED else OVERDUE_REFERRAL,
        ),
        CaseAction.RECORD_REGULATOR_DETAILS: lambda: regulator.record_regulator_details(
            s,
            actor,
            case,
            regulator_reference="IC-123456-A1B2",
            investigation_letter_on=dt.date(2026, 4, 20),
            submission_due_on=dt.date(2026, 5, 18),
        ),
        CaseAction.RECORD_DECISION_NOTICE: lambda: regulator.record_decision_notice(
            s,
            actor,
            case,
            regulator.DecisionNoticeInput(
                kind="decision_notice", issued_on=DN_SENT, reference="IC-123456-A1B2"
            ),
        ),
        CaseAction.RECORD_COMPLIANCE: lambda: regulator.record_compliance(
            s, actor, case, complied_on=dt.date(2026, 6, 20)
        ),
        CaseAction.APPEAL: lambda: regulator.appeal(
            s, actor, case, appellant=appellant, lodged_on=LODGED
        ),
        CaseAction.RECORD_TRIBUNAL_OUTCOME: lambda: regulator.record_tribunal_outcome(
            s, actor, case, outcome="dismissed", outcome_on=dt.date(2026, 9, 1)
        ),
        CaseAction.WITHDRAW: lambda: cases.withdraw(s, actor, case, reason="Changed mind"),
        CaseAction.CLOSE: lambda: cases.close(
            s, actor, case, reason="All steps complete", without_compliance=True
        ),
    }
    actions[action]()


def snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    session.flush()
    return {
        table.name: sorted((tuple(row) for row in session.execute(select(table))), key=repr)
        for table in Base.metadata.sorted_tables
    }


def audit_count(session: Session, case: Case) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.case_id == case.id)
        )
        or 0
    )


PAIRS = [(state, action) for state in CaseStatus for action in CaseAction]


def test_the_table_covers_every_state_and_action() -> None:
    assert len(PAIRS) == len(CaseStatus) * len(CaseAction)
    assert {s for s, _ in TRANSITIONS} == {s for s in CaseStatus if s.is_open}


@pytest.mark.parametrize(("state", "action"), PAIRS, ids=[f"{s.value}-{a.value}" for s, a in PAIRS])
def test_state_action_pair(session: Session, state: CaseStatus, action: CaseAction) -> None:
    world = World(session)
    to_state(world, state)
    assert world.case.status == state.value
    if (state, action) in TRANSITIONS:
        before = audit_count(session, world.case)
        perform(world, action)
        session.flush()
        assert world.case.status == TRANSITIONS[(state, action)].value
        assert audit_count(session, world.case) == before + 1
    else:
        before_rows = snapshot(session)
        with pytest.raises(InvalidTransition):
            perform(world, action)
        assert snapshot(session) == before_rows
        assert world.case.status == state.value


def test_an_overdue_referral_is_refused_until_the_review_is_overdue(session: Session) -> None:
    from review_service.errors import Conflict

    world = World(session)
    # Received 2 March 2026: 40 working days (Good Friday, Easter Monday, no others) end on
    # 30 April, so the ICO route opens on 1 May.
    with pytest.raises(Conflict, match="30 April 2026"):
        regulator.refer(session, world.requester, world.case, referred_on=dt.date(2026, 4, 30))
    assert world.case.status == CaseStatus.RECEIVED.value
    regulator.refer(session, world.requester, world.case, referred_on=OVERDUE_REFERRAL)
    assert world.case.status == CaseStatus.REFERRED.value


def test_a_case_in_a_state_no_referred_case_comes_back_to_has_no_regulator_stage(
    session: Session,
) -> None:
    """domain/lifecycle.NEVER_REFERRED, worked out from the table, lets the pages skip reading
    the regulator stage; a case driven to each state has a referral exactly when its state
    allows one."""
    from review_service.domain.lifecycle import NEVER_REFERRED
    from review_service.regulator.models import RegulatorReferral
    from review_service.regulator.queries import regulator_stage

    assert {CaseStatus.RECEIVED, CaseStatus.IN_REVIEW, CaseStatus.DECIDED} == NEVER_REFERRED
    for state in (CaseStatus.DECIDED, CaseStatus.REFERRED, CaseStatus.APPEALED):
        world = World(session)
        to_state(world, state)
        session.flush()
        referrals = session.scalar(
            select(func.count())
            .select_from(RegulatorReferral)
            .where(RegulatorReferral.case_id == world.case.id)
        )
        stage = regulator_stage(session, world.case)
        if state in NEVER_REFERRED:
            assert referrals == 0 and stage == (None, None, None)
        else:
            assert referrals == 1 and stage.referral is not None
