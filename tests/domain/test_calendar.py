"""Working-day counting under FOIA s.10(6), EIR reg 2(1) and FOISA s.73.

Every expected date in the tables below was worked out by hand from the published bank holidays
for each nation, not by running the code.
"""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_service.domain.calendar import (
    BUILT_IN_OVERRIDES,
    CalendarError,
    DateOutOfRangeError,
    HolidayOverride,
    Regime,
    SkippedDay,
    WorkingDayCalendar,
    calendar_for,
    good_friday,
    next_working_day,
)
from review_service.domain.regulators import regulator_for

FOIA, EIR, FOISA = Regime.FOIA, Regime.EIR, Regime.FOISA

# (start, working days, regime, expected): start is day 0, the answer is the Nth working day.
WORKING_DAY_TABLE = [
    # DOMAIN.md worked examples (any-part-of-the-UK rule).
    pytest.param(date(2018, 5, 3), 40, FOIA, date(2018, 7, 2), id="domain-notice-2018-05-03"),
    pytest.param(date(2018, 3, 15), 20, FOIA, date(2018, 4, 17), id="domain-ir-20-days"),
    pytest.param(date(2018, 3, 15), 40, FOIA, date(2018, 5, 16), id="domain-ir-40-days"),
    pytest.param(date(2023, 12, 20), 20, FOIA, date(2024, 1, 23), id="domain-2-january-2024"),
    # The same counts for Scotland: 19 March and Easter Monday 2018 are working days there.
    pytest.param(date(2018, 3, 15), 20, FOISA, date(2018, 4, 13), id="foisa-2018-easter"),
    pytest.param(date(2023, 12, 20), 20, FOISA, date(2024, 1, 23), id="foisa-2-january-2024"),
    pytest.param(date(2018, 3, 15), 20, EIR, date(2018, 4, 17), id="eir-same-as-foia"),
    # St Patrick's Day (Northern Ireland) and its Monday substitutes.
    pytest.param(date(2014, 3, 14), 1, FOIA, date(2014, 3, 18), id="st-patrick-2014-monday"),
    pytest.param(date(2016, 3, 16), 1, FOIA, date(2016, 3, 18), id="st-patrick-2016-thursday"),
    pytest.param(date(2017, 3, 16), 1, FOIA, date(2017, 3, 20), id="st-patrick-2017-friday"),
    pytest.param(date(2018, 3, 16), 1, FOIA, date(2018, 3, 20), id="st-patrick-2018-sub"),
    pytest.param(date(2018, 3, 16), 1, FOISA, date(2018, 3, 19), id="foisa-st-patrick-2018"),
    pytest.param(date(2018, 3, 17), 1, FOIA, date(2018, 3, 20), id="start-on-st-patrick-2018"),
    pytest.param(date(2019, 3, 15), 1, FOIA, date(2019, 3, 19), id="st-patrick-2019-sub"),
    pytest.param(date(2019, 3, 15), 1, FOISA, date(2019, 3, 18), id="foisa-st-patrick-2019"),
    pytest.param(date(2023, 3, 16), 1, FOIA, date(2023, 3, 20), id="st-patrick-2023-friday"),
    pytest.param(date(2023, 3, 16), 1, FOISA, date(2023, 3, 17), id="foisa-st-patrick-2023"),
    pytest.param(date(2024, 3, 15), 1, FOIA, date(2024, 3, 19), id="st-patrick-2024-sub"),
    pytest.param(date(2024, 3, 15), 1, FOISA, date(2024, 3, 18), id="foisa-st-patrick-2024"),
    pytest.param(date(2025, 3, 14), 1, FOIA, date(2025, 3, 18), id="st-patrick-2025-monday"),
    pytest.param(date(2025, 3, 14), 1, FOISA, date(2025, 3, 17), id="foisa-st-patrick-2025"),
    pytest.param(date(2027, 3, 16), 1, EIR, date(2027, 3, 18), id="eir-st-patrick-2027"),
    # 12 July (Battle of the Boyne, Northern Ireland) and its substitutes.
    pytest.param(date(2014, 7, 11), 1, FOIA, date(2014, 7, 15), id="boyne-2014-sub"),
    pytest.param(date(2014, 7, 11), 1, FOISA, date(2014, 7, 14), id="foisa-boyne-2014"),
    pytest.param(date(2015, 7, 10), 1, FOIA, date(2015, 7, 14), id="boyne-2015-sub"),
    pytest.param(date(2015, 7, 10), 1, FOISA, date(2015, 7, 13), id="foisa-boyne-2015"),
    pytest.param(date(2019, 7, 11), 1, FOIA, date(2019, 7, 15), id="boyne-2019-friday"),
    pytest.param(date(2020, 7, 10), 1, FOIA, date(2020, 7, 14), id="boyne-2020-sub"),
    pytest.param(date(2021, 7, 9), 1, FOIA, date(2021, 7, 13), id="boyne-2021-monday"),
    pytest.param(date(2022, 7, 11), 1, FOIA, date(2022, 7, 13), id="boyne-2022-tuesday"),
    pytest.param(date(2022, 7, 11), 1, FOISA, date(2022, 7, 12), id="foisa-boyne-2022"),
    pytest.param(date(2025, 7, 11), 1, FOIA, date(2025, 7, 15), id="boyne-2025-sub"),
    pytest.param(date(2026, 7, 10), 1, FOIA, date(2026, 7, 14), id="boyne-2026-sub"),
    pytest.param(date(2026, 7, 10), 1, FOISA, date(2026, 7, 13), id="foisa-boyne-2026"),
    pytest.param(date(2026, 6, 29), 20, FOIA, date(2026, 7, 28), id="boyne-2026-20-days"),
    pytest.param(date(2026, 6, 29), 20, FOISA, date(2026, 7, 27), id="foisa-boyne-2026-20"),
    # 2 January (Scotland) and the New Year substitutes.
    pytest.param(date(2014, 12, 31), 1, FOIA, date(2015, 1, 5), id="2-january-2015-friday"),
    pytest.param(date(2015, 12, 31), 1, FOIA, date(2016, 1, 5), id="2-january-2016-sub"),
    pytest.param(date(2015, 12, 31), 1, FOISA, date(2016, 1, 5), id="foisa-2-january-2016"),
    pytest.param(date(2016, 12, 30), 1, FOIA, date(2017, 1, 4), id="2-january-2017-tuesday"),
    pytest.param(date(2020, 12, 31), 1, FOIA, date(2021, 1, 5), id="2-january-2021-sub"),
    pytest.param(date(2021, 12, 31), 1, FOIA, date(2022, 1, 5), id="2-january-2022-sub"),
    pytest.param(date(2022, 12, 30), 1, FOISA, date(2023, 1, 4), id="foisa-2-january-2023"),
    pytest.param(date(2023, 12, 29), 1, FOIA, date(2024, 1, 3), id="2-january-2024"),
    pytest.param(date(2026, 12, 31), 1, EIR, date(2027, 1, 5), id="eir-2-january-2027-sub"),
    # First Monday of August (Scotland) against the last Monday of August (elsewhere).
    pytest.param(date(2019, 8, 2), 1, FOIA, date(2019, 8, 6), id="scottish-august-2019"),
    pytest.param(date(2019, 8, 2), 1, FOISA, date(2019, 8, 6), id="foisa-scottish-aug-2019"),
    pytest.param(date(2019, 8, 23), 1, FOIA, date(2019, 8, 27), id="late-august-2019"),
    pytest.param(date(2019, 8, 23), 1, FOISA, date(2019, 8, 26), id="foisa-late-august-2019"),
    pytest.param(date(2022, 7, 29), 20, FOIA, date(2022, 8, 30), id="both-augusts-2022"),
    pytest.param(date(2022, 7, 29), 20, FOISA, date(2022, 8, 29), id="foisa-augusts-2022"),
    pytest.param(date(2026, 7, 31), 1, FOIA, date(2026, 8, 4), id="scottish-august-2026"),
    # St Andrew's Day (Scotland) and its Monday substitutes.
    pytest.param(date(2014, 11, 28), 1, FOIA, date(2014, 12, 2), id="st-andrew-2014-sub"),
    pytest.param(date(2015, 11, 27), 1, FOIA, date(2015, 12, 1), id="st-andrew-2015-monday"),
    pytest.param(date(2015, 11, 27), 1, FOISA, date(2015, 12, 1), id="foisa-st-andrew-2015"),
    pytest.param(date(2019, 11, 29), 1, FOIA, date(2019, 12, 3), id="st-andrew-2019-sub"),
    pytest.param(date(2020, 11, 27), 1, FOIA, date(2020, 12, 1), id="st-andrew-2020-monday"),
    pytest.param(date(2022, 11, 29), 1, FOIA, date(2022, 12, 1), id="st-andrew-2022-wednesday"),
    pytest.param(date(2024, 11, 29), 1, FOISA, date(2024, 12, 3), id="foisa-st-andrew-2024"),
    pytest.param(date(2025, 11, 28), 1, FOIA, date(2025, 12, 2), id="st-andrew-2025-sub"),
    pytest.param(date(2025, 11, 20), 20, FOISA, date(2025, 12, 19), id="foisa-st-andrew-2025"),
    pytest.param(date(2026, 11, 27), 1, FOIA, date(2026, 12, 1), id="st-andrew-2026-monday"),
    # One-off proclaimed days.
    pytest.param(date(2020, 5, 1), 5, FOIA, date(2020, 5, 11), id="ve-day-2020-moved-may-day"),
    pytest.param(date(2022, 5, 27), 1, FOIA, date(2022, 5, 30), id="spring-2022-moved-off-may"),
    pytest.param(date(2022, 5, 20), 10, FOIA, date(2022, 6, 7), id="platinum-jubilee-2022"),
    pytest.param(date(2022, 6, 1), 1, FOISA, date(2022, 6, 6), id="foisa-jubilee-2022"),
    pytest.param(date(2022, 9, 16), 1, FOIA, date(2022, 9, 20), id="state-funeral-2022"),
    pytest.param(date(2022, 9, 16), 1, FOISA, date(2022, 9, 20), id="foisa-state-funeral"),
    pytest.param(date(2023, 5, 5), 1, FOIA, date(2023, 5, 9), id="coronation-2023"),
    pytest.param(date(2023, 5, 5), 1, FOISA, date(2023, 5, 9), id="foisa-coronation-2023"),
    pytest.param(date(2026, 6, 12), 1, FOIA, date(2026, 6, 16), id="scotland-15-june-2026"),
    pytest.param(date(2026, 6, 12), 1, FOISA, date(2026, 6, 16), id="foisa-15-june-2026"),
    # Christmas, Good Friday and Easter Monday (not a bank holiday in Scotland).
    pytest.param(date(2022, 12, 23), 1, FOIA, date(2022, 12, 28), id="christmas-2022-sunday"),
    pytest.param(date(2025, 12, 24), 1, FOIA, date(2025, 12, 29), id="christmas-2025"),
    pytest.param(date(2025, 12, 24), 1, FOISA, date(2025, 12, 29), id="foisa-christmas-2025"),
    pytest.param(date(2014, 4, 17), 1, FOIA, date(2014, 4, 22), id="easter-2014"),
    pytest.param(date(2014, 4, 17), 1, FOISA, date(2014, 4, 21), id="foisa-easter-2014"),
    pytest.param(date(2025, 4, 17), 1, FOIA, date(2025, 4, 22), id="easter-2025"),
    pytest.param(date(2025, 4, 17), 1, FOISA, date(2025, 4, 21), id="foisa-easter-2025"),
    pytest.param(date(2026, 4, 2), 1, EIR, date(2026, 4, 7), id="eir-easter-2026"),
    pytest.param(date(2026, 4, 2), 1, FOISA, date(2026, 4, 6), id="foisa-easter-2026"),
    # Day 0 is the start itself, even when that is a holiday.
    pytest.param(date(2018, 3, 19), 0, FOIA, date(2018, 3, 19), id="zero-days"),
]


