"""Forms for administration: staff accounts, authorities, bank-holiday overrides."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from review_service.accounts.models import Role
from review_service.admin.services import MAX_NOTE, STAFF_ROLES
from review_service.staff.forms import DatePartsField, options, regime_options

ROLE_DESCRIPTIONS = {
    Role.REVIEWER: "Reviewer: decides the internal reviews assigned to them",
    Role.CASEWORKER: "Caseworker: enters, acknowledges, assigns, extends and closes cases",
    Role.ADMIN: "Administrator: everything a caseworker does, plus staff, authorities and settings",
}


def role_options() -> list[SelectChoice]:
    return options((role.value, ROLE_DESCRIPTIONS[role]) for role in STAFF_ROLES)


class StaffForm(FlaskForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the person's name"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    email = EmailField(
        "E-mail address",
        widget=GovTextInput(),
        description="They are sent a link to choose their password.",
        validators=[
            InputRequired(message="Enter the person's e-mail address"),
            Length(max=254, message="E-mail address must be 254 characters or fewer"),
        ],
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=role_options(),
        validators=[InputRequired(message="Select a role")],
    )
    authority = SelectField("Authority", widget=GovSelect(), validate_choice=False)
    submit = SubmitField("Create the account", widget=GovSubmitInput())


class RoleForm(FlaskForm):
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=role_options(),
        validators=[InputRequired(message="Select a role")],
    )
    submit = SubmitField("Change role", widget=GovSubmitInput())


class ActiveForm(FlaskForm):
    confirm = SubmitField("Deactivate", widget=GovSubmitInput())


class AuthorityForm(FlaskForm):
    name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the authority's name"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    regime = RadioField(
        "Which law does it usually answer under?",
        widget=GovRadioInput(),
        choices=regime_options(),
        validators=[InputRequired(message="Select the law the authority usually answers under")],
    )
    email = EmailField(
        "E-mail address for information requests",
        widget=GovTextInput(),
        validators=[Length(max=254, message="E-mail address must be 254 characters or fewer")],
    )
    address = TextAreaField(
        "Postal address",
        widget=GovTextArea(),
        description="Printed on the letterhead, one line per line.",
        validators=[Length(max=1000, message="Must be 1,000 characters or fewer")],
    )
    telephone = StringField(
        "Telephone",
        widget=GovTextInput(),
        validators=[Length(max=40, message="Must be 40 characters or fewer")],
    )
    letter_footer = TextAreaField(
        "Letter footer",
        widget=GovTextArea(),
        description="Printed at the foot of every page, for example the registered address.",
        validators=[Length(max=500, message="Must be 500 characters or fewer")],
    )
    signatory_title = StringField(
        "Title under the reviewer's signature",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the title printed under the reviewer's name"),
            Length(max=200, message="Must be 200 characters or fewer"),
        ],
    )
    receipt_on_non_working_day_starts_next_working_day = BooleanField(
        "Treat something received on a weekend or bank holiday as received on the next working day",
        widget=GovCheckboxInput(),
    )
    refuse_late_review_requests = BooleanField(
        "Refuse requests for review made after the window", widget=GovCheckboxInput()
    )
    review_request_window_working_days = IntegerField(
        "Working days a requester has to ask for a FOIA review",
        widget=GovTextInput(),
        invalid_value_message="Enter the window as a whole number of working days, like 40",
        validators=[
            InputRequired(message="Enter how many working days requesters have to ask for a review")
        ],
    )
    retention_months = IntegerField(
        "Months to keep requesters' personal data after a case is closed",
        widget=GovTextInput(),
        invalid_value_message="Enter the retention period as a whole number of months, like 72",
        validators=[
            InputRequired(
                message="Enter how many months to keep requesters' personal data after closure"
            )
        ],
    )
    is_listed = BooleanField(
        "List it for requesters to choose when they complain", widget=GovCheckboxInput()
    )
    staff_two_factor_required = BooleanField(
        "Reviewers and caseworkers must use an authenticator app to sign in",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class HolidayForm(FlaskForm):
    day = DatePartsField("Date", required_message="Enter the date")
    action = RadioField(
        "What changes?",
        widget=GovRadioInput(),
        choices=options(
            (
                ("add", "It is a bank holiday (not a working day)"),
                ("remove", "It is no longer a bank holiday (a working day)"),
            )
        ),
        validators=[InputRequired(message="Select whether the day is a holiday or a working day")],
    )
    regime = SelectField(
        "Which law does it apply to?",
        widget=GovSelect(),
        choices=regime_options(blank="Every law (FOIA, EIR and FOISA)"),
        validate_choice=False,
    )
    note = StringField(
        "Why",
        widget=GovTextInput(),
        description="For example, ‘Proclaimed for the coronation, London Gazette 12 Nov 2022’.",
        validators=[
            InputRequired(message="Enter why this day is being changed"),
            Length(max=MAX_NOTE, message=f"Note must be {MAX_NOTE} characters or fewer"),
        ],
    )
    submit = SubmitField("Add the change", widget=GovSubmitInput())


class MergeForm(FlaskForm):
    into = SelectField(
        "Which authority is it?",
        widget=GovSelect(),
        choices=[],
        validate_choice=False,
        validators=[InputRequired(message="Select the authority to merge it into")],
    )
    submit = SubmitField("Merge", widget=GovSubmitInput())

    def set_authorities(self, authorities: list[tuple[int, str]]) -> None:
        self.into.choices = [
            SelectChoice(value="", label="Choose an authority"),
            *(SelectChoice(value=str(i), label=name) for i, name in authorities),
        ]


class DeleteForm(FlaskForm):
    submit = SubmitField("Delete", widget=GovSubmitInput())
