"""The one way dates and times are written for people (review_service/domain/dates.py)."""

from __future__ import annotations

import datetime as dt

from review_service.domain import dates


def test_dates_read_as_gov_uk_style_in_any_locale() -> None:
    day = dt.date(2026, 5, 3)
    assert dates.long_date(day) == "3 May 2026"
    assert dates.weekday_date(day) == "Sunday 3 May 2026"
    assert dates.month_year(day) == "May 2026"
    assert dates.long_date_or(None, "not known") == "not known"
    assert dates.long_date_or(day, "not known") == "3 May 2026"


def test_every_day_of_a_year_matches_the_c_locale_formats_the_pages_used() -> None:
    day = dt.date(2028, 1, 1)  # a leap year
    while day.year == 2028:
        assert dates.long_date(day) == f"{day:%-d %B %Y}"
        assert dates.weekday_date(day) == f"{day:%A %-d %B %Y}"
        day += dt.timedelta(days=1)


def test_times_use_am_and_pm_with_twelve_for_noon_and_midnight() -> None:
    def at(hour: int, minute: int) -> str:
        return dates.date_and_time(dt.datetime(2026, 5, 3, hour, minute))

    assert at(0, 0) == "3 May 2026, 12:00am"
    assert at(9, 5) == "3 May 2026, 9:05am"
    assert at(12, 30) == "3 May 2026, 12:30pm"
    assert at(23, 59) == "3 May 2026, 11:59pm"
