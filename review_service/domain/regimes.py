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
    ),
}


def rules_for(regime: Regime | str) -> RegimeRules:
    """The profile of a regime ("foia", "eir", "foisa" or a `Regime`)."""
    return _RULES[as_regime(regime)]
