"""Forms for signing in, registering and resetting passwords."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from review_service.accounts.services import MAX_PASSWORD, MIN_PASSWORD


def new_password_field(label: str, missing_message: str) -> PasswordField:
    """A password being chosen: the service's length rule, no composition rules."""
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=missing_message),
            Length(min=MIN_PASSWORD, message=f"Password must be {MIN_PASSWORD} characters or more"),
            Length(
                max=MAX_PASSWORD, message=f"Password must be {MAX_PASSWORD} characters or fewer"
            ),
        ],
    )


class SignInForm(FlaskForm):
    email = EmailField(
        "E-mail address",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter your e-mail address")],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your password")],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class RegisterForm(FlaskForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter your full name"), Length(max=200)],
    )
    email = EmailField(
        "E-mail address",
        widget=GovTextInput(),
        # The format is checked by accounts/email_addresses.py, where every address enters.
        validators=[InputRequired(message="Enter your e-mail address")],
    )
    password = new_password_field("Create a password", "Enter a password")
    submit = SubmitField("Create account", widget=GovSubmitInput())


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        "E-mail address",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter your e-mail address")],
    )
    submit = SubmitField("Send me a reset link", widget=GovSubmitInput())


class ResetPasswordForm(FlaskForm):
    password = new_password_field("New password", "Enter a new password")
    submit = SubmitField("Change password", widget=GovSubmitInput())


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your current password")],
    )
    new_password = new_password_field("New password", "Enter a new password")
    submit = SubmitField("Change password", widget=GovSubmitInput())


class TokenForm(FlaskForm):
    name = StringField(
        "Token name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter a name for the token"), Length(max=100)],
    )
    submit = SubmitField("Create token", widget=GovSubmitInput())


class SecurityCodeForm(FlaskForm):
    code = StringField(
        "Security code",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the 6-digit security code")],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class RecoveryCodeForm(FlaskForm):
    code = StringField(
        "Recovery code",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter one of your recovery codes")],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())
