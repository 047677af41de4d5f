"""The one check for every e-mail address that enters the service.

Pages, the API, the admin pages and the command line all call ``normalise_email_address``
before an address is stored, looked up or written into an e-mail header. It accepts exactly
one bare address (no display name, no second address, no line breaks or other control
characters: an address with CR/LF would otherwise end up in a ``To:`` header) and returns it
in the form the service keeps: ASCII, lower-case.

The syntax is checked by the ``email-validator`` library with its deliverability check off,
so nothing here touches DNS or the network. Addresses whose part before the @ needs
SMTPUTF8 are refused because the outgoing mail path does not promise that extension;
internationalised domain names are kept in their ASCII (punycode) form.

The whole address is lower-cased, not only the domain: accounts are looked up by address,
and two accounts differing only in the case of the local part would be one mailbox in
practice everywhere this service is used.
"""

from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email

from review_service.domain import limits

FORMAT_MESSAGE = "Enter an e-mail address in the correct format, like name@example.com"
ONE_ADDRESS_MESSAGE = "Enter one e-mail address only"
NO_NAME_MESSAGE = "Enter the e-mail address only, without a name, like name@example.com"
TOO_LONG_MESSAGE = limits.too_long(limits.EMAIL, "E-mail address")


class InvalidEmailAddress(ValueError):
    """The text is not one acceptable e-mail address; ``message`` says what to fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _has_control_character(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text)


def normalise_email_address(raw: str) -> str:
    """The address as stored, or InvalidEmailAddress. Empty text is the caller's to word
    ("Enter your e-mail address"), so it is refused here with the format message."""
    text = raw.strip()
    if _has_control_character(text):
        # CR, LF, tab, NUL, zero-width characters...: never part of an address we accept.
        raise InvalidEmailAddress(FORMAT_MESSAGE)
    if "," in text or ";" in text or text.count("@") > 1:
        raise InvalidEmailAddress(ONE_ADDRESS_MESSAGE)
    if "<" in text or ">" in text:
        raise InvalidEmailAddress(NO_NAME_MESSAGE)
    if len(text) > limits.EMAIL:
        raise InvalidEmailAddress(TOO_LONG_MESSAGE)
    try:
        checked = validate_email(
            text,
            check_deliverability=False,  # no DNS, no network
            allow_smtputf8=False,
            allow_quoted_local=False,
            allow_domain_literal=False,
            allow_display_name=False,
        )
    except EmailNotValidError:
        raise InvalidEmailAddress(FORMAT_MESSAGE) from None
    address = (checked.ascii_email or checked.normalized).lower()
    if len(address) > limits.EMAIL:
        raise InvalidEmailAddress(TOO_LONG_MESSAGE)
    return address


def email_address_errors(
    raw: str, field: str = "email", *, missing: str = "Enter your e-mail address"
) -> tuple[str, dict[str, str]]:
    """(normalised address, {}) or (the text as given, {field: message})."""
    if not raw.strip():
        return raw, {field: missing}
    try:
        return normalise_email_address(raw), {}
    except InvalidEmailAddress as error:
        return raw, {field: error.message}


def lookup_form(raw: str) -> str | None:
    """The stored form of an address typed to find an account, or None if it cannot be one
    (used where a bad address must not reveal anything, e.g. a rate-limit key)."""
    try:
        return normalise_email_address(raw)
    except InvalidEmailAddress:
        return None
