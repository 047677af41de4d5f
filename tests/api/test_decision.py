"""The reviewer's findings through the API: drafts, what is missing, and issuing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import ApiClient, Cast


@pytest.fixture
def in_review(api: ApiClient, cast: Cast, filed: dict[str, Any]) -> dict[str, Any]:
    response = api.post(
        f"/api/v1/cases/{filed['reference']}/actions",
        cast.token("caseworker"),
        json={"action": "assign", "reviewer_id": cast.user_ids["reviewer"]},
    )
    assert response.status_code == 200
    return response.json  # type: ignore[no-any-return]


def test_what_is_missing_is_named_by_ground_and_provision(
    api: ApiClient, cast: Cast, in_review: dict[str, Any]
) -> None:
    reference = in_review["reference"]
    ground = in_review["grounds"][0]["id"]
    s24 = in_review["provisions"][0]["id"]
    body = {
        "ground_findings": [{"ground_id": ground, "upheld": True}],
        "provision_findings": [{"cited_provision_id": s24, "finding": "maintained"}],
    }
    response = api.put(f"/api/v1/cases/{reference}/decision", cast.token("reviewer"), json=body)
    assert response.status_code == 200  # a draft keeps incomplete findings
    missing = {m["field"]: m["message"] for m in response.json["missing"]}
    assert f"ground_findings[ground_id={ground}].reasons" in missing
    assert f"provision_findings[cited_provision_id={s24}].public_interest_reasons" in missing
    assert missing[f"provision_findings[cited_provision_id={s24}].public_interest_reasons"] == (
        "Set out the public-interest balance for s.24(2)"
    )
    response = api.post(f"/api/v1/cases/{reference}/decision/issue", cast.token("reviewer"))
    assert response.status_code == 422
    assert {e["field"] for e in response.json["errors"]} == set(missing)
    response = api.get(f"/api/v1/cases/{reference}/decision/preview.pdf", cast.token("caseworker"))
    assert response.status_code == 422


def test_findings_for_things_outside_the_complaint_are_refused(
    api: ApiClient, cast: Cast, in_review: dict[str, Any]
) -> None:
    reference = in_review["reference"]
    ground = in_review["grounds"][0]["id"]
    body = {
        "ground_findings": [
            {"ground_id": ground, "upheld": True},
            {"ground_id": ground, "upheld": False},
        ]
    }
    response = api.put(f"/api/v1/cases/{reference}/decision", cast.token("reviewer"), json=body)
    assert response.json["errors"] == [
        {"field": "ground_findings[1].ground_id", "message": "Give each finding once"}
    ]
    body = {"provision_findings": [{"cited_provision_id": 999, "finding": "withdrawn"}]}
    response = api.put(f"/api/v1/cases/{reference}/decision", cast.token("reviewer"), json=body)
    assert response.json["errors"] == [
        {
            "field": "provision_findings[cited_provision_id=999]",
            "message": "That provision is not part of this complaint",
        }
    ]


def test_a_preview_needs_saved_findings(
    api: ApiClient, cast: Cast, in_review: dict[str, Any]
) -> None:
    response = api.get(
        f"/api/v1/cases/{in_review['reference']}/decision/preview.pdf", cast.token("reviewer")
    )
    assert response.status_code == 409
    assert response.json["detail"] == "No findings have been saved yet."


def test_the_decision_keeps_the_internal_notes_from_the_requester(
    api: ApiClient, cast: Cast, in_review: dict[str, Any]
) -> None:
    reference = in_review["reference"]
    body = {"internal_notes": "Spoke to the unit.", "version": in_review["version"]}
    saved = api.put(f"/api/v1/cases/{reference}/decision", cast.token("reviewer"), json=body)
    assert saved.json["internal_notes"] == "Spoke to the unit."
    assert saved.json["version"] > in_review["version"]
    staff = api.get(f"/api/v1/cases/{reference}/decision", cast.token("caseworker")).json
    assert staff["internal_notes"] == "Spoke to the unit."
    assert (
        api.get(f"/api/v1/cases/{reference}/decision", cast.token("requester")).status_code == 404
    )
    stale = api.put(f"/api/v1/cases/{reference}/decision", cast.token("reviewer"), json=body)
    assert stale.status_code == 409
    assert stale.json["type"].endswith("/stale-version")


def test_a_public_interest_balance_is_refused_for_a_provision_without_the_test(
    api: ApiClient, cast: Cast, in_review: dict[str, Any]
) -> None:
    """FOIA s.2(3): s.23 is absolute, so no public interest is weighed and the letter must not
    print a balance for it; the qualified s.24(2) keeps its balance."""
    reference = in_review["reference"]
    s24 = in_review["provisions"][0]["id"]
    finding = {
        "cited_provision_id": s24,
        "finding": "replaced",
        "replacement_provision": "s.23(5)",
        "reasons": "Supplied by a security body.",
        "public_interest_reasons": "The balance favours withholding.",
    }
    body = {"provision_findings": [finding]}
    response = api.put(f"/api/v1/cases/{reference}/decision", cast.token("reviewer"), json=body)
    assert response.status_code == 422
    assert response.json["errors"] == [
        {
            "field": f"provision_findings[cited_provision_id={s24}].public_interest_reasons",
            "message": "s.23(5) has no public-interest test: leave the public-interest balance "
            "empty",
        }
    ]
    body = {"provision_findings": [{**finding, "public_interest_reasons": ""}]}
    response = api.put(f"/api/v1/cases/{reference}/decision", cast.token("reviewer"), json=body)
    assert response.status_code == 200
    body = {"provision_findings": [{**finding, "finding": "maintained"}]}
    response = api.put(f"/api/v1/cases/{reference}/decision", cast.token("reviewer"), json=body)
    assert response.status_code == 200