@pytest.mark.parametrize(("start", "working_days", "regime", "expected"), WORKING_DAY_TABLE)
def test_adding_working_days_skips_every_non_working_day_for_the_regime(
    start, working_days, regime, expected
):
    assert calendar_for(regime).add_working_days(start, working_days) == expected


@pytest.mark.parametrize(("start", "working_days", "regime", "expected"), WORKING_DAY_TABLE)
def test_counting_working_days_back_over_the_same_span_gives_the_same_number(
    start, working_days, regime, expected
):
    assert calendar_for(regime).working_days_between(start, expected) == working_days


# --- which days are working days -------------------------------------------------------------

NATION_SPECIFIC_DAYS = [
    pytest.param(
        date(2018, 3, 19),
        "Saint Patrick's Day (observed) (Northern Ireland)",
        False,
        id="st-patrick-substitute",
    ),
    pytest.param(
        date(2025, 3, 17), "Saint Patrick's Day (Northern Ireland)", False, id="st-patrick"
    ),
    pytest.param(
        date(2026, 7, 13),
        "Battle of the Boyne (observed) (Northern Ireland)",
        False,
        id="boyne-substitute",
    ),
    pytest.param(date(2024, 1, 2), "New Year Holiday (Scotland)", True, id="2-january"),
    pytest.param(date(2024, 8, 5), "Summer Bank Holiday (Scotland)", True, id="scottish-august"),
    pytest.param(
        date(2019, 12, 2),
        "Saint Andrew's Day (observed) (Scotland)",
        True,
        id="st-andrew-substitute",
    ),
    pytest.param(
        date(2026, 6, 15),
        "Scotland's participation in the FIFA World Cup final",
        True,
        id="15-june-2026",
    ),
    pytest.param(
        date(2024, 4, 1),
        "Easter Monday (England, Wales and Northern Ireland)",
        False,
        id="easter-monday",
    ),
    pytest.param(
        date(2024, 8, 26),
        "Late Summer Bank Holiday (England, Wales and Northern Ireland)",
        False,
        id="late-august",
    ),
]


