"""Issue 12 item 7: every link in an e-mail is built in one place (web/links.py) from the
configured BASE_URL: case e-mails and account e-mails alike, whatever host or port the request
came in on, and ``review-service serve`` points them at itself when BASE_URL is not set."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from review_service.config import ConfigError, check_server_config, load_config, served_base_url
from review_service.mail.models import OutboxMessage
from tests.cases.journey import file_sample_complaint
from tests.factories import create_authority

BASE = "https://reviews.example.gov.uk/foi"


def _links(session, to: str) -> list[str]:  # type: ignore[no-untyped-def]
    bodies = session.scalars(select(OutboxMessage.body).where(OutboxMessage.to_address == to))
    return [link for body in bodies for link in re.findall(r"https?://\S+", body)]


def test_case_and_account_emails_link_to_the_configured_address_not_the_request_host(
    app, client, session, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "BASE_URL", BASE)
    # The request arrives on another host and port, as behind a proxy or with a forged Host.
    client.raw.environ_base["HTTP_HOST"] = "attacker.example:8123"
    response = client.post(
        "/register",
        {"name": "Ada Lovelace", "email": "ada@example.org", "password": "a long passphrase"},
    )
    assert response.status_code == 200
    [confirm] = _links(session, "ada@example.org")
    assert confirm.startswith(f"{BASE}/confirm/"), confirm

    from review_service.accounts.models import User

    user = session.scalar(select(User).where(User.email == "ada@example.org"))
    client.sign_in_as(user)
    authority = create_authority(session)
    session.commit()
    reference = file_sample_complaint(client, authority.id)
    case_links = [link for link in _links(session, "ada@example.org") if "/complaints/" in link]
    assert case_links == [f"{BASE}/complaints/{reference}"], case_links


def test_serve_points_links_at_itself_unless_told_otherwise() -> None:
    assert served_base_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert served_base_url("0.0.0.0", 8080) == "http://127.0.0.1:8080"  # noqa: S104
    assert served_base_url("::1", 8080) == "http://[::1]:8080"
    assert load_config({})["BASE_URL_CHOSEN"] is False
    chosen = load_config({"BASE_URL": "https://reviews.example/ "})
    assert chosen["BASE_URL"] == "https://reviews.example" and chosen["BASE_URL_CHOSEN"]


def test_production_refuses_to_serve_without_base_url() -> None:
    env = {
        "REVIEW_SERVICE_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    with pytest.raises(ConfigError, match="BASE_URL is not set"):
        check_server_config(load_config(env))
    check_server_config(
        load_config(
            {**env, "BASE_URL": "https://reviews.example", "SUPPORT_EMAIL": "help@reviews.example"}
        )
    )


def test_the_confirmation_again_page_links_to_the_configured_address_not_the_request_host(
    app, client, session, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Found by a live probe of a production server (sec18): /confirm-email/send-again built
    its links from the request's Host, so anyone could have the service itself e-mail any
    address 'sign in here: http://evil.example/sign-in' (or, to an account awaiting
    confirmation, its confirmation token on the attacker's host)."""
    from review_service.accounts.models import Role
    from tests.factories import create_user

    monkeypatch.setitem(app.config, "BASE_URL", BASE)
    create_user(session, Role.REQUESTER, email="waiting@example.org", email_confirmed_at=None)
    create_user(session, Role.REQUESTER, email="in-use@example.org")
    session.commit()
    client.raw.environ_base["HTTP_HOST"] = "attacker.example:8123"
    for address in ("waiting@example.org", "in-use@example.org", "nobody@example.org"):
        assert client.post("/confirm-email/send-again", {"email": address}).status_code == 200
        links = _links(session, address)
        assert links, address
        assert all(link.startswith(f"{BASE}/") for link in links), links


def test_only_web_links_builds_absolute_urls() -> None:
    """Every absolute link goes through web/links.external_url (BASE_URL); ``url_for`` with
    ``_external=True`` would take the host from the request."""
    from pathlib import Path

    flask_external = re.compile(r"\b_external\s*=")
    root = Path(__file__).resolve().parents[2] / "review_service"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if flask_external.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], offenders
