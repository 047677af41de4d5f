"""Issue 12 items 2 and 7, in a real browser: a complaint made online is e-mailed to the
authority's inbox for information requests and to its caseworker, and the link in that e-mail
(built from the server's BASE_URL, like every e-mail link) opens the case for the caseworker."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, Team
from tests.browser.helpers import (
    Data,
    Mailbox,
    answer_a_complaint_of_no_response,
    choose_authority,
    signed_in,
    submit,
    visit,
)

REFERENCE = re.compile(r"IR-\d{4}-\d{5}")


def test_the_authority_hears_of_a_new_complaint_and_its_link_opens_the_case(
    new_page: Callable[[], Page],
    mailbox: Mailbox,
    police: Team,
    data: Data,
    live_server: LiveServer,
) -> None:
    requester = data.requester("kwame.mensah@example.org", "Kwame Mensah")
    page = signed_in(new_page, requester)
    choose_authority(page, police.authority)
    answer_a_complaint_of_no_response(page, "Stop and search figures for Lambeth in 2025.")
    expect(page.locator("main")).to_contain_text(
        f"{police.authority} uses this service: it will see your complaint here"
    )
    submit(page, "Send complaint")
    expect(page.locator("h1")).to_have_text("Complaint sent")
    found = REFERENCE.search(page.locator(".govuk-panel").inner_text())
    assert found
    reference = found.group(0)

    inbox = mailbox.wait_for("foi@met.police.example", f"New complaint {reference}")
    told = mailbox.wait_for(police.caseworker, f"New complaint {reference}")
    link = told.link(f"/staff/cases/{reference}")
    assert link == f"{live_server.url}/staff/cases/{reference}", link
    assert inbox.link("/staff/cases/") == link
    # The requester's own e-mail links to their page on the same server.
    receipt = mailbox.wait_for(requester, f"Complaint {reference} received")
    assert receipt.link("/complaints/") == f"{live_server.url}/complaints/{reference}"

    caseworker = signed_in(new_page, police.caseworker)
    visit(caseworker, link)
    expect(caseworker.locator("h1")).to_have_text(f"Case {reference}")
