"""Every e-mail address is checked where it enters (issue 9, finding 2): one address, no
line breaks, no commas, no display name. An address with CR/LF once reached the outbox and
stopped all e-mail; now each entry point refuses it with a clear message and stores nothing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from review_service.accounts.email_addresses import (
    FORMAT_MESSAGE,
    NO_NAME_MESSAGE,
    ONE_ADDRESS_MESSAGE,
    InvalidEmailAddress,
    normalise_email_address,
)
from review_service.accounts.models import Authority, User
from review_service.cli import main
from review_service.extensions import commit
from review_service.mail.models import OutboxMessage
from tests.api.conftest import ApiClient, Cast, complaint_body
from tests.api.conftest import cast as cast  # noqa: F401 - the fixture
from tests.factories import create_authority, create_staff
from tests.staff import sign_in

INJECTION = "a@example.org\r\nbcc:x@evil.example"

BAD = [
    (INJECTION, FORMAT_MESSAGE),
    ("a@example.org\nbcc:x@evil.example", FORMAT_MESSAGE),
    ("a@example.org\tx", FORMAT_MESSAGE),
    ("a@example.org, b@example.org", ONE_ADDRESS_MESSAGE),
    ("a@example.org;b@example.org", ONE_ADDRESS_MESSAGE),
    ("a@b@example.org", ONE_ADDRESS_MESSAGE),
    ("Ann <a@example.org>", NO_NAME_MESSAGE),
    ("<a@example.org>", NO_NAME_MESSAGE),
    ('"a,b"@example.org', ONE_ADDRESS_MESSAGE),
    ('"a b"@example.org', FORMAT_MESSAGE),
    ("a b@example.org", FORMAT_MESSAGE),
    ("a@nowhere", FORMAT_MESSAGE),
    ("a@[127.0.0.1]", FORMAT_MESSAGE),
    ("a@example.test", FORMAT_MESSAGE),
    ("ünï@example.org", FORMAT_MESSAGE),
    ("a\u200b@example.org", FORMAT_MESSAGE),
    ("a@example.org\x00", FORMAT_MESSAGE),
    ("x" * 250 + "@example.org", "E-mail address must be 254 characters or fewer"),
]


@pytest.mark.parametrize(("raw", "message"), BAD)
def test_the_central_check_refuses_anything_but_one_bare_address(raw: str, message: str) -> None:
    with pytest.raises(InvalidEmailAddress) as refused:
        normalise_email_address(raw)
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("Ada@Example.ORG", "ada@example.org"),
        ("  ada.lovelace+ir@example.org ", "ada.lovelace+ir@example.org"),
        ("a@exämple.org", "a@xn--exmple-cua.org"),
        ("o'brien@example.co.uk", "o'brien@example.co.uk"),
    ],
)
def test_the_central_check_normalises_good_addresses(raw: str, stored: str) -> None:
    assert normalise_email_address(raw) == stored


def nothing_stored(session) -> None:  # type: ignore[no-untyped-def]
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert session.scalar(select(User).where(User.email.like("%evil%"))) is None


def refused(client, session, response, status: int = 200) -> None:  # type: ignore[no-untyped-def]
    """The page refuses the address with the format message, and nothing is stored or sent."""
    assert response.status_code == status
    assert FORMAT_MESSAGE in client.last_page.text
    nothing_stored(session)


def test_registration_refuses_an_address_with_a_line_break(client, session) -> None:  # type: ignore[no-untyped-def]
    # The test client URL-encodes the form: the body carries a%40example.org%0D%0Abcc...
    response = client.post(
        "/register", {"name": "Eve", "email": INJECTION, "password": "a long enough passphrase"}
    )
    assert client.last_page.title.startswith("Error: ")
    refused(client, session, response)


def test_registration_refuses_a_raw_url_encoded_line_break(client, session) -> None:  # type: ignore[no-untyped-def]
    token = client.csrf_token("/register")
    body = (
        "name=Eve&password=a+long+enough+passphrase&csrf_token="
        + token
        + "&email=a%40example.org%0D%0Abcc%3Ax%40evil.example"
    )
    response = client.raw.post(
        "/register", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert FORMAT_MESSAGE in response.get_data(as_text=True)
    nothing_stored(session)


def test_sign_in_refuses_a_malformed_address_plainly(client, session) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/sign-in", {"email": INJECTION, "password": "whatever it is"})
    refused(client, session, response)


def test_forgot_password_refuses_a_malformed_address(client, session) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/forgot-password", {"email": INJECTION})
    assert client.last_page.h1 == ["Reset your password"]
    refused(client, session, response)


def test_the_api_refuses_a_requester_address_with_a_line_break(app, session, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    api = ApiClient(app)
    body = complaint_body(cast, requester_email=INJECTION, requester_name="Eve")
    response = api.post("/api/v1/cases", cast.token("caseworker"), json=body)
    assert response.status_code == 422, response.json
    errors = {e["field"]: e["message"] for e in response.json["errors"]}
    assert errors == {"requester_email": FORMAT_MESSAGE}
    nothing_stored(session)


def test_the_api_refuses_two_requester_addresses(app, session, cast: Cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    api = ApiClient(app)
    body = complaint_body(
        cast, requester_email="a@example.org, b@example.org", requester_name="Eve"
    )
    response = api.post("/api/v1/cases", cast.token("caseworker"), json=body)
    assert response.status_code == 422
    assert response.json["errors"][0]["message"] == ONE_ADDRESS_MESSAGE


@pytest.fixture
def staff(session):  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    people = create_staff(session, authority)
    commit()
    return authority, people


def admin_posts(client, staff, url: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    """The ``staff`` fixture's administrator signs in and posts ``data`` to ``url``."""
    _, people = staff
    sign_in(client, people["admin"])
    return client.post(url, data)


