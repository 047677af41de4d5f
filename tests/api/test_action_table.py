"""POST /cases/{reference}/actions dispatches through a table: every action the OpenAPI document
offers has a handler, every lifecycle action has a way in through the API, and an action without
a handler is refused as a problem rather than falling into another action's branch."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from review_service.api import actions
from review_service.api.openapi import ACTIONS, document
from review_service.api.schemas import action_schema_name
from review_service.domain.lifecycle import CaseAction
from tests.api.conftest import ApiClient, Cast


def test_every_action_the_document_offers_has_a_handler() -> None:
    request = document()["components"]["schemas"]["CaseActionRequest"]
    offered = set(request["discriminator"]["mapping"])
    assert offered == {a.value for a in ACTIONS}
    assert offered == {a.value for a in actions.HANDLERS}


def test_every_lifecycle_action_has_one_way_in_through_the_api(app: Flask) -> None:
    by_table = set(actions.HANDLERS)
    by_endpoint = set(actions.OWN_ENDPOINTS)
    assert not by_table & by_endpoint
    assert by_table | by_endpoint == set(CaseAction)
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(actions.OWN_ENDPOINTS.values()) <= endpoints


def test_an_action_without_a_handler_is_refused_and_changes_nothing(
    api: ApiClient, cast: Cast, filed: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(actions.HANDLERS, CaseAction.ACKNOWLEDGE)
    url = f"/api/v1/cases/{filed['reference']}/actions"
    response = api.post(url, cast.token("caseworker"), json={"action": "acknowledge"})
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "action"
    assert "acknowledge" not in response.json["errors"][0]["message"]
    case = api.get(f"/api/v1/cases/{filed['reference']}", cast.token("caseworker")).json
    assert case["status"] == "received"


def test_each_entry_describes_its_body_and_requires_only_its_own_fields() -> None:
    schemas = document()["components"]["schemas"]
    for action, entry in actions.ACTIONS.items():
        assert set(entry.required) <= set(entry.fields), action
        body = schemas[action_schema_name(action)]
        assert set(body["properties"]) == {"action", "version", *entry.fields}, action
        assert body["required"] == ["action", *entry.required], action
