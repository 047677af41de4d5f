"""Today's date where the law counts it: in the UK."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def today() -> dt.date:
    return dt.datetime.now(UK).date()
