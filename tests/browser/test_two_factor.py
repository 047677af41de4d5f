"""The second factor's pages in a browser: setting an app up at the first sign-in, the code at
the next, a recovery code, the error states and the "Sign-in security" page all pass the page
checks (one h1 matching the title, no refused scripts or styles, axe-core)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from tests.browser.helpers import (
    PASSWORD,
    Data,
    expect_validation_error,
    follow,
    sign_in,
    submit,
    visit,
)

ADMIN = "sam.second@example.org"


def test_an_administrator_sets_an_app_up_then_signs_in_with_codes(
    new_page: Callable[[], Page], data: Data
) -> None:
    data.user("admin", email_address=ADMIN, name="Sam Second")
    first = new_page()
    sign_in(first, ADMIN)  # the password, setting the app up, the recovery codes
    visit(first, "/account/security")
    assert "Set up on" in first.locator("main").inner_text()
    submit(first, "Make new recovery codes")
    codes = first.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10

    later = new_page()
    visit(later, "/sign-in")
    later.get_by_label("E-mail address").fill(ADMIN)
    later.get_by_label("Password", exact=True).fill(PASSWORD)
    submit(later, "Sign in")
    assert later.get_by_label("Security code").get_attribute("autocomplete") == "one-time-code"
    assert "Enter the 6-digit security code" in expect_validation_error(later)
    follow(later, "Use a recovery code instead")
    assert "Enter one of your recovery codes" in expect_validation_error(later)
    later.get_by_label("Recovery code").fill(codes[0])
    submit(later, "Continue")
    assert "You have 9 recovery codes left" in later.locator("main").inner_text()
    visit(later, "/admin")
