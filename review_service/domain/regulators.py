"""The two regulators a complaint can go to, and how to reach them."""

from __future__ import annotations

from dataclasses import dataclass

from review_service.domain.calendar import Regime


@dataclass(frozen=True)
class Regulator:
    code: str
    name: str
    short_name: str
    address_lines: tuple[str, ...]
    website: str
    statute: str


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
)


def regulator_for(regime: Regime | str) -> Regulator:
    # FOISA cases go to the SIC (s.47); FOIA and EIR (reg 18) cases to the ICO (s.50).
    return SIC if Regime(regime) is Regime.FOISA else ICO
