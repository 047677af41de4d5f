"""When the route to the regulator opens, and when a complaint may be out of time.

FOIA and EIR: an unanswered review can go to the ICO after 40 working days (ICO complaint
guidance); FOISA: to the SIC after the 20 working days s.21(1) allows. A request for review
received Thursday 12 March 2026:

- FOIA (bank holidays in any part of the UK): 40th working day Wednesday 13 May 2026.
- FOISA (Scottish bank holidays only, s.73): St Patrick's Day (17 March) and Easter Monday
  (6 April) are working days, Good Friday is not: Mar 13 (1), 16-20 (2-6), 23-27 (7-11),
  30-31 (12-13), Apr 1-2 (14-15), 6-10 (16-20): Friday 10 April 2026.

Out of time: the ICO expects complaints within 6 calendar weeks of the outcome, or of the end
of the review period; the SIC within 6 months (FOISA s.47(4)). Both stay open after that, with a
warning.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from review_service.cases import services as cases
from review_service.errors import Conflict
from review_service.regulator import services as regulator
from tests.factories import create_authority, create_case, create_staff

RECEIVED = dt.date(2026, 3, 12)


def filed(session: Any, regime: str = "foia") -> Any:
    authority = create_authority(session, regime=regime)
    extra: dict[str, Any] = {}
    provision = {"foisa": "s.35(1)(a)", "eir": "reg 12(5)(b)"}.get(regime)
    if provision:
        extra = {
            "provisions": (cases.ProvisionInput(provision),),
            "grounds": (cases.GroundInput("provision", "Not engaged.", provision=provision),),
        }
    return create_case(
        session,
        authority=authority,
        today=RECEIVED,
        regime=regime,
        request_sent_on=dt.date(2026, 2, 2),
        response_date=dt.date(2026, 3, 3),
        **extra,
    )


@pytest.mark.parametrize(
    ("regime", "last_day", "regulator_name"),
    [
        ("foia", dt.date(2026, 5, 13), "Information Commissioner's Office"),
        ("eir", dt.date(2026, 5, 13), "Information Commissioner's Office"),
        ("foisa", dt.date(2026, 4, 10), "Scottish Information Commissioner"),
    ],
)
def test_an_unanswered_review_opens_the_route_the_day_after_the_regimes_period(
    session: Any, regime: str, last_day: dt.date, regulator_name: str
) -> None:
    case = filed(session, regime)

    before = regulator.eligibility(session, case, today=last_day)
    after = regulator.eligibility(session, case, today=last_day + dt.timedelta(days=1))

    assert not before.available and before.opens is not None
    assert before.opens.due == last_day
    # FOISA s.47: one applies to the SIC; one complains to the ICO (FOIA s.50).
    verb = "apply" if regime == "foisa" else "complain"
    # Each law's review by its name: EIR reg 11 a reconsideration, FOISA s.21 a review.
    review = {"foia": "internal review", "eir": "reconsideration", "foisa": "review"}[regime]
    assert before.message == (
        f"If the authority has not sent its {review} outcome by {last_day:%-d %B %Y}, you can "
        f"{verb} to the {regulator_name} from the next day."
    )
    assert after.available and after.basis == "overdue" and not after.out_of_time
    assert after.message == f"The {review} is overdue: you can {verb} to the {regulator_name} now."


def test_on_the_same_day_a_scottish_review_is_overdue_but_an_english_one_is_not(
    session: Any,
) -> None:
    monday = dt.date(2026, 4, 13)

    assert regulator.eligibility(session, filed(session, "foisa"), today=monday).available
    assert not regulator.eligibility(session, filed(session, "foia"), today=monday).available


def test_an_overdue_ico_complaint_after_six_weeks_may_be_out_of_time(session: Any) -> None:
    case = filed(session)

    in_time = regulator.eligibility(session, case, today=dt.date(2026, 6, 24))
    late = regulator.eligibility(session, case, today=dt.date(2026, 6, 25))

    assert in_time.window is not None and in_time.window.due == dt.date(2026, 6, 24)
    assert not in_time.out_of_time
    assert late.available and late.out_of_time
    assert late.message == (
        "This may be out of time: the ICO expects complaints by 24 June 2026. You can still "
        "complain and explain the delay."
    )


def test_an_overdue_sic_application_after_six_months_may_be_out_of_time(session: Any) -> None:
    case = filed(session, "foisa")

    in_time = regulator.eligibility(session, case, today=dt.date(2026, 10, 10))
    late = regulator.eligibility(session, case, today=dt.date(2026, 10, 11))

    assert in_time.window is not None and in_time.window.due == dt.date(2026, 10, 10)
    assert not in_time.out_of_time and late.out_of_time
    assert "the SIC expects applications by 10 October 2026" in late.message


def test_a_decided_review_opens_the_route_at_once_and_the_six_weeks_run_from_the_outcome(
    session: Any, decide: Any
) -> None:
    case = filed(session)
    decide(session, case, create_staff(session, case.authority), decided_on=dt.date(2026, 4, 1))

    now = regulator.eligibility(session, case, today=dt.date(2026, 4, 1))
    last = regulator.eligibility(session, case, today=dt.date(2026, 5, 13))
    late = regulator.eligibility(session, case, today=dt.date(2026, 5, 14))

    assert now.available and now.basis == "decided"
    assert now.message == "You can complain to the Information Commissioner's Office now."
    assert now.window is not None and now.window.due == dt.date(2026, 5, 13)
    assert not last.out_of_time and late.out_of_time


def test_a_late_referral_is_recorded_as_possibly_out_of_time(
    session: Any, decide: Any, frozen: Any
) -> None:
    case = filed(session)
    decide(session, case, create_staff(session, case.authority), decided_on=dt.date(2026, 4, 1))
    frozen.set(dt.date(2026, 6, 1))

    referral = regulator.refer(session, case.requester, case, referred_on=dt.date(2026, 5, 14))

    assert (referral.basis, referral.out_of_time) == ("decided", True)


def test_referral_before_the_route_opens_is_refused(session: Any, frozen: Any) -> None:
    case = filed(session)
    frozen.set(dt.date(2026, 5, 13))

    with pytest.raises(Conflict, match="13 May 2026"):
        regulator.refer(session, case.requester, case)


def test_the_page_warns_plainly_with_the_dates_when_it_may_be_out_of_time(
    session: Any, client: Any, frozen: Any, sign_in: Any
) -> None:
    case = filed(session)
    session.commit()
    frozen.set(dt.date(2026, 7, 1))
    sign_in(case.requester)

    client.get(f"/complaints/{case.reference}/regulator")

    text = client.last_page.text
    assert "Warning This may be out of time: the ICO expects complaints by 24 June 2026. You " \
        "can still complain and explain the delay." in text  # fmt: skip
    assert "The internal review outcome was due by 14 April 2026" in text
    assert "You can complain if there is no outcome by 13 May 2026" in text
    assert (
        "Time limit for complaining 24 June 2026: 6 weeks from the end of the internal review "
        "period" in text
    )
    assert "I have sent my complaint" in text  # still open
