"""Staff of another authority do not exist for a caseworker: recording one as a case's
original decision-maker took any staff account's id, stored that person's name on the case
and showed it back, so a caseworker could read the name of every member of staff of every
authority by counting through the ids."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import ApiClient, Cast


def test_a_caseworker_cannot_name_another_authoritys_staff_as_the_decision_maker(
    api: ApiClient, cast: Cast, filed: dict[str, Any]
) -> None:
    caseworker = cast.token("caseworker")
    path = f"/api/v1/cases/{filed['reference']}/actions"
    body = {"action": "record_original_decision_maker"}

    outsider = api.post(path, caseworker, json={**body, "user_id": cast.user_ids["outsider"]})
    assert outsider.status_code == 422, outsider.json
    assert "Select a member of staff" in str(outsider.json)
    assert "outsider" not in str(outsider.json).lower()
    case = api.get(f"/api/v1/cases/{filed['reference']}", caseworker).json
    assert case["original_decision_maker"] is None

    # The authority's own reviewer, and a service-wide administrator, may be named.
    for name in ("other_reviewer", "admin"):
        own = api.post(path, caseworker, json={**body, "user_id": cast.user_ids[name]})
        assert own.status_code == 200, own.json
        assert own.json["original_decision_maker"]["id"] == cast.user_ids[name]


def test_assigning_another_authoritys_reviewer_does_not_name_them(  # type: ignore[no-untyped-def]
    app, api: ApiClient, cast: Cast, filed: dict[str, Any]
) -> None:
    """The refusal said "<their name> does not review this authority's cases"."""
    from review_service.accounts.models import Authority, Role
    from review_service.extensions import commit, db_session
    from tests.factories import create_user

    with app.app_context():
        session = db_session()
        other = session.get(Authority, cast.other_authority_id)
        stranger = create_user(session, Role.REVIEWER, authority=other, name="Zebedee Stranger")
        commit()
        stranger_id = stranger.id
    path = f"/api/v1/cases/{filed['reference']}/actions"
    response = api.post(
        path,
        cast.token("caseworker"),
        json={"action": "assign", "reviewer_id": stranger_id, "version": filed["version"]},
    )
    assert response.status_code == 422, response.json
    assert "Zebedee" not in str(response.json)
    assert "Select a reviewer" in str(response.json)
