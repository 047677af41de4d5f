"""The date filters every page uses: ``{{ day | date }}``, ``| weekday_date``, ``| datetime``
and ``| time_element``. The app installs them with the components' filters (``PAGE_FILTERS``, see
web/components.py); a test that builds its own Flask app around our templates installs the
same mapping, so the templates compile there too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Final

from markupsafe import Markup, escape

from review_service.domain import dates
from review_service.web.components import COMPONENT_FILTERS


def long_date(value: dt.date | None) -> str:
    return dates.long_date_or(value, "")


def weekday_date(value: dt.date | None) -> str:
    return dates.weekday_date(value) if value is not None else ""


def time_element(value: dt.date | str) -> Markup:
    """A date as ``<time datetime="2025-05-05">5 May 2025</time>`` (a datetime with ", 14:30"),
    or a string escaped as it is: the timeline's and the skipped days' dates. A filter, not a
    macro: a case page shows dozens of them."""
    if not isinstance(value, dt.date):
        return escape(value)
    text = dates.long_date(value)
    if isinstance(value, dt.datetime):
        text += f", {value.hour:02d}:{value.minute:02d}"
    # Nothing in an ISO date or a date in words needs escaping.
    return Markup(f'<time datetime="{value.isoformat()}">{text}</time>')  # noqa: S704


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
