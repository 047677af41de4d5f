"""Deadlines for internal reviews, regulator complaints and appeals, per regime.

Expected dates are worked out by hand; the working-day counts match tests/domain/test_calendar.py.
"""

import re
from dataclasses import FrozenInstanceError
from datetime import date, timedelta

import pytest

from review_service.domain.calendar import HolidayOverride, Regime, SkippedDay, calendar_for
from review_service.domain.deadlines import (
    AuthorityPolicy,
    Deadline,
    DeadlineError,
    add_months,
    decision_notice_compliance,
    regulator_chaser,
    regulator_complaint_window,
    regulator_route_opens,
    review_deadlines,
    review_request_timing,
    review_request_window,
    review_response_due,
    tribunal_appeal,
)
from review_service.domain.regimes import rules_for

FOIA, EIR, FOISA = Regime.FOIA, Regime.EIR, Regime.FOISA
NEXT_WORKING_DAY_POLICY = AuthorityPolicy(receipt_on_non_working_day_starts_next_working_day=True)


# --- the window for asking for a review ------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "response_date", "expected", "rule"),
    [
        (FOIA, date(2018, 5, 3), date(2018, 7, 2), "s.45 Code of Practice"),
        (EIR, date(2018, 5, 3), date(2018, 7, 2), "EIR reg 11(2)"),
        # Both Augusts and the State Funeral fall in this window.
        (FOIA, date(2022, 7, 29), date(2022, 9, 28), "s.45 Code of Practice"),
    ],
)
def test_a_review_can_be_asked_for_within_40_working_days_of_the_response(
    regime, response_date, expected, rule
):
    window = review_request_window(regime, response_date)
    assert window.key == "review_request_window"
    assert window.due == expected
    assert window.start == response_date
    assert (window.working_days, window.calendar_days, window.months) == (40, None, None)
    assert rule in window.basis


@pytest.mark.parametrize(
    ("request_received", "response_date", "expected", "start", "clause"),
    [
        # Issue 11 and DOMAIN.md: request 1 June 2026, on-time response 3 June. The 20 working
        # days (FOISA s.10(1); 15 June 2026 is a Scottish bank holiday) end 30 June; 40 more
        # (3 August is Scotland's summer bank holiday) end 26 August, not 30 July.
        (date(2026, 6, 1), date(2026, 6, 3), date(2026, 8, 26), date(2026, 6, 30), "(a)"),
        # A response on the last day of the 20 is still on time.
        (date(2026, 6, 1), date(2026, 6, 30), date(2026, 8, 26), date(2026, 6, 30), "(a)"),
        # One day late: the count starts from the late response.
        (date(2026, 6, 1), date(2026, 7, 1), date(2026, 8, 27), date(2026, 7, 1), "(b)"),
        # No response at all: 40 working days after the 20 ran out.
        (date(2026, 6, 1), None, date(2026, 8, 26), date(2026, 6, 30), "(a)"),
        # Late response of 29 July 2022 (the 20 ended 1 July): only Scotland's August holiday
        # and the State Funeral fall in the 40.
        (date(2022, 6, 1), date(2022, 7, 29), date(2022, 9, 27), date(2022, 7, 29), "(b)"),
    ],
)
def test_foisa_review_window_runs_from_the_later_of_the_response_period_end_and_a_late_reply(
    request_received, response_date, expected, start, clause
):
    window = review_request_window(FOISA, response_date, request_received_on=request_received)
    assert (window.due, window.start, window.working_days) == (expected, start, 40)
    assert f"FOISA s.20(5){clause}" in window.basis


def test_a_scottish_requester_in_time_is_not_refused_by_a_strict_authority():
    strict = AuthorityPolicy(refuse_late_review_requests=True)
    timing = review_request_timing(
        FOISA, date(2026, 6, 3), date(2026, 8, 26), request_received_on=date(2026, 6, 1),
        policy=strict,
    )  # fmt: skip
    assert (timing.late, timing.accepted) == (False, True)
    late = review_request_timing(
        FOISA, date(2026, 6, 3), date(2026, 8, 27), request_received_on=date(2026, 6, 1),
        policy=strict,
    )  # fmt: skip
    assert (late.late, late.accepted) == (True, False)


