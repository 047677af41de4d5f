"""Issue 12 item 3, in a real browser: "Check your answers" warns that a request for review is
late, with the last day for asking, before anything is sent; the requester gives their reasons
there, and they go with the complaint."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from review_service import clock
from review_service.domain import deadlines
from tests.browser.conftest import Team
from tests.browser.helpers import (
    Data,
    Mailbox,
    answer_up_to_the_findings,
    fill_date,
    sign_in,
    submit,
    visit,
    working_days_before,
)

REASONS = "The response went to an old e-mail address; I only found it this week."


def test_a_late_request_is_flagged_on_check_your_answers_with_its_dates(
    new_page: Callable[[], Page], mailbox: Mailbox, police: Team, data: Data
) -> None:
    today = clock.today()
    responded = working_days_before(today, 70)
    sent = responded - dt.timedelta(days=25)
    window = deadlines.review_request_window("foia", responded)
    requester = data.requester("olu.adeyemi@example.org", "Olu Adeyemi")
    page = new_page()
    sign_in(page, requester)
    answer_up_to_the_findings(
        page, police.authority, sent, responded, "Facial recognition deployments in 2026."
    )
    fill_date(page, "Date of the response", responded)
    submit(page, "These are correct, continue")
    page.get_by_label("The authority holds more information than it found").check()
    submit(page)

    # Before sending: the warning, the last day and its rule, and a place for the reasons.
    late = page.locator("main")
    expect(page.get_by_role("heading", name="Your request for review is late")).to_be_visible()
    expect(late).to_contain_text(
        f"the last day for asking was {window.due:%A %-d %B %Y} ({window.basis})"
    )
    page.get_by_label("Why are you asking for a review now? (optional)").fill(REASONS)
    submit(page, "Send complaint")

    assert "/confirmation" in page.url, page.url
    reference = page.locator(".govuk-panel strong").inner_text().strip()
    visit(page, f"/complaints/{reference}")
    expect(page.locator("main")).to_contain_text(f"The reasons you gave: “{REASONS}”")
    mail = mailbox.wait_for(requester, f"Complaint {reference} received")
    [pdf] = [a for a in mail.attachments if a.media_type == "application/pdf"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert REASONS in " ".join(text.split())
