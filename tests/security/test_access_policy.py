"""Every route, as every caller: the answers the declared policy (tests/security/policy.py)
gives, checked over HTTP against a seeded case at each row's stage.

Each call starts from the seeded database, so an action one caller is allowed to do never
changes what the next caller meets. A state-changing form or body is the real thing (the page's
own form sent back, or a valid JSON body), so an allowed caller must get the action done and a
refused one is refused by whatever decides: the route's role, the case's visibility or the
service.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.security.calls import has_page, is_api, page_form, request_body, route_url, routes
from tests.security.conftest import WorldApp
from tests.security.policy import CALLERS, OK, POLICY, SAME_RULE, SIGN_IN, Rule
from tests.security.recipes import Recipe, recipe_for

# Cells where today's code still gives another answer than the policy, each with the finding of
# issue 9 that fixes it. A gap that closes makes the test fail until its line here is removed.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def test_every_route_has_a_row_in_the_access_policy(world_app: WorldApp) -> None:
    found = routes(world_app.app)
    missing = sorted(set(found) - set(POLICY))
    stale = sorted(set(POLICY) - set(found))
    assert not missing, f"routes without a row in tests/security/policy.py: {missing}"
    assert not stale, f"rows in tests/security/policy.py for no route: {stale}"


@pytest.mark.parametrize("api_key", sorted(SAME_RULE))
def test_pages_and_api_allow_the_same_callers(api_key: str) -> None:
    """Both call the same service function, which decides: the same callers get through."""
    pages = SAME_RULE[api_key]
    by_pages = frozenset().union(*(POLICY[page].allowed() for page in pages))
    assert POLICY[api_key].allowed() == by_pages, (api_key, pages)


def _answer(response: Any, *, state_changing: bool, api: bool, recipe: Recipe) -> str:
    status = response.status_code
    if status in (401, 403, 404):
        return str(status)
    location = urlsplit(response.headers.get("Location", ""))
    if 300 <= status < 400 and location.path == "/sign-in":
        return SIGN_IN
    if state_changing and not api and status < 300 and status != recipe.shows:
        return f"{status} (the form was shown again: not done)"
    if 200 <= status < 400:
        return OK
    return str(status)


class Caller:
    """Calls one row's route as each caller, from the seeded state every time."""

    def __init__(self, env: WorldApp, rule: Rule) -> None:
        self.env = env
        self.rule = rule
        self.recipe = recipe_for(rule.key)
        self.api = is_api(rule)
        self.state_changing = rule.method != "GET"
        self.url = route_url(env.app, env.world, rule)
        self.form: dict[str, Any] = {}
        # The form as the page shows it to a caller who may use it (if anyone may).
        viewer = next((c for c in CALLERS if rule.answers[c] == OK), None)
        if self.state_changing and not self.api and has_page(env.app, rule.endpoint) and viewer:
            env.restore()
            page = env.call(viewer, "GET", self.url, api=False)
            assert page.status_code == 200, (rule.key, viewer, page.status_code)
            self.form = page_form(page.get_data(as_text=True), self.url, rule.key)

    def answer(self, caller: str, *, session_only: bool = False) -> str:
        """The answer ``caller`` gets (``session_only``: with its session and no token)."""
        self.env.restore()
        body = request_body(self.env.world, self.rule, caller, self.form, self.env.csrf[caller])
        response = self.env.call(
            caller, self.rule.method, self.url, api=self.api, session_only=session_only, **body
        )
        answer = _answer(
            response, state_changing=self.state_changing, api=self.api, recipe=self.recipe
        )
        response.close()
        return answer


@pytest.mark.parametrize("key", sorted(POLICY))
def test_each_caller_gets_the_declared_answer(
    world_app: WorldApp, key: str, record_property: Any
) -> None:
    rule = POLICY[key]
    caller = Caller(world_app, rule)
    wrong: list[str] = []
    closed: list[str] = []
    calls = 0
    for who in CALLERS:
        got = caller.answer(who)
        calls += 1
        expected = rule.answers[who]
        gap = KNOWN_GAPS.get((key, who))
        if gap and got == expected:
            closed.append(f"{who} ({gap})")
        elif got != expected and not gap:
            wrong.append(f"{who}: expected {expected}, got {got}")
    if caller.api:
        # A signed-in browser session is not a credential for the API (no CSRF risk there).
        got = caller.answer("adm", session_only=True)
        calls += 1
        if got != rule.answers["anon"]:
            wrong.append(f"an administrator's session cookie: expected {rule.answers['anon']}")
    record_property("count:access policy: requests", calls)
    record_property("count:access policy: rows", 1)
    assert not wrong, f"{key} at stage {rule.stage}: " + "; ".join(wrong)
    assert not closed, f"{key}: fixed now, remove from KNOWN_GAPS: " + ", ".join(closed)
