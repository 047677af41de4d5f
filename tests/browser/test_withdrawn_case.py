"""Issue 12 items 4 and 5, in a real browser: once the requester withdraws their complaint, its
case page says so at the withdrawn stage (where it is, nothing decided, no next date, what they
can do), and its ICO page says so and offers no answers form, no downloads and no dates for
complaining."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import Team
from tests.browser.helpers import Data, expect_all_in, follow, sign_in, submit, visit


def test_the_ico_page_of_a_withdrawn_complaint_offers_nothing_more(
    new_page: Callable[[], Page], police: Team, data: Data
) -> None:
    requester = data.requester("chidi.okafor@example.org", "Chidi Okafor")
    reference = data.file_police_complaint(requester, police.authority_id)
    page = new_page()
    sign_in(page, requester)
    visit(page, f"/complaints/{reference}")
    follow(page, "Withdraw your complaint")
    submit(page, "Withdraw complaint")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("withdrawn")
    expect(page.locator("#where")).to_contain_text("Your complaint was withdrawn on")
    expect(page.locator("#decided")).to_have_text(
        "Nothing: your complaint was withdrawn before anything was decided."
    )
    expect(page.locator("#next-date")).to_have_text("None: your complaint is withdrawn.")
    expect(page.locator("#can-do")).to_contain_text("Make a new complaint")
    expect(page.locator("#can-do")).not_to_contain_text("Withdraw")

    visit(page, f"/complaints/{reference}/regulator")
    main = page.locator("main")
    expect_all_in(
        main,
        "You withdrew this complaint on",
        "there is nothing to take to the Information Commissioner",
    )
    expect(main).not_to_contain_text("You can complain if there is no outcome by")
    expect(page.locator("main form")).to_have_count(0)
    expect(page.locator("a[href$='pack.pdf'], a[href$='pack.zip']")).to_have_count(0)
