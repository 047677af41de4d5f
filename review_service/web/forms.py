"""Helpers shared by page views: copy service errors onto form fields, and save a form's change."""

from __future__ import annotations

from typing import Self

from flask import flash
from flask_wtf import FlaskForm

from review_service.errors import Conflict, ValidationFailed
from review_service.extensions import commit, db_session


def apply_errors(
    form: FlaskForm, error: ValidationFailed, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationFailed messages against the matching form fields."""
    field_map = field_map or {}
    for name, message in error.errors.items():
        target = field_map.get(name, name)
        field = getattr(form, target, None)
        if field is None or not hasattr(field, "errors"):
            field = next(iter(f for f in form if f.type not in ("CSRFTokenField", "SubmitField")))
        errors = list(field.errors) if isinstance(field.errors, list | tuple) else []
        errors.append(message)
        field.errors = errors


class Saving:
    """Commit what the block's service calls changed, or say why a service refused it::

        with Saving(form) as attempt:
            user = services.create_staff_account(session, actor, command)
        if attempt.saved:
            flash(...)

    Refused with ``ValidationFailed`` (with a ``form``: its messages go on the fields, through
    ``field_map``) or, with ``flash_conflicts``, with ``Conflict`` (flashed): the session is
    rolled back and ``saved`` is False (``conflict`` the flashed Conflict). Any other error
    goes on to the caller.

    A plain class rather than ``@contextmanager``, as ``api.errors.FieldsRenamed``: a
    generator-based manager re-raises through the generator, which a frozen dataclass
    exception (``InvalidTransition``) refuses.
    """

    def __init__(
        self,
        form: FlaskForm | None = None,
        field_map: dict[str, str] | None = None,
        *,
        flash_conflicts: bool = False,
    ) -> None:
        self.form = form
        self.field_map = field_map
        self.flash_conflicts = flash_conflicts
        self.saved = False
        self.conflict: Conflict | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _traceback: object
    ) -> bool:
        if error is None:
            commit()
            self.saved = True
            return False
        if isinstance(error, ValidationFailed) and self.form is not None:
            db_session().rollback()
            apply_errors(self.form, error, self.field_map)
            return True
        if isinstance(error, Conflict) and self.flash_conflicts:
            db_session().rollback()
            flash(error.message)
            self.conflict = error
            return True
        return False
