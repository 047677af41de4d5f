"""Issue 12 item 9, in a real browser: findings saved before everything is decided are "saved
as a draft", with a list of what is still needed, not a green "saved"."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import Team
from tests.browser.helpers import Data, sign_in, submit, visit


def test_incomplete_findings_are_saved_as_a_draft_with_what_is_still_needed(
    new_page: Callable[..., Page], police: Team, data: Data
) -> None:
    reference = data.police_case_at(police, "in_review", "ida.wells@example.org", "Ida Wells")

    reviewer = new_page()
    sign_in(reviewer, police.reviewer)
    visit(reviewer, f"/staff/cases/{reference}/decision")
    s24 = reviewer.locator(".app-finding", has_text="s.24(2) National security")
    s24.get_by_label("Maintained").check()
    s24.get_by_label("Reasons").fill("Confirming covert capability would assist hostile actors.")
    submit(reviewer, "Save findings")

    banner = reviewer.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("Your findings have been saved as a draft.")
    expect(banner).not_to_have_class(re.compile(r"govuk-notification-banner--success"))
    needed = banner.locator("li")
    expect(needed).to_contain_text(["Set out the public-interest balance for s.24(2)"])
    expect(needed.filter(has_text="Decide whether s.31(3) is maintained")).to_have_count(1)
