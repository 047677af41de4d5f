"""The date filters every page uses: ``{{ day | date }}``, ``| weekday_date``, ``| datetime``
and ``| time_element``. The app installs them with the components' filters (``PAGE_FILTERS``, see
web/components.py); a test that builds its own Flask app around our templates installs the
same mapping, so the templates compile there too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Final

from review_service.domain import dates
from review_service.web.components import COMPONENT_FILTERS, time_element


def long_date(value: dt.date | None) -> str:
    return dates.long_date_or(value, "")


def weekday_date(value: dt.date | None) -> str:
    return dates.weekday_date(value) if value is not None else ""


def date_and_time(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    from review_service.clock import UK

    return dates.date_and_time(value.astimezone(UK))


DATE_FILTERS: Final[dict[str, Callable[..., Any]]] = {
    "date": long_date,
    "weekday_date": weekday_date,
    "datetime": date_and_time,
    "time_element": time_element,
}

# What the app's templates need: the date filters and the GOV.UK components in Python.
PAGE_FILTERS: Final[dict[str, Callable[..., Any]]] = {**DATE_FILTERS, **COMPONENT_FILTERS}
