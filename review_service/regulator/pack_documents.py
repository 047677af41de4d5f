"""What the case holds for the regulator: its documents and letters as they go into a pack
(``held_documents``), the ICO's (or SIC's) document checklist ticked from them
(``document_checklist``) and the files too large for the regulator's upload form
(``large_files``). Reads the database and returns plain values."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, has_app_context
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from review_service.cases.models import Case
from review_service.cases.notifications import complaint_pdf
from review_service.documents.models import Document
from review_service.documents.services import current_documents, stored_path
from review_service.domain.kinds import DocumentKind, LetterKind
from review_service.domain.lifecycle import OVERDUE_REFERRAL_STATES, CaseStatus
from review_service.domain.regimes import rules_for
from review_service.domain.regulators import Regulator, regulator_for
from review_service.letters.models import Letter
from review_service.letters.services import letter_filename
from review_service.regulator.chronology import (
    review_name,
)
from review_service.regulator.pack_pdf import (
    AS_THEY_ARE,
    ICO_UPLOAD_LIMIT,
    PDF,
    TEXT,
    NotIncluded,
    PackDocument,
    human_size,
    open_pdf,
    unusable_reason,
)

# The media types a document may have to go into the pack (Word and pictures are read when
# the pack is made: one that no longer reads is left out there, and named).
PACKABLE = (*AS_THEY_ARE, TEXT)

# Document kinds (documents.models.Document.kind) that answer the regulator's checklist.
REQUEST = DocumentKind.REQUEST
RESPONSE = DocumentKind.RESPONSE
REVIEW_REQUEST = DocumentKind.REVIEW_REQUEST
REVIEW_OUTCOME = DocumentKind.REVIEW_OUTCOME
CORRESPONDENCE = DocumentKind.CORRESPONDENCE
CONSENT = DocumentKind.CONSENT
CHECKLIST_KINDS = tuple(DocumentKind)


def plain_name(regulator: Regulator) -> str:
    """The short name requesters read: "ICO" is widely known, "SIC" is not."""
    return regulator.plain_name


# ---------------------------------------------------------------------------------------------
# What the case holds


@dataclass(frozen=True)
class HeldDocument:
    """One document the case holds, as it would go into the pack."""

    kind: str  # one of CHECKLIST_KINDS
    title: str
    filename: str
    day: dt.date | None
    media_type: str
    content: bytes | None  # None when the stored file cannot be read
    exact: bool  # an unedited copy (upload or issued letter), not text typed into the service
    problem: str = ""  # why it cannot go into the pack
    # A PDF as opened to check it, reused by the bundle.
    opened: PdfReader | None = field(default=None, compare=False, repr=False)

    def not_included(self) -> NotIncluded | None:
        return NotIncluded(self.title, self.filename, self.problem) if self.problem else None

    def as_pack_document(self) -> PackDocument | None:
        if self.content is None or self.problem:
            return None
        return PackDocument(
            title=self.title,
            filename=self.filename,
            day=self.day,
            content=self.content,
            media_type=self.media_type,
            opened=self.opened,
        )


DocumentReader = Callable[[Document], bytes | None]


def stored_document_reader(upload_dir: Path) -> DocumentReader:
    """Read an upload where documents.services stored it, checking the bytes against the hash:
    a missing or altered file reads as None."""

    def read(document: Document) -> bytes | None:
        try:
            content = stored_path(upload_dir, document.sha256).read_bytes()
        except (OSError, ValueError):
            return None
        if hashlib.sha256(content).hexdigest() != document.sha256:
            return None
        return content

    return read


def _default_reader() -> DocumentReader:
    if not has_app_context():
        return lambda _document: None
    return stored_document_reader(Path(current_app.config["UPLOAD_DIR"]))


def held_documents(
    session: Session,
    case: Case,
    *,
    read_document: DocumentReader | None = None,
    render: bool = True,
    documents: list[Document] | None = None,
    letters: dict[str, Letter] | None = None,
) -> list[HeldDocument]:
    """The documents for the regulator, in the order its checklist asks for them.

    With ``render=False`` the complaint as filed is listed without being rendered (its content
    is empty): enough for the checklist. ``documents`` (``case_documents``) and ``letters``
    (``latest_letters``) are the case's, when the caller has already read them.
    """
    read = read_document or _default_reader()
    request = case.information_request
    notice = case.refusal_notice
    review = review_name(case.regime)
    request_for = rules_for(case.regime).request_for_review
    uploads: dict[str, list[HeldDocument]] = {kind: [] for kind in CHECKLIST_KINDS}
    for document in case_documents(session, case) if documents is None else documents:
        kind = document.kind if document.kind in uploads else CORRESPONDENCE
        content = read(document)
        media_type = document.media_type.split(";")[0].strip().lower()
        problem = ""
        opened = None
        if content is None:
            problem = "the stored file could not be read; upload it again"
        elif media_type not in PACKABLE:
            problem = "only PDF, Word, picture and plain-text files can go into the pack"
        elif media_type == PDF:
            # Opened as the bundle will open it (a file kept before uploads were read, or
            # one that opens no more): left out of the pack and named there, with the reason;
            # the bundle reuses the opened file.
            opened, problem = open_pdf(
                PackDocument(document.title, document.filename, None, content, PDF)
            )
        elif media_type != TEXT:
            # A Word document or picture read again, as its upload was.
            problem = unusable_reason(
                PackDocument(document.title, document.filename, None, content, media_type)
            )
        uploads[kind].append(
            HeldDocument(
                kind=kind,
                title=document.title,
                filename=document.filename,
                day=document.dated,
                media_type=document.media_type,
                content=content,
                exact=True,
                problem=problem,
                opened=opened,
            )
        )

    held: list[HeldDocument] = []
    # The request: an uploaded copy, or at least the wording typed in when filing.
    held += uploads[REQUEST]
    if not _usable(uploads[REQUEST]) and request.text:
        held.append(
            _typed(
                REQUEST,
                "Request for information (wording as entered)",
                request.text,
                request.sent_on,
                f"{case.reference}-request.txt",
            )  # fmt: skip
        )
    # The response: an uploaded copy, or the text pasted when filing.
    held += uploads[RESPONSE]
    if not _usable(uploads[RESPONSE]) and notice.text and not notice.no_response:
        held.append(
            _typed(
                RESPONSE,
                "Response (text as pasted)",
                notice.text,
                notice.issued_on,
                f"{case.reference}-response.txt",
            )  # fmt: skip
        )
    # The request for review: any uploaded copy, and always the complaint as filed here.
    held += uploads[REVIEW_REQUEST]
    held.append(
        HeldDocument(
            kind=REVIEW_REQUEST,
            title=f"{request_for.capitalize()} (complaint {case.reference} as filed)",
            filename=f"{case.reference}-complaint.pdf",
            day=case.received_on,
            media_type=PDF,
            # The requester's own document: on no authority's letterhead (issue 12 item 10).
            content=complaint_pdf(case) if render else b"",
            exact=True,
        )
    )
    # The review outcome: the letter issued here (latest version), or an uploaded copy.
    letters = dict(latest_letters(session, case) if letters is None else letters)
    outcome = letters.pop(LetterKind.OUTCOME, None)
    if outcome is not None:
        held.append(_letter(case, outcome, REVIEW_OUTCOME, f"{review.capitalize()} outcome"))
    held += uploads[REVIEW_OUTCOME]
    # Follow-up correspondence: the other letters issued here and uploaded correspondence.
    follow_up = [_letter(case, letter, CORRESPONDENCE, letter.title) for letter in letters.values()]
    follow_up += uploads[CORRESPONDENCE]
    held += sorted(follow_up, key=lambda d: d.day or dt.date.min)
    held += uploads[CONSENT]
    return held


def not_included_documents(held: list[HeldDocument]) -> tuple[NotIncluded, ...]:
    return tuple(item for item in (d.not_included() for d in held) if item is not None)


def _usable(documents: list[HeldDocument]) -> bool:
    return any(not d.problem for d in documents)


def _typed(kind: str, title: str, text: str, day: dt.date | None, filename: str) -> HeldDocument:
    return HeldDocument(
        kind=kind,
        title=title,
        filename=filename,
        day=day,
        media_type=f"{TEXT}; charset=utf-8",
        content=text.encode("utf-8"),
        exact=False,
    )


def case_documents(session: Session, case: Case) -> list[Document]:
    """The case's current documents, in the order they were added."""
    return list(session.scalars(current_documents(case.id).order_by(Document.id)))


