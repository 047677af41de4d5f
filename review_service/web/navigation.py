"""The header navigation, by role."""

from __future__ import annotations

from typing import Any

from flask import url_for

from review_service.accounts.models import CASEWORK_ROLES, Role


def nav_items(user: Any, endpoint: str | None) -> list[dict[str, Any]]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    items: list[tuple[str, str]] = []
    if user.role == Role.REQUESTER:
        items = [
            ("Your complaints", "complaints.index"),
            ("Make a complaint", "complaints.start"),
            ("Your data", "privacy.your_data"),
        ]
    else:
        items = [("Review queue", "staff.queue")]
        if user.has_role(*CASEWORK_ROLES):
            items.append(("Enter a complaint", "staff.enter_complaint"))
        items.append(("Statistics", "staff.statistics"))
        if user.has_role(Role.ADMIN):
            items.append(("Administration", "admin.index"))
    items.append(("API tokens", "accounts.tokens"))
    return [
        {"text": text, "href": url_for(name), "active": endpoint == name} for text, name in items
    ]
