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
    GovStringField,
    GovSubmitField,
    max_length,
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


class SignInForm(FlaskForm):
    email = GovEmailField(
        "E-mail address",
        validators=[InputRequired(message="Enter your e-mail address")],
    )
    password = GovPasswordField(
        "Password",
        validators=[InputRequired(message="Enter your password")],
    )
    submit = GovSubmitField("Sign in")


class RegisterForm(FlaskForm):
    name = GovStringField(
        "Full name",
        validators=[InputRequired(message="Enter your full name"), max_length(limits.NAME, "Name")],
    )
    email = GovEmailField(
        "E-mail address",
        # The format is checked by accounts/email_addresses.py, where every address enters.
        validators=[InputRequired(message="Enter your e-mail address")],
    )
    password = new_password_field("Create a password", "Enter a password")
    submit = GovSubmitField("Create account")


class ForgotPasswordForm(FlaskForm):
    email = GovEmailField(
        "E-mail address",
        validators=[InputRequired(message="Enter your e-mail address")],
    )
    submit = GovSubmitField("Send me a reset link")


class ResetPasswordForm(FlaskForm):
    password = new_password_field("New password", "Enter a new password")
    submit = GovSubmitField("Change password")


class ChangePasswordForm(FlaskForm):
    current_password = GovPasswordField(
        "Current password",
        validators=[InputRequired(message="Enter your current password")],
    )
    new_password = new_password_field("New password", "Enter a new password")
    submit = GovSubmitField("Change password")


class TokenForm(FlaskForm):
    name = GovStringField(
        "Token name",
        validators=[
            InputRequired(message="Enter a name for the token"),
            max_length(limits.TOKEN_NAME, "Name"),
        ],
    )
    submit = GovSubmitField("Create token")


class SecurityCodeForm(FlaskForm):
    code = GovStringField(
        "Security code",
        validators=[InputRequired(message="Enter the 6-digit security code")],
    )
    submit = GovSubmitField("Continue")


class RecoveryCodeForm(FlaskForm):
    code = GovStringField(
        "Recovery code",
        validators=[InputRequired(message="Enter one of your recovery codes")],
    )
    submit = GovSubmitField("Continue")
