"""A requester whose confirmation e-mail did not arrive asks for it again.

The answer never says whether an address has an account (no account enumeration): the page is
the same for every address, and the same work is done (one link signed, one audit event, one
e-mail). The mailbox's owner gets the e-mail that fits: a new confirmation link when an account
is waiting for the address to be confirmed, otherwise a note saying no account is waiting.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy.orm import Session

from review_service.accounts.services import checked_email, resend_confirmation, user_by_email
from review_service.audit.services import record
from review_service.mail.services import queue_email


@dataclass(frozen=True)
class Links:
    confirm: str  # with {token} where the token goes
    sign_in: str
    register: str
    forgot_password: str


def ask_for_confirmation_again(session: Session, email: str, *, links: Links) -> str:
    """Queue the e-mail that fits the address; the address (stored form) for the page."""
    address = checked_email(email, missing="Enter your e-mail address")
    user = user_by_email(session, address)
    if (
        user is not None
        and user.is_active
        and user.password_hash is not None
        and user.email_confirmed_at is None
    ):
        resend_confirmation(session, user, confirm_url=links.confirm)
        return address
    # Signed and thrown away: the same cost as the confirmation link above.
    URLSafeTimedSerializer(secrets.token_hex(16), salt="confirm-email").dumps({"u": 0})
    record(
        session,
        user,
        "resend_confirmation",
        "Confirmation link asked for again; no account was waiting for this address",
        visible_to_requester=False,
    )
    queue_email(
        session,
        to=address,
        subject="Confirm your e-mail address",
        body=(
            "Someone asked for a new link to confirm this e-mail address for a Review service "
            "account, but no account is waiting for this address to be confirmed.\n\n"
            "If you have already confirmed it, sign in here:\n\n"
            f"{links.sign_in}\n\n"
            "If you have forgotten your password, you can reset it here:\n\n"
            f"{links.forgot_password}\n\n"
            "If you have not created an account yet, you can register here:\n\n"
            f"{links.register}\n\n"
            "If it was not you, you can ignore this e-mail.\n\nReview service"
        ),
    )
    return address
