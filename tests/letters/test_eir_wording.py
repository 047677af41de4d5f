"""Issue 11, item 6: EIR cases in the EIR's own words.

EIR reg 11: the requester makes representations and the authority reconsiders (not an "internal
review"); reg 12(4), 12(5) and 13 are "exceptions", not exemptions; reg 12(2) presumes disclosure
and reg 12(1)(b) weighs every exception against the public interest; reg 18 applies FOIA s.50, so
the complaint to the ICO is made under s.50 as applied by reg 18.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from pypdf import PdfReader

from review_service.cases import services as cases
from review_service.domain.regimes import rules_for
from review_service.domain.review import GroundKind
from review_service.letters.outcome import build_outcome_letter
from review_service.letters.services import latest_letter
from review_service.regulator.pack_answers import pack_answers
from review_service.regulator.pack_bundles import build_complaint_pack
from review_service.reviews import services as reviews
from tests.factories import create_authority, create_case, create_staff, full_decision

PRESUMPTION = "must apply a presumption in favour of disclosure (regulation 12(2))"


def eir_case(session: Any) -> tuple[Any, dict[str, Any]]:
    authority = create_authority(session, regime="eir")
    case = create_case(
        session,
        authority=authority,
        provisions=(cases.ProvisionInput("reg 12(5)(e)"),),
        grounds=(
            cases.GroundInput(GroundKind.PROVISION, "Not confidential.", provision="reg 12(5)(e)"),
        ),
    )
    return case, create_staff(session, authority)


def text_of(content: Any) -> str:
    parts = [content.subject]
    for section in content.sections:
        parts += [section.heading, *section.paragraphs]
    return " ".join(" ".join(parts).split())


def test_the_eir_acknowledgement_speaks_of_representations_and_reconsideration(
    session: Any,
) -> None:
    case, staff = eir_case(session)
    cases.acknowledge(session, staff["caseworker"], case, today=dt.date(2026, 10, 5))
    letter = latest_letter(session, case, "acknowledgement")
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(letter.pdf)).pages).split()
    )
    assert "Reconsideration of request" in text
    assert "representations asking for reconsideration under regulation 11" in text
    assert "internal review" not in text.lower()


def test_the_eir_outcome_letter_uses_the_regulations_words(session: Any) -> None:
    case, staff = eir_case(session)
    cases.acknowledge(session, staff["caseworker"], case, today=dt.date(2026, 10, 5))
    cases.assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)
    decision = reviews.save_decision(session, staff["reviewer"], case, full_decision(case))
    content = build_outcome_letter(
        case, decision, staff["reviewer"], letter_date=dt.date(2026, 10, 20), draft=True
    )
    text = text_of(content)
    assert content.subject == f"Outcome of the reconsideration {case.reference}"
    assert "representations asking for reconsideration under regulation 11" in text
    assert "The exceptions relied on" in text
    assert "My finding on each exception is set out below." in text
    assert PRESUMPTION in text and "(regulation 12(1)(b))" in text
    assert "as applied by regulation 18 of the Environmental Information Regulations 2004" in text
    assert "internal review" not in text.lower()
    assert "exemption" not in text.lower()


def test_the_foia_outcome_letter_is_unchanged_in_kind(session: Any) -> None:
    authority = create_authority(session)
    case = create_case(session, authority=authority)
    staff = create_staff(session, authority)
    cases.acknowledge(session, staff["caseworker"], case, today=dt.date(2026, 10, 5))
    cases.assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)
    decision = reviews.save_decision(session, staff["reviewer"], case, full_decision(case))
    text = text_of(
        build_outcome_letter(
            case, decision, staff["reviewer"], letter_date=dt.date(2026, 10, 20), draft=True
        )
    )
    assert "request for an internal review" in text and "The exemptions relied on" in text
    assert "presumption" not in text and "regulation 18" not in text


def test_the_requesters_pack_states_the_presumption_and_cites_regulation_18(
    session: Any,
) -> None:
    case, _staff = eir_case(session)
    answers = pack_answers(case, today=dt.date(2026, 11, 20))
    assert PRESUMPTION in answers.challenge_text
    pack = build_complaint_pack(session, case, today=dt.date(2026, 11, 20))
    opening = pack.letter_sections[0].paragraphs[0]
    assert opening.startswith(
        "I am complaining under section 50 of the Freedom of Information Act 2000, as applied by "
        "regulation 18 of the Environmental Information Regulations 2004"
    )


def findings_page(client: Any, session: Any, notice: str) -> str:
    """The requester's findings page for an EIR notice pasted into the complaint journey."""
    from review_service.extensions import commit
    from tests.cases.journey import answer_up_to_response, paste_response
    from tests.factories import create_user

    authority = create_authority(session, regime="eir")
    requester = create_user(session)
    commit()
    client.sign_in_as(requester)
    answer_up_to_response(client, authority.id, regime="eir")
    paste_response(client, notice)
    client.get("/complaints/new/findings")
    return " ".join(client.last_page.text.split())


