"""Issue 11 item 7, the staff pages: what each cited provision is comes from the domain's
provision kind; FOIA s.12 and s.14 are grounds for refusal, never labelled "Absolute"."""

from __future__ import annotations

import pytest

from review_service.cases import services as cases
from review_service.domain.review import GroundKind
from review_service.extensions import commit
from tests.factories import create_authority, create_staff
from tests.staff import fresh_session_per_request, sign_in, triaged_case

GROUND = "Ground for refusing the request, not an exemption (no public-interest test)"
GROUND_SENTENCE = (
    "A ground for refusing the request, not an exemption: no public-interest test applies."
)


@pytest.fixture(autouse=True)
def _fresh_sessions(app, session):  # type: ignore[no-untyped-def]
    fresh_session_per_request(app, session)


def test_the_case_and_decision_pages_read_the_provision_kind(client, session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    staff = create_staff(session, authority)
    provisions = ("s.12(1)", "s.14(1)", "s.23(1)", "s.43(2)")
    case = triaged_case(
        session,
        authority,
        staff,
        provisions=tuple(cases.ProvisionInput(p) for p in provisions),
        grounds=(cases.GroundInput(GroundKind.PROVISION, "Not so.", provision="s.12(1)"),),
    )
    commit()
    sign_in(client, staff["reviewer"])

    client.get(f"/staff/cases/{case.reference}")
    text = " ".join(client.last_page.text.split())
    assert "Absolute" not in text.replace("Absolute exemption", "")
    assert text.count(GROUND) == 2  # s.12 and s.14
    assert "Absolute exemption (no public-interest test)" in text  # s.23
    assert "Qualified exemption (public-interest test)" in text  # s.43

    client.get(f"/staff/cases/{case.reference}/decision")
    text = " ".join(client.last_page.text.split())
    assert text.count(GROUND_SENTENCE) == 2
    assert "An absolute exemption: the public-interest test does not apply." in text
    assert "A qualified exemption: the public-interest test applies." in text
    assert "Absolute:" not in text