@pytest.mark.parametrize(("day", "name", "scottish"), NATION_SPECIFIC_DAYS)
def test_a_bank_holiday_anywhere_in_the_uk_is_not_a_working_day_for_foia_or_eir(
    day, name, scottish
):
    for regime in (FOIA, EIR):
        assert not calendar_for(regime).is_working_day(day)
        assert calendar_for(regime).non_working_reason(day) == name


@pytest.mark.parametrize(("day", "name", "scottish"), NATION_SPECIFIC_DAYS)
def test_only_scottish_bank_holidays_stop_the_foisa_clock(day, name, scottish):
    assert calendar_for(FOISA).is_working_day(day) is not scottish


def test_st_patricks_day_substitute_is_not_a_working_day_for_an_english_authority():
    # FOIA s.10(6) does not ask where the authority is; the Monitor ruling (2015) agreed.
    assert not calendar_for(FOIA).is_working_day(date(2018, 3, 19))


def test_easter_monday_is_a_working_day_under_foisa_because_scotland_has_no_such_bank_holiday():
    # Schedule 1 para 2 of the Banking and Financial Dealings Act 1971 lists no Easter Monday for
    # Scotland, and the `holidays` package agrees.
    for year in range(2000, 2041):
        easter_monday = good_friday(year) + timedelta(days=3)
        assert calendar_for(FOISA).is_working_day(easter_monday)
        assert not calendar_for(FOIA).is_working_day(easter_monday)


