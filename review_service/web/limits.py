"""Rate limits: who is counted, and how many tries each gets (issue 9, finding 7).

Every limit is kept in the storage named by RATELIMIT_STORAGE_URI. In production that is
Redis (``redis://127.0.0.1:6379/0``), so all gunicorn workers and every instance of the
service count together; ``memory://`` keeps a count per process and is only for development.

Each limit on a page that takes an e-mail address is applied twice: per client address
(what one machine may try) and per account (what anyone may try against one address, from
however many machines). The client address is the socket's, or with TRUSTED_PROXIES=N the
one the N trusted reverse proxies in front of the service report (werkzeug's ProxyFix);
without that setting X-Forwarded-For is ignored, so nobody can pick the address they are
counted under.
"""

from __future__ import annotations

import hashlib

from flask import current_app, request

from review_service.accounts.email_addresses import lookup_form

# Per client address / per account, in limits' notation. Moving windows: no burst of twice
# the limit at a window's edge.
SIGN_IN = "10 per minute"
SIGN_IN_PER_ACCOUNT = "10 per minute;50 per day"
REGISTER = "10 per hour"
REGISTER_PER_ACCOUNT = "5 per hour"  # each try sends the address's owner an e-mail
FORGOT_PASSWORD = "5 per hour"  # noqa: S105 - a rate, not a password
FORGOT_PASSWORD_PER_ACCOUNT = "5 per hour"  # noqa: S105 - a rate
CONFIRM_AGAIN = "5 per hour"  # each try e-mails the address (mail/confirmation.py)
CONFIRM_AGAIN_PER_ACCOUNT = "3 per hour"
ANONYMOUS_API = "60 per minute"
# The code step of signing in (authenticator or recovery code), shared by both pages: with
# at most 3 of a million codes right at any moment, 30 tries an hour gives an attacker who
# already has the password odds of about 1 in 500 a day.
SECOND_FACTOR = "10 per minute"
SECOND_FACTOR_PER_ACCOUNT = "5 per minute;30 per hour"


def _key(kind: str, value: str) -> str:
    # The prefix keeps deployments (and test runs) sharing one Redis apart.
    return f"{current_app.config.get('RATE_LIMIT_KEY_PREFIX', 'review-service')}/{kind}/{value}"


def client_key() -> str:
    """The client's address: the socket's, or the trusted proxies' report (ProxyFix)."""
    return _key("client", request.remote_addr or "unknown")


def account_key() -> str:
    """The account a form is about: a digest of the address tried (in its stored form when
    it is one), so no address is written to the limit storage."""
    typed = request.form.get("email", "")
    address = lookup_form(typed) or " ".join(typed.split()).lower()
    return _key("account", hashlib.sha256(address.encode()).hexdigest()[:32])


def second_factor_key() -> str:
    """The account whose password this browser gave (the code step of signing in), or the
    signed-in account setting an app up."""
    from flask import session as cookie
    from flask_login import current_user

    from review_service.accounts.sessions import PENDING

    pending = cookie.get(PENDING)
    user_id = pending.get("user") if isinstance(pending, dict) else None
    if user_id is None and current_user.is_authenticated:
        user_id = current_user.id
    return _key("second-factor", str(user_id))
