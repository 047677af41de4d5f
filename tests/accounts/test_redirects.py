"""``next=`` only ever leads to a path on this site (issue 9, finding 4).

Browsers drop tabs and line breaks from URLs and read a backslash as a slash, so
``/\t/evil.example`` and ``/\\evil.example`` are both ``//evil.example``: another site."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from review_service.accounts.models import Role
from review_service.extensions import commit
from review_service.web.redirects import safe_next
from tests.factories import PASSWORD, create_user

HOSTILE = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example",
    "HTTPS://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    " //evil.example",
    "/%09/evil.example",
    "/%5Cevil.example",
    "/%2F/evil.example",
    "",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_safe_next_refuses_anything_but_a_single_slash_path(target: str) -> None:
    assert safe_next(target) is None


@pytest.mark.parametrize(
    "target", ["/", "/complaints/new", "/staff?reviewer=3&page=2", "/complaints/IR-2026-00001#x"]
)
def test_safe_next_keeps_paths_on_this_site(target: str) -> None:
    assert safe_next(target) == target


def _where_a_browser_goes(location: str) -> str:
    return location.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_in_never_redirects_off_the_site(client, session, target: str) -> None:  # type: ignore[no-untyped-def]
    create_user(session, Role.REQUESTER, email="sam@example.org")
    commit()
    url = "/sign-in?next=" + quote(target, safe="")
    response = client.post(
        url, {"email": "sam@example.org", "password": PASSWORD}, form_url="/sign-in"
    )
    assert response.status_code == 302
    location = _where_a_browser_goes(response.headers["Location"])
    assert location == "/", response.headers["Location"]


@pytest.mark.parametrize(
    ("query", "location"),
    [("%2F%09%2Fevil.example", "/"), ("%2Fcomplaints%2Fnew", "/complaints/new")],
)
def test_the_reported_payload_goes_home_and_a_real_path_is_followed(
    client, session, query: str, location: str
) -> None:  # type: ignore[no-untyped-def]
    create_user(session, Role.REQUESTER, email="sam@example.org")
    commit()
    response = client.post(
        "/sign-in?next=" + query,
        {"email": "sam@example.org", "password": PASSWORD},
        form_url="/sign-in",
    )
    assert response.headers["Location"] == location


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\\evil.example", "//evil.example"])
def test_register_never_redirects_off_the_site(client, session, target: str) -> None:  # type: ignore[no-untyped-def]
    from tests.accounts.test_account_claims import link_in, mails_to

    response = client.post(
        "/register?next=" + quote(target, safe=""),
        {"name": "Sam", "email": "sam@example.org", "password": PASSWORD},
        form_url="/register",
    )
    assert response.status_code == 200  # the "check your e-mail" page, not a redirect
    confirm = link_in(mails_to(session, "sam@example.org")[-1].body, "/confirm/")
    assert "evil" not in confirm
    after = client.get(confirm).get_data(as_text=True)
    assert 'href="/sign-in"' in after and "evil" not in after


def test_register_carries_a_path_on_this_site_through_confirmation(client, session) -> None:  # type: ignore[no-untyped-def]
    from tests.accounts.test_account_claims import link_in, mails_to

    client.post(
        "/register?next=%2Fcomplaints%2Fnew",
        {"name": "Sam", "email": "sam@example.org", "password": PASSWORD},
        form_url="/register",
    )
    confirm = link_in(mails_to(session, "sam@example.org")[-1].body, "/confirm/")
    after = client.get(confirm).get_data(as_text=True)
    assert 'href="/sign-in?next=/complaints/new"' in after


def test_pages_link_on_only_a_safe_next(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/sign-in?next=%2F%09%2Fevil.example").get_data(as_text=True)
    assert "evil.example" not in page
    page = client.get("/register?next=%2F%5Cevil.example").get_data(as_text=True)
    assert "evil.example" not in page
