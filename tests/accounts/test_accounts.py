"""Registering, confirming, signing in and out, resetting a password, API tokens."""

from __future__ import annotations

import re

from sqlalchemy import select

from review_service.accounts.models import ApiToken, Role, User
from review_service.extensions import commit
from review_service.mail.models import OutboxMessage
from tests.factories import PASSWORD, create_user


def last_mail(session, to: str) -> OutboxMessage:  # type: ignore[no-untyped-def]
    session.expire_all()
    message = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.to_address == to)
        .order_by(OutboxMessage.id.desc())
    ).first()
    assert message is not None, f"no e-mail to {to}"
    return message


def link_in(body: str) -> str:
    match = re.search(r"http://localhost(/\S+)", body)
    assert match, body
    return match.group(1)


def test_home_page_and_sign_in_page_render(client) -> None:  # type: ignore[no-untyped-def]
    home = client.get("/")
    assert home.status_code == 200
    assert client.last_page.h1 == ["Complain about a freedom of information response"]
    assert "Review service" in client.last_page.text
    sign_in = client.get("/sign-in")
    assert sign_in.status_code == 200
    assert client.last_page.h1 == ["Sign in"]


def test_register_sends_a_confirmation_link_that_confirms_the_address(client, session) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/register",
        {
            "name": "Ada Lovelace",
            "email": "Ada@Example.org",
            "password": "a long enough passphrase",
        },
    )
    assert response.status_code == 200
    assert client.last_page.h1 == ["Check your e-mail"]
    user = session.scalar(select(User).where(User.email == "ada@example.org"))
    assert user is not None and user.role == Role.REQUESTER
    assert user.password_hash.startswith("$argon2id$")
    assert user.email_confirmed_at is None
    mail = last_mail(session, "ada@example.org")
    assert mail.subject == "Confirm your e-mail address"
    confirmed = client.get(link_in(mail.body))
    assert confirmed.status_code == 200
    session.expire_all()
    assert session.get(User, user.id).email_confirmed_at is not None


def test_register_refuses_a_short_password(client, session) -> None:  # type: ignore[no-untyped-def]
    short = client.post(
        "/register", {"name": "Ada", "email": "ada@example.org", "password": "too short"}
    )
    assert short.status_code == 200
    assert "Password must be 12 characters or more" in client.last_page.text
    assert client.last_page.title.startswith("Error: ")
    assert session.scalar(select(User).where(User.email == "ada@example.org")) is None


def test_a_tampered_confirmation_link_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/confirm/not-a-real-token")
    assert response.status_code == 400
    assert "not valid" in client.last_page.text


def test_sign_in_with_the_right_password_and_refuse_the_wrong_one(client, session) -> None:  # type: ignore[no-untyped-def]
    create_user(session, Role.REQUESTER, email="sam@example.org")
    commit()
    wrong = client.post("/sign-in", {"email": "sam@example.org", "password": "wrong password!"})
    assert wrong.status_code == 200
    assert "Enter a correct e-mail address and password" in client.last_page.text
    right = client.post("/sign-in", {"email": "SAM@example.org", "password": PASSWORD})
    assert right.status_code == 302
    assert client.get("/account/tokens").status_code == 200
    out = client.post("/sign-out", {}, form_url="/account/tokens")
    assert out.status_code == 302
    assert client.get("/account/tokens").status_code == 302


def test_sign_in_does_not_follow_an_offsite_next_link(client, session) -> None:  # type: ignore[no-untyped-def]
    create_user(session, Role.REQUESTER, email="sam@example.org")
    commit()
    response = client.post(
        "/sign-in?next=//evil.example/",
        {"email": "sam@example.org", "password": PASSWORD},
        form_url="/sign-in",
    )
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_password_reset_link_works_once(client, session) -> None:  # type: ignore[no-untyped-def]
    create_user(session, Role.REQUESTER, email="kim@example.org")
    commit()
    client.post("/forgot-password", {"email": "kim@example.org"})
    link = link_in(last_mail(session, "kim@example.org").body)
    changed = client.post(link, {"password": "a brand new passphrase"})
    assert changed.status_code == 302
    client.sign_out()
    reused = client.get(link)
    assert reused.status_code == 400
    assert "already been used" in client.last_page.text
    signed_in = client.post(
        "/sign-in", {"email": "kim@example.org", "password": "a brand new passphrase"}
    )
    assert signed_in.status_code == 302


def test_forgot_password_says_the_same_for_unknown_addresses(client, session) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/forgot-password", {"email": "nobody@example.org"})
    assert response.status_code == 200
    assert "If the address has an account" in client.last_page.text
    # The mailbox is told no account uses it (see test_account_claims for the same-work rule).
    [mail] = session.scalars(select(OutboxMessage)).all()
    assert mail.to_address == "nobody@example.org"
    assert "/reset-password/" not in mail.body


def test_api_tokens_are_shown_once_stored_hashed_and_revocable(client, session) -> None:  # type: ignore[no-untyped-def]
    user = create_user(session, Role.CASEWORKER)
    commit()
    client.sign_in_as(user)
    created = client.post("/account/tokens", {"name": "Case system"})
    assert created.status_code == 200
    secret = re.search(r'id="new-token">([^<]+)<', created.get_data(as_text=True)).group(1)
    token = session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert token is not None and secret not in token.token_hash and len(token.token_hash) == 64
    listing = client.get("/account/tokens")
    assert secret not in listing.get_data(as_text=True)
    revoked = client.post(f"/account/tokens/{token.id}/revoke", {}, form_url="/account/tokens")
    assert revoked.status_code == 302
    session.expire_all()
    assert session.get(ApiToken, token.id).revoked_at is not None
