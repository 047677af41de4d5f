"""Where a ``next=`` parameter may send someone: only to a path on this site.

A browser does more to a ``Location`` than Python's URL parser does: it drops tabs and line
breaks anywhere, reads a backslash as a slash and trims leading spaces, so ``/\\t/evil``,
``/\\evil`` and `` //evil`` all go to another site. Rather than guess the browser's reading,
anything a browser might read differently is refused: the target must be printable ASCII
with no backslash or white space, start with exactly one slash, and carry no scheme or host,
also after one round of percent-decoding of its path (``/%2F/evil`` is ``//evil`` to some
servers and proxies).
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit, urlunsplit

from flask import redirect, request
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Response as BaseResponse


def _is_single_slash_path(target: str) -> bool:
    if not target.startswith("/") or target.startswith("//"):
        return False
    if any(ch == "\\" or ch.isspace() or not (" " < ch < "\x7f") for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (the caller's default applies)."""
    if not target or len(target) > 2000:
        return None
    if not _is_single_slash_path(target):
        return None
    if not _is_single_slash_path(unquote(urlsplit(target).path) or "/"):
        return None
    return target


def tidied_address_redirect() -> BaseResponse | None:
    """A ``before_request`` hook: werkzeug's own redirect to a tidied address (doubled slashes
    merged, a missing trailing slash added) names a path only.

    Werkzeug makes that redirect absolute, from the request's Host header, so ``GET
    /complaints//new`` with ``Host: evil.example`` answered ``Location:
    http://evil.example/complaints/new``. The routing's redirect waits in
    ``request.routing_exception`` until the view would be called, so it is answered here.
    """
    redirect_to = request.routing_exception
    if not isinstance(redirect_to, RequestRedirect):
        return None
    parts = urlsplit(redirect_to.new_url)
    return redirect(urlunsplit(("", "", parts.path, parts.query, "")), redirect_to.code)
