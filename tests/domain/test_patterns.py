"""Patterns compiled on first use behave as re.compile's, and importing the notice reader
compiles none of its own."""

from __future__ import annotations

import re

from review_service.domain import notice_reader
from review_service.domain.patterns import LazyPattern, lazy


def test_a_lazy_pattern_answers_as_the_compiled_one() -> None:
    source, text = r"(?P<n>[0-9]+)\s?(x)?", "a 12x and 7 and 300"
    lazy_one, compiled = lazy(source, re.I), re.compile(source, re.I)
    assert lazy_one.search(text, 3).group("n") == compiled.search(text, 3).group("n")  # type: ignore[union-attr]
    assert lazy_one.match(text) is None and compiled.match(text) is None
    assert lazy_one.fullmatch("12X").groups() == compiled.fullmatch("12X").groups()  # type: ignore[union-attr]
    assert [m.span() for m in lazy_one.finditer(text)] == [
        m.span() for m in compiled.finditer(text)
    ]
    assert lazy_one.findall(text) == compiled.findall(text)
    assert lazy_one.sub("#", text, count=2) == compiled.sub("#", text, count=2)
    assert lazy_one.sub(lambda m: m["n"] * 2, text) == compiled.sub(lambda m: m["n"] * 2, text)
    assert lazy_one.split(text, 1) == compiled.split(text, 1)
    assert (lazy_one.pattern, lazy_one.flags) == (source, re.I)


def test_a_lazy_pattern_compiles_once_when_first_used() -> None:
    pattern = lazy(r"ab+c")
    assert pattern._compiled is None
    assert pattern.search("xabbc") is not None
    first = pattern.compiled
    assert pattern.search("abc") is not None and pattern.compiled is first


def test_the_notice_reader_compiles_no_pattern_when_imported() -> None:
    # Every command starts the app, which imports the reader: its patterns wait until a
    # notice is read (the reminders job never reads one).
    kept = vars(notice_reader).values()
    assert not [value for value in kept if isinstance(value, re.Pattern)]
    assert sum(isinstance(value, LazyPattern) for value in kept) > 100
