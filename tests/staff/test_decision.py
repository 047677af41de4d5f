"""The reviewer's decision through the pages: findings per ground and provision, the derived
outcome, the optimistic lock, the letter preview, issue and correction, and the letter itself."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import event, select

from review_service import clock
from review_service.accounts.models import Role
from review_service.audit.models import AuditEvent
from review_service.extensions import commit
from review_service.letters.models import Letter
from review_service.letters.render import DRAFT_WATERMARK
from review_service.mail.models import OutboxMessage
from review_service.reviews.services import decision_for, preview_outcome_letter
from tests.factories import create_authority, create_staff, create_user
from tests.staff import decision_data, sign_in, triaged_case

DECIDED_ON = dt.date(2026, 10, 20)
HOSTILE = "<b>bold</b> & <script>alert(1)</script> Gwŷn ap Ŵil ŵ ŷ"


pytestmark = pytest.mark.usefixtures("fresh_sessions")


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(clock, "today", lambda: DECIDED_ON)
    return DECIDED_ON


@pytest.fixture
def setting(session, today):  # type: ignore[no-untyped-def]
    authority = create_authority(session, name="Metropolis Police Service")
    staff = create_staff(session, authority)
    case = triaged_case(session, authority, staff)
    commit()
    return authority, staff, case


def form_version(html: str) -> int:
    """The case version a form page carries in its hidden field."""
    match = re.search(r'<input[^>]*name="version"[^>]*value="(\d+)"', html)
    assert match, "no version field"
    return int(match.group(1))


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def reviewer_saves_the_decision(client, setting):  # type: ignore[no-untyped-def]
    """The setting's reviewer signs in and saves ``decision_data`` for its case."""
    _, staff, case = setting
    sign_in(client, staff["reviewer"])
    client.post(f"/staff/cases/{case.reference}/decision", decision_data(case))
    return staff, case


def test_reviewer_decides_a_case_with_two_ncnd_provisions_and_a_general_ground(
    client, session, setting
) -> None:  # type: ignore[no-untyped-def]
    _, staff, case = setting
    s24, s31 = case.refusal_notice.provisions
    assert s24.ncnd and s31.ncnd
    sign_in(client, staff["reviewer"])

    page = client.get(f"/staff/cases/{case.reference}/decision")
    assert page.status_code == 200
    text = client.last_page.text
    assert "s.24(2) National security" in text and "s.31(3) Law enforcement" in text
    assert "The authority holds more information than it found" in text
    assert "Budgets are published." in text  # the requester's own words, beside the ground

    saved = client.post(f"/staff/cases/{case.reference}/decision", decision_data(case))
    assert saved.status_code == 302
    client.get(saved.headers["Location"])
    # One ground upheld, s.24 maintained, s.31 withdrawn, information released: partly upheld.
    assert "Outcome, derived from your saved findings: Original decision partly upheld" in (
        client.last_page.text
    )

    decision = decision_for(session, case)
    assert decision is not None
    assert {f.finding for f in decision.provision_findings} == {"maintained", "withdrawn"}
    assert [f.upheld for f in decision.ground_findings] == [False, True]
    assert decision.internal_notes == "Checked with the drone unit."

    preview = client.get(f"/staff/cases/{case.reference}/decision/preview.pdf")
    assert preview.status_code == 200 and preview.mimetype == "application/pdf"
    assert DRAFT_WATERMARK in pdf_text(preview.data)
    assert session.scalars(select(Letter).where(Letter.kind == "outcome")).all() == []

    client.get(f"/staff/cases/{case.reference}/issue")
    assert "Original decision partly upheld" in client.last_page.text
    issued = client.post(f"/staff/cases/{case.reference}/issue", {"version": str(case.version)})
    assert issued.status_code == 302
    session.expire_all()
    assert case.status == "decided" and case.outcome == "partly_upheld"
    assert case.decided_on == DECIDED_ON

    letter = session.scalar(select(Letter).where(Letter.kind == "outcome"))
    assert letter is not None and letter.version == 1 and len(letter.sha256) == 64
    mail = session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == case.requester.email)
    ).all()
    assert any("outcome of the internal review" in m.subject for m in mail)
    actions = [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-1] == "decide" and "save_decision" in actions

    # Staff can download the issued letter; it is the stored bytes, not a re-render.
    download = client.get(f"/staff/cases/{case.reference}/letters/{letter.id}")
    assert download.status_code == 200 and download.data == letter.pdf
    assert "attachment" in download.headers["Content-Disposition"]
    assert DRAFT_WATERMARK not in pdf_text(download.data)


