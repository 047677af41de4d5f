"""RFC 9457 problem details: every API error has a stable ``type``."""

from __future__ import annotations

from typing import Any

from flask import Response, json

PROBLEM_BASE = "https://review-service.local/problems/"

TYPES = {
    400: "bad-request",
    401: "unauthorised",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation",
    429: "rate-limited",
    500: "internal-error",
}


def problem_response(
    status: int, *, title: str, detail: str | None = None, type_: str | None = None, **extra: Any
) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (type_ or TYPES.get(status, "error")),
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = Response(json.dumps(body), status=status, mimetype="application/problem+json")
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="review-service"'
    return response
