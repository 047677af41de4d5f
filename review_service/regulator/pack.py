"""Turn a case into what the regulator asks for, with no retyping.

- ``document_checklist``: the documents the ICO (or SIC) asks a complainant for, each ticked from
  what the case holds, with what is missing called out.
- ``pack_answers``: the two answers the ICO's form asks for, drafted from the grounds, the
  provisions and the dates (each within the form's 2,000 characters): only ever offered to the
  requester as a suggestion (``suggestions``); ``current_answers`` is what they gave.
- ``build_complaint_pack``: the requester's complaint (ICO, FOIA s.50 / EIR reg 18) or
  application (SIC, FOISA s.47) as a ``Pack`` for ``pack_pdf.render_pack`` / ``pack_zip``.
- ``build_authority_submission``: the authority's submission once the regulator investigates.

Everything here reads the database and returns plain values; rendering is ``pack_pdf``'s job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from review_service import clock
from review_service.cases.models import Case, CitedProvision
from review_service.cases.notifications import complaint_pdf
from review_service.documents.models import Document
from review_service.documents.services import current_documents, stored_path
from review_service.domain import limits
from review_service.domain.calendar import Regime
from review_service.domain.exemptions import ProvisionKind
from review_service.domain.kinds import DocumentKind, LetterKind
from review_service.domain.lifecycle import OVERDUE_REFERRAL_STATES, CaseStatus
from review_service.domain.regimes import rules_for
from review_service.domain.regulators import Regulator, regulator_for
from review_service.domain.review import GroundKind, ProvisionOutcome, ReliedOn, ReviewOutcome
from review_service.letters.models import Letter
from review_service.letters.render import Paragraphs, format_date, render_document
from review_service.letters.services import letter_filename
from review_service.regulator.chronology import (
    RESPONSE_WORKING_DAYS,
    build_chronology,
    case_calendar,
    response_rule,
    review_limit,
    review_name,
    working_days,
)
from review_service.regulator.models import RegulatorReferral
from review_service.regulator.pack_pdf import (
    AS_THEY_ARE,
    ICO_UPLOAD_LIMIT,
    PDF,
    TEXT,
    NotIncluded,
    Pack,
    PackDocument,
    human_size,
    unusable_reason,
)
from review_service.regulator.queries import referral_for
from review_service.regulator.services import eligibility
from review_service.reviews.models import ProvisionFinding, ReviewDecision
from review_service.reviews.services import decision_for, relied_on

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


CHALLENGE_QUESTION = "What part of the response do you challenge, and why?"
CONDUCT_QUESTION = "Why do you believe the authority has not acted properly?"


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
) -> list[HeldDocument]:
    """The documents for the regulator, in the order its checklist asks for them.

    With ``render=False`` the complaint as filed is listed without being rendered (its content
    is empty): enough for the checklist.
    """
    read = read_document or _default_reader()
    request = case.information_request
    notice = case.refusal_notice
    review = review_name(case.regime)
    uploads: dict[str, list[HeldDocument]] = {kind: [] for kind in CHECKLIST_KINDS}
    for document in session.scalars(current_documents(case.id).order_by(Document.id)):
        kind = document.kind if document.kind in uploads else CORRESPONDENCE
        content = read(document)
        media_type = document.media_type.split(";")[0].strip().lower()
        problem = ""
        if content is None:
            problem = "the stored file could not be read; upload it again"
        elif media_type not in PACKABLE:
            problem = "only PDF, Word, picture and plain-text files can go into the pack"
        elif media_type != TEXT:
            # A PDF, Word document or picture read again (a file kept before uploads were
            # read, or one that opens no more): left out of the pack and named, with the reason.
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
            title=f"Request for {review} (complaint {case.reference} as filed)",
            filename=f"{case.reference}-complaint.pdf",
            day=case.received_on,
            media_type=PDF,
            # The requester's own document: on no authority's letterhead (issue 12 item 10).
            content=complaint_pdf(case) if render else b"",
            exact=True,
        )
    )
    # The review outcome: the letter issued here (latest version), or an uploaded copy.
    letters = _latest_letters(session, case)
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


def _not_included(held: list[HeldDocument]) -> tuple[NotIncluded, ...]:
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


def _latest_letters(session: Session, case: Case) -> dict[str, Letter]:
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
    by_kind: dict[str, list[HeldDocument]] = {kind: [] for kind in CHECKLIST_KINDS}
    for document in held:
        by_kind[document.kind].append(document)

    def usable(kind: str, *, exact: bool = True) -> list[HeldDocument]:
        return [d for d in by_kind[kind] if not d.problem and (d.exact or not exact)]

    def titles(kind: str) -> tuple[str, ...]:
        return tuple(
            d.title + (f" (not usable: {d.problem})" if d.problem else "") for d in by_kind[kind]
        )

    items = []
    # The request.
    present = bool(usable(REQUEST))
    advice = ""
    if not present:
        advice = (
            "Add a copy of the request you sent (the e-mail or letter, with its date). "
            + ("We only have the wording you typed in. " if usable(REQUEST, exact=False) else "")
            + f"The {plain_name(regulator)} asks for unedited copies."
        )
    items.append(
        ChecklistItem(
            REQUEST, "Your request for information", True, present, titles(REQUEST), advice
        )  # fmt: skip
    )
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
        present = bool(usable(RESPONSE))
        advice = ""
        if not present:
            advice = (
                "Add a copy of the authority's response, with its date. "
                + ("We only have the text you pasted in. " if usable(RESPONSE, exact=False) else "")
            ).strip()
        items.append(
            ChecklistItem(
                RESPONSE, "The authority's response", True, present, titles(RESPONSE), advice
            )  # fmt: skip
        )
    # The request for review: the complaint as filed always counts.
    items.append(
        ChecklistItem(
            REVIEW_REQUEST,
            f"Your request for {review}",
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


# ---------------------------------------------------------------------------------------------
# The regulator's two questions


@dataclass(frozen=True)
class PackAnswers:
    challenge_text: str  # what part of the response you challenge, and why
    conduct_text: str  # why the authority has not acted properly


ANSWER_FIELDS = ("challenge_text", "conduct_text")


def fit(text: str, limit: int = limits.PACK_ANSWER) -> str:
    """Cut ``text`` to ``limit`` characters at a word boundary, marking the cut with '…'."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def _provision_label(relied: ReliedOn) -> str:
    details = [relied.title]
    if relied.ncnd:
        details.append("neither confirm nor deny")
    if relied.kind is ProvisionKind.REFUSAL_GROUND:
        details.append("a ground for refusal, not an exemption")
    else:
        details.append("absolute" if relied.absolute else "the public-interest test applies")
    return f"{relied.provision} ({'; '.join(details)})"


