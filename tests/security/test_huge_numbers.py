"""Numbers too big for the database, in every place a number can come in (issue 9, finding 10).

Every id column is a 32-bit integer on PostgreSQL and SQLite stores at most 64 bits, so a number
from a URL, a query string or a form that is bigger must be refused before it reaches a query:
an id in a path is then "not found" (404), anything else a clear answer, never a 500. Run on both
databases (``--db postgresql``): each refuses a different size.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import url_for
from werkzeug.routing.converters import NumberConverter

from tests.html_forms import HtmlForm, forms_of
from tests.security.calls import is_api, request_body, routes
from tests.security.conftest import WorldApp
from tests.security.policy import CALLERS, OK, POLICY, Rule
from tests.security.recipes import url_arguments

INT4_MAX = 2**31 - 1
# Just past PostgreSQL's integer, past SQLite's (and PostgreSQL's bigint), and far past both.
TOO_BIG = (str(INT4_MAX + 1), str(2**63), "99999999999999999999")
PLACEHOLDER = 86420975  # stands in for a path's integer while the URL is built


def _caller(rule: Rule) -> str:
    """Someone the policy lets through (so the number, not the access check, is what is met)."""
    return next((c for c in CALLERS if rule.answers[c] == OK), "anon")


def _number_routes(env: WorldApp) -> list[tuple[str, str]]:
    """(policy row, integer argument) for every route with an integer in its path."""
    found = []
    for key, url_rule in sorted(routes(env.app).items()):
        for name, converter in url_rule._converters.items():
            if isinstance(converter, NumberConverter):
                found.append((key, name))
    return found


def _url(env: WorldApp, rule: Rule, number_arg: str, value: str) -> str:
    url_rule = routes(env.app)[rule.key]
    arguments = url_arguments(env.world, rule.endpoint, rule.stage)
    arguments[number_arg] = PLACEHOLDER
    with env.app.test_request_context():
        url = url_for(url_rule.endpoint, **{n: arguments[n] for n in url_rule.arguments})
    assert str(PLACEHOLDER) in url
    return url.replace(str(PLACEHOLDER), value)


def test_every_route_with_an_integer_in_its_path_is_checked_here(world_app: WorldApp) -> None:
    found = _number_routes(world_app)
    assert len(found) >= 15, found  # the walk found them (pages and API)
    assert ("documents.download GET", "document_id") in found


def test_a_path_integer_too_big_for_the_database_is_not_found(
    world_app: WorldApp, record_property: Any
) -> None:
    env = world_app
    wrong = []
    calls = 0
    for key, name in _number_routes(env):
        rule = POLICY[key]
        caller = _caller(rule)
        for value in (str(INT4_MAX), *TOO_BIG, "9" * 5000):
            env.restore()
            # Afresh for each call: a file in a multipart body is read (and closed) once.
            body = request_body(env.world, rule, caller, {}, env.csrf[caller])
            url = _url(env, rule, name, value)
            response = env.call(caller, rule.method, url, api=is_api(rule), **body)
            calls += 1
            # The largest number the database holds is looked up (and is no id: not found,
            # or an index past the end); a bigger one never reaches the view.
            status = response.status_code
            if status >= 500 or (value != str(INT4_MAX) and status != 404):
                wrong.append(f"{key} {name}={value[:30]} as {caller}: {status}")
            response.close()
    record_property("count:huge numbers: path requests", calls)
    assert not wrong, "\n".join(wrong)


# A number past SQLite's integer, and a queue cursor (due date, case id) with such an id.
QUERY_VALUES = (TOO_BIG[1], f"2026-01-05_{TOO_BIG[-1]}")
QUERY_NAMES = (
    "reviewer",
    "authority",
    "year",
    "limit",
    "cursor",
    "after",
    "before",
    "working_days",
    "page",
    "kind",
    "status",
    "provision",
    "order",
    "regime",
    "return_to",
)


def test_a_query_integer_too_big_is_never_a_server_error(
    world_app: WorldApp, record_property: Any
) -> None:
    """Every page and API GET, with each name a query may carry set to a huge number."""
    env = world_app
    env.restore()
    wrong = []
    calls = 0
    for key, rule in sorted(POLICY.items()):
        if rule.method != "GET" or rule.endpoint == "static":
            continue
        caller = _caller(rule)
        base = _url_of(env, rule)
        queries = [urlencode(dict.fromkeys(QUERY_NAMES, TOO_BIG[-1]))]  # all at once
        queries += [urlencode({name: value}) for name in QUERY_NAMES for value in QUERY_VALUES]
        for query in queries:
            response = env.call(caller, "GET", f"{base}?{query}", api=is_api(rule))
            calls += 1
            if response.status_code >= 500:
                wrong.append(f"{key} ?{query} as {caller}: {response.status_code}")
            response.close()
    record_property("count:huge numbers: query requests", calls)
    assert not wrong, "\n".join(wrong)


def test_the_queue_filter_by_a_huge_reviewer_is_refused_plainly(world_app: WorldApp) -> None:
    env = world_app
    env.restore()
    for value in TOO_BIG:
        response = env.call("cw", "GET", f"/staff?reviewer={value}", api=False)
        assert response.status_code in (200, 400), (value, response.status_code)
        response = env.call("cw", "GET", f"/api/v1/cases?reviewer={value}", api=True)
        assert response.status_code in (200, 422), (value, response.status_code)


def test_a_day_too_big_is_not_a_real_date(world_app: WorldApp) -> None:
    env = world_app
    env.restore()
    data = {"request_text": "How many drones?", "request_sent_on": [TOO_BIG[-1], "2", "2026"]}
    response = env.call(
        "owner",
        "POST",
        "/complaints/new/request",
        api=False,
        data={**data, "csrf_token": env.csrf["owner"]},
    )
    assert response.status_code == 200  # the journey's question again, with the message
    assert "The date you sent your request must be a real date" in response.get_data(as_text=True)


def _url_of(env: WorldApp, rule: Rule) -> str:
    url_rule = routes(env.app)[rule.key]
    arguments = url_arguments(env.world, rule.endpoint, rule.stage)
    with env.app.test_request_context():
        return url_for(url_rule.endpoint, **{n: arguments[n] for n in url_rule.arguments})


def _numeric_fields(form: HtmlForm) -> list[tuple[str, list[str]]]:
    """(field, values to send) for each field a number can be typed or forced into: every
    select, radio, checkbox and hidden field, each short text box, and each part of a date."""
    changes = []
    for name, field in form.fields.items():
        if name == "csrf_token" or field.kind in ("submit", "file", "textarea", "password"):
            continue
        if field.kind == "text" and len(field.values) == 3:  # a GOV.UK date: day, month, year
            for part in range(3):
                parts = ["1", "1", "2020"]
                parts[part] = TOO_BIG[-1]
                changes.append((name, parts))
            continue
        for value in (TOO_BIG[0], TOO_BIG[-1]):
            changes.append((name, [value]))
    return changes


def test_a_form_number_too_big_is_never_a_server_error(
    world_app: WorldApp, record_property: Any
) -> None:
    """Every form of every page, one field at a time set to a huge number (a day, a month or a
    year of a date, a select's option, a hidden id): the answer is the form again, never a 500."""
    env = world_app
    wrong = []
    calls = 0
    for key, rule in sorted(POLICY.items()):
        if rule.method != "GET" or is_api(rule) or rule.endpoint == "static":
            continue
        caller = _caller(rule)
        env.restore()
        url = _url_of(env, rule)
        page = env.call(caller, "GET", url, api=False)
        if page.status_code != 200 or page.mimetype != "text/html":
            continue
        for form in forms_of(page.get_data(as_text=True)):
            action = form.action or urlsplit(url).path
            for name, values in _numeric_fields(form):
                data: dict[str, Any] = {**form.data(), name: values}
                env.restore()
                if form.method == "GET":
                    response = env.call(
                        caller, "GET", f"{action}?{urlencode(data, doseq=True)}", api=False
                    )
                else:
                    data["csrf_token"] = env.csrf[caller]
                    response = env.call(caller, "POST", action, api=False, data=data)
                calls += 1
                if response.status_code >= 500:
                    status = response.status_code
                    wrong.append(
                        f"{key}: {form.method} {action} {name}={values} {caller}: {status}"
                    )
                response.close()
    record_property("count:huge numbers: form posts", calls)
    assert not wrong, "\n".join(wrong)
