"""Adding a document to a case, in a real browser: the requester from the regulator pack's
checklist (which then ticks), a caseworker from the staff case page, which also leads to the
regulator stage. Every page is checked (h1, title, axe-core)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from review_service import clock
from tests.browser.conftest import Team
from tests.browser.helpers import (
    Data,
    expect_validation_error,
    fill_date,
    follow,
    sign_in,
    submit,
    visit,
)
from tests.factories import small_pdf


def test_requester_and_caseworker_add_documents_to_a_case(
    new_page: Callable[[], Page], police: Team, data: Data, tmp_path: Path
) -> None:
    today = clock.today()
    requester = data.requester("grace.hopper@example.org", "Grace Hopper")
    reference = data.overdue_police_complaint(requester, police.authority_id, police.caseworker)
    request_copy = tmp_path / "my request.txt"
    request_copy.write_text("Dear MPS, how many live facial recognition deployments were there?")

    # -- the requester, from the regulator pack's checklist ----------------------------------
    page = new_page()
    sign_in(page, requester)
    visit(page, f"/complaints/{reference}/regulator")
    row = page.locator("#checklist-request")
    expect(row).to_contain_text("Missing")
    follow(page, "Add a copy of your request for information")
    expect(page.locator("h1")).to_have_text("Add a document to your complaint")
    expect(page.get_by_label("Your original request")).to_be_checked()

    assert expect_validation_error(page, "Add the document") == ["Select a file to upload"]
    expect(page.get_by_label("Your original request")).to_be_checked()  # kept
    page.get_by_label("Upload a file").set_input_files(request_copy)
    page.get_by_label("Title (optional)").fill("My request to the MPS")
    fill_date(page, "Date on the document (optional)", today - dt.timedelta(days=100))
    submit(page, "Add the document")

    assert page.url.endswith(f"/complaints/{reference}/regulator"), page.url
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "“My request to the MPS” has been added."
    )
    expect(row).to_contain_text("Held")
    expect(row).to_contain_text("My request to the MPS")

    # -- a caseworker, from the staff case page ----------------------------------------------
    staff = new_page()
    sign_in(staff, police.caseworker)
    visit(staff, f"/staff/cases/{reference}")
    follow(staff, "The regulator stage")
    assert staff.url.endswith(f"/staff/cases/{reference}/regulator"), staff.url
    follow(staff, f"Back to case {reference}")
    follow(staff, "Add a document")
    expect(staff.locator("h1")).to_have_text(f"Add a document to case {reference}")
    messages = expect_validation_error(staff, "Add the document", status=400)
    assert messages == ["Select what the document is", "Select a file to upload"], messages
    staff.get_by_label("Other letters or e-mails about the request").check()
    staff.get_by_label("Upload a file").set_input_files(
        files=[
            {
                "name": "chaser.pdf",
                "mimeType": "application/pdf",
                "buffer": small_pdf("A chaser sent by the requester"),
            }
        ]
    )
    submit(staff, "Add the document")
    assert staff.url.endswith(f"/staff/cases/{reference}"), staff.url
    expect(staff.locator("main")).to_contain_text("chaser.pdf")
    expect(staff.locator("main")).to_contain_text("My request to the MPS")

    # The pages that replace or remove a document (not submitted) pass the page checks too.
    follow(staff, "Replace", exact=False)
    expect(staff.locator("h1")).to_contain_text("Replace")
    visit(staff, f"/staff/cases/{reference}")
    follow(staff, "Remove", exact=False)
    expect(staff.locator("h1")).to_contain_text("Remove")
