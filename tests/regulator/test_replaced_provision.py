"""Issue 11, item 4: a provision replaced at review is treated as the provision now relied on.

FOIA s.2(3) makes s.41 absolute and leaves s.43 qualified, so when a reviewer replaces s.41(1)
with s.43(2) the outcome needs the public-interest balance (s.2(2)(b)), and the authority's
submission and the schedule of withheld information describe s.43(2) as qualified. The other way
round, s.43(2) replaced by s.41(1) needs no balance.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from review_service.cases import services as cases
from review_service.domain.review import GroundKind
from review_service.extensions import commit
from review_service.regulator.pack_bundles import build_authority_submission, withheld_schedule
from review_service.reviews import services as reviews
from tests.staff import fresh_session_per_request, sign_in, staffed_case


def case_citing(session: Any, provision: str) -> tuple[Any, dict[str, Any]]:
    ground = cases.GroundInput(GroundKind.PROVISION, "It does not apply.", provision=provision)
    return staffed_case(session, ground, provisions=(provision,))


def replace(session: Any, case: Any, staff: Any, by: str, *, balance: str = "") -> Any:
    cited = case.refusal_notice.provisions[0]
    return reviews.save_decision(
        session,
        staff["reviewer"],
        case,
        reviews.DecisionInput(
            ground_findings=(
                reviews.GroundFindingInput(case.grounds[0].id, upheld=False, reasons="It does."),
            ),
            provision_findings=(
                reviews.ProvisionFindingInput(
                    cited.id,
                    "replaced",
                    replacement_provision=by,
                    reasons="The contract terms are commercially sensitive.",
                    public_interest_reasons=balance,
                ),
            ),
        ),
    )


def test_an_absolute_provision_replaced_by_a_qualified_one_needs_the_public_interest_balance(
    session: Any,
) -> None:
    case, staff = case_citing(session, "s.41(1)")
    cited = case.refusal_notice.provisions[0]
    assert cited.absolute
    decision = replace(session, case, staff, "s.43(2)")
    errors = reviews.completeness_errors(case, decision)
    assert errors == {
        f"provision-{cited.id}-public-interest": "Set out the public-interest balance for s.43(2)"
    }

    decision = replace(session, case, staff, "s.43(2)", balance="Weighed: withholding wins.")
    assert reviews.completeness_errors(case, decision) == {}


def test_a_qualified_provision_replaced_by_an_absolute_one_needs_no_balance(session: Any) -> None:
    case, staff = case_citing(session, "s.43(2)")
    decision = replace(session, case, staff, "s.41(1)")
    assert reviews.completeness_errors(case, decision) == {}


def test_the_schedule_and_the_submission_describe_the_provision_now_relied_on(
    session: Any,
) -> None:
    case, staff = case_citing(session, "s.41(1)")
    decision = replace(session, case, staff, "s.43(2)", balance="Weighed: withholding wins.")

    schedule = withheld_schedule(case, decision)
    assert schedule[1][1:3] == (
        "s.43(2) Commercial interests (in place of s.41(1) Information provided in confidence)",
        "Qualified exemption (public-interest test)",
    )
    assert schedule[1][4] == "Replaced by s.43(2)"

    pack = build_authority_submission(session, case, today=dt.date(2026, 11, 2))
    section = pack.letter_sections[1]
    assert section.heading.startswith("s.43(2) Commercial interests (in place of s.41(1)")
    assert section.paragraphs[0] == "A qualified exemption: the public-interest test applies."
    assert "The public-interest balance: Weighed: withholding wins." in section.paragraphs


@pytest.fixture
def _fresh_sessions(app, session):  # type: ignore[no-untyped-def]
    fresh_session_per_request(app, session)


def test_the_decision_page_offers_the_balance_for_an_absolute_provision_that_may_be_replaced(
    client, session, _fresh_sessions
) -> None:  # type: ignore[no-untyped-def]
    case, staff = case_citing(session, "s.41(1)")
    cited = case.refusal_notice.provisions[0]
    commit()
    sign_in(client, staff["reviewer"])
    page = client.get(f"/staff/cases/{case.reference}/decision")
    assert f'name="provision_{cited.id}_public_interest"' in page.get_data(as_text=True)
