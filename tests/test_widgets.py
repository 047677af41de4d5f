"""web/widgets.py: GOV.UK fields remembered by their params, never one field's markup for another.

The cache key is ``_frozen(params)``: two params that could render differently must never share
a key (True and 1, text and Markup, a list and a dict), and the same params must always give
the same key, or the cache would serve the wrong markup or never be hit.
"""

from __future__ import annotations

import enum
from typing import Any

import pytest
from govuk_frontend_wtf.gov_form_base import GovFormBase
from markupsafe import Markup

from review_service.web import widgets


class _Level(enum.IntEnum):
    ONE = 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (True, 1),
        (False, 0),
        (1, 1.0),
        ("x", Markup("x")),
        ("1", 1),
        (None, "None"),
        (_Level.ONE, 1),
        ([1, 2], {1: 2}),
        ({"text": "a"}, {"html": "a"}),
        ({"text": "a"}, {"text": Markup("a")}),
        ({"items": [{"value": "a", "selected": True}]}, {"items": [{"value": "a", "selected": 1}]}),
    ],
)
def test_params_that_could_render_differently_never_share_a_key(one: Any, other: Any) -> None:
    assert widgets._frozen(one) != widgets._frozen(other)
    assert widgets._frozen({"p": one}) != widgets._frozen({"p": other})


def test_equal_params_give_the_same_key() -> None:
    def params() -> dict[str, Any]:
        return {
            "id": "provision",
            "label": {"text": "Provision"},
            "items": [{"value": str(n), "text": f"s.{n}", "selected": n == 3} for n in range(50)],
            "hint": None,
            "attributes": {},
        }

    first, second = params(), params()
    assert first is not second
    assert widgets._frozen(first) == widgets._frozen(second)
    assert hash(widgets._frozen(first)) == hash(widgets._frozen(second))


def test_a_value_of_unknown_kind_is_not_cached() -> None:
    with pytest.raises(widgets._Unknown):
        widgets._frozen({"attributes": {"data-x": object()}})


class _Field(GovFormBase):
    template = "govuk_frontend_wtf/input.html"


def _input(label: Any) -> dict[str, Any]:
    return {
        "id": "name",
        "name": "name",
        "label": {"text": label},
        "attributes": {},
        "hint": None,
    }


def test_text_and_markup_labels_render_their_own_way_through_the_cache(app: Any) -> None:
    with app.test_request_context("/"):
        plain = widgets._render(_Field(), _input("<b>Name</b>"))
        shown = widgets._render(_Field(), _input(Markup("<b>Name</b>")))
        again = widgets._render(_Field(), _input("<b>Name</b>"))
    assert "&lt;b&gt;Name&lt;/b&gt;" in plain
    assert "<b>Name</b>" not in plain
    assert "<b>Name</b>" in shown
    assert again == plain
