"""Acceptance: one FOIA case from filing to closure, every computed date checked by hand.

The dates sit around bank holidays so that a calendar counting only England's (or only the
days common to every nation) would give different answers:

- Request sent Monday 2 February 2026; response Tuesday 3 March 2026: 21 working days
  (Feb 3-6, 9-13, 16-20, 23-27 = 19; Mar 2, 3 = 21), one over the 20 FOIA s.10(1) allows.
- Request for review received Thursday 12 March 2026 (day 0), 7 working days after the
  response (Mar 4, 5, 6, 9, 10, 11, 12).
- Review target, 20 working days (s.45 Code): Tuesday 14 April 2026. Skipped: Tue 17 March
  (St Patrick's Day, Northern Ireland only, still not a working day under FOIA s.10(6)), Good
  Friday 3 April and Easter Monday 6 April. Counting: Mar 13 (1), 16 (2), 18-20 (3-5),
  23-27 (6-10), 30-31 (11-12), Apr 1-2 (13-14), 7-10 (15-18), 13 (19), 14 (20). An
  England-only calendar would say 13 April.
- The ICO route for an overdue review (40 working days): Wednesday 13 May 2026, past the Early
  May bank holiday (Mon 4 May): Apr 15-17 (21-23), 20-24 (24-28), 27-30 (29-32), May 1 (33),
  5-8 (34-37), 11-13 (38-40).
- Review outcome Wednesday 22 April 2026: 26 working days after the request for review
  (Apr 15 (21), 16, 17, 20, 21, 22 (26)).
- ICO's six weeks from the outcome: 22 April + 42 days = Wednesday 3 June 2026.
- The ICO's investigation letter of Wednesday 1 July asks for the submission by Wednesday 29
  July: 19 working days, as Monday 13 July (Battle of the Boyne, observed, in Northern Ireland)
  does not count.
- Decision notice sent Monday 3 August 2026 (a Scottish bank holiday, so not a FOIA working
  day either). Steps in 35 days: Monday 7 September 2026. Appeal within 28 days: Monday
  31 August 2026, the late summer bank holiday in England, Wales and Northern Ireland, so a
  notice received on Tuesday 1 September is still in time (GRC Rules r.12(2)).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from pypdf import PdfReader
from sqlalchemy import select

from review_service.accounts.models import Role
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.documents.services import check_upload, store_document
from review_service.domain.review import GroundKind
from review_service.mail.models import OutboxMessage
from review_service.regulator import services as regulator
from review_service.regulator.models import TribunalAppeal
from review_service.reviews import services as reviews
from tests.factories import create_authority, create_staff, create_user, file_command, labelled_pdf
from tests.pages import assert_all_in
from tests.pdfs import outline_pages, printed_index

REQUEST_SENT = dt.date(2026, 2, 2)
RESPONSE = dt.date(2026, 3, 3)
RECEIVED = dt.date(2026, 3, 12)
REVIEW_DUE = dt.date(2026, 4, 14)
ROUTE_OPENS = dt.date(2026, 5, 13)
DECIDED = dt.date(2026, 4, 22)
ICO_WINDOW = dt.date(2026, 6, 3)
REFERRED = dt.date(2026, 5, 5)
INVESTIGATION_LETTER = dt.date(2026, 7, 1)
SUBMISSION_DUE = dt.date(2026, 7, 29)
DN_SENT = dt.date(2026, 8, 3)
COMPLIANCE_DUE = dt.date(2026, 9, 7)
APPEAL_DUE = dt.date(2026, 8, 31)
COMPLIED = dt.date(2026, 8, 20)
APPEALED = dt.date(2026, 8, 28)
TRIBUNAL_DECIDED = dt.date(2026, 11, 10)
CLOSED = dt.date(2026, 11, 12)


def parts(day: dt.date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def pdf_text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_one_case_from_filing_to_closure(
    app: Any, session: Any, client: Any, frozen: Any, sign_in: Any
) -> None:
    def sync() -> None:
        # Each request runs in its own context and database session: end the test's
        # transaction and forget what it loaded, so what the request committed is read afresh.
        session.commit()
        session.expire_all()

    authority = create_authority(session, name="Metropolitan Borough of Testford")
    staff = create_staff(session, authority)
    caseworker, reviewer = staff["caseworker"], staff["reviewer"]
    requester = create_user(session, Role.REQUESTER, name="Rhian Jones")
    upload_dir = app.config["UPLOAD_DIR"]

    # -- Filing ------------------------------------------------------------------------------
    frozen.set(RECEIVED)
    filed = cases.file_case(
        session,
        requester,
        file_command(
            authority,
            request_sent_on=REQUEST_SENT,
            response_date=RESPONSE,
            grounds=(
                cases.GroundInput(
                    GroundKind.PROVISION, "National security is not engaged.", provision="s.24(2)"
                ),
                cases.GroundInput(
                    GroundKind.PROVISION, "Drone numbers are not tactics.", provision="s.31(3)"
                ),
                cases.GroundInput(GroundKind.LATE_RESPONSE, "It took over four weeks."),
            ),
        ),
        today=RECEIVED,
    )
    case: Case = filed.case
    assert case.received_on == RECEIVED
    assert case.review_due_on == REVIEW_DUE
    check = regulator.eligibility(session, case, today=RECEIVED)
    assert check.opens is not None and check.opens.due == ROUTE_OPENS
    assert not check.available
    for name, day in (("request", REQUEST_SENT), ("response", RESPONSE)):
        upload = check_upload(f"{name}.pdf", labelled_pdf(f"The {name}"), max_bytes=10_000_000)
        store_document(
            session, requester, upload, upload_dir=upload_dir, kind=name,
            title=f"My {name} e-mail" if name == "request" else "The refusal notice",
            case=case, dated=day,
        )  # fmt: skip
    session.commit()

    # -- Review: acknowledge, assign, decide, issue ------------------------------------------
    frozen.set(dt.date(2026, 3, 13))
    cases.acknowledge(session, caseworker, case, today=frozen.today)
    cases.assign(session, caseworker, case, reviewer_id=reviewer.id)
    reviews.save_decision(
        session,
        reviewer,
        case,
        reviews.DecisionInput(
            ground_findings=tuple(
                reviews.GroundFindingInput(
                    g.id,
                    # The ground against s.31(3) goes with its withdrawal (issue 11 item 5).
                    upheld=g.kind == GroundKind.LATE_RESPONSE
                    or (g.cited_provision is not None and g.cited_provision.provision == "s.31(3)"),
                    reasons="The response was a day late."
                    if g.kind == GroundKind.LATE_RESPONSE
                    else "Considered afresh.",
                )
                for g in case.grounds
            ),
            provision_findings=tuple(
                reviews.ProvisionFindingInput(
                    p.id,
                    "maintained" if p.provision == "s.24(2)" else "withdrawn",
                    reasons=f"Why {p.provision} applies: confirming would reveal capability.",
                    public_interest_reasons=f"For {p.provision} the balance favours "
                    "neither confirming nor denying.",
                )
                for p in case.refusal_notice.provisions
            ),
        ),
    )
    frozen.set(DECIDED)
    reviews.issue_decision(session, reviewer, case, today=DECIDED)
    session.commit()
    assert case.status == "decided" and case.decided_on == DECIDED

    # -- The requester prepares the ICO complaint ----------------------------------------------
    frozen.set(REFERRED)
    sign_in(requester)
    url = f"/complaints/{case.reference}/regulator"
    page = client.get(url)
    assert page.status_code == 200
    text = client.last_page.text
    assert "Take your complaint to the Information Commissioner's Office" in text
    assert "You can complain to the Information Commissioner's Office now." in text
    assert "3 June 2026" in text  # the ICO's six weeks
    html = page.get_data(as_text=True)
    assert 'data-maxlength="2000"' in html
    # Pre-filled from the grounds and the dates.
    assert_all_in(
        html,
        "It responded 21 working days after my request",
        "It took 26 working days to complete the internal review",
        "s.24(2) (National security; neither confirm nor deny",
    )
    assert "Drone numbers are not tactics." not in html  # s.31(3) was withdrawn at review
    # Checklist: uploads, the complaint as filed and the outcome letter all count.
    assert "Missing" not in text

    challenge = (
        "The authority relies on s.24(2) to neither confirm nor deny that it holds drone "
        "numbers.\r\nOther forces publish them."
    )
    response = client.post(
        url,
        {
            "challenge_text": challenge,
            "conduct_text": "It answered late and took 26 working days to review.",
            "previous_reference": "",
            "referred_on": ["", "", ""],
            "save": "Save answers",
        },
    )
    assert response.status_code == 302
    sync()

    pdf = client.raw.get(f"{url}/pack.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    bookmarks = outline_pages(reader)
    documents = [
        "My request e-mail",
        "The refusal notice",
        f"Request for internal review (complaint {case.reference} as filed)",
        "Internal review outcome",
        "Acknowledgement",
    ]
    assert [title for title, _ in bookmarks] == ["Chronology", "Complaint letter", *documents]
    assert printed_index(reader, [title for title, _ in bookmarks]) == dict(bookmarks)
    pages = dict(bookmarks)
    assert "The request page 1" in reader.pages[pages["My request e-mail"] - 1].extract_text()
    text = pdf_text(reader)
    for expected in (
        case.reference,
        "s.24(2)",
        "s.31(3)",
        "Other forces publish them.",
        "2 February 2026 Request for information sent",
        "3 March 2026 Response relying on s.24(2) (neither confirm nor deny), s.31(3)",
        "21 working days after the request",
        "12 March 2026 Request for internal review received 7 working days after the response",
        "14 April 2026 Internal review outcome due 20 working days after the request for "
        "internal review",
        "22 April 2026 Internal review outcome: original decision partly upheld 26 working "
        "days after the request for internal review",
        "Time limit 3 June 2026",
    ):
        assert expected in text, expected

    archive = zipfile.ZipFile(io.BytesIO(client.raw.get(f"{url}/pack.zip").data))
    assert archive.namelist() == [
        "01-complaint-letter.pdf",
        "02-my-request-e-mail.pdf",
        "03-the-refusal-notice.pdf",
        f"04-request-for-internal-review-complaint-{case.reference.lower()}-as-filed.pdf",
        "05-internal-review-outcome.pdf",
        "06-acknowledgement.pdf",
    ]

    response = client.post(
        url,
        {
            "challenge_text": challenge,
            "conduct_text": "It answered late and took 26 working days to review.",
            "previous_reference": "",
            "referred_on": parts(REFERRED),
            "sent": "I have sent my complaint",
        },
    )
    assert response.status_code == 302
    sync()
    referral = regulator.referral_for(session, case)
    assert referral is not None
    assert (referral.referred_on, referral.basis, referral.out_of_time) == (
        REFERRED,
        "decided",
        False,
    )
    assert referral.challenge_text == challenge.replace("\r\n", "\n")
    assert case.status == "referred"
    client.get(url)
    assert "You told us you sent your complaint to the Information Commissioner's Office on " \
        "5 May 2026." in client.last_page.text  # fmt: skip

    # -- The authority: the ICO investigates ----------------------------------------------------
    frozen.set(INVESTIGATION_LETTER)
    sign_in(caseworker)
    staff_url = f"/staff/cases/{case.reference}/regulator"
    response = client.post(
        f"{staff_url}/details",
        {
            "version": str(case.version),
            "regulator_reference": "IC-412345-X1Y2",
            "investigation_letter_on": parts(INVESTIGATION_LETTER),
            "submission_due_on": parts(SUBMISSION_DUE),
        },
    )
    assert response.status_code == 302
    sync()
    assert (
        referral.regulator_reference,
        referral.investigation_letter_on,
        referral.submission_due_on,
    ) == ("IC-412345-X1Y2", INVESTIGATION_LETTER, SUBMISSION_DUE)

    submission = client.raw.get(f"{staff_url}/submission.pdf")
    assert submission.status_code == 200
    reader = PdfReader(io.BytesIO(submission.data))
    bookmarks = outline_pages(reader)
    assert [t for t, _ in bookmarks][:3] == [
        "Chronology",
        "Submission",
        "Schedule of withheld information",
    ]
    assert printed_index(reader, [t for t, _ in bookmarks]) == dict(bookmarks)
    text = pdf_text(reader)
    for expected in (
        "Submission to the Information Commissioner",
        "ICO reference IC-412345-X1Y2",
        "Your letter of 1 July 2026 (reference IC-412345-X1Y2) asked for our submission by "
        "29 July 2026",
        "Why the provision applies: Why s.24(2) applies",
        "The public-interest balance: For s.24(2) the balance favours",
        "Position after the internal review: Withdrawn",
        "5 May 2026 Complaint made to the Information Commissioner's Office 13 calendar days "
        "after the internal review outcome",
        "1 July 2026 The ICO wrote to the authority to investigate (reference IC-412345-X1Y2)",
        # Mon 13 July is the Battle of the Boyne holiday (Northern Ireland): not counted.
        "29 July 2026 The authority's submission due 19 working days after the investigation "
        "letter",
    ):
        assert expected in text, expected

    # -- The decision notice -----------------------------------------------------------------
    frozen.set(dt.date(2026, 8, 5))
    form = client.get(f"{staff_url}/decision-notice").get_data(as_text=True)
    assert "s.24(2) National security" in form and "s.10(1) Time for compliance" in form
    findings: dict[str, str] = {}
    for index, code in enumerate(["s.24(2)", "s.31(3)", "s.1(1)", "s.10(1)", "s.17"]):
        findings[f"finding_{index}"] = {"s.24(2)": "not_upheld", "s.10(1)": "upheld"}.get(code, "")
    response = client.post(
        f"{staff_url}/decision-notice",
        {
            "version": str(case.version),
            "kind": "decision_notice",
            "reference": "IC-412345-X1Y2",
            "issued_on": parts(DN_SENT),
            "steps_required": "Issue a fresh response to the request that complies with s.10.",
            "compliance_days": "",
            **{k: v for k, v in findings.items() if v},
        },
    )
    assert response.status_code == 302
    sync()
    notice = regulator.decision_notice_for(session, case)
    assert notice is not None
    assert [(f.provision, f.outcome) for f in notice.findings] == [
        ("s.24(2)", "not_upheld"),
        ("s.10(1)", "upheld"),
    ]
    assert notice.compliance_days == 35
    assert notice.compliance_due_on == COMPLIANCE_DUE
    assert notice.appeal_due_on == APPEAL_DUE
    client.get(staff_url)
    text = client.last_page.text
    assert_all_in(
        text,
        "7 September 2026 (35 calendar days from the date of the decision notice",
        "31 August 2026 (28 calendar days from the date the decision notice was sent",
        "received by 5pm on Tuesday 1 September 2026 is still in time",
    )
    told = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.to_address == requester.email,
            OutboxMessage.subject.like("The regulator has decided%"),
        )
    ).one()
    assert "by 31 August 2026" in told.body

    # -- Compliance ----------------------------------------------------------------------------
    frozen.set(COMPLIED)
    response = client.post(
        f"{staff_url}/compliance", {"version": str(case.version), "complied_on": parts(COMPLIED)}
    )
    assert response.status_code == 302
    sync()
    assert notice.complied_on == COMPLIED

    # -- The tribunal ----------------------------------------------------------------------------
    frozen.set(APPEALED)
    response = client.post(
        f"{staff_url}/appeal",
        {
            "version": str(case.version),
            "appellant": "requester",
            "lodged_on": parts(APPEALED),
            "tribunal_reference": "EA/2026/0123",
        },
    )
    assert response.status_code == 302
    sync()
    appeal = session.scalars(select(TribunalAppeal).where(TribunalAppeal.case_id == case.id)).one()
    assert (appeal.appellant, appeal.lodged_on, appeal.late) == ("requester", APPEALED, False)
    assert case.status == "appealed"

    frozen.set(TRIBUNAL_DECIDED)
    response = client.post(
        f"{staff_url}/tribunal-outcome",
        {
            "version": str(case.version),
            "outcome": "dismissed",
            "outcome_on": parts(TRIBUNAL_DECIDED),
        },
    )
    assert response.status_code == 302
    sync()
    assert (appeal.outcome, appeal.outcome_on) == ("dismissed", TRIBUNAL_DECIDED)

    # -- Closure ---------------------------------------------------------------------------------
    frozen.set(CLOSED)
    response = client.post(
        f"{staff_url}/close",
        {"version": str(case.version), "reason": "The tribunal dismissed the appeal."},
    )
    assert response.status_code == 302
    sync()
    assert (case.status, case.closed_on) == ("closed", CLOSED)

    # The whole story, in order, on the staff page.
    client.get(staff_url)
    text = client.last_page.text
    story = [
        "2 February 2026 Request for information sent",
        "3 March 2026 Response relying on",
        "12 March 2026 Request for internal review received",
        "13 March 2026 Request for internal review acknowledged 1 working day after",
        "14 April 2026 Internal review outcome due",
        "22 April 2026 Internal review outcome: original decision partly upheld 26 working days",
        "5 May 2026 Complaint made to the Information Commissioner's Office",
        "1 July 2026 The ICO wrote to the authority to investigate",
        "29 July 2026 The authority's submission due",
        "3 August 2026 Decision notice IC-412345-X1Y2 sent s.24(2): not upheld; s.10(1): upheld",
        "20 August 2026 The authority complied with the decision notice 17 calendar days after",
        "28 August 2026 Appeal to the First-tier Tribunal (General Regulatory Chamber) by the "
        "requester 25 calendar days",
        "10 November 2026 First-tier Tribunal decision: appeal dismissed",
        "12 November 2026 Case closed The tribunal dismissed the appeal.",
    ]
    positions = [text.index(line) for line in story]
    assert positions == sorted(positions)
    # Met in time, so no longer dates that matter (issue 12 item 11).
    assert "Last day for the First-tier Tribunal to receive an appeal" not in text
    assert "Steps in the decision notice due" not in text
