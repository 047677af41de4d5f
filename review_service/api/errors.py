"""Service errors raised by API views become problems with a stable ``type``.

The application turns 401/403/404/405/429 and unexpected errors on /api/ paths into problems
(app.py); these handlers cover what only the API meets: field validation, conflicts, stale
versions and refused lifecycle moves, each with its own type.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from flask import Blueprint, Response
from sqlalchemy.exc import IntegrityError

from review_service.api.problems import problem_response
from review_service.api.validation import ApiError
from review_service.errors import (
    Conflict,
    Forbidden,
    InvalidTransition,
    NotFound,
    StaleCase,
    ValidationFailed,
)
from review_service.web.conflicts import discard_request_changes, stale_response

_INDEXED = re.compile(r"^(?P<name>[a-z_]+)-(?P<index>[0-9]+)$")


def api_field(name: str) -> str:
    """A service's field name in the API's words: ``grounds-0`` -> ``grounds[0]``."""
    match = _INDEXED.match(name)
    if match:
        return f"{match['name']}[{match['index']}]"
    return name


class FieldsRenamed:
    """Re-raise a service's ValidationFailed with its field names as the request spells them.

    A plain class rather than ``@contextmanager``: a generator-based manager re-raises every
    exception through the generator and sets its ``__traceback__``, which a frozen dataclass
    exception (``InvalidTransition``) refuses.
    """

    def __init__(self, rename: Mapping[str, str] | Callable[[str], str]) -> None:
        self.rename = rename

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _traceback: object
    ) -> None:
        if not isinstance(error, ValidationFailed):
            return
        rename = self.rename
        names = {k: rename(k) if callable(rename) else rename.get(k, k) for k in error.errors}
        raise ValidationFailed({names[k]: v for k, v in error.errors.items()}) from None


def validation_problem(errors: dict[str, str]) -> Response:
    items = [{"field": api_field(f), "message": m} for f, m in errors.items()]
    detail = "; ".join(f"{item['field']}: {item['message']}" for item in items)
    return problem_response(
        422, title="Validation failed", detail=detail, type_="validation", errors=items
    )


def problem_for(error: Exception) -> Response | None:
    """The one mapping from a service error to its problem, with its stable type: the API
    blueprint's handlers and the application's (for an error met on an /api/ path outside a
    view) both answer with it. None for an error that is not one of these."""
    if isinstance(error, StaleCase):
        return stale_response(error)
    if isinstance(error, ValidationFailed):
        return validation_problem(error.errors)
    if isinstance(error, InvalidTransition):
        return problem_response(
            409,
            title="Not allowed at this stage",
            detail=str(error),
            type_="invalid-transition",
            case_status=error.status.value,
            action=error.action.value,
        )
    if isinstance(error, Conflict):
        return problem_response(409, title="Conflict", detail=error.message, type_="conflict")
    if isinstance(error, IntegrityError):
        # Two requests recorded the same one-per-case thing at once; the other one won.
        return problem_response(
            409,
            title="Conflict",
            detail="This was saved by another request at the same time. Fetch the case again.",
            type_="conflict",
        )
    if isinstance(error, NotFound):
        return problem_response(404, title="Not found", detail=error.message)
    if isinstance(error, Forbidden):
        return problem_response(403, title="Forbidden", detail=error.message)
    if isinstance(error, ApiError):
        return problem_response(
            error.status, title=error.title, detail=error.detail, type_=error.type_
        )
    return None


def register(bp: Blueprint) -> None:
    def service_error(error: Exception) -> Response:
        discard_request_changes()
        problem = problem_for(error)
        assert problem is not None  # registered below for these errors only
        return problem

    # StaleCase here as well as on the app: this blueprint's Conflict handler would otherwise
    # take it.
    for kind in (
        ValidationFailed,
        StaleCase,
        InvalidTransition,
        Conflict,
        IntegrityError,
        NotFound,
        Forbidden,
        ApiError,
    ):
        bp.register_error_handler(kind, service_error)
