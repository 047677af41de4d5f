"""Issue 11, item 7: what a provision is, said correctly in the submission and the packs.

FOIA s.12 (cost limit) and s.14 (vexatious or repeated requests) are grounds for refusing a
request, not exemptions (they are outside Part II, so s.2(3)'s list of absolute exemptions does not
include them); s.36 is absolute only for information held by the Houses of Parliament (s.2(3)(e));
s.37(2) NCND protecting s.37(1)(a)-(ab) is absolute (s.2(3)(ea), s.2(1)(a)).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from review_service.cases import services as cases
from review_service.domain.review import GroundKind
from review_service.regulator.pack_answers import pack_answers
from review_service.regulator.pack_bundles import build_authority_submission, withheld_schedule
from tests.factories import create_authority, create_case

REFUSAL_GROUND = "Ground for refusing the request, not an exemption (no public-interest test)"


def case_citing(session: Any, *provisions: str, ncnd: bool = False) -> Any:
    return create_case(
        session,
        authority=create_authority(session),
        provisions=tuple(cases.ProvisionInput(p, ncnd=ncnd) for p in provisions),
        grounds=(
            cases.GroundInput(
                GroundKind.PROVISION, "It would not cost that much.", provision=provisions[0]
            ),
        ),
    )


def test_the_cost_limit_is_a_ground_for_refusal_in_the_submission_and_the_packs(
    session: Any,
) -> None:
    case = case_citing(session, "s.12(1)")
    schedule = withheld_schedule(case, None)
    assert schedule[1][2] == REFUSAL_GROUND
    submission = build_authority_submission(session, case, today=dt.date(2026, 11, 2))
    first = submission.letter_sections[1].paragraphs[0]
    assert first == (
        "A ground for refusing the request, not an exemption: no public-interest test applies."
    )
    answers = pack_answers(case, today=dt.date(2026, 11, 2))
    label = "s.12(1) (Cost of compliance exceeds appropriate limit; a ground for refusal, not"
    assert f"{label} an exemption)" in answers.challenge_text
    assert "absolute" not in answers.challenge_text


def test_vexatious_requests_are_not_called_an_absolute_exemption(session: Any) -> None:
    case = case_citing(session, "s.14(1)")
    submission = build_authority_submission(session, case, today=dt.date(2026, 11, 2))
    assert "absolute exemption" not in " ".join(submission.letter_sections[1].paragraphs)
    assert withheld_schedule(case, None)[1][2] == REFUSAL_GROUND


def test_section_36_is_argued_as_qualified(session: Any) -> None:
    case = case_citing(session, "s.36(2)(b)(i)")
    assert not case.refusal_notice.provisions[0].absolute
    submission = build_authority_submission(session, case, today=dt.date(2026, 11, 2))
    assert submission.letter_sections[1].paragraphs[0] == (
        "A qualified exemption: the public-interest test applies."
    )


def test_section_37_ncnd_for_the_sovereign_is_recorded_as_absolute(session: Any) -> None:
    case = case_citing(session, "s.37(2)", "s.37(1)(a)", ncnd=True)
    absolute = {p.provision: p.absolute for p in case.refusal_notice.provisions}
    assert absolute == {"s.37(2)": True, "s.37(1)(a)": True}
    honours = case_citing(session, "s.37(2)", "s.37(1)(b)", ncnd=True)
    assert {p.provision: p.absolute for p in honours.refusal_notice.provisions} == {
        "s.37(2)": False,
        "s.37(1)(b)": False,
    }


def test_eir_regulation_5_3_is_outside_the_duty_not_an_exception_with_a_balance(
    session: Any,
) -> None:
    # EIR reg 5(3): the applicant's own personal data are outside reg 5(1)'s duty; no reg 12
    # exception, so neither the public-interest test nor the presumption in reg 12(2) applies.
    case_eir = create_case(
        session,
        authority=create_authority(session, regime="eir"),
        request_reference="EIR-2026-0042",
        response_text="Your own details are withheld under regulation 5(3), others' under reg 13.",
        provisions=(cases.ProvisionInput("reg 5(3)"), cases.ProvisionInput("reg 13")),
        grounds=(
            cases.GroundInput(
                GroundKind.PROVISION, "I should have my own file.", provision="reg 5(3)"
            ),
        ),
    )
    assert {p.provision: p.absolute for p in case_eir.refusal_notice.provisions} == {
        "reg 5(3)": True,
        "reg 13": True,
    }
    schedule = withheld_schedule(case_eir, None)
    assert schedule[1][2] == (
        "Outside the duty to disclose, not an exception (no public-interest test)"
    )
    assert schedule[2][2] == "Absolute exception (no public-interest test)"
    submission = build_authority_submission(session, case_eir, today=dt.date(2026, 11, 2))
    first = submission.letter_sections[1].paragraphs[0]
    assert first.startswith("Not an exception: the duty to make the information available")
    assert "public-interest test applies," not in first
    answers = pack_answers(case_eir, today=dt.date(2026, 11, 2))
    assert (
        "reg 5(3) (Personal data of which the applicant is the data subject; outside the duty "
        "to disclose, not an exception)"
    ) in answers.challenge_text
