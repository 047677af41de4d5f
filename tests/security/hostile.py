"""Hypothesis strategies for hostile values in page forms, and the check that none is echoed
unescaped.

``submission(form)`` sends a form back the way an attacker would: each field as the page filled
it in, left out, or replaced by something hostile for its kind — huge and malformed numbers,
CR/LF, control and invisible characters, any Unicode, nothing at all, overlong text, markup,
choices that are not on the list (or several where one is expected), GOV.UK dates with a day of
99999999999999999999 or a missing part, and hostile files and file names where a form takes a
file. The CSRF token is usually kept, so that the request reaches the validation behind it.

Every markup payload carries ``fz-x``; ``unescaped_markup(html)`` finds one that came back as
markup rather than text.
"""

from __future__ import annotations

import io
import re
from typing import Any

from hypothesis import strategies as st

from tests.html_forms import FormField, HtmlForm

NUMBERS = st.sampled_from(
    [
        "99999999999999999999",
        "-99999999999999999999",
        "9223372036854775808",
        "2147483648",
        "-2147483649",
        "-1",
        "0",
        "1e309",
        "NaN",
        "Infinity",
        "0x1F",
        "1_000",
        "٣",  # an Arabic-Indic digit: str.isdigit() is true, int() reads it
        "²",  # a superscript: str.isdigit() is true, int() refuses it
        "12.5",
        " 7 ",
    ]
)
LINE_BREAKS = st.sampled_from(
    [
        "a@example.org\r\nBcc: x@evil.example",
        "Subject\r\nX-Injected: yes",
        "\r\n",
        "one\rtwo\nthree",
        "\u2028\u2029\x85",
        "\x0b\x0c\x1b[2J",
        "\x00",
    ]
)
MARKUP = st.sampled_from(
    [
        "<fz-x>",
        '"><fz-x a="',
        "'><fz-x>",
        "</textarea><fz-x>",
        "</title><script>fz-x()</script>",
        '" autofocus onfocus="fz-x()',
        "javascript:fz-x()",
        "{{ 7*7 }}fz-x{% raw %}",
    ]
)
ODD_TEXT = st.sampled_from(
    ["\u202e", "\u200b", "\ufeff", "ﷺ", "👩🏽\u200d⚖️", "ǅ", "İ", "ß", "e\u0301", "🏳️\u200d🌈"]
)
UNICODE = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
EMPTY = st.sampled_from(["", " ", "\t", " \r\n "])
OVERLONG = st.sampled_from([101, 256, 1001, 5001, 65_537, 400_000]).flatmap(
    lambda n: st.sampled_from(["x" * n, "é" * n, ("<fz-x>" * n)[:n]])
)
HOSTILE_TEXT = st.one_of(
    NUMBERS,
    LINE_BREAKS,
    MARKUP,
    ODD_TEXT,
    UNICODE,
    EMPTY,
    OVERLONG,
    st.lists(st.one_of(NUMBERS, LINE_BREAKS, MARKUP, ODD_TEXT), min_size=2, max_size=4).map(
        "".join
    ),
)


DATE_PART = st.one_of(
    st.integers(0, 40).map(str),
    st.sampled_from(["1999", "2026", "2027", "9999", "0000", "99999999999999999999"]),
    NUMBERS,
    EMPTY,
    UNICODE.map(lambda text: text[:6]),
)
FILE_BYTES = st.one_of(
    st.just(b"A letter from the authority.\n"),
    st.just(b"%PDF-1.4\n<html><script>fz-x()</script></html>\n"),
    st.just(b""),
    st.binary(max_size=300),
    st.binary(max_size=200).map(b"%PDF-1.7\n".__add__),
)
FILE_NAMES = st.one_of(
    st.just("letter.txt"),
    st.sampled_from(["../../etc/passwd", "a\r\nb.pdf", "<fz-x>.pdf", "x" * 300 + ".pdf", ".pdf"]),
    UNICODE.map(lambda name: name + ".txt"),
)


def _is_date(item: FormField) -> bool:
    """A GOV.UK date input: three text boxes (day, month, year) under one name."""
    return item.kind in ("text", "number") and len(item.values) == 3


def field_values(item: FormField) -> st.SearchStrategy[list[str]]:
    """Hostile values for one field, as the list of values sent under its name."""
    if _is_date(item):
        sizes = st.sampled_from([3, 3, 3, 3, 0, 1, 2, 4])
        return sizes.flatmap(lambda n: st.lists(DATE_PART, min_size=n, max_size=n))
    if item.choices:
        offered = st.sampled_from(item.choices)
        wrong = st.one_of(NUMBERS, MARKUP, UNICODE, EMPTY, OVERLONG)
        one = st.one_of(offered, wrong)
        if item.multiple:
            return st.lists(one, max_size=len(item.choices) + 2)
        return st.one_of(one.map(lambda value: [value]), st.lists(one, min_size=2, max_size=3))
    return st.one_of(
        HOSTILE_TEXT.map(lambda value: [value]), st.lists(HOSTILE_TEXT, min_size=2, max_size=3)
    )


@st.composite
def submission(draw: Any, form: HtmlForm, csrf_token: str) -> dict[str, Any]:
    """A hostile submission of ``form`` (values as the test client's ``data``)."""
    data: dict[str, Any] = {}
    for name, item in form.fields.items():
        if item.kind in ("submit", "file"):
            continue
        if name == "csrf_token":
            how = draw(st.sampled_from(["keep"] * 10 + ["drop", "hostile"]))
            if how == "keep":
                data[name] = csrf_token
            elif how == "hostile":
                data[name] = draw(field_values(item))
            continue
        how = draw(st.sampled_from(["keep", "keep", "hostile", "hostile", "drop"]), label=name)
        if how == "keep":
            data[name] = list(item.values)
        elif how == "hostile":
            data[name] = draw(field_values(item), label=name)
    for name, item in form.fields.items():
        if item.kind == "file" and draw(st.integers(0, 4)) > 0:
            data[name] = (io.BytesIO(draw(FILE_BYTES)), draw(FILE_NAMES))
    if form.submits and draw(st.booleans()):
        name, value = draw(st.sampled_from(form.submits))
        data[name] = value
    if draw(st.integers(0, 9)) == 0:
        data[draw(HOSTILE_TEXT.filter(bool))] = draw(HOSTILE_TEXT)
    return data


_UNESCAPED = re.compile(
    r"<fz-x|<script>fz-x|onfocus=\"fz-x|(?:href|src|action)\s*=\s*[\"']?\s*javascript:fz-x"
    r"|49fz-x",
    re.IGNORECASE,
)


def unescaped_markup(html: str) -> str | None:
    """The first hostile payload found in ``html`` as markup (or evaluated), if any."""
    match = _UNESCAPED.search(html)
    if match is None:
        return None
    return html[max(0, match.start() - 80) : match.end() + 80]
