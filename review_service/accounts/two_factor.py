"""A second factor for staff (issue 9): an authenticator app (TOTP, RFC 6238, with pyotp) and
one-time recovery codes.

Who must use one (``required_for``): every administrator, and reviewers and caseworkers of an
authority whose policy asks for it (``Authority.staff_two_factor_required``). A deployment
that signs staff in through single sign-on, which asks for its own second factor, turns the
requirement off with REQUIRE_TWO_FACTOR=false. Anyone on the staff who has set an app up is
asked for a code whether or not it is required of them. Requesters never are, and API tokens
are unaffected: a token is its own credential, made by someone who signed in.

Signing in asks for the password first and the code second; until the code is right the
browser holds only a "password checked" state (accounts/sessions.py, ``begin_pending``), which
is no session. A session without the second factor stops being one for anyone who needs it
(``sessions.is_live``), so turning the requirement on ends such sessions at once.

Secrets are encrypted at rest with Fernet (the ``cryptography`` package): keys from
TOTP_ENCRYPTION_KEY (the first encrypts, each decrypts), or one derived from SECRET_KEY with
HKDF. A code is good once: the 30-second step of the last code accepted is kept, and a code
from that step or an earlier one is refused, by a conditional UPDATE, so two requests racing
with one code cannot both win. Recovery codes (ten, 80 random bits each) are kept as SHA-256
digests and each works once. Every change is audited.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import secrets
from dataclasses import dataclass

import pyotp
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from review_service.accounts.models import (
    Authority,
    RecoveryCode,
    Role,
    SecondFactor,
    User,
)
from review_service.accounts.sessions import end_every_session
from review_service.audit.services import record
from review_service.db import rows_changed, utcnow
from review_service.errors import Conflict, ValidationFailed

ISSUER = "Review service"
RECOVERY_CODES = 10
CODE_FIELD = "code"
_STEP = 30  # seconds: the authenticator apps' default
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/i/l: read off paper


# -- who needs one ------------------------------------------------------------------------


def required_for(session: Session, user: User) -> bool:
    """Whether the service insists on a second factor for ``user``."""
    if not current_app.config.get("REQUIRE_TWO_FACTOR", True) or not user.is_staff:
        return False
    if user.role == Role.ADMIN.value:
        return True
    if user.authority_id is None:
        return False
    authority = session.get(Authority, user.authority_id)
    return bool(authority is not None and authority.staff_two_factor_required)


def factor_of(session: Session, user: User) -> SecondFactor | None:
    """The person's authenticator app, once set up (not while being set up)."""
    factor = session.get(SecondFactor, user.id)
    return factor if factor is not None and factor.confirmed_at is not None else None


def needed(session: Session, user: User, *, has_factor: bool | None = None) -> bool:
    """Whether signing ``user`` in takes a code: required of them, or they set one up
    (``has_factor``: whether they have, when the caller has read it already)."""
    if not user.is_staff:
        return False
    if required_for(session, user):
        return True
    return has_factor if has_factor is not None else factor_of(session, user) is not None


# -- secrets at rest ----------------------------------------------------------------------


def _cipher() -> MultiFernet:
    keys = list(current_app.config.get("TOTP_ENCRYPTION_KEYS") or ())
    if not keys:
        derived = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=None,
            info=b"review-service: authenticator secrets",
        ).derive(str(current_app.config["SECRET_KEY"]).encode())
        keys = [base64.urlsafe_b64encode(derived).decode()]
    return MultiFernet([Fernet(key) for key in keys])


def _secret_of(factor: SecondFactor) -> str:
    try:
        return _cipher().decrypt(factor.secret_encrypted.encode()).decode()
    except InvalidToken:
        # The key it was encrypted with is gone (SECRET_KEY or TOTP_ENCRYPTION_KEY changed).
        current_app.logger.error(
            "the authenticator secret of user %s cannot be decrypted with the configured "
            "keys; keep the old key in TOTP_ENCRYPTION_KEY or reset their second factor",
            factor.user_id,
        )
        return ""


# -- setting one up -----------------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    """What the set-up page shows: the secret to type in, and the otpauth:// URI."""

    secret: str
    uri: str

    @property
    def grouped_secret(self) -> str:
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


