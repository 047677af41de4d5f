"""Registering never signs anyone in or takes over an account (issue 9, finding 1), says the
same for a taken address as for a new one, and forgot-password does the same work for any
address (no enumeration by page or by timing)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from review_service.accounts import services
from review_service.accounts.models import Role, User
from review_service.cases import services as cases
from review_service.extensions import commit, database
from review_service.mail.models import OutboxMessage
from tests.factories import PASSWORD, create_authority, create_user, file_command

ATTACKER_PASSWORD = "mallory's chosen passphrase"


def mails_to(session, address: str) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_address == address)
            .order_by(OutboxMessage.id)
        )
    )


def link_in(body: str, path: str) -> str:
    match = re.search(rf"http://localhost({re.escape(path)}\S+)", body)
    assert match, body
    return match.group(1)


def signed_in(client) -> bool:  # type: ignore[no-untyped-def]
    """Whether the client's session is signed in: the token page needs any signed-in user."""
    return client.raw.get("/account/tokens").status_code == 200


@pytest.fixture
def filed_for_victim(session):  # type: ignore[no-untyped-def]
    """A caseworker files a complaint for victim@example.org, who has no password yet."""
    authority = create_authority(session)
    caseworker = create_user(session, Role.CASEWORKER, authority=authority)
    command = file_command(
        authority, requester_email="victim@example.org", requester_name="Victoria Smith"
    )
    case = cases.file_case(session, caseworker, command).case
    commit()
    victim = services.user_by_email(session, "victim@example.org")
    assert victim is not None and victim.password_hash is None
    return case, victim


def register(client, email: str, password: str = ATTACKER_PASSWORD, name: str = "Mallory"):  # type: ignore[no-untyped-def]
    return client.post("/register", {"name": name, "email": email, "password": password})


def test_registering_an_address_filed_for_by_a_caseworker_takes_nothing_over(
    client, session, filed_for_victim
) -> None:  # type: ignore[no-untyped-def]
    case, victim = filed_for_victim
    before = len(mails_to(session, victim.email))
    response = register(client, "Victim@Example.org")
    assert response.status_code == 200
    assert client.last_page.h1 == ["Check your e-mail"]
    assert not signed_in(client)
    assert client.raw.get(f"/complaints/{case.reference}").status_code == 302  # to sign in
    session.expire_all()
    victim = session.get(User, victim.id)
    assert victim.password_hash is None
    assert victim.name == "Victoria Smith"
    assert victim.email_confirmed_at is None
    # The attacker's password does not work either.
    client.post("/sign-in", {"email": "victim@example.org", "password": ATTACKER_PASSWORD})
    assert not signed_in(client)
    # The mailbox's owner is told, with a link to claim the account.
    claim = mails_to(session, victim.email)[before:]
    assert [m.subject for m in claim] == ["Claim your Review service account"]
    assert "Someone asked to create an account" in claim[0].body


def test_only_the_link_sent_to_the_mailbox_claims_the_account(
    app, client, session, filed_for_victim
) -> None:  # type: ignore[no-untyped-def]
    case, victim = filed_for_victim
    register(client, "victim@example.org")
    link = link_in(mails_to(session, victim.email)[-1].body, "/reset-password/")
    owner = type(client)(app)
    assert owner.get(link).status_code == 200
    assert owner.last_page.h1 == ["Choose a password"]
    chosen = owner.post(link, {"password": "the owner's own passphrase"})
    assert chosen.status_code == 302
    assert owner.raw.get(f"/complaints/{case.reference}").status_code == 200
    session.expire_all()
    victim = session.get(User, victim.id)
    assert victim.name == "Victoria Smith"  # the name a caseworker recorded is kept
    assert victim.email_confirmed_at is not None
    assert services.verify_password(victim, "the owner's own passphrase")
    assert not signed_in(client)  # the would-be attacker's browser is still signed out


def test_a_new_registration_signs_in_only_after_the_address_is_confirmed(client, session) -> None:  # type: ignore[no-untyped-def]
    response = register(client, "new.person@example.org", PASSWORD, name="New Person")
    assert response.status_code == 200
    assert client.last_page.h1 == ["Check your e-mail"]
    assert not signed_in(client)
    # Before confirming, the password alone does not sign in; a fresh link is sent.
    refused = client.post("/sign-in", {"email": "new.person@example.org", "password": PASSWORD})
    assert refused.status_code == 200
    assert "Confirm your e-mail address before you sign in" in client.last_page.text
    assert not signed_in(client)
    sent = mails_to(session, "new.person@example.org")
    assert [m.subject for m in sent] == ["Confirm your e-mail address"] * 2
    confirmed = client.get(link_in(sent[-1].body, "/confirm/"))
    assert confirmed.status_code == 200
    assert client.last_page.h1 == ["Your e-mail address is confirmed"]
    assert not signed_in(client)  # confirming is not signing in (no login by link)
    client.post("/sign-in", {"email": "new.person@example.org", "password": PASSWORD})
    assert signed_in(client)


