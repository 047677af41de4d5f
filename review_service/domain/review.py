"""Internal review findings and the overall outcome derived from them.

The outcome is never typed in: it follows from the finding on each ground the requester
raised and on each provision the authority relied on (s.45 Code of Practice 2018: the
review is a fresh decision; DOMAIN.md "Outcomes").
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


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
