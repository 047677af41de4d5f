"""The review outcome letter (its corrections are later versions of it) and the e-mail that
sends it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from review_service.accounts.models import User
from review_service.cases.models import Case
from review_service.cases.policy import authority_policy
from review_service.domain import deadlines
from review_service.domain.calendar import Regime
from review_service.domain.kinds import LetterKind
from review_service.domain.regimes import rules_for
from review_service.domain.regulators import regulator_for
from review_service.domain.review import ProvisionOutcome, ReviewOutcome
from review_service.letters.acknowledgement import letter_email
from review_service.letters.models import Letter
from review_service.letters.render import LetterContent, Paragraphs
from review_service.letters.services import (
    LetterEmail,
    format_date,
    letter_to_requester,
    send_letter,
)
from review_service.reviews.models import ReviewDecision
from review_service.reviews.outcome import ground_title, outcome_of, relied_on


def build_outcome_letter(
    case: Case,
    decision: ReviewDecision,
    reviewer: User,
    *,
    letter_date: dt.date,
    draft: bool,
    version_note: str | None = None,
) -> LetterContent:
    """Plain values for the outcome letter; no ORM object reaches the renderer."""
    outcome = outcome_of(case, decision)
    regulator = regulator_for(case.regime)
    rules = rules_for(case.regime)
    window = deadlines.regulator_complaint_window(
        Regime(case.regime), letter_date, policy=authority_policy(case.authority)
    )
    grounds = {f.ground_id: f for f in decision.ground_findings}
    provisions = {f.cited_provision_id: f for f in decision.provision_findings}
    table: list[tuple[str, ...]] = [("Provision", "Finding", "Reasons")]
    for cited in case.refusal_notice.provisions:
        finding = provisions.get(cited.id)
        if finding is None:
            continue
        label = ProvisionOutcome(finding.finding).label
        if finding.finding == ProvisionOutcome.REPLACED:
            label += f" by {finding.replacement_provision}"
        reasons = finding.reasons
        relied = relied_on(case, cited, finding)
        # Findings saved before the balance was refused for a provision without the test
        # (FOIA s.2(3), FOISA s.2(2)) keep their text, but no letter prints it as a balance.
        if finding.public_interest_reasons and relied is not None and relied.public_interest_test:
            reasons += f"\nPublic interest: {finding.public_interest_reasons}"
        ncnd = " (neither confirm nor deny)" if cited.ncnd else ""
        table.append((f"{cited.provision} {cited.title}{ncnd}", label, reasons))
    ground_paras = []
    for ground in case.grounds:
        gf = grounds.get(ground.id)
        if gf is None:
            continue
        verdict = "Upheld" if gf.upheld else "Not upheld"
        ground_paras.append(f"{ground_title(ground)}: {verdict}. {gf.reasons}")
    their_ref = case.information_request.authority_reference
    their_ref = f" {their_ref}" if their_ref else ""
    sections = [
        Paragraphs(
            "",
            (
                f"I have reviewed the response to your request{their_ref}, following your "
                f"{rules.review_request_name} received on "
                f"{format_date(case.received_on)}. I was not involved in the original decision.",
                *((decision.letter_summary,) if decision.letter_summary else ()),
            ),
        ),
        Paragraphs("Outcome", (f"{outcome.label}.",)),
        Paragraphs("Your grounds of complaint", tuple(ground_paras) or ("None recorded.",)),
        Paragraphs(
            f"The {rules.provision_noun_plural} relied on",
            (
                # EIR reg 12(2) and 12(1)(b): said wherever an EIR decision is explained.
                *((rules.disclosure_presumption,) if rules.disclosure_presumption else ()),
                f"My finding on each {rules.provision_noun} is set out below.",
            ),
        ),
    ]
    table_after = len(sections) - 1
    sections.append(
        Paragraphs(
            "Information now released",
            (decision.released_information,)
            if decision.released_information
            else ("No further information is released.",),
        )
    )
    # The regime's rights statement; FOISA s.21(10): the particulars of s.47(1) and s.56.
    next_steps = rules.rights_after_review_text(
        regulator=regulator.name, short=regulator.short_name, due=format_date(window.due)
    )
    sections.append(
        Paragraphs(
            "If you are still unhappy",
            (
                *next_steps,
                "Address: " + ", ".join(regulator.address_lines),
                f"Online: {regulator.website}",
            ),
        )
    )
    return letter_to_requester(
        case,
        reviewer,
        f"Outcome of the {rules.review_name} {case.reference}",
        tuple(sections),
        letter_date=letter_date,
        signatory_title=rules.signatory_title(case.authority.signatory_title or ""),
        table=tuple(table) if len(table) > 1 else (),
        table_after_section=table_after if len(table) > 1 else None,
        draft=draft,
        version_note=version_note,
    )


def outcome_email(case: Case, outcome: ReviewOutcome) -> LetterEmail:
    review = rules_for(case.regime).review_name
    return letter_email(
        case,
        f"outcome of the {review}",
        f"{case.authority.name} has completed its {review}: {outcome.label.lower()}.",
    )


def send_outcome(
    session: Session,
    actor: User,
    case: Case,
    title: str,
    content: LetterContent,
    pdf: bytes,
    outcome: ReviewOutcome,
) -> Letter:
    """Issue the outcome letter (or its correction), already rendered, and e-mail it."""
    return send_letter(
        session,
        actor,
        case,
        kind=LetterKind.OUTCOME,
        title=title,
        content=content,
        email=outcome_email(case, outcome),
        pdf=pdf,
    )
