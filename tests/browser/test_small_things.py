"""Issue 12 item 11 ("small things"), in a real browser:

- "Check your answers" shows the request with the requester's own line breaks;
- a pasted response that ends with its date fills in the date of the response (and the page
  for adding a provision the reader missed passes the page checks);
- the accessibility statement gives the enforcement procedure and when it was prepared, and
  sends no one to "the administrator in your organisation";
- the staff chronology leaves out due dates that no longer apply once what was due happened.

The drafted ICO answer, offered as a marked suggestion the requester must choose to use, is in
test_regulator_stage.py.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from review_service import clock
from tests.browser.conftest import Team
from tests.browser.helpers import (
    Data,
    choose_authority,
    expect_validation_error,
    fill_date,
    follow,
    long_date,
    sign_in,
    submit,
    visit,
    working_days_before,
)

REQUEST_LINES = (
    "Please send me:",
    "1. the deployment policy for live facial recognition;",
    "2. the minutes of the meeting that approved it.",
)


def _notice_ending_with(day: str) -> str:
    return (
        "Dear Requester\n\nThank you for your request for information.\n\n"
        "The MPS can neither confirm nor deny whether it holds the information, as section "
        "24(2) of the Freedom of Information Act 2000 applies.\n\n"
        "You may ask for an internal review within 40 working days.\n\n"
        f"Yours sincerely\n\nInformation Rights Unit\n{day}"
    )


def test_check_your_answers_keeps_lines_and_a_closing_date_fills_the_response_date(
    new_page: Callable[[], Page], police: Team, data: Data
) -> None:
    today = clock.today()
    responded = working_days_before(today, 8)
    sent = working_days_before(responded, 25)
    requester = data.requester("barbara.mcclintock@example.org", "Barbara McClintock")
    page = new_page()
    sign_in(page, requester)
    choose_authority(page, police.authority)
    page.get_by_label("Freedom of Information Act 2000 (FOI)").check()
    submit(page)
    fill_date(page, "When did you send your request?", sent)
    page.get_by_label("What did you ask for?").fill("\n".join(REQUEST_LINES))
    submit(page)
    page.get_by_label("Copy and paste its text").check()
    page.get_by_label("Paste the text of the response").fill(
        _notice_ending_with(long_date(responded))
    )
    submit(page)

    # The date the response ends with is the date of the response.
    assert page.url.endswith("/complaints/new/findings"), page.url
    response_date = page.get_by_role("group", name="Date of the response")
    expect(response_date.get_by_label("Day")).to_have_value(f"{responded:%d}")
    expect(response_date.get_by_label("Month")).to_have_value(f"{responded:%m}")
    expect(response_date.get_by_label("Year")).to_have_value(f"{responded:%Y}")
    # Adding a provision the reader missed: its page, with its error state, checked too.
    cards = page.locator(".app-provision")
    expect(cards).to_have_count(1)
    follow(page, "Add another exemption")
    assert expect_validation_error(page, "Add it")
    page.get_by_label("Which exemption did the authority rely on?").select_option(index=3)
    submit(page, "Add it")
    assert page.url.endswith("/complaints/new/findings"), page.url
    expect(cards).to_have_count(2)
    submit(page, "These are correct, continue")
    page.get_by_label("The authority holds more information than it found").check()
    submit(page)

    # Check your answers: the request line by line, as it was typed.
    assert page.url.endswith("/complaints/new/check"), page.url
    row = page.locator(".govuk-summary-list__row", has_text=REQUEST_LINES[1])
    shown = [line.strip() for line in row.locator("dd").first.inner_text().splitlines()]
    assert [line for line in shown if line] == list(REQUEST_LINES), shown


def test_the_accessibility_statement_says_how_to_complain_and_when_it_was_prepared(
    page: Page,
) -> None:
    visit(page, "/accessibility")
    main = page.locator("main")
    expect(main).to_contain_text("Equality and Human Rights Commission (EHRC)")
    expect(main).to_contain_text("Equality Advisory and Support Service (EASS)")
    expect(main).to_contain_text("This statement was prepared on")
    expect(main).not_to_contain_text("administrator")


def test_the_chronology_drops_dates_that_no_longer_apply(
    new_page: Callable[[], Page], police: Team, data: Data
) -> None:
    reference = data.police_case_at(police, "appealed", "lise.meitner@example.org", "Lise Meitner")

    staff = new_page()
    sign_in(staff, police.caseworker)
    visit(staff, f"/staff/cases/{reference}/regulator")
    events = [
        " ".join(text.split())
        for text in staff.locator(".app-chronology td[data-label='Event']").all_inner_texts()
    ]
    assert any(event.startswith("Internal review outcome:") for event in events), events
    assert any(event.startswith("Appeal to the First-tier Tribunal") for event in events), events
    # Answered by what happened: not listed beside it.
    assert "Internal review outcome due" not in events, events
    assert not any(event.startswith("Last day for the First-tier Tribunal") for event in events)
