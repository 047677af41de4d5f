"""Internal review findings and the overall outcome derived from them.

The outcome is never typed in: it follows from the finding on each ground the requester
raised and on each provision the authority relied on (s.45 Code of Practice 2018: the
review is a fresh decision; DOMAIN.md "Outcomes").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from review_service.domain.calendar import Regime
from review_service.domain.exemptions import (
    ProvisionKind,
    is_absolute,
    lookup,
    nature_of,
    nature_sentence,
    provision_kind,
    provision_parts,
)
from review_service.domain.labelled import LabelledEnum


class GroundKind(LabelledEnum):
    # challenges one provision relied on
    PROVISION = "provision", "The authority was wrong to rely on this provision"
    MORE_INFORMATION_HELD = (
        "more_information_held",
        "The authority holds more information than it found",
    )
    LATE_RESPONSE = "late_response", "The response was late"
    INADEQUATE_NOTICE = "inadequate_notice", "The refusal notice did not explain itself"
    NO_ADVICE_AND_ASSISTANCE = "no_advice_and_assistance", "No advice and assistance was offered"
    OTHER = "other", "Something else"


GENERAL_GROUNDS = tuple(k for k in GroundKind if k is not GroundKind.PROVISION)


class ProvisionOutcome(LabelledEnum):
    MAINTAINED = "maintained", "Maintained"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REPLACED = "replaced", "Replaced"  # a different provision now relied on instead


class ReviewOutcome(LabelledEnum):
    UPHELD = "upheld", "Original decision upheld"  # the original decision stands in full
    PARTLY_UPHELD = "partly_upheld", "Original decision partly upheld"
    OVERTURNED = "overturned", "Original decision overturned"


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
    finding: ProvisionOutcome | str | None,
    replacement: str = "",
) -> ReliedOn | None:
    """What the authority relies on once the review's finding is applied; None if withdrawn.

    No finding yet, or "maintained", leaves the provision first cited. "Replaced" gives the
    replacement as the catalogue describes it; a replacement the catalogue does not know (it is
    refused when the findings are saved) leaves the original, so nothing is silently dropped.
    """
    kind = provision_kind(regime, provision)
    original = ReliedOn(provision=provision, title=title, kind=kind, absolute=absolute, ncnd=ncnd)
    if finding in (None, ""):
        return original
    finding = ProvisionOutcome(finding)
    if finding is ProvisionOutcome.WITHDRAWN:
        return None
    if finding is ProvisionOutcome.MAINTAINED or not replacement:
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


# Findings about how the request was handled, not about what was disclosed or withheld. They are
# recorded and reported, but they do not change whether the decision under review stands.
PROCEDURAL_GROUNDS = frozenset(
    {GroundKind.LATE_RESPONSE, GroundKind.INADEQUATE_NOTICE, GroundKind.NO_ADVICE_AND_ASSISTANCE}
)


def is_procedural(kind: GroundKind | str) -> bool:
    return GroundKind(kind) in PROCEDURAL_GROUNDS


def derive_outcome(
    grounds: Iterable[tuple[GroundKind | str, bool]],
    provision_findings: Iterable[ProvisionOutcome | str],
    *,
    releasing_information: bool,
) -> ReviewOutcome:
    """Upheld, partly upheld or overturned, as internal-review statistics count them.

    Published FOI statistics (central government's quarterly tables: upheld in full, upheld in
    part, overturned) classify a review by what happened to the decision under review (the
    s.45 Code of Practice, 2018: the review is a fresh decision on the request), that is the
    response: what was disclosed and what was withheld under which provision. So:

    - The decision *changes* where a provision is withdrawn or replaced, a substantive ground is
      upheld (more information is held, something else), or information is now released.
    - Part of it *stands* where a provision is maintained or replaced (the information is still
      withheld), or a substantive ground is rejected.
    - Upheld (in full): nothing changes. Overturned: it changes and nothing of it stands.
      Partly upheld: it changes and part of it stands.

    Procedural grounds (a late response, an inadequate notice, no advice and assistance) are
    findings beside the outcome and never move it: a review that only agrees the response was
    late upholds the decision; one that withdraws every provision and releases everything
    overturns it whether or not lateness was also found. A ground against a provision is decided
    with that provision (see `ground_contradiction`), so the provision's finding speaks for it.
    """
    ground_list = [(GroundKind(kind), upheld) for kind, upheld in grounds]
    findings = [ProvisionOutcome(f) for f in provision_findings]
    if not ground_list and not findings:
        raise ValueError("A review needs at least one ground or provision to decide on.")
    substantive = [
        upheld
        for kind, upheld in ground_list
        if kind is not GroundKind.PROVISION and kind not in PROCEDURAL_GROUNDS
    ]
    changes = (
        releasing_information
        or any(substantive)
        or any(f is not ProvisionOutcome.MAINTAINED for f in findings)
    )
    stands = not all(substantive) or any(f is not ProvisionOutcome.WITHDRAWN for f in findings)
    if not changes:
        return ReviewOutcome.UPHELD
    return ReviewOutcome.PARTLY_UPHELD if stands else ReviewOutcome.OVERTURNED


def ground_contradiction(
    provision: str, upheld: bool, finding: ProvisionOutcome | str | None
) -> str | None:
    """Why a finding on a ground against `provision` contradicts the finding on the provision.

    The ground says the provision was wrongly applied: upholding it while maintaining the
    provision, or rejecting it while withdrawing the provision, cannot both be right. A
    replacement (the provision is no longer relied on, another is) fits either answer.
    """
    if finding in (None, ""):
        return None
    finding = ProvisionOutcome(finding)
    if upheld and finding is ProvisionOutcome.MAINTAINED:
        return (
            f"The ground that {provision} was wrongly applied is upheld, but {provision} is "
            "maintained: withdraw or replace it, or do not uphold the ground"
        )
    if not upheld and finding is ProvisionOutcome.WITHDRAWN:
        return (
            f"The ground that {provision} was wrongly applied is not upheld, but {provision} is "
            "withdrawn: uphold the ground, or maintain the provision"
        )
    return None


def decision_contradiction(
    grounds: Iterable[tuple[GroundKind | str, bool]],
    provision_findings: Iterable[ProvisionOutcome | str],
    *,
    releasing_information: bool,
) -> str | None:
    """Why the findings taken together cannot be issued, or None when they hold together."""
    ground_list = [(GroundKind(kind), upheld) for kind, upheld in grounds]
    findings = [ProvisionOutcome(f) for f in provision_findings]
    every_withdrawn = bool(findings) and all(f is ProvisionOutcome.WITHDRAWN for f in findings)
    if every_withdrawn and not releasing_information:
        return (
            "Every provision is withdrawn, so nothing is withheld any more: say what "
            "information is now released (or, for a neither-confirm-nor-deny response, "
            "whether it is held)"
        )
    substantive_upheld = any(
        upheld
        for kind, upheld in ground_list
        if kind is not GroundKind.PROVISION and kind not in PROCEDURAL_GROUNDS
    )
    if releasing_information and not findings and not substantive_upheld:
        return (
            "Information is released, but no finding says any of it was wrongly withheld or "
            "missed: uphold the ground it answers, or release nothing"
        )
    return None
