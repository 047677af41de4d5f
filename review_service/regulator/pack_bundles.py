"""The bundles for the regulator: the requester's complaint (ICO, FOIA s.50 / EIR reg 18) or
application (SIC, FOISA s.47) as a ``Pack`` (``build_complaint_pack``) and the authority's
submission once the regulator investigates (``build_authority_submission``), for
``pack_pdf.render_pack`` / ``pack_zip``. Reads the database and returns plain values;
rendering is ``pack_pdf``'s job."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from review_service.cases.clocks import clocks_for
from review_service.cases.models import Case, CitedProvision
from review_service.domain.calendar import Regime
from review_service.domain.regimes import rules_for
from review_service.domain.regulators import Regulator, regulator_for
from review_service.domain.review import GroundKind, ProvisionOutcome, ReliedOn, ReviewOutcome
from review_service.letters.render import Paragraphs, format_date, render_document
from review_service.regulator.chronology import (
    build_chronology,
    review_name,
)
from review_service.regulator.models import RegulatorReferral
from review_service.regulator.pack_answers import (
    CHALLENGE_QUESTION,
    CONDUCT_QUESTION,
    PackAnswers,
    described_provision,
    disputed_provisions,
    saved_answers,
)
from review_service.regulator.pack_documents import (
    DocumentReader,
    case_documents,
    document_checklist,
    held_documents,
    latest_letters,
    not_included_documents,
    plain_name,
)
from review_service.regulator.pack_pdf import (
    PDF,
    Pack,
    PackDocument,
)
from review_service.regulator.queries import referral_for
from review_service.regulator.services import eligibility
from review_service.reviews.models import ProvisionFinding, ReviewDecision
from review_service.reviews.services import decision_for

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
        (rules_for(case.regime).request_for_review.capitalize(), format_date(case.received_on)),
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
    referral = referral_for(session, case)  # read once: the answers, cover and chronology
    answers = answers or saved_answers(case, referral)
    stored, letters = case_documents(session, case), latest_letters(session, case)
    held = held_documents(
        session, case, read_document=read_document, documents=stored, letters=letters
    )
    documents = [d.as_pack_document() for d in held]
    enclosed = [d for d in documents if d is not None]
    checklist = document_checklist(session, case, held=held)
    clocks = clocks_for(session, case)  # its holiday overrides serve the chronology too
    check = eligibility(session, case, today=today, clocks=clocks)
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
    missing += [f"Not enclosed: {item.sentence()}" for item in not_included_documents(held)]
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
        chronology=build_chronology(
            session,
            case,
            today=today,
            letters=letters.values(),
            documents=stored,
            referrals=[referral] if referral is not None else [],
            overrides=clocks.overrides,
        ),
        letter_sections=tuple(sections),
        letter_heading=regulator.letter_heading,
        documents=tuple(enclosed),
        not_included=not_included_documents(held),
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
        relied = described_provision(case, cited, finding)
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
    cover = [*_submission_cover(case, referral, regulator), *_common_cover(case, decision)]
    sections = [
        Paragraphs("", tuple(_submission_intro(case, referral))),
        *_provision_arguments(case, decision),
        *_other_grounds(case, decision),
    ]
    documents = [
        PackDocument(
            title="Schedule of withheld information",
            filename=f"{case.reference}-withheld-schedule.pdf",
            day=today,
            content=_withheld_schedule_pdf(case, decision),
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
        chronology=build_chronology(
            session, case, today=today, referrals=[referral] if referral is not None else []
        ),
        letter_sections=tuple(sections),
        letter_heading="Submission",
        documents=tuple(documents),
        not_included=not_included_documents(held),
    )


def _submission_cover(
    case: Case, referral: RegulatorReferral | None, regulator: Regulator
) -> list[tuple[str, str]]:
    cover = [
        (f"{regulator.short_name} reference",
         referral.regulator_reference if referral and referral.regulator_reference
         else "not yet given"),
    ]  # fmt: skip
    if referral is not None:
        cover.append((f"{regulator.complaint_heading} made", format_date(referral.referred_on)))
        if referral.investigation_letter_on:
            cover.append(("Investigation letter", format_date(referral.investigation_letter_on)))
        if referral.submission_due_on:
            cover.append(("Submission due", format_date(referral.submission_due_on)))
    return cover


def _submission_intro(case: Case, referral: RegulatorReferral | None) -> list[str]:
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
    return intro


def _provision_arguments(case: Case, decision: ReviewDecision | None) -> list[Paragraphs]:
    """One section per provision cited, argued as the provision now relied on: s.41(1)
    replaced by s.43(2) is argued as a qualified exemption, with its public-interest balance
    (issue 11 item 4)."""
    findings = {f.cited_provision_id: f for f in decision.provision_findings} if decision else {}
    sections = []
    for cited in case.refusal_notice.provisions:
        finding = findings.get(cited.id)
        relied = described_provision(case, cited, finding)
        paragraphs = [*_position_on(case, cited, relied, finding)]
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
    return sections


def _position_on(
    case: Case, cited: CitedProvision, relied: ReliedOn, finding: ProvisionFinding | None
) -> list[str]:
    """What the provision is, and the authority's position on it after the review."""
    review = review_name(case.regime)
    kind = relied.nature_sentence  # s.12 and s.14 are grounds for refusal, not exemptions
    if relied.ncnd:
        kind += " We neither confirm nor deny whether the information is held."
    paragraphs = [kind]
    if finding is None:
        paragraphs.append(f"No {review} finding has been recorded for this provision.")
        return paragraphs
    position = ProvisionOutcome(finding.finding).label
    if relied.in_place_of:
        position += f"; we now rely on {relied.provision} instead of {cited.provision}"
    paragraphs.append(f"Position after the {review}: {position}.")
    if finding.reasons:
        paragraphs.append(f"Why the provision applies: {finding.reasons}")
    if relied.public_interest_test and finding.finding != ProvisionOutcome.WITHDRAWN:
        paragraphs.append(
            "The public-interest balance: " + (finding.public_interest_reasons or "not recorded.")
        )
    return paragraphs


def _other_grounds(case: Case, decision: ReviewDecision | None) -> list[Paragraphs]:
    """The requester's grounds that are not about a provision, and what the review released."""
    review = review_name(case.regime)
    ground_findings = {f.ground_id: f for f in decision.ground_findings} if decision else {}
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
    sections = []
    if others:
        sections.append(Paragraphs("The requester's other grounds", tuple(others)))
    if decision is not None and decision.released_information:
        sections.append(
            Paragraphs(f"Information released at {review}", (decision.released_information,))
        )
    return sections


def _withheld_schedule_pdf(case: Case, decision: ReviewDecision | None) -> bytes:
    return render_document(
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
