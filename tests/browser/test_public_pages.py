"""The pages anyone can see pass the page checks (one h1 matching the title, axe-core)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import (
    error_messages,
    expect_validation_error,
    submit,
    visit,
)


@pytest.mark.parametrize("path", ["/", "/sign-in", "/register", "/accessibility", "/privacy"])
def test_public_page_is_accessible(page: Page, path: str) -> None:
    visit(page, path)


def test_unknown_page_is_a_checked_404(page: Page) -> None:
    visit(page, "/no-such-page", status=404)


def test_sign_in_with_nothing_entered_shows_errors(page: Page) -> None:
    visit(page, "/sign-in")
    messages = expect_validation_error(page, "Sign in")
    assert "Enter your e-mail address" in messages
    assert "Enter your password" in messages


def test_sign_in_with_a_wrong_password_says_so_without_naming_the_field(page: Page) -> None:
    visit(page, "/sign-in")
    page.get_by_label("E-mail address").fill("nobody@example.org")
    page.get_by_label("Password", exact=True).fill("not the password at all")
    submit(page, "Sign in")
    assert error_messages(page) == ["Enter a correct e-mail address and password"]


def test_register_with_a_short_password_shows_the_rule(page: Page) -> None:
    visit(page, "/register")
    page.get_by_label("Full name").fill("Short Password")
    page.get_by_label("E-mail address").fill("short@example.org")
    page.get_by_label("Create a password").fill("too short")
    messages = expect_validation_error(page, "Create account")
    assert messages == ["Password must be 12 characters or more"]
