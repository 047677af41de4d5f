"""Sessions end on the server (issue 9, finding 6): a cookie captured before signing out, a
password reset, a role change or a deactivation no longer signs anyone in — in this process,
in another process, or in another instance of the service on the same database."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select

from review_service.accounts.models import Role, User
from review_service.extensions import commit
from review_service.mail.models import OutboxMessage
from tests.factories import PASSWORD, create_authority, create_staff, create_user
from tests.pages import PageClient

PROTECTED = "/account/tokens"  # any signed-in user may see it


def sign_in_by_form(client: PageClient, email: str, password: str = PASSWORD) -> str:
    response = client.post("/sign-in", {"email": email, "password": password})
    assert response.status_code == 302, client.last_page and client.last_page.text
    cookie = client.raw.get_cookie("session")
    assert cookie is not None
    return cookie.value


def works(app: Flask, cookie: str) -> bool:
    """Whether a browser holding only this cookie is signed in (a fresh client each time)."""
    other = app.test_client()
    other.set_cookie("session", cookie, domain="localhost")
    return other.get(PROTECTED).status_code == 200


def second_instance(app: Flask) -> Flask:
    """Another instance of the service: its own process state, the same database and key."""
    from review_service import create_app

    return create_app({**app.config})


@pytest.fixture
def requester(session):  # type: ignore[no-untyped-def]
    user = create_user(session, Role.REQUESTER, email="sam@example.org")
    commit()
    return user


def test_a_cookie_captured_before_signing_out_is_refused_after(app, client, requester) -> None:  # type: ignore[no-untyped-def]
    cookie = sign_in_by_form(client, requester.email)
    assert works(app, cookie)
    client.post("/sign-out", {}, form_url=PROTECTED)
    assert not works(app, cookie)
    other = second_instance(app)
    try:
        assert not works(other, cookie)
    finally:
        from review_service.extensions import database

        database(other).engine.dispose()


def test_signing_out_in_one_instance_ends_the_session_in_another(app, requester) -> None:  # type: ignore[no-untyped-def]
    from review_service.extensions import database

    other = second_instance(app)
    try:
        first = PageClient(app)
        cookie = sign_in_by_form(first, requester.email)
        assert works(other, cookie)
        second = PageClient(other)
        second.raw.set_cookie("session", cookie, domain="localhost")
        assert second.post("/sign-out", {}, form_url=PROTECTED).status_code == 302
        assert not works(app, cookie)
    finally:
        database(other).engine.dispose()


def test_signing_out_ends_only_that_session(app, requester) -> None:  # type: ignore[no-untyped-def]
    laptop, phone = PageClient(app), PageClient(app)
    laptop_cookie = sign_in_by_form(laptop, requester.email)
    phone_cookie = sign_in_by_form(phone, requester.email)
    laptop.post("/sign-out", {}, form_url=PROTECTED)
    assert not works(app, laptop_cookie)
    assert works(app, phone_cookie)


def test_a_session_from_before_a_password_reset_is_refused_after(
    app, client, session, requester
) -> None:  # type: ignore[no-untyped-def]
    stolen = sign_in_by_form(client, requester.email)
    owner = PageClient(app)
    owner.post("/forgot-password", {"email": requester.email})
    session.expire_all()
    body = session.scalars(
        select(OutboxMessage.body).where(OutboxMessage.to_address == requester.email)
    ).all()[-1]
    link = re.search(r"http://localhost(/reset-password/\S+)", body).group(1)
    assert owner.post(link, {"password": "a brand new passphrase"}).status_code == 302
    assert not works(app, stolen)
    assert owner.raw.get(PROTECTED).status_code == 200  # the person who reset is signed in


def test_a_password_reset_from_the_command_line_ends_sessions(app, client, requester) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from review_service.cli import main

    cookie = sign_in_by_form(client, requester.email)
    runner = CliRunner(
        env={"DATABASE_URL": app.config["DATABASE_URL"], "REVIEW_SERVICE_ENV": "test"}
    )
    result = runner.invoke(main, ["reset-password", "--email", requester.email])
    assert result.exit_code == 0, result.output
    assert not works(app, cookie)


@pytest.fixture
def staff(session):  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    people = create_staff(session, authority)
    commit()
    return people


def _admin_client(app: Flask, admin: User) -> PageClient:
    admin_client = PageClient(app)
    admin_client.sign_in_as(admin)
    return admin_client


def test_a_session_from_before_a_role_change_is_refused_after(app, client, staff) -> None:  # type: ignore[no-untyped-def]
    reviewer = staff["other_reviewer"]
    cookie = sign_in_by_form(client, reviewer.email)
    assert works(app, cookie)
    admin = _admin_client(app, staff["admin"])
    changed = admin.post(
        f"/admin/staff/{reviewer.id}/role",
        {"role": "caseworker"},
        form_url=f"/admin/staff/{reviewer.id}",
    )
    assert changed.status_code == 302
    assert not works(app, cookie)


def test_a_session_from_before_deactivation_is_refused_even_after_reactivation(
    app, client, staff
) -> None:  # type: ignore[no-untyped-def]
    caseworker = staff["caseworker"]
    cookie = sign_in_by_form(client, caseworker.email)
    admin = _admin_client(app, staff["admin"])
    url = f"/admin/staff/{caseworker.id}/active"
    form_url = f"/admin/staff/{caseworker.id}"
    assert admin.post(url, {"active": "no"}, form_url=form_url).status_code == 302
    assert not works(app, cookie)
    assert admin.post(url, {"active": "yes"}, form_url=form_url).status_code == 302
    assert not works(app, cookie)


def test_signing_in_starts_a_new_session_with_a_new_csrf_token(app, client, requester) -> None:  # type: ignore[no-untyped-def]
    client.get("/sign-in")
    with client.raw.session_transaction() as before:
        before["planted"] = "left by whoever used this browser before"
        token_before = before.get("csrf_token")
    assert token_before
    sign_in_by_form(client, requester.email)
    with client.raw.session_transaction() as after:
        assert "planted" not in after
        assert after.get("csrf_token") != token_before


def test_a_session_older_than_the_maximum_age_is_refused(app, client, requester) -> None:  # type: ignore[no-untyped-def]
    cookie = sign_in_by_form(client, requester.email)
    assert works(app, cookie)
    with client.raw.session_transaction() as flask_session:
        flask_session["_started"] -= app.config["SESSION_MAX_AGE"] + 1
    assert client.raw.get(PROTECTED).status_code == 302
