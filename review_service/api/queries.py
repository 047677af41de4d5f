"""Statements behind the API's lists of a case's letters and documents, with their order."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import Select

from review_service.api import pagination
from review_service.documents.models import Document
from review_service.documents.services import current_documents
from review_service.letters.models import Letter
from review_service.letters.queries import case_letters

CaseItems = Literal["letters", "documents"]

_BY_ID = {
    "letters": pagination.Ordering(
        "id", (pagination.SortKey(Letter.id, "int"),), lambda row: (row.id,)
    ),
    "documents": pagination.Ordering(
        "id", (pagination.SortKey(Document.id, "int"),), lambda row: (row.id,)
    ),
}


def case_items(kind: CaseItems, case_id: int) -> tuple[Select[Any], pagination.Ordering]:
    """A case's letters, or its documents still in use, and the order the API pages them in."""
    query = current_documents(case_id) if kind == "documents" else case_letters(case_id)
    return query, _BY_ID[kind]