def _described(case: Case, cited: CitedProvision, finding: ProvisionFinding | None) -> ReliedOn:
    """The provision relied on after the review (a replacement, not the one it replaced), or
    the one first cited when it was withdrawn, so it can still be described."""
    return relied_on(case, cited, finding) or cast(ReliedOn, relied_on(case, cited, None))


def _findings(decision: ReviewDecision | None) -> dict[int, tuple[str, str]]:
    if decision is None:
        return {}
    return {
        f.cited_provision_id: (f.finding, f.replacement_provision)
        for f in decision.provision_findings
    }


def disputed_provisions(case: Case, decision: ReviewDecision | None) -> list[str]:
    """The provisions still relied on after any review (a withdrawn one is no longer disputed)."""
    findings = _findings(decision)
    disputed = []
    for cited in case.refusal_notice.provisions:
        finding, replacement = findings.get(cited.id, (ProvisionOutcome.MAINTAINED.value, ""))
        ncnd = " (neither confirm nor deny)" if cited.ncnd else ""
        if finding == ProvisionOutcome.WITHDRAWN:
            continue
        if finding == ProvisionOutcome.REPLACED and replacement:
            disputed.append(f"{replacement} (in place of {cited.provision})")
        else:
            disputed.append(cited.provision + ncnd)
    return disputed


