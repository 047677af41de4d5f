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
