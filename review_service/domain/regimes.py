"""One frozen profile per access-to-information law: what it calls things and how it counts.

Pages, letters, packs, e-mails and the API read these facts through `rules_for(regime)` instead
of branching on the regime themselves, so that each law's words and clocks live in one place.
Adding a regime means adding a `Regime` member, a `RegimeRules` here and a `Regulator` in
regulators.py (see docs/adding-a-regime.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from review_service.domain.calendar import Regime, as_regime


@dataclass(frozen=True)
class AppealRoute:
    """Where a regulator's decision is appealed, how soon, and the steps period that follows.

    FOIA s.57 (and EIR reg 18, which applies it): either party appeals a decision notice to the
    First-tier Tribunal (General Regulatory Chamber); the notice of appeal must be received within
    28 days of the date the notice was sent (GRC Rules 2009 r.22(1)(b)). FOISA s.56: appeal on a
    point of law only, to the Court of Session (s.56 sets no period: the appeal is against "a
    decision by the Commissioner under subsection (3)(b)" of s.49, the decision the SIC must reach
    within four months of the application or such other period as is reasonable); the period is
    the Rules of the Court of Session 1994 (SI 1994/1443, Sch 2), Chapter 41 (appeals under
    statute), Part III, rule 41.20(1)(b)(i): "where no such period is prescribed, within 42 days
    after the date on which the decision appealed against was intimated to the appellant". The
    steps a decision requires must not fall due before the time for appealing has passed (FOIA
    s.50(6); FOISA s.49(7)).
    """

    court: str
    short_court: str
    days: int
    counted_from: str
    scope: str
    basis: str
    compliance_basis: str
    # The steps period to offer when a decision does not say: the ICO's decision notices
    # usually give 35 calendar days; for the SIC, the shortest period s.49(7) allows.
    default_compliance_days: int
    deadline_key: str  # the name of its clock in the API's deadlines
    decision_name: str  # what the regulator's appealable decision is called
    outcomes: tuple[tuple[str, str], ...]  # (value, label) of what the court can decide
    late_consequence: str
    reference_example: str
    # The outcomes after which the regulator's decision, with any steps it ordered, stands as
    # it was: the appeal failed or ended without a decision on it.
    decision_stands_after: frozenset[str] = frozenset()

    @property
    def outcome_labels(self) -> dict[str, str]:
        return dict(self.outcomes)


_TRIBUNAL = AppealRoute(
    court="First-tier Tribunal (General Regulatory Chamber)",
    short_court="First-tier Tribunal",
    days=28,
    counted_from="the date the decision notice was sent",
    scope="on the facts or the law",
    basis="FOIA s.57; GRC Rules 2009 r.22(1)(b)",
    compliance_basis="FOIA s.50(6)",
    default_compliance_days=35,
    deadline_key="tribunal_appeal",
    decision_name="decision notice",
    outcomes=(
        ("allowed", "Appeal allowed"),
        ("partly_allowed", "Appeal allowed in part"),
        ("dismissed", "Appeal dismissed"),
        ("withdrawn", "Appeal withdrawn"),
        ("struck_out", "Appeal struck out"),
    ),
    late_consequence="the tribunal must extend time",
    reference_example="EA/2026/0123",
    decision_stands_after=frozenset({"dismissed", "withdrawn", "struck_out"}),
)

# EIR reg 18(1) applies FOIA Parts IV and V (s.50 to s.61, so s.50(6) and s.57) to the EIR:
# the same tribunal and clocks, cited as applied.
_TRIBUNAL_UNDER_EIR = replace(
    _TRIBUNAL,
    basis="FOIA s.57, applied by EIR reg 18; GRC Rules 2009 r.22(1)(b)",
    compliance_basis="FOIA s.50(6), applied by EIR reg 18",
)

_COURT_OF_SESSION = AppealRoute(
    court="Court of Session",
    short_court="Court of Session",
    days=42,
    counted_from="the date the decision was intimated (given) to the parties",
    scope="on a point of law only",
    basis="FOISA s.56; Rules of the Court of Session, r.41.20(1)(b)",
    compliance_basis="FOISA s.49(7)",
    default_compliance_days=42,
    deadline_key="court_of_session_appeal",
    decision_name="decision",
    # The Inner House allows or refuses a statutory appeal; allowing it, it may quash the
    # decision and remit the case to the Commissioner; an appellant may abandon the appeal.
    outcomes=(
        ("allowed", "Appeal allowed"),
        ("remitted", "Appeal allowed: remitted to the Commissioner to decide again"),
        ("refused", "Appeal refused"),
        ("abandoned", "Appeal abandoned"),
    ),
    late_consequence="the court must allow it to be received late",
    reference_example="XA12/26",
    decision_stands_after=frozenset({"refused", "abandoned"}),
)


# The title an authority's outcome letters are signed with until it chooses its own.
DEFAULT_SIGNATORY_TITLE = "Internal reviewer"


@dataclass(frozen=True)
class RegimeRules:
    regime: Regime
    act: str  # the law's full name
    short_name: str  # "FOIA", "EIR", "FOISA"
    # What the law calls the requester's second look: FOIA has no statutory review (s.45 Code
    # of Practice, "internal review"); EIR reg 11 "reconsideration"; FOISA s.20-21 "review".
    review_name: str
    review_basis: str
    response_basis: str
    # The window for asking for a review, and whether the law (not the authority) fixes it.
    review_request_window_is_statutory: bool
    # FOISA s.20(5): the window runs from the later of the end of the time for responding and
    # the receipt of a late response, so the date the authority received the request matters.
    review_request_window_from_response_period_end: bool
    appeal: AppealRoute
    # The requester's request for the review, as the law names it.
    review_request_name: str
    # What the law's grounds for withholding are called: FOIA and FOISA "exemptions"
    # (Part II / Part 2), the EIR "exceptions" (reg 12(4), 12(5), reg 13; reg 5(3), the
    # applicant's own data, is outside the duty rather than an exception).
    provision_noun: str
    # The right to go to the regulator, with its statutory basis (EIR reg 18 applies FOIA s.50).
    regulator_basis: str
    # What the outcome letter says about going further, paragraph by paragraph; {regulator},
    # {short}, {basis} and {due} are filled in. FOISA s.21(10): a review notice gives the
    # particulars of the rights of application (s.47(1)) and of appeal (s.56).
    rights_after_review: tuple[str, ...]
    # How long the review may take, and the rule: FOIA a 20-day target (s.45 Code), 40 at most
    # with an extension in exceptional cases; EIR 40 (reg 11(4)); FOISA 20 (s.21(1)). Only a
    # FOIA review can be extended: the EIR and FOISA limits are statutory.
    review_working_days: int
    review_limit_basis: str
    review_extendable: bool
    # Whether a review can be late (and worth chasing) before the regulator's route opens:
    # FOIA only, where the s.45 Code's 20-working-day target passes well before the ICO takes a
    # complaint about an unanswered review (40 working days, ICO "FOI and EIR complaints": "If
    # you've not been given the outcome of the internal review after 40 working days - you can
    # complain to us"). An EIR reconsideration is not late until the 40 working days of reg
    # 11(4) pass, the day the ICO route opens, and the ICO asks for evidence of a chaser only
    # where there was no initial response; FOISA's requester applies to the SIC once the 20
    # days of s.21(1) pass.
    chase_before_complaining: bool
    # How provisions are cited ("s.43(2)", "reg 12(5)(b)"), with an example for hints.
    citation_prefix: str
    example_provision: str
    # The rules a refusal notice and advice and assistance follow, for the requester's pack.
    notice_rule: str
    advice_rule: str
    # Procedural provisions a regulator's decision commonly rules on besides those relied on.
    procedural_provisions: tuple[tuple[str, str], ...]
    # How the complaint journey offers the law, with a hint for requesters.
    choice_label: str
    choice_hint: str
    # EIR reg 12(2), with reg 12(1)(b): said in letters and to requesters. Empty elsewhere.
    disclosure_presumption: str = ""
    # FOIA s.10(1), EIR reg 5(2), FOISA s.10(1): 20 working days after receipt of the request.
    response_working_days: int = 20
    # 40 working days to ask for a review: the s.45 Code's default for FOIA, EIR reg 11(2),
    # FOISA s.20(5).
    review_request_working_days: int = 40
    # How a FOIA section the law borrows is cited: EIR reg 18 applies FOIA s.50 to the EIR.
    foia_applied_by: str = ""
    # The requester's request for the review in a few words, where the law has its own: FOISA
    # s.20(1) "require ... to review" ("requirement for review"). Else "request for <review>".
    review_request_short: str = ""
    # The title under the reviewer's name on the outcome letter, unless the authority set its
    # own: the person who carries out the law's review.
    reviewer_title: str = DEFAULT_SIGNATORY_TITLE

    def signatory_title(self, authority_title: str) -> str:
        """The authority's own title for its reviewer, or this law's where it kept the
        service's default ("Internal reviewer" is FOIA's s.45 Code wording, not the EIR's
        reg 11 reconsideration or FOISA's s.20-21 review)."""
        title = authority_title.strip()
        if not title or title == DEFAULT_SIGNATORY_TITLE:
            return self.reviewer_title
        return title

    def review_limit(self, *, extended: bool) -> tuple[int, str]:
        """The working days the review may take, and the rule that says so."""
        if self.review_extendable and extended:
            return 40, "the s.45 Code of Practice allows at most, even with an extension"
        return self.review_working_days, self.review_limit_basis

    def rights_after_review_text(self, *, regulator: str, short: str, due: str) -> tuple[str, ...]:
        return tuple(
            paragraph.format(regulator=regulator, short=short, basis=self.regulator_basis, due=due)
            for paragraph in self.rights_after_review
        )

    @property
    def request_for_review(self) -> str:
        """ "request for internal review", "request for reconsideration", "requirement for
        review": for chronologies, checklists and packs."""
        return self.review_request_short or f"request for {self.review_name}"

    @property
    def a_review(self) -> str:
        """ "an internal review", "a reconsideration", "a review": the review with its article."""
        article = "an" if self.review_name[0] in "aeiou" else "a"
        return f"{article} {self.review_name}"

    @property
    def provision_noun_plural(self) -> str:
        return self.provision_noun + "s"

    @property
    def needs_request_receipt_date(self) -> bool:
        """Whether the review window cannot be counted without the request's receipt date."""
        return self.review_request_window_from_response_period_end


