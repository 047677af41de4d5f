"""The operations of the OpenAPI document (api/openapi.py): each path, its parameters, request
body and responses, the error responses as problems."""

from __future__ import annotations

import copy
from typing import Any

from review_service.api.schemas import (
    DATE,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    URL,
    enum,
    integer,
    ref,
    string,
)
from review_service.documents.services import STORED_TYPES
from review_service.domain.calendar import Regime

# -- operations ------------------------------------------------------------------------------

_PROBLEM_TITLES = {
    400: "The request could not be read (a body that is not JSON, a NUL in the URL)",
    401: "No valid bearer token",
    403: "Not allowed for this user",
    404: "Not found (or not visible to this user)",
    405: "Method not allowed",
    409: "Conflict: `conflict`, `stale-version` or `invalid-transition`",
    413: "Too large",
    415: "Unsupported media type",
    422: "Validation failed: `errors` names each field",
    429: "Rate limited",
}


def _problem(code: int) -> dict[str, Any]:
    return {
        "description": _PROBLEM_TITLES[code],
        "content": {"application/problem+json": {"schema": ref("Problem")}},
    }


def _json(description: str, schema: dict[str, Any], **headers: Any) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        response["headers"] = headers
    return response


def _binary(description: str, media_type: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {media_type: {"schema": {"type": "string", "contentMediaType": media_type}}},
    }


_REFERENCE = {
    "name": "reference",
    "in": "path",
    "required": True,
    "description": "The case reference, e.g. IR-2026-00001.",
    "schema": string(40),
}
_CURSOR = {
    "name": "cursor",
    "in": "query",
    "required": False,
    "description": "The opaque `next_cursor` from the previous page.",
    "schema": string(2_000),
}
_LIMIT = {
    "name": "limit",
    "in": "query",
    "required": False,
    "description": f"Page size (default {DEFAULT_PAGE_SIZE}).",
    "schema": integer(1, MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE),
}


def _op(
    operation_id: str,
    summary: str,
    tag: str,
    responses: dict[int, dict[str, Any]],
    *,
    problems: tuple[int, ...] = (),
    public: bool = False,
    parameters: list[dict[str, Any]] | None = None,
    body: str | None = None,
    description: str | None = None,
    roles: str | None = None,
    body_required: bool = True,
) -> dict[str, Any]:
    operation: dict[str, Any] = {"operationId": operation_id, "summary": summary, "tags": [tag]}
    text = description or ""
    if roles:
        text = (text + "\n\n" if text else "") + f"Who: {roles}."
    if text:
        operation["description"] = text
    if parameters:
        operation["parameters"] = parameters
    # 400: any path or query string holding a NUL character, which no column can store.
    codes = set(problems) | {400} | ({401} if not public else set())
    if body is not None:
        operation["requestBody"] = {
            "required": body_required,
            "content": {"application/json": {"schema": ref(body)}},
        }
        codes |= {400, 413, 415, 422}
    operation["security"] = [] if public else [{"bearer": []}]
    operation["responses"] = {
        str(code): response for code, response in sorted(responses.items())
    } | {str(code): _problem(code) for code in sorted(codes)}
    return operation


_CASE_OPS = (404, 409, 403)  # the problems of an operation on a case
_STAFF = "caseworker or administrator"


def _case() -> dict[str, Any]:
    return _json("The case", ref("Case"))


def _paths() -> dict[str, Any]:
    """Every operation but the multipart bodies, in the document's order."""
    return {
        **_meta_paths(),
        **_tool_paths(),
        **_case_paths(),
        **_review_paths(),
        **_regulator_paths(),
        **_letter_and_pack_paths(),
        **_document_paths(),
    }


def _meta_paths() -> dict[str, Any]:
    """This document and who the token belongs to."""
    return {
        "/api/v1/openapi.json": {
            "get": _op(
                "getOpenApi",
                "This document",
                "meta",
                {200: _json("The OpenAPI document", {"type": "object"})},
                public=True,
            )
        },
        "/api/v1/me": {
            "get": _op(
                "getMe",
                "Who the token belongs to",
                "meta",
                {200: _json("The token's user", ref("Me"))},
            )
        },
    }


