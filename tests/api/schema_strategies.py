"""Hypothesis strategies generated from the OpenAPI document's JSON Schemas.

``from_schema`` covers the subset of JSON Schema the document uses ($ref, anyOf/oneOf, const,
enum, type lists, string length/pattern/format date, integer bounds, arrays, closed objects).
``broken`` wraps a strategy so that some examples break the schema on purpose: a wrong type, a
missing required member, an unknown member, or any JSON at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

# Text that exercises escaping, Unicode and the characters databases dislike.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(
            ["\x00", "\ud800", "'", '"', "%", "_", "\\", "<", "\u202e", "ŵ", "\n", "²", "٣"]
        ),
    ),
    max_size=40,
)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
)
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)).map(
    dt.date.isoformat
)


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        target: Any = doc
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _string(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    if schema.get("format") == "date":
        return st.one_of(DATES, DATES, st.from_regex(schema["pattern"], fullmatch=True), TEXT)
    if "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True).filter(
            lambda text: len(text) <= schema.get("maxLength", 10_000)
        )
    high = schema.get("maxLength", 60)
    low = schema.get("minLength", 0)
    sizes = st.one_of(
        st.text(min_size=low, max_size=min(high, 40)),
        TEXT.filter(lambda text: low <= len(text) <= high),
    )
    if high > 40:
        # Now and then the longest text allowed, to meet the column limits head on.
        sizes = st.one_of(sizes, st.just("x" * high))
    return sizes


def _integer(schema: dict[str, Any]) -> st.SearchStrategy[int]:
    low = schema.get("minimum", -(2**31))
    high = schema.get("maximum", 2**31 - 1)
    return st.one_of(
        st.integers(min_value=low, max_value=min(high, low + 50)),
        st.integers(min_value=low, max_value=high),
        st.sampled_from([low, high]),
    )


def from_schema(doc: dict[str, Any], schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values that satisfy ``schema``."""
    schema = resolve(doc, schema)
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return st.one_of([from_schema(doc, option) for option in schema[key]])
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([from_schema(doc, {**schema, "type": k}) for k in kind])
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return _integer(schema)
    if kind == "string":
        return _string(schema)
    if kind == "array":
        return st.lists(
            from_schema(doc, schema.get("items", {})), max_size=min(schema.get("maxItems", 3), 3)
        )
    if kind == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        return st.fixed_dictionaries(
            {name: from_schema(doc, properties[name]) for name in properties if name in required},
            optional={
                name: from_schema(doc, sub)
                for name, sub in properties.items()
                if name not in required
            },
        )
    return ANY_JSON


def broken(doc: dict[str, Any], schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Mostly valid values, sometimes deliberately invalid ones."""
    valid = from_schema(doc, schema)

    @st.composite
    def mutated(draw: Any) -> Any:
        value = draw(valid)
        how = draw(st.sampled_from(["drop", "extra", "retype", "anything"]))
        if how in ("drop", "retype") and isinstance(value, dict) and value:
            key = draw(st.sampled_from(sorted(value)))
            if how == "drop":
                return {k: v for k, v in value.items() if k != key}
            return {**value, key: draw(ANY_JSON)}
        if how == "extra" and isinstance(value, dict):
            return {**value, draw(TEXT): draw(ANY_JSON)}
        return draw(ANY_JSON)

    return st.one_of(valid, valid, mutated())
