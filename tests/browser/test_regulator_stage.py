"""Issue 5: with the internal review overdue, the requester prepares the complaint pack for
the ICO (answers, checklist, PDF and ZIP) and says they have sent it; a caseworker records the
ICO's investigation and its decision notice, and sees the compliance and tribunal dates.
Every page is checked (h1, title, axe-core)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from review_service import clock
from review_service.domain import deadlines
from review_service.domain.calendar import Regime
from tests.browser.conftest import Team
from tests.browser.helpers import (
    Data,
    error_messages,
    expect_validation_error,
    fill_date,
    follow,
    long_date,
    navigate,
    record_regulator_decision,
    sign_in,
    submit,
    visit,
)

ICO_REFERENCE = "IC-412345-B7K9"


def test_requester_prepares_the_ico_pack_and_caseworker_records_the_decision_notice(
    new_page: Callable[[], Page], police: Team, data: Data
) -> None:
    today = clock.today()
    requester = data.requester("mary.seacole@example.org", "Mary Seacole")
    reference = data.overdue_police_complaint(requester, police.authority_id, police.caseworker)

    # -- the requester prepares the pack ------------------------------------------------------
    page = new_page()
    sign_in(page, requester)
    visit(page, f"/complaints/{reference}")
    expect(page.locator("main")).to_contain_text("The internal review is overdue")
    follow(page, "Complain to the Information Commissioner's Office (ICO)")
    assert page.url.endswith(f"/complaints/{reference}/regulator"), page.url
    expect(page.locator("h1")).to_have_text(
        "Take your complaint to the Information Commissioner's Office"
    )
    main = page.locator("main")
    expect(main).to_contain_text("The internal review is overdue: you can complain")

    challenge = page.get_by_label("What part of the response do you challenge, and why?")
    conduct = page.get_by_label("Why do you believe the authority has not acted properly?")
    # Nothing in the answers the requester did not write: the drafts are marked suggestions
    # beside them, used only with a button (issue 12 item 11).
    expect(challenge).to_have_value("")
    expect(conduct).to_have_value("")
    suggested = page.locator("#challenge_text-suggestion")
    expect(suggested.locator(".govuk-tag")).to_have_text("Suggestion")
    expect(suggested).to_contain_text("it is not in your answer unless you use it")
    expect(page.locator("#conduct_text-suggestion")).to_be_visible()
    conduct.fill("They ignored my request for a review.")
    submit(
        page,
        "Use this suggestion as your answer to “What part of the response do you challenge, "
        "and why?”",
    )
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The suggestion is now your answer to “What part of the response do you challenge, "
        "and why?”"
    )
    prefilled = challenge.input_value()
    assert "s.24(2)" in prefilled and "s.31(3)" in prefilled, prefilled
    expect(conduct).to_have_value("They ignored my request for a review.")  # typed, kept
    expect(page.locator("#challenge_text-suggestion")).to_have_count(0)  # it is theirs now
    expect(page.locator("#conduct_text-suggestion")).to_be_visible()  # still only offered

    challenge.fill("x" * 2001)
    assert expect_validation_error(page, "Save answers") == [
        "Answer must be 2,000 characters or fewer"
    ]
    expect(challenge).to_have_value("x" * 2001)  # nothing typed is lost
    challenge.fill(
        prefilled[:1500] + "\nThe police already confirm overt deployments; covert ones are the "
        "question."
    )
    submit(page, "Save answers")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your answers have been saved"
    )

    # The checklist: the request and the response are held; the review outcome is not.
    checklist = page.locator("table.app-checklist")
    expect(checklist.locator("tr", has_text="Missing").first).to_be_visible()
    expect(checklist.locator("tr", has_text="Held").first).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything as one PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as saved:
        pack = PdfReader(io.BytesIO(saved.read()))
    text = " ".join(p.extract_text() for p in pack.pages)
    for expected in (reference, "s.24(2)", "s.31(3)"):
        assert expected in text, f"{expected!r} not in the pack"
    assert pack.outline, "the pack has no bookmarks"

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the separate files as a ZIP").click()
    with zipfile.ZipFile(download.value.path()) as bundle:
        names = bundle.namelist()
    assert names and all(name.endswith((".pdf", ".txt")) for name in names), names

    submit(page, "I have sent my complaint")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You have told us you sent your complaint"
    )
    expect(main).to_contain_text(
        "You told us you sent your complaint to the Information Commissioner's Office on "
        + long_date(today)
    )

    # -- the caseworker records the investigation and the decision notice ---------------------
    staff = new_page()
    sign_in(staff, police.caseworker)
    visit(staff, f"/staff/cases/{reference}/regulator")
    expect(staff.locator("main")).to_contain_text(long_date(today))

    navigate(staff, staff.get_by_role("button", name="Record the regulator's details"))
    assert "Enter the regulator's case reference" in expect_validation_error(staff, "Save")
    staff.get_by_label("The regulator's case reference").fill(ICO_REFERENCE)
    fill_date(staff, "Date of the regulator's investigation letter", today)
    fill_date(staff, "Date the regulator wants the submission by", today + dt.timedelta(days=20))
    submit(staff, "Save")
    assert error_messages(staff) == []
    staff_main = staff.locator("main")
    expect(staff_main).to_contain_text(ICO_REFERENCE)
    expect(staff_main).to_contain_text(long_date(today + dt.timedelta(days=20)))

    submission = staff.request.get(
        staff.get_by_role("button", name="Download the authority's submission (PDF)").get_attribute(
            "href"
        )
        or ""
    )
    assert submission.status == 200
    assert submission.headers["content-type"] == "application/pdf"
    assert reference in " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(submission.body())).pages
    )

    navigate(staff, staff.get_by_role("button", name="Record the regulator's decision"))
    messages = expect_validation_error(staff, "Record the decision")
    assert "Enter the date the decision was sent" in messages
    assert any(m.startswith("Select whether the regulator issued") for m in messages), messages
    record_regulator_decision(
        staff,
        issued="It issued a decision notice",
        reference_label="Decision notice reference",
        reference=ICO_REFERENCE,
        sent_on=today,
        outcomes={"s.24(2)": "Not upheld", "s.31(3)": "Upheld"},
        steps="Confirm or deny whether it holds information about covert deployments at stations.",
    )
    expect(staff_main).to_contain_text(f"Decision notice {ICO_REFERENCE}")
    steps_due = deadlines.decision_notice_compliance(today).due
    appeal_by = deadlines.tribunal_appeal(today, regime=Regime.FOIA).due
    expect(staff_main).to_contain_text(long_date(steps_due))
    expect(staff_main).to_contain_text(long_date(appeal_by))
    rows = staff_main.locator(".govuk-summary-list__row")
    expect(rows.filter(has_text="s.24(2)")).to_contain_text("Not upheld")
    expect(rows.filter(has_text="s.31(3)")).to_contain_text("Upheld")
    for step in ("compliance", "appeal", "close"):  # the next steps' pages (not submitted)
        visit(staff, f"/staff/cases/{reference}/regulator/{step}")
