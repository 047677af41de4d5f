"""The other staff and administration pages pass the page checks (one h1 matching the title,
axe-core), including their error states."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import Team
from tests.browser.helpers import (
    Data,
    check,
    expect_validation_error,
    navigate,
    sign_in,
    submit,
    visit,
)


def test_caseworker_pages_are_accessible(page: Page, police: Team) -> None:
    sign_in(page, police.caseworker)
    page.get_by_text("Filter and sort").click()
    expect(page.locator("details.govuk-details[open]")).to_have_count(1)
    check(page)  # the filters, open, fit 320 px (issue 12 item 6)
    page.get_by_label("Search").fill("facial recognition")
    submit(page, "Apply filters")  # the filters open, with a result count
    visit(page, "/staff/statistics")
    visit(page, "/staff/complaints/new")
    assert "Enter the requester's name" in expect_validation_error(
        page, "Enter the complaint", status=400
    )
    visit(page, "/account/tokens")


def test_admin_pages_are_accessible(new_page: Callable[[], Page], police: Team, data: Data) -> None:
    data.user("admin", email_address="ada.admin@example.org", name="Ada Admin")
    page = new_page()
    sign_in(page, "ada.admin@example.org")
    for path in (
        "/admin",
        "/admin/staff",
        "/admin/staff/new",
        "/admin/authorities",
        "/admin/authorities/new",
        f"/admin/authorities/{police.authority_id}",
        "/admin/holidays",
    ):
        visit(page, path)
    visit(page, "/admin/staff")
    navigate(page, page.locator("main a[href^='/admin/staff/']:not([href$='/new'])").first)
    assert re.search(r"/admin/staff/\d+$", page.url), page.url
    visit(page, "/admin/staff/new")
    expect_validation_error(page, "Create the account", status=400)
