"""Check a response from /api/ against the OpenAPI document.

``ResponseChecker.watch(app)`` connects to Flask's ``request_finished`` signal, so every API
response the app produces while watched is checked (whichever client made the request): the
status must be documented for the operation, the media type documented for that status, and a
JSON body must validate against the documented schema.
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, request, request_finished
from jsonschema import Draft202012Validator, FormatChecker

from review_service.api.openapi import document

_RULE_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
JSON_TYPES = ("application/json", "application/problem+json")


def openapi_path(rule: str) -> str:
    """Werkzeug's ``/cases/<reference>`` (or ``<int:letter_id>``) as OpenAPI's ``{...}``."""
    return _RULE_PARAMETER.sub(r"{\1}", rule)


def _resolve(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node and len(node) == 1:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


@dataclass
class Seen:
    method: str
    path: str
    status: int


@dataclass
class ResponseChecker:
    doc: dict[str, Any] = field(default_factory=document)
    failures: list[str] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)

    def schema_validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        return Draft202012Validator(
            {**schema, "components": self.doc["components"]}, format_checker=FormatChecker()
        )

    def check(self, method: str, rule: str | None, response: Response) -> list[str]:
        """Problems with one response (empty when it matches the document)."""
        if method in ("HEAD", "OPTIONS"):
            return []
        status = response.status_code
        where = f"{method} {rule or request.path} -> {status}"
        if rule is None:
            # No route matched (404, 405): still a problem document.
            media = {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            }
            path = request.path
        else:
            path = openapi_path(rule)
            operation = self.doc["paths"].get(path, {}).get(method.lower())
            if operation is None:
                return [f"{where}: the operation is not in the OpenAPI document"]
            documented = operation["responses"].get(str(status))
            if documented is None:
                return [f"{where}: status {status} is not documented"]
            media = _resolve(self.doc, documented).get("content", {})
        self.seen.append(Seen(method, path, status))
        if not media:
            # No content documented (204): no body and no Content-Type claiming one.
            if response.get_data() or response.mimetype is not None:
                return [f"{where}: no content is documented, but got {response.mimetype}"]
            return []
        if response.mimetype not in media:
            return [f"{where}: media type {response.mimetype} is not documented ({list(media)})"]
        if response.mimetype not in JSON_TYPES:
            return []
        try:
            body = json.loads(response.get_data())
        except ValueError:
            return [f"{where}: the body is not JSON"]
        validator = self.schema_validator(media[response.mimetype]["schema"])
        return [
            f"{where}: {'/'.join(map(str, e.absolute_path)) or 'body'}: {e.message}"
            for e in validator.iter_errors(body)
        ]

    def _on_response(self, sender: Flask, response: Response, **_extra: Any) -> None:
        if not request.path.startswith("/api/"):
            return
        rule = request.url_rule.rule if request.url_rule is not None else None
        self.failures.extend(self.check(request.method, rule, response))

    @contextmanager
    def watch(self, app: Flask):  # type: ignore[no-untyped-def]
        request_finished.connect(self._on_response, app)
        try:
            yield self
        finally:
            request_finished.disconnect(self._on_response, app)

    def assert_clean(self) -> None:
        failures, self.failures = self.failures, []
        assert not failures, "responses that break the OpenAPI document:\n" + "\n".join(failures)