def test_staff_entering_a_complaint_cannot_give_a_bad_requester_address(
    client, session, staff
) -> None:  # type: ignore[no-untyped-def]
    from tests.staff.test_triage import complaint_form

    authority, people = staff
    sign_in(client, people["caseworker"])
    response = client.post(
        "/staff/complaints/new", complaint_form(authority.id, requester_email=INJECTION)
    )
    refused(client, session, response, 400)


def test_admin_cannot_create_staff_with_a_bad_address(client, session, staff) -> None:  # type: ignore[no-untyped-def]
    authority, _ = staff
    data = {"name": "Eve", "email": INJECTION, "role": "reviewer", "authority": str(authority.id)}
    refused(client, session, admin_posts(client, staff, "/admin/staff/new", data), 400)


def test_admin_cannot_give_an_authority_a_bad_address(client, session, staff) -> None:  # type: ignore[no-untyped-def]
    data = {
        "name": "Evilshire Council",
        "regime": "foia",
        "email": "foi@evilshire.example, x@evil.example",
        "signatory_title": "Reviewing officer",
        "review_request_window_working_days": "40",
        "retention_months": "72",
    }
    response = admin_posts(client, staff, "/admin/authorities/new", data)
    assert response.status_code == 400
    assert ONE_ADDRESS_MESSAGE in client.last_page.text
    assert session.scalar(select(Authority).where(Authority.name == "Evilshire Council")) is None


def test_the_command_line_refuses_a_bad_address(app, session) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner(
        env={"DATABASE_URL": app.config["DATABASE_URL"], "REVIEW_SERVICE_ENV": "test"}
    )
    made = runner.invoke(main, ["create-user", "--role", "reviewer", "--email", INJECTION])
    assert made.exit_code == 2
    assert FORMAT_MESSAGE in made.output
    for command in (
        ["reset-password", "--email", INJECTION],
        ["token", "create", "--email", INJECTION],
    ):
        result = runner.invoke(main, command)
        assert result.exit_code == 2, result.output
        assert FORMAT_MESSAGE in result.output
    good = runner.invoke(main, ["create-user", "--role", "reviewer", "--email", "R@Example.ORG"])
    assert good.exit_code == 0, good.output
    session.expire_all()
    assert session.scalar(select(User.role).where(User.email == "r@example.org")) == "reviewer"
    nothing_stored(session)


def test_every_demo_address_passes_the_check() -> None:
    from review_service.demo import DEMO_ACCOUNTS

    for _role, address, _name in DEMO_ACCOUNTS:
        assert normalise_email_address(address) == address