def latest_letters(session: Session, case: Case) -> dict[str, Letter]:
    latest: dict[str, Letter] = {}
    for letter in session.scalars(
        select(Letter).where(Letter.case_id == case.id).order_by(Letter.version, Letter.id)
    ):
        latest[letter.kind] = letter
    return latest


def _letter(case: Case, letter: Letter, kind: str, title: str) -> HeldDocument:
    return HeldDocument(
        kind=kind,
        title=title,
        filename=letter_filename(case, letter),
        day=letter.letter_date,
        media_type=PDF,
        content=letter.pdf,
        exact=True,
    )


# ---------------------------------------------------------------------------------------------
# The checklist


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    required: bool
    present: bool
    held: tuple[str, ...]  # titles of what the case holds for this item
    advice: str  # what to do when it is missing, or why it is not needed

    @property
    def missing(self) -> bool:
        return self.required and not self.present


def document_checklist(
    session: Session,
    case: Case,
    *,
    held: list[HeldDocument] | None = None,
    read_document: DocumentReader | None = None,
) -> list[ChecklistItem]:
    """What the regulator asks for (DOMAIN.md), ticked from what the case holds."""
    if held is None:
        held = held_documents(session, case, read_document=read_document, render=False)
    regulator = regulator_for(case.regime)
    review = review_name(case.regime)
    request_for = rules_for(case.regime).request_for_review
    by_kind: dict[str, list[HeldDocument]] = {kind: [] for kind in CHECKLIST_KINDS}
    for document in held:
        by_kind[document.kind].append(document)

    def usable(kind: str, *, exact: bool = True) -> list[HeldDocument]:
        return [d for d in by_kind[kind] if not d.problem and (d.exact or not exact)]

    def titles(kind: str) -> tuple[str, ...]:
        return tuple(
            d.title + (f" (not usable: {d.problem})" if d.problem else "") for d in by_kind[kind]
        )

    def copy_needed(
        kind: str, label: str, add: str, only_typed: str, then: str = ""
    ) -> ChecklistItem:
        """A document the regulator needs a copy of: if the case has none, what to add (and
        that the words typed into the service are not a copy)."""
        present = bool(usable(kind))
        typed = only_typed if usable(kind, exact=False) else ""
        advice = "" if present else " ".join(part for part in (add, typed, then) if part)
        return ChecklistItem(kind, label, True, present, titles(kind), advice)

    items = [
        copy_needed(
            REQUEST,
            "Your request for information",
            "Add a copy of the request you sent (the e-mail or letter, with its date).",
            "We only have the wording you typed in.",
            f"The {plain_name(regulator)} asks for unedited copies.",
        )
    ]
    # The response.
    notice = case.refusal_notice
    if notice.no_response:
        items.append(
            ChecklistItem(
                RESPONSE,
                "The authority's response",
                False,
                False,
                titles(RESPONSE),
                "Not needed: you told us the authority did not respond.",
            )  # fmt: skip
        )
    else:
        items.append(
            copy_needed(
                RESPONSE,
                "The authority's response",
                "Add a copy of the authority's response, with its date.",
                "We only have the text you pasted in.",
            )
        )
    # The request for review: the complaint as filed always counts.
    items.append(
        ChecklistItem(
            REVIEW_REQUEST,
            f"Your {request_for}",
            True,
            bool(usable(REVIEW_REQUEST)),
            titles(REVIEW_REQUEST),
            "",
        )  # fmt: skip
    )
    # The review outcome.
    status = CaseStatus(case.status)
    decided = case.decided_on is not None
    present = bool(usable(REVIEW_OUTCOME))
    if decided or present:
        advice = "" if present else f"Add a copy of the {review} outcome letter."
        items.append(
            ChecklistItem(
                REVIEW_OUTCOME,
                f"The {review} outcome",
                True,
                present,
                titles(REVIEW_OUTCOME),
                advice,
            )  # fmt: skip
        )
    else:
        why = (
            f"Not needed: the authority has not sent its {review} outcome; say so in your "
            "complaint."
            if status in OVERDUE_REFERRAL_STATES or status is CaseStatus.REFERRED
            else f"Not needed: there is no {review} outcome."
        )
        items.append(ChecklistItem(REVIEW_OUTCOME, f"The {review} outcome", False, False, (), why))
    # Follow-up correspondence: only if there is some.
    present = bool(usable(CORRESPONDENCE))
    items.append(
        ChecklistItem(
            CORRESPONDENCE,
            "Any other letters or e-mails about the request",
            False,
            present,
            titles(CORRESPONDENCE),
            "" if present else "If you have other letters or e-mails about the request, add them.",
        )
    )
    # Consent, when complaining for someone else.
    if case.acting_for_someone_else:
        present = bool(usable(CONSENT))
        items.append(
            ChecklistItem(
                CONSENT,
                "Consent from the person you are acting for",
                True,
                present,
                titles(CONSENT),
                ""
                if present
                else (
                    "Add a signed note from the person you are complaining for, saying you may "
                    f"act for them. The {plain_name(regulator)} will not start without it."
                ),
            )
        )
    return items


def large_files(held: list[HeldDocument], regulator: Regulator) -> list[str]:
    """Documents over the regulator's 1.5 MB limit per file (PDFs go into the ZIP as they are).

    Only uploads and issued letters can be that large; what the service typesets is small.
    """
    return [
        f"{document.title} is {human_size(len(document.content))}, over the "
        f"{human_size(ICO_UPLOAD_LIMIT)} the {plain_name(regulator)} accepts for each file: "
        "compress or split it before uploading."
        for document in held
        if document.content is not None and len(document.content) > ICO_UPLOAD_LIMIT
    ]