def test_the_foisa_window_needs_the_date_the_request_was_received():
    with pytest.raises(DeadlineError, match="needs the date the authority received the request"):
        review_request_window(FOISA, date(2026, 6, 3))
    with pytest.raises(DeadlineError, match="cannot come before the authority received"):
        review_request_window(FOISA, date(2026, 5, 29), request_received_on=date(2026, 6, 1))


@pytest.mark.parametrize("regime", [FOIA, EIR])
def test_foia_and_eir_windows_need_a_response(regime):
    with pytest.raises(DeadlineError, match="counts from the date of the response"):
        review_request_window(regime, None)


def test_an_authority_can_set_its_own_window_for_foia_review_requests():
    policy = AuthorityPolicy(review_request_window_working_days=20)
    window = review_request_window(FOIA, date(2018, 3, 15), policy=policy)
    assert window.due == date(2018, 4, 17)
    assert window.working_days == 20


def test_the_statutory_window_for_eir_and_foisa_ignores_the_authority_setting():
    policy = AuthorityPolicy(review_request_window_working_days=20)
    assert review_request_window(EIR, date(2018, 3, 15), policy=policy).due == date(2018, 5, 16)
    foisa = review_request_window(
        FOISA, date(2018, 3, 15), request_received_on=date(2018, 3, 1), policy=policy
    )
    assert foisa.working_days == 40


def test_the_foia_window_says_whether_the_authority_accepts_late_requests():
    lenient = review_request_window(FOIA, date(2018, 5, 3))
    strict = review_request_window(
        FOIA, date(2018, 5, 3), policy=AuthorityPolicy(refuse_late_review_requests=True)
    )
    assert "will still consider later requests" in lenient.basis
    assert "does not accept later requests" in strict.basis


def test_a_review_request_on_the_last_day_of_the_window_is_in_time():
    timing = review_request_timing(FOIA, date(2018, 5, 3), date(2018, 7, 2))
    assert not timing.late
    assert timing.accepted
    assert "Monday 2 July 2018" in timing.message


def test_a_late_review_request_is_accepted_with_a_warning_by_default():
    timing = review_request_timing(FOIA, date(2018, 5, 3), date(2018, 7, 3))
    assert timing.late
    assert timing.accepted
    assert timing.window.due == date(2018, 7, 2)
    assert "will still review it" in timing.message


def test_a_late_review_request_is_refused_when_the_authority_policy_says_so():
    policy = AuthorityPolicy(refuse_late_review_requests=True)
    timing = review_request_timing(FOIA, date(2018, 5, 3), date(2018, 7, 3), policy=policy)
    assert timing.late
    assert not timing.accepted
    assert "does not accept late requests" in timing.message


def test_a_review_request_cannot_arrive_before_the_response():
    with pytest.raises(DeadlineError, match="cannot come before the response"):
        review_request_timing(FOIA, date(2018, 5, 3), date(2018, 5, 2))


@pytest.mark.parametrize("window", [0, -5, True, 20.5])
def test_the_review_request_window_policy_must_be_a_positive_whole_number(window):
    with pytest.raises(ValueError, match="at least 1 working day"):
        AuthorityPolicy(review_request_window_working_days=window)


# --- when the review outcome is due ----------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "extended", "key", "working_days", "expected", "rule"),
    [
        (FOIA, False, "review_target", 20, date(2018, 4, 17), "s.45 Code of Practice"),
        (FOIA, True, "review_maximum", 40, date(2018, 5, 16), "exceptional cases"),
        (EIR, False, "review_maximum", 40, date(2018, 5, 16), "EIR reg 11(4)"),
        # Scotland works on 19 March (NI) and Easter Monday 2018.
        (FOISA, False, "review_maximum", 20, date(2018, 4, 13), "FOISA s.21(1)"),
    ],
)
def test_the_review_outcome_is_due_after_the_regimes_working_days(
    regime, extended, key, working_days, expected, rule
):
    deadline = review_response_due(regime, date(2018, 3, 15), extended=extended)
    assert deadline.key == key
    assert deadline.working_days == working_days
    assert deadline.due == expected
    assert deadline.start == date(2018, 3, 15)
    assert rule in deadline.basis


