"""Issue 11, item 5: the derived review outcome, as internal-review statistics count it.

Upheld in full: the decision under review (what was disclosed and withheld) is unchanged.
Overturned: it changed and none of it stands. Upheld in part: it changed and part of it stands.
Procedural findings (late response, inadequate notice, no advice and assistance) sit beside the
outcome and never move it. Contradictory findings are refused before issue.
"""

from __future__ import annotations

import itertools

import pytest

from review_service.domain.review import (
    PROCEDURAL_GROUNDS,
    GroundKind,
    ProvisionOutcome,
    ReviewOutcome,
    decision_contradiction,
    derive_outcome,
    ground_contradiction,
)

M, W, R = ProvisionOutcome.MAINTAINED, ProvisionOutcome.WITHDRAWN, ProvisionOutcome.REPLACED
UPHELD, PART, OVERTURNED = (
    ReviewOutcome.UPHELD,
    ReviewOutcome.PARTLY_UPHELD,
    ReviewOutcome.OVERTURNED,
)
P = GroundKind.PROVISION
MORE = GroundKind.MORE_INFORMATION_HELD
OTHER = GroundKind.OTHER
LATE = GroundKind.LATE_RESPONSE
NOTICE = GroundKind.INADEQUATE_NOTICE
ADVICE = GroundKind.NO_ADVICE_AND_ASSISTANCE


@pytest.mark.parametrize(
    ("grounds", "findings", "releasing", "expected"),
    [
        # Issue 11: only a late-response ground, upheld, no provisions: the decision stands.
        ([(LATE, True)], [], False, UPHELD),
        ([(LATE, True), (ADVICE, True), (NOTICE, True)], [], False, UPHELD),
        # Issue 11: a rejected procedural ground does not block "overturned".
        ([(P, True), (LATE, False)], [W], True, OVERTURNED),
        ([(P, True), (ADVICE, False)], [W, W], True, OVERTURNED),
        ([(P, True), (P, True)], [W, W], True, OVERTURNED),
        # Nothing changes: upheld in full, whatever the procedural findings.
        ([(P, False)], [M], False, UPHELD),
        ([(P, False), (LATE, True)], [M], False, UPHELD),
        ([(MORE, False)], [], False, UPHELD),
        ([(MORE, False), (OTHER, False)], [M, M], False, UPHELD),
        # Some of it changes and some stands.
        ([(P, False)], [M], True, PART),  # more released under a maintained provision
        ([(P, True), (P, False)], [W, M], True, PART),
        ([(P, True)], [R], False, PART),  # replaced: still withheld, on another provision
        ([(P, True)], [R], True, PART),
        ([(MORE, True)], [M], True, PART),
        ([(MORE, False)], [W], True, PART),  # the search stands, the provision does not
        ([(MORE, True), (OTHER, False)], [], True, PART),
        # None of it stands.
        ([(MORE, True)], [], True, OVERTURNED),  # "not held" reversed: found and released
        ([(MORE, True), (LATE, False)], [W], True, OVERTURNED),
    ],
)
def test_the_outcome_follows_what_happened_to_the_decision_under_review(
    grounds, findings, releasing, expected
):
    assert derive_outcome(grounds, findings, releasing_information=releasing) is expected


def _oracle(grounds, findings, releasing):  # type: ignore[no-untyped-def]
    """The definition, part by part: each provision and each substantive ground is one part of
    the decision under review; a part stands, changes, or (a replacement) both."""
    parts: list[tuple[bool, bool]] = []  # (stands, changes)
    for finding in findings:
        parts.append({M: (True, False), W: (False, True), R: (True, True)}[finding])
    for kind, upheld in grounds:
        if kind in (MORE, OTHER):
            parts.append((not upheld, upheld))
    changed = releasing or any(changes for _stands, changes in parts)
    if not changed:
        return UPHELD
    return PART if any(stands for stands, _changes in parts) else OVERTURNED


PROVISION_SETS = [fs for n in range(3) for fs in itertools.product((M, W, R), repeat=n)]  # 13 sets
CHOICES = (None, True, False)  # the ground is absent, upheld, or not upheld


@pytest.mark.parametrize("findings", PROVISION_SETS, ids=lambda fs: "-".join(fs) or "none")
def test_every_combination_of_findings(findings) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for more, other, late, notice, advice, releasing in itertools.product(
        CHOICES, CHOICES, CHOICES, CHOICES, CHOICES, (True, False)
    ):
        grounds = [
            (kind, upheld)
            for kind, upheld in ((MORE, more), (OTHER, other), (LATE, late), (NOTICE, notice),
                                 (ADVICE, advice))
            if upheld is not None
        ]  # fmt: skip
        # Each provision is challenged by a ground decided consistently with it.
        grounds += [(P, f is not M) for f in findings]
        if not grounds and not findings:
            with pytest.raises(ValueError, match="nothing|at least one"):
                derive_outcome(grounds, findings, releasing_information=releasing)
            continue
        outcome = derive_outcome(grounds, findings, releasing_information=releasing)
        assert outcome is _oracle(grounds, findings, releasing), (grounds, findings, releasing)
        # Procedural findings never move the outcome.
        without = [(k, u) for k, u in grounds if k not in PROCEDURAL_GROUNDS]
        if without or findings:
            assert derive_outcome(without, findings, releasing_information=releasing) is outcome
        checked += 1
    assert checked >= 3**5 * 2 - 2


@pytest.mark.parametrize(
    ("upheld", "finding", "problem"),
    [
        (True, M, "is upheld, but s.31(1)(a) is maintained"),
        (True, W, None),
        (True, R, None),
        (True, None, None),  # not decided yet: the completeness check asks for it
        (False, M, None),
        (False, W, "is not upheld, but s.31(1)(a) is withdrawn"),
        (False, R, None),
        (False, None, None),
    ],
)
def test_a_ground_against_a_provision_must_agree_with_the_finding_on_it(upheld, finding, problem):
    found = ground_contradiction("s.31(1)(a)", upheld, finding)
    assert (found is None) if problem is None else (problem in (found or ""))


@pytest.mark.parametrize(
    ("grounds", "findings", "releasing", "problem"),
    [
        ([(P, True)], [W], False, "Every provision is withdrawn"),
        ([(P, True), (P, True)], [W, W], False, "Every provision is withdrawn"),
        ([(P, True)], [W], True, None),
        ([(P, True), (P, False)], [W, M], False, None),  # what s.31 covered may be under s.24
        ([(LATE, True)], [], True, "no finding says any of it was wrongly withheld"),
        ([(MORE, False)], [], True, "no finding says any of it was wrongly withheld"),
        ([(MORE, True)], [], True, None),
        ([(LATE, True)], [], False, None),
        ([(P, False)], [M], True, None),
    ],
)
def test_findings_that_cannot_all_be_true_are_refused(grounds, findings, releasing, problem):
    found = decision_contradiction(grounds, findings, releasing_information=releasing)
    assert (found is None) if problem is None else (problem in (found or ""))
