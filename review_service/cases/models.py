"""The original request, the response (refusal notice), and the complaint case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from review_service.accounts.models import Authority, User
from review_service.db import Base, owned_rows, utcnow
from review_service.domain import limits


class InformationRequest(Base):
    """The requester's original request to the authority."""

    __tablename__ = "information_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"))
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    authority_reference: Mapped[str] = mapped_column(String(limits.REQUEST_REFERENCE), default="")
    sent_on: Mapped[dt.date | None]
    # When the authority received it: day 0 of its 20 working days (FOISA s.10(1)), from whose
    # end FOISA s.20(5) counts the time to require a review. Asked for in FOISA complaints.
    received_on: Mapped[dt.date | None]
    text: Mapped[str] = mapped_column(Text, default="")


class RefusalNotice(Base):
    """The authority's response to the request (a refusal notice, or none at all)."""

    __tablename__ = "refusal_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    information_request_id: Mapped[int] = mapped_column(
        ForeignKey("information_requests.id"), unique=True
    )
    no_response: Mapped[bool] = mapped_column(Boolean, default=False)
    issued_on: Mapped[dt.date | None]
    text: Mapped[str] = mapped_column(Text, default="")
    review_window_working_days: Mapped[int | None]

    provisions: Mapped[list[CitedProvision]] = owned_rows("CitedProvision.position")


class CitedProvision(Base):
    """One exemption, exception or refusal ground the response relies on."""

    __tablename__ = "cited_provisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    refusal_notice_id: Mapped[int] = mapped_column(ForeignKey("refusal_notices.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    provision: Mapped[str] = mapped_column(String(limits.PROVISION))  # "s.24(2)", "reg 12(5)(b)"
    section: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    absolute: Mapped[bool] = mapped_column(Boolean)
    ncnd: Mapped[bool] = mapped_column(Boolean, default=False)


# Closed history is most of the table: indexes for the queue cover only open cases. The
# predicate is written with literals so that SQLite and PostgreSQL both see that a query's
# `status NOT IN ('closed', 'withdrawn')` matches the index's.
CLOSED_STATUSES = ("closed", "withdrawn")
_OPEN_PREDICATE = "status NOT IN ('closed', 'withdrawn')"


class Case(Base):
    """A complaint about one response: the internal review and everything after it."""

    __tablename__ = "cases"
    __table_args__ = (
        Index(
            "ix_cases_open_authority_due",
            "authority_id",
            "review_due_on",
            "id",
            sqlite_where=text(_OPEN_PREDICATE),
            postgresql_where=text(_OPEN_PREDICATE),
        ),
        Index(
            "ix_cases_open_due",
            "review_due_on",
            "id",
            sqlite_where=text(_OPEN_PREDICATE),
            postgresql_where=text(_OPEN_PREDICATE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    information_request_id: Mapped[int] = mapped_column(ForeignKey("information_requests.id"))
    refusal_notice_id: Mapped[int] = mapped_column(ForeignKey("refusal_notices.id"))
    regime: Mapped[str] = mapped_column(String(10), index=True)
    status: Mapped[str] = mapped_column(String(30), index=True)
    received_on: Mapped[dt.date]  # day 0 of the review clock
    review_due_on: Mapped[dt.date] = mapped_column(index=True)  # computed, never typed in
    late_request: Mapped[bool] = mapped_column(Boolean, default=False)
    # Why the requester asked after the window (their own words; may be empty).
    late_request_reasons: Mapped[str] = mapped_column(Text, default="", server_default="")
    acting_for_someone_else: Mapped[bool] = mapped_column(Boolean, default=False)
    previous_regulator_reference: Mapped[str] = mapped_column(
        String(limits.REGULATOR_REFERENCE), default=""
    )
    # The requester's answers to the regulator's two questions, as last saved (before and
    # after the complaint is made).
    regulator_challenge_text: Mapped[str] = mapped_column(Text, default="")
    regulator_conduct_text: Mapped[str] = mapped_column(Text, default="")
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # An authority not using this service gets the complaint by e-mail, at the address for
    # information requests the requester gave (empty for an authority using the service).
    sent_by_email_to: Mapped[str] = mapped_column(
        String(limits.EMAIL), default="", server_default=""
    )
    acknowledged_on: Mapped[dt.date | None]
    original_decision_maker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    original_decision_maker_name: Mapped[str] = mapped_column(String(limits.NAME), default="")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    extended: Mapped[bool] = mapped_column(Boolean, default=False)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(20))
    decided_on: Mapped[dt.date | None]
    closed_on: Mapped[dt.date | None]
    closure_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # When the requester's personal data was removed under the retention policy; the letters
    # are kept as the authority's record (privacy/retention.py).
    anonymised_at: Mapped[dt.datetime | None]
    # Optimistic locking: a stale save raises StaleCase (db.ReviewSession).
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    authority: Mapped[Authority] = relationship()
    requester: Mapped[User] = relationship(foreign_keys=[requester_id])
    filed_by: Mapped[User] = relationship(foreign_keys=[filed_by_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    original_decision_maker: Mapped[User | None] = relationship(
        foreign_keys=[original_decision_maker_id]
    )
    information_request: Mapped[InformationRequest] = relationship()
    refusal_notice: Mapped[RefusalNotice] = relationship()
    grounds: Mapped[list[Ground]] = owned_rows("Ground.position", back_populates="case")


class Ground(Base):
    """One point of the complaint: a provision challenged, or a general ground."""

    __tablename__ = "grounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(40))
    cited_provision_id: Mapped[int | None] = mapped_column(ForeignKey("cited_provisions.id"))
    requester_text: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="grounds")
    cited_provision: Mapped[CitedProvision | None] = relationship()


def open_case() -> ColumnElement[bool]:
    """Cases not closed or withdrawn, in the form the partial indexes above match."""
    return Case.status.not_in([literal_column(f"'{status}'") for status in CLOSED_STATUSES])


class ComplaintDraft(Base):
    """One requester's unfinished complaint (at most one at a time)."""

    __tablename__ = "complaint_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
