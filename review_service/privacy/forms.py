"""The form that closes a requester's account."""

from __future__ import annotations

from flask_wtf import FlaskForm

from review_service.web.fields import GovBooleanField, GovPasswordField, GovSubmitField


class CloseAccountForm(FlaskForm):
    # Both are checked by privacy/closure.close_account, which names what is missing.
    confirm = GovBooleanField(
        "I understand that my open complaints will be withdrawn and I will not be able to sign "
        "in again",
    )
    password = GovPasswordField("Your password")
    submit = GovSubmitField("Close my account")
