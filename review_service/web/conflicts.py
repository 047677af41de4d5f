"""The one answer to a save that lost a race to another save of the same case.

A stale save shows up as ``StaleCase``: from a service's version check, or from the database
when the optimistic lock's UPDATE matches no row (db.ReviewSession). Forms that change a case
catch it themselves and show the form again with what was typed and the message on it (staff
``_case_form``, the regulator stage's ``_record``, the requester's withdrawal). Anything that
does not is answered here, for pages and API alike: the session is rolled back (nothing of the
request is saved, and the page can still read the database), the API gets its 409
``stale-version`` problem, and a page gets the conflict page, which shows back the text that
was typed so that none of it is lost.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import render_template, request

from review_service.errors import StaleCase
from review_service.extensions import db_session, is_api_request

log = logging.getLogger(__name__)

# Form fields that carry no one's words: never shown back.
_NOT_TYPED = frozenset({"csrf_token", "version", "submit", "action"})

STALE_API_DETAIL = (
    "Someone else changed this case since the version you sent. Nothing was saved: "
    "fetch the case again, check it and retry with its current version."
)


def discard_request_changes() -> None:
    """Roll back whatever the request had done, so that nothing of it is saved and the
    session can be used again (a failed flush leaves it unusable until then)."""
    try:
        db_session().rollback()
    except Exception:  # noqa: BLE001 - the database may be gone; the answer must not fail
        log.warning("could not roll back the request's session", exc_info=True)


def typed_text() -> list[tuple[str, str]]:
    """The words the user sent with this form, as (field name, text), in the order sent."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return []
    typed = []
    for name, value in request.form.items(multi=True):
        if name in _NOT_TYPED or not value.strip():
            continue
        typed.append((name.replace("_", " ").replace("-", " ").capitalize(), value))
    return typed


def stale_response(error: StaleCase) -> Any:
    discard_request_changes()
    if is_api_request():
        from review_service.api.problems import problem_response

        return problem_response(
            409, title="The case has changed", detail=STALE_API_DETAIL, type_="stale-version"
        )
    rule = request.url_rule
    back_url = request.path if rule is not None and "GET" in (rule.methods or ()) else None
    return render_template(
        "errors/409.html", message=error.message, typed=typed_text(), back_url=back_url
    ), 409
