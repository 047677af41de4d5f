"""Turning a row of the access policy into a real request against a world.

``route_url`` builds the URL from the world (recipes.url_arguments), ``page_form`` reads the form
a page shows so it can be sent back as a browser would, and ``request_body`` gives the keyword
arguments for the test client: the form with the recipe's changes and the caller's CSRF token,
or the API's JSON or multipart body.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, url_for
from werkzeug.routing import Rule as UrlRule

from review_service.api.openapi import ACTIONS
from tests.html_forms import form_posting_to
from tests.security.policy import Rule
from tests.security.recipes import recipe_for, text_file, url_arguments
from tests.security.world import World

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def routes(app: Flask) -> dict[str, UrlRule]:
    """Every (endpoint, method) the app serves, keyed as the policy keys its rows."""
    found: dict[str, UrlRule] = {}
    for url_rule in app.url_map.iter_rules():
        for method in sorted(set(url_rule.methods or ()) & set(METHODS)):
            if url_rule.endpoint == "api.case_action":
                for action in ACTIONS:
                    found[f"api.case_action:{action.value} {method}"] = url_rule
            else:
                found[f"{url_rule.endpoint} {method}"] = url_rule
    return found


def is_api(rule: Rule) -> bool:
    return rule.endpoint.startswith("api.")


def has_page(app: Flask, endpoint: str) -> bool:
    """Whether the route also shows its form (a GET on the same endpoint)."""
    return any("GET" in (r.methods or ()) for r in app.url_map.iter_rules(endpoint))


def route_url(app: Flask, world: World, rule: Rule) -> str:
    url_rule = routes(app)[rule.key]
    arguments = url_arguments(world, rule.endpoint, rule.stage)
    with app.test_request_context():
        return url_for(
            url_rule.endpoint,
            **{name: arguments[name] for name in url_rule.arguments},
            **recipe_for(rule.key).query,
        )


def page_form(html: str, url: str, key: str) -> dict[str, Any]:
    """The values of the page's form that posts back to ``url``, as a browser would send it."""
    form = form_posting_to(html, urlsplit(url).path)
    assert form is not None, f"{key}: no form on {url} posts back to it"
    return form.data()


def request_body(
    world: World, rule: Rule, caller: str, form: dict[str, Any], csrf: str | None
) -> dict[str, Any]:
    """Keyword arguments for the test client's ``open`` for ``caller``."""
    recipe = recipe_for(rule.key)
    if is_api(rule):
        if recipe.multipart is not None:
            return {"data": {**recipe.multipart(world, caller), **text_file()}}
        if recipe.json is not None:
            return {"json": recipe.json(world, caller)}
        return {}
    if rule.method == "GET":
        return {}
    data: dict[str, Any] = {k: v for k, v in form.items() if k != "csrf_token"}
    if recipe.form is not None:
        data.update(recipe.form(world, caller))
    data = {k: [str(x) for x in v] if isinstance(v, list) else str(v) for k, v in data.items()}
    if csrf is not None:
        data["csrf_token"] = csrf
    if recipe.files:
        data.update(text_file())
    return {"data": data}
