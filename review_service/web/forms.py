"""Helpers shared by page views: copy service errors onto form fields."""

from __future__ import annotations

from flask_wtf import FlaskForm

from review_service.errors import ValidationFailed


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
