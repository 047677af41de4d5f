"""Hypothesis over every page form of the seeded world, as the callers who are shown it.

The forms are found by walking the pages: every page route of the access policy, built against
the world's case at the row's stage, is fetched as each of the requester, the reviewers, the
caseworker, the administrator and an anonymous visitor who may see it (and, for the second
factor's pages, as an administrator with an authenticator app, before and after the code step
of signing in), and every ``<form>`` on it is read (tests/html_forms.py). A target is the route
a form sends to; each is sent back by one of the callers who saw it, with hostile values in its
fields (tests/security/hostile.py) and the caller's own session and CSRF token, from the seeded
database every time, following redirects.

No answer may be a server error, and no hostile markup may come back as markup, on the page
that answers or on the page a redirect leads to (where a value just stored is shown).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from flask import url_for
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException

from tests.factories import PASSWORD
from tests.html_forms import HtmlForm, forms_of
from tests.security.calls import route_url
from tests.security.conftest import WorldApp
from tests.security.conftest import _sign_in as sign_in
from tests.security.fuzzing import Tally, fuzz_settings
from tests.security.hostile import submission, unescaped_markup
from tests.security.policy import OK, POLICY
from tests.security.world import SECOND_FACTOR

EXAMPLES = 60  # per target; see the figures in SECURITY.md
VIEWERS = ("owner", "asg", "odm", "cw", "adm", "anon")
# Someone whose password was right and whose code is still to come (tests/security/world.py's
# administrator with an app): the code and recovery-code steps of signing in are theirs.
PENDING = "pending"
PENDING_PAGES = ("/sign-in/security-code", "/sign-in/recovery-code")
NOT_PAGES = ("static", "public.healthz")
# Pages whose forms are sent with GET (filters): their targets are the page's own route.
GET_FORMS = ("staff.queue GET", "staff.statistics GET")
TARGETS = sorted(
    [
        key
        for key, rule in POLICY.items()
        if rule.method == "POST" and not rule.endpoint.startswith("api.")
    ]
    + list(GET_FORMS)
)


@dataclass(frozen=True)
class SeenForm:
    caller: str
    page: str
    action: str  # the URL the form is sent to
    form: HtmlForm


def _target(app: Any, action: str, method: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _arguments = adapter.match(urlsplit(action).path, method=method)
    except HTTPException:
        return None
    return f"{endpoint} {method}"


def _password_step(world_app: WorldApp) -> None:
    """Give the second-factor administrator's password on the sign-in page, as a browser
    would: the "pending" caller's cookie and CSRF token are then those of the code step."""
    client = world_app.app.test_client()
    name = world_app.app.config["SESSION_COOKIE_NAME"]
    client.set_cookie(name, world_app.cookies["anon"])
    answer = client.post(
        "/sign-in",
        data={
            "email": world_app.world.emails[SECOND_FACTOR],
            "password": PASSWORD,
            "csrf_token": world_app.csrf["anon"],
        },
    )
    assert answer.headers.get("Location", "").endswith(PENDING_PAGES[0]), answer.status_code
    page = client.get(PENDING_PAGES[0])
    assert page.status_code == 200, page.status_code
    form = forms_of(page.get_data(as_text=True))[0]
    world_app.csrf[PENDING] = form.fields["csrf_token"].values[0]
    cookie = client.get_cookie(name)
    assert cookie is not None
    world_app.cookies[PENDING] = cookie.value


def _pages(world_app: WorldApp) -> Iterator[tuple[str, str]]:
    """(caller, URL) of every page to read forms from."""
    app, world = world_app.app, world_app.world
    for rule in POLICY.values():
        if rule.method != "GET" or rule.endpoint.startswith("api.") or rule.endpoint in NOT_PAGES:
            continue
        url = route_url(app, world, rule)
        for caller in VIEWERS:
            if rule.answers[caller] == OK:
                yield caller, url
        if rule.answers["adm"] == OK:
            yield SECOND_FACTOR, url  # an administrator with an app: "Sign-in security"
    with app.test_request_context():
        # The page about a member of staff who has an app offers to reset it.
        yield "adm", url_for("admin.staff_member", user_id=world.users[SECOND_FACTOR])
    for url in PENDING_PAGES:
        yield PENDING, url


@pytest.fixture(scope="module")
def page_forms(world_app: WorldApp) -> dict[str, list[SeenForm]]:
    """Every form on every page of the world, by the route it is sent to."""
    app = world_app.app
    world_app.restore()
    sign_in(world_app, SECOND_FACTOR)
    _password_step(world_app)
    found: dict[str, list[SeenForm]] = {}
    for caller, url in _pages(world_app):
        world_app.restore()
        page = world_app.call(caller, "GET", url, api=False)
        if page.status_code != 200 or page.mimetype != "text/html":
            continue
        for form in forms_of(page.get_data(as_text=True)):
            action = urljoin(url, form.action or url)
            key = _target(app, action, form.method)
            assert key is not None, f"a form on {url} goes nowhere: {form.action}"
            seen = found.setdefault(key, [])
            if not any(s.caller == caller and s.action == action for s in seen):
                seen.append(SeenForm(caller, url, action, form))
    return found


def test_every_page_form_is_a_target(page_forms: dict[str, list[SeenForm]]) -> None:
    """Every page route that takes a POST shows a form somewhere, and every form is fuzzed."""
    assert sorted(page_forms) == TARGETS


def _send(world_app: WorldApp, seen: SeenForm, data: dict[str, Any]) -> Any:
    if seen.form.method == "GET":
        return world_app.call(
            seen.caller, "GET", seen.action, api=False, query_string=data, follow_redirects=True
        )
    return world_app.call(
        seen.caller, "POST", seen.action, api=False, data=data, follow_redirects=True
    )


@pytest.mark.parametrize("key", TARGETS)
def test_no_hostile_form_gets_a_server_error_or_comes_back_as_markup(
    world_app: WorldApp, page_forms: dict[str, list[SeenForm]], key: str, record_property: Any
) -> None:
    seen_forms = page_forms[key]
    tally = Tally(f"form {key}", "fuzz: page form submissions (hypothesis)")

    @fuzz_settings(EXAMPLES)
    @given(data=st.data())
    def one_submission(data: Any) -> None:
        seen = data.draw(st.sampled_from(seen_forms), label="form")
        world_app.restore()
        if seen.caller == PENDING:
            _password_step(world_app)  # the code step lasts ten minutes
        values = data.draw(submission(seen.form, world_app.csrf[seen.caller]), label="values")
        response = _send(world_app, seen, values)
        answers = [*response.history, response]
        tally.saw(max(answer.status_code for answer in answers))
        for answer in answers:
            where = f"{seen.caller} {key} -> {answer.status_code} {answer.request.path}"
            assert answer.status_code < 500, where + "\n" + answer.get_data(as_text=True)[:800]
            if answer.mimetype == "text/html":
                echoed = unescaped_markup(answer.get_data(as_text=True))
                assert echoed is None, f"{where}: hostile markup came back as markup: {echoed}"
        response.close()

    try:
        one_submission()
    finally:
        tally.record(record_property)