def test_good_friday_and_christmas_day_are_never_working_days():
    for year in range(2000, 2041):
        for regime in Regime:
            calendar = calendar_for(regime)
            assert not calendar.is_working_day(good_friday(year))
            assert not calendar.is_working_day(date(year, 12, 25))


@pytest.mark.parametrize(
    ("year", "easter_sunday"),
    [
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),
        (2011, date(2011, 4, 24)),
        (2018, date(2018, 4, 1)),
        (2019, date(2019, 4, 21)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_good_friday_is_two_days_before_easter_sunday(year, easter_sunday):
    assert good_friday(year) == easter_sunday - timedelta(days=2)


@pytest.mark.parametrize(
    "day", [date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19), date(2023, 5, 8)]
)
def test_one_off_proclaimed_days_are_not_working_days_anywhere(day):
    for regime in Regime:
        assert not calendar_for(regime).is_working_day(day)


def test_the_moved_spring_bank_holiday_of_2022_left_the_last_monday_of_may_a_working_day():
    for regime in Regime:
        assert calendar_for(regime).is_working_day(date(2022, 5, 30))


def test_office_closure_days_between_christmas_and_new_year_are_working_days():
    assert calendar_for(FOIA).is_working_day(date(2024, 12, 27))
    assert calendar_for(FOIA).is_working_day(date(2024, 12, 30))


def test_weekends_are_named_by_their_day():
    calendar = calendar_for(FOIA)
    assert calendar.non_working_reason(date(2024, 3, 16)) == "Saturday"
    assert calendar.non_working_reason(date(2024, 3, 17)) == "Sunday"
    assert calendar.non_working_reason(date(2024, 3, 15)) is None


def test_a_day_with_two_holiday_names_says_which_belongs_to_scotland():
    # 2 January 2023 was New Year's Day's substitute everywhere and the 2 January holiday in
    # Scotland (whose own substitute fell on the 3rd).
    calendar = calendar_for(FOIA)
    assert calendar.non_working_reason(date(2023, 1, 2)) == (
        "New Year's Day (observed); New Year Holiday (Scotland)"
    )
    assert calendar.non_working_reason(date(2023, 1, 3)) == (
        "New Year Holiday (observed) (Scotland)"
    )


def test_st_andrews_day_2006_predates_the_act_that_made_it_a_bank_holiday():
    # The 2007 Act came into force on 16 January 2007; holidays 0.109 lists 2006 wrongly.
    assert any(o.day == date(2006, 11, 30) for o in BUILT_IN_OVERRIDES)
    assert calendar_for(FOISA).is_working_day(date(2006, 11, 30))
    assert not calendar_for(FOISA).is_working_day(date(2007, 11, 30))


# --- skipped days ----------------------------------------------------------------------------


def test_skipped_days_list_every_non_working_day_in_the_count_with_its_reason():
    skipped = calendar_for(FOIA).skipped_days(date(2018, 3, 15), date(2018, 4, 17))
    assert skipped == [
        SkippedDay(date(2018, 3, 17), "Saturday"),
        SkippedDay(date(2018, 3, 18), "Sunday"),
        SkippedDay(date(2018, 3, 19), "Saint Patrick's Day (observed) (Northern Ireland)"),
        SkippedDay(date(2018, 3, 24), "Saturday"),
        SkippedDay(date(2018, 3, 25), "Sunday"),
        SkippedDay(date(2018, 3, 30), "Good Friday"),
        SkippedDay(date(2018, 3, 31), "Saturday"),
        SkippedDay(date(2018, 4, 1), "Sunday"),
        SkippedDay(date(2018, 4, 2), "Easter Monday (England, Wales and Northern Ireland)"),
        SkippedDay(date(2018, 4, 7), "Saturday"),
        SkippedDay(date(2018, 4, 8), "Sunday"),
        SkippedDay(date(2018, 4, 14), "Saturday"),
        SkippedDay(date(2018, 4, 15), "Sunday"),
    ]


def test_skipped_days_exclude_the_start_and_include_the_end():
    calendar = calendar_for(FOIA)
    assert calendar.skipped_days(date(2018, 3, 17), date(2018, 3, 19)) == [
        SkippedDay(date(2018, 3, 18), "Sunday"),
        SkippedDay(date(2018, 3, 19), "Saint Patrick's Day (observed) (Northern Ireland)"),
    ]
    assert calendar.skipped_days(date(2018, 3, 19), date(2018, 3, 19)) == []
    assert calendar.skipped_days(date(2018, 3, 20), date(2018, 3, 15)) == []


def test_foisa_skipped_days_leave_out_northern_irish_and_english_days():
    skipped = calendar_for(FOISA).skipped_days(date(2018, 3, 15), date(2018, 4, 13))
    assert [s.name for s in skipped if s.name not in ("Saturday", "Sunday")] == ["Good Friday"]


# --- working days between --------------------------------------------------------------------


def test_working_days_between_counts_days_after_the_start_up_to_and_including_the_end():
    calendar = calendar_for(FOIA)
    assert calendar.working_days_between(date(2018, 3, 15), date(2018, 3, 16)) == 1
    assert calendar.working_days_between(date(2018, 3, 16), date(2018, 3, 19)) == 0
    assert calendar.working_days_between(date(2018, 3, 16), date(2018, 3, 20)) == 1
    assert calendar.working_days_between(date(2018, 3, 15), date(2018, 3, 15)) == 0
    assert calendar.working_days_between(date(2018, 4, 17), date(2018, 3, 15)) == 0


# --- overrides -------------------------------------------------------------------------------


def test_an_added_holiday_is_skipped_and_named_by_its_note():
    note = "Bank holiday proclaimed after the pinned holidays release"
    calendar = WorkingDayCalendar(FOIA, [HolidayOverride(date(2027, 6, 7), "add", note)])
    assert not calendar.is_working_day(date(2027, 6, 7))
    assert calendar.non_working_reason(date(2027, 6, 7)) == note
    assert calendar.add_working_days(date(2027, 6, 4), 1) == date(2027, 6, 8)
    assert calendar.skipped_days(date(2027, 6, 6), date(2027, 6, 7)) == [
        SkippedDay(date(2027, 6, 7), note)
    ]


def test_a_removed_holiday_becomes_a_working_day():
    override = HolidayOverride(date(2018, 3, 19), "remove", "Proclamation revoked")
    calendar = WorkingDayCalendar(FOIA, [override])
    assert calendar.is_working_day(date(2018, 3, 19))
    assert calendar.add_working_days(date(2018, 3, 16), 1) == date(2018, 3, 19)
    # The shared calendar without the override is unaffected.
    assert not calendar_for(FOIA).is_working_day(date(2018, 3, 19))


def test_a_caller_can_restore_a_day_the_built_in_overrides_remove():
    override = HolidayOverride(date(2006, 11, 30), "add", "Treated as a holiday locally")
    calendar = WorkingDayCalendar(FOISA, [override])
    assert calendar.non_working_reason(date(2006, 11, 30)) == "Treated as a holiday locally"


@pytest.mark.parametrize(
    ("regime", "day"),
    [
        (FOIA, date(2024, 12, 25)),
        (FOISA, date(2024, 12, 25)),
        (FOIA, date(2024, 3, 29)),
        (EIR, date(2024, 3, 29)),
        (FOIA, date(2024, 3, 16)),
    ],
    ids=["christmas-foia", "christmas-foisa", "good-friday-foia", "good-friday-eir", "saturday"],
)
def test_statutory_non_working_days_cannot_be_removed(regime, day):
    with pytest.raises(CalendarError, match="cannot be made a working day"):
        WorkingDayCalendar(regime, [HolidayOverride(day, "remove", "Office open")])


def test_a_date_cannot_be_both_added_and_removed():
    overrides = [
        HolidayOverride(date(2024, 3, 18), "remove", "Not kept"),
        HolidayOverride(date(2024, 3, 18), "add", "Kept"),
    ]
    with pytest.raises(CalendarError, match="both added and removed"):
        WorkingDayCalendar(FOIA, overrides)


def test_an_override_needs_a_known_action_and_a_note():
    with pytest.raises(ValueError, match="'add' or 'remove'"):
        HolidayOverride(date(2024, 3, 18), "delete", "Typo")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs a note"):
        HolidayOverride(date(2024, 3, 18), "add", "  ")


def test_calendar_for_shares_one_calendar_per_regime_and_overrides():
    override = HolidayOverride(date(2027, 6, 7), "add", "Proclaimed day")
    assert calendar_for(FOIA) is calendar_for("foia")
    assert calendar_for("FOISA") is calendar_for(FOISA)
    assert calendar_for(FOIA, [override]) is calendar_for(FOIA, (override,))
    assert calendar_for(FOIA, [override]) is not calendar_for(FOIA)
    assert not calendar_for(FOIA, [override]).is_working_day(date(2027, 6, 7))


# --- invalid input ---------------------------------------------------------------------------


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError, match="must not be negative"):
        calendar_for(FOIA).add_working_days(date(2024, 1, 10), -1)


