"""One frozen profile per access-to-information law: what it calls things and how it counts.

Pages, letters, packs, e-mails and the API read these facts through `rules_for(regime)` instead
of branching on the regime themselves, so that each law's words and clocks live in one place.
Adding a regime means adding a `Regime` member, a `RegimeRules` here and a `Regulator` in
regulators.py (see docs/adding-a-regime.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from review_service.domain.calendar import Regime, as_regime


@dataclass(frozen=True)
class AppealRoute:
    """Where a regulator's decision is appealed, how soon, and the steps period that follows.

    FOIA s.57 (and EIR reg 18, which applies it): either party appeals a decision notice to the
    First-tier Tribunal (General Regulatory Chamber); the notice of appeal must be received within
    28 days of the date the notice was sent (GRC Rules 2009 r.22(1)(b)). FOISA s.56: appeal on a
    point of law only, to the Court of Session, within 42 days (Rules of the Court of Session,
    Chapter 41). The steps a decision requires must not fall due before the time for appealing
    has passed (FOIA s.50(6); FOISA s.49(7)).
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


_TRIBUNAL = AppealRoute(
    court="First-tier Tribunal (General Regulatory Chamber)",
    short_court="First-tier Tribunal",
    days=28,
    counted_from="the date the decision notice was sent",
    scope="on the facts or the law",
    basis="FOIA s.57; GRC Rules 2009 r.22(1)(b)",
    compliance_basis="FOIA s.50(6)",
    default_compliance_days=35,
)

_COURT_OF_SESSION = AppealRoute(
    court="Court of Session",
    short_court="Court of Session",
    days=42,
    counted_from="the date of the decision",
    scope="on a point of law only",
    basis="FOISA s.56; Rules of the Court of Session, Chapter 41",
    compliance_basis="FOISA s.49(7)",
    default_compliance_days=42,
)


@dataclass(frozen=True)
class RegimeRules:
    regime: Regime
    act: str  # the law's full name
    short_name: str  # "FOIA", "EIR", "FOISA"
    # What the law calls the requester's second look: FOIA has no statutory review (s.45 Code
    # of Practice, "internal review"); EIR reg 11 "reconsideration"; FOISA s.20-21 "review".
    review_name: str
    review_basis: str
    # FOIA s.10(1), EIR reg 5(2), FOISA s.10(1): 20 working days after receipt of the request.
    response_working_days: int
    response_basis: str
    # The window for asking for a review, and whether the law (not the authority) fixes it.
    review_request_working_days: int
    review_request_window_is_statutory: bool
    # FOISA s.20(5): the window runs from the later of the end of the time for responding and
    # the receipt of a late response, so the date the authority received the request matters.
    review_request_window_from_response_period_end: bool
    appeal: AppealRoute

    @property
    def needs_request_receipt_date(self) -> bool:
        """Whether the review window cannot be counted without the request's receipt date."""
        return self.review_request_window_from_response_period_end


_RULES = {
    Regime.FOIA: RegimeRules(
        regime=Regime.FOIA,
        act="Freedom of Information Act 2000",
        short_name="FOIA",
        review_name="internal review",
        review_basis="the section 45 Code of Practice (2018)",
        response_working_days=20,
        response_basis="FOIA s.10(1)",
        review_request_working_days=40,
        review_request_window_is_statutory=False,
        review_request_window_from_response_period_end=False,
        appeal=_TRIBUNAL,
    ),
    Regime.EIR: RegimeRules(
        regime=Regime.EIR,
        act="Environmental Information Regulations 2004",
        short_name="EIR",
        review_name="reconsideration",
        review_basis="regulation 11 of the Environmental Information Regulations 2004",
        response_working_days=20,
        response_basis="EIR reg 5(2)",
        review_request_working_days=40,
        review_request_window_is_statutory=True,
        review_request_window_from_response_period_end=False,
        appeal=_TRIBUNAL,  # EIR reg 18 applies FOIA s.57
    ),
    Regime.FOISA: RegimeRules(
        regime=Regime.FOISA,
        act="Freedom of Information (Scotland) Act 2002",
        short_name="FOISA",
        review_name="review",
        review_basis="sections 20 and 21 of the Freedom of Information (Scotland) Act 2002",
        response_working_days=20,
        response_basis="FOISA s.10(1)",
        review_request_working_days=40,
        review_request_window_is_statutory=True,
        review_request_window_from_response_period_end=True,
        appeal=_COURT_OF_SESSION,
    ),
}


def rules_for(regime: Regime | str) -> RegimeRules:
    """The profile of a regime ("foia", "eir", "foisa" or a `Regime`)."""
    return _RULES[as_regime(regime)]
