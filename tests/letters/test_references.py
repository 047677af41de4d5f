"""The references on a letter belong to whoever wrote them (issue 12 item 10): the authority's
letters give its own references as "Our ..." and never label them "Your reference"."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.letters.outcome import build_outcome_letter
from review_service.letters.render import render_letter
from review_service.letters.services import latest_letter
from review_service.reviews import services as reviews
from tests.factories import create_authority, create_case, create_staff, full_decision


def _acknowledgement(session: Session, case: Case, staff: dict) -> bytes:
    cases.acknowledge(session, staff["caseworker"], case, today=dt.date(2026, 10, 6))
    letter = latest_letter(session, case, "acknowledgement")
    assert letter is not None
    return letter.pdf


def _outcome(session: Session, case: Case, staff: dict) -> bytes:
    cases.assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)
    decision = reviews.save_decision(session, staff["reviewer"], case, full_decision(case))
    content = build_outcome_letter(
        case, decision, staff["reviewer"], letter_date=dt.date(2026, 10, 20), draft=False
    )
    return render_letter(content)


@pytest.mark.parametrize("letter", [_acknowledgement, _outcome], ids=["acknowledgement", "outcome"])
def test_a_letter_gives_the_authoritys_references_as_its_own(session: Session, letter) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    staff = create_staff(session, authority)
    case = create_case(session, authority=authority, request_reference="FOI-2026-0101")

    pdf = letter(session, case, staff)

    pages = PdfReader(io.BytesIO(pdf)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Your reference" not in text
    assert f"Our reference {case.reference}" in text
    assert "Our request reference FOI-2026-0101" in text
