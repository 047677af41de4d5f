"""Forms for the regulator stage: the requester's pack and the staff's records."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    Field,
    HiddenField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

from review_service.domain import limits
from review_service.domain.regimes import AppealRoute
from review_service.domain.regulators import Regulator
from review_service.regulator.services import (  # noqa: F401 - the labels are used from here too
    DN_OUTCOME_LABELS,
)
from review_service.web.fields import (
    CALENDAR_DATES,
    GovCharacterCountField,
    GovDateField,
    GovIntegerField,
    GovRadioField,
    GovStringField,
    GovSubmitField,
    GovTextAreaField,
    max_length,
    reason_field,
    without_compliance_field,
)


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value=value, label=label) for value, label in labels.items()]


def _newlines(value: str | None) -> str | None:
    # Browsers send a line break as CRLF; count it as one character, as the character count does.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class PackForm(FlaskForm):
    challenge_text = GovCharacterCountField(
        "What part of the response do you challenge, and why?",
        filters=[_newlines],
        validators=[max_length(limits.PACK_ANSWER, "Answer")],
    )
    conduct_text = GovCharacterCountField(
        "Why do you believe the authority has not acted properly?",
        filters=[_newlines],
        validators=[max_length(limits.PACK_ANSWER, "Answer")],
    )
    previous_reference = GovStringField(
        "Earlier case reference (if you have one)",
        validators=[max_length(limits.REGULATOR_REFERENCE, "Reference")],
    )
    referred_on = GovDateField(
        "When did you send it?", dates=CALENDAR_DATES, subject="The date you sent your complaint"
    )
    save = GovSubmitField("Save answers")
    sent = GovSubmitField("I have sent my complaint")


class _StaffForm(FlaskForm):
    version = HiddenField()

    @property
    def expected_version(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


class RegulatorDetailsForm(_StaffForm):
    referred_on = GovDateField(
        "When did the requester complain?",
        dates=CALENDAR_DATES,
        subject="The date the requester complained",
        description="As given in the regulator's letter.",
    )
    regulator_reference = GovStringField(
        "The regulator's case reference",
        description="For example, IC-123456-A1B2",
        validators=[
            InputRequired(message="Enter the regulator's case reference"),
            max_length(limits.REGULATOR_REFERENCE, "Reference"),
        ],
    )
    investigation_letter_on = GovDateField(
        "Date of the regulator's investigation letter",
        dates=CALENDAR_DATES,
        subject="The date of the letter",
    )
    submission_due_on = GovDateField(
        "Date the regulator wants the submission by",
        dates=CALENDAR_DATES,
        subject="The response deadline",
        description="The deadline the investigation letter sets.",
    )
    submit = GovSubmitField("Save")


class DecisionNoticeForm(_StaffForm):
    kind = GovRadioField(
        "What did the regulator decide?",
        choices=_choices(
            {
                "decision_notice": "It issued a decision notice",
                "informal_resolution": "It resolved the complaint informally",
            }
        ),
        validators=[
            InputRequired(
                message="Select whether the regulator issued a decision notice or resolved the "
                "complaint informally"
            )
        ],
    )
    reference = GovStringField(
        "Decision notice reference",
        description="For example, IC-123456-A1B2. Not needed for an informal resolution.",
        validators=[max_length(limits.REGULATOR_REFERENCE, "Reference")],
    )
    issued_on = GovDateField(
        "Date the decision was sent",
        dates=CALENDAR_DATES,
        subject="The date the decision was sent",
        required_message="Enter the date the decision was sent",
        description="The tribunal's 28 days run from this date.",
    )
    steps_required = GovTextAreaField(
        "Steps the authority must take",
        description="Leave blank if the notice orders no steps.",
        validators=[max_length(limits.STEPS_REQUIRED, "Steps")],
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
        kind = GovRadioField(
            "What did the regulator decide?",
            choices=_choices(
                {
                    "decision_notice": f"It issued a {decision}",
                    "informal_resolution": (
                        f"It resolved the {regulator.complaint_word} informally"
                    ),
                }
            ),
            validators=[
                InputRequired(
                    message=f"Select whether the regulator issued a {decision} or resolved the "
                    f"{regulator.complaint_word} informally"
                )
            ],
        )
        reference = GovStringField(
            f"{decision.capitalize()} reference",
            description=f"For example, {regulator.decision_reference_example}. Not needed for an "
            "informal resolution.",
            validators=[max_length(limits.REGULATOR_REFERENCE, "Reference")],
        )
        issued_on = GovDateField(
            "Date the decision was sent",
            dates=CALENDAR_DATES,
            subject="The date the decision was sent",
            required_message="Enter the date the decision was sent",
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
    complied_on = GovDateField(
        "When did the authority take the steps?",
        dates=CALENDAR_DATES,
        subject="The date the steps were taken",
        required_message="Enter the date the steps were taken",
    )
    submit = GovSubmitField("Record compliance")


class AppealForm(_StaffForm):
    appellant = GovRadioField(
        "Who appealed?",
        choices=_choices({"requester": "The requester", "authority": "The authority"}),
        validators=[InputRequired(message="Select who is appealing")],
    )
    submit = GovSubmitField("Record the appeal")


def appeal_form(route: AppealRoute, **kwargs: Any) -> AppealForm:
    """The appeal form in the words of the case's route: the tribunal receives a notice of
    appeal; an appeal is lodged with the Court of Session."""

    class Form(AppealForm):
        lodged_on = GovDateField(
            f"When did the {route.short_court} receive the appeal?",
            dates=CALENDAR_DATES,
            subject="The date the appeal was lodged",
            required_message="Enter the date the appeal was lodged",
        )
        tribunal_reference = GovStringField(
            f"{route.short_court} reference (if known)",
            description=f"For example, {route.reference_example}",
            validators=[max_length(limits.REGULATOR_REFERENCE, "Reference")],
        )

    return Form(**kwargs)


class AppealOutcomeForm(_StaffForm):
    submit = GovSubmitField("Record the decision")


def appeal_outcome_form(route: AppealRoute, **kwargs: Any) -> AppealOutcomeForm:
    """What the court or tribunal decided, from the outcomes its route allows."""

    class Form(AppealOutcomeForm):
        outcome = GovRadioField(
            f"What did the {route.short_court} decide?",
            choices=_choices(route.outcome_labels),
            validators=[InputRequired(message=f"Select the {route.short_court}'s decision")],
        )
        outcome_on = GovDateField(
            f"Date of the {route.short_court}'s decision",
            dates=CALENDAR_DATES,
            subject="The date of the decision",
            required_message=f"Enter the date of the {route.short_court}'s decision",
        )

    return Form(**kwargs)


class CloseForm(_StaffForm):
    reason = reason_field(
        "Why is the case being closed?", 5_000, required="Enter why the case is being closed"
    )
    without_compliance = without_compliance_field()
    submit = GovSubmitField("Close the case")