def qr_code(uri: str) -> str:
    """The set-up link as a QR code for the phone's camera: an SVG in a data: URI, so the
    page's Content-Security-Policy (img-src 'self' data:) lets it show, with no file kept."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def start_setup(session: Session, user: User) -> Setup:
    """A new secret for ``user`` (or the one being set up already), not yet in use."""
    if factor_of(session, user) is not None:
        raise Conflict("You have already set up an authenticator app.")
    factor = session.get(SecondFactor, user.id)
    if factor is None or not _secret_of(factor):
        secret = pyotp.random_base32(length=32)  # 160 bits, as RFC 4226 recommends
        if factor is None:
            factor = SecondFactor(user_id=user.id, secret_encrypted="")
            session.add(factor)
        factor.secret_encrypted = _cipher().encrypt(secret.encode()).decode()
        factor.created_at = utcnow()
        session.flush()
    secret = _secret_of(factor)
    uri = pyotp.TOTP(secret, interval=_STEP).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return Setup(secret=secret, uri=uri)


def confirm_setup(session: Session, user: User, code: str) -> list[str]:
    """Finish setting up with a code from the app; returns the new recovery codes."""
    factor = session.get(SecondFactor, user.id)
    if factor is None or factor.confirmed_at is not None:
        raise Conflict("Start setting up your authenticator app again.")
    step = _matching_step(factor, code)
    factor.confirmed_at = utcnow()
    factor.last_used_step = step
    codes = _new_recovery_codes(session, user)
    record(
        session,
        user,
        "two_factor_set_up",
        "Authenticator app set up for signing in",
        after={"user_id": user.id},
        visible_to_requester=False,
    )
    return codes


# -- signing in ---------------------------------------------------------------------------


def _digits(code: str) -> str:
    return "".join(code.split()).replace("-", "")


def _matching_step(factor: SecondFactor, code: str) -> int:
    """The time step whose code ``code`` is (this one, or one either side for clock drift),
    or a ValidationFailed saying what is wrong."""
    typed = _digits(code)
    if not typed:
        raise ValidationFailed({CODE_FIELD: "Enter the 6-digit security code"})
    if not (typed.isascii() and typed.isdigit() and len(typed) == 6):
        raise ValidationFailed({CODE_FIELD: "Enter the 6-digit code shown in your app"})
    secret = _secret_of(factor)
    if secret:
        totp = pyotp.TOTP(secret, interval=_STEP)
        now = int(dt.datetime.now(dt.UTC).timestamp()) // _STEP
        for step in (now, now - 1, now + 1):
            if secrets.compare_digest(totp.generate_otp(step), typed):
                return step
    raise ValidationFailed({CODE_FIELD: "The security code is not right, or has expired"})


def check_code(session: Session, user: User, code: str) -> None:
    """Accept a code from the person's app once; raises ValidationFailed otherwise."""
    factor = factor_of(session, user)
    if factor is None:
        raise Conflict("You have no authenticator app set up.")
    step = _matching_step(factor, code)
    # Good once: only the first request with this step's code moves last_used_step on.
    used = session.execute(
        update(SecondFactor)
        .where(
            SecondFactor.user_id == user.id,
            (SecondFactor.last_used_step.is_(None)) | (SecondFactor.last_used_step < step),
        )
        .values(last_used_step=step)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(used) != 1:
        raise ValidationFailed(
            {CODE_FIELD: "That code has been used already. Wait for your app to show a new one"}
        )
    session.expire(factor, ["last_used_step"])


def use_recovery_code(session: Session, user: User, code: str) -> int:
    """Spend one recovery code; returns how many are left. ValidationFailed if it is not one
    of the person's unused codes."""
    typed = "".join(ch for ch in code.lower() if ch.isalnum())
    if not typed:
        raise ValidationFailed({CODE_FIELD: "Enter one of your recovery codes"})
    found = session.scalar(
        select(RecoveryCode.id).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _code_hash(typed),
            RecoveryCode.used_at.is_(None),
        )
    )
    spent = None
    if found is not None:
        spent = session.execute(
            update(RecoveryCode)
            .where(RecoveryCode.id == found, RecoveryCode.used_at.is_(None))
            .values(used_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    if spent is None or rows_changed(spent) != 1:
        raise ValidationFailed(
            {CODE_FIELD: "That is not one of your recovery codes, or it has been used"}
        )
    left = recovery_codes_left(session, user)
    record(
        session,
        user,
        "recovery_code_used",
        f"Signed in with a recovery code ({left} left)",
        after={"user_id": user.id, "left": left},
        visible_to_requester=False,
    )
    return left


# -- recovery codes -----------------------------------------------------------------------


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _new_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["".join(secrets.choice(_ALPHABET) for _ in range(16)) for _ in range(RECOVERY_CODES)]
    now = utcnow()
    session.add_all(
        RecoveryCode(user_id=user.id, code_hash=_code_hash(code), created_at=now) for code in codes
    )
    session.flush()
    return ["-".join(code[i : i + 4] for i in range(0, 16, 4)) for code in codes]


def recovery_codes_left(session: Session, user: User) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )


def replace_recovery_codes(session: Session, user: User) -> list[str]:
    """New recovery codes for someone signed in with their app; the old ones stop working."""
    if factor_of(session, user) is None:
        raise Conflict("Set up an authenticator app first.")
    codes = _new_recovery_codes(session, user)
    record(
        session,
        user,
        "recovery_codes_replaced",
        "New recovery codes made; the old ones no longer work",
        after={"user_id": user.id},
        visible_to_requester=False,
    )
    return codes


# -- an administrator's reset -------------------------------------------------------------


def reset(session: Session, actor: User | None, user: User) -> None:
    """Remove ``user``'s authenticator app and recovery codes (they lost them): they set a
    new one up at their next sign-in. Every session of theirs ends. ``actor`` None: the
    command line. The caller has checked the actor may manage this account."""
    if actor is not None and actor.id == user.id:
        raise Conflict("Ask another administrator to reset your own second factor.")
    if session.get(SecondFactor, user.id) is None:
        raise Conflict(f"{user.name} has no authenticator app set up.")
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.execute(delete(SecondFactor).where(SecondFactor.user_id == user.id))
    end_every_session(user)
    record(
        session,
        actor,
        "two_factor_reset",
        f"{user.email}: authenticator app and recovery codes removed",
        before={"user_id": user.id, "two_factor": True},
        after={"user_id": user.id, "two_factor": False},
        visible_to_requester=False,
    )