@pytest.mark.parametrize("days", [1.5, "20", True])
def test_working_days_must_be_a_whole_number(days):
    with pytest.raises(TypeError):
        calendar_for(FOIA).add_working_days(date(2024, 1, 10), days)


def test_datetimes_are_refused_so_time_of_day_cannot_shift_a_count():
    with pytest.raises(TypeError):
        calendar_for(FOIA).is_working_day(datetime(2024, 1, 10, 9, 30))


@pytest.mark.parametrize("day", [date(1999, 12, 31), date(2041, 1, 1)])
def test_dates_outside_the_supported_years_are_refused(day):
    with pytest.raises(DateOutOfRangeError):
        calendar_for(FOIA).is_working_day(day)


def test_counting_past_the_last_supported_year_is_refused():
    with pytest.raises(DateOutOfRangeError):
        calendar_for(FOIA).add_working_days(date(2040, 12, 20), 20)


def test_an_unknown_regime_is_refused():
    with pytest.raises(ValueError, match="Unknown regime"):
        calendar_for("dpa")


# --- regimes and helpers ---------------------------------------------------------------------


def test_each_regime_names_its_law_and_its_regulator():
    assert FOIA.label == "Freedom of Information Act 2000"
    assert EIR.label == "Environmental Information Regulations 2004"
    assert FOISA.label == "Freedom of Information (Scotland) Act 2002"
    assert [regulator_for(r).code for r in (FOIA, EIR, FOISA)] == ["ico", "ico", "sic"]
    assert Regime("eir") is EIR and FOISA == "foisa"


