"""Reading API requests: JSON bodies checked against the OpenAPI schemas, and typed fields.

A body that breaks its schema is refused with a `validation` problem naming each field
(``grounds[0].kind``); the views then read typed values with ``Fields``, which collects the
errors a schema cannot express (real dates, the supported years) before any service runs.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from flask import request
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from review_service.domain.calendar import FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR
from review_service.domain.limits import too_long
from review_service.errors import ValidationFailed

MAX_JSON_BYTES = 1024 * 1024  # the longest text field is 200,000 characters
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class ApiError(Exception):
    """An error the API answers with a problem of its own (not a service error)."""

    def __init__(self, status: int, title: str, detail: str, type_: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.type_ = type_


@functools.cache
def _validator(name: str) -> Draft202012Validator:
    from review_service.api import openapi  # the document's bodies build on this module

    return Draft202012Validator(openapi.schema(name))


def field_path(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "body"


_KIND_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


def _message(error: ValidationError) -> list[tuple[str, str]]:
    """(field, message) pairs for one schema error, in GOV.UK-style words."""
    path = list(error.absolute_path)
    where = field_path(path)
    keyword = error.validator
    value = error.validator_value
    instance = error.instance
    if keyword == "required" and isinstance(instance, dict):
        return [
            (field_path([*path, name]), "Enter a value: this field is required")
            for name in value
            if name not in instance
        ]
    if keyword == "additionalProperties" and isinstance(instance, dict):
        known = set(error.schema.get("properties", {}))
        return [
            (field_path([*path, name]), "Remove this field: it is not part of this request")
            for name in instance
            if name not in known
        ]
    if keyword == "type":
        kinds = [value] if isinstance(value, str) else list(value)
        words = " or ".join(_KIND_NAMES.get(k, k) for k in kinds)
        return [(where, f"Must be {words}")]
    if keyword in ("enum", "const"):
        options = value if keyword == "enum" else [value]
        shown = ", ".join(str(o) for o in options if o is not None)
        return [(where, f"Must be one of: {shown}")]
    if keyword == "maxLength":
        return [(where, too_long(value))]
    if keyword == "minLength":
        return [(where, "Must not be empty")]
    if keyword == "maxItems":
        return [(where, f"Must have {value:,} items or fewer")]
    if keyword == "minimum":
        return [(where, f"Must be {value:,} or more")]
    if keyword == "maximum":
        return [(where, f"Must be {value:,} or fewer")]
    if keyword == "pattern" and error.schema.get("format") == "date":
        return [(where, "Enter a date in the form YYYY-MM-DD")]
    return [(where, error.message)]


def check(name: str, data: Any) -> None:
    """Raise ValidationFailed if ``data`` breaks component schema ``name``."""
    errors: dict[str, str] = {}
    for error in _validator(name).iter_errors(data):
        if error.validator in ("oneOf", "anyOf") and error.context:
            error = best_match(error.context)  # a union: report the closest branch
        for field, message in _message(error):
            errors.setdefault(field, message)
    if errors:
        raise ValidationFailed(errors)


def read_json(*, empty_ok: bool = False) -> Any:
    """The request body parsed as JSON (not yet checked against a schema)."""
    raw = request.get_data(cache=True)
    if empty_ok and not raw.strip():
        return {}
    if request.mimetype != "application/json":
        raise ApiError(
            415,
            "Unsupported media type",
            "Send the body as JSON with Content-Type: application/json.",
        )
    if len(raw) > MAX_JSON_BYTES:
        raise ApiError(413, "Payload too large", "JSON bodies are limited to 1 MB.")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise ApiError(400, "Bad request", "The body is not valid JSON.") from None
    errors = dict(unstorable_text(data))
    if errors:
        raise ValidationFailed(errors)
    return data


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = "Remove the NUL or unpaired surrogate character: it cannot be stored"


def unstorable_text(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[str, str]]:
    """Fields holding text no database column can keep (NUL; JSON's lone ``\\ud800``)."""
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            yield field_path(path), UNSTORABLE_MESSAGE
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from unstorable_text(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            if _UNSTORABLE.search(key):
                yield field_path(path), UNSTORABLE_MESSAGE
            else:
                yield from unstorable_text(item, (*path, key))


def json_body(schema_name: str, *, empty_ok: bool = False) -> dict[str, Any]:
    """The request's JSON object, checked against component schema ``schema_name``.

    With ``empty_ok`` an empty body stands for ``{}`` (operations whose fields are all optional).
    """
    data = read_json(empty_ok=empty_ok)
    check(schema_name, data)
    return data


def parse_date(value: Any) -> dt.date | None:
    """A YYYY-MM-DD string within the years the working-day calendar covers, else None."""
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    if not FIRST_SUPPORTED_YEAR <= day.year <= LAST_SUPPORTED_YEAR:
        return None
    return day


DATE_MESSAGE = (
    f"Enter a real date in the form YYYY-MM-DD, between {FIRST_SUPPORTED_YEAR} and "
    f"{LAST_SUPPORTED_YEAR}"
)


class Fields:
    """Typed reads from a checked body; date errors are collected and raised together."""

    def __init__(self, data: dict[str, Any], prefix: str = "") -> None:
        self.data = data
        self.prefix = prefix
        self.errors: dict[str, str] = {}

    def text(self, name: str, default: str = "") -> str:
        value = self.data.get(name)
        return value if isinstance(value, str) else default

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.data.get(name)
        return value if isinstance(value, bool) else default

    def number(self, name: str) -> int | None:
        value = self.data.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def date(self, name: str, *, field: str | None = None) -> dt.date | None:
        value = self.data.get(name)
        if value is None:
            return None
        day = parse_date(value)
        if day is None:
            self.errors[field or self.prefix + name] = DATE_MESSAGE
        return day

    def version(self) -> int | None:
        return self.number("version")

    def done(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)