def test_the_foia_review_target_lists_the_days_it_skipped():
    deadline = review_response_due(FOIA, date(2018, 3, 15))
    holidays = [s for s in deadline.skipped if s.name not in ("Saturday", "Sunday")]
    assert holidays == [
        SkippedDay(date(2018, 3, 19), "Saint Patrick's Day (observed) (Northern Ireland)"),
        SkippedDay(date(2018, 3, 30), "Good Friday"),
        SkippedDay(date(2018, 4, 2), "Easter Monday (England, Wales and Northern Ireland)"),
    ]
    assert len(deadline.skipped) == 13


@pytest.mark.parametrize("regime", [EIR, FOISA])
def test_a_statutory_review_period_cannot_be_extended(regime):
    with pytest.raises(DeadlineError, match="cannot be extended"):
        review_response_due(regime, date(2018, 3, 15), extended=True)


def test_the_extension_refusal_is_a_value_error_naming_the_rule():
    with pytest.raises(ValueError, match=r"EIR reg 11\(4\)"):
        review_response_due("eir", date(2018, 3, 15), extended=True)
    with pytest.raises(ValueError, match=r"FOISA s.21\(1\)"):
        review_response_due("foisa", date(2018, 3, 15), extended=True)


def test_receipt_on_a_saturday_counts_from_the_saturday_by_default():
    deadline = review_response_due(FOIA, date(2018, 3, 17))
    assert deadline.start == date(2018, 3, 17)
    assert deadline.due == date(2018, 4, 18)


def test_the_next_working_day_policy_moves_the_start_past_the_weekend_and_bank_holiday():
    # Saturday 17 March 2018: Sunday, then the NI St Patrick's substitute, so Tuesday 20th.
    deadline = review_response_due(FOIA, date(2018, 3, 17), policy=NEXT_WORKING_DAY_POLICY)
    assert deadline.start == date(2018, 3, 20)
    assert deadline.due == date(2018, 4, 19)
    assert "treats as received on the next working day, Tuesday 20 March 2018" in deadline.basis


def test_the_next_working_day_policy_leaves_a_working_day_receipt_alone():
    deadline = review_response_due(FOIA, date(2018, 3, 15), policy=NEXT_WORKING_DAY_POLICY)
    assert deadline.start == date(2018, 3, 15)
    assert deadline.due == date(2018, 4, 17)
    assert "treats as received" not in deadline.basis


def test_the_next_working_day_policy_follows_the_foisa_calendar():
    # Monday 19 March 2018 is a working day in Scotland, so it becomes the receipt date.
    deadline = review_response_due(FOISA, date(2018, 3, 17), policy=NEXT_WORKING_DAY_POLICY)
    assert deadline.start == date(2018, 3, 19)


def test_review_deadlines_use_the_overrides_they_are_given():
    override = HolidayOverride(date(2018, 4, 16), "add", "Day of mourning")
    deadline = review_response_due(FOIA, date(2018, 3, 15), overrides=[override])
    assert deadline.due == date(2018, 4, 18)
    assert SkippedDay(date(2018, 4, 16), "Day of mourning") in deadline.skipped


# --- regulator clocks ------------------------------------------------------------------------


def test_a_foia_internal_review_can_be_chased_after_its_20_working_day_target():
    chaser = regulator_chaser(FOIA, date(2018, 3, 15))
    assert chaser is not None
    assert chaser.key == "regulator_chaser"
    assert chaser.due == date(2018, 4, 17)
    assert chaser.working_days == 20
    assert "s.45 Code of Practice" in chaser.basis


