"""How to call each route of the access policy against the seeded world.

A route's URL is built from the world: ``<reference>`` is the case at the row's stage, and the
other arguments name the world's document, letter, token, staff member, authority or holiday
override. A page form is first fetched by a caller the policy lets in, sent back as a browser
would (every field as the page filled it in), with the changes listed here; the API gets the JSON
body listed here. A new route that takes more than its URL needs a recipe below.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.cases import journey
from tests.factories import PASSWORD
from tests.security.world import TEXT_FILE, TODAY, World


def day(value: dt.date) -> list[str]:
    """A GOV.UK date input's three parts (day, month, year) under one name."""
    return [str(value.day), str(value.month), str(value.year)]


def text_file() -> dict[str, Any]:
    return {"file": (io.BytesIO(TEXT_FILE), "letter.txt", "text/plain")}


Values = Callable[[World, str], dict[str, Any]]  # (world, caller) -> values


@dataclass(frozen=True)
class Recipe:
    form: Values | None = None  # page forms: the fields to change from what the page shows
    json: Values | None = None  # API: the body
    multipart: Values | None = None  # API: a multipart body
    files: bool = False  # page forms: attach a text file as "file"
    shows: int | None = None  # a page POST that answers with a page (this status) when done
    query: dict[str, str] = field(default_factory=dict)  # the query string


def _fixed(**values: Any) -> Values:
    return lambda world, caller: values


def url_arguments(world: World, endpoint: str, stage: str) -> dict[str, Any]:
    """Every URL argument a route may take, from the world."""
    return {
        "reference": world.cases.get(stage) or world.cases.get("open", ""),
        "letter_id": world.letter_id,
        "document_id": world.document_id,
        "token_id": world.owner_token_id,
        "user_id": world.users["cw"],
        "authority_id": world.unlisted_authority_id
        if endpoint == "admin.merge_authority"
        else world.authority_id,
        "override_id": world.override_id,
        "outbox_id": world.outbox_id,
        "index": 0,
        "token": world.confirm_token if endpoint == "accounts.confirm" else world.reset_token,
        "filename": "css/main.css",
    }


def _enter_complaint(world: World, caller: str) -> dict[str, Any]:
    authority = world.other_authority_id if caller == "out" else world.authority_id
    return {
        "requester_name": "Pat Post",
        "requester_email": "pat.post@example.org",
        "received_on": day(TODAY),
        "authority": str(authority),
        "regime": "foia",
        "request_text": "How many drones does the force own?",
        "request_sent_on": day(TODAY - dt.timedelta(days=40)),
        "response_date": day(TODAY - dt.timedelta(days=10)),
        "provision_1": "s.24(2)",
        "grounds": ["provision", "more_information_held"],
        "ground_text_provision": "National security is not engaged.",
    }


def _new_case(world: World, caller: str) -> dict[str, Any]:
    on_behalf = (
        {"requester_email": "pat.post@example.org", "requester_name": "Pat Post"}
        if caller in ("cw", "adm", "out")
        else {}
    )
    return {
        **on_behalf,
        "regime": "foia",
        "authority_id": world.authority_id,
        "request_sent_on": (TODAY - dt.timedelta(days=40)).isoformat(),
        "request_text": "Please tell me how many drones the force owns.",
        "response_date": (TODAY - dt.timedelta(days=10)).isoformat(),
        "response_text": "We neither confirm nor deny under section 24(2).",
        "provisions": [{"provision": "s.24(2)", "ncnd": True}],
        "grounds": [
            {"kind": "provision", "provision": "s.24(2)", "requester_text": "Not engaged."}
        ],
    }


def _decision(world: World, caller: str) -> dict[str, Any]:
    return {
        "ground_findings": [
            {"ground_id": g, "upheld": False, "reasons": "The search was thorough."}
            for g in world.ground_ids
        ],
        "provision_findings": [
            {
                "cited_provision_id": p,
                "finding": "maintained",
                "reasons": "Disclosure would reveal capability.",
                "public_interest_reasons": "The balance favours withholding.",
            }
            for p in world.provision_ids
        ],
    }


