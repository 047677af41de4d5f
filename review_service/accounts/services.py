"""Accounts: passwords (argon2id), registration, e-mail confirmation, resets, API tokens.

Registration never signs anyone in and never takes over an account (issue 9, finding 1):
an address proves itself only by a link sent to it. Whether the address is new, belongs to
an account a caseworker opened for a complaint (no password yet), or to an account already
in use, the person registering sees the same page and the same amount of work is done; the
mailbox's owner gets the e-mail that fits (confirm, claim your account, or "someone tried to
register"). Passwords sign in only once the address is confirmed.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from review_service.accounts.email_addresses import email_address_errors, lookup_form
from review_service.accounts.models import ApiToken, Authority, Role, User
from review_service.accounts.sessions import end_every_session
from review_service.audit.services import record
from review_service.cases.policy import all_overrides_json, remember_overrides
from review_service.db import utcnow
from review_service.domain import limits
from review_service.domain.limits import required_text, too_long
from review_service.errors import Conflict, Forbidden, NotFound, ValidationFailed
from review_service.mail.services import queue_email

MIN_PASSWORD = 12  # NCSC/NIST: length, no composition rules
CONFIRM_MAX_AGE = 3 * 24 * 3600
RESET_MAX_AGE = 2 * 3600

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@functools.cache
def _dummy_hash() -> str:
    """A fixed hash to verify against when the e-mail is unknown, so timing does not leak
    accounts. Made on first use, not at import: every command and worker imports this module,
    and an argon2 hash costs a noticeable part of a second on a busy machine."""
    return _hasher.hash(secrets.token_hex(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: User | None, password: str) -> bool:
    hashed = user.password_hash if user is not None and user.password_hash else _dummy_hash()
    try:
        ok = _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
    return ok and user is not None and user.password_hash is not None


def password_errors(password: str, field: str = "password") -> dict[str, str]:
    if len(password) < MIN_PASSWORD:
        return {field: f"Password must be {MIN_PASSWORD} characters or more"}
    if len(password) > limits.PASSWORD:
        return {field: too_long(limits.PASSWORD, "Password")}
    return {}


def checked_email(raw: str, field: str = "email", *, missing: str) -> str:
    """The address in its stored form, or ValidationFailed({field: message})."""
    address, errors = email_address_errors(raw, field, missing=missing)
    if errors:
        raise ValidationFailed(errors)
    return address


def user_by_email(session: Session, email: str) -> User | None:
    address = lookup_form(email)
    if address is None:
        return None
    return session.scalar(select(User).where(User.email == address))


def set_password(session: Session, user: User, password: str) -> None:
    """A new password ends every session the account had (the caller audits it)."""
    user.password_hash = hash_password(password)
    end_every_session(user)


@dataclass(frozen=True)
class Registration:
    name: str
    email: str
    password: str


@dataclass(frozen=True)
class Links:
    """Where the e-mails point: ``{token}`` is replaced by each link's token."""

    confirm: str
    set_password: str
    sign_in: str
    forgot_password: str


