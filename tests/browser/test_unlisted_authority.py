"""Issue 12 item 1, in a real browser: a requester complains about an authority that does not
use this service. The complaint, with its PDF, reaches a real SMTP server at the address the
requester gave; no page says "sent" before it went, and the case page says when it did. An
administrator then finds the authority among those not using the service and merges it into
the listed authority it really is."""

from __future__ import annotations

import io
import time
from collections.abc import Callable

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import Team
from tests.browser.helpers import (
    Data,
    Mailbox,
    answer_a_complaint_of_no_response,
    choose_an_unlisted_authority,
    confirmation_reference,
    expect_validation_error,
    follow,
    sign_in,
    submit,
    visit,
)

NAME = "Ashcombe Harbour Board"
ADDRESS = "information.requests@ashcombe-harbour.example"


def test_complaint_about_an_unlisted_authority_reaches_the_address_the_requester_gave(
    new_page: Callable[[], Page], mailbox: Mailbox, police: Team, data: Data
) -> None:
    requester = data.requester("ines.moreau@example.org", "Inès Moreau")
    page = new_page()
    sign_in(page, requester)
    visit(page, "/complaints/new")

    # The authority is not in the list: its name and its address for requests are needed.
    assert page.url.endswith("/complaints/new/authority"), page.url
    page.get_by_label("Which authority did you send your request to?").select_option(
        label="It is not in this list"
    )
    page.get_by_label("If it is not in the list, enter its name").fill(NAME)
    assert expect_validation_error(page) == [
        "Enter the e-mail address the authority gives for information requests"
    ]
    choose_an_unlisted_authority(page, NAME, ADDRESS)

    answer_a_complaint_of_no_response(page, "The harbour's dredging contracts for 2025.")

    # Check your answers says how the authority gets it, before anything is sent.
    main = page.locator("main")
    expect(main).to_contain_text(f"By e-mail to {ADDRESS} (it does not use this service)")
    expect(main).to_contain_text(f"{NAME} does not use this service. We will e-mail your complaint")
    submit(page, "Send complaint")

    # Not "sent" while it waits in the outbox.
    reference_text = confirmation_reference(page)
    heading = page.locator("h1").inner_text()
    if heading == "Complaint sent":  # only if the sender had delivered it already
        assert mailbox.find(ADDRESS), "the page said sent before the e-mail went"
    else:
        assert heading == "Complaint filed", heading
        expect(main).to_contain_text(f"We are e-mailing your complaint to it at {ADDRESS}")

    # The real SMTP server gets it at the address the requester gave, with the PDF.
    _complaint_mail_reaches(
        mailbox,
        ADDRESS,
        "reply to Inès Moreau directly, at ines.moreau@example.org",
        reference_text,
        "dredging contracts",
    )

    # The case page, once it went, says where and when.
    visit(page, f"/complaints/{reference_text}")
    expect(main).to_contain_text(f"Sent by e-mail to {ADDRESS} on")
    expect(main).to_contain_text(f"{NAME} does not use this service, so it will reply to you")

    # An administrator finds it among the authorities not using the service, and merges it
    # into the listed authority it really is; that authority's caseworker then sees the case.
    admin = "ada.admin@review.example"
    data.user("admin", email_address=admin, name="Ada Admin")
    staff = new_page()
    sign_in(staff, admin)
    visit(staff, "/admin/authorities")
    unlisted = staff.locator(".govuk-summary-list__row", has_text=NAME)
    expect(unlisted).to_contain_text(f"Address given: {ADDRESS}")
    expect(unlisted).to_contain_text("1 complaint (1 open)")
    follow(staff, f"Merge {NAME} into another authority")
    staff.get_by_label("Which authority is it?").select_option(label=police.authority)
    submit(staff, "Merge")
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("1 complaint moved")
    expect(staff.locator("main")).not_to_contain_text("Authorities not using this service")

    caseworker = new_page()
    sign_in(caseworker, police.caseworker)
    visit(caseworker, f"/staff/cases/{reference_text}")
    expect(caseworker.locator(".govuk-caption-l")).to_have_text(police.authority)


