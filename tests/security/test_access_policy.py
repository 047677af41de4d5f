"""Every route, as every caller: the answers the declared policy (review_service/web/policy.py)
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
from flask import url_for
from werkzeug.routing import Rule as UrlRule

from review_service.api.openapi import ACTIONS
from review_service.web.policy import CALLERS, OK, POLICY, SAME_RULE, SIGN_IN, Rule
from tests.html_forms import form_posting_to
from tests.security.conftest import WorldApp
from tests.security.recipes import Recipe, recipe_for, text_file, url_arguments

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Cells where today's code still gives another answer than the policy, each with the finding of
# issue 9 that fixes it. A gap that closes makes the test fail until its line here is removed.
KNOWN_GAPS: dict[tuple[str, str], str] = {
    ("staff.correct GET", "rev"): "issue 9 finding 3 (caserules)",
    ("staff.correct GET", "odm"): "issue 9 finding 3 (caserules)",
    ("staff.correct POST", "rev"): "issue 9 finding 3 (caserules)",
    ("staff.correct POST", "odm"): "issue 9 finding 3 (caserules)",
    ("api.correct_outcome_letter POST", "rev"): "issue 9 finding 3 (caserules)",
    ("api.correct_outcome_letter POST", "odm"): "issue 9 finding 3 (caserules)",
    ("api.create_document POST", "rev"): "issue 9 finding 11 (caserules)",
    ("api.create_document POST", "asg"): "issue 9 finding 11 (caserules)",
    ("api.create_document POST", "odm"): "issue 9 finding 11 (caserules)",
}


def _routes(app: Any) -> dict[str, UrlRule]:
    """Every (endpoint, method) the app serves, keyed as the policy keys its rows."""
    routes: dict[str, UrlRule] = {}
    for url_rule in app.url_map.iter_rules():
        for method in sorted(set(url_rule.methods or ()) & set(METHODS)):
            if url_rule.endpoint == "api.case_action":
                for action in ACTIONS:
                    routes[f"api.case_action:{action.value} {method}"] = url_rule
            else:
                routes[f"{url_rule.endpoint} {method}"] = url_rule
    return routes


def test_every_route_has_a_row_in_the_access_policy(world_app: WorldApp) -> None:
    routes = _routes(world_app.app)
    missing = sorted(set(routes) - set(POLICY))
    stale = sorted(set(POLICY) - set(routes))
    assert not missing, f"routes without a row in review_service/web/policy.py: {missing}"
    assert not stale, f"rows in review_service/web/policy.py for no route: {stale}"


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

    def __init__(self, env: WorldApp, rule: Rule, url_rule: UrlRule) -> None:
        self.env = env
        self.rule = rule
        self.recipe = recipe_for(rule.key)
        self.api = rule.endpoint.startswith("api.")
        self.state_changing = rule.method != "GET"
        world = env.world
        arguments = url_arguments(world, rule.endpoint, rule.stage)
        with env.app.test_request_context():
            self.url = url_for(
                url_rule.endpoint,
                **{name: arguments[name] for name in url_rule.arguments},
                **self.recipe.query,
            )
        self.form = self._page_form() if self.state_changing and not self.api else {}

    def _page_form(self) -> dict[str, Any]:
        """The form as the page shows it to a caller who may use it (if the route has a page)."""
        has_page = any(
            "GET" in (r.methods or ()) for r in self.env.app.url_map.iter_rules(self.rule.endpoint)
        )
        if not has_page:
            return {}
        viewer = next(c for c in CALLERS if self.rule.answers[c] == OK)
        self.env.restore()
        page = self.env.call(viewer, "GET", self.url, api=False)
        assert page.status_code == 200, (self.rule.key, viewer, page.status_code)
        form = form_posting_to(page.get_data(as_text=True), urlsplit(self.url).path)
        assert form is not None, f"{self.rule.key}: no form on {self.url} posts back to it"
        return form.data()

    def request(self, caller: str) -> dict[str, Any]:
        world, recipe = self.env.world, self.recipe
        if self.api:
            if recipe.multipart is not None:
                return {"data": {**recipe.multipart(world, caller), **text_file()}}
            if recipe.json is not None:
                return {"json": recipe.json(world, caller)}
            return {}
        if not self.state_changing:
            return {}
        data: dict[str, Any] = {k: v for k, v in self.form.items() if k != "csrf_token"}
        if recipe.form is not None:
            data.update(recipe.form(world, caller))
        data = {k: [str(x) for x in v] if isinstance(v, list) else str(v) for k, v in data.items()}
        data["csrf_token"] = self.env.csrf[caller]
        if recipe.files:
            data.update(text_file())
        return {"data": data}

    def answer(self, caller: str, *, session_only: bool = False) -> str:
        """The answer ``caller`` gets (``session_only``: with its session and no token)."""
        self.env.restore()
        response = self.env.call(
            caller,
            self.rule.method,
            self.url,
            api=self.api,
            session_only=session_only,
            **self.request(caller),
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
    url_rule = _routes(world_app.app)[key]
    caller = Caller(world_app, rule, url_rule)
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
