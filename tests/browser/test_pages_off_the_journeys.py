"""Pages the other browser tests never reach, through the same page checks (one h1 matching the
title, axe-core with no serious or critical violation, no sideways scrolling at 320 px; issue
12 item 6 and its acceptance): resetting a forgotten password by its e-mailed link, and
deleting the answers of a complaint not yet sent."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, Team
from tests.browser.helpers import (
    Data,
    Mailbox,
    choose_authority,
    expect_validation_error,
    follow,
    signed_in,
    submit,
    visit,
)


def test_a_forgotten_password_is_reset_by_the_emailed_link(
    new_page: Callable[[], Page], mailbox: Mailbox, data: Data, live_server: LiveServer
) -> None:
    requester = data.requester("katherine.johnson@example.org", "Katherine Johnson")
    page = new_page()
    visit(page, "/sign-in")
    follow(page, "I have forgotten my password")
    assert expect_validation_error(page, "Send me a reset link") == ["Enter your e-mail address"]
    page.get_by_label("E-mail address").fill(requester)
    submit(page, "Send me a reset link")
    expect(page.locator("h1")).to_have_text("Check your e-mail")

    link = mailbox.wait_for(requester, "Reset your password").link("/reset-password/")
    assert link.startswith(f"{live_server.url}/reset-password/"), link
    visit(page, link)
    expect(page.locator("h1")).to_have_text("Choose a new password")
    page.get_by_label("New password").fill("short")
    assert any("12 characters" in m for m in expect_validation_error(page, "Change password"))
    page.get_by_label("New password").fill("a much longer passphrase 2026")
    submit(page, "Change password")
    assert "/reset-password/" not in page.url, page.url

    again = signed_in(new_page, requester, "a much longer passphrase 2026")
    visit(again, "/complaints")


def test_a_requester_deletes_the_answers_of_a_complaint_not_sent(
    new_page: Callable[[], Page], police: Team, data: Data
) -> None:
    requester = data.requester("mae.jemison@example.org", "Mae Jemison")
    page = signed_in(new_page, requester)
    choose_authority(page, police.authority)
    visit(page, "/complaints")
    follow(page, "delete your answers")
    expect(page.locator(".govuk-warning-text")).to_contain_text("You cannot undo this.")
    submit(page, "Delete my answers")
    expect(page.locator("main")).not_to_contain_text("Continue your complaint")
