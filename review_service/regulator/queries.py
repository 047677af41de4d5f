"""Reads for the regulator stage: a case's referral, decision notice and appeal (one row each)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_service.cases.models import Case
from review_service.regulator.models import DecisionNotice, RegulatorReferral, TribunalAppeal


def referral_for(session: Session, case: Case) -> RegulatorReferral | None:
    return session.scalar(select(RegulatorReferral).where(RegulatorReferral.case_id == case.id))


def decision_notice_for(session: Session, case: Case) -> DecisionNotice | None:
    return session.scalar(select(DecisionNotice).where(DecisionNotice.case_id == case.id))


def appeal_for(session: Session, case: Case) -> TribunalAppeal | None:
    return session.scalar(select(TribunalAppeal).where(TribunalAppeal.case_id == case.id))
