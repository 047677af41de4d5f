"""The complaint to the regulator, its decision notice and any tribunal appeal."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from review_service.db import Base, OnePerCase, owned_rows, utcnow
from review_service.domain import limits


class RegulatorReferral(OnePerCase, Base):
    __tablename__ = "regulator_referrals"

    regulator: Mapped[str] = mapped_column(String(10))  # "ico" or "sic"
    basis: Mapped[str] = mapped_column(String(20))  # "decided" or "overdue"
    referred_on: Mapped[dt.date]
    out_of_time: Mapped[bool] = mapped_column(default=False)
    challenge_text: Mapped[str] = mapped_column(Text, default="")  # what you challenge and why
    conduct_text: Mapped[str] = mapped_column(Text, default="")  # why not acted properly
    regulator_reference: Mapped[str] = mapped_column(String(limits.REGULATOR_REFERENCE), default="")
    investigation_letter_on: Mapped[dt.date | None]
    submission_due_on: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DecisionNotice(OnePerCase, Base):
    __tablename__ = "decision_notices"

    kind: Mapped[str] = mapped_column(String(30))  # "decision_notice" / "informal_resolution"
    reference: Mapped[str] = mapped_column(String(limits.REGULATOR_REFERENCE), default="")
    issued_on: Mapped[dt.date]  # the date the notice was sent
    steps_required: Mapped[str] = mapped_column(Text, default="")
    compliance_days: Mapped[int | None] = mapped_column(Integer)
    compliance_due_on: Mapped[dt.date | None]  # computed
    complied_on: Mapped[dt.date | None]
    appeal_due_on: Mapped[dt.date | None]  # computed: 28 days (GRC Rules r.22(1)(b))

    findings: Mapped[list[DecisionNoticeFinding]] = owned_rows("DecisionNoticeFinding.id")


class DecisionNoticeFinding(Base):
    __tablename__ = "decision_notice_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_notice_id: Mapped[int] = mapped_column(ForeignKey("decision_notices.id"), index=True)
    provision: Mapped[str] = mapped_column(String(limits.PROVISION))
    outcome: Mapped[str] = mapped_column(String(20))  # upheld / not_upheld / partly_upheld


class TribunalAppeal(OnePerCase, Base):
    __tablename__ = "tribunal_appeals"

    appellant: Mapped[str] = mapped_column(String(20))  # "requester" / "authority"
    lodged_on: Mapped[dt.date]
    late: Mapped[bool] = mapped_column(default=False)
    tribunal_reference: Mapped[str] = mapped_column(String(limits.REGULATOR_REFERENCE), default="")
    outcome: Mapped[str | None] = mapped_column(String(30))
    outcome_on: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    decision_notice_id: Mapped[int | None] = mapped_column(ForeignKey("decision_notices.id"))
    decision_notice = relationship(DecisionNotice)