def pack_answers(
    case: Case, *, decision: ReviewDecision | None = None, today: dt.date | None = None
) -> PackAnswers:
    """The two answers the regulator's form asks for, pre-filled from what the case holds."""
    today = today or clock.today()
    session = object_session(case)
    if session is None:
        raise ValueError("The pack answers are built from a case held by a session.")
    if decision is None:
        decision = decision_for(session, case)
    calendar = case_calendar(session, case)
    regime = Regime(case.regime)
    review = review_name(regime)
    request = case.information_request
    notice = case.refusal_notice
    authority = case.authority.name

    findings = _findings(decision)
    decisions = {f.cited_provision_id: f for f in decision.provision_findings} if decision else {}

    def finding_for(cited: CitedProvision) -> str:
        return findings.get(cited.id, ("", ""))[0]

    # What is challenged, and why.
    reference = (
        f" (their reference {request.authority_reference})" if request.authority_reference else ""
    )
    sent = f" on {format_date(request.sent_on)}" if request.sent_on else ""
    challenge: list[str] = [f"I asked {authority} for information{sent}{reference}."]
    if notice.no_response:
        challenge.append("The authority did not respond to my request.")
    elif notice.provisions:
        cited_list = ", ".join(
            _provision_label(_described(case, p, None)) for p in notice.provisions
        )
        dated = f" dated {format_date(notice.issued_on)}" if notice.issued_on else ""
        challenge.append(f"Its response{dated} relied on {cited_list}.")
    if case.outcome and case.decided_on:
        outcome = ReviewOutcome(case.outcome).label.lower()
        line = f"Its {review} of {format_date(case.decided_on)}: {outcome}."
        withdrawn = [p.provision for p in notice.provisions if finding_for(p) == "withdrawn"]
        if withdrawn:
            line += f" It no longer relies on {', '.join(withdrawn)}."
        for cited in notice.provisions:
            replacement = findings.get(cited.id, ("", ""))[1]
            if finding_for(cited) == "replaced" and replacement:
                line += f" It now relies on {replacement} instead of {cited.provision}."
        challenge.append(line)
    points: list[str] = []
    challenged: set[int] = set()
    for ground in case.grounds:
        kind = GroundKind(ground.kind)
        words = ground.requester_text.strip()
        if kind is GroundKind.PROVISION and ground.cited_provision is not None:
            cited = ground.cited_provision
            challenged.add(cited.id)
            relied = relied_on(case, cited, decisions.get(cited.id))
            if relied is None:
                continue  # withdrawn at review
            because = words or "I do not accept that it applies."
            extra = (
                " Even if it is engaged, the public interest favours disclosure."
                if relied.public_interest_test and "public interest" not in because.lower()
                else ""
            )
            points.append(f"- {_provision_label(relied)}: {because}{extra}")
        elif kind is GroundKind.MORE_INFORMATION_HELD:
            points.append(
                "- I believe the authority holds more information than it found"
                + (f": {words}" if words else ".")
            )
        elif kind is GroundKind.OTHER and words:
            points.append(f"- {words}")
    unchallenged = [
        p.provision
        for p in notice.provisions
        if p.id not in challenged and finding_for(p) != ProvisionOutcome.WITHDRAWN
    ]
    if points:
        challenge.append("I challenge:")
        challenge += points
    if unchallenged and not points:
        challenge.append(f"I challenge its reliance on {', '.join(unchallenged)}.")
    presumption = rules_for(regime).disclosure_presumption  # EIR reg 12(2), 12(1)(b)
    if presumption and (points or unchallenged):
        challenge.append(presumption)

    # Why the authority has not acted properly.
    conduct: list[str] = []
    rule = response_rule(regime)
    if notice.no_response and request.sent_on:
        due = calendar.add_working_days(request.sent_on, RESPONSE_WORKING_DAYS)
        conduct.append(
            f"It did not respond to my request of {format_date(request.sent_on)}. {rule} "
            f"required a response within {working_days(RESPONSE_WORKING_DAYS)}, by "
            f"{format_date(due)}."
        )
    elif notice.issued_on and request.sent_on:
        count = calendar.working_days_between(request.sent_on, notice.issued_on)
        if count > RESPONSE_WORKING_DAYS:
            conduct.append(
                f"It responded {working_days(count)} after my request, beyond the "
                f"{working_days(RESPONSE_WORKING_DAYS)} {rule} allows."
            )
    limit, limit_rule = review_limit(case)
    if case.decided_on is not None:
        count = calendar.working_days_between(case.received_on, case.decided_on)
        if count > limit:
            conduct.append(
                f"It took {working_days(count)} to complete the {review} I asked for on "
                f"{format_date(case.received_on)}, beyond the {working_days(limit)} "
                f"{limit_rule}."
            )
    elif today > case.review_due_on:
        count = calendar.working_days_between(case.received_on, today)
        conduct.append(
            f"It has not completed the {review} I asked for on {format_date(case.received_on)}: "
            f"{working_days(count)} have passed, beyond the {working_days(limit)} {limit_rule}."
        )
    rules = _procedural_rules(regime)
    for ground in case.grounds:
        kind = GroundKind(ground.kind)
        words = ground.requester_text.strip()
        if kind is GroundKind.LATE_RESPONSE:
            conduct.append("The response was late" + (f": {words}" if words else "."))
        elif kind is GroundKind.INADEQUATE_NOTICE:
            conduct.append(
                f"The refusal notice did not explain itself as {rules['notice']} requires"
                + (f": {words}" if words else ".")
            )
        elif kind is GroundKind.NO_ADVICE_AND_ASSISTANCE:
            conduct.append(
                f"It offered no advice and assistance ({rules['advice']})"
                + (f": {words}" if words else ".")
            )
    if not conduct:
        conduct.append(
            "It was wrong to withhold the information, for the reasons given in my answer "
            "about what I challenge."
        )
    return PackAnswers(
        challenge_text=fit("\n".join(challenge)), conduct_text=fit("\n".join(conduct))
    )


