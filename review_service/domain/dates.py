"""How dates and times are written for people: pages, letters, e-mails, audit summaries and the
API's human sentences all use these, so a date reads the same everywhere.

English names from tables rather than ``strftime`` so the output never depends on the process
locale. GOV.UK style: "3 May 2026", "Tuesday 3 May 2026", "3 May 2026, 4:05pm".
"""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: dt.date) -> str:
    """'3 May 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_date_or(day: dt.date | None, missing: str) -> str:
    """``long_date`` of a date that may not be known, with what to say when it is not."""
    return long_date(day) if day is not None else missing


def weekday(day: dt.date) -> str:
    """'Tuesday'."""
    return WEEKDAYS[day.weekday()]


def weekday_date(day: dt.date) -> str:
    """'Tuesday 3 May 2026'."""
    return f"{weekday(day)} {long_date(day)}"


def month_year(day: dt.date) -> str:
    """'May 2026'."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def time_of_day(moment: dt.datetime | dt.time) -> str:
    """'4:05pm', '12:00am' (midnight), '12:30pm' (just after noon)."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d}{'am' if moment.hour < 12 else 'pm'}"


def date_and_time(moment: dt.datetime) -> str:
    """'3 May 2026, 4:05pm', in the moment's own time zone (convert it first)."""
    return f"{long_date(moment.date())}, {time_of_day(moment)}"