def test_the_requester_corrects_a_wrong_address_and_the_complaint_reaches_the_new_one(
    new_page: Callable[[], Page], mailbox: Mailbox, data: Data
) -> None:
    """Issue 12 item 1, the re-send: the address the requester typed was wrong. From the case
    page they give the right one, and the complaint with its PDF reaches the real SMTP server
    there (``cases.services.resend_to_authority``, also POST /api/v1/cases/{reference}/
    authority-address); the case page then says where it went."""
    name, typo = "Kelmscott Drainage Board", "fio@kelmscott-drainage.example"
    corrected = "foi@kelmscott-drainage.example"
    requester = data.requester("tomasz.nowak@example.org", "Tomasz Nowak")
    page = new_page()
    sign_in(page, requester)
    visit(page, "/complaints/new")
    choose_an_unlisted_authority(page, name, typo)
    answer_a_complaint_of_no_response(page, "The board's pumping station maintenance logs.")
    submit(page, "Send complaint")
    reference = confirmation_reference(page)
    mailbox.wait_for(typo, "Request for internal review")  # it went where they said

    main = page.locator("main")
    _case_page_says(page, reference, f"Sent by e-mail to {typo} on")
    follow(page, "Send to a different address", exact=False)
    expect(page.locator("h1")).to_have_text("Send the complaint to a different address")
    address = page.get_by_label("The authority's e-mail address for information requests")
    expect(address).to_have_value(typo)
    address.fill("foi at kelmscott")
    assert expect_validation_error(page, "Send the complaint to this address") == [
        "Enter an e-mail address in the correct format, like name@example.com"
    ]
    page.get_by_label("The authority's e-mail address for information requests").fill(corrected)
    submit(page, "Send the complaint to this address")

    assert page.url.endswith(f"/complaints/{reference}"), page.url
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"We are e-mailing the complaint to {name} at {corrected}"
    )
    _complaint_mail_reaches(
        mailbox,
        corrected,
        "reply to Tomasz Nowak directly, at tomasz.nowak@example.org",
        reference,
        "pumping station",
    )
    assert len(mailbox.find(typo, "Request for internal review")) == 1  # not sent there again

    _case_page_says(page, reference, f"Sent by e-mail to {corrected} on")
    expect(main).not_to_contain_text(typo)

    # Staff have the same page, reaching the same service: an administrator finds it from the
    # staff case page, with the corrected address.
    admin = "ada.admin@review.example"
    data.user("admin", email_address=admin, name="Ada Admin")
    staff = new_page()
    sign_in(staff, admin)
    visit(staff, f"/staff/cases/{reference}")
    follow(staff, "Send it to a different address")
    expect(staff.locator("h1")).to_have_text("Send the complaint to a different address")
    expect(
        staff.get_by_label("The authority's e-mail address for information requests")
    ).to_have_value(corrected)


def _case_page_says(page: Page, reference: str, text: str) -> None:
    """The case page, once the outbox worker has marked the e-mail sent (it does so just after
    the SMTP server took it)."""
    for _ in range(40):
        visit(page, f"/complaints/{reference}")
        if text in " ".join(page.locator("main").inner_text().split()):
            return
        time.sleep(0.25)
    expect(page.locator("main")).to_contain_text(text)


def _complaint_mail_reaches(
    mailbox: Mailbox, address: str, reply_to: str, reference: str, words: str
) -> None:
    """The complaint's e-mail reaches ``address``: its body says whom the authority replies to,
    and its PDF, named for the case, carries the reference and ``words`` of the request."""
    mail = mailbox.wait_for(address, "Request for internal review")
    assert reply_to in " ".join(mail.body.split())
    [pdf] = [a for a in mail.attachments if a.media_type == "application/pdf"]
    assert pdf.filename == f"{reference}-complaint.pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert reference in text and words in text
