"""A whole case driven through the API alone, from the complaint to closure, by the requester,
a caseworker and the reviewer, each with their own bearer token."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from pypdf import PdfReader

from tests.api.conftest import ApiClient, Cast, complaint_body


def _act(api: ApiClient, token: str, reference: str, **body: Any) -> dict[str, Any]:
    response = api.post(f"/api/v1/cases/{reference}/actions", token, json=body)
    assert response.status_code == 200, response.json
    return response.json  # type: ignore[no-any-return]


def test_a_case_goes_from_complaint_to_closure_through_the_api_alone(
    api: ApiClient, cast: Cast, frozen_today: Any
) -> None:
    requester = cast.token("requester")
    caseworker = cast.token("caseworker")
    reviewer = cast.token("reviewer")

    # The requester files the complaint for themselves.
    response = api.post("/api/v1/cases", requester, json=complaint_body(cast))
    assert response.status_code == 201, response.json
    case = response.json
    reference = case["reference"]
    assert response.headers["Location"] == f"/api/v1/cases/{reference}"
    assert case["status"] == "received"
    assert case["regime"] == "foia"
    assert [p["provision"] for p in case["provisions"]] == ["s.24(2)", "s.31(3)"]
    assert [g["kind"] for g in case["grounds"]] == ["provision", "more_information_held"]
    assert case["grounds"][0]["provision"] == "s.24(2)"
    # FOIA: 20 working days from receipt on Monday 5 October 2026 (s.45 Code).
    assert case["deadlines"]["review_due"]["date"] == "2026-11-02"
    # 40 working days: Monday 30 November 2026 is St Andrew's Day, a bank holiday in Scotland
    # and so not a working day anywhere in the UK (FOIA s.10(6)).
    assert case["deadlines"]["regulator_route_opens"]["date"] == "2026-12-01"
    assert case["deadlines"]["review_request_window"]["date"] == "2026-11-23"
    assert case["links"]["self"] == f"/api/v1/cases/{reference}"
    assert "reviewer" not in case  # staff details are not shown to the requester
    assert "decision" not in case["links"]  # nor links only staff may follow

    # The caseworker triages it.
    listed = api.get("/api/v1/cases", caseworker).json
    assert [item["reference"] for item in listed["items"]] == [reference]
    assert listed["items"][0]["urgency"] is not None
    reviewers = api.get("/api/v1/reviewers", caseworker).json["items"]
    reviewer_id = cast.user_ids["reviewer"]
    assert reviewer_id in [r["id"] for r in reviewers]
    case = _act(api, caseworker, reference, action="acknowledge", version=case["version"])
    assert case["acknowledged_on"] == "2026-10-05"
    case = _act(
        api,
        caseworker,
        reference,
        action="record_original_decision_maker",
        user_id=None,
        name="An FOI officer",
    )
    assert case["original_decision_maker"] == {"id": None, "name": "An FOI officer"}
    case = _act(api, caseworker, reference, action="assign", reviewer_id=reviewer_id)
    assert case["status"] == "in_review"
    assert case["reviewer"]["id"] == reviewer_id
    case = _act(
        api, caseworker, reference, action="extend", reason="The records are held off site."
    )
    assert case["extended"] is True
    assert case["deadlines"]["review_due"]["date"] == "2026-12-01"

    # The reviewer records findings, previews the letter and issues the outcome.
    decision = api.get(f"/api/v1/cases/{reference}/decision", reviewer).json
    assert decision["outcome"] is None
    assert decision["missing"]
    grounds = {g["kind"]: g["id"] for g in case["grounds"]}
    provisions = {p["provision"]: p["id"] for p in case["provisions"]}
    findings = {
        "version": case["version"],
        "ground_findings": [
            {"ground_id": grounds["provision"], "upheld": True, "reasons": "Not engaged."},
            {"ground_id": grounds["more_information_held"], "upheld": False, "reasons": "None."},
        ],
        "provision_findings": [
            {
                "cited_provision_id": provisions["s.24(2)"],
                "finding": "withdrawn",
                "reasons": "No security interest.",
            },
            {
                "cited_provision_id": provisions["s.31(3)"],
                "finding": "maintained",
                "reasons": "Tactics would be revealed.",
                "public_interest_reasons": "Prevention of crime outweighs openness.",
            },
        ],
        "released_information": "The number of drones.",
        "letter_summary": "I have looked again at your request.",
        "internal_notes": "Checked with the drone unit.",
    }
    response = api.put(f"/api/v1/cases/{reference}/decision", reviewer, json=findings)
    assert response.status_code == 200, response.json
    decision = response.json
    assert decision["missing"] == []
    assert decision["outcome"] == "partly_upheld"
    preview = api.get(f"/api/v1/cases/{reference}/decision/preview.pdf", reviewer)
    assert preview.status_code == 200
    assert preview.data.startswith(b"%PDF-")
    response = api.post(
        f"/api/v1/cases/{reference}/decision/issue",
        reviewer,
        json={"version": decision["version"]},
    )
    assert response.status_code == 200, response.json
    issued = response.json
    assert issued["case"]["status"] == "decided"
    assert issued["case"]["outcome"] == "partly_upheld"
    assert issued["letter"]["kind"] == "outcome"
    response = api.post(
        f"/api/v1/cases/{reference}/decision/corrections",
        caseworker,
        json={"note": "The date of your request was wrong.", "version": issued["case"]["version"]},
    )
    assert response.status_code == 201, response.json
    corrected = response.json["letter"]
    assert (corrected["version"], corrected["supersedes_id"]) == (2, issued["letter"]["id"])

    # The requester reads the outcome and takes the case to the ICO.
    case = api.get(f"/api/v1/cases/{reference}", requester).json
    assert case["status"] == "decided"
    assert case["deadlines"]["regulator_complaint_window"]["date"] == "2026-11-16"
    actions = [event["action"] for event in case["timeline"]]
    assert "record_original_decision_maker" not in actions  # staff-only event
    assert "save_decision" not in actions
    assert {"file", "acknowledge", "assign", "extend", "decide"} <= set(actions)
    assert all("before" not in event for event in case["timeline"])
    # Who acted, as the requester is told: they themselves, the authority, or no one (the service).
    actors = {event["action"]: event["actor"] for event in case["timeline"]}
    assert actors["file"] == "You"
    assert actors["acknowledge"] == actors["decide"] == case["authority"]["name"]
    letters = api.get(f"/api/v1/cases/{reference}/letters", requester).json["items"]
    assert [letter["kind"] for letter in letters] == [
        "acknowledgement",
        "extension",
        "outcome",
        "outcome",
    ]
    pdf = api.get(letters[-1]["links"]["pdf"], requester)
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert "Original decision partly upheld" in "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages
    )
    answers = api.get(f"/api/v1/cases/{reference}/pack-answers", requester).json
    # Only what the requester gave is an answer; the draft is a suggestion (issue 12 item 11).
    assert answers["challenge_text"] == answers["conduct_text"] == ""
    assert answers["suggestions"]["challenge_text"].startswith("I asked")
    response = api.put(
        f"/api/v1/cases/{reference}/pack-answers",
        requester,
        json={
            "challenge_text": "Section 31(3) is not engaged: the force has published budgets.",
            "conduct_text": "The review ignored my second ground.",
        },
    )
    assert response.status_code == 200, response.json
    upload = api.post(
        f"/api/v1/cases/{reference}/documents",
        requester,
        data={
            "file": (io.BytesIO(b"Dear FOI team,\nPlease review your response.\n"), "ir.txt"),
            "kind": "review_request",
            "title": "My request for review",
            "dated": "2026-10-05",
        },
        content_type="multipart/form-data",
    )
    assert upload.status_code == 201, upload.json
    assert upload.json["media_type"].startswith("text/plain")
    pack = api.get(f"/api/v1/cases/{reference}/pack.pdf", requester)
    assert pack.status_code == 200
    assert pack.data.startswith(b"%PDF-")
    bundle = api.get(f"/api/v1/cases/{reference}/pack.zip", requester)
    assert bundle.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(bundle.data)).namelist()
    response = api.post(f"/api/v1/cases/{reference}/referral", requester, json={})
    assert response.status_code == 201, response.json
    case = response.json
    assert case["status"] == "referred"
    assert case["referral"]["regulator"] == "ico"
    assert case["referral"]["challenge_text"].startswith("Section 31(3)")

    # The caseworker records the ICO's investigation and its decision notice.
    case = _act(
        api,
        caseworker,
        reference,
        action="record_regulator_details",
        regulator_reference="IC-123456-A1B2",
        investigation_letter_on="2026-10-05",
        submission_due_on="2026-11-02",
    )
    assert case["deadlines"]["submission_due"]["date"] == "2026-11-02"
    submission = api.get(f"/api/v1/cases/{reference}/submission.pdf", caseworker)
    assert submission.status_code == 200
    response = api.put(
        f"/api/v1/cases/{reference}/decision-notice",
        caseworker,
        json={
            "version": case["version"],
            "kind": "decision_notice",
            "reference": "IC-123456-A1B2",
            "issued_on": "2026-10-05",
            "findings": [{"provision": "s.31(3)", "outcome": "not_upheld"}],
            "steps_required": "Disclose the number of drones.",
        },
    )
    assert response.status_code == 200, response.json
    case = response.json
    assert case["status"] == "regulator_decided"
    assert case["decision_notice"]["compliance_days"] == 35
    # GRC Rules r.22(1)(b): 28 days from the date the notice was sent.
    assert case["deadlines"]["tribunal_appeal"]["date"] == "2026-11-02"
    assert case["deadlines"]["decision_notice_compliance"]["date"] == "2026-11-09"
    case = _act(api, caseworker, reference, action="record_compliance", complied_on="2026-10-05")
    assert case["decision_notice"]["complied_on"] == "2026-10-05"

    # The requester appeals; the caseworker records the tribunal's decision and closes.
    response = api.post(
        f"/api/v1/cases/{reference}/appeal",
        requester,
        json={"appellant": "requester", "lodged_on": "2026-10-05"},
    )
    assert response.status_code == 201, response.json
    assert response.json["status"] == "appealed"
    case = _act(
        api,
        caseworker,
        reference,
        action="record_tribunal_outcome",
        outcome="dismissed",
        outcome_on="2026-10-05",
    )
    assert case["appeal"]["outcome"] == "dismissed"
    case = _act(api, caseworker, reference, action="close", reason="Tribunal dismissed the appeal.")
    assert case["status"] == "closed"
    assert case["closed_on"] == "2026-10-05"

    # The requester sees the closed case, and the staff timeline has everything.
    mine = api.get("/api/v1/cases", requester).json
    assert [(item["reference"], item["status"]) for item in mine["items"]] == [
        (reference, "closed")
    ]
    staff_view = api.get(f"/api/v1/cases/{reference}", caseworker).json
    assert staff_view["links"]["decision"] == f"/api/v1/cases/{reference}/decision"
    staff_actions = [event["action"] for event in staff_view["timeline"]]
    assert "record_original_decision_maker" in staff_actions
    assert "save_decision" in staff_actions
    assert staff_actions[-1] == "close"
    # Staff see each actor's name; the events' before and after as recorded.
    filed = staff_view["timeline"][0]
    assert filed["action"] == "file" and filed["actor"] not in (None, "You")
    assert filed["before"] == {} and filed["after"]["status"] == "received"
    assert staff_view["allowed_actions"] == []
