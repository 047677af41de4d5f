"""Issue 3: a member of the public registers, files a complaint about a partial refusal with
two neither-confirm-nor-deny exemptions, gets the confirmation e-mail with a PDF copy, and
follows the case under "Your complaints". Every page is checked (h1, title, axe-core)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable

from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from review_service import clock
from review_service.domain import deadlines
from review_service.domain.calendar import Regime
from tests.browser.conftest import Team
from tests.browser.helpers import (
    PASSWORD,
    POLICE_REFERENCE,
    Data,
    Mailbox,
    check,
    expect_validation_error,
    fill_date,
    follow,
    long_date,
    police_partial_disclosure,
    submit,
    visit,
    working_days_before,
)

REFERENCE = re.compile(r"IR-\d{4}-\d{5}")


def _png() -> bytes:
    """A real 8 x 8 picture: an image, whatever its name says."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


PNG = _png()


def test_requester_registers_files_a_complaint_and_follows_it(
    new_page: Callable[[], Page], mailbox: Mailbox, police: Team, data: Data
) -> None:
    today = clock.today()
    sent = today - dt.timedelta(days=45)
    responded = working_days_before(today, 8)
    email_address = "ada.okonkwo@example.org"
    page = new_page()

    # Start from the home page: signed out, "Start now" leads to sign in, then to register.
    visit(page, "/")
    submit(page, "Start now")  # a link drawn as a button
    assert "/sign-in" in page.url
    follow(page, "create an account")
    expect_validation_error(page, "Create account")
    page.get_by_label("Full name").fill("Ada Okonkwo")
    page.get_by_label("E-mail address").fill(email_address)
    page.get_by_label("Create a password").fill(PASSWORD)
    submit(page, "Create account")

    # Nobody is signed in until the address is confirmed by the link sent to it; the link
    # confirms, then sign in carries on to the complaint.
    assert page.locator("h1").inner_text() == "Check your e-mail"
    confirm = mailbox.wait_for(email_address, "Confirm your e-mail address").link("/confirm/")
    assert "next=/complaints/new" in confirm, confirm
    visit(page, confirm)
    submit(page, "Sign in")  # a link drawn as a button
    assert "/sign-in" in page.url
    page.get_by_label("E-mail address").fill(email_address)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    submit(page, "Sign in")

    # Which authority
    assert page.url.endswith("/complaints/new/authority"), page.url
    messages = expect_validation_error(page)
    assert messages == ["Choose the authority you sent your request to"]
    page.get_by_label("Which authority did you send your request to?").select_option(
        label=police.authority
    )
    submit(page)

    # Which law
    assert page.url.endswith("/complaints/new/law"), page.url
    assert expect_validation_error(page) == ["Select which law you made your request under"]
    page.get_by_label("Freedom of Information Act 2000 (FOI)").check()
    submit(page)

    # The original request (the reference is left for the notice reader to find)
    assert page.url.endswith("/complaints/new/request"), page.url
    messages = expect_validation_error(page)
    assert "Enter the date you sent your request" in messages
    assert "Enter what you asked for in your request" in messages
    fill_date(page, "When did you send your request?", sent)
    page.get_by_label("What did you ask for?").fill(
        "How many live facial recognition deployments did the MPS carry out at railway "
        "stations between January and June 2026, and how many images were on each watchlist?"
    )
    submit(page)

    # The response: nothing chosen; then a "PDF" that is really an image (checked by its
    # content, not its name); then the notice as a text file.
    assert page.url.endswith("/complaints/new/response"), page.url
    assert expect_validation_error(page) == ["Select how you will give us the response"]
    upload = page.get_by_label("Upload it (a PDF, a Word document (.docx) or a plain text file)")
    upload.check()
    page.get_by_label("Upload the response").set_input_files(
        files=[{"name": "response.pdf", "mimeType": "application/pdf", "buffer": PNG}]
    )
    [refusal] = expect_validation_error(page)
    # A picture is a document, but the notice's text cannot be read from it.
    assert "picture" in refusal and "Paste the text" in refusal, refusal
    upload.check()  # a fresh page: choose again
    page.get_by_label("Upload the response").set_input_files(
        files=[
            {
                "name": "mps-response.txt",
                "mimeType": "text/plain",
                "buffer": police_partial_disclosure(sent, responded).encode(),
            }
        ]
    )
    submit(page)

    # What the reader found: both exemptions, both NCND, both with a public-interest test;
    # nothing from the legal annex (s.17, s.40(2)).
    assert page.url.endswith("/complaints/new/findings"), page.url
    cards = page.locator(".app-provision")
    expect(cards).to_have_count(2)
    for provision, title in (("s.24(2)", "National security"), ("s.31(3)", "Law enforcement")):
        card = cards.filter(has=page.get_by_role("heading", name=provision, exact=True))
        expect(card).to_have_count(1)
        expect(card).to_contain_text(title)
        values = card.locator(".govuk-summary-list__value")
        expect(values.nth(1)).to_contain_text("Applies")
        expect(values.nth(2)).to_have_text("Yes")
    expect(page.get_by_label("The authority’s reference (optional)")).to_have_value(
        POLICE_REFERENCE
    )
    response_date = page.get_by_role("group", name="Date of the response")
    expect(response_date.get_by_label("Day")).to_have_value(f"{responded:%d}")
    page.get_by_text("What “neither confirm nor deny” means").click()
    expect(page.locator("details", has_text="neither confirm nor deny").first).to_have_attribute(
        "open", ""
    )
    check(page)  # opened, it still fits 320 px and passes axe (issue 12 item 6)
    response_date.get_by_label("Day").fill("31")
    response_date.get_by_label("Month").fill("2")
    assert expect_validation_error(page, "These are correct, continue") == [
        "The date of the response must be a real date"
    ]
    fill_date(page, "Date of the response", responded)
    submit(page, "These are correct, continue")

    # Grounds: one exemption challenged, one general ground
    assert page.url.endswith("/complaints/new/grounds"), page.url
    assert expect_validation_error(page) == [
        "Select at least one reason you are unhappy with the response"
    ]
    page.get_by_label(re.compile(r"wrong to rely on s\.24\(2\)")).check()
    page.locator("#detail_p0").fill(
        "Saying whether covert deployments happened at stations would not harm national security."
    )
    page.get_by_label("The authority holds more information than it found").check()
    page.locator("#detail_more_information_held").fill(
        "The MPS published deployment records for 2025; the 2026 ones must exist too."
    )
    submit(page)

    # Check your answers, then send
    assert page.url.endswith("/complaints/new/check"), page.url
    main = page.locator("main")
    expect(main).to_contain_text(police.authority)
    expect(main).to_contain_text(POLICE_REFERENCE)
    expect(main).to_contain_text(long_date(sent))
    expect(main).to_contain_text(long_date(responded))
    expect(main).to_contain_text("s.24(2) National security (neither confirm nor deny)")
    expect(main).to_contain_text("s.31(3) Law enforcement (neither confirm nor deny)")
    expect(main).to_contain_text("Wrong to rely on s.24(2)")
    submit(page, "Send complaint")

    # Confirmation: the reference and the dates that matter, with the days not counted
    assert "/confirmation" in page.url, page.url
    panel = page.locator(".govuk-panel")
    found = REFERENCE.fullmatch(panel.locator("strong").inner_text().strip())
    assert found, panel.inner_html()  # the reference, in bold, not escaped markup
    reference = found.group(0)
    due = deadlines.review_response_due(Regime.FOIA, today)
    opens = deadlines.regulator_route_opens(Regime.FOIA, today)
    expect(main).to_contain_text(f"{due.due:%A} {long_date(due.due)}")
    expect(main).to_contain_text(f"{opens.due:%A} {long_date(opens.due)}")
    page.locator(".govuk-details__summary", has_text="Days not counted").first.click()
    first_skipped = page.locator(".app-skipped-days__item").first
    expect(first_skipped).to_be_visible()
    expect(first_skipped).to_contain_text(re.compile(r"Saturday|Sunday|[Hh]oliday|Day"))
    check(page)  # the days not counted, open, fit 320 px too

    # The acknowledgement e-mail, with the complaint as filed in a PDF
    mail = mailbox.wait_for(email_address, f"Complaint {reference} received")
    assert long_date(due.due) in mail.body
    assert long_date(opens.due) in mail.body
    assert f"/complaints/{reference}" in mail.body
    [attachment] = [a for a in mail.attachments if a.media_type == "application/pdf"]
    assert attachment.filename == f"{reference}-complaint.pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(attachment.content)).pages)
    for expected in (reference, police.authority, "s.24(2)", "s.31(3)", POLICE_REFERENCE):
        assert expected in text, f"{expected!r} not in the complaint PDF:\n{text}"

    # "Your complaints" lists it; the case page shows the exemptions and what happens next
    follow(page, "Your complaints")
    row = page.locator("table.govuk-table tbody tr", has_text=reference)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(police.authority)
    expect(row).to_contain_text(long_date(due.due))
    follow(page, reference)
    expect(page.locator("h1")).to_have_text(f"Complaint {reference}")
    expect(main).to_contain_text("s.24(2) National security (neither confirm nor deny)")
    expect(main).to_contain_text("Complaint filed")
    document_link = page.get_by_role("link", name=re.compile(r"mps-response\.txt"))
    document_url = document_link.get_attribute("href") or ""
    assert document_url.startswith("/documents/"), document_url
    with page.expect_download() as download:
        document_link.click()
    with open(download.value.path(), encoding="utf-8") as saved:
        assert POLICE_REFERENCE in saved.read()

    # The e-mail confirmation link, opened again, still says the address is confirmed
    page.goto(confirm)
    check(page)
    expect(page.locator("h1")).to_have_text("Your e-mail address is confirmed")

    # Someone else signed in gets a checked 404 for the case, its confirmation page and the
    # document
    data.user("requester", email_address="nosy.neighbour@example.org", name="Nosy Neighbour")
    other = new_page()
    visit(other, "/sign-in")
    other.get_by_label("E-mail address").fill("nosy.neighbour@example.org")
    other.get_by_label("Password", exact=True).fill(PASSWORD)
    submit(other, "Sign in")
    visit(other, f"/complaints/{reference}", status=404)
    visit(other, f"/complaints/{reference}/confirmation", status=404)
    visit(other, document_url, status=404)
