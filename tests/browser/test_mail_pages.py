"""The e-mail pages in a browser against the real server and its outbox worker: a requester
asks for a new confirmation link, and an administrator sends a failed e-mail again. Every page
passes the page checks (one h1 matching the title, axe-core)."""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    MAIL_TIMEOUT,
    PASSWORD,
    Data,
    Mailbox,
    expect_validation_error,
    follow,
    navigate,
    sign_in,
    submit,
    visit,
)


def test_a_requester_asks_for_a_new_confirmation_link(page: Page, mailbox: Mailbox) -> None:
    email_address = "marta.again@example.org"
    visit(page, "/register")
    page.get_by_label("Full name").fill("Marta Again")
    page.get_by_label("E-mail address").fill(email_address)
    page.get_by_label("Create a password").fill(PASSWORD)
    submit(page, "Create account")
    expect(page.locator("h1")).to_have_text("Check your e-mail")
    first = mailbox.wait_for(email_address, "Confirm your e-mail address")

    follow(page, "get a new confirmation link")
    expect_validation_error(page, "Send me a new link", status=400)
    page.get_by_label("E-mail address").fill(email_address)
    submit(page, "Send me a new link")
    expect(page.locator("h1")).to_have_text("Check your e-mail")

    give_up = time.monotonic() + MAIL_TIMEOUT
    while len(mailbox.find(email_address, "Confirm your e-mail address")) < 2:
        assert time.monotonic() < give_up, "the new confirmation e-mail did not arrive"
        time.sleep(0.5)
    second = mailbox.find(email_address, "Confirm your e-mail address")[1]
    assert second.message["Message-ID"] != first.message["Message-ID"]
    visit(page, second.link("/confirm/"))
    expect(page.locator("h1")).to_contain_text("confirmed")


def test_an_administrator_sends_a_failed_email_again(
    page: Page, mailbox: Mailbox, data: Data
) -> None:
    from review_service.mail.models import MailStatus
    from review_service.mail.services import queue_email

    admin = "ade.admin.mail@example.org"
    data.user("admin", email_address=admin, name="Ade Admin")
    with data.session() as session:
        message = queue_email(
            session, to="lost.letter@example.org", subject="Your review outcome", body="x"
        )
        assert message is not None
        message.status = MailStatus.FAILED.value
        message.attempts = 14
        message.last_error = "Gave up after 14 attempts over 24.3 hours. Last error: refused"
        message_id = message.message_id
    sign_in(page, admin)
    visit(page, "/admin")
    follow(page, "E-mail that has not been sent")
    expect(page.locator("table").first).to_contain_text("Gave up after 14 attempts")
    navigate(
        page,
        page.get_by_role("button", name="Send again the e-mail “Your review outcome”"),
        what="pressing Send again",
    )
    expect(page.locator(".govuk-notification-banner")).to_contain_text("will be sent again")
    arrived = mailbox.wait_for("lost.letter@example.org", "Your review outcome")
    assert arrived.message["Message-ID"] == message_id
    visit(page, "/admin/mail")
    expect(page.get_by_text("No failed e-mail.")).to_be_visible()
