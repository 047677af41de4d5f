"""Forms for the complaint journey: one question per page, GOV.UK wording and widgets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from review_service.accounts.email_addresses import email_address_errors
from review_service.documents.services import READABLE
from review_service.domain import limits
from review_service.domain.calendar import Regime
from review_service.domain.regimes import rules_for
from review_service.web.fields import (
    PAST_DATES,
    GovBooleanField,
    GovCharacterCountField,
    GovCheckboxesField,
    GovFileField,
    GovSelectField,
    GovStringField,
    GovSubmitField,
    GovTextAreaField,
    choice_field,
    date_field,
    text_field,
)

OTHER_AUTHORITY = "other"


def _choices(pairs: Sequence[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value=value, label=label) for value, label in pairs]


class AuthorityForm(FlaskForm):
    authority = GovSelectField(
        "Choose the authority",
        choices=[],
        validate_choice=False,
    )
    other_authority_name = text_field("Name of the authority", limits.NAME, "The authority's name")
    other_authority_email = text_field(
        "Its e-mail address for information requests", limits.EMAIL, "E-mail address"
    )
    submit = GovSubmitField("Continue")

    def set_authorities(self, authorities: Sequence[tuple[int, str]]) -> None:
        self.authority.choices = [
            SelectChoice(value="", label="Choose an authority"),
            *(SelectChoice(value=str(i), label=name) for i, name in authorities),
            SelectChoice(value=OTHER_AUTHORITY, label="It is not in this list"),
        ]

    def validate_authority(self, field: SelectField) -> None:
        if not field.data:
            raise ValidationError("Choose the authority you sent your request to")
        if field.data not in {c.value for c in self.authority.choices}:
            raise ValidationError("Choose the authority from the list")

    def validate_other_authority_name(self, field: StringField) -> None:
        if self.authority.data == OTHER_AUTHORITY and not (field.data or "").strip():
            raise ValidationError("Enter the name of the authority")

    def validate_other_authority_email(self, field: StringField) -> None:
        # Checked only when the authority is not in the list; cases.services.file_case checks
        # it again (with the one e-mail address check) when an unlisted authority is named.
        if self.authority.data != OTHER_AUTHORITY:
            return
        address, errors = email_address_errors(
            field.data or "",
            missing="Enter the e-mail address the authority gives for information requests",
        )
        if errors:
            raise ValidationError(errors["email"])
        field.data = address


# How each law is offered to requesters, from its profile (domain/regimes.py).
REGIME_CHOICES = tuple((regime.value, rules_for(regime).choice_label) for regime in Regime)

REGIME_HINTS = {regime.value: rules_for(regime).choice_hint for regime in Regime}


def _their_reference(label: str) -> GovStringField:
    return text_field(label, limits.REQUEST_REFERENCE, "The reference")


class LawForm(FlaskForm):
    regime = choice_field(
        "Which law did you make your request under?",
        _choices(REGIME_CHOICES),
        required="Select which law you made your request under",
        validate_choice=False,
    )
    submit = GovSubmitField("Continue")

    def validate_regime(self, field: RadioField) -> None:
        if field.data not in {value for value, _ in REGIME_CHOICES}:
            raise ValidationError("Select which law you made your request under")


class RequestForm(FlaskForm):
    request_sent_on = date_field(
        "When did you send your request?",
        PAST_DATES,
        "The date you sent your request",
        required=True,
    )
    # Asked only where the law counts from it (FOISA s.10(1), s.20(5)); the view requires it.
    request_received_on = date_field(
        "When did the authority receive your request?",
        PAST_DATES,
        "The date the authority received your request",
    )
    request_text = text_field(
        "What did you ask for?",
        limits.REQUEST_TEXT,
        "Your request",
        required="Enter what you asked for in your request",
        kind=GovTextAreaField,
    )
    request_reference = _their_reference("The authority’s reference for your request (optional)")
    submit = GovSubmitField("Continue")


HOW_UPLOAD = "upload"  # the same values as cases.drafts.UPLOADED, PASTED and NO_RESPONSE
HOW_PASTE = "paste"
HOW_NONE = "none"


class ResponseForm(FlaskForm):
    how = choice_field(
        "How would you like to give us the authority’s response?",
        _choices(
            (
                (HOW_UPLOAD, f"Upload it ({READABLE})"),
                (HOW_PASTE, "Copy and paste its text"),
                (HOW_NONE, "I did not get a response"),
            )
        ),
        required="Select how you will give us the response",
        validate_choice=False,
    )
    response_file = GovFileField("Upload the response")
    response_text = text_field(
        "Paste the text of the response",
        limits.RESPONSE_TEXT,
        "The response",
        kind=GovTextAreaField,
    )
    submit = GovSubmitField("Continue")

    def validate_how(self, field: RadioField) -> None:
        if field.data not in (HOW_UPLOAD, HOW_PASTE, HOW_NONE):
            raise ValidationError("Select how you will give us the response")

    def validate_response_text(self, field: TextAreaField) -> None:
        if self.how.data == HOW_PASTE and not (field.data or "").strip():
            raise ValidationError("Paste the text of the response")


class FindingsForm(FlaskForm):
    response_date = date_field(
        "Date of the response",
        PAST_DATES,
        "The date of the response",
        required=True,
    )
    request_reference = _their_reference("The authority’s reference (optional)")
    submit = GovSubmitField("Continue")


class AddProvisionForm(FlaskForm):
    provision = GovSelectField(
        "Which exemption or exception did the authority rely on?",
        choices=[],
        validate_choice=False,
    )
    ncnd = GovBooleanField(
        "The authority would neither confirm nor deny that it holds the information under "
        "this provision",
        validators=[Optional()],
    )
    submit = GovSubmitField("Add it")

    def set_catalogue(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.provision.choices = [
            SelectChoice(value="", label="Choose a provision"),
            *(SelectChoice(value=code, label=label) for code, label in pairs),
        ]

    def validate_provision(self, field: SelectField) -> None:
        codes = {c.value for c in self.provision.choices if c.value}
        if field.data not in codes:
            raise ValidationError("Choose the provision from the list")


def _reasons(label: str, subject: str = "Your reasons") -> GovCharacterCountField:
    """The requester's own words on why, in a box that counts what is left."""
    return text_field(label, limits.GROUND_TEXT, subject, kind=GovCharacterCountField)


