"""Issue 12 item 6, in a real browser 320 CSS px wide (WCAG 1.4.10 Reflow): a requester makes
a complaint and follows it on a phone. Every page the suite visits is checked at 320 px (see
helpers.check); here the whole journey also runs at that width, so every button and link is
used where a phone shows it: the provisions the reader found, with their buttons, are cards,
not a table wider than the screen."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from review_service import clock
from tests.browser.conftest import Team
from tests.browser.helpers import (
    REFLOW_WIDTH,
    Data,
    answer_up_to_the_findings,
    fill_date,
    follow,
    navigate,
    sign_in,
    submit,
    working_days_before,
)


def test_a_complaint_made_and_followed_on_a_phone(
    new_page: Callable[..., Page], police: Team, data: Data
) -> None:
    today = clock.today()
    responded = working_days_before(today, 8)
    sent = working_days_before(responded, 25)
    requester = data.requester("grace.narrow@example.org", "Grace Narrow")
    page = new_page(width=REFLOW_WIDTH)
    sign_in(page, requester)
    answer_up_to_the_findings(
        page, police.authority, sent, responded, "Facial recognition deployments, 2026."
    )

    # The provisions found, as cards: each button is on the screen and works.
    card = page.locator(".app-provision", has=page.get_by_role("heading", name="s.31(3)"))
    button = card.get_by_role("button", name="Undo neither confirm nor deny (s.31(3))")
    box = button.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= REFLOW_WIDTH, box
    navigate(page, button)
    expect(card.locator(".govuk-summary-list__value").nth(2)).to_have_text("No")
    fill_date(page, "Date of the response", responded)
    submit(page, "These are correct, continue")
    page.get_by_label("The authority holds more information than it found").check()
    submit(page)
    submit(page, "Send complaint")
    reference = page.locator(".govuk-panel strong").inner_text().strip()

    follow(page, "Follow your complaint")
    expect(page.locator("h1")).to_have_text(f"Complaint {reference}")
    follow(page, "Your complaints")
    expect(page.locator("main")).to_contain_text(reference)
