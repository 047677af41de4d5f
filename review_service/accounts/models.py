"""Authorities, people who use the service, and their API tokens."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from review_service.db import Base, utcnow
from review_service.domain import limits


class Role(enum.StrEnum):
    REQUESTER = "requester"
    REVIEWER = "reviewer"
    CASEWORKER = "caseworker"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def is_staff(self) -> bool:
        return self is not Role.REQUESTER


# The role sets, one name each (docs/glossary.md, "People and role sets").
STAFF_ROLES = (Role.REVIEWER, Role.CASEWORKER, Role.ADMIN)
"""All staff: everyone but the requester."""
CASEWORK_ROLES = (Role.CASEWORKER, Role.ADMIN)
"""Those who run cases: caseworkers and admins (not reviewers)."""


DEFAULT_RETENTION_MONTHS = 72  # six years: an internal review, the regulator and an appeal


class Authority(Base):
    """A public authority whose responses are complained about, with its policy settings."""

    __tablename__ = "authorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(limits.NAME), unique=True)
    regime: Mapped[str] = mapped_column(String(10), default="foia")  # its usual law
    email: Mapped[str] = mapped_column(String(limits.EMAIL), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    telephone: Mapped[str] = mapped_column(String(limits.TELEPHONE), default="")
    letter_footer: Mapped[str] = mapped_column(Text, default="")
    signatory_title: Mapped[str] = mapped_column(String(limits.NAME), default="Internal reviewer")
    # DOMAIN.md policy settings, defaults as documented there.
    receipt_on_non_working_day_starts_next_working_day: Mapped[bool] = mapped_column(
        Boolean, default=False
    )
    refuse_late_review_requests: Mapped[bool] = mapped_column(Boolean, default=False)
    review_request_window_working_days: Mapped[int] = mapped_column(Integer, default=40)
    is_listed: Mapped[bool] = mapped_column(Boolean, default=True)
    # Policy: how long after a case is closed the requester's personal data is kept in it
    # (review-service retention apply; privacy/retention.py).
    retention_months: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_RETENTION_MONTHS, server_default="72"
    )
    # Reviewers and caseworkers must use a second factor to sign in (administrators always
    # must, unless the deployment turns the requirement off: accounts/two_factor.py).
    staff_two_factor_required: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(limits.EMAIL), unique=True)
    name: Mapped[str] = mapped_column(String(limits.NAME))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), index=True)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"))
    postal_address: Mapped[str] = mapped_column(Text, default="")
    email_confirmed_at: Mapped[dt.datetime | None]
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_signed_in_at: Mapped[dt.datetime | None]
    # Every session cookie carries the generation it was started under; raising it ends every
    # session of the account at once (password set or reset, role change, deactivation...).
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The requester closed the account themselves (privacy/closure.py); its details were
    # replaced under the retention policy or at closure (privacy/retention.py).
    closed_at: Mapped[dt.datetime | None]
    anonymised_at: Mapped[dt.datetime | None]

    authority: Mapped[Authority | None] = relationship()

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_staff(self) -> bool:
        return self.role_enum.is_staff

    def has_role(self, *roles: Role | str) -> bool:
        return self.role in {Role(r).value for r in roles}


class ApiToken(Base):
    """A bearer token for the JSON API. Only a SHA-256 of the secret is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(limits.TOKEN_NAME))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()


class EndedSession(Base):
    """A session that was signed out, kept until its cookie could no longer be used anyway.

    Only a SHA-256 of the session's random id is stored. See accounts/sessions.py."""

    __tablename__ = "ended_sessions"

    session_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    ended_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)


class SecondFactor(Base):
    """A staff member's authenticator app: a TOTP secret (RFC 6238), stored encrypted.

    ``confirmed_at`` is empty while it is being set up (until the person has typed a code
    from it). ``last_used_step`` is the 30-second step of the last code accepted, so a code
    is good once. See accounts/two_factor.py."""

    __tablename__ = "second_factors"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    secret_encrypted: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[dt.datetime | None]
    last_used_step: Mapped[int | None] = mapped_column(Integer)


class RecoveryCode(Base):
    """A one-time code for signing in without the authenticator app. Only a SHA-256 of the
    code (80 random bits) is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    used_at: Mapped[dt.datetime | None]


class HolidayOverride(Base):
    """A day proclaimed (or cancelled) after the pinned `holidays` release."""

    __tablename__ = "holiday_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date]
    action: Mapped[str] = mapped_column(String(10))  # "add" or "remove"
    regime: Mapped[str | None] = mapped_column(String(10))  # None: every regime
    note: Mapped[str] = mapped_column(String(limits.HOLIDAY_NOTE))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
