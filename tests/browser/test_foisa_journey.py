"""Issue 11: a Scottish complaint from start to finish in the browser, in FOISA's own words and
dates on every page and letter (letters read back with pypdf).

The requester requires a review (FOISA s.20; the window counted under s.20(5) from the date the
council received the request); the council acknowledges and reviews within 20 Scottish working
days (s.21(1)); the outcome letter gives the particulars of the rights under s.47(1) and s.56
(s.21(10)); the requester applies to the Scottish Information Commissioner (s.47); the council
records the Commissioner's decision, and an appeal to the Court of Session on a point of law
within 42 days (s.56) and its outcome. Nothing on the way speaks of an internal review, the ICO,
a decision notice or the First-tier Tribunal. Every page is checked (h1, title, axe-core).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from review_service import clock
from review_service.domain import deadlines
from review_service.domain.calendar import Regime
from tests.browser.helpers import (
    Data,
    confirmation_reference,
    error_messages,
    fill_date,
    follow,
    long_date,
    navigate,
    record_regulator_decision,
    sign_in,
    submit,
    visit,
)

FOISA = Regime.FOISA
COUNCIL = "Lothian Valley Council"
CASEWORKER = "iona.caseworker@lothianvalley.example"
REVIEWER = "fraser.reviewer@lothianvalley.example"
REQUESTER = "morag.gordon@example.org"
NOT_SCOTTISH = ("internal review", "ICO", "Information Commissioner's Office", "First-tier")


def council_reply(responded: dt.date) -> str:
    """A Scottish council's refusal, written for this test: one qualified FOISA exemption."""
    return f"""LOTHIAN VALLEY COUNCIL
Information Governance
Our ref: FOI-LVC-2026-0417
{long_date(responded)}

Dear Ms Gordon

Freedom of Information (Scotland) Act 2002: your request about the school estate review

We hold the information you asked for. We have decided to withhold the draft options appraisal
under section 30(b)(i) of the Freedom of Information (Scotland) Act 2002, because releasing it
now would substantially inhibit the free and frank provision of advice. We have considered the
public interest and find that it favours withholding the draft while options are discussed.

If you are dissatisfied with the way we have dealt with your request, you can require us to
review our actions and decisions by writing to us within 40 working days. If you are still
dissatisfied after the review, you have the right to apply to the Scottish Information
Commissioner.

Yours sincerely
Information Governance Officer
"""


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def letter_text(page: Page, link: str) -> str:
    response = page.request.get(page.get_by_role("link", name=link).get_attribute("href") or "")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return pdf_text(response.body())


def assert_scottish(text: str, where: str) -> None:
    for wrong in NOT_SCOTTISH:
        assert wrong not in text, f"{wrong!r} in {where}:\n{text}"


