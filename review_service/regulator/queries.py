"""Reads for the regulator stage: a case's referral, decision notice and appeal (one row each).

The three are read together, in one statement, once per request (db.memo): the case pages and
the API ask for them from the clocks, the eligibility check, the progress and the serialisers
alike."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from review_service.cases.models import Case
from review_service.db import memo
from review_service.domain.lifecycle import NEVER_REFERRED, CaseStatus
from review_service.regulator.models import DecisionNotice, RegulatorReferral, TribunalAppeal


class RegulatorStage(NamedTuple):
    referral: RegulatorReferral | None
    decision_notice: DecisionNotice | None
    appeal: TribunalAppeal | None


_NOT_REFERRED = RegulatorStage(None, None, None)

# Each is unique per case (case_id is unique in all three tables): at most one row.
_STAGE = (
    select(RegulatorReferral, DecisionNotice, TribunalAppeal)
    .select_from(Case)
    .outerjoin(RegulatorReferral, RegulatorReferral.case_id == Case.id)
    .outerjoin(DecisionNotice, DecisionNotice.case_id == Case.id)
    .outerjoin(TribunalAppeal, TribunalAppeal.case_id == Case.id)
    .where(Case.id == bindparam("case_id"))
)


def regulator_stage(session: Session, case: Case) -> RegulatorStage:
    """The case's referral, decision notice and appeal (each may be missing). A case in a state
    no referred case comes back to (domain/lifecycle.NEVER_REFERRED: received, in review,
    decided) has none of them: nothing is read."""
    if CaseStatus(case.status) in NEVER_REFERRED:
        return _NOT_REFERRED
    case_id = case.id

    def load() -> RegulatorStage:
        row = session.execute(_STAGE, {"case_id": case_id}).first()
        return RegulatorStage(*row) if row is not None else _NOT_REFERRED

    return memo(session, ("regulator_stage", case_id), load)


def referral_for(session: Session, case: Case) -> RegulatorReferral | None:
    return regulator_stage(session, case).referral


def decision_notice_for(session: Session, case: Case) -> DecisionNotice | None:
    return regulator_stage(session, case).decision_notice


def appeal_for(session: Session, case: Case) -> TribunalAppeal | None:
    return regulator_stage(session, case).appeal
