"""Headers every response gets (issue 9): a Content-Security-Policy with a nonce of its own,
HSTS when served over HTTPS, and no caching of anything but the static assets.

- **Content-Security-Policy.** Scripts run only from our own origin or, inline, when they carry
  this response's nonce (a fresh random value per request, given to the templates as
  ``cspNonce``; GOV.UK Frontend's template puts it on its ``js-enabled`` snippet and base.html
  on the module that starts the components). There is no ``unsafe-inline`` for scripts or
  styles, so markup injected into a page cannot run script or restyle it.
- **Strict-Transport-Security** on every response to a request that came over HTTPS.
  ``request.is_secure`` is the socket's scheme, or with TRUSTED_PROXIES=N the scheme the
  trusted proxies report (ProxyFix, set up in app.py); a client's own X-Forwarded-Proto is
  never believed. Over plain HTTP the header would be ignored by browsers, so it is not sent.
- **Cache-Control: no-store** on every response except the static assets (CSS, JavaScript,
  images), which hold nothing personal. Pages for a signed-in person, case and account pages,
  and also the public forms that echo what was typed (an e-mail address) or hold a link's
  token: one rule with no exceptions to forget. A view that chose a stricter value keeps it.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request
from werkzeug.datastructures import Headers

HSTS = "max-age=31536000; includeSubDomains"


def csp_nonce() -> str:
    """This request's nonce for inline scripts (made on first use)."""
    nonce = g.get("csp_nonce")
    if nonce is None:
        nonce = g.csp_nonce = secrets.token_urlsafe(18)
    return str(nonce)


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


# The policy around its nonce, joined once: a response's policy is these two and its nonce.
_BEFORE_NONCE, _AFTER_NONCE = content_security_policy("\n").split("\n")
# Set when the response has none (a view may choose its own).
_DEFAULTS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
)


def install(app: Flask) -> None:
    @app.context_processor
    def nonce_for_templates() -> dict[str, str]:
        return {"cspNonce": csp_nonce()}

    @app.after_request
    def security_headers(response: Response) -> Response:
        # The header names the response has, read once: werkzeug's Headers looks each name up
        # by walking its list (and raising KeyError inside when it is not there).
        headers = response.headers
        present = {name.lower() for name, _ in headers}
        for name, value in _DEFAULTS:
            if name.lower() not in present:
                headers.add(name, value)
        policy = f"{_BEFORE_NONCE}{csp_nonce()}{_AFTER_NONCE}"
        _put(headers, present, "Content-Security-Policy", policy)
        if request.is_secure:
            _put(headers, present, "Strict-Transport-Security", HSTS)
        if request.endpoint != "static" and (
            "cache-control" not in present or "no-store" not in headers["Cache-Control"]
        ):
            _put(headers, present, "Cache-Control", "no-store")
        return response


def _put(headers: Headers, present: set[str], name: str, value: str) -> None:
    """``headers[name] = value``, without looking for a header the response does not have."""
    if name.lower() in present:
        headers[name] = value
    else:
        headers.add(name, value)