def register(session: Session, command: Registration, *, links: Links) -> str:
    """Start a requester account, or tell the address's owner someone tried. Returns the
    address (normalised) the e-mail went to. Signs nobody in."""
    errors: dict[str, str] = {}
    name = required_text(
        errors, "name", command.name, limits.NAME, missing="Enter your full name", subject="Name"
    )
    email, email_errors = email_address_errors(command.email)
    errors |= email_errors
    errors |= password_errors(command.password)
    if errors:
        raise ValidationFailed(errors)
    # Hashed whoever owns the address: a taken address must not answer faster.
    password_hash = hash_password(command.password)
    existing = user_by_email(session, email)
    if existing is None:
        user = User(email=email, name=name, role=Role.REQUESTER.value, password_hash=password_hash)
        session.add(user)
        session.flush()
        record(session, user, "register", "Account registered", after={"user_id": user.id})
        _send_confirmation(session, user, links.confirm)
    elif existing.password_hash is None or existing.email_confirmed_at is None:
        # An account nobody has proved they own (opened by a caseworker for a complaint, or
        # registered and never confirmed): only the mailbox's owner may claim it, by link.
        record(
            session,
            existing,
            "register_attempt",
            "Someone asked to create this account again",
            visible_to_requester=False,
        )
        queue_email(
            session,
            to=existing.email,
            subject="Claim your Review service account",
            body=(
                "Someone asked to create an account on the Review service for this e-mail "
                "address. There is already an account for it that nobody has set up yet"
                + (
                    ", opened when a complaint was entered for you"
                    if existing.password_hash is None
                    else ""
                )
                + ".\n\nIf it was you, choose your password with this link to claim the "
                f"account:\n\n{links.set_password.format(token=reset_token(existing))}\n\n"
                "The link works once, for 2 hours. If it was not you, you can ignore this "
                "e-mail: nothing has changed and nobody can sign in to the account.\n\n"
                "Review service"
            ),
        )
    else:
        record(
            session,
            existing,
            "register_attempt",
            "Someone tried to register this address again",
            visible_to_requester=False,
        )
        queue_email(
            session,
            to=existing.email,
            subject="Someone tried to register with your e-mail address",
            body=(
                f"Dear {existing.name},\n\nSomeone tried to create a Review service account "
                "with this e-mail address. You already have an account, so nothing has "
                f"changed.\n\nSign in here:\n\n{links.sign_in}\n\nIf you have forgotten your "
                f"password, you can reset it here:\n\n{links.forgot_password}\n\nIf it was "
                "not you, you can ignore this e-mail.\n\nReview service"
            ),
        )
    return email


def _send_confirmation(session: Session, user: User, confirm_url: str) -> None:
    queue_email(
        session,
        to=user.email,
        subject="Confirm your e-mail address",
        body=(
            f"Dear {user.name},\n\nConfirm your e-mail address to finish setting up your Review "
            f"service account:\n\n{confirm_url.format(token=confirmation_token(user))}\n\n"
            "The link works for 3 days. If you did not create an account, do not open the "
            "link: you can ignore this e-mail.\n\nReview service"
        ),
    )


def resend_confirmation(session: Session, user: User, *, confirm_url: str) -> None:
    record(
        session,
        user,
        "resend_confirmation",
        "Confirmation link sent again",
        visible_to_requester=False,
    )
    _send_confirmation(session, user, confirm_url)


def _serializer(secret_key: str, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=salt)


def _secret() -> str:
    """Tokens are signed with the application's SECRET_KEY."""
    from flask import current_app

    return str(current_app.config["SECRET_KEY"])


def _fingerprint(password_hash: str | None) -> str:
    return hashlib.sha256((password_hash or "none").encode()).hexdigest()[:16]


def _password_fingerprint(user: User) -> str:
    # Changes whenever the password does, so a link made for one password dies with it.
    return _fingerprint(user.password_hash)


@dataclass(frozen=True)
class _SignedLink:
    """A kind of link e-mailed to a person: what it is signed for, how long it lives, and what
    a person following it too late, or following a link this service did not sign, is told."""

    salt: str
    max_age: int
    expired: str
    invalid: str

    def sign(self, data: dict[str, Any]) -> str:
        return _serializer(_secret(), self.salt).dumps(data)

    def read(self, session: Session, token: str) -> tuple[User | None, dict[str, Any]]:
        """The account the link names (None if there is none), and what the link says."""
        try:
            data = _serializer(_secret(), self.salt).loads(token, max_age=self.max_age)
        except SignatureExpired:
            raise Conflict(self.expired) from None
        except BadSignature:
            raise NotFound(self.invalid) from None
        return session.get(User, data.get("u")), data


_CONFIRM_LINK = _SignedLink(
    "confirm-email",
    CONFIRM_MAX_AGE,
    expired="This confirmation link has expired. Sign in to get a new one.",
    invalid="This confirmation link is not valid.",
)
_RESET_LINK = _SignedLink(
    "reset-password",
    RESET_MAX_AGE,
    expired="This reset link has expired. Ask for a new one.",
    invalid="This reset link is not valid.",
)


