"""A requester's "Your data" pages pass the page checks (one h1 matching the title,
axe-core), with the closing form's error state and the closed page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Team
from tests.browser.helpers import (
    PASSWORD,
    Data,
    expect_validation_error,
    follow,
    sign_in,
    submit,
    visit,
)


def test_your_data_and_closing_the_account(page: Page, police: Team, data: Data) -> None:
    email = data.requester("dafydd.closes@example.org", "Dafydd Evans")
    reference = data.file_police_complaint(email, police.authority_id)
    sign_in(page, email)
    follow(page, "Your data")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data (JSON)").click()
    assert download.value.suggested_filename.startswith("review-service-your-data-")
    follow(page, "Close your account")
    expect(page.locator("#open-complaints")).to_contain_text(reference)
    messages = expect_validation_error(page, "Close my account", status=400)
    assert messages == ["Confirm that you want to close your account", "Enter your password"]
    page.get_by_label("I understand that my open complaints will be withdrawn").check()
    page.get_by_label("Your password").fill(PASSWORD)
    submit(page, "Close my account")
    expect(page.locator("h1")).to_have_text("Your account is closed")
    visit(page, "/account/your-data")  # signed out: the sign-in page
    expect(page.locator("h1")).to_have_text("Sign in")