def _action(action: str, **values: Any) -> Values:
    return lambda world, caller: {"action": action, **values}


RECIPES: dict[str, Recipe] = {
    # -- accounts
    "accounts.sign_in POST": Recipe(
        form=lambda world, caller: {"email": world.emails["owner"], "password": PASSWORD}
    ),
    "accounts.register POST": Recipe(
        form=_fixed(name="Nia New", email="nia.new@example.org", password="a long new password"),
        shows=200,  # "Check your e-mail", whoever owns the address
    ),
    "accounts.forgot_password POST": Recipe(
        form=lambda world, caller: {"email": world.emails["owner"]}, shows=200
    ),
    "accounts.reset_password POST": Recipe(form=_fixed(password="another long password")),
    "mail.confirmation_again POST": Recipe(
        form=lambda world, caller: {"email": world.newcomer_email}, shows=200
    ),
    "accounts.tokens POST": Recipe(form=_fixed(name="Second token"), shows=200),
    # A wrong code: the page is shown again (setting up for real is in tests/accounts).
    "two_factor.set_up POST": Recipe(form=_fixed(code="000000"), shows=200),
    # The same password again: a real change, which ends the caller's other sessions.
    "accounts.change_password POST": Recipe(
        form=_fixed(current_password=PASSWORD, new_password=PASSWORD)
    ),
    # Closing the account: the confirmation page is the answer (signed out by then).
    "privacy.close POST": Recipe(form=_fixed(confirm="y", password=PASSWORD), shows=200),
    # -- the complaint journey
    "complaints.authority POST": Recipe(
        form=lambda world, caller: {"authority": world.authority_id}
    ),
    "complaints.law POST": Recipe(form=_fixed(regime="foia")),
    "complaints.add_provision POST": Recipe(form=_fixed(provision="s.43")),
    "complaints.withdraw POST": Recipe(form=_fixed(reason="The authority has now answered.")),
    # The seeded case's authority uses the service: refused with a message, back to the case.
    "complaints.resend POST": Recipe(form=_fixed(address="foi@example.org")),
    "complaints.staff_resend POST": Recipe(form=_fixed(address="foi@example.org")),
    "documents.add_to_case POST": Recipe(
        form=_fixed(kind="correspondence", title="A letter"), files=True
    ),
    "regulator.pack POST": Recipe(
        form=_fixed(
            challenge_text="Section 24 is not engaged.",
            conduct_text="The authority took too long.",
            referred_on=day(TODAY),
            sent="I have sent my complaint",
        )
    ),
    # -- staff
    "staff.enter_complaint POST": Recipe(form=_enter_complaint),
    "staff.assign POST": Recipe(form=lambda world, caller: {"reviewer": world.users["rev"]}),
    "staff.extend POST": Recipe(form=_fixed(reason="The papers are held off site.")),
    "staff.withdraw POST": Recipe(form=_fixed(reason="The requester telephoned to withdraw.")),
    "staff.close POST": Recipe(form=_fixed(reason="Resolved informally.")),
    "documents.staff_add_to_case POST": Recipe(
        form=_fixed(kind="correspondence", title="File note"), files=True
    ),
    "staff.correct POST": Recipe(form=_fixed(note="The date of the request was wrong.")),
    "documents.remove POST": Recipe(form=_fixed(reason="Uploaded to the wrong case.")),
    "documents.replace POST": Recipe(form=_fixed(reason="A clearer copy."), files=True),
    # -- the regulator stage
    "regulator.details POST": Recipe(
        form=_fixed(
            referred_on=day(TODAY - dt.timedelta(days=5)),
            regulator_reference="IC-654321-Z9Y8",
            investigation_letter_on=day(TODAY - dt.timedelta(days=1)),
            submission_due_on=day(TODAY + dt.timedelta(days=20)),
        )
    ),
    "regulator.decision_notice POST": Recipe(
        form=_fixed(
            kind="decision_notice",
            reference="IC-654321-Z9Y8",
            issued_on=day(TODAY - dt.timedelta(days=1)),
            steps_required="Disclose the budget.",
        )
    ),
    "regulator.compliance POST": Recipe(form=_fixed(complied_on=day(TODAY))),
    "regulator.appeal POST": Recipe(form=_fixed(appellant="authority", lodged_on=day(TODAY))),
    "regulator.tribunal_outcome POST": Recipe(
        form=_fixed(outcome="dismissed", outcome_on=day(TODAY))
    ),
    "regulator.close POST": Recipe(
        form=_fixed(reason="The tribunal dismissed the appeal.", without_compliance="y")
    ),
    # -- administration
    "admin.new_staff POST": Recipe(
        form=lambda world, caller: {
            "name": "Sam Staff",
            "email": "sam.staff@example.org",
            "role": "caseworker",
            "authority": str(world.authority_id),
        }
    ),
    "admin.change_role POST": Recipe(form=_fixed(role="reviewer")),
    "admin.new_authority POST": Recipe(
        form=_fixed(
            name="Newtown Council",
            regime="foia",
            email="foi@newtown.example",
            address="Town Hall\nNewtown\nNT1 1AA",
            review_request_window_working_days="40",
        )
    ),
    "admin.merge_authority POST": Recipe(
        form=lambda world, caller: {"into": str(world.other_authority_id)}
    ),
    "admin.holidays POST": Recipe(
        form=_fixed(day=day(dt.date(2027, 3, 2)), action="add", regime="", note="Proclaimed day")
    ),
    # -- the API
    "api.deadlines GET": Recipe(query={"from": "2026-12-01", "working_days": "20"}),
    "api.parse_notice POST": Recipe(json=_fixed(text=journey.NOTICE)),
    "api.create_case POST": Recipe(json=_new_case),
    "api.create_document POST": Recipe(multipart=lambda world, caller: {"kind": "correspondence"}),
    "api.remove_document POST": Recipe(json=_fixed(reason="Uploaded to the wrong case.")),
    "api.replace_document POST": Recipe(multipart=_fixed(reason="A clearer copy.")),
    "api.save_pack_answers PUT": Recipe(
        json=_fixed(challenge_text="Section 24 is not engaged.", conduct_text="Too slow.")
    ),
    "api.refer POST": Recipe(json=_fixed()),
    "api.record_decision_notice PUT": Recipe(
        json=_fixed(
            kind="decision_notice",
            issued_on=(TODAY - dt.timedelta(days=1)).isoformat(),
            reference="IC-654321-Z9Y8",
        )
    ),
    "api.appeal POST": Recipe(json=_fixed(appellant="requester", lodged_on=TODAY.isoformat())),
    "api.resend_to_authority POST": Recipe(json=_fixed(address="foi@example.org")),
    "api.save_decision PUT": Recipe(json=_decision),
    "api.issue_decision POST": Recipe(json=_fixed()),
    "api.correct_outcome_letter POST": Recipe(json=_fixed(note="The date was wrong.")),
    "api.case_action:acknowledge POST": Recipe(json=_action("acknowledge")),
    "api.case_action:record_original_decision_maker POST": Recipe(
        json=lambda world, caller: {
            "action": "record_original_decision_maker",
            "user_id": world.users["odm"],
        }
    ),
    "api.case_action:assign POST": Recipe(
        json=lambda world, caller: {"action": "assign", "reviewer_id": world.users["rev"]}
    ),
    "api.case_action:extend POST": Recipe(json=_action("extend", reason="Papers off site.")),
    "api.case_action:withdraw POST": Recipe(json=_action("withdraw", reason="Answered.")),
    "api.case_action:close POST": Recipe(json=_action("close", reason="Resolved.")),
    "api.case_action:record_regulator_details POST": Recipe(
        json=_action("record_regulator_details", regulator_reference="IC-654321-Z9Y8")
    ),
    "api.case_action:record_compliance POST": Recipe(
        json=_action("record_compliance", complied_on=TODAY.isoformat())
    ),
    "api.case_action:record_tribunal_outcome POST": Recipe(
        json=_action("record_tribunal_outcome", outcome="dismissed", outcome_on=TODAY.isoformat())
    ),
}


def recipe_for(key: str) -> Recipe:
    return RECIPES.get(key, Recipe())
