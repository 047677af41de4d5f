"""Response headers (issue 9): a Content-Security-Policy with a per-request nonce and no
'unsafe-inline', HSTS over HTTPS only (behind trusted proxies as they report it), and
Cache-Control: no-store on everything but the static assets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from review_service.accounts.models import Role
from review_service.extensions import commit
from tests.factories import create_authority, create_case, create_user

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATIC_ASSET = "/static/govuk/govuk-frontend.min.js"


def policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def script_nonces(html: str) -> list[str | None]:
    """The nonce of each <script> element on the page (None: it has none)."""
    nonces = []
    for tag in re.findall(r"<script\b[^>]*>", html):
        found = re.search(r'\bnonce="([^"]+)"', tag)
        nonces.append(found.group(1) if found else None)
    return nonces


def other_app(app: Flask, **config: object) -> Flask:
    from review_service import create_app

    return create_app({**app.config, **config})


def test_pages_allow_only_their_own_scripts_and_styles(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/")
    directives = policy(response)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert directives["default-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    [nonce_source] = [v for v in directives["script-src"] if v.startswith("'nonce-")]
    assert directives["script-src"] == ["'self'", nonce_source]
    # GOV.UK Frontend's js-enabled snippet and the module that starts the components both
    # carry this response's nonce: without it the browser would refuse to run them.
    nonces = script_nonces(response.get_data(as_text=True))
    assert len(nonces) == 2
    assert {f"'nonce-{n}'" for n in nonces} == {nonce_source}


def test_each_response_gets_a_new_nonce(client) -> None:  # type: ignore[no-untyped-def]
    seen = {policy(client.get("/"))["script-src"][1] for _ in range(3)}
    assert len(seen) == 3
    assert all(len(source) >= len("'nonce-'") + 24 for source in seen)


def test_signed_in_staff_pages_and_error_pages_carry_the_nonce_on_every_script(  # type: ignore[no-untyped-def]
    client, session
) -> None:
    authority = create_authority(session)
    caseworker = create_user(session, Role.CASEWORKER, authority=authority)
    case = create_case(session, authority=authority)
    commit()
    client.sign_in_as(caseworker)
    for url, status in [
        ("/staff", 200),
        (f"/staff/cases/{case.reference}", 200),
        ("/no-such-page", 404),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        nonce_source = policy(response)["script-src"][1]
        nonces = script_nonces(response.get_data(as_text=True))
        assert nonces and all(f"'nonce-{n}'" == nonce_source for n in nonces), url


def test_no_template_has_inline_styles_event_handlers_or_scripts_without_the_nonce() -> None:
    # What the policy would block in a browser, found before anyone opens the page.
    problems = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text()
        name = template.relative_to(TEMPLATES)
        if re.search(r"<style\b|\sstyle=", text):
            problems.append(f"{name}: inline style")
        if re.search(r"\son[a-z]+=|javascript:", text):
            problems.append(f"{name}: inline event handler or javascript: link")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "cspNonce" not in tag and "src=" not in tag:
                problems.append(f"{name}: {tag} has no nonce")
    assert not problems


def test_strict_transport_security_is_sent_over_https_only(app) -> None:  # type: ignore[no-untyped-def]
    plain = app.test_client().get("/")
    assert "Strict-Transport-Security" not in plain.headers
    secure = app.test_client().get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_a_client_cannot_claim_https_without_a_trusted_proxy(app) -> None:  # type: ignore[no-untyped-def]
    response = app.test_client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


@pytest.fixture
def behind_one_proxy(app):  # type: ignore[no-untyped-def]
    from review_service.extensions import database

    proxied = other_app(app, TRUSTED_PROXIES=1)
    yield proxied
    database(proxied).engine.dispose()


def test_behind_a_trusted_proxy_its_scheme_decides_hsts(behind_one_proxy) -> None:  # type: ignore[no-untyped-def]
    client = behind_one_proxy.test_client()
    https = client.get("/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.1"})
    assert https.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    http = client.get("/", headers={"X-Forwarded-Proto": "http", "X-Forwarded-For": "192.0.2.1"})
    assert "Strict-Transport-Security" not in http.headers


def test_nothing_but_static_assets_may_be_stored_by_a_cache(client, session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    requester = create_user(session, Role.REQUESTER)
    case = create_case(session, authority=authority, requester=requester)
    commit()
    # Public pages too: the sign-in and registration forms echo the address typed.
    for url in ("/", "/sign-in", "/register", "/forgot-password"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url
    client.sign_in_as(requester)
    for url in (f"/complaints/{case.reference}", "/complaints", "/account/tokens", "/"):
        response = client.get(url)
        assert response.status_code in (200, 302), url  # home sends them to their cases
        assert response.headers["Cache-Control"] == "no-store", url
    asset = client.raw.get(STATIC_ASSET)
    asset.close()
    assert asset.status_code == 200
    assert "no-store" not in asset.headers.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/complaints//new", "/complaints/new"),
        ("/static//css/x.css?v=1", "/static/css/x.css?v=1"),
    ],
)
def test_a_redirect_to_a_tidied_address_never_names_the_request_host(
    app: Flask, path: str, target: str
) -> None:
    """Found by a live probe of a production server (sec18): werkzeug's redirect from an
    address with doubled slashes was absolute, built from the request's Host, so 'Host:
    evil.example' answered 'Location: http://evil.example/...'. A redirect on this site
    names a path only (the test app's SERVER_NAME left unset, as in production)."""
    client = other_app(app, SERVER_NAME=None).test_client()
    response = client.get(path, environ_overrides={"HTTP_HOST": "evil.example"})
    assert response.status_code == 308
    assert response.headers["Location"] == target
    assert "evil.example" not in response.get_data(as_text=True)