def test_someone_who_registered_an_address_first_cannot_keep_it(client, session) -> None:  # type: ignore[no-untyped-def]
    """Registering an address you do not own leaves an unconfirmed account; when the owner
    registers, they get a link that sets their own password and voids the squatter's."""
    register(client, "owner@example.org")  # the squatter
    client.sign_out()
    register(client, "owner@example.org", "the real owner's passphrase", name="Owner")
    last = mails_to(session, "owner@example.org")[-1]
    assert last.subject == "Claim your Review service account"
    link = link_in(last.body, "/reset-password/")
    client.post(link, {"password": "the real owner's passphrase"})
    client.sign_out()
    client.post("/sign-in", {"email": "owner@example.org", "password": ATTACKER_PASSWORD})
    assert not signed_in(client)


def _visible(response) -> str:  # type: ignore[no-untyped-def]
    html = response.get_data(as_text=True)
    html = re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)  # new for every response (web/headers.py)


def test_registering_a_taken_address_shows_the_same_page_and_tells_the_owner(
    client, session
) -> None:  # type: ignore[no-untyped-def]
    owner = create_user(session, Role.REQUESTER, email="taken@example.org", name="Tara Owner")
    commit()
    taken = register(client, "taken@example.org")
    client.sign_out()
    fresh = register(client, "fresh@example.org")
    assert taken.status_code == fresh.status_code == 200
    assert _visible(taken).replace("taken@", "fresh@") == _visible(fresh)
    assert "already exists" not in _visible(taken)
    mail = mails_to(session, "taken@example.org")[-1]
    assert mail.subject == "Someone tried to register with your e-mail address"
    assert "You already have an account" in mail.body
    session.expire_all()
    owner = session.get(User, owner.id)
    assert owner.name == "Tara Owner"
    assert services.verify_password(owner, PASSWORD)


def test_registering_a_taken_address_still_hashes_the_password(
    client, session, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A new address costs one argon2 hash; a taken one must cost the same."""
    create_user(session, Role.REQUESTER, email="taken@example.org")
    commit()
    calls: list[str] = []
    original = services.hash_password

    def counting(password: str) -> str:
        calls.append(password)
        return original(password)

    monkeypatch.setattr(services, "hash_password", counting)
    register(client, "fresh@example.org")
    new_count = len(calls)
    client.sign_out()
    register(client, "taken@example.org")
    assert new_count == 1
    assert len(calls) - new_count == 1


@contextmanager
def statements(app) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """The kind and table of every SQL statement the app runs meanwhile."""
    seen: list[str] = []
    engine = database(app).engine

    def note(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        words = statement.split()
        verb = words[0].upper()
        table = ""
        for keyword in ("INTO", "FROM", "UPDATE"):
            if keyword in (w.upper() for w in words):
                index = [w.upper() for w in words].index(keyword)
                table = words[index + 1].strip('"') if keyword != "UPDATE" else words[1]
                break
        seen.append(f"{verb} {table}")

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_forgot_password_does_the_same_work_for_known_and_unknown_addresses(
    app, client, session, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    create_user(session, Role.REQUESTER, email="known@example.org")
    commit()
    tokens: list[int] = []
    original = services._reset_token

    def signing(user_id: int, fingerprint: str) -> str:
        tokens.append(1)
        return original(user_id, fingerprint)

    monkeypatch.setattr(services, "_reset_token", signing)
    pages = []
    work = []
    for address in ("known@example.org", "unknown@example.org"):
        token = client.csrf_token("/forgot-password")
        with statements(app) as seen:
            response = client.raw.post(
                "/forgot-password", data={"email": address, "csrf_token": token}
            )
        pages.append(_visible(response).replace(address, "ADDRESS"))
        work.append(seen)
    assert pages[0] == pages[1]
    assert work[0] == work[1]
    assert any(s.startswith("INSERT outbox_messages") for s in work[0])
    assert tokens == [1, 1]
    unknown = mails_to(session, "unknown@example.org")
    assert [m.subject for m in unknown] == ["Reset your password"]
    assert "no active account uses this address" in unknown[0].body
    assert "/reset-password/" not in unknown[0].body
