"""Typed errors raised by services; pages and the API turn them into messages."""

from __future__ import annotations

from review_service.domain.lifecycle import InvalidTransition

__all__ = [
    "Conflict",
    "Forbidden",
    "InvalidTransition",
    "NotFound",
    "ServiceError",
    "StaleCase",
    "ValidationFailed",
]


class ServiceError(Exception):
    """Base for errors a user can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(ServiceError):
    """Input failed a rule. ``errors`` maps a field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)


class Forbidden(ServiceError):
    """The actor may not do this."""


class NotFound(ServiceError):
    """No such thing, or the actor may not know it exists."""


class Conflict(ServiceError):
    """The request conflicts with the current state (other than a lifecycle move)."""


class StaleCase(Conflict):
    """Someone else saved the case since this form was loaded (optimistic locking)."""

    def __init__(self) -> None:
        super().__init__(
            "Someone else changed this case while you were editing it. Your changes have not "
            "been saved; they are shown below so you can check the case and save again."
        )
