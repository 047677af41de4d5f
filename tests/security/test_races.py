"""Eight clients at once doing the same thing to one case: exactly one succeeds.

For every state-changing case action, through the API and through the pages' forms, eight
threads (each with its own client and session; on pages each signed in with its own CSRF token)
load the case, wait at a barrier and send the same action with the same case version. One must
succeed and seven must get a conflict (409 from the API; the page again with the conflict
explained, or the 409 page), never a 500; and the case must gain no more letters, audit events
or e-mails than one uncontested request gives it.

Races need real concurrency control, so these run on PostgreSQL only.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts.models import Authority, User
from review_service.audit.models import AuditEvent
from review_service.cases.models import Case
from review_service.extensions import commit
from review_service.letters.models import Letter
from review_service.mail.models import OutboxMessage
from tests.pages import PageClient
from tests.security.calls import is_api, page_form, request_body, route_url
from tests.security.policy import POLICY, Rule
from tests.security.world import Clock, World, build_cast, case_at

pytestmark = pytest.mark.postgresql_only

THREADS = 8

# (the policy's row, who races): every state-changing case action of the API and the pages.
RACES = [
    ("api.case_action:acknowledge POST", "cw"),
    ("api.case_action:record_original_decision_maker POST", "cw"),
    ("api.case_action:assign POST", "cw"),
    ("api.case_action:extend POST", "cw"),
    ("api.save_decision PUT", "asg"),
    ("api.issue_decision POST", "asg"),
    ("api.correct_outcome_letter POST", "cw"),
    ("api.refer POST", "owner"),
    ("api.case_action:record_regulator_details POST", "cw"),
    ("api.record_decision_notice PUT", "cw"),
    ("api.case_action:record_compliance POST", "cw"),
    ("api.appeal POST", "owner"),
    ("api.case_action:record_tribunal_outcome POST", "cw"),
    ("api.case_action:close POST", "cw"),
    ("api.case_action:withdraw POST", "owner"),
    # The pages' forms, posted as a browser would (each client signed in, with its CSRF token).
    ("staff.acknowledge POST", "cw"),
    ("staff.original_decision_maker POST", "cw"),
    ("staff.assign POST", "cw"),
    ("staff.extend POST", "cw"),
    ("staff.decision POST", "asg"),
    ("staff.issue POST", "asg"),
    ("staff.correct POST", "cw"),
    ("regulator.pack POST", "owner"),
    ("regulator.details POST", "cw"),
    ("regulator.decision_notice POST", "cw"),
    ("regulator.compliance POST", "cw"),
    ("regulator.appeal POST", "cw"),
    ("regulator.tribunal_outcome POST", "cw"),
    ("regulator.close POST", "cw"),
    ("staff.close POST", "cw"),
    ("staff.withdraw POST", "cw"),
    ("complaints.withdraw POST", "owner"),
]


@dataclass
class Cast:
    world: World
    people: dict[str, User]
    authority: Authority
    clock: Clock


@pytest.fixture
def cast(app: Flask, session: Session, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cast]:
    race_clock = Clock()
    monkeypatch.setattr(clock, "today", race_clock)
    world, people = build_cast(session)
    authority = session.get(Authority, world.authority_id)
    assert authority is not None
    commit()
    yield Cast(world, people, authority, race_clock)


def _counts(session: Session, case_id: int) -> dict[str, int]:
    session.expire_all()
    return {
        "letters": session.scalar(select(func.count()).where(Letter.case_id == case_id)) or 0,
        "audit events": session.scalar(select(func.count()).where(AuditEvent.case_id == case_id))
        or 0,
        "e-mails": session.scalar(select(func.count()).select_from(OutboxMessage)) or 0,
    }


def _outcome(response: Any, *, api: bool, next_page: str = "") -> str:
    """``success``, ``conflict`` (refused, with the reason shown) or ``error``.

    A page's success is a redirect to a page with a success banner; a page refuses by showing
    the form again with an error summary (400, or 200 on the regulator stage's forms), by the
    409 conflict page, or by a redirect to a page that explains (a notification banner)."""
    status = response.status_code
    if api:
        return "success" if 200 <= status < 300 else "conflict" if status == 409 else "error"
    if 300 <= status < 400:
        if urlsplit(response.headers["Location"]).path == "/sign-in":
            return "error"
        if "govuk-notification-banner--success" in next_page:
            return "success"
        return "conflict" if "govuk-notification-banner" in next_page else "error"
    shown_again = status in (200, 400) and "govuk-error-summary" in response.get_data(as_text=True)
    return "conflict" if status == 409 or shown_again else "error"


def _race(
    app: Flask, session: Session, cast: Cast, rule: Rule, caller: str, n: int
) -> tuple[list[str], list[Any]]:
    """``n`` clients load the case, then send ``rule``'s action at the same moment: the
    outcome of each (see ``_outcome``) and its response."""
    world, api = cast.world, is_api(rule)
    url = route_url(app, world, rule)
    session.expire_all()
    case = session.get(Case, world.case_ids[rule.stage])
    assert case is not None
    sends = []
    for _ in range(n):
        if api:
            client = app.test_client()
            body = request_body(world, rule, caller, {}, None)
            body["json"] = {**body.get("json", {}), "version": case.version}
            body["headers"] = {"Authorization": f"Bearer {world.tokens[caller]}"}
        else:
            pages = PageClient(app)
            pages.sign_in_as(cast.people[caller])
            client = pages.raw
            form = page_form(client.get(url).get_data(as_text=True), url, rule.key)
            body = request_body(world, rule, caller, form, form["csrf_token"][0])
        sends.append((client, body))
    barrier = threading.Barrier(n)
    responses: list[Any] = [None] * n
    next_pages = [""] * n

    def send(i: int) -> None:
        client, body = sends[i]
        barrier.wait()
        responses[i] = response = client.open(url, method=rule.method, **body)
        if not api and 300 <= response.status_code < 400:
            next_pages[i] = client.get(response.headers["Location"]).get_data(as_text=True)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return [
        _outcome(r, api=api, next_page=page) for r, page in zip(responses, next_pages, strict=True)
    ], responses


@pytest.mark.parametrize(("key", "caller"), RACES, ids=[key for key, _ in RACES])
def test_eight_at_once_give_one_success_and_seven_conflicts(
    app: Flask, session: Session, cast: Cast, key: str, caller: str, record_property: Any
) -> None:
    rule = POLICY[key]
    added: dict[str, dict[str, int]] = {}
    outcomes: list[str] = []
    for run, n in (("one", 1), ("race", THREADS)):
        case = case_at(session, rule.stage, cast.people, cast.authority, cast.clock)
        commit()
        cast.world.cases[rule.stage] = case.reference
        cast.world.case_ids[rule.stage] = case.id
        before = _counts(session, case.id)
        outcomes, responses = _race(app, session, cast, rule, caller, n)
        after = _counts(session, case.id)
        added[run] = {name: after[name] - before[name] for name in before}
        if run == "one":
            assert outcomes == ["success"], (key, [r.status_code for r in responses])
    successes, conflicts = outcomes.count("success"), outcomes.count("conflict")
    errors = THREADS - successes - conflicts
    record_property(
        "figure", f"race {key}: {successes} success, {conflicts} conflicts, {errors} errors"
    )
    exact = (successes, conflicts, errors) == (1, THREADS - 1, 0)
    record_property("count:races: actions raced by 8 clients", 1)
    record_property("count:races: with 1 success and 7 conflicts", int(exact))
    record_property("count:races: requests sent at once", THREADS)
    statuses = sorted(r.status_code for r in responses)
    assert exact, (key, statuses)
    assert added["race"] == added["one"], f"{key}: one request added {added['one']}"