@pytest.mark.parametrize("regime", [EIR, FOISA])
def test_there_is_no_chaser_stage_where_the_review_limit_is_statutory(regime):
    """EIR reg 11(4) gives the authority 40 working days to reconsider, so a reconsideration is
    not late at 20; the ICO takes a complaint about an unanswered one "after 40 working days"
    (ICO, FOI and EIR complaints) and asks for a chaser only where there was no initial response.
    FOISA s.21(1): the SIC route opens when the 20 days pass."""
    assert regulator_chaser(regime, date(2018, 3, 15)) is None


@pytest.mark.parametrize(
    ("regime", "working_days", "expected", "rule"),
    [
        (FOIA, 40, date(2018, 5, 16), "FOIA s.50"),
        (EIR, 40, date(2018, 5, 16), "EIR reg 18"),
        (FOISA, 20, date(2018, 4, 13), "FOISA s.47(1)"),
    ],
)
def test_an_unanswered_review_can_go_to_the_regulator_once_the_period_ends(
    regime, working_days, expected, rule
):
    route = regulator_route_opens(regime, date(2018, 3, 15))
    assert route.key == "regulator_route_opens"
    assert route.working_days == working_days
    assert route.due == expected
    assert rule in route.basis
    assert not route.is_overdue(expected)
    assert route.is_overdue(expected + timedelta(days=1))


def test_the_regulator_route_counts_from_actual_receipt_whatever_the_authority_policy():
    route = regulator_route_opens(FOIA, date(2018, 3, 17))
    assert route.start == date(2018, 3, 17)


@pytest.mark.parametrize("regime", [FOIA, EIR])
def test_a_complaint_to_the_ico_should_be_made_within_six_weeks_of_the_outcome(regime):
    window = regulator_complaint_window(regime, date(2024, 1, 23))
    assert window.key == "regulator_complaint_window"
    assert window.due == date(2024, 3, 5)  # 42 calendar days, through 29 February
    assert (window.working_days, window.calendar_days, window.months) == (None, 42, None)
    assert window.skipped == ()
    assert "s.50(2)(b)" in window.basis


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (date(2024, 1, 15), date(2024, 7, 15)),
        (date(2023, 8, 31), date(2024, 2, 29)),  # leap year
        (date(2022, 8, 31), date(2023, 2, 28)),
        (date(2023, 3, 31), date(2023, 9, 30)),
        (date(2023, 12, 31), date(2024, 6, 30)),
    ],
)
def test_an_application_to_the_sic_is_due_six_months_on_clamped_to_the_month_end(outcome, expected):
    window = regulator_complaint_window(FOISA, outcome)
    assert window.due == expected
    assert (window.working_days, window.calendar_days, window.months) == (None, None, 6)
    assert "FOISA s.47(4)(a)" in window.basis


def test_an_unanswered_foisa_review_gives_six_months_from_the_end_of_the_review_period():
    expiry = regulator_route_opens(FOISA, date(2018, 3, 15)).due
    window = regulator_complaint_window(FOISA, expiry, counted_from="review_period_expiry")
    assert window.due == date(2018, 10, 13)
    assert "FOISA s.47(4)(b)" in window.basis


def test_an_unanswered_foia_review_gives_six_weeks_from_the_end_of_the_review_period():
    expiry = regulator_route_opens(FOIA, date(2018, 3, 15)).due
    window = regulator_complaint_window(FOIA, expiry, counted_from="review_period_expiry")
    assert window.due == date(2018, 6, 27)
    assert "the end of the internal review period" in window.basis


def test_regulator_clocks_accept_the_policy_but_count_from_actual_receipt():
    policy = NEXT_WORKING_DAY_POLICY
    received = date(2018, 3, 17)
    assert regulator_chaser(FOIA, received, policy=policy).due == date(2018, 4, 18)
    assert regulator_route_opens(FOIA, received, policy=policy).start == received
    window = regulator_complaint_window(FOIA, date(2024, 1, 23), policy=policy, overrides=())
    assert window.due == date(2024, 3, 5)


