"""The "Add a document" form, for the requester's case page and the staff case page."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from review_service.documents.services import CASE_DOCUMENT_KINDS
from review_service.domain import limits
from review_service.web.fields import (
    PAST_DATES,
    GovDateField,
    GovFileField,
    GovSubmitField,
    choice_field,
    reason_field,
    text_field,
)

# What each kind is called, to the requester and to staff (the keys are CASE_DOCUMENT_KINDS).
REQUESTER_KIND_LABELS = {
    "request": "Your original request",
    "response": "The authority's response",
    "review_request": "Your request for a review",
    "review_outcome": "The review outcome",
    "correspondence": "Other letters or e-mails about the request",
    "consent": "Consent from the person you are acting for",
}
STAFF_KIND_LABELS = {
    "request": "The requester's original request",
    "response": "The authority's response",
    "review_request": "The request for a review",
    "review_outcome": "The review outcome",
    "correspondence": "Other letters or e-mails about the request",
    "consent": "Consent from the person the requester is acting for",
}
KIND_MESSAGE = "Select what the document is"


def _file(label: str) -> GovFileField:
    return GovFileField(label, validators=[FileRequired(message="Select a file to upload")])


class AddDocumentForm(FlaskForm):
    kind = choice_field("What is the document?", [], required=KIND_MESSAGE, validate_choice=False)
    file = _file("Upload a file")
    title = text_field("Title (optional)", limits.DOCUMENT_TITLE, "The title")
    dated = GovDateField(
        "Date on the document (optional)", dates=PAST_DATES, subject="The date on the document"
    )
    submit = GovSubmitField("Add the document")

    def set_kinds(self, labels: dict[str, str]) -> None:
        self.kind.choices = [
            SelectChoice(value=kind, label=labels[kind]) for kind in CASE_DOCUMENT_KINDS
        ]

    def validate_kind(self, field: RadioField) -> None:
        if field.data not in CASE_DOCUMENT_KINDS:
            raise ValidationError(KIND_MESSAGE)


def _removal_reason(doing: str) -> Any:
    return reason_field(
        f"Why is it being {doing}?",
        limits.REMOVAL_REASON,
        description=f"The requester sees that the document was {doing}; this reason is kept "
        "in the case’s audit trail.",
        required=f"Enter why the document is being {doing}",
    )


class RemoveDocumentForm(FlaskForm):
    reason = _removal_reason("removed")
    submit = GovSubmitField("Remove the document")


class ReplaceDocumentForm(FlaskForm):
    file = _file("Upload the new file")
    reason = _removal_reason("replaced")
    submit = GovSubmitField("Replace the document")