def test_next_working_day_is_the_first_working_day_after_the_given_day():
    calendar = calendar_for(FOIA)
    assert next_working_day(calendar, date(2018, 3, 16)) == date(2018, 3, 20)
    assert next_working_day(calendar, date(2018, 3, 20)) == date(2018, 3, 21)


# --- properties ------------------------------------------------------------------------------

supported_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2039, 12, 31))
regimes = st.sampled_from(list(Regime))
property_settings = settings(max_examples=150, deadline=None)


@property_settings
@given(start=supported_dates, days=st.integers(min_value=1, max_value=120), regime=regimes)
def test_the_nth_working_day_is_always_a_working_day(start, days, regime):
    calendar = calendar_for(regime)
    assert calendar.is_working_day(calendar.add_working_days(start, days))


@property_settings
@given(start=supported_dates, days=st.integers(min_value=0, max_value=120), regime=regimes)
def test_one_more_working_day_always_lands_later(start, days, regime):
    calendar = calendar_for(regime)
    assert calendar.add_working_days(start, days + 1) > calendar.add_working_days(start, days)


@property_settings
@given(
    start=supported_dates,
    gap=st.integers(min_value=0, max_value=10),
    days=st.integers(min_value=0, max_value=120),
    regime=regimes,
)
def test_a_later_start_never_gives_an_earlier_deadline(start, gap, days, regime):
    calendar = calendar_for(regime)
    later = start + timedelta(days=gap)
    assert calendar.add_working_days(later, days) >= calendar.add_working_days(start, days)