def test_an_unknown_starting_point_for_the_regulator_window_is_refused():
    with pytest.raises(DeadlineError, match="Unknown starting point"):
        regulator_complaint_window(FOISA, date(2018, 5, 16), counted_from="request")


# --- decision notices and appeals ------------------------------------------------------------


def test_decision_notice_steps_are_due_35_calendar_days_after_the_notice_by_default():
    deadline = decision_notice_compliance(date(2024, 1, 10))
    assert deadline.key == "decision_notice_compliance"
    assert deadline.due == date(2024, 2, 14)
    assert deadline.calendar_days == 35
    assert deadline.skipped == ()


def test_decision_notice_steps_follow_the_period_the_notice_states():
    assert decision_notice_compliance(date(2024, 1, 10), period_days=30).due == date(2024, 2, 9)
    assert decision_notice_compliance(date(2024, 1, 10), period_days=28).due == date(2024, 2, 7)


@pytest.mark.parametrize(
    ("regime", "period_days", "problem"),
    [
        # FOIA s.50(6) (EIR via reg 18): the steps cannot fall due within the 28 days for
        # appealing to the First-tier Tribunal.
        (FOIA, 27, "at least 28 days: it cannot end before the time for appealing to the "
         "First-tier Tribunal does (FOIA s.50(6))"),
        (EIR, 20, "at least 28 days"),
        (FOIA, 28, None),
        (EIR, 35, None),
        # FOISA s.49(7): nor within the 42 days for appealing to the Court of Session.
        (FOISA, 35, "at least 42 days: it cannot end before the time for appealing to the "
         "Court of Session does (FOISA s.49(7))"),
        (FOISA, 41, "at least 42 days"),
        (FOISA, 42, None),
        (FOISA, 45, None),
    ],
)  # fmt: skip
def test_the_steps_period_cannot_end_before_the_appeal_period(regime, period_days, problem):
    if problem is None:
        deadline = decision_notice_compliance(date(2024, 1, 10), period_days, regime=regime)
        assert deadline.due == date(2024, 1, 10) + timedelta(days=period_days)
    else:
        with pytest.raises(DeadlineError, match=re.escape(problem)):
            decision_notice_compliance(date(2024, 1, 10), period_days, regime=regime)


def test_scottish_decisions_have_their_own_default_steps_period():
    assert decision_notice_compliance(date(2024, 1, 10), regime=FOISA).calendar_days == 42
    assert decision_notice_compliance(date(2024, 1, 10), regime=EIR).calendar_days == 35


@pytest.mark.parametrize("period_days", [0, -35, True])
def test_a_decision_notice_period_must_be_a_positive_number_of_days(period_days):
    with pytest.raises(DeadlineError, match="at least 1 day"):
        decision_notice_compliance(date(2024, 1, 10), period_days=period_days)


def test_an_appeal_must_reach_the_tribunal_within_28_days_of_the_notice_being_sent():
    deadline = tribunal_appeal(date(2024, 1, 10))
    assert deadline.key == "tribunal_appeal"
    assert deadline.due == date(2024, 2, 7)
    assert deadline.calendar_days == 28
    assert "r.22(1)(b)" in deadline.basis
    assert "r.12(2)" not in deadline.basis


