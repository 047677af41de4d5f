"""Issue 11, item 5, through the review service: the outcome as statistics count it, and
contradictory findings refused before the outcome can be issued."""

from __future__ import annotations

from typing import Any

from review_service.cases import services as cases
from review_service.domain.review import GroundKind
from review_service.reviews import services as reviews
from review_service.reviews.outcome import outcome_of
from tests.staff import staffed_case


def decide(
    session: Any, case: Any, staff: Any, grounds: dict, provisions: dict, released: str = ""
) -> Any:  # type: ignore[type-arg]
    return reviews.save_decision(
        session,
        staff["reviewer"],
        case,
        reviews.DecisionInput(
            ground_findings=tuple(
                reviews.GroundFindingInput(g.id, upheld=grounds[g.kind], reasons="Considered.")
                for g in case.grounds
            ),
            provision_findings=tuple(
                reviews.ProvisionFindingInput(
                    c.id,
                    provisions[c.provision],
                    reasons="Considered.",
                    public_interest_reasons="Weighed.",
                )
                for c in case.refusal_notice.provisions
            ),  # fmt: skip
            released_information=released,
        ),
    )


def s31_case(session: Any, *more_grounds: cases.GroundInput) -> Any:
    """A case refused under s.31(1)(a), the requester saying it is not engaged (and
    ``more_grounds``)."""
    return staffed_case(
        session,
        cases.GroundInput(GroundKind.PROVISION, "Not engaged.", provision="s.31(1)(a)"),
        *more_grounds,
        provisions=("s.31(1)(a)",),
    )


def test_only_a_late_response_upheld_leaves_the_decision_upheld(session: Any) -> None:
    case, staff = staffed_case(
        session, cases.GroundInput(GroundKind.LATE_RESPONSE, "Two weeks late.")
    )
    decision = decide(session, case, staff, {"late_response": True}, {})
    assert reviews.completeness_errors(case, decision) == {}
    assert outcome_of(case, decision).value == "upheld"


def test_a_rejected_late_ground_does_not_stop_everything_withdrawn_being_overturned(
    session: Any,
) -> None:
    case, staff = s31_case(session, cases.GroundInput(GroundKind.LATE_RESPONSE, "Late."))
    decision = decide(
        session,
        case,
        staff,
        {"provision": True, "late_response": False},
        {"s.31(1)(a)": "withdrawn"},
        released="Everything asked for.",
    )
    assert reviews.completeness_errors(case, decision) == {}
    assert outcome_of(case, decision).value == "overturned"


def test_a_ground_upheld_against_a_maintained_provision_is_refused(session: Any) -> None:
    case, staff = s31_case(session)
    decision = decide(session, case, staff, {"provision": True}, {"s.31(1)(a)": "maintained"})
    ground = case.grounds[0]
    assert reviews.completeness_errors(case, decision) == {
        f"ground-{ground.id}": (
            "The ground that s.31(1)(a) was wrongly applied is upheld, but s.31(1)(a) is "
            "maintained: withdraw or replace it, or do not uphold the ground"
        )
    }


def test_every_provision_withdrawn_with_nothing_released_is_refused(session: Any) -> None:
    case, staff = s31_case(session)
    decision = decide(session, case, staff, {"provision": True}, {"s.31(1)(a)": "withdrawn"})
    errors = reviews.completeness_errors(case, decision)
    assert list(errors) == ["released_information"]
    assert errors["released_information"].startswith("Every provision is withdrawn")
