"""Keyset pagination with an opaque cursor.

The cursor is base64url-encoded JSON: the sort order's name, a digest of the filters the list
was asked for, and the sort-key values of the last item on the page. It is opaque to clients
(they pass back ``next_cursor``) and checked on the way in: a cursor that does not decode, was
made for another list or other filters, or holds values of the wrong type is refused with a
`validation` problem on ``cursor`` rather than silently restarting the list.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute, Session

from review_service.api.schemas import DEFAULT_PAGE_SIZE, MAX_INT, MAX_PAGE_SIZE
from review_service.errors import ValidationFailed
from review_service.web.numbers import whole_number

Kind = Literal["int", "date", "datetime", "str"]
CURSOR_MESSAGE = "The cursor is not valid for this list; start again without it"


@dataclass(frozen=True)
class SortKey:
    column: InstrumentedAttribute[Any]
    kind: Kind
    descending: bool = False


@dataclass(frozen=True)
class Ordering:
    """A named, total order over a query: the last key must be unique (the primary key)."""

    name: str
    keys: tuple[SortKey, ...]
    values_of: Callable[[Any], tuple[Any, ...]]


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None


def filters_digest(filters: Mapping[str, Any]) -> str:
    text = json.dumps(
        {k: v for k, v in sorted(filters.items()) if v not in (None, "", [])},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _plain(value: Any, kind: Kind) -> Any:
    if kind in ("date", "datetime"):
        return value.isoformat()
    return value


def _typed(value: Any, kind: Kind) -> Any:
    """The sort-key value back from JSON, or ValueError if it is not of the kind expected."""
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INT:
            raise ValueError(value)
        return value
    if not isinstance(value, str) or len(value) > 200:
        raise ValueError(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "datetime":
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(value)
        return moment
    return value


def encode_cursor(ordering: Ordering, digest: str, item: Any) -> str:
    values = ordering.values_of(item)
    payload = {
        "o": ordering.name,
        "f": digest,
        "k": [_plain(v, key.kind) for v, key in zip(values, ordering.keys, strict=True)],
    }
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_cursor(ordering: Ordering, digest: str, cursor: str) -> tuple[Any, ...]:
    invalid = ValidationFailed({"cursor": CURSOR_MESSAGE})
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError, RecursionError):
        raise invalid from None
    if not isinstance(payload, dict) or payload.get("o") != ordering.name:
        raise invalid
    if payload.get("f") != digest:
        raise ValidationFailed(
            {"cursor": "The cursor was made for other filters; start again without it"}
        )
    values = payload.get("k")
    if not isinstance(values, list) or len(values) != len(ordering.keys):
        raise invalid
    try:
        return tuple(_typed(v, key.kind) for v, key in zip(values, ordering.keys, strict=True))
    except (ValueError, TypeError):
        raise invalid from None


def _after(keys: Sequence[SortKey], values: Sequence[Any]) -> Any:
    """Rows strictly after ``values`` in the ordering (a row-value comparison, spelt out)."""
    clauses = []
    for i, key in enumerate(keys):
        beyond = key.column < values[i] if key.descending else key.column > values[i]
        equal = [keys[j].column == values[j] for j in range(i)]
        clauses.append(and_(*equal, beyond))
    return or_(*clauses)


def page_size(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_PAGE_SIZE
    size = whole_number(raw)
    if size is None or not 1 <= size <= MAX_PAGE_SIZE:
        raise ValidationFailed({"limit": f"Enter a whole number from 1 to {MAX_PAGE_SIZE}"})
    return size


def paginate(
    session: Session,
    query: Select[Any],
    ordering: Ordering,
    *,
    cursor: str | None,
    limit: int,
    filters: Mapping[str, Any],
) -> Page:
    digest = filters_digest(filters)
    if cursor:
        query = query.where(_after(ordering.keys, decode_cursor(ordering, digest, cursor)))
    query = query.order_by(
        *(key.column.desc() if key.descending else key.column.asc() for key in ordering.keys)
    ).limit(limit + 1)
    rows = list(session.scalars(query))
    more = len(rows) > limit
    items = rows[:limit]
    return Page(
        items=items,
        next_cursor=encode_cursor(ordering, digest, items[-1]) if more and items else None,
    )
