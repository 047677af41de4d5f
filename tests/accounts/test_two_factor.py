"""A second factor for staff (issue 9): an authenticator app (TOTP) and recovery codes,
required of administrators by default and of reviewers and caseworkers where their authority
asks; the code comes after the password, and nobody is signed in before it is right."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import time
from collections.abc import Iterator
from typing import Any

import pyotp
import pytest
from flask import Flask
from sqlalchemy import select

from review_service.accounts import sessions, two_factor
from review_service.accounts.models import RecoveryCode, Role, SecondFactor, User
from review_service.audit.models import AuditEvent
from review_service.config import ConfigError, load_config
from review_service.extensions import commit, database
from tests.accounts.test_rate_limits import limited_app
from tests.factories import PASSWORD, create_authority, create_user
from tests.pages import PageClient

ADMIN_PAGE = "/admin"
CODE_PAGE = "/sign-in/security-code"
RECOVERY_PAGE = "/sign-in/recovery-code"
SET_UP_PAGE = "/account/security/set-up"


def enrol(app: Flask, user: User) -> tuple[str, list[str]]:
    """Set an authenticator app up for ``user`` through the service: (secret, recovery codes).

    The code used to confirm it is from the previous 30-second step, so the current step's
    code is still good for the test."""
    from review_service.extensions import db_session

    with app.test_request_context():
        session = db_session()
        user = session.get(User, user.id)
        setup = two_factor.start_setup(session, user)
        totp = pyotp.TOTP(setup.secret)
        codes = two_factor.confirm_setup(session, user, totp.at(time.time() - 30))
        commit()
        return setup.secret, codes


def now_code(secret: str) -> str:
    return pyotp.TOTP(secret).now()


def password_step(client: PageClient, email: str, next_url: str = "") -> Any:
    url = "/sign-in" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"email": email, "password": PASSWORD})


def signed_in_to(client: PageClient, url: str = ADMIN_PAGE) -> bool:
    return client.get(url).status_code == 200


def actions(session, user_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    session.expire_all()
    return list(
        session.scalars(
            select(AuditEvent.action).where(AuditEvent.actor_id == user_id).order_by(AuditEvent.id)
        )
    )


@pytest.fixture
def admin(session) -> User:  # type: ignore[no-untyped-def]
    user = create_user(session, Role.ADMIN, email="ada@example.org", name="Ada Admin")
    commit()
    return user


def test_an_administrator_sets_an_app_up_before_the_password_signs_them_in(  # type: ignore[no-untyped-def]
    app, client, session, admin
) -> None:
    response = password_step(client, admin.email, next_url="/admin/staff")
    assert response.status_code == 302
    assert response.headers["Location"] == CODE_PAGE
    # Nobody is signed in yet: the password alone opens nothing.
    assert not signed_in_to(client)
    assert client.get(CODE_PAGE).headers["Location"] == SET_UP_PAGE
    page = client.get(SET_UP_PAGE)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    key = re.search(r'id="set-up-key">([A-Z2-7 ]+)<', html)
    assert key is not None
    secret = key.group(1).replace(" ", "")
    assert len(secret) == 32
    assert f"otpauth://totp/Review%20service:ada%40example.org?secret={secret}" in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    # The same link as a QR code (an SVG data: URI, which the CSP allows), with a text
    # alternative that points to the key.
    link = re.search(r'id="set-up-link">([^<]+)<', html)
    qr = re.search(r'<img src="(data:image/svg\+xml;base64,[^"]+)"[^>]*alt="([^"]+)"', html)
    assert link is not None and qr is not None
    with app.test_request_context():
        assert qr.group(1) == two_factor.qr_code(link.group(1).replace("&amp;", "&"))
    assert b"<path" in base64.b64decode(qr.group(1).split(",", 1)[1])
    assert "enter the set-up key" in qr.group(2)
    # A wrong code: the error summary, and still nobody signed in.
    wrong = client.post(SET_UP_PAGE, {"code": "12345"})
    assert wrong.status_code == 200
    assert client.last_page is not None
    assert client.last_page.title.startswith("Error: ")
    assert "Enter the 6-digit code shown in your app" in client.last_page.text
    assert not signed_in_to(client)
    done = client.post(SET_UP_PAGE, {"code": now_code(secret)})
    assert done.status_code == 200
    codes = re.findall(r'<code class="app-token">([a-z0-9-]+)</code>', done.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", code) for code in codes)
    assert 'href="/admin/staff"' in done.get_data(as_text=True)  # then where they were going
    assert signed_in_to(client)
    assert actions(session, admin.id)[-2:] == ["two_factor_set_up", "sign_in"]


def test_a_signed_in_session_needs_the_second_factor_mark(app, admin) -> None:  # type: ignore[no-untyped-def]
    client = PageClient(app)
    client.sign_in_as(admin)  # a complete sign-in, as the test helpers give
    assert signed_in_to(client)
    with client.raw.session_transaction() as cookie:
        cookie[sessions.SECOND_FACTOR] = False  # as if only the password had been given
    assert not signed_in_to(client)


def test_the_code_from_the_app_signs_in_once(app, client, session, admin) -> None:  # type: ignore[no-untyped-def]
    secret, _codes = enrol(app, admin)
    assert password_step(client, admin.email).headers["Location"] == CODE_PAGE
    assert not signed_in_to(client)
    page = client.get(CODE_PAGE)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.get_data(as_text=True)
    client.post(CODE_PAGE, {"code": "000000" if now_code(secret) != "000000" else "111111"})
    assert client.last_page is not None
    assert "The security code is not right, or has expired" in client.last_page.text
    code = now_code(secret)
    response = client.post(CODE_PAGE, {"code": code[:3] + " " + code[3:]})  # spaces are fine
    assert response.status_code == 302
    assert signed_in_to(client)
    assert actions(session, admin.id)[-1] == "sign_in"
    # The same code again (a copy seen over the shoulder) is refused.
    again = PageClient(app)
    password_step(again, admin.email)
    again.post(CODE_PAGE, {"code": code})
    assert again.last_page is not None
    assert "That code has been used already" in again.last_page.text
    assert not signed_in_to(again)


def test_a_recovery_code_signs_in_once(app, client, session, admin) -> None:  # type: ignore[no-untyped-def]
    _secret, codes = enrol(app, admin)
    password_step(client, admin.email)
    assert client.get(RECOVERY_PAGE).status_code == 200
    response = client.post(RECOVERY_PAGE, {"code": codes[3].upper()})
    assert response.status_code == 302
    assert signed_in_to(client)
    assert "You have 9 recovery codes left" in (client.last_page.text if client.last_page else "")
    assert "recovery_code_used" in actions(session, admin.id)
    again = PageClient(app)
    password_step(again, admin.email)
    again.post(RECOVERY_PAGE, {"code": codes[3]})
    assert again.last_page is not None
    assert "That is not one of your recovery codes, or it has been used" in again.last_page.text
    assert not signed_in_to(again)


def test_secrets_are_encrypted_and_recovery_codes_hashed_at_rest(app, session, admin) -> None:  # type: ignore[no-untyped-def]
    secret, codes = enrol(app, admin)
    session.expire_all()
    factor = session.get(SecondFactor, admin.id)
    assert factor is not None and factor.confirmed_at is not None
    assert secret not in factor.secret_encrypted
    stored = set(session.scalars(select(RecoveryCode.code_hash)))
    assert len(stored) == 10
    for code in codes:
        assert hashlib.sha256(code.replace("-", "").encode()).hexdigest() in stored


def test_the_encryption_key_can_come_from_the_configuration(app, admin) -> None:  # type: ignore[no-untyped-def]
    keys = [base64.urlsafe_b64encode(os.urandom(32)).decode() for _ in range(2)]
    first = app_with(app, TOTP_ENCRYPTION_KEYS=(keys[0],))
    try:
        secret, _codes = enrol(first, admin)
        # Without the key the secret was encrypted with, no code is accepted.
        other = PageClient(app)  # its key is derived from SECRET_KEY
        password_step(other, admin.email)
        other.post(CODE_PAGE, {"code": now_code(secret)})
        assert other.last_page is not None
        assert "The security code is not right" in other.last_page.text
        assert not signed_in_to(other)
        # A new key put in front (rotation): the old one, second, still decrypts.
        rotated = app_with(app, TOTP_ENCRYPTION_KEYS=(keys[1], keys[0]))
        client = PageClient(rotated)
        password_step(client, admin.email)
        assert client.post(CODE_PAGE, {"code": now_code(secret)}).status_code == 302
        database(rotated).engine.dispose()
    finally:
        database(first).engine.dispose()


def app_with(app: Flask, **config: Any) -> Flask:
    from review_service import create_app

    other = create_app({**app.config, **config})
    other.test_client_class = app.test_client_class
    return other


def test_reviewers_and_caseworkers_need_a_code_where_their_authority_asks(  # type: ignore[no-untyped-def]
    app, session
) -> None:
    authority = create_authority(session)
    reviewer = create_user(session, Role.REVIEWER, authority=authority)
    caseworker = create_user(session, Role.CASEWORKER, authority=authority)
    commit()
    signed_in = PageClient(app)
    assert password_step(signed_in, caseworker.email).headers["Location"] == "/"
    assert signed_in_to(signed_in, "/staff")
    client = PageClient(app)
    assert password_step(client, reviewer.email).headers["Location"] == "/"
    authority.staff_two_factor_required = True
    commit()
    # A session begun without a code ends as soon as the authority asks for one.
    assert not signed_in_to(signed_in, "/staff")
    client.sign_out()
    assert password_step(client, reviewer.email).headers["Location"] == CODE_PAGE
    assert client.get(CODE_PAGE).headers["Location"] == SET_UP_PAGE


def test_someone_who_set_an_app_up_is_asked_for_it_even_when_not_required(  # type: ignore[no-untyped-def]
    app, client, session
) -> None:
    reviewer = create_user(session, Role.REVIEWER, authority=create_authority(session))
    commit()
    client.sign_in_as(reviewer)
    page = client.get("/account/security")
    assert page.status_code == 200 and "Not set up" in page.get_data(as_text=True)
    html = client.get(SET_UP_PAGE).get_data(as_text=True)
    key = re.search(r'id="set-up-key">([A-Z2-7 ]+)<', html)
    assert key is not None
    secret = key.group(1).replace(" ", "")
    assert client.post(SET_UP_PAGE, {"code": now_code(secret)}).status_code == 200
    assert signed_in_to(client, "/staff")  # this session goes on
    client.sign_out()
    assert password_step(client, reviewer.email).headers["Location"] == CODE_PAGE


def test_requesters_are_never_asked_and_cannot_set_one_up(client, session) -> None:  # type: ignore[no-untyped-def]
    requester = create_user(session, Role.REQUESTER)
    commit()
    assert password_step(client, requester.email).headers["Location"] == "/"
    assert client.get(SET_UP_PAGE).status_code == 404
    assert client.get("/account/security").status_code == 404


def test_a_password_reset_link_does_not_skip_the_second_factor(app, client, session, admin) -> None:  # type: ignore[no-untyped-def]
    from review_service.accounts.services import reset_token

    secret, _codes = enrol(app, admin)
    with app.app_context():
        token = reset_token(session.get(User, admin.id))
    response = client.post(f"/reset-password/{token}", {"password": "a brand new passphrase"})
    assert response.headers["Location"] == CODE_PAGE
    assert not signed_in_to(client)
    assert client.post(CODE_PAGE, {"code": now_code(secret)}).status_code == 302
    assert signed_in_to(client)


def test_the_code_step_expires_and_needs_the_password_first(  # type: ignore[no-untyped-def]
    app, client, admin, monkeypatch
) -> None:
    secret, _codes = enrol(app, admin)
    assert client.get(CODE_PAGE).headers["Location"] == "/sign-in"
    password_step(client, admin.email)
    token = client.csrf_token(CODE_PAGE)
    later = time.time() + sessions.PENDING_MAX_AGE + 1
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    response = client.post(CODE_PAGE, {"code": now_code(secret), "csrf_token": token})
    assert response.headers["Location"] == "/sign-in"
    assert not signed_in_to(client)


def test_an_administrator_resets_someone_elses_second_factor_audited(  # type: ignore[no-untyped-def]
    app, session, admin
) -> None:
    other = create_user(session, Role.ADMIN, email="bo@example.org", name="Bo Admin")
    caseworker = create_user(session, Role.CASEWORKER, authority=create_authority(session))
    commit()
    enrol(app, other)
    victim = PageClient(app)
    victim.sign_in_as(other)
    assert signed_in_to(victim)
    url = f"/admin/staff/{other.id}/second-factor/reset"
    staff = PageClient(app)
    staff.sign_in_as(caseworker)
    assert staff.post(url, {}, form_url="/account/tokens").status_code == 403
    client = PageClient(app)
    client.sign_in_as(admin)
    page = client.get(f"/admin/staff/{other.id}").get_data(as_text=True)
    assert "Reset sign-in security" in page
    assert client.post(url, {}, form_url=f"/admin/staff/{other.id}").status_code == 302
    session.expire_all()
    assert session.get(SecondFactor, other.id) is None
    assert not session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == other.id)).all()
    assert not signed_in_to(victim)  # every session of theirs has ended
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "two_factor_reset")).one()
    assert event.actor_id == admin.id and event.after == {"user_id": other.id, "two_factor": False}
    # Their next sign-in sets a new app up; the old app's codes open nothing.
    again = PageClient(app)
    password_step(again, other.email)
    assert again.get(CODE_PAGE).headers["Location"] == SET_UP_PAGE
    # Nobody resets their own.
    own = f"/admin/staff/{admin.id}/second-factor/reset"
    enrol(app, admin)
    client.sign_in_as(session.get(User, admin.id))
    client.post(own, {}, form_url=f"/admin/staff/{admin.id}")
    session.expire_all()
    assert session.get(SecondFactor, admin.id) is not None


def test_new_recovery_codes_replace_the_old_ones(app, client, session, admin) -> None:  # type: ignore[no-untyped-def]
    _secret, old = enrol(app, admin)
    client.sign_in_as(admin)
    assert "Recovery codes left" in client.get("/account/security").get_data(as_text=True)
    response = client.post("/account/security/recovery-codes", {}, form_url="/account/security")
    new = re.findall(
        r'<code class="app-token">([a-z0-9-]+)</code>', response.get_data(as_text=True)
    )
    assert len(new) == 10 and not set(new) & set(old)
    assert "recovery_codes_replaced" in actions(session, admin.id)
    fresh = PageClient(app)
    password_step(fresh, admin.email)
    fresh.post(RECOVERY_PAGE, {"code": old[0]})
    assert not signed_in_to(fresh)
    fresh.post(RECOVERY_PAGE, {"code": new[0]})
    assert signed_in_to(fresh)


def test_api_tokens_are_unaffected(app, session, admin) -> None:  # type: ignore[no-untyped-def]
    from review_service.accounts.services import create_api_token

    _token, secret = create_api_token(session, session.get(User, admin.id), "script")
    commit()
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200


def test_the_deployment_can_turn_the_requirement_off(app, admin) -> None:  # type: ignore[no-untyped-def]
    sso = app_with(app, REQUIRE_TWO_FACTOR=False)
    try:
        client = PageClient(sso)
        assert password_step(client, admin.email).headers["Location"] == "/"
        assert signed_in_to(client)
    finally:
        database(sso).engine.dispose()


def test_the_requirement_is_on_unless_the_environment_turns_it_off() -> None:
    assert load_config({})["REQUIRE_TWO_FACTOR"] is True
    assert load_config({"REQUIRE_TWO_FACTOR": "false"})["REQUIRE_TWO_FACTOR"] is False
    with pytest.raises(ConfigError, match="REQUIRE_TWO_FACTOR must be true or false"):
        load_config({"REQUIRE_TWO_FACTOR": "maybe"})
    with pytest.raises(ConfigError, match="TOTP_ENCRYPTION_KEY must be Fernet keys"):
        load_config({"TOTP_ENCRYPTION_KEY": "not-a-key"})


@pytest.fixture
def limited(database_url, redis_url, redis_prefix) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    app = limited_app(database_url, redis_url, redis_prefix)
    yield app
    database(app).engine.dispose()


def test_the_code_step_is_rate_limited_per_account(limited) -> None:  # type: ignore[no-untyped-def]
    with limited.app_context():
        from review_service.extensions import db_session

        admin = create_user(db_session(), Role.ADMIN, email="lim@example.org")
        commit()
        enrol(limited, admin)
    statuses = []
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        client = PageClient(limited)
        client.raw.environ_base["REMOTE_ADDR"] = address
        password_step(client, "lim@example.org")
        token = client.csrf_token(CODE_PAGE)
        for _ in range(2):
            response = client.raw.post(CODE_PAGE, data={"code": "000000", "csrf_token": token})
            statuses.append(response.status_code)
    # Five tries a minute per account, whichever machines they come from.
    assert statuses == [200] * 5 + [429]


def test_the_command_line_resets_a_second_factor(app, session, admin) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from review_service.cli import main

    enrol(app, admin)
    signed_in = PageClient(app)
    signed_in.sign_in_as(admin)
    runner = CliRunner(
        env={
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SECRET_KEY": app.config["SECRET_KEY"],
            "REVIEW_SERVICE_ENV": "test",
        }
    )
    result = runner.invoke(main, ["reset-two-factor", "--email", admin.email])
    assert result.exit_code == 0, result.output
    session.expire_all()
    assert session.get(SecondFactor, admin.id) is None
    assert not signed_in_to(signed_in)
    again = runner.invoke(main, ["reset-two-factor", "--email", admin.email])
    assert again.exit_code == 2 and "has no authenticator app set up" in again.output


def test_an_administrator_asks_an_authoritys_staff_for_a_second_factor(  # type: ignore[no-untyped-def]
    client, session, admin
) -> None:
    from tests.html_forms import form_posting_to

    authority = create_authority(session)
    commit()
    client.sign_in_as(admin)
    url = f"/admin/authorities/{authority.id}"
    form = form_posting_to(client.get(url).get_data(as_text=True), url)
    assert form is not None
    data = form.data()
    assert "staff_two_factor_required" not in data  # off by default
    data["staff_two_factor_required"] = "y"
    assert client.post(url, data).status_code == 302
    session.expire_all()
    assert authority.staff_two_factor_required is True
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "update_authority")).one()
    assert event.after == {"authority_id": authority.id, "staff_two_factor_required": True}