def _complain_to_the_ico(review: str) -> tuple[str, ...]:
    """The outcome letter's paragraph on going further where the ICO regulates (FOIA s.50,
    applied to the EIR by reg 18)."""
    return (
        f"If you are not satisfied with this {review}, you may complain to the {{regulator}} "
        "under {basis}. The {short} expects complaints within six weeks of this letter, that is "
        "by {due}.",
    )


_RULES: dict[str, RegimeRules] = {
    Regime.FOIA: RegimeRules(
        regime=Regime.FOIA,
        act="Freedom of Information Act 2000",
        short_name="FOIA",
        review_name="internal review",
        review_basis="the section 45 Code of Practice (2018)",
        response_basis="FOIA s.10(1)",
        review_request_window_is_statutory=False,
        review_request_window_from_response_period_end=False,
        appeal=_TRIBUNAL,
        review_request_name="request for an internal review",
        provision_noun="exemption",
        regulator_basis="section 50 of the Freedom of Information Act 2000",
        rights_after_review=_complain_to_the_ico("review"),
        review_working_days=20,
        review_limit_basis="the s.45 Code of Practice sets as the target",
        review_extendable=True,
        chase_before_complaining=True,
        citation_prefix="s.",
        example_provision="s.43(2)",
        notice_rule="FOIA s.17",
        advice_rule="FOIA s.16",
        procedural_provisions=(
            ("s.1(1)", "General right of access"),
            ("s.10(1)", "Time for compliance"),
            ("s.17", "Refusal notice"),
        ),
        choice_label="Freedom of Information Act 2000 (FOI)",
        choice_hint=(
            "Most requests to public authorities in England, Wales and Northern Ireland, and to "
            "UK-wide bodies such as government departments."
        ),
    ),
    Regime.EIR: RegimeRules(
        regime=Regime.EIR,
        act="Environmental Information Regulations 2004",
        short_name="EIR",
        review_name="reconsideration",
        review_basis="regulation 11 of the Environmental Information Regulations 2004",
        response_basis="EIR reg 5(2)",
        review_request_window_is_statutory=True,
        review_request_window_from_response_period_end=False,
        appeal=_TRIBUNAL_UNDER_EIR,  # EIR reg 18 applies FOIA s.57
        review_request_name=(
            "representations asking for reconsideration under regulation 11 of the "
            "Environmental Information Regulations 2004"
        ),
        provision_noun="exception",
        regulator_basis=(
            "section 50 of the Freedom of Information Act 2000, as applied by regulation 18 of "
            "the Environmental Information Regulations 2004"
        ),
        rights_after_review=_complain_to_the_ico("reconsideration"),
        review_working_days=40,
        review_limit_basis="EIR reg 11(4) allows",
        review_extendable=False,
        chase_before_complaining=False,  # reg 11(4): 40 working days, as the ICO's route
        citation_prefix="reg ",
        example_provision="reg 12(5)(b)",
        notice_rule="EIR reg 14",
        advice_rule="EIR reg 9",
        procedural_provisions=(
            ("reg 5(2)", "Time for compliance"),
            ("reg 11(4)", "Time for reconsideration"),
            ("reg 14", "Refusal notice"),
        ),
        choice_label="Environmental Information Regulations 2004 (EIR)",
        choice_hint=(
            "Requests for information about the environment, such as pollution, planning, "
            "land, water, energy, waste or roads. The response will usually mention "
            "“regulations” or “exceptions”."
        ),
        foia_applied_by=", applied by EIR reg 18",
        reviewer_title="Reconsidering officer",
        disclosure_presumption=(
            "Under the Environmental Information Regulations 2004 a public authority must apply "
            "a presumption in favour of disclosure (regulation 12(2)), and it may withhold "
            "information under an exception only if, in all the circumstances, the public "
            "interest in maintaining the exception outweighs the public interest in disclosing "
            "the information (regulation 12(1)(b))."
        ),
    ),
    Regime.FOISA: RegimeRules(
        regime=Regime.FOISA,
        act="Freedom of Information (Scotland) Act 2002",
        short_name="FOISA",
        review_name="review",
        review_basis="sections 20 and 21 of the Freedom of Information (Scotland) Act 2002",
        response_basis="FOISA s.10(1)",
        review_request_window_is_statutory=True,
        review_request_window_from_response_period_end=True,
        appeal=_COURT_OF_SESSION,
        review_request_name=(
            "requirement for review under section 20 of the Freedom of Information (Scotland) "
            "Act 2002"
        ),
        provision_noun="exemption",
        regulator_basis="section 47(1) of the Freedom of Information (Scotland) Act 2002",
        rights_after_review=(
            "If you are not satisfied with this review, you have the right under section 47(1) "
            "of the Freedom of Information (Scotland) Act 2002 to apply to the {regulator} for a "
            "decision on whether we dealt with your request in accordance with Part 1 of the "
            "Act. Your application must be in writing or in another permanent form, give your "
            "name and an address for correspondence, and say which request it is about and why "
            "you are still dissatisfied (section 47(2)). You must apply within six months of "
            "receiving this notice, that is by {due} (section 47(4)(a)).",
            "If you or we are dissatisfied with the Commissioner's decision, either of us may "
            "appeal against it to the Court of Session, on a point of law only, within 42 days "
            "of the decision (section 56 of the Act).",
        ),
        review_working_days=20,
        review_limit_basis="FOISA s.21(1) allows",
        review_extendable=False,
        chase_before_complaining=False,
        review_request_short="requirement for review",
        reviewer_title="Reviewing officer",
        citation_prefix="s.",
        example_provision="s.30(b)(i)",
        notice_rule="FOISA s.16",
        advice_rule="FOISA s.15",
        procedural_provisions=(
            ("s.1(1)", "General entitlement"),
            ("s.10(1)", "Time for compliance"),
            ("s.16", "Refusal notice"),
            ("s.21(1)", "Time for review"),
        ),
        choice_label="Freedom of Information (Scotland) Act 2002 (FOISA)",
        choice_hint=(
            "Requests to Scottish public authorities, such as the Scottish Government, a "
            "Scottish council, NHS Scotland or Police Scotland."
        ),
    ),
}


def rules_for(regime: Regime | str) -> RegimeRules:
    """The profile of a regime ("foia", "eir", "foisa" or a `Regime`)."""
    # A member hashes and compares as its value: a stored value is found without conversion.
    rules = _RULES.get(regime)
    return rules if rules is not None else _RULES[as_regime(regime)]
