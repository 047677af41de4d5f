"""Forms for signing in, registering and resetting passwords."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import InputRequired, Length

from review_service.accounts.services import MIN_PASSWORD
from review_service.domain import limits
from review_service.web.fields import (
    GovEmailField,
    GovPasswordField,
    GovSubmitField,
    max_length,
    text_field,
)


def new_password_field(label: str, missing_message: str) -> PasswordField:
    """A password being chosen: the service's length rule, no composition rules."""
    return GovPasswordField(
        label,
        validators=[
            InputRequired(message=missing_message),
            Length(min=MIN_PASSWORD, message=f"Password must be {MIN_PASSWORD} characters or more"),
            max_length(limits.PASSWORD, "Password"),
        ],
    )


def _your_email() -> GovEmailField:
    # The format is checked by accounts/email_addresses.py, where every address enters.
    return text_field("E-mail address", required="Enter your e-mail address", kind=GovEmailField)


class SignInForm(FlaskForm):
    email = _your_email()
    password = text_field("Password", required="Enter your password", kind=GovPasswordField)
    submit = GovSubmitField("Sign in")


class RegisterForm(FlaskForm):
    name = text_field("Full name", limits.NAME, "Name", required="Enter your full name")
    email = _your_email()
    password = new_password_field("Create a password", "Enter a password")
    submit = GovSubmitField("Create account")


class ForgotPasswordForm(FlaskForm):
    email = _your_email()
    submit = GovSubmitField("Send me a reset link")


class ResetPasswordForm(FlaskForm):
    password = new_password_field("New password", "Enter a new password")
    submit = GovSubmitField("Change password")


class ChangePasswordForm(FlaskForm):
    current_password = text_field(
        "Current password", required="Enter your current password", kind=GovPasswordField
    )
    new_password = new_password_field("New password", "Enter a new password")
    submit = GovSubmitField("Change password")


class TokenForm(FlaskForm):
    name = text_field(
        "Token name", limits.TOKEN_NAME, "Name", required="Enter a name for the token"
    )
    submit = GovSubmitField("Create token")


class SecurityCodeForm(FlaskForm):
    code = text_field("Security code", required="Enter the 6-digit security code")
    submit = GovSubmitField("Continue")


class RecoveryCodeForm(FlaskForm):
    code = text_field("Recovery code", required="Enter one of your recovery codes")
    submit = GovSubmitField("Continue")
