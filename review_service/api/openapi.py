"""The OpenAPI 3.1 description of /api/v1, as Python data: the component schemas are in
``api/schemas.py``, the operations in ``api/operations.py``; this module puts them together.

The views validate request bodies against the schemas here (``api/validation.py``) and the test
suite validates every API response it sees against the operation's response schema, so this
document cannot drift from what the API does.
"""

from __future__ import annotations

import copy
from typing import Any

from review_service.api.actions import ACTIONS
from review_service.api.operations import paths
from review_service.api.problems import PROBLEM_BASE
from review_service.api.schemas import API_VERSION, PROBLEM_TYPES, component_schemas

__all__ = ["ACTIONS", "PROBLEM_TYPES", "build_document", "document", "schema"]


def build_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Review service API",
            "version": API_VERSION,
            "summary": "Complaints about UK freedom-of-information responses, as JSON.",
            "description": (
                "Every action in the pages, through the same service functions. Authenticate "
                "with `Authorization: Bearer <token>` (create a token at /account/tokens or "
                "with `review-service token create --email E`); cookies are ignored here. "
                "Errors are `application/problem+json` (RFC 9457) with a stable `type`."
            ),
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "servers": [{"url": "/"}],
        "tags": [
            {"name": "meta"},
            {"name": "tools", "description": "Anonymous, rate-limited helpers."},
            {"name": "cases"},
            {"name": "review"},
            {"name": "regulator"},
            {"name": "letters"},
            {"name": "documents"},
        ],
        "paths": paths(),
        "components": {
            "schemas": component_schemas(),
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from /account/tokens; tokens start with rs_.",
                }
            },
        },
        "x-problem-types": {PROBLEM_BASE + name: text for name, text in PROBLEM_TYPES.items()},
    }


_DOCUMENT: dict[str, Any] | None = None


def document() -> dict[str, Any]:
    """The document (built once; callers get their own copy)."""
    global _DOCUMENT
    if _DOCUMENT is None:
        _DOCUMENT = build_document()
    return copy.deepcopy(_DOCUMENT)


def schema(name: str) -> dict[str, Any]:
    """A component schema with the components beside it, so its $refs resolve."""
    doc = document()
    return {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}
