"""The two regulators a complaint can go to: how to reach them and what to call things.

Pages, letters, packs and e-mails read these profiles rather than testing which regulator a case
goes to (tests/test_regime_profiles.py fails on such tests outside domain/). FOIA cases, and EIR
cases through reg 18, go to the Information Commissioner (FOIA s.50); FOISA cases go to the
Scottish Information Commissioner (FOISA s.47), by an "application" rather than a "complaint".
"""

from __future__ import annotations

from dataclasses import dataclass

from review_service.domain.calendar import Regime, as_regime


@dataclass(frozen=True)
class Regulator:
    code: str
    name: str
    short_name: str
    address_lines: tuple[str, ...]
    website: str
    statute: str
    # "the Information Commissioner's Office (ICO)": the name inside a sentence.
    name_in_sentence: str
    # The short name requesters read: "ICO" is widely known, "SIC" is not.
    plain_name: str
    # The ICO takes complaints (s.50); the SIC decides applications (s.47).
    complaint_word: str
    verb: str  # "complain", "apply"
    past_verb: str  # "complained", "applied": "You applied to the Scottish Information ..."
    take_it_to: str  # the requester's page: "Take your complaint to", "Apply to"
    commissioner: str  # the office holder a pack is addressed to
    letter_heading: str  # the heading of the requester's letter in the pack
    # The requester's opening sentence in the pack; {basis} and {authority} are filled in.
    opening: str
    # A hint for an earlier case reference, in the regulator's own shape (or "").
    reference_example: str
    # How the regulator's own decisions are referenced.
    decision_reference_example: str
    # Whose decision, in a sentence: "the ICO's decision", not "the Information Commissioner's
    # Office (ICO)'s decision".
    possessive: str

    @property
    def complaint_verb(self) -> str:
        return f"{self.verb} to"

    @property
    def a_complaint(self) -> str:
        """The requester's step with its article: "a complaint", "an application"."""
        article = "an" if self.complaint_word[0] in "aeiou" else "a"
        return f"{article} {self.complaint_word}"

    @property
    def complaint_heading(self) -> str:
        """The step at the head of a sentence or a row: "Complaint", "Application"."""
        return self.complaint_word.capitalize()

    @property
    def the_short_name(self) -> str:
        return f"the {self.short_name}"

    def opening_for(self, *, basis: str, authority: str) -> str:
        return self.opening.format(basis=basis, authority=authority)


ICO = Regulator(
    code="ico",
    name="Information Commissioner's Office",
    short_name="ICO",
    address_lines=(
        "Information Commissioner's Office",
        "Wycliffe House",
        "Water Lane",
        "Wilmslow",
        "Cheshire",
        "SK9 5AF",
    ),
    website="https://ico.org.uk/make-a-complaint/",
    statute="section 50 of the Freedom of Information Act 2000",
    name_in_sentence="the Information Commissioner's Office (ICO)",
    plain_name="ICO",
    complaint_word="complaint",
    verb="complain",
    past_verb="complained",
    take_it_to="Take your complaint to",
    commissioner="Information Commissioner",
    letter_heading="Complaint letter",
    opening=(
        "I am complaining under {basis} about how {authority} dealt with my request for "
        "information."
    ),
    reference_example="IC-123456-A1B2",
    decision_reference_example="IC-123456-A1B2",
    possessive="the ICO's",
)

SIC = Regulator(
    code="sic",
    name="Scottish Information Commissioner",
    short_name="SIC",
    address_lines=(
        "Scottish Information Commissioner",
        "Kinburn Castle",
        "Doubledykes Road",
        "St Andrews",
        "Fife",
        "KY16 9DS",
    ),
    website="https://www.foi.scot/appeal",
    statute="section 47 of the Freedom of Information (Scotland) Act 2002",
    name_in_sentence="the Scottish Information Commissioner",
    plain_name="Commissioner",
    complaint_word="application",
    verb="apply",
    past_verb="applied",
    take_it_to="Apply to",
    commissioner="Scottish Information Commissioner",
    letter_heading="Application",
    opening=(
        "I am applying under {basis} for a decision on whether {authority} dealt with my "
        "request for information in accordance with Part 1 of the Act."
    ),
    reference_example="",
    decision_reference_example="045/2026",  # shown as "Decision 045/2026"
    possessive="the Scottish Information Commissioner's",
)

# FOISA cases go to the SIC (s.47); FOIA and EIR (reg 18) cases to the ICO (s.50).
_BY_REGIME: dict[str, Regulator] = {Regime.FOIA: ICO, Regime.EIR: ICO, Regime.FOISA: SIC}


def regulator_for(regime: Regime | str) -> Regulator:
    # A member hashes and compares as its value: a stored value is found without conversion.
    regulator = _BY_REGIME.get(regime)
    return regulator if regulator is not None else _BY_REGIME[as_regime(regime)]