def test_the_preview_reads_the_letter_and_the_findings_in_two_statements(
    client, session, setting
) -> None:  # type: ignore[no-untyped-def]
    # Issue 13: the letter's parts, then the decision with its findings (it took six: the
    # decision, its ground and provision findings, the grounds, the provisions apart).
    staff, case = reviewer_saves_the_decision(client, setting)
    session.expire_all()
    reviewer, _ = staff["reviewer"], case.reference  # the actor and the case themselves
    assert reviewer.id
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        pdf = preview_outcome_letter(session, reviewer, case)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 2, statements
    text = pdf_text(pdf)
    assert "s.24(2)" in text and "s.31(3)" in text and DRAFT_WATERMARK in text


def test_outcome_letter_names_the_references_every_provision_and_the_ico_date(
    client, session, setting
) -> None:  # type: ignore[no-untyped-def]
    staff, case = reviewer_saves_the_decision(client, setting)
    client.post(f"/staff/cases/{case.reference}/issue", {"version": str(case.version)})
    letter = session.scalar(select(Letter).where(Letter.kind == "outcome"))
    text = pdf_text(letter.pdf)

    assert case.reference in text  # our reference
    assert "FOI-2026-0101" in text  # the authority's reference for the request
    assert re.search(r"s\.24\(2\) National security \(neither confirm nor deny\) Maintained", text)
    assert re.search(r"s\.31\(3\) Law enforcement \(neither confirm nor deny\) Withdrawn", text)
    # ICO: six calendar weeks from the letter, 20 October 2026 + 42 days.
    assert "by 1 December 2026" in text
    assert "Information Commissioner's Office" in text and "SK9 5AF" in text
    assert "Original decision partly upheld" in text
    assert "Checked with the drone unit." not in text  # internal notes stay internal


def test_user_text_is_printed_literally_in_the_letter_and_escaped_in_the_pages(
    client, session, today
) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    staff = create_staff(session, authority)
    requester = create_user(session, Role.REQUESTER, name=f"Rhian {HOSTILE}")
    case = triaged_case(
        session,
        authority,
        staff,
        requester=requester,
        request_text=f"Request {HOSTILE}",
    )
    commit()
    sign_in(client, staff["reviewer"])
    data = decision_data(
        case,
        released_information=f"Released {HOSTILE}",
        letter_summary=f"Summary {HOSTILE}",
        internal_notes=f"Notes {HOSTILE}",
    )
    ground = case.grounds[0]
    data[f"ground_{ground.id}_reasons"] = f"Ground reasons {HOSTILE}"
    client.post(f"/staff/cases/{case.reference}/decision", data)
    client.post(f"/staff/cases/{case.reference}/issue", {"version": str(case.version)})
    letter = session.scalar(select(Letter).where(Letter.kind == "outcome"))
    text = pdf_text(letter.pdf)
    for prefix in ("Released", "Summary", "Ground reasons", "Dear Rhian"):
        assert f"{prefix} {HOSTILE}" in text
    assert "&amp;" not in text and "&lt;" not in text

    page = client.get(f"/staff/cases/{case.reference}")
    html = page.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "<b>bold</b>" not in html
    escaped = "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt; Gwŷn ap Ŵil ŵ ŷ"
    for prefix in ("Request", "Notes", "Released", "Ground reasons"):
        assert f"{prefix} {escaped}" in html
    assert f"Rhian {HOSTILE}" in client.last_page.text  # read as text, it is what was typed


def test_two_people_saving_the_same_case_the_second_keeps_what_they_typed(
    client, session, setting
) -> None:  # type: ignore[no-untyped-def]
    _, staff, case = setting
    sign_in(client, staff["reviewer"])
    url = f"/staff/cases/{case.reference}/decision"
    first_tab = form_version(client.get(url).get_data(as_text=True))
    second_tab = form_version(client.get(url).get_data(as_text=True))
    assert first_tab == second_tab == case.version
    first = decision_data(case, internal_notes="First tab's notes", version=str(first_tab))
    second = decision_data(
        case, internal_notes="Second tab: a long careful note", version=str(second_tab)
    )
    ground = case.grounds[1]
    second[f"ground_{ground.id}_reasons"] = "Reasons only the second tab typed"

    assert client.post(url, first).status_code == 302
    response = client.post(url, second)

    assert response.status_code == 400
    page = client.last_page
    assert page.title.startswith("Error: ")
    assert "Someone else changed this case while you were editing it" in page.text
    html = response.get_data(as_text=True)
    assert "Second tab: a long careful note" in html
    assert "Reasons only the second tab typed" in html
    session.expire_all()
    assert decision_for(session, case).internal_notes == "First tab's notes"
    # The form now carries the current version, so saving again is a deliberate overwrite.
    assert form_version(html) == case.version
    again = client.post(url, {**second, "version": str(case.version)})
    assert again.status_code == 302
    session.expire_all()
    assert decision_for(session, case).internal_notes == "Second tab: a long careful note"


