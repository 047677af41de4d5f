"""Signed-in sessions, and how they end on the server.

Flask keeps the session in a signed cookie, so by itself "signing out" only asks the
browser to forget the cookie: a copy taken earlier would go on working. Two records on the
server end sessions for good, in every process and every instance that shares the database:

- **The account's session generation** (``users.session_generation``). Each cookie carries
  the generation it was started under, and a cookie from an older generation is refused.
  Raising it ends every session of the account at once; the services that set or reset a
  password, change a role, deactivate or reactivate an account, or reset a second factor do
  so in the same transaction as the change. It costs nothing per request: the user row is
  read anyway.
- **Signed-out sessions** (``ended_sessions``). Each sign-in gets a random session id; signing
  out stores a SHA-256 of it until the session would have expired anyway, so that one cookie
  is refused while the person's other sessions (another browser, a phone) go on. Each
  request looks the id up by primary key.

Both live in the database rather than in Redis, on purpose: the end of a session commits in
the same transaction as the change that causes it, a lost or flushed Redis cannot bring a
signed-out cookie back to life (the records fail closed), and several instances need nothing
but the database they already share.

A session also ends SESSION_MAX_AGE seconds after sign-in (12 hours by default), however
busy, which bounds how long a signed-out id must be remembered.

Someone who needs a second factor (accounts/two_factor.py) is not signed in by their
password: ``begin_pending`` leaves only a note that the password was right, for whom, and
where to go next, valid for PENDING_MAX_AGE seconds and only while the account's session
generation is unchanged. It carries no ``_user_id``, so Flask-Login sees nobody. Once the
code is right, ``begin`` starts the session with ``second_factor=True``. A session without
that mark is refused (``is_live``) for anyone who needs a second factor: one started before
the requirement applied to them ends with it.

Signing in always starts from an empty session (``begin``): whatever was in the cookie
before — including the CSRF token — is dropped, so nothing planted before sign-in survives it.
There are no "remember me" cookies: Flask-Login's remember cookie, if one were ever sent,
would give a session without an id here and so would be refused like any other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time

from flask import current_app, g
from flask import session as cookie
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from review_service.accounts.models import EndedSession, SecondFactor, User
from review_service.cases.policy import all_overrides_json, remember_overrides
from review_service.db import utcnow

SESSION_ID = "_sid"
GENERATION = "_gen"
STARTED = "_started"
SECOND_FACTOR = "_mfa"  # whether this sign-in passed the second factor
PENDING = "_pending"  # the password was right; the second factor is still to come
PENDING_MAX_AGE = 10 * 60


def _max_age() -> int:
    return int(current_app.config["SESSION_MAX_AGE"])


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def begin(user: User, *, second_factor: bool = False) -> None:
    """Sign ``user`` in on this browser with a brand-new session."""
    cookie.clear()
    g.pop("csrf_token", None)  # Flask-WTF's per-request copy of the old token
    login_user(user)
    cookie[SESSION_ID] = secrets.token_urlsafe(32)
    cookie[GENERATION] = user.session_generation
    cookie[STARTED] = int(time.time())
    cookie[SECOND_FACTOR] = second_factor


# Built once: every signed-in request runs it.
_ACCOUNT_AND_SESSION = select(
    User,
    select(EndedSession.session_hash)
    .where(EndedSession.session_hash == bindparam("session_hash"))
    .exists(),
    # Whether they have an authenticator app: asked of every session that has not passed a
    # second factor (two_factor.needed), here rather than in a statement of its own.
    select(SecondFactor.user_id)
    .where(SecondFactor.user_id == User.id, SecondFactor.confirmed_at.is_not(None))
    .exists(),
    all_overrides_json(),  # the bank-holiday changes the request's deadlines count with
).where(User.id == bindparam("user_id"))


def signed_in_user(db: Session, user_id: int) -> User | None:
    """The active account whose live session this request's cookie is, if it is one. Read with
    one statement on every request: the account, and whether this session was signed out."""
    session_id = cookie.get(SESSION_ID)
    if not isinstance(session_id, str):
        return None
    row = db.execute(
        _ACCOUNT_AND_SESSION, {"user_id": user_id, "session_hash": _hash(session_id)}
    ).first()
    if row is None:
        return None
    user, ended, has_factor, overrides = row
    if not user.is_active or ended:
        return None
    remember_overrides(db, overrides)
    return user if is_live(db, user, ended=False, has_factor=has_factor) else None


def is_live(
    db: Session, user: User, *, ended: bool | None = None, has_factor: bool | None = None
) -> bool:
    """Whether this request's cookie is a session of ``user`` that has not ended (``ended``:
    whether it was signed out, ``has_factor``: whether they have an authenticator app, when
    the caller has read them already)."""
    session_id = cookie.get(SESSION_ID)
    started = cookie.get(STARTED)
    if not isinstance(session_id, str) or not isinstance(started, int):
        return False
    if cookie.get(GENERATION) != user.session_generation:
        return False
    age = time.time() - started
    if age > _max_age() or age < -60:
        return False
    if ended is None:
        ended = (
            db.scalar(
                select(EndedSession.session_hash).where(
                    EndedSession.session_hash == _hash(session_id)
                )
            )
            is not None
        )
    if ended:
        return False
    if not passed_second_factor():
        from review_service.accounts import two_factor

        return not two_factor.needed(db, user, has_factor=has_factor)
    return True


def passed_second_factor() -> bool:
    return cookie.get(SECOND_FACTOR) is True


def begin_pending(user: User, next_url: str | None) -> None:
    """The password was right but a second factor is needed: nobody is signed in yet."""
    cookie.clear()
    g.pop("csrf_token", None)
    cookie[PENDING] = {
        "user": user.id,
        "gen": user.session_generation,
        "at": int(time.time()),
        "next": next_url,
    }


def pending_user(db: Session) -> User | None:
    """Whose password this browser has just given, if it still may give the second factor."""
    pending = cookie.get(PENDING)
    if not isinstance(pending, dict):
        return None
    user_id, at = pending.get("user"), pending.get("at")
    if not isinstance(user_id, int) or not isinstance(at, int):
        return None
    if not -60 <= time.time() - at <= PENDING_MAX_AGE:
        return None
    user = db.get(User, user_id)
    if user is None or not user.is_active or pending.get("gen") != user.session_generation:
        return None
    return user


def pending_next() -> str | None:
    pending = cookie.get(PENDING)
    value = pending.get("next") if isinstance(pending, dict) else None
    return value if isinstance(value, str) else None


def abandon_pending() -> None:
    cookie.pop(PENDING, None)


def end(db: Session, user: User) -> None:
    """Sign out this browser: its session id is refused from now on, everywhere."""
    session_id = cookie.get(SESSION_ID)
    started = cookie.get(STARTED)
    now = utcnow()
    if isinstance(session_id, str):
        start = dt.datetime.fromtimestamp(started, dt.UTC) if isinstance(started, int) else now
        if db.get(EndedSession, _hash(session_id)) is None:
            db.add(
                EndedSession(
                    session_hash=_hash(session_id),
                    user_id=user.id,
                    ended_at=now,
                    expires_at=start + dt.timedelta(seconds=_max_age()),
                )
            )
    # Records of sessions that would have expired by now are no longer needed.
    db.execute(delete(EndedSession).where(EndedSession.expires_at < now))
    logout_user()
    cookie.clear()


def end_every_session(user: User) -> None:
    """End every session of ``user`` (the caller's transaction records it)."""
    user.session_generation = (user.session_generation or 0) + 1