def confirmation_token(user: User) -> str:
    return _CONFIRM_LINK.sign({"u": user.id, "e": user.email, "f": _password_fingerprint(user)})


def confirm_email(session: Session, token: str) -> User:
    user, data = _CONFIRM_LINK.read(session, token)
    if (
        user is None
        or user.email != data.get("e")
        or user.password_hash is None
        or _password_fingerprint(user) != data.get("f")
    ):
        raise NotFound(_CONFIRM_LINK.invalid)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        record(session, user, "confirm_email", "E-mail address confirmed")
    return user


def _reset_token(user_id: int, fingerprint: str) -> str:
    return _RESET_LINK.sign({"u": user_id, "f": fingerprint})


def reset_token(user: User) -> str:
    return _reset_token(user.id, _password_fingerprint(user))


def request_password_reset(session: Session, email: str, *, reset_url: str) -> str:
    """E-mail a reset link if an active account has the address, otherwise a note that none
    does. The same work either way (one link signed, one audit event, one e-mail), so
    neither the page nor its timing says whether the address has an account."""
    address = checked_email(email, missing="Enter your e-mail address")
    user = user_by_email(session, address)
    if user is not None and user.is_active:
        link = reset_url.format(token=reset_token(user))
        record(session, user, "request_password_reset", "Password reset requested")
        queue_email(
            session,
            to=user.email,
            subject="Reset your password",
            body=(
                f"Dear {user.name},\n\nUse this link to choose a new password:\n\n{link}\n\n"
                "The link works once, for 2 hours. If you did not ask for this, you can "
                "ignore this e-mail.\n\nReview service"
            ),
        )
        return address
    _reset_token(0, _fingerprint(_dummy_hash()))  # signed and thrown away: the same cost
    record(
        session,
        None,
        "request_password_reset",
        "Password reset asked for an address with no active account",
        visible_to_requester=False,
    )
    queue_email(
        session,
        to=address,
        subject="Reset your password",
        body=(
            "Someone asked to reset the password of a Review service account for this e-mail "
            "address, but no active account uses this address, so no password was changed."
            "\n\nIf it was you, you may have registered with another address. If your staff "
            "account has been closed, ask your administrator.\n\nIf it was not you, you can "
            "ignore this e-mail.\n\nReview service"
        ),
    )
    return address


def user_for_reset_token(session: Session, token: str) -> User:
    user, data = _RESET_LINK.read(session, token)
    if user is None or not user.is_active or _password_fingerprint(user) != data.get("f"):
        raise NotFound("This reset link has already been used or is not valid.")
    return user


