"""Issue 12 item 4, in a real browser: the requester's case page at every stage says where the
case is, what was decided (with the letter), the next date that matters and what they can do;
each visit passes the page checks (h1, title, axe-core, no sideways scrolling at 320 px). The
stages: received, acknowledged, in review, decided, referred, decision notice, appealed (the
requester e-mailed), the tribunal's decision (recorded on the staff page; e-mailed), closed;
withdrawn is in test_withdrawn_case.py."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from review_service import clock
from tests.browser.conftest import LiveServer, Team
from tests.browser.helpers import (
    Data,
    Mailbox,
    fill_date,
    long_date,
    sign_in,
    submit,
    visit,
)

ICO = "the Information Commissioner's Office (ICO)"
COURT = "First-tier Tribunal (General Regulatory Chamber)"


def test_the_case_page_at_every_stage(
    new_page: Callable[[], Page],
    police: Team,
    data: Data,
    mailbox: Mailbox,
    live_server: LiveServer,
) -> None:
    requester = data.requester("ada.yonath@example.org", "Ada Yonath")
    reference = data.file_police_complaint(requester, police.authority_id)
    page = new_page()
    sign_in(page, requester)
    url = f"/complaints/{reference}"

    def at(stage: str | None, where: str, decided: str, next_date: str, can_do: str) -> None:
        if stage is not None:
            data.advance(
                reference,
                stage,
                caseworker=police.caseworker,
                reviewer=police.reviewer,
                after=at.stage,  # type: ignore[attr-defined]
            )
            at.stage = stage  # type: ignore[attr-defined]
        visit(page, url)
        expect(page.locator("#where")).to_contain_text(where)
        expect(page.locator("#decided")).to_contain_text(decided)
        expect(page.locator("#next-date")).to_contain_text(next_date)
        expect(page.locator("#can-do")).to_contain_text(can_do)

    at.stage = None  # type: ignore[attr-defined]
    authority = police.authority
    at(None, "has your complaint", "Nothing yet.", "should send you the outcome", "Withdraw")
    at("acknowledged", f"{authority} acknowledged", "Nothing yet.", "by", "Withdraw")
    at("in_review", "is looking at your request again", "Nothing yet.", "by", "Withdraw")
    at(
        "decided",
        "has sent you the outcome",
        "Read the letter",
        f"complain to {ICO} by",
        "Complain",
    )
    with page.expect_download() as letter:
        page.locator("#decided").get_by_role("link", name="Read the letter").click()
    assert letter.value.suggested_filename.endswith(".pdf")
    at(
        "referred",
        f"You complained to {ICO}",
        "Outcome of the internal review",
        "None yet",
        "Your complaint to",
    )
    at(
        "decision_notice",
        "has decided your complaint",
        "Decision notice IC-400123-K2M4",
        f"appeal to the {COURT} until",
        "you can appeal",
    )
    # The outcome and the steps ordered are on the page, not only timeline lines (item 4).
    expect(page.locator("#decided")).to_contain_text(
        "Confirm or deny whether covert deployments took place."
    )
    at(
        "appealed",
        f"under appeal to the {COURT}",
        f"{authority} appealed on",
        "sets its own dates",
        "will write to you",
    )
    # The requester hears of the authority's appeal by e-mail (item 4), with a link to the case.
    appealed = mailbox.wait_for(requester, "The decision has been appealed")
    assert f"{authority} has appealed the decision on your complaint {reference}" in " ".join(
        appealed.body.split()
    )
    assert appealed.link("/complaints/") == f"{live_server.url}/complaints/{reference}"  # item 7

    # The tribunal decides; the caseworker records it on the staff page.
    today = clock.today()
    staff = new_page()
    sign_in(staff, police.caseworker)
    visit(staff, f"/staff/cases/{reference}/regulator/tribunal-outcome")
    staff.get_by_label("Appeal dismissed").check()
    fill_date(staff, "Date of the First-tier Tribunal's decision", today)
    submit(staff, "Record the decision")
    expect(staff.locator(".govuk-notification-banner")).to_contain_text(
        "The First-tier Tribunal's decision has been recorded"
    )
    at(
        None,
        f"The {COURT} has decided the appeal",
        f"Appeal dismissed, on {long_date(today)}",
        f"None here: the {COURT}'s decision says",
        "tell the Information Commissioner's Office (ICO): it can enforce its decision",
    )
    # Not what an undecided appeal says.
    expect(page.locator("#can-do")).not_to_contain_text("will write to you about the appeal")
    expect(page.locator("#next-date")).not_to_contain_text("sets its own dates")
    decided = mailbox.wait_for(requester, "has decided the appeal")
    assert "appeal dismissed" in decided.body.lower()
    assert decided.link("/complaints/") == f"{live_server.url}/complaints/{reference}"

    # Closed by the caseworker (the steps ordered not recorded as taken, said so).
    from sqlalchemy import select

    from review_service.accounts.services import user_by_email
    from review_service.cases import services as cases
    from review_service.cases.models import Case

    with data.session() as session:
        case = session.scalar(select(Case).where(Case.reference == reference))
        staff = user_by_email(session, police.caseworker)
        cases.close(session, staff, case, reason="The appeal was settled.", without_compliance=True)
    at(
        None,
        "was closed on",
        "Decision notice IC-400123-K2M4",
        "None: your complaint is closed.",
        "Nothing more is needed",
    )
