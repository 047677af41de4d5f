"""Pages for regulator."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("regulator", __name__)
