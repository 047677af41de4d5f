"""A test client that checks every HTML page it fetches.

Each page must have exactly one h1, a <title> that starts with that h1 (after "Error: "
when the page shows errors) and ends with the service name, no duplicate ids, and forms
that say how they submit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

SERVICE_SUFFIX = " – Review service"


@dataclass
class Page:
    title: str = ""
    h1: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    forms: list[dict[str, str]] = field(default_factory=list)
    csrf_tokens: list[str] = field(default_factory=list)
    text: str = ""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in: list[str] = []
        self._h1_depth = 0
        self._chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if "id" in attributes:
            self.page.ids.append(attributes["id"])
        if tag == "form":
            self.page.forms.append(attributes)
        if tag == "input" and attributes.get("name") == "csrf_token":
            self.page.csrf_tokens.append(attributes.get("value", ""))
        if tag == "h1":
            self._h1_depth += 1
            self.page.h1.append("")
        if tag in ("script", "style"):
            self._skip += 1
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._h1_depth -= 1
        if tag in ("script", "style"):
            self._skip -= 1
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "title":
            self.page.title += data
        if self._h1_depth:
            self.page.h1[-1] += data
        if not self._skip:
            self._chunks.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = " ".join(" ".join(self._chunks).split())
        self.page.title = " ".join(self.page.title.split())
        self.page.h1 = [" ".join(h.split()) for h in self.page.h1]


def parse_page(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page


def check_page(html: str) -> Page:
    page = parse_page(html)
    assert len(page.h1) == 1, f"expected one h1, found {page.h1!r}"
    h1 = page.h1[0]
    expected = {h1 + SERVICE_SUFFIX, "Error: " + h1 + SERVICE_SUFFIX}
    assert page.title in expected, f"title {page.title!r} does not match h1 {h1!r}"
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {sorted(duplicates)}"
    for form in page.forms:
        assert form.get("method", "get").lower() in ("get", "post"), form
        if form.get("method", "get").lower() == "post":
            assert page.csrf_tokens, "a POST form without a CSRF token"
    return page


class PageClient:
    """Wraps Flask's test client; every HTML response is checked with check_page."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.raw: FlaskClient = app.test_client()
        self.last_page: Page | None = None

    def _checked(self, response: TestResponse) -> TestResponse:
        if response.mimetype == "text/html" and response.status_code != 302:
            self.last_page = check_page(response.get_data(as_text=True))
        return response

    def get(self, url: str, **kwargs: Any) -> TestResponse:
        return self._checked(self.raw.get(url, **kwargs))

    def post(
        self,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        form_url: str | None = None,
        **kwargs: Any,
    ) -> TestResponse:
        """POST with a CSRF token taken from the form page (``form_url``, default ``url``)."""
        data = dict(data or {})
        if "csrf_token" not in data:
            data["csrf_token"] = self.csrf_token(form_url or url)
        return self._checked(self.raw.post(url, data=data, **kwargs))

    def follow(self, response: TestResponse) -> str:
        """Follow the redirect ``response`` is; the text of the page it leads to."""
        self.get(response.headers["Location"])
        assert self.last_page is not None, response.headers["Location"]
        return self.last_page.text

    def csrf_token(self, url: str) -> str:
        response = self.raw.get(url)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.get_data(as_text=True))
        assert match, f"no CSRF token on {url} (status {response.status_code})"
        return match.group(1)

    def sign_in_as(self, user: Any) -> None:
        sign_in_client(self.raw, user)

    def sign_out(self) -> None:
        """Forget the browser session (as closing the browser would)."""
        self.raw.delete_cookie("session")


def sign_in_client(client: FlaskClient, user: Any) -> None:
    """Give a test client the session a completed sign-in leaves (password and, where one is
    asked for, the second factor) for ``user`` (anything with ``id`` and
    ``session_generation``): see review_service/accounts/sessions.py. Setting ``_user_id``
    alone is not a session any more."""
    import secrets
    import time

    from review_service.accounts import sessions

    with client.session_transaction() as flask_session:
        flask_session.clear()
        flask_session["_user_id"] = str(user.id)
        flask_session["_fresh"] = True
        flask_session[sessions.SESSION_ID] = secrets.token_urlsafe(32)
        flask_session[sessions.GENERATION] = user.session_generation
        flask_session[sessions.STARTED] = int(time.time())
        flask_session[sessions.SECOND_FACTOR] = True


def assert_all_in(text: str, *phrases: str) -> None:
    """Assert that each of ``phrases`` is in ``text``, naming every one that is not."""
    missing = [phrase for phrase in phrases if phrase not in text]
    assert not missing, f"not found: {missing!r} in:\n{text}"
