"""What kind of letter the service writes, and what kind of document a case holds (issue 14).

Both are stored as their values (``db.StrEnumType``), the same strings as before.
"""

from __future__ import annotations

import enum


class LetterKind(enum.StrEnum):
    """A letter the service writes (letters.models.Letter.kind)."""

    ACKNOWLEDGEMENT = "acknowledgement"
    EXTENSION = "extension"
    OUTCOME = "outcome"  # the review outcome; a correction is a later version of it


class DocumentKind(enum.StrEnum):
    """A document attached to a case (documents.models.Document.kind): the kinds the
    regulator's document checklist ticks."""

    REQUEST = "request"
    RESPONSE = "response"
    REVIEW_REQUEST = "review_request"
    REVIEW_OUTCOME = "review_outcome"
    CORRESPONDENCE = "correspondence"
    CONSENT = "consent"
