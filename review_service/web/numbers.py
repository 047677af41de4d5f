"""Whole numbers from outside: a URL's path, its query string or a form.

Every integer column (every id) is a 32-bit integer on PostgreSQL, and SQLite holds no more than
64 bits: a bigger number reaching a query is a database error, so it is refused where it comes
in. A path's ``<int:...>`` is ``BoundedInt`` (registered app-wide in place of Werkzeug's), so an
id too big for the database is simply not found; a query argument or a form's value goes through
``whole_number``.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.routing import IntegerConverter, Map, ValidationError

MAX_INT = 2**31 - 1  # PostgreSQL's integer: every id column

_DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII only: str.isdigit() also takes "²", int() does not


def whole_number(value: Any, *, maximum: int = MAX_INT) -> int | None:
    """``value`` (text, or an int from JSON) as a number from 0 to ``maximum``; else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 0 <= number <= maximum else None


class BoundedInt(IntegerConverter):
    """``<int:name>`` that matches only numbers the database can hold (else: 404). A route
    may lower the bound (``<int(max=99):n>``), never raise it past the database's."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - Werkzeug's name
        super().__init__(map, *args, **kwargs)
        self.max = MAX_INT if self.max is None else min(self.max, MAX_INT)

    def to_python(self, value: str) -> Any:
        if len(value.lstrip("-")) > len(str(MAX_INT)):
            raise ValidationError()  # too long to be in range: not even read as a number
        return super().to_python(value)
