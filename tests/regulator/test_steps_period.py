"""Issue 11, item 3: a decision's steps period cannot end before the time for appealing does
(FOIA s.50(6); FOISA s.49(7) for the 42 days to the Court of Session), and SIC decisions get their
own default period rather than the ICO's usual 35 days."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from review_service.errors import ValidationFailed
from review_service.regulator import services as regulator

DN_DATE = dt.date(2026, 9, 1)


def notice(days: int | None) -> regulator.DecisionNoticeInput:
    return regulator.DecisionNoticeInput(
        kind="decision_notice",
        issued_on=DN_DATE,
        reference="DN-1",
        steps_required="Give the applicant a fresh response.",
        compliance_days=days,
    )


def test_a_scottish_decision_gets_its_own_default_and_refuses_the_icos_35_days(
    session: Any, referred: Any
) -> None:
    case, staff = referred("foisa", "s.30(b)(i)")
    with pytest.raises(ValidationFailed) as refused:
        regulator.record_decision_notice(session, staff["caseworker"], case, notice(35))
    assert refused.value.errors["compliance_days"] == (
        "The period for the steps must be at least 42 days: it cannot end before the time for "
        "appealing to the Court of Session does (FOISA s.49(7))"
    )
    recorded = regulator.record_decision_notice(session, staff["caseworker"], case, notice(None))
    assert recorded.compliance_days == 42
    assert recorded.compliance_due_on == DN_DATE + dt.timedelta(days=42)


def test_an_ico_decision_keeps_the_usual_35_days(session: Any, referred: Any) -> None:
    case, staff = referred("eir", "reg 12(4)(e)")
    recorded = regulator.record_decision_notice(session, staff["caseworker"], case, notice(None))
    assert recorded.compliance_days == 35
