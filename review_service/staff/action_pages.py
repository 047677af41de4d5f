"""The staff pages that take one case action with a short form: one entry per action, ``PAGES``.

An entry says what its page says (title, explanation, each field's label and hint, the button,
the message after) and which service function it calls. Everything else follows from the table,
as the API's case actions follow from ``api/actions.py`` ``ACTIONS``:

- the form: its fields are the action's API body fields (``ACTIONS[action].fields``), built by
  ``form_for`` from the same JSON Schema (a string with ``maxLength`` is a text box refusing
  more with ``limits.too_long``'s message, a boolean a checkbox), with the case ``version``;
- the route: ``staff/views.py`` registers ``/staff/cases/<reference>/<path>`` (endpoint
  ``staff.<name>``, ``@requires(*roles)``) for every entry when the blueprint is registered;
- the page: ``templates/staff/case_action.html`` renders the entry (a page needing more than a
  paragraph of explanation names a template extending it, as ``staff/extend.html`` does);
- the case page's link, when ``cases/actions.py`` offers the action to the person.

The service is called as ``service(session, actor, case, expected_version=..., **fields)``, each
field under its own name (text as typed, "" when empty; a checkbox as a bool), so it decides and
words every refusal; the form checks only the lengths the API body checks too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session
from wtforms import Field

from review_service.accounts.models import CASEWORK_ROLES, Role
from review_service.api.actions import ACTIONS
from review_service.cases import services as cases
from review_service.cases.clocks import clocks_for, review_due
from review_service.cases.models import Case
from review_service.domain.dates import long_date
from review_service.domain.lifecycle import CaseAction
from review_service.regulator.services import outstanding_steps
from review_service.staff.forms import VersionedForm
from review_service.web.fields import (
    GovBooleanField,
    GovSubmitField,
    GovTextAreaField,
    max_length,
)


@dataclass(frozen=True)
class Prompt:
    """How the page asks for one body field: its label, hint and (a text box's) height."""

    label: str
    hint: str = ""
    rows: int = 5


@dataclass(frozen=True)
class Page:
    """One action's page. ``name`` is its endpoint (``staff.<name>``) and, with hyphens, the
    last part of its path; it defaults to the action's value. ``link`` is the case page's link
    to it (default: the title). ``context`` adds values for an own ``template``."""

    title: str
    button: str
    service: Callable[..., object]
    done: Callable[[Case], str]
    intro: str = ""
    fields: Mapping[str, Prompt] = field(default_factory=dict)
    warning: bool = False
    link: str = ""
    name: str = ""
    roles: tuple[Role, ...] = CASEWORK_ROLES
    template: str = "staff/case_action.html"
    context: Callable[[Session, Case], dict[str, Any]] | None = None


A = CaseAction

# The pages, in no particular order (the case page lists its links in the lifecycle's order).
# A dict, so a test can put a page in.
PAGES: dict[CaseAction, Page] = {
    A.ACKNOWLEDGE: Page(
        title="Acknowledge the complaint",
        button="Acknowledge and send the letter",
        service=cases.acknowledge,
        done=lambda c: (
            f"Complaint {c.reference} acknowledged: the letter has been sent to {c.requester.name}."
        ),
        template="staff/acknowledge.html",
        context=lambda session, case: {"due": review_due(session, case)},
    ),
    A.EXTEND: Page(
        title="Extend the review",
        link="Extend the review to 40 working days",
        fields={
            "reason": Prompt(
                "Why does the review need more time?",
                "The requester is sent this reason with the new date.",
            )
        },
        button="Extend the review",
        service=cases.extend,
        done=lambda c: (
            f"Review extended to {long_date(c.review_due_on)}. The requester has been told."
        ),
        template="staff/extend.html",
        context=lambda session, case: {"maximum": clocks_for(session, case).extended_review_due},
    ),
    A.WITHDRAW: Page(
        title="Record that the requester withdrew",
        intro="The case is closed as withdrawn and the requester is e-mailed.",
        fields={
            "reason": Prompt(
                "How did the requester withdraw?",
                "For example, ‘By e-mail on 3 May: no longer needs the information’.",
                rows=4,
            )
        },
        button="Record the withdrawal",
        warning=True,
        service=cases.withdraw,
        done=lambda c: f"Complaint {c.reference} recorded as withdrawn.",
    ),
    A.CLOSE: Page(
        title="Close the case",
        fields={
            "reason": Prompt(
                "Why is the case being closed?", "The requester is sent this reason.", rows=4
            ),
            # Shown only when a decision notice's steps are not recorded as taken (close.html).
            "without_compliance": Prompt(
                "Close the case without a record that the steps were taken"
            ),
        },
        button="Close the case",
        warning=True,
        service=cases.close,
        done=lambda c: f"Case {c.reference} closed.",
        template="staff/close.html",
        context=lambda session, case: {"outstanding": outstanding_steps(session, case)},
    ),
}


def name_of(action: CaseAction, page: Page) -> str:
    return page.name or action.value


def path_of(action: CaseAction, page: Page) -> str:
    return "/staff/cases/<reference>/" + name_of(action, page).replace("_", "-")


def form_for(action: CaseAction, page: Page) -> type[VersionedForm]:
    """The page's form: a field for each of ``page.fields``, of the kind and limit of the
    action's API body field of that name."""
    body = ACTIONS[action].fields if action in ACTIONS else {}
    members: dict[str, Any] = {}
    for name, prompt in page.fields.items():
        if name not in body:
            raise ValueError(f"the {action.value} page asks for {name!r}, not in its API body")
        members[name] = _field(name, body[name], prompt)
    members["submit"] = GovSubmitField(page.button)
    return type(f"{name_of(action, page).title().replace('_', '')}Form", (VersionedForm,), members)


def _field(name: str, schema: Mapping[str, Any], prompt: Prompt) -> Field:
    kind = schema.get("type")
    if kind == "boolean":
        return GovBooleanField(prompt.label, description=prompt.hint)
    if kind == "string" and "format" not in schema and "enum" not in schema:
        validators = []
        if "maxLength" in schema:
            validators.append(max_length(schema["maxLength"], name.replace("_", " ").capitalize()))
        return GovTextAreaField(prompt.label, description=prompt.hint, validators=validators)
    raise ValueError(f"a case action page has no field for {name!r} ({dict(schema)})")


def values_of(form: VersionedForm, page: Page) -> dict[str, Any]:
    """The service's keyword arguments from a submitted form: text as typed ("" when empty),
    a checkbox as a bool."""
    values: dict[str, Any] = {}
    for name in page.fields:
        box = form[name]
        values[name] = bool(box.data) if isinstance(box, GovBooleanField) else box.data or ""
    return values
