"""The form that closes a requester's account."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovPasswordInput, GovSubmitInput
from wtforms import BooleanField, PasswordField, SubmitField


class CloseAccountForm(FlaskForm):
    # Both are checked by privacy/closure.close_account, which names what is missing.
    confirm = BooleanField(
        "I understand that my open complaints will be withdrawn and I will not be able to sign "
        "in again",
        widget=GovCheckboxInput(),
    )
    password = PasswordField("Your password", widget=GovPasswordInput())
    submit = SubmitField("Close my account", widget=GovSubmitInput())
