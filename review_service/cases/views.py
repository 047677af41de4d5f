"""Pages for cases."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("complaints", __name__)
