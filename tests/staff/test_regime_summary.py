"""The staff case page's summary names the requester's step and the review as the case's law
does: FOIA a request for internal review, EIR reg 11 a request for reconsideration, FOISA s.20(1)
a requirement for review."""

from __future__ import annotations

from typing import Any

import pytest

from review_service.extensions import commit
from tests.factories import create_authority, create_case, create_staff
from tests.staff import sign_in


@pytest.mark.parametrize(
    ("regime", "provision", "received", "due"),
    [
        ("foia", "s.43(2)", "Request for internal review received", "Internal review due"),
        ("eir", "reg 12(5)(e)", "Request for reconsideration received", "Reconsideration due"),
        ("foisa", "s.33(1)(b)", "Requirement for review received", "Review due"),
    ],
)
def test_the_summary_uses_the_laws_words(
    client: Any, session: Any, regime: str, provision: str, received: str, due: str
) -> None:
    from review_service.cases import services as cases

    authority = create_authority(session, regime=regime)
    case = create_case(
        session,
        authority=authority,
        regime=regime,
        provisions=(cases.ProvisionInput(provision),),
        grounds=(cases.GroundInput("more_information_held", "There is more."),),
    )
    staff = create_staff(session, authority)
    commit()
    sign_in(client, staff["caseworker"])
    client.get(f"/staff/cases/{case.reference}")
    text = client.last_page.text
    assert f"{received} 5 October 2026" in text
    assert f"{due} " in text
