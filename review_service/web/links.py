"""Absolute links for e-mails, built in one place from the configured BASE_URL.

Never from the request: an e-mail may be written by a job with no request at all (reminders),
and a request's Host header is whatever the client sent. ``review-service serve`` sets BASE_URL
to the address it listens on when the operator has not set it (production must set it).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of ``endpoint`` under BASE_URL (which may include a path prefix)."""
    base = urlsplit(str(current_app.config["BASE_URL"]))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http"
    )
    return adapter.build(endpoint, values, force_external=True)
