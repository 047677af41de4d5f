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


def install(app: Flask) -> None:
    @app.context_processor
    def nonce_for_templates() -> dict[str, str]:
        return {"cspNonce": csp_nonce()}

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
        if request.is_secure:
            headers["Strict-Transport-Security"] = HSTS
        if request.endpoint != "static" and "no-store" not in headers.get("Cache-Control", ""):
            headers["Cache-Control"] = "no-store"
        return response
