"""The component schemas of the OpenAPI document (api/openapi.py): the building blocks
(``string``, ``obj``, ...), the resources, the request bodies and the case actions' fields."""

from __future__ import annotations

from typing import Any

from review_service.domain import limits
from review_service.domain.calendar import FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, Regime
from review_service.domain.lifecycle import CaseAction, CaseStatus
from review_service.domain.review import GroundKind, ProvisionOutcome, ReviewOutcome
from review_service.regulator.services import APPEAL_OUTCOMES, DN_OUTCOMES
from review_service.web.numbers import MAX_INT  # database integer columns

API_VERSION = "1.0.0"
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


# Problem types: stable identifiers a client can switch on (RFC 9457 "type").
PROBLEM_TYPES = {
    "bad-request": "The request could not be read (for example, the body is not JSON).",
    "unauthorised": "No bearer token, or the token is unknown, revoked or for a closed account.",
    "forbidden": "The token's user may not do this.",
    "not-found": "No such thing, or not one this user may see.",
    "method-not-allowed": "The path does not accept this method.",
    "conflict": "The request conflicts with the current state of the case.",
    "stale-version": "The case changed since the `version` sent; reload it and try again.",
    "invalid-transition": "The case's state machine does not allow this action now.",
    "payload-too-large": "The body or upload is too large.",
    "unsupported-media-type": "The body is not in the media type the operation accepts.",
    "validation": "One or more fields are invalid; `errors` names each field.",
    "rate-limited": "Too many requests from this address; wait and try again.",
    "internal-error": "Something went wrong on our side.",
}


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    schema = dict(schema)
    kind = schema["type"]
    schema["type"] = [kind, "null"] if isinstance(kind, str) else [*kind, "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


def string(max_length: int | None = None, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", **extra}
    if max_length is not None:
        schema["maxLength"] = max_length
    return schema


def integer(minimum: int = 1, maximum: int = MAX_INT, **extra: Any) -> dict[str, Any]:
    return {"type": "integer", "minimum": minimum, "maximum": maximum, **extra}


def enum(values: Any, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "enum": [str(v) for v in values], **extra}


def array(items: dict[str, Any], max_items: int | None = None, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": items, **extra}
    if max_items is not None:
        schema["maxItems"] = max_items
    return schema


def obj(
    properties: dict[str, Any],
    required: list[str] | tuple[str, ...] | None = None,
    *,
    description: str | None = None,
) -> dict[str, Any]:
    """A closed object: every member is documented, so an undocumented one fails validation."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties if required is None else required),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


DATE = {
    "type": "string",
    "format": "date",
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "description": (
        f"A date, YYYY-MM-DD, between {FIRST_SUPPORTED_YEAR} and {LAST_SUPPORTED_YEAR}."
    ),
}
DATETIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri-reference"}
VERSION = integer(description="The case's version, for optimistic locking.")
VERSION_IN = integer(
    description=(
        "Optional. The case `version` this change was based on; if the case has changed since, "
        "the request is refused with a `stale-version` problem."
    )
)


def component_schemas() -> dict[str, Any]:
    """Every component schema, in the document's order."""
    return {
        **_problem_schemas(),
        **_tool_schemas(),
        **_people_schemas(),
        **_case_part_schemas(),
        **_case_schemas(),
        **_letter_and_document_schemas(),
        **_decision_schemas(),
        **_case_request_schemas(),
        **_review_request_schemas(),
        **_regulator_request_schemas(),
    }


def _problem_schemas() -> dict[str, Any]:
    """An RFC 9457 problem and its field errors."""
    problem = {
        "type": "object",
        "description": "An RFC 9457 problem. `type` is stable; switch on it, not on `title`.",
        "properties": {
            "type": string(format="uri", description="One of the types in `x-problem-types`."),
            "title": string(),
            "status": integer(400, 599),
            "detail": string(),
            "errors": array(ref("FieldError")),
            "current_version": integer(),
            "case_status": enum(CaseStatus),
            "action": string(),
        },
        "required": ["type", "title", "status"],
        "additionalProperties": False,
    }
    return {
        "Problem": problem,
        "FieldError": obj({"field": string(), "message": string()}),
    }


def _tool_schemas() -> dict[str, Any]:
    """The anonymous tools' answers and the notice text they read."""
    deadline = obj(
        {
            "date": DATE,
            "label": string(description="What the date means, as a sentence ending “by”."),
            "basis": string(description="How it was counted and the rule behind it."),
        }
    )
    return {
        "Deadline": deadline,
        "SkippedDay": obj({"date": DATE, "name": string()}),
        "DeadlineCalculation": obj(
            {
                "from": DATE,
                "working_days": integer(0),
                "regime": enum(Regime),
                "date": DATE,
                "skipped": array(ref("SkippedDay")),
            }
        ),
        "NoticeText": obj(
            {
                "text": string(
                    limits.RESPONSE_TEXT, minLength=1, description="The notice's plain text."
                )
            }
        ),
        "NoticeReading": _notice_reading(),
    }


def _people_schemas() -> dict[str, Any]:
    """Who the token is, people to choose and authorities."""
    person = obj({"id": integer(), "name": string()})
    return {
        "Person": person,
        "Me": obj(
            {
                "id": integer(),
                "name": string(),
                "email": string(),
                "role": enum(("requester", "reviewer", "caseworker", "admin")),
                "authority": nullable(obj({"id": integer(), "name": string()})),
            }
        ),
        "Authority": obj(
            {"id": integer(), "name": string(), "regime": enum(Regime)},
        ),
        "AuthorityList": obj({"items": array(ref("Authority"))}),
        "PersonList": obj({"items": array(ref("Person"))}),
    }


def _case_part_schemas() -> dict[str, Any]:
    """The parts of a case: provisions, grounds, the regulator's stages, its timeline."""
    provision_out = obj(
        {
            "id": integer(),
            "provision": string(examples=["s.24(2)"]),
            "section": string(examples=["24"]),
            "title": string(),
            "absolute": {"type": "boolean"},
            "ncnd": {"type": "boolean", "description": "Neither confirm nor deny."},
        }
    )
    ground_out = obj(
        {
            "id": integer(),
            "kind": enum(GroundKind),
            "label": string(),
            "provision": nullable(string(description="The provision challenged (kind provision).")),
            "requester_text": string(),
        }
    )
    referral = obj(
        {
            "regulator": enum(("ico", "sic")),
            "basis": enum(("decided", "overdue")),
            "referred_on": DATE,
            "out_of_time": {"type": "boolean"},
            "challenge_text": string(),
            "conduct_text": string(),
            "regulator_reference": string(),
            "investigation_letter_on": nullable(DATE),
            "submission_due_on": nullable(DATE),
        }
    )
    decision_notice = obj(
        {
            "kind": enum(("decision_notice", "informal_resolution")),
            "reference": string(),
            "issued_on": DATE,
            "steps_required": string(),
            "compliance_days": nullable(integer()),
            "compliance_due_on": nullable(DATE),
            "complied_on": nullable(DATE),
            "appeal_due_on": nullable(DATE),
            "findings": array(obj({"provision": string(), "outcome": enum(DN_OUTCOMES)})),
        }
    )
    appeal = obj(
        {
            "appellant": enum(("requester", "authority")),
            "lodged_on": DATE,
            "late": {"type": "boolean"},
            "tribunal_reference": string(),
            "outcome": nullable(enum(APPEAL_OUTCOMES)),
            "outcome_on": nullable(DATE),
        }
    )
    timeline_event = obj(
        {
            "at": DATETIME,
            "action": string(),
            "summary": string(),
            "actor": nullable(string(description="Who did it (a name).")),
            "before": {"type": "object", "description": "Staff only: the values before."},
            "after": {"type": "object", "description": "Staff only: the values after."},
        },
        required=["at", "action", "summary", "actor"],
    )
    return {
        "Provision": provision_out,
        "Ground": ground_out,
        "Referral": referral,
        "DecisionNotice": decision_notice,
        "Appeal": appeal,
        "TimelineEvent": timeline_event,
    }


def _case_schemas() -> dict[str, Any]:
    """A case, as listed and in full, and a page of them."""
    return {
        "CaseSummary": _case_summary(),
        "Case": _case(),
        "CaseList": obj(
            {
                "items": array(ref("CaseSummary")),
                "total": integer(
                    0,
                    description=(
                        "How many cases match the filters. A search (`q`) counts at most 1,000: "
                        "then `total_capped` is true and there are more."
                    ),
                ),
                "total_capped": {"type": "boolean"},
                "next_cursor": nullable(string(description="Pass as `cursor` for the next page.")),
                "links": obj({"self": URL, "next": nullable(URL)}),
            }
        ),
    }


def _case_links() -> dict[str, Any]:
    return obj(
        {
            "self": URL,
            "actions": URL,
            "referral": URL,
            "pack_answers": URL,
            "appeal": URL,
            "letters": URL,
            "documents": URL,
            "pack_pdf": URL,
            "pack_zip": URL,
            "decision": {**URL, "description": "Staff only."},
            "decision_notice": {**URL, "description": "Staff only."},
            "submission_pdf": {**URL, "description": "Staff only."},
        },
        required=[
            "self",
            "actions",
            "referral",
            "pack_answers",
            "appeal",
            "letters",
            "documents",
            "pack_pdf",
            "pack_zip",
        ],
    )


def _case_summary() -> dict[str, Any]:
    return obj(
        {
            "reference": string(examples=["IR-2026-00001"]),
            "status": enum(CaseStatus),
            "status_label": string(),
            "regime": enum(Regime),
            "version": VERSION,
            "authority": obj({"id": integer(), "name": string()}),
            "requester": obj({"name": string(), "email": string()}),
            "received_on": DATE,
            "review_due_on": DATE,
            "outcome": nullable(enum(ReviewOutcome)),
            "reviewer": nullable(ref("Person")),
            "urgency": nullable(
                enum(
                    ("overdue", "due_soon", "on_track"),
                    description="Staff lists only; null once the review stage is over.",
                )
            ),
            "working_days_left": nullable(
                integer(-MAX_INT, description="Staff lists only; negative when overdue.")
            ),
            "links": obj({"self": URL}),
        },
        required=[
            "reference",
            "status",
            "status_label",
            "regime",
            "version",
            "authority",
            "requester",
            "received_on",
            "review_due_on",
            "outcome",
            "links",
        ],
    )


_CASE_OPTIONAL = ("original_decision_maker", "warnings")


def _case() -> dict[str, Any]:
    """The whole case: the summary's members and the rest. All are always there but the
    warnings (only on creation) and the original decision-maker (staff only)."""
    summary = _case_summary()
    detail = _case_detail()
    case = obj(
        {**summary["properties"], **detail, "links": _case_links()},
        required=[*summary["required"], *(n for n in detail if n not in _CASE_OPTIONAL)],
    )
    case["description"] = (
        "A complaint about one response. `reviewer` and `original_decision_maker` are shown to "
        "staff only; the timeline shows requesters only the events meant for them."
    )
    return case


def _case_detail() -> dict[str, Any]:
    """The members a case has beyond its summary (but its links)."""
    return {
        "acknowledged_on": nullable(DATE),
        "late_request": {"type": "boolean"},
        "late_request_reasons": string(),
        "acting_for_someone_else": {"type": "boolean"},
        "previous_regulator_reference": string(),
        "extended": {"type": "boolean"},
        "extension_reason": string(),
        "decided_on": nullable(DATE),
        "closed_on": nullable(DATE),
        "closure_reason": string(),
        "sent_by_email": _sent_by_email(),
        "original_decision_maker": nullable(obj({"id": nullable(integer()), "name": string()})),
        "deadlines": _deadlines(),
        **_request_and_response(),
        "provisions": array(ref("Provision")),
        "grounds": array(ref("Ground")),
        "referral": nullable(ref("Referral")),
        "decision_notice": nullable(ref("DecisionNotice")),
        "appeal": nullable(ref("Appeal")),
        "allowed_actions": array(
            enum(CaseAction),
            description=(
                "What this user may do next: the actions the state machine allows that the "
                "service would let this user take (a requester sees only their own)."
            ),
        ),
        "timeline": array(ref("TimelineEvent")),
        "warnings": array(string(), description="Only when the case is created."),
    }


def _sent_by_email() -> dict[str, Any]:
    sent = obj(
        {"address": string(limits.EMAIL), "sent_at": nullable(DATETIME), "summary": string()}
    )
    return {
        **nullable(sent),
        "description": "For an authority not using this service: where the complaint "
        "was e-mailed, and when it went (sent_at is null until it has).",
    }


DEADLINE_NAMES = (
    "review_request_window",
    "review_due",
    "regulator_chaser",
    "regulator_route_opens",
    "regulator_complaint_window",
    "submission_due",
    "decision_notice_compliance",
    "tribunal_appeal",
    "court_of_session_appeal",
)


def _deadlines() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Named dates; a name is absent when that clock does not apply.",
        "propertyNames": {"enum": list(DEADLINE_NAMES)},
        "additionalProperties": ref("Deadline"),
    }


def _request_and_response() -> dict[str, Any]:
    """The request for information and the authority's response, as the case holds them."""
    return {
        "request": obj(
            {
                "authority_reference": string(),
                "sent_on": nullable(DATE),
                "received_on": nullable(DATE),
                "text": string(),
            }
        ),
        "response": obj(
            {
                "no_response": {"type": "boolean"},
                "date": nullable(DATE),
                "review_window_working_days": nullable(integer()),
                "text": string(),
            }
        ),
    }


def _letter_and_document_schemas() -> dict[str, Any]:
    """Letters and documents, one and a page of them, and a removal."""
    letter = obj(
        {
            "id": integer(),
            "kind": string(examples=["acknowledgement", "extension", "outcome"]),
            "version": integer(),
            "supersedes_id": nullable(integer()),
            "title": string(),
            "letter_date": DATE,
            "issued_at": DATETIME,
            "sha256": string(pattern="^[0-9a-f]{64}$"),
            "links": obj({"pdf": URL}),
        }
    )
    document = obj(
        {
            "id": integer(),
            "kind": string(),
            "title": string(),
            "filename": string(),
            "media_type": string(),
            "sha256": string(pattern="^[0-9a-f]{64}$"),
            "size": integer(0),
            "dated": nullable(DATE),
            "created_at": DATETIME,
            "links": obj({"file": URL}),
        }
    )
    return {
        "Letter": letter,
        "LetterList": obj(
            {
                "items": array(ref("Letter")),
                "next_cursor": nullable(string()),
                "links": obj({"self": URL, "next": nullable(URL)}),
            }
        ),
        "Document": document,
        "DocumentRemoval": obj(
            {
                "reason": string(
                    limits.REMOVAL_REASON, minLength=1, description="Why it is being removed."
                )
            }
        ),
        "DocumentList": obj(
            {
                "items": array(ref("Document")),
                "next_cursor": nullable(string()),
                "links": obj({"self": URL, "next": nullable(URL)}),
            }
        ),
    }


def _decision_schemas() -> dict[str, Any]:
    """The reviewer's findings, the answers for the regulator, an issued decision."""
    decision = obj(
        {
            "version": VERSION,
            "ground_findings": array(
                obj(
                    {
                        "ground_id": integer(),
                        "upheld": {"type": "boolean"},
                        "reasons": string(),
                    }
                )
            ),
            "provision_findings": array(
                obj(
                    {
                        "cited_provision_id": integer(),
                        "finding": enum(ProvisionOutcome),
                        "replacement_provision": string(),
                        "reasons": string(),
                        "public_interest_reasons": string(),
                    }
                )
            ),
            "released_information": string(),
            "letter_summary": string(),
            "internal_notes": string(),
            "outcome": nullable(
                enum(ReviewOutcome, description="The outcome the findings lead to, once complete.")
            ),
            "missing": array(ref("FieldError"), description="What is needed before issuing."),
        }
    )
    return {
        "Decision": decision,
        "PackAnswersSaved": obj(
            {
                "challenge_text": string(description="The requester's answer; empty if none."),
                "conduct_text": string(description="The requester's answer; empty if none."),
                "previous_regulator_reference": string(),
                "suggestions": obj(
                    {"challenge_text": string(), "conduct_text": string()},
                    required=[],
                    description=(
                        "Answers drafted from the case, for the requester to use or ignore, for "
                        "each question whose answer is not already the draft. Never part of "
                        "the answers until saved with PUT pack-answers."
                    ),
                ),
            }
        ),
        "DecisionIssued": obj({"case": ref("Case"), "letter": ref("Letter")}),
    }


def _case_request_schemas() -> dict[str, Any]:
    """Request bodies: a new case, the case actions and the authority's address."""
    from review_service.api import bodies  # the command types' bodies; bodies.py builds on this
    from review_service.api.actions import ACTIONS  # the action table builds on this too

    return {
        "NewCase": bodies.NEW_CASE.schema(),
        "CaseActionRequest": _action_request(),
        **{action_schema_name(a): action_schema(a) for a in ACTIONS},
        "AuthorityAddress": obj(
            {
                "address": string(
                    limits.EMAIL,
                    description="The authority's e-mail address for information requests.",
                )
            },
            description="Where to e-mail the complaint again (see resendToAuthority).",
        ),
    }


def _review_request_schemas() -> dict[str, Any]:
    """Request bodies: the reviewer's findings, issuing and correcting."""
    from review_service.api import bodies  # the command types' bodies; bodies.py builds on this

    return {
        "DecisionInput": bodies.DECISION.schema(),
        "IssueDecision": obj({"version": VERSION_IN}, required=[]),
        "OutcomeCorrection": obj(
            {
                "version": VERSION_IN,
                "note": string(
                    limits.GROUND_TEXT, description="What the correction is; printed on it."
                ),
            },
            required=["note"],
        ),
    }


def _regulator_request_schemas() -> dict[str, Any]:
    """Request bodies: the regulator's stages and the tribunal."""
    return {
        "PackAnswers": obj(
            {
                "challenge_text": string(
                    2_000, description="What part of the response you challenge, and why."
                ),
                "conduct_text": string(
                    2_000, description="Why the authority has not acted properly."
                ),
                "previous_regulator_reference": string(limits.REGULATOR_REFERENCE),
            },
            required=["challenge_text", "conduct_text"],
            description="The two answers the regulator's form asks for (2,000 characters each).",
        ),
        "ReferralInput": obj(
            {
                "version": VERSION_IN,
                "referred_on": nullable(DATE),
                "challenge_text": string(limits.PACK_ANSWER),
                "conduct_text": string(limits.PACK_ANSWER),
            },
            required=[],
            description=(
                "Answers left out are the saved ones (PUT pack-answers; empty if none: the "
                "drafted suggestions are never sent unless saved). `referred_on` defaults to "
                "today."
            ),
        ),
        "DecisionNoticeInput": obj(
            {
                "version": VERSION_IN,
                "kind": enum(("decision_notice", "informal_resolution")),
                "issued_on": DATE,
                "reference": string(limits.REGULATOR_REFERENCE),
                "findings": array(
                    obj(
                        {
                            "provision": string(limits.PROVISION, minLength=1),
                            "outcome": enum(DN_OUTCOMES),
                        }
                    ),
                    max_items=50,
                ),
                "steps_required": string(limits.STEPS_REQUIRED),
                "compliance_days": nullable(integer(1, 365)),
            },
            required=["kind", "issued_on"],
        ),
        "AppealInput": obj(
            {
                "version": VERSION_IN,
                "appellant": enum(("requester", "authority")),
                "lodged_on": DATE,
                "tribunal_reference": string(limits.REGULATOR_REFERENCE),
            },
            required=["appellant", "lodged_on"],
        ),
    }


def _notice_reading() -> dict[str, Any]:
    return obj(
        {
            "reference": nullable(string()),
            "date": nullable(DATE),
            "regime": enum(Regime),
            "review_window_working_days": nullable(integer(0)),
            "provisions": array(
                obj(
                    {
                        "provision": string(examples=["s.24(2)"]),
                        "section": string(examples=["24"]),
                        "title": string(),
                        "absolute": {"type": "boolean"},
                        "ncnd": {"type": "boolean"},
                    }
                )
            ),
        }
    )


def action_schema(action: CaseAction) -> dict[str, Any]:
    """The body of one action of POST /cases/{reference}/actions: its fields in the action table
    (api/actions.py ``ACTIONS``), with ``action`` and ``version``."""
    from review_service.api.actions import ACTIONS  # the table builds on this module

    fields, required = ACTIONS[action].fields, ACTIONS[action].required
    return obj(
        {"action": {"const": action.value}, "version": VERSION_IN, **fields},
        required=["action", *required],
        description=action.label,
    )


def action_schema_name(action: CaseAction) -> str:
    return "".join(word.capitalize() for word in action.value.split("_")) + "Action"


def _action_request() -> dict[str, Any]:
    from review_service.api.actions import ACTIONS

    return {
        "description": "One lifecycle action and its fields, chosen by `action`.",
        "oneOf": [ref(action_schema_name(a)) for a in ACTIONS],
        "discriminator": {
            "propertyName": "action",
            "mapping": {a.value: f"#/components/schemas/{action_schema_name(a)}" for a in ACTIONS},
        },
    }
