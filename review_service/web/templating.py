"""The Jinja environment: a missing variable in one of our templates is an error.

Jinja's default ``Undefined`` renders a misspelt or forgotten variable as nothing, so a page
silently loses a sentence. Our templates run with ``StrictUndefined``: printing, testing or
iterating over something undefined raises. A template that may legitimately be given a value
or not says so (``x is defined``, ``x | default(...)``).

The GOV.UK Frontend macros (govuk_frontend_jinja, govuk_frontend_wtf) are ports of Nunjucks
templates written for lenient lookups (``{% if params.classes %}`` on a dict without that
key), so templates under their prefixes are compiled in a lenient overlay of the same
environment: same loader, filters and globals, default ``Undefined``. The blocks our pages
fill in (``{% block content %}`` in a page extending the GOV.UK template) are compiled from
our templates, so stay strict.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import MutableMapping
from typing import Any

from flask.templating import Environment
from jinja2 import StrictUndefined, Template, Undefined

LENIENT_PREFIXES = ("govuk_frontend_jinja/", "govuk_frontend_wtf/")


class _Globals(ChainMap[str, Any]):
    """A template's globals (its own over the environment's), as Jinja keeps them, with
    ``keys()`` a set. Each ``{% from ... import %}`` asks which of the importing context's
    globals the imported template lacks (``ctx.globals_keys - template.globals.keys()``); on a
    ChainMap's live view that is a chain of lookups per key (~50 us an import, eight imports a
    page), on a set one C-level difference."""

    def keys(self) -> set[str]:  # type: ignore[override]
        return set().union(*self.maps)


class StrictEnvironment(Environment):
    """Flask's environment with ``StrictUndefined``, lenient for the GOV.UK macro packages."""

    _lenient: Environment | None = None

    def __init__(self, app: Any, **options: Any) -> None:
        options.setdefault("undefined", StrictUndefined)
        super().__init__(app, **options)

    def lenient(self) -> Environment:
        """The overlay the GOV.UK templates are compiled in (made on first use, once the
        environment's options are set)."""
        if self._lenient is None:
            self._lenient = self.overlay(undefined=Undefined)
        return self._lenient

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return _Globals({} if d is None else d, self.globals)

    def _load_template(self, name: str, globals: MutableMapping[str, Any] | None) -> Template:
        if self.undefined is not Undefined and name.startswith(LENIENT_PREFIXES):
            return self.lenient()._load_template(name, globals)
        return super()._load_template(name, globals)
