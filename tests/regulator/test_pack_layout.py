"""How the regulator's pack is laid out (issue 12 item 10): whose paper each part is on, the
pack's own page numbers on every page, and a schedule that never cuts the request off."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from review_service.regulator.pack import held_documents
from tests.factories import create_authority
from tests.regulator.test_pack import filed


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_complaint_as_filed_is_not_on_the_authoritys_letterhead(session: Any) -> None:
    authority = create_authority(
        session, address="Letterhead House\nTestford TS9 9ZZ", telephone="01632 960000"
    )
    case = filed(session, authority=authority)

    complaint = next(d for d in held_documents(session, case) if "as filed" in d.title)

    assert complaint.content is not None
    text = _text(complaint.content)
    assert f"Complaint {case.reference} as filed" in text
    for letterhead in ("Letterhead House", "TS9 9ZZ", "01632 960000", authority.email):
        assert letterhead not in text