def test_a_scottish_complaint_through_review_application_decision_and_court_of_session(
    new_page: Callable[[], Page], data: Data
) -> None:
    today = clock.today()
    received = today - dt.timedelta(days=60)  # e-mailed, so received the day it was sent
    responded = received + dt.timedelta(days=12)  # within the 20 working days (s.10(1))
    council = data.authority(
        COUNCIL,
        regime="foisa",
        email="foi@lothianvalley.example",
        address="Council Headquarters\nHigh Street\nLivingston\nEH54 6FF",
        signatory_title="Information Governance Manager",
    )
    data.user("caseworker", email_address=CASEWORKER, name="Iona Caseworker", authority_id=council)
    data.user("reviewer", email_address=REVIEWER, name="Fraser Reviewer", authority_id=council)
    data.user("requester", email_address=REQUESTER, name="Morag Gordon")

    # -- the requester requires a review ------------------------------------------------------
    page = new_page()
    sign_in(page, REQUESTER)
    visit(page, "/complaints/new/authority")
    page.get_by_label("Which authority did you send your request to?").select_option(label=COUNCIL)
    submit(page)
    page.get_by_label("Freedom of Information (Scotland) Act 2002 (FOISA)").check()
    submit(page)

    # FOISA s.20(5) counts from the end of the 20 working days after the council received the
    # request, so the receipt date is asked for, and required.
    assert page.url.endswith("/complaints/new/request"), page.url
    fill_date(page, "When did you send your request?", received)
    page.get_by_label("What did you ask for?").fill(
        "The options appraisal for the school estate review, and the minutes of the meetings "
        "that discussed it."
    )
    submit(page)
    assert "Enter the date the authority received your request" in error_messages(page)
    fill_date(page, "When did the authority receive your request?", received)
    submit(page)

    assert page.url.endswith("/complaints/new/response"), page.url
    page.get_by_label("Copy and paste its text").check()
    page.get_by_label("Paste the text of the response").fill(council_reply(responded))
    submit(page)

    assert page.url.endswith("/complaints/new/findings"), page.url
    main = page.locator("main")
    expect(main).to_contain_text("Exemptions the authority relied on")
    expect(page.get_by_role("heading", name="s.30(b)(i)", exact=True)).to_be_visible()
    fill_date(page, "Date of the response", responded)
    submit(page, "These are correct, continue")

    assert page.url.endswith("/complaints/new/grounds"), page.url
    page.get_by_label("The authority holds more information than it found").check()
    page.locator("#detail_more_information_held").fill(
        "The minutes of the options meetings were not mentioned at all."
    )
    submit(page)

    assert page.url.endswith("/complaints/new/check"), page.url
    expect(main).to_contain_text("Freedom of Information (Scotland) Act 2002")
    expect(main).to_contain_text(f"Date the authority received it {long_date(received)}")
    submit(page, "Send complaint")

    reference = confirmation_reference(page)
    review_due = deadlines.review_response_due(FOISA, today).due  # s.21(1): 20 working days
    sic_opens = deadlines.regulator_route_opens(FOISA, today).due
    expect(main).to_contain_text(f"{review_due:%A} {long_date(review_due)}")
    expect(main).to_contain_text(f"{sic_opens:%A} {long_date(sic_opens)}")
    expect(main).to_contain_text("Scottish Information Commissioner")
    assert_scottish(main.inner_text(), "the confirmation page")

    # -- the council acknowledges, assigns and reviews ----------------------------------------
    staff = new_page()
    sign_in(staff, CASEWORKER)
    visit(staff, f"/staff/cases/{reference}")
    staff_main = staff.locator("main")
    follow(staff, "Acknowledge the complaint")
    submit(staff, "Acknowledge and send the letter")
    expect(staff_main).to_contain_text(f"Complaint {reference} acknowledged")
    acknowledgement = letter_text(staff, "Acknowledgement, version 1 (PDF)")
    for expected in (
        "Review of request FOI-LVC-2026-0417",
        "requirement for review under section 20 of the Freedom of Information (Scotland) Act",
        long_date(review_due),
        "FOISA s.21(1)",
    ):
        assert expected in acknowledgement, f"{expected!r} not in:\n{acknowledgement}"
    assert_scottish(acknowledgement, "the acknowledgement")
    follow(staff, "Assign a reviewer")
    staff.get_by_label("Reviewer").select_option(label="Fraser Reviewer")
    submit(staff, "Assign")

    reviewer = new_page()
    sign_in(reviewer, REVIEWER)
    visit(reviewer, f"/staff/cases/{reference}")
    follow(reviewer, "Record your findings")
    ground = reviewer.locator(".app-finding", has_text="The authority holds more information")
    exemption = reviewer.locator(".app-finding", has_text="s.30(b)(i)")
    ground.get_by_label("Not upheld").check()
    ground.get_by_label("Reasons").fill("The minutes were searched for; none were taken.")
    exemption.get_by_label("Maintained").check()
    exemption.get_by_label("Reasons").fill(
        "Officers' advice on school closures would not be given frankly if drafts were released "
        "while options are open."
    )
    exemption.get_by_label("The public-interest balance").fill(
        "The public interest in the estate review is strong, but the final appraisal will be "
        "published; the balance favours withholding the draft for now."
    )
    submit(reviewer, "Save findings")
    assert error_messages(reviewer) == []
    follow(reviewer, "Issue the outcome")
    submit(reviewer, "Issue the outcome letter")
    expect(reviewer.locator(".govuk-notification-banner")).to_contain_text(
        "The outcome letter (version 1) has been issued"
    )
    outcome = letter_text(reviewer, "Review outcome, version 1 (PDF)")
    apply_by = deadlines.regulator_complaint_window(FOISA, today).due  # s.47(4)(a)
    for expected in (
        f"Outcome of the review {reference}",
        "requirement for review under section 20 of the Freedom of Information (Scotland) Act",
        "Original decision upheld",
        "The exemptions relied on",
        "s.30(b)(i)",
        # s.21(10): the particulars of the rights under s.47(1) and s.56.
        "you have the right under section 47(1) of the Freedom of Information (Scotland) Act "
        "2002 to apply to the Scottish Information Commissioner",
        "(section 47(2))",
        f"{long_date(apply_by)} (section 47(4)(a))",
        "appeal against it to the Court of Session, on a point of law only, within 42 days of "
        "the decision (section 56 of the Act)",
        "Kinburn Castle",
    ):
        assert expected in outcome, f"{expected!r} not in the outcome letter:\n{outcome}"
    assert_scottish(outcome, "the outcome letter")

    # -- the requester applies to the Scottish Information Commissioner -----------------------
    visit(page, f"/complaints/{reference}")
    assert_scottish(main.inner_text(), "the requester's case page")
    follow(page, "Apply to the Scottish Information Commissioner")
    expect(page.locator("h1")).to_have_text("Apply to the Scottish Information Commissioner")
    expect(main).to_contain_text(f"Time limit for applying {long_date(apply_by)}")
    expect(main).to_contain_text("Download your application")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything as one PDF").click()
    assert download.value.suggested_filename.endswith("-sic-application.pdf")
    with open(download.value.path(), "rb") as saved:
        application = pdf_text(saved.read())
    for expected in (
        "Application to the Scottish Information Commissioner",
        "I am applying under section 47(1) of the Freedom of Information (Scotland) Act 2002",
        "Kinburn Castle",
        reference,
    ):
        assert expected in application, f"{expected!r} not in the application:\n{application}"
    assert_scottish(application, "the application pack")
    submit(page, "I have sent my application")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You have told us you sent your application to the Scottish Information Commissioner"
    )

    # -- the Commissioner decides; the council appeals to the Court of Session ----------------
    visit(staff, f"/staff/cases/{reference}/regulator")
    navigate(staff, staff.get_by_role("button", name="Record the regulator's decision"))
    record_regulator_decision(
        staff,
        issued="It issued a decision",
        reference_label="Decision reference",
        reference="045/2026",
        sent_on=today,
        outcomes={"s.30(b)(i)": "Upheld"},
        steps="Give the applicant the draft options appraisal.",
    )
    appeal_by = today + dt.timedelta(days=42)  # FOISA s.56
    steps_by = today + dt.timedelta(days=42)  # s.49(7): not before the appeal period ends
    expect(staff_main).to_contain_text("Decision 045/2026")
    expect(staff_main).to_contain_text("Appeal to the Court of Session")
    expect(staff_main).to_contain_text("Either party may appeal on a point of law only (FOISA s.56")
    expect(staff_main).to_contain_text(f"{long_date(appeal_by)} (42 calendar days")
    expect(staff_main).to_contain_text(f"{long_date(steps_by)} (42 calendar days from the date")
    shown = staff_main.inner_text()
    for wrong in ("Tribunal", "decision notice"):
        assert wrong not in shown, f"{wrong!r} on the staff regulator page:\n{shown}"

    navigate(staff, staff.get_by_role("button", name="Record an appeal"))
    expect(staff.locator("h1")).to_have_text("Record an appeal to the Court of Session")
    expect(staff_main).to_contain_text(
        f"Any appeal to the Court of Session must be lodged by {long_date(appeal_by)}"
    )
    staff.get_by_label("The authority").check()
    fill_date(staff, "When did the Court of Session receive the appeal?", today)
    staff.get_by_label("Court of Session reference (if known)").fill("XA12/26")
    submit(staff, "Record the appeal")
    expect(staff_main).to_contain_text("XA12/26")

    navigate(staff, staff.get_by_role("button", name="Record the Court of Session’s decision"))
    expect(staff.locator("h1")).to_have_text("Record the Court of Session's decision")
    staff.get_by_label("Appeal refused").check()
    fill_date(staff, "Date of the Court of Session's decision", today)
    submit(staff, "Record the decision")
    expect(staff_main).to_contain_text("Appeal refused")
    assert "Tribunal" not in staff_main.inner_text()

    # -- the requester sees where it ended ----------------------------------------------------
    visit(page, f"/complaints/{reference}")
    expect(main).to_contain_text("Appeal to the Court of Session")
    expect(main).to_contain_text("Appeal refused")
    assert_scottish(main.inner_text(), "the requester's case page after the appeal")
