"""What a person may do next (cases/actions.py) is what the services let them do: one answer
for the staff case page's links and the API's ``allowed_actions``, and requesters are offered
only their own actions (issue 9: "requesters see staff actions in the API's allowed_actions")."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from review_service.accounts.models import Role, User
from review_service.accounts.services import create_api_token
from review_service.cases import services as cases
from review_service.cases.actions import available_actions
from review_service.domain.lifecycle import CaseAction, CaseStatus
from review_service.errors import Conflict, Forbidden, InvalidTransition, NotFound
from review_service.extensions import commit
from tests.factories import create_user
from tests.test_lifecycle_services import OVERDUE_REFERRAL, RECEIVED, World, perform, to_state

A = CaseAction
ACTORS = ("requester", "caseworker", "admin", "reviewer", "other_reviewer", "odm")
REQUESTER_ACTIONS = {A.REFER, A.APPEAL, A.WITHDRAW}


def _service_allows(world: World, action: CaseAction, actor: User) -> bool:
    savepoint = world.session.begin_nested()
    try:
        perform(world, action, actor)
        world.session.flush()
    except (Forbidden, NotFound, InvalidTransition, Conflict):
        return False
    finally:
        savepoint.rollback()
        world.session.expire_all()
    return True


def _people(world: World) -> dict[str, User]:
    session = world.session
    return {
        "requester": world.requester,
        "caseworker": world.caseworker,
        "admin": create_user(session, Role.ADMIN),
        "reviewer": world.reviewer,
        "other_reviewer": world.other_reviewer,
        "odm": create_user(session, Role.REVIEWER, authority=world.authority),
    }


STAGES = [(status, False) for status in CaseStatus] + [
    # Already acknowledged and extended: neither is offered again.
    (CaseStatus.RECEIVED, True),
    (CaseStatus.IN_REVIEW, True),
]


@pytest.mark.parametrize(
    ("status", "handled"),
    STAGES,
    ids=[s.value + (" acknowledged and extended" if h else "") for s, h in STAGES],
)
def test_what_each_person_is_offered_is_what_the_services_allow(
    session: Session, status: CaseStatus, handled: bool
) -> None:
    world = World(session)
    people = _people(world)
    cases.record_original_decision_maker(
        session, world.caseworker, world.case, user_id=people["odm"].id
    )
    if handled:
        cases.acknowledge(session, world.caseworker, world.case, today=RECEIVED)
        cases.extend(session, world.caseworker, world.case, reason="Large volume of material")
    to_state(world, status)
    session.flush()
    wrong = []
    for who in ACTORS:
        actor = people[who]
        offered = set(available_actions(session, actor, world.case, today=OVERDUE_REFERRAL))
        if actor.role == Role.REQUESTER:
            assert offered <= REQUESTER_ACTIONS, (who, offered)
        for action in CaseAction:
            allowed = _service_allows(world, action, actor)
            if (action in offered) != allowed:
                wrong.append(f"{who} {action.value}: offered {action in offered}, done {allowed}")
    assert not wrong, f"at {status.value}: " + "; ".join(wrong)


def test_the_api_offers_a_requester_only_their_own_actions(app, session: Session) -> None:  # type: ignore[no-untyped-def]
    world = World(session)
    to_state(world, CaseStatus.DECIDED)
    tokens = {
        who: create_api_token(session, user, who)[1]
        for who, user in (("requester", world.requester), ("caseworker", world.caseworker))
    }
    commit()

    def offered(who: str) -> list[str]:
        response = app.test_client().get(
            f"/api/v1/cases/{world.case.reference}",
            headers={"Authorization": f"Bearer {tokens[who]}"},
        )
        assert response.status_code == 200
        return response.json["allowed_actions"]

    # After the outcome there is no request for review left to withdraw (issue 12 item 4).
    assert offered("requester") == ["refer"]
    assert offered("caseworker") == ["correct_letter", "refer", "withdraw", "close"]
