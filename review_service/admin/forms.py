"""Forms for administration: staff accounts, authorities, bank-holiday overrides."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from review_service.accounts.models import STAFF_ROLES, Role
from review_service.domain import limits
from review_service.staff.forms import options, regime_options
from review_service.web.fields import (
    ANY_REAL_DATE,
    GovBooleanField,
    GovEmailField,
    GovIntegerField,
    GovRadioField,
    GovSelectField,
    GovSubmitField,
    GovTextAreaField,
    choice_field,
    date_field,
    text_field,
)

ROLE_DESCRIPTIONS = {
    Role.REVIEWER: "Reviewer: decides the internal reviews assigned to them",
    Role.CASEWORKER: "Caseworker: enters, acknowledges, assigns, extends and closes cases",
    Role.ADMIN: "Administrator: everything a caseworker does, plus staff, authorities and settings",
}


def role_options() -> list[SelectChoice]:
    return options((role.value, ROLE_DESCRIPTIONS[role]) for role in STAFF_ROLES)


def _role() -> GovRadioField:
    return choice_field("Role", role_options(), required="Select a role")


class StaffForm(FlaskForm):
    name = text_field("Full name", limits.NAME, "Name", required="Enter the person's name")
    email = text_field(
        "E-mail address",
        limits.EMAIL,
        "E-mail address",
        required="Enter the person's e-mail address",
        description="They are sent a link to choose their password.",
        kind=GovEmailField,
    )
    role = _role()
    authority = GovSelectField("Authority", validate_choice=False)
    submit = GovSubmitField("Create the account")


class RoleForm(FlaskForm):
    role = _role()
    submit = GovSubmitField("Change role")


class ActiveForm(FlaskForm):
    confirm = GovSubmitField("Deactivate")


class AuthorityForm(FlaskForm):
    name = text_field("Name", limits.NAME, "Name", required="Enter the authority's name")
    regime = choice_field(
        "Which law does it usually answer under?",
        regime_options(),
        required="Select the law the authority usually answers under",
    )
    email = text_field(
        "E-mail address for information requests",
        limits.EMAIL,
        "E-mail address",
        kind=GovEmailField,
    )
    address = text_field(
        "Postal address",
        limits.POSTAL_ADDRESS,
        description="Printed on the letterhead, one line per line.",
        kind=GovTextAreaField,
    )
    telephone = text_field("Telephone", limits.TELEPHONE)
    letter_footer = text_field(
        "Letter footer",
        limits.LETTER_FOOTER,
        description="Printed at the foot of every page, for example the registered address.",
        kind=GovTextAreaField,
    )
    signatory_title = text_field(
        "Title under the reviewer's signature",
        limits.NAME,
        required="Enter the title printed under the reviewer's name",
    )
    receipt_on_non_working_day_starts_next_working_day = GovBooleanField(
        "Treat something received on a weekend or bank holiday as received on the next working day",
    )
    refuse_late_review_requests = GovBooleanField(
        "Refuse requests for review made after the window"
    )
    review_request_window_working_days = text_field(
        "Working days a requester has to ask for a FOIA review",
        required="Enter how many working days requesters have to ask for a review",
        invalid_value_message="Enter the window as a whole number of working days, like 40",
        kind=GovIntegerField,
    )
    retention_months = text_field(
        "Months to keep requesters' personal data after a case is closed",
        required="Enter how many months to keep requesters' personal data after closure",
        invalid_value_message="Enter the retention period as a whole number of months, like 72",
        kind=GovIntegerField,
    )
    is_listed = GovBooleanField("List it for requesters to choose when they complain")
    staff_two_factor_required = GovBooleanField(
        "Reviewers and caseworkers must use an authenticator app to sign in",
    )
    submit = GovSubmitField("Save")


class HolidayForm(FlaskForm):
    day = date_field("Date", ANY_REAL_DATE, "Date", required="Enter the date")
    action = choice_field(
        "What changes?",
        options(
            (
                ("add", "It is a bank holiday (not a working day)"),
                ("remove", "It is no longer a bank holiday (a working day)"),
            )
        ),
        required="Select whether the day is a holiday or a working day",
    )
    regime = GovSelectField(
        "Which law does it apply to?",
        choices=regime_options(blank="Every law (FOIA, EIR and FOISA)"),
        validate_choice=False,
    )
    note = text_field(
        "Why",
        limits.HOLIDAY_NOTE,
        "Note",
        required="Enter why this day is being changed",
        description="For example, ‘Proclaimed for the coronation, London Gazette 12 Nov 2022’.",
    )
    submit = GovSubmitField("Add the change")


class MergeForm(FlaskForm):
    into = choice_field(
        "Which authority is it?",
        [],
        required="Select the authority to merge it into",
        kind=GovSelectField,
        validate_choice=False,
    )
    submit = GovSubmitField("Merge")

    def set_authorities(self, authorities: list[tuple[int, str]]) -> None:
        self.into.choices = [
            SelectChoice(value="", label="Choose an authority"),
            *(SelectChoice(value=str(i), label=name) for i, name in authorities),
        ]


class DeleteForm(FlaskForm):
    submit = GovSubmitField("Delete")
