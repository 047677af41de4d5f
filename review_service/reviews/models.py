"""The reviewer's decision: a finding per ground and per provision."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from review_service.db import Base, OnePerCase, owned_rows, utcnow
from review_service.domain import limits


class ReviewDecision(OnePerCase, Base):
    __tablename__ = "review_decisions"

    released_information: Mapped[str] = mapped_column(Text, default="")  # what will now be released
    letter_summary: Mapped[str] = mapped_column(Text, default="")  # opening words for the letter
    internal_notes: Mapped[str] = mapped_column(Text, default="")  # never in a letter
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    ground_findings: Mapped[list[GroundFinding]] = owned_rows("GroundFinding.id")
    provision_findings: Mapped[list[ProvisionFinding]] = owned_rows("ProvisionFinding.id")


class GroundFinding(Base):
    __tablename__ = "ground_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_decision_id: Mapped[int] = mapped_column(ForeignKey("review_decisions.id"), index=True)
    ground_id: Mapped[int] = mapped_column(ForeignKey("grounds.id"))
    upheld: Mapped[bool] = mapped_column(Boolean)
    reasons: Mapped[str] = mapped_column(Text, default="")


class ProvisionFinding(Base):
    """The review's finding on one provision the response relied on (docs/glossary.md)."""

    __tablename__ = "provision_decisions"  # the table keeps its first name

    id: Mapped[int] = mapped_column(primary_key=True)
    review_decision_id: Mapped[int] = mapped_column(ForeignKey("review_decisions.id"), index=True)
    cited_provision_id: Mapped[int] = mapped_column(ForeignKey("cited_provisions.id"))
    finding: Mapped[str] = mapped_column(String(20))  # a ProvisionOutcome
    replacement_provision: Mapped[str] = mapped_column(String(limits.PROVISION), default="")
    reasons: Mapped[str] = mapped_column(Text, default="")
    public_interest_reasons: Mapped[str] = mapped_column(Text, default="")