def _procedural_rules(regime: Regime) -> dict[str, str]:
    rules = rules_for(regime)
    return {"notice": rules.notice_rule, "advice": rules.advice_rule}


def current_answers(session: Session, case: Case) -> PackAnswers:
    """The requester's answers as last saved (with the referral, or by the last edit); empty
    when they have given none. Never the drafted suggestion (``pack_answers``): nothing goes
    into their answers, their letter or the pack without their action (issue 12 item 11)."""
    referral = referral_for(session, case)
    if referral is not None and (referral.challenge_text or referral.conduct_text):
        return PackAnswers(referral.challenge_text, referral.conduct_text)
    return PackAnswers(case.regulator_challenge_text, case.regulator_conduct_text)


def suggestions(session: Session, case: Case, *, today: dt.date) -> dict[str, str]:
    """The drafted answer for each question (``challenge_text``, ``conduct_text``) that is not
    already the requester's answer: shown to them as a marked suggestion to use or ignore.
    None once they have told us they sent their complaint (the answers are then fixed)."""
    if referral_for(session, case) is not None:
        return {}
    saved = current_answers(session, case)
    drafted = pack_answers(case, today=today)
    return {
        name: text
        for name in ANSWER_FIELDS
        if (text := getattr(drafted, name)) and text != getattr(saved, name)
    }


# ---------------------------------------------------------------------------------------------
# The packs


