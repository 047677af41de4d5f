"""Forms for administration: staff accounts, authorities, bank-holiday overrides."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from review_service.accounts.models import STAFF_ROLES, Role
from review_service.domain import limits
from review_service.staff.forms import options, regime_options
from review_service.web.fields import (
    ANY_REAL_DATE,
    GovBooleanField,
    GovDateField,
    GovEmailField,
    GovIntegerField,
    GovRadioField,
    GovSelectField,
    GovStringField,
    GovSubmitField,
    GovTextAreaField,
    max_length,
)

ROLE_DESCRIPTIONS = {
    Role.REVIEWER: "Reviewer: decides the internal reviews assigned to them",
    Role.CASEWORKER: "Caseworker: enters, acknowledges, assigns, extends and closes cases",
    Role.ADMIN: "Administrator: everything a caseworker does, plus staff, authorities and settings",
}


def role_options() -> list[SelectChoice]:
    return options((role.value, ROLE_DESCRIPTIONS[role]) for role in STAFF_ROLES)


class StaffForm(FlaskForm):
    name = GovStringField(
        "Full name",
        validators=[
            InputRequired(message="Enter the person's name"),
            max_length(limits.NAME, "Name"),
        ],
    )
    email = GovEmailField(
        "E-mail address",
        description="They are sent a link to choose their password.",
        validators=[
            InputRequired(message="Enter the person's e-mail address"),
            max_length(limits.EMAIL, "E-mail address"),
        ],
    )
    role = GovRadioField(
        "Role",
        choices=role_options(),
        validators=[InputRequired(message="Select a role")],
    )
    authority = GovSelectField("Authority", validate_choice=False)
    submit = GovSubmitField("Create the account")


class RoleForm(FlaskForm):
    role = GovRadioField(
        "Role",
        choices=role_options(),
        validators=[InputRequired(message="Select a role")],
    )
    submit = GovSubmitField("Change role")


class ActiveForm(FlaskForm):
    confirm = GovSubmitField("Deactivate")


class AuthorityForm(FlaskForm):
    name = GovStringField(
        "Name",
        validators=[
            InputRequired(message="Enter the authority's name"),
            max_length(limits.NAME, "Name"),
        ],
    )
    regime = GovRadioField(
        "Which law does it usually answer under?",
        choices=regime_options(),
        validators=[InputRequired(message="Select the law the authority usually answers under")],
    )
    email = GovEmailField(
        "E-mail address for information requests",
        validators=[max_length(limits.EMAIL, "E-mail address")],
    )
    address = GovTextAreaField(
        "Postal address",
        description="Printed on the letterhead, one line per line.",
        validators=[max_length(limits.POSTAL_ADDRESS)],
    )
    telephone = GovStringField(
        "Telephone",
        validators=[max_length(limits.TELEPHONE)],
    )
    letter_footer = GovTextAreaField(
        "Letter footer",
        description="Printed at the foot of every page, for example the registered address.",
        validators=[max_length(limits.LETTER_FOOTER)],
    )
    signatory_title = GovStringField(
        "Title under the reviewer's signature",
        validators=[
            InputRequired(message="Enter the title printed under the reviewer's name"),
            max_length(limits.NAME),
        ],
    )
    receipt_on_non_working_day_starts_next_working_day = GovBooleanField(
        "Treat something received on a weekend or bank holiday as received on the next working day",
    )
    refuse_late_review_requests = GovBooleanField(
        "Refuse requests for review made after the window"
    )
    review_request_window_working_days = GovIntegerField(
        "Working days a requester has to ask for a FOIA review",
        invalid_value_message="Enter the window as a whole number of working days, like 40",
        validators=[
            InputRequired(message="Enter how many working days requesters have to ask for a review")
        ],
    )
    retention_months = GovIntegerField(
        "Months to keep requesters' personal data after a case is closed",
        invalid_value_message="Enter the retention period as a whole number of months, like 72",
        validators=[
            InputRequired(
                message="Enter how many months to keep requesters' personal data after closure"
            )
        ],
    )
    is_listed = GovBooleanField("List it for requesters to choose when they complain")
    staff_two_factor_required = GovBooleanField(
        "Reviewers and caseworkers must use an authenticator app to sign in",
    )
    submit = GovSubmitField("Save")


class HolidayForm(FlaskForm):
    day = GovDateField("Date", dates=ANY_REAL_DATE, required_message="Enter the date")
    action = GovRadioField(
        "What changes?",
        choices=options(
            (
                ("add", "It is a bank holiday (not a working day)"),
                ("remove", "It is no longer a bank holiday (a working day)"),
            )
        ),
        validators=[InputRequired(message="Select whether the day is a holiday or a working day")],
    )
    regime = GovSelectField(
        "Which law does it apply to?",
        choices=regime_options(blank="Every law (FOIA, EIR and FOISA)"),
        validate_choice=False,
    )
    note = GovStringField(
        "Why",
        description="For example, ‘Proclaimed for the coronation, London Gazette 12 Nov 2022’.",
        validators=[
            InputRequired(message="Enter why this day is being changed"),
            max_length(limits.HOLIDAY_NOTE, "Note"),
        ],
    )
    submit = GovSubmitField("Add the change")


class MergeForm(FlaskForm):
    into = GovSelectField(
        "Which authority is it?",
        choices=[],
        validate_choice=False,
        validators=[InputRequired(message="Select the authority to merge it into")],
    )
    submit = GovSubmitField("Merge")

    def set_authorities(self, authorities: list[tuple[int, str]]) -> None:
        self.into.choices = [
            SelectChoice(value="", label="Choose an authority"),
            *(SelectChoice(value=str(i), label=name) for i, name in authorities),
        ]


class DeleteForm(FlaskForm):
    submit = GovSubmitField("Delete")