@property_settings
@given(start=supported_dates, days=st.integers(min_value=0, max_value=120), regime=regimes)
def test_working_days_between_undoes_add_working_days(start, days, regime):
    calendar = calendar_for(regime)
    assert calendar.working_days_between(start, calendar.add_working_days(start, days)) == days


@property_settings
@given(start=supported_dates, days=st.integers(min_value=1, max_value=120))
def test_a_scottish_count_never_ends_later_than_a_uk_wide_count(start, days):
    # FOISA skips a subset of the days FOIA skips (Scottish bank holidays only).
    foisa_due = calendar_for(FOISA).add_working_days(start, days)
    assert foisa_due <= calendar_for(FOIA).add_working_days(start, days)


def _walk(calendar: WorkingDayCalendar, start: date, end: date) -> list[date]:
    """Every day after ``start`` up to ``end``, one at a time: the plain reading of the rule."""
    return [start + timedelta(days=n) for n in range(1, (end - start).days + 1)]


_PROCLAIMED = HolidayOverride(date(2031, 6, 3), "add", "Proclaimed: a royal event")
_RESTORED = HolidayOverride(date(2030, 8, 5), "remove", "Summer holiday moved (test)")


@property_settings
@given(
    start=supported_dates,
    span=st.integers(min_value=0, max_value=800),
    regime=regimes,
    overridden=st.booleans(),
)
def test_the_table_driven_counts_agree_with_a_day_by_day_walk(start, span, regime, overridden):
    # The calendar counts by bisecting each year's list of working days (issue 13); a walk over
    # the same days, asking each whether it is a working day, must give the same answers,
    # across year ends and with overrides.
    overrides = (_PROCLAIMED, _RESTORED) if overridden else ()
    calendar = WorkingDayCalendar(regime, overrides)
    end = min(start + timedelta(days=span), date(2040, 12, 31))
    days = _walk(calendar, start, end)
    working = [d for d in days if calendar.is_working_day(d)]
    assert calendar.working_days_between(start, end) == len(working)
    assert calendar.skipped_days(start, end) == [
        SkippedDay(d, calendar.non_working_reason(d)) for d in days if d not in working
    ]
    assert [calendar.add_working_days(start, n + 1) for n in range(len(working))] == working
