"""Deny by default: every view declares who may use it, or nobody can.

``@public`` views are open to anyone. ``@requires(...)`` views need a signed-in user with
one of the given roles (none given: any signed-in user). A view with neither is refused
for everyone, and a meta-test checks that every route declares one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask_login import current_user

from review_service.accounts.models import Role, User

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"


def public(view: F) -> F:
    view._access = PUBLIC  # type: ignore[attr-defined]
    return view


def requires(*roles: Role) -> Callable[[F], F]:
    allowed = frozenset(r.value for r in roles) or frozenset(r.value for r in Role)

    def decorate(view: F) -> F:
        view._access = allowed  # type: ignore[attr-defined]
        return view

    return decorate


def access_of(view: Callable[..., Any] | None) -> str | frozenset[str] | None:
    return getattr(view, "_access", None)


def current_actor() -> User:
    """The signed-in user behind a ``@requires`` view, as the services take them (the real
    ``User``, not the request-local proxy)."""
    return current_user._get_current_object()
