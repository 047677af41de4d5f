"""Hypothesis over every page form of the seeded world, as the callers who are shown it.

The forms are found by walking the pages: every page route of the access policy, built against
the world's case at the row's stage, is fetched as each of the requester, the reviewers, the
caseworker, the administrator and an anonymous visitor who may see it, and every ``<form>`` on it
is read (tests/html_forms.py). A target is the route a form sends to; each is sent back by one of
the callers who saw it, with hostile values in its fields (tests/security/hostile.py) and the
caller's own session and CSRF token, from the seeded database every time, following redirects.

No answer may be a server error, and no hostile markup may come back as markup, on the page
that answers or on the page a redirect leads to (where a value just stored is shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException

from review_service.web.policy import OK, POLICY
from tests.html_forms import HtmlForm, forms_of
from tests.security.calls import route_url
from tests.security.conftest import WorldApp
from tests.security.fuzzing import Tally, fuzz_settings
from tests.security.hostile import submission, unescaped_markup

EXAMPLES = 60  # per target; see the figures in SECURITY.md
VIEWERS = ("owner", "asg", "odm", "cw", "adm", "anon")
NOT_PAGES = ("static", "public.healthz")
# Pages whose forms are sent with GET (filters): their targets are the page's own route.
GET_FORMS = ("staff.queue GET", "staff.statistics GET")
# Page routes taking a POST whose form the walk does not reach yet, and why.
NOT_REACHED = {
    "two_factor.code POST": "shown between the password and the code; nobody in the world has 2FA",
    "two_factor.recovery POST": "the same",
    "two_factor.new_recovery_codes POST": "shown to staff with a second factor; nobody has one",
    "admin.reset_second_factor POST": "shown for staff with a second factor; nobody has one",
}
TARGETS = sorted(
    [
        key
        for key, rule in POLICY.items()
        if rule.method == "POST" and not rule.endpoint.startswith("api.") and key not in NOT_REACHED
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


@pytest.fixture(scope="module")
def page_forms(world_app: WorldApp) -> dict[str, list[SeenForm]]:
    """Every form on every page of the world, by the route it is sent to."""
    app = world_app.app
    found: dict[str, list[SeenForm]] = {}
    for rule in POLICY.values():
        if rule.method != "GET" or rule.endpoint.startswith("api.") or rule.endpoint in NOT_PAGES:
            continue
        url = route_url(app, world_app.world, rule)
        for caller in VIEWERS:
            if rule.answers[caller] != OK:
                continue
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
        values = data.draw(submission(seen.form, world_app.csrf[seen.caller]), label="values")
        world_app.restore()
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
