"""Flask extensions, bound to the app in create_app with init_app."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, has_app_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from review_service.db import make_engine, make_sessionmaker
from review_service.web.limits import client_key


class _Limiter(Limiter):
    """Flask-Limiter, costing nothing on a decorated view when limits are off
    (RATELIMIT_ENABLED=false): the library would still look up the view's limits, find none
    and check the blueprint's exemptions on every request."""

    def _check_request_limit(
        self, callable_name: str | None = None, in_middleware: bool = True
    ) -> None:
        if self.enabled:
            super()._check_request_limit(callable_name, in_middleware)


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie session, its signing serializer made once per set of keys rather
    than on every request (Flask builds a new one to open the session and again to save it).
    The serializer holds nothing but the keys and settings it was built with."""

    def __init__(self) -> None:
        self._serializer: tuple[Any, Any] | None = None

    def get_signing_serializer(self, app: Flask) -> Any:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made = self._serializer
        if made is None or made[0] != keys:
            made = self._serializer = (keys, super().get_signing_serializer(app))
        return made[1]


login_manager = LoginManager()
csrf = CSRFProtect()
# Keys come from web/limits.py (client address or account, under the deployment's prefix).
limiter = _Limiter(key_func=client_key, default_limits=[], headers_enabled=True)


class Database:
    """The engine and session factory for one application."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = make_engine(url)
        self.sessionmaker: sessionmaker[Session] = make_sessionmaker(self.engine)

    def init_app(self, app: Flask) -> None:
        app.extensions["review_service.db"] = self
        app.teardown_appcontext(_close_session)


def database(app: Flask) -> Database:
    return app.extensions["review_service.db"]


def db_session() -> Session:
    """The session for this request (or app context), created on first use."""
    from flask import current_app

    if "db_session" not in g:
        g.db_session = database(current_app).sessionmaker()
    return g.db_session


def commit() -> None:
    """The one commit per request. A concurrent save of the same case raises StaleCase
    (db.ReviewSession), after which the session is rolled back."""
    session = db_session()
    try:
        session.commit()
    except Exception:
        session.rollback()
        raise


def _close_session(_exc: BaseException | None) -> None:
    # close() ends the transaction with a rollback (anything not committed is discarded) and
    # returns the connection; an explicit rollback() first would also expire every object
    # loaded, which nothing will read again.
    session = g.pop("db_session", None) if has_app_context() else None
    if session is not None:
        session.close()


def is_api_request() -> bool:
    return request.path.startswith("/api/")