def _tool_paths() -> dict[str, Any]:
    """The anonymous, rate-limited tools."""
    return {
        "/api/v1/deadlines": {
            "get": _op(
                "calculateDeadline",
                "Count working days",
                "tools",
                {200: _json("The date and the days skipped", ref("DeadlineCalculation"))},
                problems=(422, 429),
                public=True,
                description=(
                    "Day 0 is `from`; the result is the end of the Nth working day after it. "
                    "FOIA and EIR skip bank holidays in any part of the UK (FOIA s.10(6)); FOISA "
                    "skips Scottish ones (s.73). Rate limited."
                ),
                parameters=[
                    {"name": "from", "in": "query", "required": True, "schema": DATE},
                    {
                        "name": "working_days",
                        "in": "query",
                        "required": True,
                        "schema": integer(0, 1_000),
                    },
                    {
                        "name": "regime",
                        "in": "query",
                        "required": False,
                        "schema": enum(Regime, default="foia"),
                    },
                ],
            )
        },
        "/api/v1/notices/parse": {
            "post": _op(
                "parseNotice",
                "Read a refusal notice",
                "tools",
                {200: _json("What the notice says", ref("NoticeReading"))},
                problems=(429,),
                public=True,
                body="NoticeText",
                description=(
                    "Finds the reference, date, regime, review window and the provisions "
                    "relied on. Nothing is stored. Rate limited."
                ),
            )
        },
    }


def _case_paths() -> dict[str, Any]:
    """Choosing an authority or reviewer; filing, listing and reading cases; actions."""
    return {
        "/api/v1/authorities": {
            "get": _op(
                "listAuthorities",
                "Authorities a complaint can be filed against",
                "cases",
                {200: _json("Listed authorities", ref("AuthorityList"))},
            )
        },
        "/api/v1/reviewers": {
            "get": _op(
                "listReviewers",
                "Reviewers a case can be assigned to",
                "cases",
                {200: _json("Active reviewers in the user's scope", ref("PersonList"))},
                problems=(403, 404),
                roles="staff",
            )
        },
        "/api/v1/cases": {
            "get": _op(
                "listCases",
                "List cases",
                "cases",
                {200: _json("One page of cases", ref("CaseList"))},
                problems=(422,),
                parameters=[*_queue_parameters(), _CURSOR, _LIMIT],
                description=(
                    "Requesters see their own cases; staff see their authority's (or every "
                    "case, for staff with no authority), with the staff queue's filters."
                ),
            ),
            "post": _op(
                "createCase",
                "File a complaint",
                "cases",
                {201: _json("The new case", ref("Case"), Location={"schema": URL})},
                problems=(403, 404),
                body="NewCase",
                roles=f"requester (for themselves), {_STAFF} (for anyone)",
            ),
        },
        "/api/v1/cases/{reference}": {
            "parameters": [_REFERENCE],
            "get": _op(
                "getCase",
                "A case with its timeline",
                "cases",
                {200: _case()},
                problems=(404,),
            ),
        },
        "/api/v1/cases/{reference}/actions": {
            "parameters": [_REFERENCE],
            "post": _op(
                "actOnCase",
                "Take a lifecycle action",
                "cases",
                {200: _case()},
                problems=_CASE_OPS,
                body="CaseActionRequest",
                description=(
                    "`withdraw` is open to the requester; the other actions need a "
                    f"{_STAFF}. An action the state machine refuses gives 409 "
                    "`invalid-transition`."
                ),
            ),
        },
        "/api/v1/cases/{reference}/authority-address": {
            "parameters": [_REFERENCE],
            "post": _op(
                "resendToAuthority",
                "E-mail the complaint again to an authority not using this service",
                "cases",
                {200: _case()},
                problems=_CASE_OPS,
                body="AuthorityAddress",
                description=(
                    "For a complaint against an authority that is not listed, while it is "
                    "still received: the complaint and its PDF are e-mailed again, to the "
                    "address given (a corrected one, or the same). The case's `sent_by_email` "
                    "then follows the new e-mail (`sent_at` is null until it has gone). A "
                    "listed authority, or a case that has moved on, gives 409 `conflict`."
                ),
                roles=f"the requester or a {_STAFF}",
            ),
        },
    }