class ConfirmForm(FlaskForm):
    """A button with a CSRF token: remove a provision, change its NCND, send the complaint."""

    submit = GovSubmitField("Continue")


class CheckForm(ConfirmForm):
    """Send the complaint; when the request for review is late, with the reasons for that."""

    late_request_reasons = _reasons("Why are you asking for a review now? (optional)")


@dataclass(frozen=True)
class GroundOption:
    key: str  # form value: "p0", "p1" for provisions, a GroundKind value otherwise
    kind: str
    provision: str | None
    label: str
    hint: str

    @property
    def detail_name(self) -> str:
        return f"detail_{self.key}"


class GroundsFormBase(FlaskForm):
    reasons = GovCheckboxesField(
        "Why are you unhappy with the response?",
        choices=[],
        validate_choice=False,
    )
    submit = GovSubmitField("Continue")
    options: tuple[GroundOption, ...] = ()

    def validate_reasons(self, field: SelectMultipleField) -> None:
        known = {o.key for o in self.options}
        chosen = [r for r in field.data or [] if r in known]
        if not chosen or len(chosen) != len(field.data or []):
            raise ValidationError("Select at least one reason you are unhappy with the response")

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        chosen = set(self.reasons.data or [])
        for option in self.options:
            field = self[option.detail_name]
            if option.key in chosen and option.kind == "other" and not (field.data or "").strip():
                field.errors = [*field.errors, "Tell us what else you are unhappy about"]
                valid = False
        return valid


def grounds_form(options: Sequence[GroundOption], **kwargs: Any) -> GroundsFormBase:
    """A grounds form with a "tell us more" box for each option."""
    attributes: dict[str, Any] = {"options": tuple(options)}
    for option in options:
        attributes[option.detail_name] = _reasons(
            "Tell us why" if option.kind != "other" else "What else are you unhappy about?"
        )
    form_class = type("GroundsForm", (GroundsFormBase,), attributes)
    form = form_class(**kwargs)
    form.reasons.choices = [SelectChoice(value=o.key, label=o.label) for o in options]
    return form


class WithdrawForm(FlaskForm):
    reason = _reasons("Why are you withdrawing it? (optional)", "Your reason")
    version = HiddenField()
    submit = GovSubmitField("Withdraw complaint")


class ResendForm(FlaskForm):
    """The complaint e-mailed again to an authority that does not use this service."""

    address = text_field(
        "The authority's e-mail address for information requests", limits.EMAIL, "E-mail address"
    )
    submit = GovSubmitField("Send the complaint to this address")