def pack_title(regulator: Regulator, *, submission: bool = False) -> str:
    if submission:
        return f"Submission to the {regulator.commissioner}"
    # The ICO takes complaints (FOIA s.50); the SIC decides applications (FOISA s.47).
    return f"{regulator.complaint_word.capitalize()} to the {regulator.commissioner}"


def _common_cover(case: Case, decision: ReviewDecision | None) -> list[tuple[str, str]]:
    request = case.information_request
    notice = case.refusal_notice
    review = review_name(case.regime)
    rows = [
        ("Law", Regime(case.regime).label),
        ("Authority's reference", request.authority_reference or "not given"),
        ("Request sent", format_date(request.sent_on) if request.sent_on else "not known"),
        (
            "Response",
            "none received"
            if notice.no_response
            else (format_date(notice.issued_on) if notice.issued_on else "not known"),
        ),
        (f"Request for {review}", format_date(case.received_on)),
    ]
    if case.outcome and case.decided_on:
        rows.append(
            (
                f"{review.capitalize()} outcome",
                f"{ReviewOutcome(case.outcome).label} ({format_date(case.decided_on)})",
            )
        )
    else:
        rows.append((f"{review.capitalize()} outcome", "none received"))
    rows.append(("Provisions disputed", ", ".join(disputed_provisions(case, decision)) or "none"))
    return rows


def build_complaint_pack(
    session: Session,
    case: Case,
    *,
    today: dt.date,
    answers: PackAnswers | None = None,
    read_document: DocumentReader | None = None,
) -> Pack:
    """The requester's complaint to the ICO, or application to the SIC, for one case."""
    regulator = regulator_for(case.regime)
    decision = decision_for(session, case)
    answers = answers or current_answers(session, case)
    held = held_documents(session, case, read_document=read_document)
    documents = [d.as_pack_document() for d in held]
    enclosed = [d for d in documents if d is not None]
    checklist = document_checklist(session, case, held=held)
    check = eligibility(session, case, today=today)
    referral = referral_for(session, case)
    requester = case.requester

    cover = _common_cover(case, decision)
    if case.previous_regulator_reference:
        cover.append(
            (f"Earlier {plain_name(regulator)} reference", case.previous_regulator_reference)
        )
    if check.window is not None:
        cover.append(("Time limit", f"{format_date(check.window.due)} ({check.window.basis})"))
    if referral is not None:
        cover.append(("Sent on", format_date(referral.referred_on)))

    opening = regulator.opening_for(
        basis=rules_for(case.regime).regulator_basis,  # EIR: FOIA s.50 as applied by reg 18
        authority=case.authority.name,
    )
    sections = [
        Paragraphs("", (opening,)),
        Paragraphs(CHALLENGE_QUESTION, (answers.challenge_text or "(not answered)",)),
        Paragraphs(CONDUCT_QUESTION, (answers.conduct_text or "(not answered)",)),
    ]
    if case.previous_regulator_reference:
        sections.append(
            Paragraphs(
                f"Earlier {plain_name(regulator)} case",
                (f"My earlier case reference is {case.previous_regulator_reference}.",),
            )
        )
    if check.out_of_time:
        sections.append(Paragraphs("Timing", (check.message,)))
    listed = [
        f"{n}. {d.title}" + (f" ({format_date(d.day)})" if d.day else "")
        for n, d in enumerate(enclosed, start=1)
    ]
    missing = [f"Not enclosed: {item.label.lower()}. {item.advice}" for item in checklist
               if item.missing]  # fmt: skip
    missing += [f"Not enclosed: {item.sentence()}" for item in _not_included(held)]
    sections.append(Paragraphs("Documents enclosed", tuple(listed + missing) or ("None.",)))
    sections.append(Paragraphs("", ("Yours faithfully", requester.name, requester.email)))
    return Pack(
        title=pack_title(regulator),
        regulator_name=regulator.name,
        regulator_address_lines=regulator.address_lines[1:],
        case_reference=case.reference,
        authority_name=case.authority.name,
        requester_name=requester.name,
        prepared_on=today,
        cover_lines=tuple(cover),
        chronology=build_chronology(session, case, today=today),
        letter_sections=tuple(sections),
        letter_heading=regulator.letter_heading,
        documents=tuple(enclosed),
        not_included=_not_included(held),
    )