def test_a_stale_issue_is_refused_with_the_message(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    staff, case = reviewer_saves_the_decision(client, setting)
    stale_version = case.version - 1
    response = client.post(f"/staff/cases/{case.reference}/issue", {"version": str(stale_version)})
    assert response.status_code == 400
    assert "Someone else changed this case" in client.last_page.text
    session.expire_all()
    assert case.outcome is None


def test_reviewer_cannot_decide_a_case_they_handled_originally(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    _, staff, case = setting
    # The services never let this happen (assign refuses); the decision still refuses it if
    # the records say so, e.g. after a data correction.
    case.original_decision_maker_id = staff["reviewer"].id
    commit()
    sign_in(client, staff["reviewer"])
    url = f"/staff/cases/{case.reference}/decision"
    assert client.get(url).status_code == 403
    assert "You made the original decision, so you cannot review it." in client.last_page.text
    response = client.post(url, decision_data(case), form_url=f"/staff/cases/{case.reference}")
    assert response.status_code == 403
    assert decision_for(session, case) is None
    issue = client.post(
        f"/staff/cases/{case.reference}/issue",
        {"version": str(case.version)},
        form_url=f"/staff/cases/{case.reference}",
    )
    assert issue.status_code == 403


def test_only_the_assigned_reviewer_decides(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    _, staff, case = setting
    sign_in(client, staff["other_reviewer"])
    assert client.get(f"/staff/cases/{case.reference}/decision").status_code == 403
    assert "Only the assigned reviewer can decide this review." in client.last_page.text
    sign_in(client, staff["caseworker"])
    assert client.get(f"/staff/cases/{case.reference}/decision").status_code == 403


def test_incomplete_findings_are_kept_and_block_the_issue(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    _, staff, case = setting
    sign_in(client, staff["reviewer"])
    url = f"/staff/cases/{case.reference}/decision"
    first, second = case.grounds
    # Reasons without the finding they explain cannot be stored: say so, keep the text.
    orphan = {"version": str(case.version), f"ground_{first.id}_reasons": "Half-way thoughts"}
    response = client.post(url, orphan)
    assert response.status_code == 400
    assert "Select whether the ground is upheld, or its reasons cannot be saved" in (
        client.last_page.text
    )
    assert "Half-way thoughts" in response.get_data(as_text=True)
    draft = {**orphan, f"ground_{first.id}_upheld": "no"}
    assert client.post(url, draft).status_code == 302
    client.get(url)
    assert "Half-way thoughts" in client.last_page.text
    client.get(f"/staff/cases/{case.reference}/issue")
    text = client.last_page.text
    assert "Before the outcome can be issued" in text
    assert "Decide whether s.24(2) is maintained" in text
    preview = client.get(f"/staff/cases/{case.reference}/decision/preview.pdf")
    assert preview.status_code == 302  # back to the case with the message
    assert "The letter cannot be previewed yet." in client.follow(preview)


def test_a_replaced_provision_needs_its_replacement_from_the_catalogue(
    client, session, setting
) -> None:  # type: ignore[no-untyped-def]
    _, staff, case = setting
    s24 = case.refusal_notice.provisions[0]
    sign_in(client, staff["reviewer"])
    url = f"/staff/cases/{case.reference}/decision"
    data = decision_data(case, **{f"provision_{s24.id}_finding": "replaced"})
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Select the provision now relied on instead" in client.last_page.text
    assert f'href="#provision_{s24.id}_replacement"' in response.get_data(as_text=True)

    data[f"provision_{s24.id}_replacement"] = "s.23"
    # s.23 is absolute (FOIA s.2(3)(b)): the balance typed for s.24(2) is refused, not printed.
    response = client.post(url, data)
    assert response.status_code == 400
    assert "s.23 has no public-interest test: leave the public-interest balance empty" in (
        client.last_page.text
    )
    data[f"provision_{s24.id}_public_interest"] = ""
    assert client.post(url, data).status_code == 302
    finding = next(
        f for f in decision_for(session, case).provision_findings if f.cited_provision_id == s24.id
    )
    assert (finding.finding, finding.replacement_provision) == ("replaced", "s.23")


def test_the_outcome_is_derived_not_typed(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    _, staff, case = setting
    sign_in(client, staff["reviewer"])
    data = decision_data(case, released_information="", outcome="overturned")
    for ground in case.grounds:
        data[f"ground_{ground.id}_upheld"] = "no"
    for cited in case.refusal_notice.provisions:
        data[f"provision_{cited.id}_finding"] = "maintained"
    client.post(f"/staff/cases/{case.reference}/decision", data)
    client.get(f"/staff/cases/{case.reference}/decision")
    assert "derived from your saved findings: Original decision upheld" in client.last_page.text


def test_correction_issues_a_new_version_pointing_to_the_old(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    staff, case = reviewer_saves_the_decision(client, setting)
    client.post(f"/staff/cases/{case.reference}/issue", {"version": str(case.version)})
    sign_in(client, staff["caseworker"])
    client.get(f"/staff/cases/{case.reference}")
    assert "Correct the outcome letter" in client.last_page.text

    missing = client.post(
        f"/staff/cases/{case.reference}/correct", {"version": str(case.version), "note": ""}
    )
    assert missing.status_code == 400 and "Say what the correction is" in client.last_page.text

    response = client.post(
        f"/staff/cases/{case.reference}/correct",
        {"version": str(case.version), "note": "The s.31 reasons were incomplete."},
    )
    assert response.status_code == 302
    first, second = session.scalars(
        select(Letter).where(Letter.kind == "outcome").order_by(Letter.version)
    ).all()
    assert (second.version, second.supersedes_id) == (2, first.id)
    assert second.sha256 != first.sha256
    text = pdf_text(second.pdf)
    assert "corrects and replaces the letter dated 20 October 2026 (version 1)" in text
    client.get(f"/staff/cases/{case.reference}")
    assert "Review outcome (corrected), version 2 (PDF)" in client.last_page.text
    assert "Replaces version 1" in client.last_page.text


def test_the_case_page_shows_everything_in_one_place(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    staff, case = reviewer_saves_the_decision(client, setting)
    sign_in(client, staff["caseworker"])
    client.get(f"/staff/cases/{case.reference}")
    text = client.last_page.text
    for expected in (
        "Please tell me how many drones the force owns.",  # the request
        "s.24(2) National security Qualified exemption (public-interest test) Yes",  # provisions
        "National security is not engaged.",  # grounds
        "Outcome so far, derived from the findings: Original decision partly upheld",
        "Acknowledgement, version 1 (PDF)",  # letters
        "The authority should send its review outcome by Monday 2 November 2026",
        "Counted from Monday 5 October 2026 (day 0): 20 working days.",
        "10 October 2026 Saturday",  # the working shown on demand
        "Complaint acknowledged",  # the audit trail ...
        "internal: not shown to the requester",  # ... including internal events
        "Checked with the drone unit.",  # internal notes, for staff
    ):
        assert expected in text, expected


def test_saving_incomplete_findings_says_draft_and_lists_what_is_still_needed(
    client, session, setting
) -> None:  # type: ignore[no-untyped-def]
    """Issue 12 item 9: not a green "saved" for findings that cannot be issued yet."""
    _, staff, case = setting
    s24, s31 = case.refusal_notice.provisions
    sign_in(client, staff["reviewer"])
    data = decision_data(case)
    data[f"provision_{s31.id}_finding"] = ""
    data[f"provision_{s31.id}_reasons"] = ""
    data[f"provision_{s31.id}_public_interest"] = ""
    data[f"provision_{s24.id}_public_interest"] = ""
    saved = client.post(f"/staff/cases/{case.reference}/decision", data)
    assert saved.status_code == 302, client.last_page.text[:3000]
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "govuk-notification-banner--success" not in page
    assert "Your findings have been saved as a draft." in page
    needed = re.search(
        r"Still needed before you can issue the outcome:</p>\s*<ul[^>]*>(.*?)</ul>", page, re.S
    )
    assert needed, page
    items = re.findall(r"<li>(.*?)</li>", needed.group(1))
    assert items == [
        "Set out the public-interest balance for s.24(2)",
        "Decide whether s.31(3) is maintained",
    ]

    complete = client.post(f"/staff/cases/{case.reference}/decision", decision_data(case))
    page = client.get(complete.headers["Location"]).get_data(as_text=True)
    assert "govuk-notification-banner--success" in page
    assert "the outcome is original decision partly upheld, ready to issue" in page
