"""The case action table's pages (staff/action_pages.py): an entry alone gives an action its
route, form, page and case-page link, with no edit in views.py, forms.py or a template.

The throwaway entry below stands in for a new action's page: it replaces the withdrawal page
with one of another name, wording and field prompt, before the app is made, and everything the
page needs is then served from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from review_service import clock
from review_service.api.actions import ACTIONS
from review_service.audit.models import AuditEvent
from review_service.cases import services as cases
from review_service.domain.lifecycle import CaseAction
from review_service.extensions import commit
from review_service.staff import action_pages
from review_service.staff.action_pages import PAGES, Page, Prompt, form_for, name_of, path_of
from review_service.web.access import access_of
from tests.factories import create_authority, create_case, create_staff
from tests.staff import sign_in

TODAY = dt.date(2026, 10, 7)
LIMIT = ACTIONS[CaseAction.WITHDRAW].fields["reason"]["maxLength"]

THROWAWAY = Page(
    name="withdrawn_by_phone",
    title="Record a withdrawal by phone",
    link="The requester phoned to withdraw",
    intro="Only for a call you took yourself.",
    fields={"reason": Prompt("What did they say on the phone?", "Their words, briefly.", rows=3)},
    button="Record the call",
    service=cases.withdraw,
    done=lambda c: f"Call recorded: {c.reference} is withdrawn.",
)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def throwaway_page(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Put the throwaway entry in the table in place of the withdrawal page; the ``app``
    fixture, made after this, registers its routes from the table as it then is."""
    monkeypatch.setitem(action_pages.PAGES, CaseAction.WITHDRAW, THROWAWAY)
    yield


def test_every_entry_is_served_by_its_route_form_and_template(app) -> None:  # type: ignore[no-untyped-def]
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    for action, page in PAGES.items():
        endpoint = "staff." + name_of(action, page)
        assert rules[endpoint].rule == path_of(action, page)
        assert access_of(app.view_functions[endpoint]) == frozenset(r.value for r in page.roles)
        assert app.jinja_env.get_template(page.template) is not None
        form = form_for(action, page)
        for name in page.fields:
            assert name in ACTIONS[action].fields
            assert hasattr(form, name)


def test_the_entries_keep_the_pages_addresses() -> None:
    # The pages that came before the table keep their addresses; a new entry adds its own.
    assert {path_of(a, p) for a, p in PAGES.items()} >= {
        "/staff/cases/<reference>/acknowledge",
        "/staff/cases/<reference>/extend",
        "/staff/cases/<reference>/withdraw",
        "/staff/cases/<reference>/close",
    }


def test_a_page_cannot_ask_for_what_the_api_body_does_not_take() -> None:
    page = Page(
        title="Withdraw",
        button="Go",
        service=cases.withdraw,
        done=lambda c: "",
        fields={"colour": Prompt("Favourite colour")},
    )
    with pytest.raises(ValueError, match="colour"):
        form_for(CaseAction.WITHDRAW, page)


@pytest.mark.usefixtures("throwaway_page", "fresh_sessions")
def test_a_new_entry_is_a_whole_page(client, session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    staff = create_staff(session, authority)
    case = create_case(session, authority=authority)
    commit()
    url = f"/staff/cases/{case.reference}/withdrawn-by-phone"

    # Deny by default: the entry's roles, and nobody else.
    sign_in(client, staff["reviewer"])
    assert client.get(url).status_code == 403
    sign_in(client, staff["caseworker"])

    # The case page links to it (cases/actions.py offers the withdrawal to caseworkers).
    html = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert f'href="{url}">The requester phoned to withdraw</a>' in html
    # The entry replaced the withdrawal page: its old address is gone with it.
    assert client.get(f"/staff/cases/{case.reference}/withdraw").status_code == 404

    response = client.get(url)
    assert response.status_code == 200
    assert client.last_page.h1 == ["Record a withdrawal by phone"]
    html = response.get_data(as_text=True)
    for words in (
        '<p class="govuk-body">Only for a call you took yourself.</p>',
        "What did they say on the phone?",
        "Their words, briefly.",
        'rows="3"',
        "Record the call",
    ):
        assert words in html

    # The form checks the API body's length, in the same words; nothing changes.
    too_long = client.post(url, {"version": str(case.version), "reason": "x" * (LIMIT + 1)})
    assert too_long.status_code == 400
    assert f"Reason must be {LIMIT:,} characters or fewer" in client.last_page.text
    session.expire_all()
    assert case.status == "received"

    # The service is called with the field under its own name, and audits the change.
    done = client.post(url, {"version": str(case.version), "reason": "Rang at 10: not needed"})
    assert done.status_code == 302
    client.get(done.headers["Location"])
    assert f"Call recorded: {case.reference} is withdrawn." in client.last_page.text
    session.expire_all()
    assert (case.status, case.closure_reason) == ("withdrawn", "Rang at 10: not needed")
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case.id))
    assert "withdraw" in list(actions)
