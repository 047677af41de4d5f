"""GOV.UK form fields rendered without a whole page render per field.

govuk-frontend-wtf renders each field with Flask's ``render_template``, which runs every
context processor (the navigation, the signed-in user, the CSRF token) and sends the template
signals again for every single field: on the queue page that was most of the page's time. A
field's template needs nothing but its ``params``, so it is rendered here straight from the
application's compiled template (Jinja caches it, and the GOV.UK macro module it imports).
The markup is the same.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from govuk_frontend_wtf.gov_form_base import GovFormBase
from markupsafe import Markup


def _render(self: GovFormBase, params: dict[str, Any]) -> Markup:
    template = current_app.jinja_env.get_template(self.template)
    return Markup(template.render(params=params))  # noqa: S704 - the GOV.UK macros escape


def install() -> None:
    GovFormBase.render = _render