def test_the_requesters_findings_page_says_exception_and_the_presumption(
    client: Any, session: Any
) -> None:
    text = findings_page(
        client,
        session,
        "Dear Ms Example\n\nWe withhold the report under regulation 12(5)(e) (commercial "
        "confidentiality).\n\nYours sincerely",
    )
    assert "Exceptions the authority relied on" in text
    assert PRESUMPTION in text
    assert "Exemptions the authority relied on" not in text


def test_the_findings_page_says_the_applicants_own_data_are_outside_the_duty(
    client: Any, session: Any
) -> None:
    # EIR reg 5(3) is not a reg 12 exception: no public-interest test, and the requester's route
    # to their own data is data protection law, not a balance the authority must strike.
    text = findings_page(
        client,
        session,
        "Dear Ms Example\n\nThe notes of your visit are your own personal data and are withheld "
        "under reg. 5(3) of the EIR; your neighbours' names are withheld under regulation 13."
        "\n\nYours sincerely",
    )
    assert "reg 5(3)" in text and "reg 13" in text
    assert (
        "Does not apply: your own personal information is not released under these rules; you "
        "can ask for it under data protection law"
    ) in text
    assert "Does not apply: this exception is absolute" in text  # reg 13 only
    assert text.count("Applies: the authority must show") == 0


def test_the_eir_pages_and_emails_never_say_exemption_or_review(client: Any, session: Any) -> None:
    """What the requester and the reviewer read about an EIR case at filing, acknowledgement
    and findings speaks of exceptions and the reconsideration (reg 11), never exemptions or
    a review (found running a whole EIR case through the pages)."""
    from sqlalchemy import select

    from review_service.extensions import commit
    from review_service.mail.models import OutboxMessage
    from tests.staff import sign_in

    case, staff = eir_case(session)
    cases.acknowledge(session, staff["caseworker"], case, today=case.received_on)
    cases.assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)
    commit()
    to_requester = session.scalars(
        select(OutboxMessage.body).where(OutboxMessage.to_address == case.requester.email)
    ).all()
    assert len(to_requester) == 2  # filed, acknowledged
    for body in to_requester:
        assert "outcome of its reconsideration by" in body
        assert "review" not in body.replace("Review service", "")
    sign_in(client, case.requester)
    client.get(f"/complaints/{case.reference}")
    assert "should send you the outcome of its reconsideration by" in client.last_page.text
    client.get(f"/complaints/{case.reference}/regulator")
    pack_page = client.last_page.text
    assert "Which exceptions or public-interest arguments you disagree with" in pack_page
    assert "exemption" not in pack_page
    sign_in(client, staff["reviewer"])
    client.get(f"/staff/cases/{case.reference}/decision")
    assert "exemption" not in client.last_page.text


def test_the_outcome_letter_is_signed_with_the_laws_reviewer_title(session: Any) -> None:
    """The service's default title "Internal reviewer" is the s.45 Code's FOIA wording: an EIR
    letter is signed by the officer who reconsidered (reg 11), a FOISA one by the reviewer
    (s.20-21); an authority's own title stays."""
    case, staff = eir_case(session)
    cases.acknowledge(session, staff["caseworker"], case, today=dt.date(2026, 10, 5))
    cases.assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)
    decision = reviews.save_decision(session, staff["reviewer"], case, full_decision(case))

    def signed() -> str:
        content = build_outcome_letter(
            case, decision, staff["reviewer"], letter_date=dt.date(2026, 10, 20), draft=True
        )
        return content.signatory_title

    assert case.authority.signatory_title == "Internal reviewer"
    assert signed() == "Reconsidering officer"
    case.authority.signatory_title = "Head of Legal Services"
    assert signed() == "Head of Legal Services"
    assert rules_for("foisa").signatory_title("Internal reviewer") == "Reviewing officer"
    assert rules_for("foia").signatory_title("") == "Internal reviewer"


def test_no_balance_is_printed_for_a_provision_without_the_public_interest_test(
    session: Any,
) -> None:
    """FOIA s.2(3)(f): s.40(2) (first condition) is absolute. A finding saved before the
    balance was refused for it keeps its text, but the letter prints a balance only for the
    qualified s.43(2)."""
    authority = create_authority(session)
    case = create_case(
        session,
        authority=authority,
        provisions=(cases.ProvisionInput("s.40(2)"), cases.ProvisionInput("s.43(2)")),
        grounds=(cases.GroundInput(GroundKind.PROVISION, "Not commercial.", provision="s.43(2)"),),
    )
    staff = create_staff(session, authority)
    cases.acknowledge(session, staff["caseworker"], case, today=dt.date(2026, 10, 5))
    cases.assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)
    decision = reviews.save_decision(session, staff["reviewer"], case, full_decision(case))
    by_provision = {p.id: p.provision for p in case.refusal_notice.provisions}
    for finding in decision.provision_findings:
        finding.public_interest_reasons = (
            f"Old balance for {by_provision[finding.cited_provision_id]}"
        )
    content = build_outcome_letter(
        case, decision, staff["reviewer"], letter_date=dt.date(2026, 10, 20), draft=True
    )
    rows = {row[0].split()[0]: row[2] for row in content.table[1:]}
    assert "Public interest" not in rows["s.40(2)"]
    assert "Public interest: Old balance for s.43(2)" in rows["s.43(2)"]
