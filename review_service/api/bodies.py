"""Request bodies read as the services' command types: one type gives the schema and the command.

A command type is the dataclass a service takes (``cases.services.FileCase``,
``reviews.services.DecisionInput``); its fields carry their limits (``Annotated[str,
MaxLen(limits.NAME)]``, ``SupportedDate``, ``Annotated[tuple[...], MaxLen(limits.ITEMS)]``).
pydantic reads the type twice:

- ``Body.schema()``: ``TypeAdapter(command).json_schema()``, written in the document's style
  (``_house``: nested types inline, no titles, ``X | None`` as a type list, closed objects, ids
  bounded like the database's integer columns), plus ``version`` and the API's descriptions.
  That is the component schema in the OpenAPI document, which ``validation.check`` tests each
  body against, so the field errors keep their words.
- ``Body.read(data)``: ``TypeAdapter(command).validate_python`` builds the command from the
  checked body; what the schema cannot say (a real date, within the calendar's years) comes
  back as pydantic errors, mapped onto the API's field errors by ``field_errors``.

A new field on a command type is then a new member of its request body, with its limit.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from review_service.api.schemas import DATE as DATE_SCHEMA
from review_service.api.schemas import VERSION_IN, integer, nullable, obj
from review_service.api.validation import DATE_MESSAGE, field_path
from review_service.cases.services import FileCase
from review_service.domain.limits import too_long
from review_service.errors import ValidationFailed
from review_service.reviews.services import DecisionInput

C = TypeVar("C")

_DATE_ERRORS = {
    "date_type",
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "date_future",
    "date_past",
}


def _message(error: Mapping[str, Any]) -> str:
    """The API's words for one pydantic error (as ``validation._message`` words a schema's)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in _DATE_ERRORS or (kind in ("greater_than_equal", "less_than_equal") and _is_day(ctx)):
        return DATE_MESSAGE
    if kind == "missing":
        return "Enter a value: this field is required"
    if kind == "extra_forbidden":
        return "Remove this field: it is not part of this request"
    if kind == "string_too_long":
        return too_long(ctx["max_length"])
    if kind == "string_too_short":
        return "Must not be empty"
    if kind == "too_long":
        return f"Must have {ctx['max_length']:,} items or fewer"
    if kind == "greater_than_equal":
        return f"Must be {ctx['ge']:,} or more"
    if kind == "less_than_equal":
        return f"Must be {ctx['le']:,} or fewer"
    if kind == "enum":
        return f"Must be one of: {ctx.get('expected', '')}".replace("'", "")
    return str(error["msg"])


def _is_day(ctx: Mapping[str, Any]) -> bool:
    bound = ctx.get("ge", ctx.get("le"))
    return isinstance(bound, str) or hasattr(bound, "isoformat")


def field_errors(error: PydanticError, prefix: tuple[Any, ...] = ()) -> dict[str, str]:
    """Each pydantic error as ``{field: message}``, the field named as the schema errors are
    (``grounds[0].provision``); the first error for a field wins."""
    found: dict[str, str] = {}
    for item in error.errors():
        found.setdefault(field_path((*prefix, *item["loc"])), _message(item))
    return found


def _house(node: Any, defs: Mapping[str, Any]) -> Any:
    """pydantic's JSON Schema in the style of the rest of the document (api/schemas.py)."""
    if isinstance(node, list):
        return [_house(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _house(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    node = {
        key: _house(value, defs)
        for key, value in node.items()
        if key not in ("title", "description", "$defs")  # a class's docstring is not the API's
        and not (key == "default" and not isinstance(value, bool))
    }
    if "anyOf" in node:
        options = node.pop("anyOf")
        if any("enum" in option for option in options):  # ``GroundKind | str``: the enum
            options = [o for o in options if o != {"type": "string"}]
        present = [o for o in options if o != {"type": "null"}]
        if len(present) == 1:
            inner = present[0]
            return {**(nullable(inner) if len(options) > 1 else inner), **node}
        node["anyOf"] = options
    if node.get("format") == "date":
        return {**DATE_SCHEMA, **{k: v for k, v in node.items() if k == "description"}}
    if node.get("type") == "integer":
        return {**integer(), **node}
    if node.get("type") == "object" and "properties" in node:
        return obj(node["properties"], node.get("required", []))
    return node


def _member(schema: dict[str, Any], path: list[str]) -> dict[str, Any]:
    """The schema of member ``path`` (through a list to its items), to annotate in place."""
    for name in path:
        schema = schema.get("items", schema)
        schema = schema["properties"][name]
    return schema


class Body(Generic[C]):
    """The request body of one operation, read as command type ``command``.

    ``versioned`` adds the optional ``version`` (the case version the change was based on);
    ``notes`` describes members for the document: a text is the member's description
    (``{"received_on": "Staff only: ..."}``), a mapping is added to its schema; a member of a
    list's items is named with a dot (``"provisions.provision"``).
    """

    def __init__(
        self,
        command: type[C],
        *,
        description: str = "",
        notes: Mapping[str, str | Mapping[str, Any]] | None = None,
        versioned: bool = True,
    ) -> None:
        self.command = command
        self.description = description
        self.notes = dict(notes or {})
        self.versioned = versioned

    @functools.cached_property
    def _adapter(self) -> TypeAdapter[C]:
        return TypeAdapter(self.command)

    def schema(self) -> dict[str, Any]:
        generated = self._adapter.json_schema()
        house = _house(generated, generated.get("$defs", {}))
        for path, note in self.notes.items():
            member = _member(house, path.split("."))
            member.update({"description": note} if isinstance(note, str) else note)
        properties = house["properties"]
        if self.versioned:
            properties = {"version": VERSION_IN, **properties}
        return obj(properties, house.get("required", []), description=self.description or None)

    def read(self, data: Mapping[str, Any], errors: Mapping[str, str] | None = None) -> C:
        """The command from a body ``validation.check`` has passed (``version`` left out).

        ``errors`` found by the caller are raised together with the command's own."""
        found = dict(errors or {})
        fields = {name: value for name, value in data.items() if name != "version"}
        try:
            command = self._adapter.validate_python(fields)
        except PydanticError as error:
            for field, message in field_errors(error).items():
                found.setdefault(field, message)
        if found:
            raise ValidationFailed(found)
        return command


NEW_CASE = Body(
    FileCase,
    versioned=False,
    description=(
        "A complaint (request for internal review). A requester files for themselves; a "
        "caseworker files for anyone, naming them with `requester_email`."
    ),
    notes={
        "authority_id": "An authority from GET /authorities.",
        "other_authority_name": "When the authority is not listed.",
        "late_request_reasons": "Why the review is asked for after the usual time (kept only "
        "when it is; see warnings in the answer).",
        "other_authority_email": "With other_authority_name, for an authority not using this "
        "service: its e-mail address for information requests. The complaint is e-mailed "
        "there, with a PDF copy.",
        "request_received_on": (
            "When the authority received the request. Required for FOISA: the time "
            "to require a review runs from the end of the 20 working days that follow "
            "(FOISA s.10(1), s.20(5))."
        ),
        "received_on": "Staff only: the date a postal complaint arrived.",
        "requester_email": "Staff only: whose complaint this is.",
        "requester_name": "Staff only: needed for a new requester.",
        "provisions.provision": {"examples": ["s.24(2)"]},
    },
)
DECISION = Body(
    DecisionInput,
    description="A draft: incomplete findings are kept, and checked only on issue.",
)
