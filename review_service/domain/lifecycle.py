"""The case state machine: an explicit table of (state, action) -> state.

A case is one complaint about one response. It starts as an internal review at the
authority and may go on to the regulator (ICO or SIC), a decision notice and a tribunal
appeal. Guards that need facts (who is acting, whether a review is overdue) are checked by
the services; this module only says which moves exist.
"""

from __future__ import annotations

import enum

from review_service.domain.labelled import LabelledEnum


class CaseStatus(LabelledEnum):
    RECEIVED = "received", "Received"
    IN_REVIEW = "in_review", "In review"
    DECIDED = "decided", "Review decided"
    REFERRED = "referred", "With the regulator"
    REGULATOR_DECIDED = "regulator_decided", "Regulator decided"
    # To the First-tier Tribunal, or for FOISA to the Court of Session (domain/regimes.py).
    APPEALED = "appealed", "Appealed"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"

    @property
    def is_open(self) -> bool:
        return self not in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN)


class CaseAction(enum.StrEnum):
    ACKNOWLEDGE = "acknowledge"
    RECORD_ORIGINAL_DECISION_MAKER = "record_original_decision_maker"
    ASSIGN = "assign"
    EXTEND = "extend"
    SAVE_DECISION = "save_decision"
    DECIDE = "decide"
    # A corrected outcome letter: a new version of the letter; the status stays. The value is
    # the one audit events have always carried for it.
    CORRECT_LETTER = "correct_letter"
    REFER = "refer"
    RECORD_REGULATOR_DETAILS = "record_regulator_details"
    RECORD_DECISION_NOTICE = "record_decision_notice"
    RECORD_COMPLIANCE = "record_compliance"
    APPEAL = "appeal"
    RECORD_TRIBUNAL_OUTCOME = "record_tribunal_outcome"
    WITHDRAW = "withdraw"
    CLOSE = "close"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


S = CaseStatus
A = CaseAction

_OPEN = tuple(s for s in CaseStatus if s.is_open)
_BEFORE_OUTCOME = (S.RECEIVED, S.IN_REVIEW)
_AFTER_OUTCOME = (S.DECIDED, S.REFERRED, S.REGULATOR_DECIDED, S.APPEALED)

# The whole lifecycle. Anything not listed is refused.
TRANSITIONS: dict[tuple[CaseStatus, CaseAction], CaseStatus] = {
    # Recorded before the outcome without moving the case. EXTEND: s.45 Code, a FOIA review
    # may run to 40 working days in exceptional cases.
    **{
        (state, action): state
        for state in _BEFORE_OUTCOME
        for action in (A.ACKNOWLEDGE, A.RECORD_ORIGINAL_DECISION_MAKER, A.EXTEND)
    },
    **{(state, A.ASSIGN): S.IN_REVIEW for state in _BEFORE_OUTCOME},  # or reassignment
    (S.IN_REVIEW, A.SAVE_DECISION): S.IN_REVIEW,
    (S.IN_REVIEW, A.DECIDE): S.DECIDED,
    # The outcome letter can be corrected while the case is open (the service checks that an
    # outcome was issued: a case referred as overdue has none).
    **{(state, A.CORRECT_LETTER): state for state in _AFTER_OUTCOME},
    # After an outcome, or when the review is overdue (ICO: 40 working days; SIC: 20).
    **{(state, A.REFER): S.REFERRED for state in (S.DECIDED, *_BEFORE_OUTCOME)},
    (S.REFERRED, A.RECORD_REGULATOR_DETAILS): S.REFERRED,
    (S.REFERRED, A.RECORD_DECISION_NOTICE): S.REGULATOR_DECIDED,
    (S.REGULATOR_DECIDED, A.RECORD_COMPLIANCE): S.REGULATOR_DECIDED,
    # FOIA s.50(6): steps affected by an appeal wait for it; the authority may still take them
    # (or take them after the appeal fails), and that is recorded while the case is appealed.
    (S.APPEALED, A.RECORD_COMPLIANCE): S.APPEALED,
    # Only a decision notice is appealable (FOIA s.57); the service checks it is one.
    (S.REGULATOR_DECIDED, A.APPEAL): S.APPEALED,
    (S.APPEALED, A.RECORD_TRIBUNAL_OUTCOME): S.APPEALED,
    **{(state, A.WITHDRAW): S.WITHDRAWN for state in _OPEN},
    **{(state, A.CLOSE): S.CLOSED for state in _OPEN},
}


def _reachable_from(start: CaseStatus) -> frozenset[CaseStatus]:
    """Every state a case in ``start`` can come to (``start`` too), by TRANSITIONS."""
    seen, frontier = {start}, [start]
    while frontier:
        state = frontier.pop()
        for (source, _action), target in TRANSITIONS.items():
            if source is state and target not in seen:
                seen.add(target)
                frontier.append(target)
    return frozenset(seen)


# The states no referred case comes back to: referring moves a case to REFERRED, and no path
# leads from there to these, so a case in one of them has no referral, decision notice or
# appeal (the regulator stage is not read for it). Worked out from TRANSITIONS, so a new path
# back from the regulator stage changes it.
NEVER_REFERRED = frozenset(CaseStatus) - _reachable_from(S.REFERRED)

# Overdue referral is only possible before a review outcome exists.
OVERDUE_REFERRAL_STATES = frozenset({S.RECEIVED, S.IN_REVIEW})
# What a requester withdraws is their request for review: only while it waits for its outcome.
# Later, staff record a withdrawal (say, of the complaint to the regulator, made with it).
REQUESTER_WITHDRAWAL_STATES = frozenset({S.RECEIVED, S.IN_REVIEW})


class InvalidTransition(Exception):  # noqa: N818 - reads as the domain says it
    """The action is not allowed from the case's current state."""

    def __init__(self, status: CaseStatus, action: CaseAction) -> None:
        self.status = status
        self.action = action
        super().__init__(status, action)  # args rebuild the error when it is copied

    def __str__(self) -> str:
        return (
            f"“{self.action.label}” is not possible while the case is {self.status.label.lower()}."
        )


def next_status(status: CaseStatus | str, action: CaseAction | str) -> CaseStatus:
    """Return the status after ``action``, or raise InvalidTransition."""
    status = CaseStatus(status)
    action = CaseAction(action)
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise InvalidTransition(status, action) from None


def allowed_actions(status: CaseStatus | str) -> list[CaseAction]:
    status = CaseStatus(status)
    return [action for (state, action) in TRANSITIONS if state == status]