def _review_paths() -> dict[str, Any]:
    """The reviewer's decision and its letter."""
    return {
        "/api/v1/cases/{reference}/decision": {
            "parameters": [_REFERENCE],
            "get": _op(
                "getDecision",
                "The reviewer's findings so far",
                "review",
                {200: _json("The findings", ref("Decision"))},
                problems=(403, 404),
                roles="staff",
            ),
            "put": _op(
                "saveDecision",
                "Save the reviewer's findings (a draft)",
                "review",
                {200: _json("The findings", ref("Decision"))},
                problems=_CASE_OPS,
                body="DecisionInput",
                roles="the assigned reviewer",
            ),
        },
        "/api/v1/cases/{reference}/decision/preview.pdf": {
            "parameters": [_REFERENCE],
            "get": _op(
                "previewOutcomeLetter",
                "Draft outcome letter",
                "review",
                {200: _binary("The draft letter", "application/pdf")},
                problems=(403, 404, 409, 422),
                roles="the assigned reviewer or a caseworker",
            ),
        },
        "/api/v1/cases/{reference}/decision/issue": {
            "parameters": [_REFERENCE],
            "post": _op(
                "issueDecision",
                "Issue the outcome and its letter",
                "review",
                {200: _json("The decided case and the letter", ref("DecisionIssued"))},
                problems=_CASE_OPS,
                body="IssueDecision",
                body_required=False,
                roles="the assigned reviewer",
            ),
        },
        "/api/v1/cases/{reference}/decision/corrections": {
            "parameters": [_REFERENCE],
            "post": _op(
                "correctOutcomeLetter",
                "Issue a corrected outcome letter",
                "review",
                {
                    201: _json(
                        "The case and the new letter, which supersedes the last one",
                        ref("DecisionIssued"),
                        Location={"schema": URL},
                    )
                },
                problems=_CASE_OPS,
                body="OutcomeCorrection",
                roles="staff",
            ),
        },
    }


def _regulator_paths() -> dict[str, Any]:
    """The complaint to the regulator, its decision notice and an appeal."""
    return {
        "/api/v1/cases/{reference}/referral": {
            "parameters": [_REFERENCE],
            "post": _op(
                "referCase",
                "Record the complaint to the ICO or SIC",
                "regulator",
                {201: _case()},
                problems=_CASE_OPS,
                body="ReferralInput",
                body_required=False,
                roles=f"the requester or a {_STAFF}",
            ),
        },
        "/api/v1/cases/{reference}/pack-answers": {
            "parameters": [_REFERENCE],
            "get": _op(
                "getPackAnswers",
                "The answers for the regulator (saved, or pre-filled from the case)",
                "regulator",
                {200: _json("The answers", ref("PackAnswersSaved"))},
                problems=(403, 404),
                roles=f"the requester or a {_STAFF}",
            ),
            "put": _op(
                "savePackAnswers",
                "Save the answers for the regulator",
                "regulator",
                {200: _json("The answers", ref("PackAnswersSaved"))},
                problems=(403, 404, 409),
                body="PackAnswers",
                roles=f"the requester or a {_STAFF}",
            ),
        },
        "/api/v1/cases/{reference}/submission.pdf": {
            "parameters": [_REFERENCE],
            "get": _op(
                "getSubmissionPdf",
                "The authority's submission to the regulator",
                "regulator",
                {200: _binary("The submission", "application/pdf")},
                problems=(403, 404, 422),
                roles="staff",
            ),
        },
        "/api/v1/cases/{reference}/decision-notice": {
            "parameters": [_REFERENCE],
            "put": _op(
                "recordDecisionNotice",
                "Record the regulator's decision",
                "regulator",
                {200: _case()},
                problems=_CASE_OPS,
                body="DecisionNoticeInput",
                roles=_STAFF,
            ),
        },
        "/api/v1/cases/{reference}/appeal": {
            "parameters": [_REFERENCE],
            "post": _op(
                "appealCase",
                "Record an appeal against the regulator's decision (to the First-tier Tribunal; "
                "FOISA: to the Court of Session on a point of law, s.56)",
                "regulator",
                {201: _case()},
                problems=_CASE_OPS,
                body="AppealInput",
                roles=f"the requester (their own appeal) or a {_STAFF}",
            ),
        },
    }


