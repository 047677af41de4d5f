"""Forms for the regulator stage: the requester's pack and the staff's records."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    Field,
    HiddenField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from review_service.domain import limits
from review_service.domain.regimes import AppealRoute
from review_service.domain.regulators import Regulator
from review_service.regulator.services import (  # noqa: F401 - the labels are used from here too
    DN_OUTCOME_LABELS,
)
from review_service.web.fields import (
    CALENDAR_DATES,
    GovCharacterCountField,
    GovIntegerField,
    GovRadioField,
    GovSubmitField,
    GovTextAreaField,
    choice_field,
    date_field,
    reason_field,
    text_field,
    without_compliance_field,
)


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value=value, label=label) for value, label in labels.items()]


def _newlines(value: str | None) -> str | None:
    # Browsers send a line break as CRLF; count it as one character, as the character count does.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def _answer(label: str) -> GovCharacterCountField:
    return text_field(
        label, limits.PACK_ANSWER, "Answer", kind=GovCharacterCountField, filters=[_newlines]
    )


def _reference(label: str, description: str | None = None, required: str | None = None) -> Any:
    """A case reference the regulator, tribunal or court gave."""
    return text_field(
        label,
        limits.REGULATOR_REFERENCE,
        "Reference",
        required=required,
        description=description,
    )


class PackForm(FlaskForm):
    challenge_text = _answer("What part of the response do you challenge, and why?")
    conduct_text = _answer("Why do you believe the authority has not acted properly?")
    previous_reference = _reference("Earlier case reference (if you have one)")
    referred_on = date_field(
        "When did you send it?", CALENDAR_DATES, "The date you sent your complaint"
    )
    save = GovSubmitField("Save answers")
    sent = GovSubmitField("I have sent my complaint")

    def __init__(self, *args: Any, complaint_word: str = "complaint", **kwargs: Any) -> None:
        # The SIC takes an application (FOISA s.47), the ICO a complaint (FOIA s.50): the
        # date's messages name it, so it is known before the submitted date is read.
        self._complaint_word = complaint_word
        super().__init__(*args, **kwargs)

    def process(self, *args: Any, **kwargs: Any) -> None:
        self.referred_on.subject = f"The date you sent your {self._complaint_word}"
        super().process(*args, **kwargs)
        self.sent.label.text = f"I have sent my {self._complaint_word}"


class _StaffForm(FlaskForm):
    version = HiddenField()

    @property
    def expected_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


class RegulatorDetailsForm(_StaffForm):
    referred_on = date_field(
        "When did the requester complain?",
        CALENDAR_DATES,
        "The date the requester complained",
        description="As given in the regulator's letter.",
    )
    regulator_reference = _reference(
        "The regulator's case reference",
        "For example, IC-123456-A1B2",
        required="Enter the regulator's case reference",
    )
    investigation_letter_on = date_field(
        "Date of the regulator's investigation letter",
        CALENDAR_DATES,
        "The date of the letter",
    )
    submission_due_on = date_field(
        "Date the regulator wants the submission by",
        CALENDAR_DATES,
        "The response deadline",
        description="The deadline the investigation letter sets.",
    )
    submit = GovSubmitField("Save")


def _decided(decision: str, complaint: str) -> GovRadioField:
    """What the regulator decided, in its words: "decision notice" or "decision", "complaint"
    or "application"."""
    return choice_field(
        "What did the regulator decide?",
        _choices(
            {
                "decision_notice": f"It issued a {decision}",
                "informal_resolution": f"It resolved the {complaint} informally",
            }
        ),
        required=f"Select whether the regulator issued a {decision} or resolved the "
        f"{complaint} informally",
    )


class DecisionNoticeForm(_StaffForm):
    kind = _decided("decision notice", "complaint")
    reference = _reference(
        "Decision notice reference",
        "For example, IC-123456-A1B2. Not needed for an informal resolution.",
    )
    issued_on = date_field(
        "Date the decision was sent",
        CALENDAR_DATES,
        "The date the decision was sent",
        required=True,
        description="The tribunal's 28 days run from this date.",
    )
    steps_required = text_field(
        "Steps the authority must take",
        limits.STEPS_REQUIRED,
        "Steps",
        description="Leave blank if the notice orders no steps.",
        kind=GovTextAreaField,
    )
    compliance_days = GovIntegerField(
        "Days allowed to take the steps",
        description=(
            "As the notice states, in calendar days. Leave blank for the regulator's usual "
            "period. It cannot be shorter than the time for appealing."
        ),
        validators=[
            Optional(),
            NumberRange(min=1, max=365, message="Enter a number of days between 1 and 365"),
        ],
    )
    submit = GovSubmitField("Record the decision")

    provisions: list[tuple[str, str]]

    def finding_fields(self) -> list[tuple[str, str, Field]]:
        return [
            (code, title, getattr(self, f"finding_{i}"))
            for i, (code, title) in enumerate(self.provisions)
        ]


def decision_notice_form(
    provisions: list[tuple[str, str]],
    route: AppealRoute,
    regulator: Regulator,
    **kwargs: Any,
) -> DecisionNoticeForm:
    """The regulator's decision form, in its words (the ICO's decision notice, the SIC's
    decision), with one outcome question per provision."""
    decision = route.decision_name

    class Form(DecisionNoticeForm):
        kind = _decided(decision, regulator.complaint_word)
        reference = _reference(
            f"{decision.capitalize()} reference",
            f"For example, {regulator.decision_reference_example}. Not needed for an "
            "informal resolution.",
        )
        issued_on = date_field(
            "Date the decision was sent",
            CALENDAR_DATES,
            "The date the decision was sent",
            required=True,
            description=f"The {route.days} days for an appeal to the {route.short_court} run "
            "from this date.",
        )

    for i, (code, title) in enumerate(provisions):
        setattr(
            Form,
            f"finding_{i}",
            GovRadioField(
                f"{code} {title}",
                choices=_choices(DN_OUTCOME_LABELS),
                validators=[Optional()],
            ),
        )
    form = Form(**kwargs)
    form.provisions = provisions
    return form


class ComplianceForm(_StaffForm):
    complied_on = date_field(
        "When did the authority take the steps?",
        CALENDAR_DATES,
        "The date the steps were taken",
        required=True,
    )
    submit = GovSubmitField("Record compliance")


class AppealForm(_StaffForm):
    appellant = choice_field(
        "Who appealed?",
        _choices({"requester": "The requester", "authority": "The authority"}),
        required="Select who is appealing",
    )
    submit = GovSubmitField("Record the appeal")


def appeal_form(route: AppealRoute, **kwargs: Any) -> AppealForm:
    """The appeal form in the words of the case's route: the tribunal receives a notice of
    appeal; an appeal is lodged with the Court of Session."""

    class Form(AppealForm):
        lodged_on = date_field(
            f"When did the {route.short_court} receive the appeal?",
            CALENDAR_DATES,
            "The date the appeal was lodged",
            required=True,
        )
        tribunal_reference = _reference(
            f"{route.short_court} reference (if known)", f"For example, {route.reference_example}"
        )

    return Form(**kwargs)


class AppealOutcomeForm(_StaffForm):
    submit = GovSubmitField("Record the decision")


def appeal_outcome_form(route: AppealRoute, **kwargs: Any) -> AppealOutcomeForm:
    """What the court or tribunal decided, from the outcomes its route allows."""

    class Form(AppealOutcomeForm):
        outcome = choice_field(
            f"What did the {route.short_court} decide?",
            _choices(route.outcome_labels),
            required=f"Select the {route.short_court}'s decision",
        )
        outcome_on = date_field(
            f"Date of the {route.short_court}'s decision",
            CALENDAR_DATES,
            "The date of the decision",
            required=f"Enter the date of the {route.short_court}'s decision",
        )

    return Form(**kwargs)


class CloseForm(_StaffForm):
    reason = reason_field(
        "Why is the case being closed?", 5_000, required="Enter why the case is being closed"
    )
    without_compliance = without_compliance_field()
    submit = GovSubmitField("Close the case")
