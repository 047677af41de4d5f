"""Issue 4: a caseworker triages a complaint (records the original decision-maker,
acknowledges, assigns a reviewer); the reviewer records findings on two neither-confirm-nor-
deny provisions (one maintained, one withdrawn) and one general ground, previews and issues
the outcome letter; the requester sees the letter. Every staff page is checked (axe-core)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from review_service import clock
from review_service.domain import deadlines
from review_service.domain.calendar import Regime
from review_service.domain.review import ReviewOutcome
from tests.browser.conftest import Team
from tests.browser.helpers import (
    Data,
    Mailbox,
    error_messages,
    expect_validation_error,
    follow,
    sign_in,
    submit,
    visit,
)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_caseworker_triages_reviewer_decides_and_requester_gets_the_letter(
    new_page: Callable[[], Page], mailbox: Mailbox, police: Team, data: Data
) -> None:
    requester = data.requester("grace.hopper@example.org", "Grace Hopper")
    reference = data.file_police_complaint(requester, police.authority_id)

    # -- the caseworker ----------------------------------------------------------------------
    caseworker = new_page()
    sign_in(caseworker, police.caseworker)
    assert caseworker.url.endswith("/staff"), caseworker.url  # staff land on the queue
    row = caseworker.locator("table.app-queue tbody tr", has_text=reference)
    expect(row).to_contain_text("s.24(2)")
    expect(row).to_contain_text("s.31(3)")
    expect(row).to_contain_text("Not assigned")
    follow(caseworker, reference)
    main = caseworker.locator("main")
    expect(caseworker.locator("h1")).to_have_text(f"Case {reference}")

    follow(caseworker, "Record who made the original decision")
    assert "Select or enter who made the decision" in expect_validation_error(
        caseworker, "Save", status=400
    )
    caseworker.get_by_label("Member of staff").select_option(label="Priya Natarajan (reviewer)")
    submit(caseworker, "Save")
    expect(main).to_contain_text("Recorded that Priya Natarajan made the original decision")

    follow(caseworker, "Acknowledge the complaint")
    submit(caseworker, "Acknowledge and send the letter")
    expect(main).to_contain_text(f"Complaint {reference} acknowledged")

    follow(caseworker, "Assign a reviewer")
    reviewers = caseworker.get_by_label("Reviewer").locator("option").all_inner_texts()
    assert "Rita Reviewer" in reviewers
    assert "Priya Natarajan" not in reviewers  # she made the original decision
    assert expect_validation_error(caseworker, "Assign", status=400) == ["Select a reviewer"]
    caseworker.get_by_label("Reviewer").select_option(label="Rita Reviewer")
    submit(caseworker, "Assign")
    expect(main).to_contain_text(f"Review {reference} assigned to Rita Reviewer")
    expect(main).to_contain_text("In review")
    for action in ("extend", "withdraw", "close"):  # the other triage pages (not submitted)
        visit(caseworker, f"/staff/cases/{reference}/{action}")

    # -- the reviewer --------------------------------------------------------------------------
    reviewer = new_page()
    sign_in(reviewer, police.reviewer)
    follow(reviewer, reference)
    follow(reviewer, "Record your findings")
    form = reviewer.locator("#case-form")
    ground = reviewer.locator(".app-finding", has_text="The authority holds more information")
    s24 = reviewer.locator(".app-finding", has_text="s.24(2) National security")
    s31 = reviewer.locator(".app-finding", has_text="s.31(3) Law enforcement")
    expect(s24).to_contain_text("relied on to neither confirm nor deny")
    expect(s31).to_contain_text("relied on to neither confirm nor deny")

    # Reasons without a finding cannot be saved; what was typed is kept.
    ground.get_by_label("Reasons").fill(
        "Searches of the deployment logs found nothing beyond what was disclosed."
    )
    messages = expect_validation_error(reviewer, "Save findings", status=400)
    assert messages == ["Select whether the ground is upheld, or its reasons cannot be saved"]
    expect(ground.get_by_label("Reasons")).to_have_value(
        "Searches of the deployment logs found nothing beyond what was disclosed."
    )

    ground.get_by_label("Not upheld").check()
    s24.get_by_label("Maintained").check()
    s24.get_by_label("Reasons").fill(
        "Confirming covert capability at named stations would assist hostile actors."
    )
    s24.get_by_label("The public-interest balance").fill(
        "Transparency about surveillance matters, but safeguarding national security weighs "
        "more heavily here."
    )
    s31.get_by_label("Withdrawn").check()
    s31.get_by_label("Reasons").fill(
        "The MPS has since confirmed overt deployments publicly; s.31(3) no longer applies."
    )
    s31.get_by_label("The public-interest balance").fill(
        "No longer engaged: the information is already in the public domain."
    )
    form.get_by_label("What information will now be released?").fill(
        "The dates of the 14 overt deployments at railway stations."
    )
    form.get_by_label("Summary for the letter").fill(
        "I have reviewed the handling of your request afresh."
    )
    form.get_by_label("Internal notes").fill("Checked with the Counter Terrorism Command.")
    submit(reviewer, "Save findings")
    assert error_messages(reviewer) == []
    partly_upheld = ReviewOutcome.PARTLY_UPHELD.label
    expect(reviewer.locator("#derived-outcome")).to_contain_text(partly_upheld)

    preview = reviewer.request.get(
        reviewer.get_by_role("link", name="Preview the letter (PDF)").get_attribute("href") or ""
    )
    assert preview.status == 200 and preview.headers["content-type"] == "application/pdf"
    assert "DRAFT" in pdf_text(preview.body()).upper()

    follow(reviewer, "Issue the outcome")
    expect(reviewer.locator("#derived-outcome")).to_have_text(partly_upheld)
    submit(reviewer, "Issue the outcome letter")
    expect(reviewer.locator(".govuk-notification-banner")).to_contain_text(
        "The outcome letter (version 1) has been issued"
    )
    link = reviewer.get_by_role("link", name="Review outcome, version 1 (PDF)")
    letter = reviewer.request.get(link.get_attribute("href") or "")
    assert letter.status == 200 and letter.headers["content-type"] == "application/pdf"
    text = flat(pdf_text(letter.body()))
    ico_by = deadlines.regulator_complaint_window(Regime.FOIA, clock.today()).due
    for expected in (
        reference,
        "s.24(2)",
        "s.31(3)",
        "Maintained",
        "Withdrawn",
        f"{ico_by:%-d %B %Y}",
        "The dates of the 14 overt deployments at railway stations.",
    ):
        assert expected in text, f"{expected!r} not in the outcome letter:\n{text}"
    assert "Counter Terrorism Command" not in text  # internal notes stay internal
    assert "DRAFT" not in text.upper()
    visit(reviewer, f"/staff/cases/{reference}/correct")  # not submitted

    # -- the requester --------------------------------------------------------------------------
    mail = mailbox.wait_for(requester, f"Complaint {reference}: outcome of the internal review")
    assert any(a.media_type == "application/pdf" for a in mail.attachments)
    mailbox.wait_for(requester, f"Complaint {reference}: acknowledged")

    person = new_page()
    sign_in(person, requester)
    visit(person, f"/complaints/{reference}")
    expect(person.locator("main")).to_contain_text("Review outcome")
    letter_link = person.get_by_role("link", name=re.compile(r"^Review outcome\b.*PDF"))
    letter_url = letter_link.get_attribute("href") or ""
    with person.expect_download() as download:
        letter_link.click()
    assert download.value.suggested_filename == f"{reference}-outcome-v1.pdf"
    with open(download.value.path(), "rb") as saved:
        assert reference in pdf_text(saved.read())

    # Another requester gets a checked 404 for the letter
    data.user("requester", email_address="someone.else@example.org", name="Someone Else")
    stranger = new_page()
    sign_in(stranger, "someone.else@example.org")
    visit(stranger, letter_url, status=404)
