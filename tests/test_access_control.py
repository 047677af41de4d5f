"""Deny by default: every route declares who may use it."""

from __future__ import annotations

from review_service.web.access import PUBLIC, access_of

# Pages anyone may see. Anything else needs a signed-in user with a named role.
PUBLIC_ENDPOINTS_ALLOWED = {
    "public.home",
    "public.accessibility",
    "public.privacy",
    "public.healthz",
    "accounts.sign_in",
    "accounts.register",
    "accounts.confirm",
    "accounts.forgot_password",
    "accounts.reset_password",
    # A new confirmation link: the same page for every address (no enumeration), rate-limited.
    "mail.confirmation_again",
    # The second-factor steps come after a right password but before anyone is signed in;
    # each refuses a visitor without that pending sign-in (tests/accounts/test_two_factor.py).
    "two_factor.code",
    "two_factor.set_up",
    "two_factor.recovery",
}
PUBLIC_API_ALLOWED = {"api.deadlines", "api.parse_notice", "api.openapi_document"}


def test_every_route_declares_an_access_rule(app) -> None:  # type: ignore[no-untyped-def]
    undeclared = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and access_of(app.view_functions[rule.endpoint]) is None
    ]
    assert undeclared == []


def test_only_the_listed_routes_are_public(app) -> None:  # type: ignore[no-untyped-def]
    public = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and access_of(app.view_functions[rule.endpoint]) == PUBLIC
    }
    assert public <= PUBLIC_ENDPOINTS_ALLOWED | PUBLIC_API_ALLOWED


def test_a_view_without_a_rule_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    @app.get("/undeclared-for-test")
    def undeclared():  # type: ignore[no-untyped-def]
        return "should never be served"

    response = app.test_client().get("/undeclared-for-test")
    assert response.status_code == 404


def test_signed_out_users_are_sent_to_sign_in_for_protected_pages(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/account/tokens")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]
