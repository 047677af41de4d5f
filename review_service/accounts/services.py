"""Accounts: passwords (argon2id), registration, e-mail confirmation, resets, API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from review_service.accounts.models import ApiToken, Authority, Role, User
from review_service.audit.services import record
from review_service.db import utcnow
from review_service.errors import Conflict, Forbidden, NotFound, ValidationFailed
from review_service.mail.services import queue_email

MIN_PASSWORD = 12  # NCSC/NIST: length, no composition rules
MAX_PASSWORD = 256
CONFIRM_MAX_AGE = 3 * 24 * 3600
RESET_MAX_AGE = 2 * 3600

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# A fixed hash to verify against when the e-mail is unknown, so timing does not leak accounts.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: User | None, password: str) -> bool:
    hashed = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    try:
        ok = _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
    return ok and user is not None and user.password_hash is not None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_errors(password: str, field: str = "password") -> dict[str, str]:
    if len(password) < MIN_PASSWORD:
        return {field: f"Password must be {MIN_PASSWORD} characters or more"}
    if len(password) > MAX_PASSWORD:
        return {field: f"Password must be {MAX_PASSWORD} characters or fewer"}
    return {}


def email_errors(email: str, field: str = "email") -> dict[str, str]:
    if not email:
        return {field: "Enter your e-mail address"}
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email or len(email) > 254:
        return {field: "Enter an e-mail address in the correct format, like name@example.com"}
    return {}


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


@dataclass(frozen=True)
class Registration:
    name: str
    email: str
    password: str


def register(session: Session, command: Registration, *, confirm_url: str) -> User:
    """Create a requester account and e-mail a confirmation link."""
    email = normalise_email(command.email)
    name = " ".join(command.name.split())
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter your full name"
    elif len(name) > 200:
        errors["name"] = "Name must be 200 characters or fewer"
    errors |= email_errors(email)
    errors |= password_errors(command.password)
    if errors:
        raise ValidationFailed(errors)
    existing = user_by_email(session, email)
    if existing is not None and existing.password_hash is not None:
        raise ValidationFailed({"email": "An account with this e-mail address already exists"})
    if existing is not None:
        # A caseworker filed for this person: they now claim the account.
        user = existing
        user.name = name
    else:
        user = User(email=email, name=name, role=Role.REQUESTER.value)
        session.add(user)
    user.password_hash = hash_password(command.password)
    session.flush()
    record(session, user, "register", "Account registered", after={"user_id": user.id})
    queue_email(
        session,
        to=email,
        subject="Confirm your e-mail address",
        body=(
            f"Dear {name},\n\nConfirm your e-mail address to finish setting up your Review "
            f"service account:\n\n{confirm_url.format(token=confirmation_token(user))}\n\n"
            "The link works for 3 days.\n\nReview service"
        ),
    )
    return user


def _serializer(secret_key: str, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=salt)


def _secret() -> str:
    """Tokens are signed with the application's SECRET_KEY."""
    from flask import current_app

    return str(current_app.config["SECRET_KEY"])


def confirmation_token(user: User) -> str:
    return _serializer(_secret(), "confirm-email").dumps({"u": user.id, "e": user.email})


def confirm_email(session: Session, token: str) -> User:
    try:
        data = _serializer(_secret(), "confirm-email").loads(token, max_age=CONFIRM_MAX_AGE)
    except SignatureExpired:
        raise Conflict("This confirmation link has expired. Sign in to get a new one.") from None
    except BadSignature:
        raise NotFound("This confirmation link is not valid.") from None
    user = session.get(User, data.get("u"))
    if user is None or user.email != data.get("e"):
        raise NotFound("This confirmation link is not valid.")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        record(session, user, "confirm_email", "E-mail address confirmed")
    return user


def _reset_fingerprint(user: User) -> str:
    # Changes whenever the password does, so a used link cannot be used again.
    return hashlib.sha256((user.password_hash or "none").encode()).hexdigest()[:16]


def reset_token(user: User) -> str:
    return _serializer(_secret(), "reset-password").dumps(
        {"u": user.id, "f": _reset_fingerprint(user)}
    )


def request_password_reset(session: Session, email: str, *, reset_url: str) -> None:
    """E-mail a reset link if the account exists; say nothing either way (no enumeration)."""
    user = user_by_email(session, email)
    if user is None or not user.is_active:
        return
    record(session, user, "request_password_reset", "Password reset requested")
    queue_email(
        session,
        to=user.email,
        subject="Reset your password",
        body=(
            f"Dear {user.name},\n\nUse this link to choose a new password:\n\n"
            f"{reset_url.format(token=reset_token(user))}\n\nThe link works once, for 2 hours. "
            "If you did not ask for this, you can ignore this e-mail.\n\nReview service"
        ),
    )


def user_for_reset_token(session: Session, token: str) -> User:
    try:
        data = _serializer(_secret(), "reset-password").loads(token, max_age=RESET_MAX_AGE)
    except SignatureExpired:
        raise Conflict("This reset link has expired. Ask for a new one.") from None
    except BadSignature:
        raise NotFound("This reset link is not valid.") from None
    user = session.get(User, data.get("u"))
    if user is None or _reset_fingerprint(user) != data.get("f"):
        raise NotFound("This reset link has already been used or is not valid.")
    return user


def reset_password(session: Session, token: str, new_password: str) -> User:
    user = user_for_reset_token(session, token)
    errors = password_errors(new_password)
    if errors:
        raise ValidationFailed(errors)
    user.password_hash = hash_password(new_password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()  # they proved they read the mailbox
    record(session, user, "reset_password", "Password changed with a reset link")
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = user_by_email(session, email)
    if not verify_password(user, password) or user is None or not user.is_active:
        return None
    if _hasher.check_needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
    user.last_signed_in_at = utcnow()
    record(session, user, "sign_in", "Signed in", visible_to_requester=False)
    return user


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
    email = normalise_email(email)
    try:
        role = Role(role)
    except ValueError:
        raise ValidationFailed({"role": "Select a role"}) from None
    errors = email_errors(email) | password_errors(password)
    if not name.strip():
        errors["name"] = "Enter the person's name"
    if user_by_email(session, email) is not None:
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
        f"{role.label} account created for {email}",
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
    if len(name) > 100:
        raise ValidationFailed({"name": "Name must be 100 characters or fewer"})
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


def user_for_api_token(session: Session, secret: str) -> User | None:
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(secret)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
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
    with session.get_bind().connect() as connection:
        connection.execute(
            update(ApiToken).where(ApiToken.id == token.id, stale).values(last_used_at=now)
        )
        connection.commit()
    set_committed_value(token, "last_used_at", now)


def staff_count(session: Session) -> int:
    return (
        session.scalar(select(func.count()).select_from(User).where(User.role != "requester")) or 0
    )
