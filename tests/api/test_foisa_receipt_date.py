"""Issue 11, item 1, through the API: a FOISA complaint gives the date the authority received
the request, and the case's review_request_window follows FOISA s.20(5)."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import ApiClient, Cast, complaint_body


def foisa_body(cast: Cast, **overrides: Any) -> dict[str, Any]:
    return complaint_body(
        cast,
        regime="foisa",
        request_sent_on="2026-08-10",
        response_date="2026-08-12",
        provisions=[],
        grounds=[{"kind": "more_information_held", "requester_text": "There is more."}],
        **overrides,
    )


def test_a_foisa_complaint_without_the_receipt_date_names_the_field(
    api: ApiClient, cast: Cast, frozen_today: Any
) -> None:
    response = api.post("/api/v1/cases", cast.token("requester"), json=foisa_body(cast))
    assert response.status_code == 422, response.json
    errors = {e["field"]: e["message"] for e in response.json["errors"]}
    assert errors["request_received_on"] == "Enter the date the authority received your request"


def test_the_foisa_review_window_counts_from_the_end_of_the_20_working_days(
    api: ApiClient, cast: Cast, frozen_today: Any
) -> None:
    body = foisa_body(cast, request_received_on="2026-08-10")
    response = api.post("/api/v1/cases", cast.token("requester"), json=body)
    assert response.status_code == 201, response.json
    case = response.json
    assert case["request"]["received_on"] == "2026-08-10"
    window = case["deadlines"]["review_request_window"]
    # 20 Scottish working days from 10 August end 7 September (31 August is a bank holiday in
    # England only); 40 more end 2 November 2026, not 40 from the response (8 October).
    assert window["date"] == "2026-11-02"
    assert "FOISA s.20(5)(a)" in window["basis"]