@pytest.mark.parametrize(
    ("sent", "due", "said"),
    [
        # A bank holiday in England and Wales, where the tribunal receives appeals: r.12(2) and
        # r.1(3) give the next working day there.
        (date(2024, 4, 29), date(2024, 5, 27),
         "not a working day (Spring Bank Holiday), so a notice received by 5pm on Tuesday 28 "
         "May 2024 is still in time (r.12(2), r.1(3))"),
        # Good Friday, then the weekend and Easter Monday (England and Wales): Tuesday.
        (date(2026, 3, 6), date(2026, 4, 3),
         "not a working day (Good Friday), so a notice received by 5pm on Tuesday 7 April 2026 "
         "is still in time"),
        (date(2026, 3, 7), date(2026, 4, 4),
         "not a working day (Saturday), so a notice received by 5pm on Tuesday 7 April 2026"),
        # 31 August 2026: the summer bank holiday in England, Wales and Northern Ireland.
        (date(2026, 8, 3), date(2026, 8, 31),
         "so a notice received by 5pm on Tuesday 1 September 2026 is still in time"),
        # Issue 11: a day that is a bank holiday only in Scotland or Northern Ireland is not
        # promised any slack: r.1(3) does not say "in any part of the United Kingdom".
        (date(2026, 11, 2), date(2026, 11, 30),
         "a bank holiday only outside England and Wales (Saint Andrew's Day (Scotland)); the "
         "tribunal's rules (r.1(3), r.12(2)) do not make plain that it moves the time limit"),
        (date(2026, 2, 17), date(2026, 3, 17),
         "a bank holiday only outside England and Wales (Saint Patrick's Day (Northern "
         "Ireland))"),
        (date(2024, 6, 14), date(2024, 7, 12),
         "a bank holiday only outside England and Wales (Battle of the Boyne (Northern "
         "Ireland))"),
        (date(2025, 12, 5), date(2026, 1, 2), "only outside England and Wales"),  # Scotland
    ],
)  # fmt: skip
def test_the_tribunal_deadline_promises_only_what_the_rules_support(sent, due, said):
    deadline = tribunal_appeal(sent)
    assert deadline.due == due  # the strict date is never moved
    assert "by 5pm that day (GRC Rules 2009 r.22(1)(b), r.12(1))" in deadline.basis
    assert said in deadline.basis
    if "only outside England and Wales" in said:
        assert "still in time" not in deadline.basis


def test_scottish_decisions_are_not_appealed_to_the_first_tier_tribunal():
    with pytest.raises(DeadlineError, match="Court of Session"):
        tribunal_appeal(date(2024, 1, 10), regime=FOISA)


# --- the case page's list --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "extended", "expected"),
    [
        (
            FOIA,
            False,
            [
                ("review_target", date(2018, 4, 17)),
                ("regulator_chaser", date(2018, 4, 17)),
                ("regulator_route_opens", date(2018, 5, 16)),
            ],
        ),
        (
            FOIA,
            True,
            [
                ("regulator_chaser", date(2018, 4, 17)),
                ("review_maximum", date(2018, 5, 16)),
                ("regulator_route_opens", date(2018, 5, 16)),
            ],
        ),
        (
            EIR,
            False,
            [
                ("review_maximum", date(2018, 5, 16)),
                ("regulator_route_opens", date(2018, 5, 16)),
            ],
        ),
        (
            FOISA,
            False,
            [
                ("review_maximum", date(2018, 4, 13)),
                ("regulator_route_opens", date(2018, 4, 13)),
            ],
        ),
    ],
)
def test_review_deadlines_list_every_running_clock_earliest_first(regime, extended, expected):
    deadlines = review_deadlines(regime, date(2018, 3, 15), extended=extended)
    assert [(d.key, d.due) for d in deadlines] == expected


def test_review_deadlines_pass_the_policy_to_the_authoritys_own_deadline():
    deadlines = review_deadlines(FOIA, date(2018, 3, 17), policy=NEXT_WORKING_DAY_POLICY)
    by_key = {d.key: d for d in deadlines}
    assert by_key["review_target"].due == date(2018, 4, 19)
    assert by_key["regulator_chaser"].due == date(2018, 4, 18)


def test_review_deadlines_refuse_an_extension_for_eir():
    with pytest.raises(DeadlineError):
        review_deadlines(EIR, date(2018, 3, 15), extended=True)


# --- the Deadline value ----------------------------------------------------------------------


