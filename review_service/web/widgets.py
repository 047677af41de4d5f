"""GOV.UK form fields rendered without a whole page render per field, and remembered.

govuk-frontend-wtf renders each field with Flask's ``render_template``, which runs every
context processor (the navigation, the signed-in user, the CSRF token) and sends the template
signals again for every single field, and each GOV.UK macro call imports its helper macros
afresh: on the queue page the filter form was most of the page's time. A field's markup
depends on nothing but its template and its ``params`` (the GOV.UK macros read no request
state), so it is rendered straight from the application's compiled template, and the result is
kept in a small per-process cache keyed by the template and the exact params. The same form
shown again (the queue's filters, page after page) costs a dictionary lookup. The markup is the
same as before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from flask import current_app
from govuk_frontend_wtf.gov_form_base import GovFormBase
from markupsafe import Markup

MAX_CACHED = 2_048

_cache: OrderedDict[tuple[str, Any], Markup] = OrderedDict()
_lock = threading.Lock()


class _Unknown(Exception):
    """A value whose markup might not follow from its text: not cached."""


_SCALARS = frozenset({type(None), bool, int, float})


def _frozen(value: Any) -> Any:
    """A hashable copy of ``params`` that tells Markup (shown as is) from plain text.

    Plain text stands for itself; everything else is a pair of its type and its frozen value,
    so no two different params give the same key (True and 1, "x" and Markup("x"), a list and
    a dict all differ). A dict's items keep their order: the same dict built in another order
    is only a second entry in the cache. Plain text, most of a select's hundreds of options,
    costs no tuple.
    """
    kind = type(value)
    if kind is str:  # most values: no tuple built
        return value
    if kind in _SCALARS:
        return (kind, value)
    if isinstance(value, dict):
        return (dict, tuple([(key, _frozen(item)) for key, item in value.items()]))
    if isinstance(value, list | tuple):
        return (list, tuple([_frozen(item) for item in value]))
    if isinstance(value, str):  # Markup, or another kind of text: shown its own way
        return (kind, str(value))
    if isinstance(value, bool | int | float):  # an IntEnum keeps its type
        return (kind, value)
    raise _Unknown


def _render(self: GovFormBase, params: dict[str, Any]) -> Markup:
    try:
        key: tuple[str, Any] | None = (self.template, _frozen(params))
    except _Unknown:
        key = None
    if key is not None:
        with _lock:
            cached = _cache.get(key)
            if cached is not None:
                _cache.move_to_end(key)
                return cached
    template = current_app.jinja_env.get_template(self.template)
    html = Markup(template.render(params=params))  # noqa: S704 - the GOV.UK macros escape
    if key is not None:
        with _lock:
            _cache[key] = html
            if len(_cache) > MAX_CACHED:
                _cache.popitem(last=False)
    return html


def install() -> None:
    GovFormBase.render = _render
