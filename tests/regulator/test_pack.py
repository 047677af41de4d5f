"""What the regulator asks for, built from the case: checklist, pre-filled answers, packs."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import event

from review_service.cases import services as cases
from review_service.documents.services import check_upload, store_document, stored_path
from review_service.domain.review import GroundKind
from review_service.errors import Conflict
from review_service.regulator import services as regulator
from review_service.regulator.pack_answers import (
    CHALLENGE_QUESTION,
    CONDUCT_QUESTION,
    PackAnswers,
    current_answers,
    disputed_provisions,
    fit,
    pack_answers,
    suggestions,
)
from review_service.regulator.pack_bundles import (
    build_authority_submission,
    build_complaint_pack,
    withheld_schedule,
)
from review_service.regulator.pack_documents import document_checklist
from review_service.regulator.pack_pdf import render_pack
from review_service.reviews.services import decision_for
from tests.factories import create_authority, create_case, create_staff

RECEIVED = dt.date(2026, 3, 12)


def make_pdf(label: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, label)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def filed(session: Any, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "request_sent_on": dt.date(2026, 2, 2),
        "response_date": dt.date(2026, 3, 3),
    }
    values.update(overrides)
    authority = overrides.pop("authority", None) or create_authority(
        session, regime=values.get("regime", "foia")
    )
    values.pop("authority", None)
    return create_case(session, authority=authority, today=RECEIVED, **values)


def attach(app: Any, session: Any, case: Any, kind: str, title: str, content: bytes) -> Any:
    upload = check_upload(f"{kind}.pdf", content, max_bytes=10_000_000)
    return store_document(
        session, case.requester, upload, upload_dir=app.config["UPLOAD_DIR"], kind=kind,
        title=title, case=case, dated=dt.date(2026, 2, 2),
    )  # fmt: skip


def by_key(items: list[Any]) -> dict[str, Any]:
    return {item.key: item for item in items}


# -- the checklist -----------------------------------------------------------------------------


def test_checklist_ticks_uploads_the_complaint_as_filed_and_the_outcome_letter(
    app: Any, session: Any, decide: Any
) -> None:
    case = filed(session)
    staff = create_staff(session, case.authority)
    attach(app, session, case, "request", "Request e-mail", make_pdf("request"))
    attach(app, session, case, "response", "Refusal notice", make_pdf("response"))
    decide(session, case, staff, decided_on=dt.date(2026, 4, 1))

    items = by_key(document_checklist(session, case))

    assert [item.key for item in items.values()] == [
        "request", "response", "review_request", "review_outcome", "correspondence",
    ]  # fmt: skip
    assert all(item.present for item in items.values())
    assert not any(item.missing for item in items.values())
    assert items["review_request"].held == (
        f"Request for internal review (complaint {case.reference} as filed)",
    )
    assert items["review_outcome"].held == ("Internal review outcome",)
    assert items["correspondence"].held == ("Acknowledgement",)


def test_checklist_calls_out_what_is_missing(session: Any) -> None:
    case = filed(session, acting_for_someone_else=True)

    items = by_key(document_checklist(session, case))

    missing = [item.key for item in items.values() if item.missing]
    assert missing == ["request", "response", "consent"]
    assert "We only have the wording you typed in" in items["request"].advice
    assert "We only have the text you pasted in" in items["response"].advice
    assert "The ICO will not start without it" in items["consent"].advice
    # No outcome yet: not required, and it says why.
    assert not items["review_outcome"].required
    assert "has not sent its internal review outcome" in items["review_outcome"].advice
    assert not items["correspondence"].required and not items["correspondence"].present


def test_no_response_means_the_response_is_not_needed(session: Any) -> None:
    case = filed(
        session,
        no_response=True,
        response_date=None,
        response_text="",
        provisions=(),
        grounds=(cases.GroundInput(GroundKind.LATE_RESPONSE, "Nothing came."),),
    )

    items = by_key(document_checklist(session, case))

    assert not items["response"].required
    assert items["response"].advice == "Not needed: you told us the authority did not respond."


def test_a_stored_file_that_is_missing_or_altered_is_not_counted(app: Any, session: Any) -> None:
    case = filed(session)
    document = attach(app, session, case, "request", "Request e-mail", make_pdf("request"))
    path = stored_path(Path(app.config["UPLOAD_DIR"]), document.sha256)
    path.write_bytes(b"%PDF-1.4 tampered")

    items = by_key(document_checklist(session, case))

    assert items["request"].missing
    # The typed wording stands in, but is not an unedited copy.
    assert items["request"].held == (
        "Request e-mail (not usable: the stored file could not be read; upload it again)",
        "Request for information (wording as entered)",
    )
    assert hashlib.sha256(path.read_bytes()).hexdigest() != document.sha256


def test_consent_counts_when_uploaded(app: Any, session: Any) -> None:
    case = filed(session, acting_for_someone_else=True)
    attach(app, session, case, "consent", "Signed consent", make_pdf("consent"))

    assert by_key(document_checklist(session, case))["consent"].present


# -- the two answers ---------------------------------------------------------------------------


def test_answers_are_prefilled_from_grounds_provisions_and_dates(session: Any, decide: Any) -> None:
    case = filed(
        session,
        grounds=(
            cases.GroundInput(GroundKind.PROVISION, "Not engaged.", provision="s.24(2)"),
            cases.GroundInput(GroundKind.PROVISION, "", provision="s.31(3)"),
            cases.GroundInput(GroundKind.INADEQUATE_NOTICE, "No reasons were given."),
            cases.GroundInput(GroundKind.NO_ADVICE_AND_ASSISTANCE, ""),
        ),
    )
    staff = create_staff(session, case.authority)
    decide(session, case, staff, decided_on=dt.date(2026, 4, 22), withdraw=("s.31(3)",))

    answers = pack_answers(case, today=dt.date(2026, 5, 1))

    assert answers.challenge_text.splitlines() == [
        f"I asked {case.authority.name} for information on 2 February 2026 (their reference "
        "FOI-2026-0101).",
        "Its response dated 3 March 2026 relied on s.24(2) (National security; neither confirm "
        "nor deny; the public-interest test applies), s.31(3) (Law enforcement; neither confirm "
        "nor deny; the public-interest test applies).",
        "Its internal review of 22 April 2026: original decision partly upheld. It no longer "
        "relies on s.31(3).",
        "I challenge:",
        "- s.24(2) (National security; neither confirm nor deny; the public-interest test "
        "applies): Not engaged. Even if it is engaged, the public interest favours disclosure.",
    ]
    assert answers.conduct_text.splitlines() == [
        "It responded 21 working days after my request, beyond the 20 working days FOIA "
        "s.10(1) allows.",
        "It took 26 working days to complete the internal review I asked for on 12 March 2026, "
        "beyond the 20 working days the s.45 Code of Practice sets as the target.",
        "The refusal notice did not explain itself as FOIA s.17 requires: No reasons were given.",
        "It offered no advice and assistance (FOIA s.16).",
    ]


def test_an_overdue_review_is_the_ground_for_complaint(session: Any) -> None:
    case = filed(session)

    answers = pack_answers(case, today=dt.date(2026, 5, 14))

    assert answers.conduct_text.endswith(
        "It has not completed the internal review I asked for on 12 March 2026: 41 working days "
        "have passed, beyond the 20 working days the s.45 Code of Practice sets as the target."
    )


def test_foisa_answers_cite_the_scottish_act(session: Any) -> None:
    case = filed(
        session,
        regime="foisa",
        response_date=dt.date(2026, 3, 10),
        provisions=(cases.ProvisionInput("s.38(1)(b)"),),
        grounds=(cases.GroundInput(GroundKind.PROVISION, "", provision="s.38(1)(b)"),),
    )

    answers = pack_answers(case, today=dt.date(2026, 4, 13))

    assert "- s.38(1)(b) (Personal information; absolute): I do not accept that it applies." in (
        answers.challenge_text
    )
    assert "public interest favours" not in answers.challenge_text  # absolute: no PI test
    assert "It responded 26 working days after my request, beyond the 20 working days FOISA " \
        "s.10(1) allows." in answers.conduct_text  # fmt: skip
    assert "beyond the 20 working days FOISA s.21(1) allows." in answers.conduct_text


def test_answers_never_exceed_the_forms_2000_characters(session: Any) -> None:
    long = "The exemption is not engaged because " + "the information is already public " * 140
    case = filed(
        session,
        grounds=(
            cases.GroundInput(GroundKind.PROVISION, long[:4900], provision="s.24(2)"),
            cases.GroundInput(GroundKind.INADEQUATE_NOTICE, long[:4900]),
        ),
    )

    answers = pack_answers(case, today=dt.date(2026, 4, 1))

    for text in (answers.challenge_text, answers.conduct_text):
        assert 1_900 < len(text) <= 2_000
        assert text.endswith("…")
        assert not text[:-1].endswith(" ")


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("one two three four", 12, "one two…"),
        ("x" * 30, 10, "x" * 9 + "…"),
    ],
)
def test_fit_cuts_at_a_word_boundary(text: str, limit: int, expected: str) -> None:
    assert fit(text, limit) == expected


def test_the_answers_are_only_what_the_requester_gave_the_draft_a_suggestion(
    session: Any, frozen: Any
) -> None:
    """Issue 12 item 11: nothing goes into the requester's answers, their letter or the pack
    that they did not write or choose."""
    case = filed(session)
    frozen.set(dt.date(2026, 5, 20))
    today = dt.date(2026, 5, 20)
    drafted = pack_answers(case, today=today)
    assert drafted.challenge_text and drafted.conduct_text

    assert current_answers(session, case) == PackAnswers("", "")
    assert suggestions(session, case, today=today) == {
        "challenge_text": drafted.challenge_text,
        "conduct_text": drafted.conduct_text,
    }
    letter = build_complaint_pack(session, case, today=today).letter_sections
    answered = {section.heading: section.paragraphs for section in letter}
    assert answered[CHALLENGE_QUESTION] == answered[CONDUCT_QUESTION] == ("(not answered)",)

    # The requester uses one suggestion and writes the other answer.
    regulator.update_pack_answers(
        session, case.requester, case, challenge_text=drafted.challenge_text,
        conduct_text="Also mine.",
    )  # fmt: skip
    session.flush()

    assert current_answers(session, case) == PackAnswers(drafted.challenge_text, "Also mine.")
    assert suggestions(session, case, today=today) == {"conduct_text": drafted.conduct_text}
    # Once they have told us they sent it, the answers are fixed: nothing more is suggested.
    regulator.refer(session, case.requester, case, challenge_text="Mine.", conduct_text="")
    session.flush()
    assert current_answers(session, case) == PackAnswers("Mine.", "")
    assert suggestions(session, case, today=today) == {}


# -- the packs -----------------------------------------------------------------------------------


def test_complaint_pack_for_an_overdue_review(session: Any, frozen: Any) -> None:
    case = filed(session)
    frozen.set(dt.date(2026, 5, 20))

    pack = build_complaint_pack(session, case, today=dt.date(2026, 5, 20))

    assert pack.title == "Complaint to the Information Commissioner"
    assert pack.regulator_address_lines[0] == "Wycliffe House"
    cover = dict(pack.cover_lines)
    assert cover["Internal review outcome"] == "none received"
    assert cover["Provisions disputed"] == (
        "s.24(2) (neither confirm nor deny), s.31(3) (neither confirm nor deny)"
    )
    # Overdue: six weeks from the end of the 40 working days (13 May) is 24 June.
    assert cover["Time limit"].startswith(
        "24 June 2026 (6 weeks from the end of the internal review"
    )
    assert [d.title for d in pack.documents] == [
        "Request for information (wording as entered)",
        "Response (text as pasted)",
        f"Request for internal review (complaint {case.reference} as filed)",
    ]
    events = [(e.day, e.event, e.note) for e in pack.chronology]
    assert (
        dt.date(2026, 5, 20),
        "No internal review outcome yet",
        "45 working days after the request for internal review",
    ) in events
    reader = PdfReader(io.BytesIO(render_pack(pack)))
    assert len(reader.outline) == 2 + len(pack.documents)


def test_the_packs_read_the_referral_and_the_holiday_overrides_once(
    session: Any, frozen: Any
) -> None:
    # Issue 13: the complaint pack read the referral three times (answers, cover, chronology)
    # and the holiday overrides twice (eligibility, chronology); the submission read the
    # referral twice.
    case = filed(session)
    frozen.set(dt.date(2026, 5, 20))
    regulator.refer(session, case.requester, case, challenge_text="Mine.", conduct_text="")
    session.flush()
    session.expire_all()
    tables: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        # The referral may come with the case's other regulator-stage rows (JOIN).
        tables.extend(
            t
            for t in ("regulator_referrals", "holiday_overrides")
            if f"FROM {t}" in statement or f"JOIN {t}" in statement
        )

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        pack = build_complaint_pack(session, case, today=dt.date(2026, 5, 20))
        assert sorted(tables) == ["holiday_overrides", "regulator_referrals"]
        tables.clear()
        session.expire_all()
        build_authority_submission(session, case, today=dt.date(2026, 5, 20))
        assert tables.count("regulator_referrals") == 1
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # What was read once is still used everywhere: the answers, the cover and the chronology.
    assert pack.letter_sections[1].paragraphs == ("Mine.",)
    assert dict(pack.cover_lines)["Sent on"] == "20 May 2026"
    assert "Complaint made to the Information Commissioner's Office" in [
        e.event for e in pack.chronology if e.day == dt.date(2026, 5, 20)
    ]


def test_the_complaint_as_filed_is_rendered_again_only_when_it_changes(
    session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 13: every pack rendered the complaint as filed again. It is kept by the hash of
    # what it prints, so an edit renders it anew and another case never gets this one.
    from review_service.cases import notifications

    rendered: list[str] = []
    real = notifications.render_document

    def counting(title: str, *args: Any, **kwargs: Any) -> bytes:
        rendered.append(title)
        return real(title, *args, **kwargs)

    case, other = filed(session), filed(session)
    monkeypatch.setattr(notifications, "_COMPLAINTS", OrderedDict())
    monkeypatch.setattr(notifications, "render_document", counting)
    first = notifications.complaint_pdf(case)
    assert notifications.complaint_pdf(case) is first
    assert rendered == [f"Complaint {case.reference} as filed"]

    case.grounds[0].requester_text = "A sentence added after the first pack."
    edited = notifications.complaint_pdf(case)
    assert "A sentence added after the first pack." in PdfReader(io.BytesIO(edited)).pages[
        0
    ].extract_text().replace("\n", " ")
    mine = PdfReader(io.BytesIO(notifications.complaint_pdf(other))).pages[0].extract_text()
    assert other.reference in mine and case.reference not in mine
    assert len(rendered) == 3


def test_submission_schedule_and_arguments_come_from_the_review_decision(
    session: Any, decide: Any
) -> None:
    case = filed(session)
    staff = create_staff(session, case.authority)
    decide(session, case, staff, decided_on=dt.date(2026, 4, 1), withdraw=("s.31(3)",))
    decision = decision_for(session, case)

    schedule = withheld_schedule(case, decision)
    pack = build_authority_submission(session, case, today=dt.date(2026, 6, 1))

    assert schedule[0] == ("No.", "Provision", "Type", "Information", "Position after review")
    assert schedule[1][:3] == (
        "1",
        "s.24(2) National security",
        "Qualified exemption (public-interest test); neither confirm nor deny",
    )
    assert schedule[1][3].startswith("Whether information is held is neither confirmed nor denied")
    assert schedule[2][4] == "Withdrawn: no longer withheld under this provision"
    assert disputed_provisions(case, decision) == ["s.24(2) (neither confirm nor deny)"]
    headings = [section.heading for section in pack.letter_sections]
    assert headings[1:3] == ["s.24(2) National security", "s.31(3) Law enforcement"]
    assert pack.documents[0].title == "Schedule of withheld information"
    assert dict(pack.cover_lines)["ICO reference"] == "not yet given"


def test_a_provision_replaced_at_review_is_the_one_disputed(session: Any, frozen: Any) -> None:
    from review_service.reviews import services as reviews

    case = filed(session)
    staff = create_staff(session, case.authority)
    cases.acknowledge(session, staff["caseworker"], case, today=RECEIVED)
    cases.assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)
    cited = {p.provision: p for p in case.refusal_notice.provisions}
    reviews.save_decision(
        session,
        staff["reviewer"],
        case,
        reviews.DecisionInput(
            ground_findings=tuple(
                reviews.GroundFindingInput(g.id, upheld=False, reasons="No.") for g in case.grounds
            ),
            provision_findings=(
                reviews.ProvisionFindingInput(
                    cited["s.24(2)"].id, "maintained", reasons="R.", public_interest_reasons="P."
                ),
                reviews.ProvisionFindingInput(
                    cited["s.31(3)"].id,
                    "replaced",
                    replacement_provision="s.30(3)",
                    reasons="R.",
                    public_interest_reasons="P.",
                ),
            ),
        ),
    )
    frozen.set(dt.date(2026, 4, 1))
    reviews.issue_decision(session, staff["reviewer"], case, today=dt.date(2026, 4, 1))

    answers = pack_answers(case, today=dt.date(2026, 4, 2))

    assert "It now relies on s.30(3) instead of s.31(3)." in answers.challenge_text
    assert disputed_provisions(case, decision_for(session, case)) == [
        "s.24(2) (neither confirm nor deny)",
        "s.30(3) (in place of s.31(3))",
    ]


def test_answers_cannot_change_once_the_complaint_is_made(session: Any, frozen: Any) -> None:
    """The lock is the service's, so the API's PUT pack-answers keeps it as the page does."""
    case = filed(session)
    frozen.set(dt.date(2026, 5, 20))
    regulator.refer(
        session, case.requester, case, challenge_text="Sent.", conduct_text="Also sent.",
        referred_on=dt.date(2026, 5, 20),
    )  # fmt: skip
    session.flush()

    with pytest.raises(Conflict, match="your answers cannot change now"):
        regulator.update_pack_answers(
            session, case.requester, case, challenge_text="Changed.", conduct_text="Changed."
        )

    referral = regulator.referral_for(session, case)
    assert (referral.challenge_text, referral.conduct_text) == ("Sent.", "Also sent.")
