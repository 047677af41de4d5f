"""What a review decided, read from its findings: the outcome and how a ground is named (the
services, the outcome letter and the pages read these)."""

from __future__ import annotations

from typing import Protocol

from review_service.cases.models import Case, CitedProvision, Ground
from review_service.domain.review import (
    GroundKind,
    ProvisionOutcome,
    ReliedOn,
    ReviewOutcome,
    derive_outcome,
    relied_on_after_review,
)
from review_service.reviews.models import ReviewDecision


def ground_title(ground: Ground) -> str:
    kind = GroundKind(ground.kind)
    if kind is GroundKind.PROVISION and ground.cited_provision is not None:
        return f"{ground.cited_provision.provision} {ground.cited_provision.title}"
    return kind.label


def outcome_of(case: Case, decision: ReviewDecision) -> ReviewOutcome:
    kinds = {g.id: g.kind for g in case.grounds}
    return derive_outcome(
        [(kinds[f.ground_id], f.upheld) for f in decision.ground_findings],
        [f.finding for f in decision.provision_findings],
        releasing_information=bool(decision.released_information.strip()),
    )


class FindingOnProvision(Protocol):
    """A finding on a cited provision: one saved (ProvisionFinding) or one being saved."""

    @property
    def finding(self) -> ProvisionOutcome | str | None: ...

    @property
    def replacement_provision(self) -> str: ...


def relied_on(
    case: Case, cited: CitedProvision, finding: FindingOnProvision | None
) -> ReliedOn | None:
    """The provision relied on after the review in place of `cited`; None once withdrawn."""
    return relied_on_after_review(
        case.regime,
        provision=cited.provision,
        title=cited.title,
        absolute=cited.absolute,
        ncnd=cited.ncnd,
        finding=finding.finding if finding is not None else None,
        replacement=finding.replacement_provision if finding is not None else "",
    )