def withheld_schedule(case: Case, decision: ReviewDecision | None) -> tuple[tuple[str, ...], ...]:
    """The schedule of withheld information: one row per provision relied on."""
    findings = {f.cited_provision_id: f for f in decision.provision_findings} if decision else {}
    # The request is printed in full above the table, where it can run over pages, rather
    # than cut short in every row (issue 12 item 10).
    scope = "the information requested"
    if case.information_request.text.strip():
        scope += " (the request is set out in full above this table)"
    rows: list[tuple[str, ...]] = [
        ("No.", "Provision", "Type", "Information", "Position after review")
    ]
    for number, cited in enumerate(case.refusal_notice.provisions, start=1):
        finding = findings.get(cited.id)
        # The provision now relied on: a replacement is described as itself (issue 11 item 4).
        relied = _described(case, cited, finding)
        if finding is None:
            position = "Relied on (no review finding recorded)"
        else:
            position = ProvisionOutcome(finding.finding).label
            if relied.in_place_of:
                position += f" by {relied.provision}"
            if finding.finding == ProvisionOutcome.WITHDRAWN:
                position += ": no longer withheld under this provision"
        kind = relied.nature  # s.12 and s.14 are grounds for refusal, not exemptions
        if relied.ncnd:
            kind += "; neither confirm nor deny"
            information = "Whether information is held is neither confirmed nor denied: " + scope
        else:
            information = "Withheld: " + scope
        provision = f"{relied.provision} {relied.title}"
        if relied.in_place_of:
            provision += f" (in place of {cited.provision} {cited.title})"
        rows.append((str(number), provision, kind, information, position))
    return tuple(rows)