def test_a_deadline_is_overdue_only_after_its_due_date():
    deadline = review_response_due(FOIA, date(2018, 3, 15))
    assert not deadline.is_overdue(date(2018, 4, 16))
    assert not deadline.is_overdue(date(2018, 4, 17))
    assert deadline.is_overdue(date(2018, 4, 18))


def test_working_days_left_counts_down_to_zero_then_goes_negative():
    deadline = review_response_due(FOIA, date(2018, 3, 15))
    calendar = calendar_for(FOIA)
    assert deadline.working_days_left(calendar, date(2018, 3, 15)) == 20
    assert deadline.working_days_left(calendar, date(2018, 4, 16)) == 1
    assert deadline.working_days_left(calendar, date(2018, 4, 17)) == 0
    assert deadline.working_days_left(calendar, date(2018, 4, 19)) == -2


def test_a_deadline_cannot_be_changed_after_it_is_made():
    deadline = tribunal_appeal(date(2024, 1, 10))
    assert isinstance(deadline, Deadline)
    with pytest.raises(FrozenInstanceError):
        deadline.due = date(2024, 3, 1)  # type: ignore[misc]


def test_every_deadline_has_a_plain_label_and_basis():
    received = date(2018, 3, 15)
    deadlines = [
        review_request_window(FOIA, received),
        *review_deadlines(FOIA, received),
        regulator_complaint_window(FOISA, received),
        decision_notice_compliance(received),
        tribunal_appeal(received),
    ]
    for deadline in deadlines:
        assert deadline.label and deadline.label[0].isupper()
        assert deadline.basis


# --- months ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 15), 1, date(2024, 2, 15)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 10, 31), 2, date(2024, 12, 31)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 12, 31), 12, date(2025, 12, 31)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 1, 31), -13, date(2022, 12, 31)),
        (date(2024, 5, 20), 0, date(2024, 5, 20)),
    ],
)
def test_adding_months_keeps_the_day_or_clamps_it_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_the_eir_clocks_cite_the_foia_sections_as_applied_by_regulation_18():
    """EIR reg 18 applies FOIA s.50 and s.57 (with s.50(6)) to the EIR: an EIR case's clocks
    cite them as applied, and a FOIA case's as they stand."""
    assert "(ICO complaint guidance, FOIA s.50(2)(b), applied by EIR reg 18)" in (
        regulator_complaint_window(EIR, date(2024, 1, 23)).basis
    )
    assert (
        "(FOIA s.50(6), applied by EIR reg 18)"
        in decision_notice_compliance(date(2024, 1, 10), regime=EIR).basis
    )
    assert rules_for(EIR).appeal.basis == (
        "FOIA s.57, applied by EIR reg 18; GRC Rules 2009 r.22(1)(b)"
    )
    assert "reg 18" not in regulator_complaint_window(FOIA, date(2024, 1, 23)).basis
    assert "reg 18" not in decision_notice_compliance(date(2024, 1, 10), regime=FOIA).basis
    assert rules_for(FOIA).appeal.basis == "FOIA s.57; GRC Rules 2009 r.22(1)(b)"


def test_the_eir_regulator_clocks_speak_of_the_reconsideration():
    """EIR reg 11: the requester's representations ask for a reconsideration, not a review."""
    received = date(2018, 3, 15)
    assert regulator_chaser(EIR, received) is None
    clocks = [
        regulator_route_opens(EIR, received),
        regulator_complaint_window(EIR, date(2024, 1, 23)),
        regulator_complaint_window(EIR, date(2024, 1, 23), counted_from="review_period_expiry"),
    ]
    assert clocks[0].label == (
        "If there is no reconsideration outcome by the end of this day, the requester can "
        "complain to the ICO"
    )
    assert clocks[0].basis.startswith(
        "40 working days from receipt of the request for reconsideration with no outcome"
    )
    assert "6 weeks from the reconsideration outcome" in clocks[1].basis
    assert "6 weeks from the end of the reconsideration period" in clocks[2].basis
    for clock in clocks:
        assert clock is not None
        assert "review" not in clock.label + clock.basis
