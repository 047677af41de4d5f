"""Working days for the freedom-of-information time limits.

FOIA s.10(6) (and EIR reg 2(1), which borrows the same words) says a working day is any day
other than a Saturday, a Sunday, Christmas Day, Good Friday or a day that is a bank holiday under
the Banking and Financial Dealings Act 1971 "in any part of the United Kingdom". FOISA s.73 is
narrower: Saturday, Sunday, Christmas Day and Scottish bank holidays only. Good Friday is a
Scottish bank holiday; Easter Monday is not (1971 Act, Schedule 1 para 2), so it is a FOISA
working day.

Bank holidays come from the `holidays` package, one nation at a time, because `holidays.UK()`
without a subdivision gives only the days common to every nation, which is not "any part of the
United Kingdom". Wales follows England, so the nations are England (and Wales), Scotland and
Northern Ireland. Each year is worked out once, when a date in it is first asked about.

Counting follows the statutes: the date of receipt is day 0 and day 1 is the next working day,
whatever kind of day the receipt fell on.

Counting is table-driven: each year's working days (and non-working days, with their reasons)
are listed once per calendar as sorted day numbers, so adding working days, counting them
between two dates and listing the days skipped are a bisection, not a walk day by day (the
reminder job and ``seed-load`` count for every case).
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

import holidays
from annotated_types import Interval

from review_service.domain.labelled import LabelledEnum

FIRST_SUPPORTED_YEAR = 2000
LAST_SUPPORTED_YEAR = 2040

# A date this calendar covers: the command types' dates, so a request outside these years is
# refused where it is read (api/bodies.py), before any deadline is counted from it.
SupportedDate = Annotated[
    date, Interval(ge=date(FIRST_SUPPORTED_YEAR, 1, 1), le=date(LAST_SUPPORTED_YEAR, 12, 31))
]

_WEEKEND_NAMES = {5: "Saturday", 6: "Sunday"}


class CalendarError(ValueError):
    """A working-day calculation was asked something it cannot answer."""


class DateOutOfRangeError(CalendarError):
    """The date lies outside the years this calendar covers."""


def _check_day(day: object) -> None:
    # A datetime is a date subclass but compares badly with dates; insist on plain dates.
    if not isinstance(day, date) or isinstance(day, datetime):
        raise TypeError(f"Expected a date, got {type(day).__name__}")
    if not FIRST_SUPPORTED_YEAR <= day.year <= LAST_SUPPORTED_YEAR:
        raise DateOutOfRangeError(
            f"{day.isoformat()} is outside the supported years "
            f"{FIRST_SUPPORTED_YEAR}-{LAST_SUPPORTED_YEAR}"
        )


class Regime(LabelledEnum):
    """The access-to-information law a request was made under."""

    FOIA = "foia", "Freedom of Information Act 2000"
    EIR = "eir", "Environmental Information Regulations 2004"
    FOISA = "foisa", "Freedom of Information (Scotland) Act 2002"


# Each member by its stored value: the common case ("foia", as read from a row) is one lookup.
_REGIMES: dict[str, Regime] = {regime.value: regime for regime in Regime}


def as_regime(value: Regime | str) -> Regime:
    """Accept a Regime or its value in any letter case ("FOISA", "foisa")."""
    if isinstance(value, str):
        # A member is a str equal to its value, so it is found here too.
        found = _REGIMES.get(value)
        if found is not None:
            return found
        try:
            return Regime(value.strip().lower())
        except ValueError:
            pass
    expected = ", ".join(regime.value for regime in Regime)
    raise ValueError(f"Unknown regime {value!r}; expected one of {expected}")


@dataclass(frozen=True)
class HolidayOverride:
    """A correction to the bank-holiday data.

    "add" makes a date a non-working day (named by the note), for days proclaimed after the pinned
    `holidays` release. "remove" makes a listed bank holiday a working day again.
    """

    day: date
    action: Literal["add", "remove"]
    note: str

    def __post_init__(self) -> None:
        _check_day(self.day)
        if self.action not in ("add", "remove"):
            raise ValueError(f"Override action must be 'add' or 'remove', not {self.action!r}")
        if not self.note.strip():
            raise ValueError(f"Override for {self.day.isoformat()} needs a note saying why")


@dataclass(frozen=True)
class SkippedDay:
    """A non-working day passed over while counting, with the reason it does not count."""

    day: date
    name: str


# Corrections to the pinned `holidays` data, applied before any caller's overrides. The one-off
# proclaimed days (2022-06-02, 2022-06-03, 2022-09-19, 2023-05-08) and Scotland's 2026-06-15 are
# already in holidays 0.109, so only a wrongly listed day needs correcting here.
BUILT_IN_OVERRIDES: tuple[HolidayOverride, ...] = (
    HolidayOverride(
        date(2006, 11, 30),
        "remove",
        "St Andrew's Day became a Scottish bank holiday only from 2007: the St Andrew's Day Bank "
        "Holiday (Scotland) Act 2007 came into force on 16 January 2007",
    ),
)

_ENGLAND_AND_WALES = "ENG"
_SCOTLAND = "SCT"
_NORTHERN_IRELAND = "NIR"
_NATIONS = (_ENGLAND_AND_WALES, _SCOTLAND, _NORTHERN_IRELAND)
_EVERY_NATION = frozenset(_NATIONS)

# How a nation-specific day is described, by the nations that keep it.
_WHERE = {
    frozenset({_ENGLAND_AND_WALES}): "England and Wales",
    frozenset({_SCOTLAND}): "Scotland",
    frozenset({_NORTHERN_IRELAND}): "Northern Ireland",
    frozenset({_ENGLAND_AND_WALES, _SCOTLAND}): "England, Wales and Scotland",
    frozenset({_ENGLAND_AND_WALES, _NORTHERN_IRELAND}): "England, Wales and Northern Ireland",
    frozenset({_SCOTLAND, _NORTHERN_IRELAND}): "Scotland and Northern Ireland",
}

# FOIA s.10(6) / EIR reg 2(1): a bank holiday in any part of the UK. FOISA s.73: Scotland only.
_REGIME_NATIONS = {
    Regime.FOIA: _EVERY_NATION,
    Regime.EIR: _EVERY_NATION,
    Regime.FOISA: frozenset({_SCOTLAND}),
}


def _easter_sunday(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


def good_friday(year: int) -> date:
    return _easter_sunday(year) - timedelta(days=2)


@functools.cache
def _bank_holidays_by_nation(year: int) -> Mapping[date, Mapping[str, tuple[str, ...]]]:
    """Every date that is a bank holiday somewhere in the UK, with its names per nation."""
    table: dict[date, dict[str, tuple[str, ...]]] = {}
    for nation in _NATIONS:
        nation_holidays = holidays.country_holidays(
            "GB", subdiv=nation, years=year, language="en_GB"
        )
        for day in nation_holidays:
            if day.year == year:
                table.setdefault(day, {})[nation] = tuple(nation_holidays.get_list(day))
    return table


def _describe(names_by_nation: Mapping[str, tuple[str, ...]], nations: frozenset[str]) -> str:
    """Name a bank holiday, saying which nation keeps it when not all of them do.

    A date can carry several names (in Scotland 2 January 2023 was both the substitute for New
    Year's Day and the 2 January holiday), so each name is placed separately.
    """
    kept_in: dict[str, set[str]] = {}
    for nation in _NATIONS:
        for name in names_by_nation.get(nation, ()):
            kept_in.setdefault(name, set()).add(nation)
    parts = []
    for name, where in kept_in.items():
        if not where & nations:
            continue
        label = "" if where == _EVERY_NATION else _WHERE[frozenset(where)]
        # Some names already say where they apply ("Scotland's participation in ...").
        parts.append(f"{name} ({label})" if label and label not in name else name)
    return "; ".join(parts)


class WorkingDayCalendar:
    """Working days for one regime, with optional corrections to the bank-holiday data."""

    def __init__(self, regime: Regime, overrides: Iterable[HolidayOverride] = ()) -> None:
        self.regime = as_regime(regime)
        self._nations = _REGIME_NATIONS[self.regime]
        self._overrides = tuple(overrides)
        self._check_overrides()
        self._overrides_by_year: dict[int, list[HolidayOverride]] = {}
        # Built-ins first so that a caller's override has the last word.
        for override in (*BUILT_IN_OVERRIDES, *self._overrides):
            self._overrides_by_year.setdefault(override.day.year, []).append(override)
        self._years: dict[int, dict[date, str]] = {}
        # Per year: the working days as sorted ordinals; the non-working days likewise, with
        # the SkippedDay for each (built together, on first use of the year).
        self._working: dict[int, list[int]] = {}
        self._skipped: dict[int, tuple[list[int], list[SkippedDay]]] = {}

    def __repr__(self) -> str:
        return f"WorkingDayCalendar({self.regime.value!r}, overrides={len(self._overrides)})"

    def _check_overrides(self) -> None:
        actions: dict[date, str] = {}
        for override in self._overrides:
            if not isinstance(override, HolidayOverride):
                raise TypeError(f"Expected a HolidayOverride, got {type(override).__name__}")
            earlier = actions.setdefault(override.day, override.action)
            if earlier != override.action:
                raise CalendarError(
                    f"{override.day.isoformat()} is both added and removed as a holiday"
                )
            if override.action == "remove" and self._is_fixed_non_working_day(override.day):
                raise CalendarError(
                    f"{override.day.isoformat()} cannot be made a working day: weekends and "
                    "Christmas Day are never working days (and Good Friday under FOIA and EIR)"
                )

    def _is_fixed_non_working_day(self, day: date) -> bool:
        # Named in the statute itself rather than via the 1971 Act, so no override can undo them.
        if day.weekday() in _WEEKEND_NAMES or (day.month, day.day) == (12, 25):
            return True
        return self.regime is not Regime.FOISA and day == good_friday(day.year)

    def _non_working_days_in(self, year: int) -> dict[date, str]:
        days = self._years.get(year)
        if days is None:
            days = self._build_year(year)
            self._years[year] = days
        return days

    def _build_year(self, year: int) -> dict[date, str]:
        days: dict[date, str] = {}
        for day, names_by_nation in _bank_holidays_by_nation(year).items():
            name = _describe(names_by_nation, self._nations)
            if name:
                days[day] = name
        # FOIA s.10(6), FOISA s.73: Christmas Day is named directly; so is Good Friday in FOIA
        # (it is a Scottish bank holiday anyway). The package lists both; this makes sure.
        days.setdefault(date(year, 12, 25), "Christmas Day")
        if self.regime is not Regime.FOISA:
            days.setdefault(good_friday(year), "Good Friday")
        for override in self._overrides_by_year.get(year, ()):
            if override.action == "add":
                days[override.day] = override.note
            elif not self._is_fixed_non_working_day(override.day):
                days.pop(override.day, None)
        return days

    def non_working_reason(self, day: date) -> str | None:
        """Why `day` is not a working day, or None if it is one."""
        _check_day(day)
        weekend = _WEEKEND_NAMES.get(day.weekday())
        if weekend:
            return weekend
        return self._non_working_days_in(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        return self.non_working_reason(day) is None

    def _working_in(self, year: int) -> list[int]:
        """The working days of ``year`` as sorted ordinals."""
        working = self._working.get(year)
        if working is None:
            self._index_year(year)
            working = self._working[year]
        return working

    def _skipped_in(self, year: int) -> tuple[list[int], list[SkippedDay]]:
        skipped = self._skipped.get(year)
        if skipped is None:
            self._index_year(year)
            skipped = self._skipped[year]
        return skipped

    def _index_year(self, year: int) -> None:
        _check_day(date(year, 1, 1))  # a count running past the supported years stops here
        named = {day.toordinal(): name for day, name in self._non_working_days_in(year).items()}
        working: list[int] = []
        skipped_ordinals: list[int] = []
        skipped: list[SkippedDay] = []
        for ordinal in range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1):
            # date.fromordinal(1) is a Monday, so (ordinal + 6) % 7 is the weekday.
            reason = _WEEKEND_NAMES.get((ordinal + 6) % 7) or named.get(ordinal)
            if reason is None:
                working.append(ordinal)
            else:
                skipped_ordinals.append(ordinal)
                skipped.append(SkippedDay(date.fromordinal(ordinal), reason))
        self._skipped[year] = (skipped_ordinals, skipped)
        self._working[year] = working

    def add_working_days(self, start: date, days: int) -> date:
        """The end of the `days`-th working day after `start` (day 0, which may be any day)."""
        _check_day(start)
        if not isinstance(days, int) or isinstance(days, bool):
            raise TypeError(f"Working days must be a whole number, got {days!r}")
        if days < 0:
            raise ValueError(f"Working days must not be negative, got {days}")
        if days == 0:
            return start
        year = start.year
        working = self._working_in(year)
        index = bisect_right(working, start.toordinal()) + days - 1
        while index >= len(working):
            index -= len(working)
            year += 1
            working = self._working_in(year)
        return date.fromordinal(working[index])

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days d satisfy start < d <= end (0 when end is not after start)."""
        _check_day(start)
        _check_day(end)
        if end <= start:
            return 0
        count = bisect_right(self._working_in(end.year), end.toordinal()) - bisect_right(
            self._working_in(start.year), start.toordinal()
        )
        for year in range(start.year, end.year):
            count += len(self._working_in(year))
        return count

    def skipped_days(self, start: date, end: date) -> list[SkippedDay]:
        """The non-working days d with start < d <= end, in date order."""
        _check_day(start)
        _check_day(end)
        result: list[SkippedDay] = []
        for year in range(start.year, end.year + 1):
            ordinals, skipped = self._skipped_in(year)
            lo = bisect_right(ordinals, start.toordinal()) if year == start.year else 0
            hi = bisect_left(ordinals, end.toordinal() + 1) if year == end.year else len(ordinals)
            result.extend(skipped[lo:hi])
        return result


def calendar_for(
    regime: Regime | str, overrides: Iterable[HolidayOverride] = ()
) -> WorkingDayCalendar:
    """A shared calendar for the regime and overrides, so each year is computed only once."""
    return _cached_calendar(as_regime(regime), tuple(overrides))


@functools.lru_cache(maxsize=64)
def _cached_calendar(regime: Regime, overrides: tuple[HolidayOverride, ...]) -> WorkingDayCalendar:
    return WorkingDayCalendar(regime, overrides)


def next_working_day(calendar: WorkingDayCalendar, day: date) -> date:
    """The first working day after `day`."""
    return calendar.add_working_days(day, 1)


def non_working_in_england_and_wales(day: date) -> str | None:
    """Why `day` is not a working day in England and Wales, or None: a weekend, Christmas Day,
    Good Friday or an England and Wales bank holiday. The tribunals' procedure rules define a
    working day by "a bank holiday under section 1 of the Banking and Financial Dealings Act
    1971" without FOIA s.10(6)'s "in any part of the United Kingdom"; the First-tier Tribunal
    (General Regulatory Chamber) receives its appeals in England, where these days are bank
    holidays."""
    _check_day(day)
    weekend = _WEEKEND_NAMES.get(day.weekday())
    if weekend:
        return weekend
    if (day.month, day.day) == (12, 25):
        return "Christmas Day"
    if day == good_friday(day.year):
        return "Good Friday"
    names_by_nation = _bank_holidays_by_nation(day.year).get(day, {})
    if _ENGLAND_AND_WALES in names_by_nation:
        return _describe(names_by_nation, frozenset({_ENGLAND_AND_WALES}))
    return None


def bank_holiday_outside_england_and_wales(day: date) -> str | None:
    """A bank holiday kept in Scotland or Northern Ireland but not in England and Wales, named
    with where it is kept ("Saint Andrew's Day (Scotland)"); None otherwise."""
    _check_day(day)
    names_by_nation = _bank_holidays_by_nation(day.year).get(day, {})
    if not names_by_nation or _ENGLAND_AND_WALES in names_by_nation:
        return None
    return _describe(names_by_nation, _EVERY_NATION)