def build_authority_submission(
    session: Session,
    case: Case,
    *,
    today: dt.date,
    read_document: DocumentReader | None = None,
) -> Pack:
    """The authority's submission to the regulator: arguments per provision, the schedule of
    withheld information, the chronology and the documents."""
    regulator = regulator_for(case.regime)
    decision = decision_for(session, case)
    referral: RegulatorReferral | None = referral_for(session, case)
    review = review_name(case.regime)
    findings = {f.cited_provision_id: f for f in decision.provision_findings} if decision else {}
    ground_findings = {f.ground_id: f for f in decision.ground_findings} if decision else {}

    cover = [
        (f"{regulator.short_name} reference",
         referral.regulator_reference if referral and referral.regulator_reference
         else "not yet given"),
    ]  # fmt: skip
    if referral is not None:
        cover.append(("Complaint made", format_date(referral.referred_on)))
        if referral.investigation_letter_on:
            cover.append(("Investigation letter", format_date(referral.investigation_letter_on)))
        if referral.submission_due_on:
            cover.append(("Submission due", format_date(referral.submission_due_on)))
    cover += _common_cover(case, decision)

    intro = [
        f"This is the submission of {case.authority.name} about the complaint made by "
        f"{case.requester.name} about our response to their request for information"
        + (
            f" {case.information_request.authority_reference}"
            if case.information_request.authority_reference
            else ""
        )
        + "."
    ]
    if referral and referral.investigation_letter_on:
        letter = f"Your letter of {format_date(referral.investigation_letter_on)}"
        if referral.regulator_reference:
            letter += f" (reference {referral.regulator_reference})"
        if referral.submission_due_on:
            letter += f" asked for our submission by {format_date(referral.submission_due_on)}"
        intro.append(letter + ".")
    intro.append(
        "A chronology comes first; the schedule of withheld information and copies of the "
        "correspondence follow this submission."
    )
    sections = [Paragraphs("", tuple(intro))]

    for cited in case.refusal_notice.provisions:
        finding = findings.get(cited.id)
        # Argued as the provision now relied on: s.41(1) replaced by s.43(2) is argued as a
        # qualified exemption, with its public-interest balance (issue 11 item 4).
        relied = _described(case, cited, finding)
        paragraphs = []
        kind = relied.nature_sentence  # s.12 and s.14 are grounds for refusal, not exemptions
        if relied.ncnd:
            kind += " We neither confirm nor deny whether the information is held."
        paragraphs.append(kind)
        if finding is None:
            paragraphs.append(f"No {review} finding has been recorded for this provision.")
        else:
            position = ProvisionOutcome(finding.finding).label
            if relied.in_place_of:
                position += f"; we now rely on {relied.provision} instead of {cited.provision}"
            paragraphs.append(f"Position after the {review}: {position}.")
            if finding.reasons:
                paragraphs.append(f"Why the provision applies: {finding.reasons}")
            if relied.public_interest_test and finding.finding != ProvisionOutcome.WITHDRAWN:
                paragraphs.append(
                    "The public-interest balance: "
                    + (finding.public_interest_reasons or "not recorded.")
                )
        argued = [
            g.requester_text
            for g in case.grounds
            if g.cited_provision_id == cited.id and g.requester_text
        ]
        for text in argued:
            paragraphs.append(f"The requester's argument: {text}")
        heading = f"{relied.provision} {relied.title}"
        if relied.in_place_of:
            heading += f" (in place of {cited.provision} {cited.title})"
        sections.append(Paragraphs(heading, tuple(paragraphs)))

    others = []
    for ground in case.grounds:
        kind = GroundKind(ground.kind)
        if kind is GroundKind.PROVISION:
            continue
        line = f"{kind.label}: {ground.requester_text or '(no further detail)'}"
        ground_finding = ground_findings.get(ground.id)
        if ground_finding is not None:
            line += (
                f" Our {review} finding: {'upheld' if ground_finding.upheld else 'not upheld'}. "
                f"{ground_finding.reasons}"
            )
        others.append(line.strip())
    if others:
        sections.append(Paragraphs("The requester's other grounds", tuple(others)))
    if decision is not None and decision.released_information:
        sections.append(
            Paragraphs(f"Information released at {review}", (decision.released_information,))
        )

    schedule = render_document(
        "Schedule of withheld information",
        None,
        (
            Paragraphs(
                "",
                (
                    f"Case {case.reference}; request "
                    f"{case.information_request.authority_reference or 'without a reference'}.",
                    "The information itself is supplied to the Commissioner separately and is not "
                    "part of this bundle.",
                ),
            ),
            Paragraphs(
                "The request",
                (case.information_request.text.strip() or "(wording not given)",),
            ),
        ),
        table=withheld_schedule(case, decision),
    )
    documents = [
        PackDocument(
            title="Schedule of withheld information",
            filename=f"{case.reference}-withheld-schedule.pdf",
            day=today,
            content=schedule,
            media_type=PDF,
        )
    ]
    held = held_documents(session, case, read_document=read_document)
    documents += [d for d in (h.as_pack_document() for h in held) if d is not None]
    return Pack(
        title=pack_title(regulator, submission=True),
        regulator_name=regulator.name,
        regulator_address_lines=regulator.address_lines[1:],
        case_reference=case.reference,
        authority_name=case.authority.name,
        requester_name=case.requester.name,
        prepared_on=today,
        cover_lines=tuple(cover),
        chronology=build_chronology(session, case, today=today),
        letter_sections=tuple(sections),
        letter_heading="Submission",
        documents=tuple(documents),
        not_included=_not_included(held),
    )


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
