"""The date filters every page uses: ``{{ day | date }}``, ``| weekday_date``, ``| datetime``
and ``| time_element``. The app installs them (``DATE_FILTERS``); a test that builds its own
Flask app around our templates installs the same mapping, so the templates compile there too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Final

from markupsafe import Markup, escape

from review_service.domain import dates


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
    text = f"{value.day} {value.strftime('%B %Y')}"
    if isinstance(value, dt.datetime):
        text += f", {value.strftime('%H:%M')}"
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), text)


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