def _letter_and_pack_paths() -> dict[str, Any]:
    """Letters issued on a case, and the regulator pack."""
    return {
        "/api/v1/cases/{reference}/letters": {
            "parameters": [_REFERENCE],
            "get": _op(
                "listLetters",
                "Letters issued on the case",
                "letters",
                {200: _json("One page of letters, oldest first", ref("LetterList"))},
                problems=(404, 422),
                parameters=[_CURSOR, _LIMIT],
            ),
        },
        "/api/v1/letters/{letter_id}.pdf": {
            "parameters": [
                {"name": "letter_id", "in": "path", "required": True, "schema": integer()}
            ],
            "get": _op(
                "getLetterPdf",
                "An issued letter",
                "letters",
                {200: _binary("The letter exactly as issued", "application/pdf")},
                problems=(404,),
            ),
        },
        "/api/v1/cases/{reference}/pack.pdf": {
            "parameters": [_REFERENCE],
            "get": _op(
                "getPackPdf",
                "The regulator pack as one indexed PDF",
                "regulator",
                {200: _binary("The pack", "application/pdf")},
                problems=(403, 404, 409, 422),
            ),
        },
        "/api/v1/cases/{reference}/pack.zip": {
            "parameters": [_REFERENCE],
            "get": _op(
                "getPackZip",
                "The regulator pack as separate files",
                "regulator",
                {200: _binary("The pack", "application/zip")},
                problems=(403, 404, 409, 422),
            ),
        },
    }


def _document_paths() -> dict[str, Any]:
    """Documents on a case: list, upload, read, remove, replace."""
    return {
        "/api/v1/cases/{reference}/documents": {
            "parameters": [_REFERENCE],
            "get": _op(
                "listDocuments",
                "Documents on the case",
                "documents",
                {200: _json("One page of documents, oldest first", ref("DocumentList"))},
                problems=(404, 422),
                parameters=[_CURSOR, _LIMIT],
            ),
            "post": _op(
                "uploadDocument",
                "Upload a document",
                "documents",
                {201: _json("The stored document", ref("Document"))},
                problems=(400, 403, 404, 409, 413, 415, 422),
                description="multipart/form-data, with the same checks as the pages.",
            ),
        },
        "/api/v1/documents/{document_id}": {
            "parameters": [
                {"name": "document_id", "in": "path", "required": True, "schema": integer()}
            ],
            "get": _op(
                "getDocument",
                "A document's file",
                "documents",
                {
                    200: {
                        "description": "The file as uploaded",
                        # Every type a document is stored as (documents.services).
                        "content": {t: {"schema": {"type": "string"}} for t in STORED_TYPES},
                    }
                },
                problems=(404,),
            ),
        },
        "/api/v1/documents/{document_id}/removal": {
            "parameters": [
                {"name": "document_id", "in": "path", "required": True, "schema": integer()}
            ],
            "post": _op(
                "removeDocument",
                "Remove a document from its case",
                "documents",
                {204: {"description": "Removed: no longer listed, served or bundled"}},
                problems=(403, 404),
                body="DocumentRemoval",
                description=(
                    "A soft delete: the document and its file are kept for the audit trail, "
                    "with the reason."
                ),
                roles=_STAFF,
            ),
        },
        "/api/v1/documents/{document_id}/replacement": {
            "parameters": [
                {"name": "document_id", "in": "path", "required": True, "schema": integer()}
            ],
            "post": _op(
                "replaceDocument",
                "Replace a document with a new file",
                "documents",
                {201: _json("The new document (same kind, title and date)", ref("Document"))},
                problems=(400, 403, 404, 413, 415, 422),
                description=(
                    "multipart/form-data, with the same checks as an upload. The old document "
                    "is removed (kept for the audit trail, with the reason)."
                ),
                roles=_STAFF,
            ),
        },
    }


def _queue_parameters() -> list[dict[str, Any]]:
    from review_service.api.queue_filters import QUEUE_PARAMETERS

    return copy.deepcopy(QUEUE_PARAMETERS)


def _document_upload_body() -> dict[str, Any]:
    from review_service.api.uploads import UPLOAD_SCHEMA

    return {
        "required": True,
        "content": {"multipart/form-data": {"schema": copy.deepcopy(UPLOAD_SCHEMA)}},
    }


def _document_replacement_body() -> dict[str, Any]:
    from review_service.api.uploads import REPLACEMENT_SCHEMA

    return {
        "required": True,
        "content": {"multipart/form-data": {"schema": copy.deepcopy(REPLACEMENT_SCHEMA)}},
    }


def paths() -> dict[str, Any]:
    """Every operation, with the multipart bodies the upload modules describe."""
    found = _paths()
    found["/api/v1/cases/{reference}/documents"]["post"]["requestBody"] = _document_upload_body()
    replacement = found["/api/v1/documents/{document_id}/replacement"]["post"]
    replacement["requestBody"] = _document_replacement_body()
    return found
