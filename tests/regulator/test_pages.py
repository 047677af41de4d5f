"""The regulator-stage pages: who may use them, and what they show and refuse."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import TextStringObject
from sqlalchemy import select

from review_service.accounts.models import Role
from review_service.audit.models import AuditEvent
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.documents.services import Upload, store_document
from review_service.regulator import services as regulator
from review_service.regulator.pack_answers import pack_answers
from review_service.regulator.pack_pdf import ICO_UPLOAD_LIMIT
from tests.factories import create_authority, create_case, create_staff, create_user
from tests.pages import assert_all_in
from tests.pdfs import active_content, active_pdf, odd_page_pdf
from tests.regulator.conftest import scottish_case

RECEIVED = dt.date(2026, 3, 12)
DECIDED = dt.date(2026, 4, 22)


def fresh(session: Any) -> None:
    """Requests run in their own context and database session: end the test's transaction
    and forget what it loaded, so what a request committed is read afresh."""
    session.commit()
    session.expire_all()


def parts(day: dt.date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def post_case_form(client: Any, url: str, case: Case, **fields: Any) -> Any:
    """Post a staff case form as the page would: with the case's version, and each date
    split into its day, month and year boxes."""
    data: dict[str, Any] = {"version": str(case.version)}
    data.update({k: parts(v) if isinstance(v, dt.date) else v for k, v in fields.items()})
    return client.post(url, data)


@pytest.fixture
def world(session: Any, decide: Any, frozen: Any) -> dict[str, Any]:
    """An English authority with staff, and a FOIA case decided on 22 April 2026."""
    authority = create_authority(session)
    staff = create_staff(session, authority)
    case = create_case(
        session,
        authority=authority,
        today=RECEIVED,
        request_sent_on=dt.date(2026, 2, 2),
        response_date=dt.date(2026, 3, 3),
    )
    decide(session, case, staff, decided_on=DECIDED)
    session.commit()
    frozen.set(dt.date(2026, 5, 5))
    return {"authority": authority, "staff": staff, "case": case}


def regulator_urls(app: Any, reference: str) -> list[tuple[str, str]]:
    """(method, url) for every route of the regulator blueprint."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("regulator."):
            continue
        url = rule.rule.replace("<reference>", reference)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            urls.append((method, url))
    return urls


# -- access ------------------------------------------------------------------------------------


