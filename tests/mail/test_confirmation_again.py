"""A requester whose confirmation e-mail did not arrive asks for it again at
/confirm-email/send-again: the same page for every address (no account enumeration), the
e-mail that fits the address, audited, and rate-limited per client and per address."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from review_service.accounts.models import Role
from review_service.audit.models import AuditEvent
from review_service.db import utcnow
from review_service.extensions import commit, database
from review_service.mail.models import OutboxMessage
from tests.accounts.test_rate_limits import limited_app, post_from
from tests.factories import create_user
from tests.pages import PageClient

URL = "/confirm-email/send-again"


def _ask(client: PageClient, email: str) -> Any:
    return client.post(URL, {"email": email})


def _page_without_tokens(response: Any) -> str:
    page = response.get_data(as_text=True)
    page = re.sub(r'(nonce|value)="[^"]*"', "", page)
    return re.sub(r"<strong>[^<]*</strong>", "<strong></strong>", page)


def _mail_to(session: Any, address: str) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address)))


def test_an_unconfirmed_account_gets_a_new_link_that_confirms_it(app, session) -> None:  # type: ignore[no-untyped-def]
    user = create_user(session, Role.REQUESTER, email="new@example.org", email_confirmed_at=None)
    commit()
    client = PageClient(app)
    assert client.get(URL).status_code == 200
    response = _ask(client, " New@Example.org ")
    assert response.status_code == 200
    assert client.last_page is not None and client.last_page.h1 == ["Check your e-mail"]
    assert "new@example.org" in response.get_data(as_text=True)
    [mail] = _mail_to(session, "new@example.org")
    assert mail.subject == "Confirm your e-mail address"
    link = re.search(r"http://localhost(/confirm/\S+)", mail.body)
    assert link is not None
    confirmed = client.get(link.group(1))
    assert confirmed.status_code == 200
    session.expire_all()
    assert session.get(type(user), user.id).email_confirmed_at is not None
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == user.id))
    assert list(actions) == ["resend_confirmation", "confirm_email"]


def test_every_other_address_gets_the_same_page_and_a_note(app, session) -> None:  # type: ignore[no-untyped-def]
    waiting = create_user(
        session, Role.REQUESTER, email="waiting@example.org", email_confirmed_at=None
    )
    create_user(session, Role.REQUESTER, email="done@example.org", email_confirmed_at=utcnow())
    create_user(session, Role.REQUESTER, email="opened@example.org", password_hash=None)
    commit()
    client = PageClient(app)
    pages = {}
    for address in (
        "waiting@example.org",
        "done@example.org",
        "opened@example.org",
        "nobody@example.org",
    ):
        events_before = session.scalar(select(func.count(AuditEvent.id)))
        response = _ask(client, address)
        assert response.status_code == 200, address
        pages[address] = _page_without_tokens(response)
        [mail] = _mail_to(session, address)
        assert mail.subject == "Confirm your e-mail address"
        waiting_link = "/confirm/" in mail.body
        assert waiting_link == (address == waiting.email), address
        if not waiting_link:
            assert "no account is waiting for this address to be confirmed" in mail.body
            assert "http://localhost/register" in mail.body
        assert session.scalar(select(func.count(AuditEvent.id))) == events_before + 1
    assert len(set(pages.values())) == 1


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Enter your e-mail address"),
        ("not an address", "Enter an e-mail address in the correct format"),
        ("a@example.org, b@example.org", "Enter one e-mail address only"),
    ],
)
def test_a_bad_address_is_refused_and_nothing_is_sent(app, session, typed: str, error: str) -> None:  # type: ignore[no-untyped-def]
    client = PageClient(app)
    response = _ask(client, typed)
    assert response.status_code == 400
    assert error in response.get_data(as_text=True)
    assert client.last_page is not None and client.last_page.title.startswith("Error: ")
    assert session.scalar(select(func.count(OutboxMessage.id))) == 0


@pytest.fixture
def limited(database_url, redis_url, redis_prefix) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    app = limited_app(database_url, redis_url, redis_prefix)
    yield app
    database(app).engine.dispose()


def test_asking_again_is_rate_limited_per_address_and_per_client(limited: Flask) -> None:
    form = {"email": "someone@example.org"}
    # Per address: three an hour, from however many machines.
    statuses = [post_from(limited, URL, form, f"192.0.2.{n}") for n in range(1, 5)]
    assert statuses == [200, 200, 200, 429]
    # Per client: five an hour, whatever the addresses.
    one_machine = [
        post_from(limited, URL, {"email": f"person{n}@example.org"}, "198.51.100.9")
        for n in range(6)
    ]
    assert one_machine == [200] * 5 + [429]
