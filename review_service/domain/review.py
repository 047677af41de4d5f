"""Internal review findings and the overall outcome derived from them.

The outcome is never typed in: it follows from the finding on each ground the requester
raised and on each provision the authority relied on (s.45 Code of Practice 2018: the
review is a fresh decision; DOMAIN.md "Outcomes").
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from review_service.domain.calendar import Regime
from review_service.domain.exemptions import (
    ProvisionKind,
    is_absolute,
    lookup,
    nature_of,
    nature_sentence,
    provision_parts,
)


class GroundKind(enum.StrEnum):
    PROVISION = "provision"  # challenges one provision relied on
    MORE_INFORMATION_HELD = "more_information_held"
    LATE_RESPONSE = "late_response"
    INADEQUATE_NOTICE = "inadequate_notice"
    NO_ADVICE_AND_ASSISTANCE = "no_advice_and_assistance"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _GROUND_LABELS[self]


_GROUND_LABELS = {
    GroundKind.PROVISION: "The authority was wrong to rely on this provision",
    GroundKind.MORE_INFORMATION_HELD: "The authority holds more information than it found",
    GroundKind.LATE_RESPONSE: "The response was late",
    GroundKind.INADEQUATE_NOTICE: "The refusal notice did not explain itself",
    GroundKind.NO_ADVICE_AND_ASSISTANCE: "No advice and assistance was offered",
    GroundKind.OTHER: "Something else",
}

GENERAL_GROUNDS = tuple(k for k in GroundKind if k is not GroundKind.PROVISION)


class ProvisionFinding(enum.StrEnum):
    MAINTAINED = "maintained"
    WITHDRAWN = "withdrawn"
    REPLACED = "replaced"  # a different provision now relied on instead

    @property
    def label(self) -> str:
        return {
            ProvisionFinding.MAINTAINED: "Maintained",
            ProvisionFinding.WITHDRAWN: "Withdrawn",
            ProvisionFinding.REPLACED: "Replaced",
        }[self]


class ReviewOutcome(enum.StrEnum):
    UPHELD = "upheld"  # the original decision stands in full
    PARTLY_UPHELD = "partly_upheld"
    OVERTURNED = "overturned"

    @property
    def label(self) -> str:
        return {
            ReviewOutcome.UPHELD: "Original decision upheld",
            ReviewOutcome.PARTLY_UPHELD: "Original decision partly upheld",
            ReviewOutcome.OVERTURNED: "Original decision overturned",
        }[self]


@dataclass(frozen=True)
class ReliedOn:
    """The provision the authority relies on after the review, for one provision first cited.

    When the reviewer replaces a provision (say s.41(1) by s.43(2)), everything that follows
    (the completeness check, the public-interest balance, the submission and the schedule of
    withheld information) is about the provision now relied on: its title, whether it is
    absolute (FOIA s.2(3)) and whether it neither confirms nor denies.
    """

    provision: str
    title: str
    kind: ProvisionKind
    absolute: bool
    ncnd: bool
    in_place_of: str = ""  # the provision first cited, when the review replaced it

    @property
    def public_interest_test(self) -> bool:
        """Qualified exemptions and every EIR exception need the balance (FOIA s.2(2)(b))."""
        return not self.absolute and self.kind is not ProvisionKind.REFUSAL_GROUND

    @property
    def nature(self) -> str:
        return nature_of(self.kind, self.absolute)

    @property
    def nature_sentence(self) -> str:
        return nature_sentence(self.kind, self.absolute)


def relied_on_after_review(
    regime: Regime | str,
    *,
    provision: str,
    title: str,
    absolute: bool,
    ncnd: bool,
    finding: ProvisionFinding | str | None,
    replacement: str = "",
) -> ReliedOn | None:
    """What the authority relies on once the review's finding is applied; None if withdrawn.

    No finding yet, or "maintained", leaves the provision first cited. "Replaced" gives the
    replacement as the catalogue describes it; a replacement the catalogue does not know (it is
    refused when the findings are saved) leaves the original, so nothing is silently dropped.
    """
    entry = lookup(regime, provision)
    kind = entry.kind if entry is not None else ProvisionKind.EXEMPTION
    original = ReliedOn(provision=provision, title=title, kind=kind, absolute=absolute, ncnd=ncnd)
    if finding in (None, ""):
        return original
    finding = ProvisionFinding(finding)
    if finding is ProvisionFinding.WITHDRAWN:
        return None
    if finding is ProvisionFinding.MAINTAINED or not replacement:
        return original
    new = lookup(regime, replacement)
    if new is None:
        return original
    parts = provision_parts(replacement)
    return ReliedOn(
        provision=replacement,
        title=new.title,
        kind=new.kind,
        absolute=is_absolute(regime, replacement),
        # An NCND subsection (s.24(2), s.31(3) ...) keeps neither confirming nor denying.
        ncnd=parts[1:2] != () and parts[1] in new.ncnd_subsections,
        in_place_of=provision,
    )


@dataclass(frozen=True)
class FindingSummary:
    grounds_upheld: tuple[bool, ...]
    provision_findings: tuple[ProvisionFinding, ...]
    releasing_information: bool


def derive_outcome(
    grounds_upheld: Iterable[bool],
    provision_findings: Iterable[ProvisionFinding | str],
    *,
    releasing_information: bool,
) -> ReviewOutcome:
    """Derive upheld / partly upheld / overturned from the individual findings.

    - Upheld: no ground upheld, every provision maintained, nothing new released.
    - Overturned: every ground upheld and every provision withdrawn (there must be
      something to overturn), i.e. the original decision does not stand at all.
    - Partly upheld: anything in between (some information released, or a provision
      withdrawn or replaced, or some grounds upheld).
    """
    grounds = list(grounds_upheld)
    findings = [ProvisionFinding(f) for f in provision_findings]
    if not grounds and not findings:
        raise ValueError("A review needs at least one ground or provision to decide on.")
    any_ground = any(grounds)
    all_grounds = all(grounds)
    all_withdrawn = all(f is ProvisionFinding.WITHDRAWN for f in findings)
    none_changed = all(f is ProvisionFinding.MAINTAINED for f in findings)
    if not any_ground and none_changed and not releasing_information:
        return ReviewOutcome.UPHELD
    if all_grounds and all_withdrawn:
        return ReviewOutcome.OVERTURNED
    return ReviewOutcome.PARTLY_UPHELD