def test_another_requester_gets_404_on_every_regulator_url(
    app: Any, session: Any, client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    app.config["WTF_CSRF_ENABLED"] = False  # so a refusal is the access rule, not the token
    stranger = create_user(session, Role.REQUESTER)
    session.commit()
    sign_in(stranger)
    urls = regulator_urls(app, world["case"].reference)
    assert len(urls) >= 15

    for method, url in urls:
        response = client.raw.open(url, method=method, data={"reason": "x", "save": "y"})
        assert response.status_code == 404, (method, url)
    fresh(session)
    assert regulator.referral_for(session, world["case"]) is None


def test_staff_of_another_authority_get_404_and_reviewers_are_refused(
    app: Any, session: Any, client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    app.config["WTF_CSRF_ENABLED"] = False
    elsewhere = create_user(session, Role.CASEWORKER, authority=create_authority(session))
    session.commit()
    staff_urls = [
        (m, u) for m, u in regulator_urls(app, world["case"].reference) if u.startswith("/staff/")
    ]

    sign_in(elsewhere)
    for method, url in staff_urls:
        assert client.raw.open(url, method=method).status_code == 404, (method, url)
    sign_in(world["staff"]["reviewer"])
    for method, url in staff_urls:
        assert client.raw.open(url, method=method).status_code == 403, (method, url)
    # Staff do not use the requester's pages.
    sign_in(world["staff"]["caseworker"])
    assert client.raw.get(f"/complaints/{world['case'].reference}/regulator").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(
    app: Any, client: Any, world: dict[str, Any]
) -> None:
    for method, url in regulator_urls(app, world["case"].reference):
        if method == "GET":
            response = client.raw.get(url)
            assert response.status_code == 302
            assert "/sign-in" in response.headers["Location"]


# -- the requester's pack page ---------------------------------------------------------------


def textarea(html: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert found is not None, name
    return found.group(1).strip()


def suggestion(html: str, name: str) -> str | None:
    found = re.search(rf'<div[^>]*id="{name}-suggestion"[^>]*>(.*?)</button>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else None


def test_pack_page_offers_drafted_answers_only_as_marked_suggestions_and_ticks_the_checklist(
    client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    case = world["case"]
    sign_in(case.requester)

    page = client.get(f"/complaints/{case.reference}/regulator")

    html = page.get_data(as_text=True)
    text = client.last_page.text
    assert client.last_page.h1 == ["Take your complaint to the Information Commissioner's Office"]
    assert html.count("govuk-character-count") >= 2 and 'data-maxlength="2000"' in html
    # Nothing in the answers the requester did not write (issue 12 item 11) ...
    assert textarea(html, "challenge_text") == textarea(html, "conduct_text") == ""
    # ... the drafts beside them, marked, each with its button.
    challenge = suggestion(html, "challenge_text")
    assert challenge is not None and challenge.startswith("Suggestion for the question:")
    assert "National security is not engaged." in challenge
    assert "it is not in your answer unless you use it" in challenge
    assert challenge.endswith("Use this suggestion as your answer to “What part of the "
                              "response do you challenge, and why?”")  # fmt: skip
    conduct = suggestion(html, "conduct_text")
    assert conduct is not None
    assert "It took 26 working days to complete the internal review" in conduct
    # Only typed text for the request and response: the ICO wants copies.
    assert_all_in(
        text,
        "The ICO also needs: your request for information the authority's response",
        "Your request for internal review Held",
        "The internal review outcome Held Internal review outcome",
        "Add a copy of the request you sent",
        "I have sent my complaint",
    )


def test_a_suggestion_becomes_an_answer_only_when_used_keeping_what_was_typed(
    session: Any, client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    case = world["case"]
    sign_in(case.requester)
    url = f"/complaints/{case.reference}/regulator"
    drafted = pack_answers(case, today=dt.date(2026, 5, 5))
    client.get(url)

    response = client.post(
        url,
        {"challenge_text": "", "conduct_text": "My own words.", "use_suggestion": "challenge_text"},
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{url}#challenge_text")
    session.expire_all()
    assert case.regulator_challenge_text == drafted.challenge_text
    assert case.regulator_conduct_text == "My own words."
    html = client.get(url).get_data(as_text=True)
    assert "The suggestion is now your answer to" in html
    assert textarea(html, "challenge_text").startswith("I asked")
    assert suggestion(html, "challenge_text") is None  # it is the answer now
    assert suggestion(html, "conduct_text") is not None  # still only offered
    # Saving, or pressing Enter (the hidden default button comes first), never uses one.
    assert html.index('name="save" value="Save answers"') < html.index('name="use_suggestion"')
    client.post(url, {"challenge_text": "Edited.", "conduct_text": "", "save": "Save answers"})
    session.expire_all()
    assert (case.regulator_challenge_text, case.regulator_conduct_text) == ("Edited.", "")


def test_an_answer_over_2000_characters_is_refused_with_an_error_summary(
    session: Any, client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    case = world["case"]
    sign_in(case.requester)
    url = f"/complaints/{case.reference}/regulator"

    response = client.post(
        url,
        {"challenge_text": "x" * 2001, "conduct_text": "Late.", "save": "Save answers"},
    )

    assert response.status_code == 200
    assert client.last_page.title.startswith("Error: ")
    assert "Answer must be 2,000 characters or fewer" in client.last_page.text
    assert 'href="#challenge_text"' in response.get_data(as_text=True)
    fresh(session)
    assert not session.scalars(
        select(AuditEvent).where(AuditEvent.action == "update_pack_answers")
    ).all()


def test_line_breaks_count_as_one_character_like_the_character_count(
    session: Any, client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    case = world["case"]
    sign_in(case.requester)
    answer = ("a" * 99 + "\r\n") * 20  # 2,000 characters as the browser counts them

    response = client.post(
        f"/complaints/{case.reference}/regulator",
        {"challenge_text": answer, "conduct_text": "Late.", "save": "Save answers"},
    )

    assert response.status_code == 302
    fresh(session)
    saved = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "update_pack_answers")
    ).one()
    assert saved.after["challenge_text_length"] == 2_000 - 1  # the last line break is trimmed
    assert case.regulator_challenge_text == answer.replace("\r\n", "\n").strip()


def test_saved_answers_are_shown_again_and_go_into_the_pdf(
    client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    case = world["case"]
    sign_in(case.requester)
    url = f"/complaints/{case.reference}/regulator"
    client.post(
        url,
        {
            "challenge_text": "My own words about s.24(2) & <b>tags</b>.",
            "conduct_text": "They were slow.",
            "previous_reference": "FS50123456",
            "save": "Save answers",
        },
    )

    html = client.get(url).get_data(as_text=True)
    assert "My own words about s.24(2) &amp; &lt;b&gt;tags&lt;/b&gt;." in html
    assert 'value="FS50123456"' in html
    reader = PdfReader(io.BytesIO(client.raw.get(f"{url}/pack.pdf").data))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert_all_in(
        text,
        "My own words about s.24(2) & <b>tags</b>.",
        "Earlier ICO reference FS50123456",
        "My earlier case reference is FS50123456.",
    )


def test_before_the_route_opens_the_page_gives_the_date_and_refuses_sent(
    session: Any, client: Any, frozen: Any, sign_in: Any
) -> None:
    authority = create_authority(session)
    case = create_case(
        session,
        authority=authority,
        today=RECEIVED,
        request_sent_on=dt.date(2026, 2, 2),
        response_date=dt.date(2026, 3, 3),
    )
    session.commit()
    frozen.set(dt.date(2026, 5, 13))
    sign_in(case.requester)
    url = f"/complaints/{case.reference}/regulator"

    client.get(url)
    text = client.last_page.text
    assert "If the authority has not sent its internal review outcome by 13 May 2026, you can " \
        "complain to the Information Commissioner's Office from the next day." in text  # fmt: skip
    assert "I have sent my complaint" not in text

    response = client.post(
        url, {"challenge_text": "a", "conduct_text": "b", "sent": "I have sent my complaint"}
    )
    assert response.status_code == 200
    assert "from the next day" in client.last_page.text
    fresh(session)
    assert regulator.referral_for(session, case) is None

    frozen.set(dt.date(2026, 5, 14))
    client.get(url)
    assert "The internal review is overdue: you can complain to the Information Commissioner's " \
        "Office now." in client.last_page.text  # fmt: skip


def test_sent_needs_a_real_date_that_is_not_in_the_future(
    session: Any, client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    case = world["case"]
    sign_in(case.requester)
    url = f"/complaints/{case.reference}/regulator"
    base = {"challenge_text": "a", "conduct_text": "b", "sent": "I have sent my complaint"}

    for day, message in (
        (["31", "2", "2026"], "The date you sent your complaint must be a real date"),
        (["5", "", "2026"], "The date you sent your complaint must include a month"),
        (parts(dt.date(2026, 5, 6)), "The date of the complaint must be today or in the past"),
    ):
        response = client.post(url, {**base, "referred_on": day})
        assert response.status_code == 200
        assert message in client.last_page.text
        assert 'href="#referred_on-day"' in response.get_data(as_text=True)
    fresh(session)
    assert regulator.referral_for(session, case) is None

    # Blank means today.
    assert client.post(url, {**base, "referred_on": ["", "", ""]}).status_code == 302
    fresh(session)
    referral = regulator.referral_for(session, case)
    assert referral is not None and referral.referred_on == dt.date(2026, 5, 5)


def test_answers_cannot_change_once_the_complaint_is_sent(
    session: Any, client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    case = world["case"]
    regulator.refer(session, case.requester, case, challenge_text="As sent.")
    session.commit()
    sign_in(case.requester)
    url = f"/complaints/{case.reference}/regulator"

    response = client.post(url, {"challenge_text": "Changed.", "save": "Save answers"})

    assert response.status_code == 302
    fresh(session)
    assert regulator.referral_for(session, case).challenge_text == "As sent."
    client.get(url)
    text = client.last_page.text
    assert "your answers cannot change now" in text
    assert "These are the answers you sent." in text and "As sent." in text
    assert "Save answers" not in text


def stored_unchecked(
    app: Any, session: Any, case: Case, content: bytes, filename: str, title: str
) -> None:
    """A PDF kept as it came, as uploads were before they were read (check_upload refuses
    these now): the requester's correspondence."""
    upload = Upload(filename, "application/pdf", content, hashlib.sha256(content).hexdigest())
    store_document(
        session, case.requester, upload, upload_dir=app.config["UPLOAD_DIR"],
        kind="correspondence", title=title, case=case, dated=dt.date(2026, 4, 1),
    )  # fmt: skip
    session.commit()


def test_large_files_are_flagged_and_an_unreadable_one_is_named(
    app: Any, session: Any, client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    case = world["case"]
    big = b"%PDF-1.4\n" + b"0" * (ICO_UPLOAD_LIMIT + 10)
    stored_unchecked(app, session, case, big, "scan.pdf", "Scanned letter")
    sign_in(case.requester)
    url = f"/complaints/{case.reference}/regulator"

    client.get(url)
    assert "Scanned letter is 1.5 MB, over the 1.5 MB the ICO accepts for each file" in (
        client.last_page.text
    )

    assert "Scanned letter cannot go into the download: it is not a readable PDF" in (
        client.last_page.text
    )
    # The pack is still made, and says what was left out and why (issue 9, finding 12).
    response = client.raw.get(f"{url}/pack.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    front = " ".join(PdfReader(io.BytesIO(response.data)).pages[1].extract_text().split())
    assert "Not included" in front
    assert "Scanned letter (scan.pdf): it is not a readable PDF" in front


def test_a_pdf_header_followed_by_html_never_stops_a_bundle(
    app: Any, session: Any, client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    """The attack of issue 9, finding 12, stored as it was before uploads were read: the
    requester's pack (PDF and ZIP), the authority's submission and the API's bundles are all
    made, each naming the document as not included."""
    case, staff = world["case"], world["staff"]
    hostile = b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n"
    stored_unchecked(app, session, case, hostile, "reply.pdf", "Authority reply")
    reason = "Authority reply (reply.pdf): it is not a readable PDF"

    sign_in(case.requester)
    pack = client.raw.get(f"/complaints/{case.reference}/regulator/pack.pdf")
    assert pack.status_code == 200 and pack.mimetype == "application/pdf"
    assert reason in " ".join(PdfReader(io.BytesIO(pack.data)).pages[1].extract_text().split())
    bundle = client.raw.get(f"/complaints/{case.reference}/regulator/pack.zip")
    assert bundle.status_code == 200 and bundle.mimetype == "application/zip"
    assert reason in zipfile.ZipFile(io.BytesIO(bundle.data)).read("not-included.txt").decode()

    sign_in(staff["caseworker"])
    submission = client.raw.get(f"/staff/cases/{case.reference}/regulator/submission.pdf")
    assert submission.status_code == 200 and submission.mimetype == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(submission.data)).pages[:3]
    )
    assert reason in " ".join(text.split())


def test_a_hostile_pdf_never_stops_a_bundle_nor_acts_in_it(
    app: Any, session: Any, client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    """A PDF whose page cannot be numbered (a /Rotate of text) gave a 500 for the requester's
    pack and the staff's submission; a PDF with scripts carried them into both."""
    case, staff = world["case"], world["staff"]
    sideways = odd_page_pdf("/Rotate", TextStringObject("sideways"))
    stored_unchecked(app, session, case, sideways, "sideways.pdf", "Sideways letter")
    stored_unchecked(app, session, case, active_pdf(), "scripts.pdf", "Letter with scripts")
    reason = "Sideways letter (sideways.pdf): it could not be merged into the pack"

    sign_in(case.requester)
    pack = client.raw.get(f"/complaints/{case.reference}/regulator/pack.pdf")
    assert pack.status_code == 200 and pack.mimetype == "application/pdf"
    assert reason in " ".join(PdfReader(io.BytesIO(pack.data)).pages[1].extract_text().split())
    assert active_content(pack.data) == []

    sign_in(staff["caseworker"])
    submission = client.raw.get(f"/staff/cases/{case.reference}/regulator/submission.pdf")
    assert submission.status_code == 200 and submission.mimetype == "application/pdf"
    assert active_content(submission.data) == []


def test_the_zip_holds_the_letter_and_each_document(
    client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    case = world["case"]
    sign_in(case.requester)

    response = client.raw.get(f"/complaints/{case.reference}/regulator/pack.zip")

    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert f"{case.reference}-ico-complaint.zip" in response.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert names[0] == "01-complaint-letter.pdf"
    assert "05-internal-review-outcome.pdf" in names


def test_a_scottish_case_speaks_of_the_scottish_information_commissioner(
    session: Any, client: Any, decide: Any, frozen: Any, sign_in: Any
) -> None:
    authority = create_authority(session, regime="foisa", name="Fife Testing Council")
    staff = create_staff(session, authority)
    case = scottish_case(session, authority, RECEIVED, "Not law enforcement.")
    decide(session, case, staff, decided_on=DECIDED)
    session.commit()
    frozen.set(dt.date(2026, 5, 5))
    sign_in(case.requester)
    url = f"/complaints/{case.reference}/regulator"

    client.get(url)
    text = client.last_page.text
    assert client.last_page.h1 == ["Apply to the Scottish Information Commissioner"]
    assert "22 October 2026" in text  # six months from the review decision
    assert "Download your application" in text
    for wrong in ("ICO", "SIC", "Information Commissioner's Office"):
        assert wrong not in text
    assert "The Commissioner asks for unedited copies" in text
    reader = PdfReader(io.BytesIO(client.raw.get(f"{url}/pack.pdf").data))
    pdf = " ".join(" ".join(p.extract_text() for p in reader.pages[:4]).split())
    assert_all_in(
        pdf,
        "Application to the Scottish Information Commissioner",
        "section 47(1) of the Freedom of Information (Scotland) Act 2002",
        "Kinburn Castle",
    )
    assert "ICO" not in pdf
    assert [t.title for t in reader.outline][1] == "Application"
    # The footer names no one law's review or appeal (every page, every law).
    assert "from internal review to the Information Commissioner and tribunal" not in text
    assert "from the authority’s own review to the information commissioner" in text

    # A date the requester gets wrong is the date of their application (FOISA s.47(1)).
    response = client.post(
        url,
        {
            "challenge_text": "a",
            "conduct_text": "b",
            "sent": "I have sent my application",
            "referred_on": ["31", "2", "2026"],
        },
    )
    assert response.status_code == 200
    assert "The date you sent your application must be a real date" in client.last_page.text
    client.post(
        url,
        {
            "challenge_text": "a",
            "conduct_text": "b",
            "sent": "I have sent my application",
            "referred_on": parts(dt.date(2026, 5, 6)),
        },
    )
    assert "The date of the application must be today or in the past" in client.last_page.text

    sign_in(staff["caseworker"])
    client.get(f"/staff/cases/{case.reference}/regulator")
    assert client.last_page.h1 == [f"Scottish Information Commissioner: {case.reference}"]


# -- staff pages -------------------------------------------------------------------------------


def test_staff_record_a_complaint_they_learn_of_from_the_regulators_letter(
    session: Any, client: Any, world: dict[str, Any], frozen: Any, sign_in: Any
) -> None:
    case = world["case"]
    sign_in(world["staff"]["caseworker"])
    url = f"/staff/cases/{case.reference}/regulator"
    frozen.set(dt.date(2026, 6, 10))

    client.get(url)
    assert "Record a complaint to the regulator" in client.last_page.text
    form = f"{url}/details"
    response = post_case_form(client, form, case, regulator_reference="")
    assert response.status_code == 200
    assert "Enter the date the requester complained" in client.last_page.text
    assert "Enter the regulator's case reference" in client.last_page.text

    letter = {
        "referred_on": dt.date(2026, 6, 4),
        "regulator_reference": "IC-1-A",
        "investigation_letter_on": dt.date(2026, 6, 9),
    }
    response = post_case_form(client, form, case, **letter, submission_due_on=dt.date(2026, 6, 1))
    assert response.status_code == 200
    assert "The response deadline must be after the date of the letter" in client.last_page.text
    fresh(session)
    assert regulator.referral_for(session, case) is None  # nothing half-saved

    response = post_case_form(client, form, case, **letter, submission_due_on=dt.date(2026, 7, 7))
    assert response.status_code == 302
    fresh(session)
    referral = regulator.referral_for(session, case)
    assert referral is not None
    # 4 June is after the ICO's six weeks (3 June): recorded as possibly out of time.
    assert (referral.referred_on, referral.out_of_time) == (dt.date(2026, 6, 4), True)
    client.get(url)
    text = client.last_page.text
    assert "4 June 2026 – may be out of time" in text
    assert "Regulator's reference IC-1-A" in text


def test_a_stale_form_is_refused_and_nothing_is_saved(
    session: Any, client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    case = world["case"]
    regulator.refer(session, case.requester, case, referred_on=dt.date(2026, 5, 5))
    session.commit()
    sign_in(world["staff"]["caseworker"])
    stale = str(case.version - 1)

    response = client.post(
        f"/staff/cases/{case.reference}/regulator/details",
        {"version": stale, "regulator_reference": "IC-9-Z"},
    )

    assert response.status_code == 200
    assert "Someone else changed this case while you were editing it." in client.last_page.text
    assert 'href="#case-form"' in response.get_data(as_text=True)
    fresh(session)
    assert regulator.referral_for(session, case).regulator_reference == ""


def referred(session: Any, world: dict[str, Any]) -> Case:
    case = world["case"]
    regulator.refer(session, case.requester, case, referred_on=dt.date(2026, 5, 5))
    session.commit()
    return case


def test_decision_notice_form_refuses_missing_answers_and_shows_a_custom_period(
    session: Any, client: Any, world: dict[str, Any], frozen: Any, sign_in: Any
) -> None:
    case = referred(session, world)
    frozen.set(dt.date(2026, 9, 1))
    sign_in(world["staff"]["caseworker"])
    url = f"/staff/cases/{case.reference}/regulator/decision-notice"

    response = post_case_form(client, url, case, issued_on=["", "", ""])
    assert response.status_code == 200
    text = client.last_page.text
    assert "Select whether the regulator issued a decision notice or resolved the complaint " \
        "informally" in text  # fmt: skip
    assert "Enter the date the decision was sent" in text

    undecided = {"kind": "decision_notice", "issued_on": dt.date(2026, 8, 20)}
    response = post_case_form(client, url, case, **undecided)
    assert "Enter the decision notice reference, for example IC-123456-A1B2" in (
        client.last_page.text
    )

    response = post_case_form(
        client,
        url,
        case,
        **undecided,
        reference="IC-77-B",
        finding_0="partly_upheld",
        steps_required="Disclose the budget.",
        compliance_days="30",
    )
    assert response.status_code == 302
    fresh(session)
    notice = regulator.decision_notice_for(session, case)
    assert notice.compliance_due_on == dt.date(2026, 9, 19)
    assert notice.appeal_due_on == dt.date(2026, 9, 17)
    client.get(f"/staff/cases/{case.reference}/regulator")
    text = client.last_page.text
    assert "s.24(2) Partly upheld" in text
    assert "19 September 2026 (30 calendar days from the date of the decision notice" in text
    assert "Record compliance" in text and "Record an appeal" in text


def test_a_steps_period_shorter_than_the_appeal_period_is_refused(
    session: Any, client: Any, world: dict[str, Any], frozen: Any, sign_in: Any
) -> None:
    # FOIA s.50(6): the steps cannot fall due before the 28 days for appealing have passed.
    case = referred(session, world)
    frozen.set(dt.date(2026, 9, 1))
    sign_in(world["staff"]["caseworker"])
    response = post_case_form(
        client,
        f"/staff/cases/{case.reference}/regulator/decision-notice",
        case,
        kind="decision_notice",
        reference="IC-77-B",
        issued_on=dt.date(2026, 8, 20),
        steps_required="Disclose the budget.",
        compliance_days="27",
    )
    assert response.status_code == 200
    assert (
        "The period for the steps must be at least 28 days: it cannot end before the time for "
        "appealing to the First-tier Tribunal does (FOIA s.50(6))"
    ) in client.last_page.text
    fresh(session)
    assert regulator.decision_notice_for(session, case) is None


def test_an_informal_resolution_cannot_be_appealed(
    session: Any, client: Any, world: dict[str, Any], frozen: Any, sign_in: Any
) -> None:
    case = referred(session, world)
    frozen.set(dt.date(2026, 9, 1))
    sign_in(world["staff"]["caseworker"])
    url = f"/staff/cases/{case.reference}/regulator"
    post_case_form(
        client,
        f"{url}/decision-notice",
        case,
        kind="informal_resolution",
        issued_on=dt.date(2026, 8, 20),
    )

    client.get(url)
    text = client.last_page.text
    assert "Resolved informally" in text
    assert "Only a decision notice can be appealed" in text
    assert "Record an appeal" not in text
    response = post_case_form(
        client, f"{url}/appeal", case, appellant="authority", lodged_on=dt.date(2026, 8, 25)
    )
    assert response.status_code == 200
    assert "Only a decision notice can be appealed" in client.last_page.text


def test_compliance_and_a_late_appeal_are_checked_against_the_notice(
    session: Any, client: Any, world: dict[str, Any], frozen: Any, sign_in: Any
) -> None:
    case = referred(session, world)
    caseworker = world["staff"]["caseworker"]
    frozen.set(dt.date(2026, 10, 1))
    regulator.record_decision_notice(
        session,
        caseworker,
        case,
        regulator.DecisionNoticeInput(
            kind="decision_notice",
            issued_on=dt.date(2026, 8, 20),
            reference="IC-77-B",
            steps_required="Disclose.",
        ),
    )
    session.commit()
    sign_in(caseworker)
    url = f"/staff/cases/{case.reference}/regulator"

    response = post_case_form(client, f"{url}/compliance", case, complied_on=dt.date(2026, 8, 19))
    assert "The date must be on or after the decision notice" in client.last_page.text
    assert response.status_code == 200

    response = post_case_form(
        client,
        f"{url}/appeal",
        case,
        appellant="authority",
        lodged_on=dt.date(2026, 9, 18),  # one day after the 28 days
    )
    assert response.status_code == 302
    client.get(url)
    assert "18 September 2026 – after the 28-day limit: the tribunal must extend time" in (
        client.last_page.text
    )
    assert "Record the First-tier Tribunal’s decision" in client.last_page.text


def _notice_with_steps(session: Any, world: dict[str, Any], frozen: Any) -> Case:
    case = referred(session, world)
    frozen.set(dt.date(2026, 10, 1))
    regulator.record_decision_notice(
        session,
        world["staff"]["caseworker"],
        case,
        regulator.DecisionNoticeInput(
            kind="decision_notice",
            issued_on=dt.date(2026, 8, 20),
            reference="IC-77-B",
            steps_required="Disclose the budget.",
        ),
    )
    session.commit()
    return case


def test_compliance_can_be_recorded_after_an_appeal(
    session: Any, client: Any, world: dict[str, Any], frozen: Any, sign_in: Any
) -> None:
    """Issue 12 item 8: the steps may be taken while the appeal runs, or after it fails."""
    case = _notice_with_steps(session, world, frozen)
    regulator.appeal(
        session, world["staff"]["caseworker"], case, appellant="authority",
        lodged_on=dt.date(2026, 9, 10),
    )  # fmt: skip
    session.commit()
    sign_in(world["staff"]["caseworker"])
    url = f"/staff/cases/{case.reference}/regulator"
    client.get(url)
    text = client.last_page.text
    assert_all_in(
        text,
        "Steps taken Not recorded yet",
        "Record compliance",
        "need not be taken until the appeal is decided or withdrawn",
    )

    response = post_case_form(client, f"{url}/compliance", case, complied_on=dt.date(2026, 9, 30))
    assert response.status_code == 302, client.last_page.text
    fresh(session)
    assert regulator.decision_notice_for(session, case).complied_on == dt.date(2026, 9, 30)
    assert case.status == "appealed"
    client.get(url)
    assert "Steps taken 30 September 2026" in client.last_page.text


def test_the_requester_is_emailed_when_the_authority_appeals_and_when_the_tribunal_decides(
    session: Any, client: Any, world: dict[str, Any], frozen: Any, sign_in: Any
) -> None:
    """Issue 12 item 4: no silence about the appeal and its result."""
    from review_service.mail.models import OutboxMessage

    case = _notice_with_steps(session, world, frozen)
    sign_in(world["staff"]["caseworker"])
    url = f"/staff/cases/{case.reference}/regulator"
    response = post_case_form(
        client, f"{url}/appeal", case, appellant="authority", lodged_on=dt.date(2026, 9, 10)
    )
    assert response.status_code == 302
    fresh(session)
    response = post_case_form(
        client,
        f"{url}/tribunal-outcome",
        case,
        outcome="dismissed",
        outcome_on=dt.date(2026, 9, 30),
    )
    assert response.status_code == 302
    fresh(session)
    mails = {
        m.subject: m.body
        for m in session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == case.requester.email)
        )
    }
    court = "First-tier Tribunal (General Regulatory Chamber)"
    appealed = mails[f"The decision has been appealed to the {court} ({case.reference})"]
    assert f"{world['authority'].name} has appealed the decision" in appealed
    assert "lodged 10 September 2026" in appealed
    decided = mails[f"The {court} has decided the appeal ({case.reference})"]
    assert "on 30 September 2026: appeal dismissed." in decided
    assert f"/complaints/{case.reference}" in decided


def test_closing_over_steps_not_recorded_as_taken_needs_saying_so(
    session: Any, client: Any, world: dict[str, Any], frozen: Any, sign_in: Any
) -> None:
    """Issue 12 item 8: no silent close with the steps "Not recorded"."""
    case = _notice_with_steps(session, world, frozen)
    sign_in(world["staff"]["caseworker"])
    url = f"/staff/cases/{case.reference}/regulator/close"
    client.get(url)
    text = client.last_page.text
    assert "ordered steps, due by 24 September 2026, and no one has recorded" in text
    assert "Close the case without a record that the steps were taken" in text

    response = post_case_form(client, url, case, reason="Tribunal over.")
    assert response.status_code == 200
    assert "Record compliance first, or confirm that you are closing the case" in (
        client.last_page.text
    )
    fresh(session)
    assert case.status == "regulator_decided"

    response = post_case_form(client, url, case, reason="Tribunal over.", without_compliance="y")
    assert response.status_code == 302
    fresh(session)
    assert case.status == "closed"
    event = session.scalar(
        select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "close")
    )
    assert "the steps ordered are not recorded as taken" in event.summary
    assert event.after["steps_not_recorded"] is True


def test_a_withdrawn_complaint_has_no_pack_to_fill_in_or_download(
    session: Any, client: Any, app: Any, world: dict[str, Any], sign_in: Any
) -> None:
    """Issue 12 item 5: the ICO page of a withdrawn case says so, and nothing more."""
    from review_service.accounts.services import create_api_token

    case = world["case"]
    cases.withdraw(  # recorded by staff: after the outcome the requester tells them
        session, world["staff"]["caseworker"], case, reason="Sorted out with the council."
    )
    _, token = create_api_token(session, case.requester, name="test")
    session.commit()
    sign_in(case.requester)
    url = f"/complaints/{case.reference}/regulator"

    page = client.get(url).get_data(as_text=True)
    text = client.last_page.text
    assert "You withdrew this complaint on 5 May 2026, so there is nothing to take to the " \
        "Information Commissioner's Office about it." in text  # fmt: skip
    for gone in ('name="challenge_text"', "pack.pdf", "pack.zip", 'name="sent"'):
        assert gone not in page, gone
    assert "You can complain if there is no outcome by" not in text

    response = client.post(url, {"challenge_text": "x", "save": "y"}, form_url="/complaints")
    assert response.status_code == 302
    for download in ("pack.pdf", "pack.zip"):
        response = client.get(f"{url}/{download}")
        assert response.status_code == 302 and response.headers["Location"].endswith(url)

    api = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert api.get(f"/api/v1/cases/{case.reference}/pack.pdf", headers=headers).status_code == 409
    answers = {"challenge_text": "x", "conduct_text": "y"}
    put = api.put(f"/api/v1/cases/{case.reference}/pack-answers", headers=headers, json=answers)
    assert put.status_code == 409


def test_closing_needs_a_reason(
    session: Any, client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    case = referred(session, world)
    sign_in(world["staff"]["caseworker"])

    response = post_case_form(client, f"/staff/cases/{case.reference}/regulator/close", case)

    assert response.status_code == 200
    assert "Enter why the case is being closed" in client.last_page.text
    fresh(session)
    assert case.status == "referred"


def test_staff_download_the_authoritys_submission(
    session: Any, client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    case = referred(session, world)
    sign_in(world["staff"]["caseworker"])

    response = client.raw.get(f"/staff/cases/{case.reference}/regulator/submission.pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    titles = [item.title for item in reader.outline]
    assert titles[:3] == ["Chronology", "Submission", "Schedule of withheld information"]
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert_all_in(
        text,
        "Submission to the Information Commissioner",
        "Reasons for s.31(3): disclosure would reveal capability.",
        "Public interest in s.24(2): the balance favours withholding.",
    )


def test_withdrawn_case_cannot_be_referred(
    session: Any, client: Any, world: dict[str, Any], sign_in: Any
) -> None:
    case = world["case"]
    cases.withdraw(session, world["staff"]["caseworker"], case, today=dt.date(2026, 5, 1))
    session.commit()
    sign_in(case.requester)
    url = f"/complaints/{case.reference}/regulator"

    client.get(url)
    assert "You withdrew this complaint on 1 May 2026" in client.last_page.text
    assert "I have sent my complaint" not in client.last_page.text
