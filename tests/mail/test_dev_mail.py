"""Mail you can see in development: with no SMTP_HOST, e-mail becomes .eml files under
MAIL_DIR, listed at /dev/mail. Never in production, never for another machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from review_service import create_app
from review_service.config import ConfigError, load_config
from review_service.extensions import commit, database, db_session
from review_service.mail.services import queue_email
from review_service.mail.worker import mail_transport, send_pending
from tests.pages import PageClient

BODY = "Dear Sam <b>&</b>,\n\nConfirm here:\n\nhttp://localhost/confirm/abc.def?next=%2F\n\nThanks."


def _app(database_url: str, tmp_path: Path, **settings: Any) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "DATABASE_URL": database_url,
            "UPLOAD_DIR": tmp_path / "uploads",
            "RATELIMIT_ENABLED": False,
            "SERVER_NAME": "localhost",
            "MAIL_DIR": tmp_path / "mail",
            "MAIL_TRANSPORT": "",
            "SMTP_HOST_CHOSEN": False,
            **settings,
        }
    )


@pytest.fixture
def dev_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = _app(database_url, tmp_path, ENVIRONMENT="development")
    yield app
    database(app).engine.dispose()


def test_development_without_smtp_keeps_mail_as_files_and_shows_it(dev_app: Flask) -> None:
    with dev_app.app_context():
        queued = queue_email(
            db_session(),
            to="sam@example.org",
            subject="Confirm your e-mail address",
            body=BODY,
            attachments=(("letter.pdf", "application/pdf", b"%PDF-1.4 x"),),
        )
        commit()
        assert queued is not None
        assert send_pending(database(dev_app).sessionmaker, dev_app.config) == (1, 0)
    [eml] = (Path(dev_app.config["MAIL_DIR"])).glob("*.eml")

    client = PageClient(dev_app)
    index = client.get("/dev/mail")
    assert index.status_code == 200
    assert "Confirm your e-mail address" in index.text and "sam@example.org" in index.text
    page = client.get(f"/dev/mail/{eml.name}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Dear Sam &lt;b&gt;&amp;&lt;/b&gt;," in html  # escaped, never markup
    assert (
        '<a class="govuk-link" href="http://localhost/confirm/abc.def?next=%2F">'
        "http://localhost/confirm/abc.def?next=%2F</a>"
    ) in html
    assert queued.message_id.replace("<", "&lt;").replace(">", "&gt;") in html
    raw = client.get(f"/dev/mail/{eml.name}/raw")
    assert raw.data == eml.read_bytes() and raw.mimetype == "message/rfc822"
    attachment = client.get(f"/dev/mail/{eml.name}/attachments/0")
    assert attachment.data == b"%PDF-1.4 x" and attachment.mimetype == "application/pdf"
    assert client.get(f"/dev/mail/{eml.name}/attachments/1").status_code == 404
    assert client.get("/dev/mail/..%2Finstance.eml").status_code == 404
    assert client.get("/dev/mail/20260101-000000-message-999.eml").status_code == 404


def test_the_mail_pages_answer_only_this_machine(dev_app: Flask) -> None:
    client = dev_app.test_client()
    assert client.get("/dev/mail").status_code == 200
    assert client.get("/dev/mail", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 404


@pytest.mark.parametrize(
    "settings",
    [
        {"ENVIRONMENT": "production"},
        {"ENVIRONMENT": "test"},
        {"ENVIRONMENT": "development", "SMTP_HOST_CHOSEN": True},
        {"ENVIRONMENT": "development", "MAIL_TRANSPORT": "smtp"},
    ],
)
def test_no_mail_pages_outside_development_or_with_smtp(
    database_url: str, tmp_path: Path, settings: dict[str, Any]
) -> None:
    app = _app(database_url, tmp_path, **settings)
    try:
        assert mail_transport(app.config) == "smtp"
        assert not [r for r in app.url_map.iter_rules() if r.endpoint.startswith("dev_mail.")]
        assert app.test_client().get("/dev/mail").status_code == 404
    finally:
        database(app).engine.dispose()


def test_the_configuration_chooses_files_only_for_development_without_smtp() -> None:
    assert mail_transport(load_config({})) == "files"
    assert mail_transport(load_config({"SMTP_HOST": "mail.example.org"})) == "smtp"
    assert mail_transport(load_config({"REVIEW_SERVICE_ENV": "test"})) == "smtp"
    production = {"REVIEW_SERVICE_ENV": "production", "SECRET_KEY": "x" * 40}
    assert mail_transport(load_config(production)) == "smtp"
    with pytest.raises(ConfigError, match="MAIL_TRANSPORT=files keeps e-mail on this machine"):
        load_config({**production, "MAIL_TRANSPORT": "files"})
    with pytest.raises(ConfigError, match="MAIL_TRANSPORT must be smtp or files"):
        load_config({"MAIL_TRANSPORT": "pigeon"})
    assert str(load_config({})["MAIL_DIR"]).endswith("instance/mail")
