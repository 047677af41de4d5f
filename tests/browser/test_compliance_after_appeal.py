"""Issue 12 item 8, in a real browser: with the decision notice appealed, the caseworker can
still record that its steps were taken; closing the case while they are not recorded is
refused until the caseworker says so, never a silent "Not recorded"."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from review_service import clock
from tests.browser.conftest import Team
from tests.browser.helpers import (
    Data,
    expect_validation_error,
    fill_date,
    long_date,
    navigate,
    sign_in,
    submit,
    visit,
)


def test_compliance_is_recorded_after_an_appeal_and_closing_over_it_is_explicit(
    new_page: Callable[[], Page], police: Team, data: Data
) -> None:
    today = clock.today()
    reference = data.police_case_at(
        police, "appealed", "rosalind.franklin@example.org", "Rosalind Franklin"
    )

    staff = new_page()
    sign_in(staff, police.caseworker)
    stage = f"/staff/cases/{reference}/regulator"
    visit(staff, stage)
    main = staff.locator("main")
    expect(main).to_contain_text("Not recorded yet")
    expect(main).to_contain_text("need not be taken until the appeal is decided or withdrawn")

    # Closing now is refused until the caseworker says the steps are not recorded as taken.
    visit(staff, f"{stage}/close")
    expect(staff.locator(".govuk-warning-text")).to_contain_text(
        "no one has recorded that they were taken"
    )
    staff.get_by_label("Why is the case being closed?").fill("The tribunal has the case.")
    messages = expect_validation_error(staff, "Close the case")
    assert any("Record compliance first" in m for m in messages), messages

    # Recorded after the appeal instead; the close page then has nothing to warn of.
    visit(staff, stage)
    navigate(staff, staff.get_by_role("button", name="Record compliance"))
    fill_date(staff, "When did the authority take the steps?", today)
    submit(staff, "Record compliance")
    expect(main).to_contain_text(f"Steps taken {long_date(today)}")
    visit(staff, f"{stage}/close")
    expect(staff.locator(".govuk-warning-text")).to_have_count(0)