def reset_password(session: Session, token: str, new_password: str) -> User:
    """Set a password with a link from the mailbox: a reset, or claiming an account."""
    user = user_for_reset_token(session, token)
    errors = password_errors(new_password)
    if errors:
        raise ValidationFailed(errors)
    set_password(session, user, new_password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()  # they proved they read the mailbox
    record(session, user, "reset_password", "Password changed with a reset link")
    return user


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """A signed-in person changes their password; every other session ends."""
    errors: dict[str, str] = {}
    if not verify_password(user, current):
        errors["current_password"] = "Your current password is not right"  # noqa: S105
    errors |= password_errors(new, "new_password")
    if errors:
        raise ValidationFailed(errors)
    set_password(session, user, new)
    record(session, user, "change_password", "Password changed", visible_to_requester=False)


@dataclass(frozen=True)
class SignIn:
    """The outcome of a password check: the account, and whether its address still needs
    confirming (then it must not be signed in)."""

    user: User
    needs_confirmation: bool


def authenticate(session: Session, email: str, password: str) -> SignIn | None:
    user = user_by_email(session, email)
    if not verify_password(user, password) or user is None or not user.is_active:
        return None
    if user.email_confirmed_at is None:
        return SignIn(user, needs_confirmation=True)
    if _hasher.check_needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
    return SignIn(user, needs_confirmation=False)


def record_sign_in(session: Session, user: User, *, how: str = "") -> None:
    """The sign-in is complete (after the second factor, when one is asked for)."""
    user.last_signed_in_at = utcnow()
    summary = f"Signed in with {how}" if how else "Signed in"
    record(session, user, "sign_in", summary, visible_to_requester=False)


def create_user(
    session: Session,
    actor: User | None,
    *,
    email: str,
    name: str,
    role: Role | str,
    password: str,
    authority: Authority | None = None,
) -> User:
    """Create a staff or requester account (administrators and the CLI)."""
    if actor is not None and not actor.has_role(Role.ADMIN):
        raise Forbidden("Only administrators can create accounts.")
    try:
        role = Role(role)
    except ValueError:
        raise ValidationFailed({"role": "Select a role"}) from None
    email, errors = email_address_errors(email, missing="Enter the person's e-mail address")
    errors |= password_errors(password)
    if not name.strip():
        errors["name"] = "Enter the person's name"
    if not errors.get("email") and user_by_email(session, email) is not None:
        errors["email"] = "An account with this e-mail address already exists"
    if errors:
        raise ValidationFailed(errors)
    user = User(
        email=email,
        name=name.strip(),
        role=role.value,
        password_hash=hash_password(password),
        email_confirmed_at=utcnow(),
        authority_id=authority.id if authority else None,
    )
    session.add(user)
    session.flush()
    record(
        session,
        actor,
        "create_user",
        f"{role.label} account created (user {user.id})",
        after={"user_id": user.id, "role": role.value},
        visible_to_requester=False,
    )
    return user


# -- API tokens ----------------------------------------------------------------------------

TOKEN_PREFIX = "rs_"  # noqa: S105 - a label, not a secret


def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the secret is returned once and only its hash is stored."""
    name = name.strip() or "API token"
    if len(name) > limits.TOKEN_NAME:
        raise ValidationFailed({"name": too_long(limits.TOKEN_NAME, "Name")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=_token_hash(secret))
    session.add(token)
    session.flush()
    record(
        session,
        user,
        "create_api_token",
        f"API token “{name}” created",
        after={"token_id": token.id},
        visible_to_requester=False,
    )
    return token, secret


def revoke_api_token(session: Session, user: User, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("No such token.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record(
            session,
            user,
            "revoke_api_token",
            f"API token “{token.name}” revoked",
            after={"token_id": token.id},
            visible_to_requester=False,
        )
    return token


# "Last used" is for people deciding which tokens to revoke: minutes are precise enough, and
# writing it on every request would make every API read a write on the same row.
LAST_USED_PRECISION = dt.timedelta(minutes=5)


# Built once: every API request runs it.
_TOKEN_AND_USER = (
    select(ApiToken, all_overrides_json())  # with the bank-holiday changes (cases/policy.py)
    .where(ApiToken.token_hash == bindparam("token_hash"))
    .options(joinedload(ApiToken.user, innerjoin=True))
)


def user_for_api_token(session: Session, secret: str) -> User | None:
    if not secret.startswith(TOKEN_PREFIX):
        return None
    row = session.execute(_TOKEN_AND_USER, {"token_hash": _token_hash(secret)}).first()
    if row is None:
        return None
    token, overrides = row
    if token.revoked_at is not None or not token.user.is_active:
        return None
    remember_overrides(session, overrides)
    _note_use(session, token)
    return token.user


def _note_use(session: Session, token: ApiToken) -> None:
    """Record when the token was used, at most every few minutes, in its own short transaction
    on another connection: it is kept whatever the request does, and the request's own
    transaction never holds a lock on the token's row."""
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    stale = or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - LAST_USED_PRECISION)
    # .engine: the session may be bound to a connection (a test running inside a transaction).
    with session.get_bind().engine.connect() as connection:
        connection.execute(
            update(ApiToken).where(ApiToken.id == token.id, stale).values(last_used_at=now)
        )
        connection.commit()
    set_committed_value(token, "last_used_at", now)


def staff_count(session: Session) -> int:
    return (
        session.scalar(select(func.count()).select_from(User).where(User.role != "requester")) or 0
    )
