"""How long each piece of free text may be: one source for every layer (issue 14).

The database columns (``String(limits.X)``), the forms (``web.fields.max_length``), the
services' own checks and the API (the command types' ``Annotated[str, MaxLen(limits.X)]``
fields, from which ``api/bodies.py`` builds each request body's schema and its ``maxLength``)
all read these numbers, and every "… must be N characters or fewer" message is built by
``too_long``.
"""

from __future__ import annotations

import re

# References
REGULATOR_REFERENCE = 60  # an ICO / SIC case or decision-notice reference; a tribunal's
REQUEST_REFERENCE = 100  # the authority's reference for a request
PROVISION = 40  # "s.24(2)", "reg 12(5)(b)"

# People and authorities
NAME = 200  # a person's or an authority's name; a signatory's title
TOKEN_NAME = 100  # an API token's name
EMAIL = 254  # RFC 5321 path limit, less the angle brackets
TELEPHONE = 40
POSTAL_ADDRESS = 1_000
LETTER_FOOTER = 500
PASSWORD = 256

# What a complaint and its review say
REQUEST_TEXT = 20_000  # the original request
RESPONSE_TEXT = 200_000  # the authority's response (refusal notice), pasted
GROUND_TEXT = 5_000  # a ground's words, a reason, a correction's note
NOTES = 20_000  # a decision's released information, letter summary, internal notes
STEPS_REQUIRED = 20_000  # the steps a decision notice orders
PACK_ANSWER = 2_000  # the ICO's form allows about 2,000 characters per answer

# Documents, search, the calendar
DOCUMENT_TITLE = 200
FILENAME = 200
REMOVAL_REASON = 2_000  # why a document is removed or replaced
SEARCH = 200
HOLIDAY_NOTE = 200  # why a day of the calendar is changed

# How many, and how long a period
ITEMS = 50  # grounds, provisions or findings in one request
PERIOD_DAYS = 365  # a review window (working days) or a compliance period (days)


def too_long(limit: int, subject: str = "") -> str:
    """The message for text over ``limit``: "Reference must be 60 characters or fewer", or
    without a subject "Must be 5,000 characters or fewer"."""
    prefix = f"{subject} must" if subject else "Must"
    return f"{prefix} be {limit:,} characters or fewer"


# Characters that change how text around them is shown or read without being letters: C0 and
# C1 controls (ESC, the vertical tab, NEL...) and the bidirectional embeddings, overrides and
# isolates. Joiners (ZWJ, ZWNJ) stay: names in several scripts need them.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """Text that is one line wherever it goes (a reference in an e-mail's subject or body, a
    letter's heading): each run of white space, line and paragraph separators included, one
    space; control and bidirectional-override characters gone."""
    return _INVISIBLE.sub("", " ".join(text.split()))


def required_text(
    errors: dict[str, str], field: str, text: str, limit: int, *, missing: str, subject: str
) -> str:
    """``text`` with each run of white space made one space; if it is then empty, ``missing``
    under ``field`` in ``errors``, or if it is longer than ``limit``, the ``too_long`` message."""
    text = " ".join(text.split())
    if not text:
        errors[field] = missing
    elif len(text) > limit:
        errors[field] = too_long(limit, subject)
    return text
