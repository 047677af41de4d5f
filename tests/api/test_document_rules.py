"""Who may add a document to a case, and what it may be, is one rule in the documents service:
the pages and the API give the same answer (issue 9, finding 11)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_service import clock
from review_service.documents import services as documents
from review_service.documents.models import Document
from review_service.errors import Forbidden
from review_service.extensions import db_session
from tests.api.conftest import ApiClient, Cast
from tests.api.test_documents import upload
from tests.pages import PageClient

FUTURE = "The date on the document must be today or in the past"


def _documents(app: Flask) -> int:
    with app.app_context():
        return db_session().scalar(select(func.count()).select_from(Document)) or 0


@pytest.mark.parametrize("reviewer", ["reviewer", "other_reviewer"])
def test_a_reviewer_adds_no_document_through_the_api_as_through_the_pages(
    app: Flask, api: ApiClient, cast: Cast, filed: dict[str, Any], reviewer: str
) -> None:
    reference = filed["reference"]
    response = upload(api, cast.token(reviewer), reference, b"A note.\n", "note.txt")
    assert response.status_code == 403, response.json
    assert _documents(app) == 0

    pages = PageClient(app)
    with app.app_context():
        from review_service.accounts.models import User

        pages.sign_in_as(db_session().get(User, cast.user_ids[reviewer]))
    assert pages.raw.get(f"/staff/cases/{reference}/documents/new").status_code == 403


def test_the_service_refuses_a_reviewer(
    app: Flask, session: Session, cast: Cast, filed: dict[str, Any]
) -> None:
    from review_service.accounts.models import User
    from review_service.cases.models import Case

    case = session.scalar(select(Case).where(Case.reference == filed["reference"]))
    reviewer = session.get(User, cast.user_ids["reviewer"])
    assert case is not None and reviewer is not None
    with pytest.raises(Forbidden):
        documents.add_case_document(
            session,
            reviewer,
            case,
            kind="correspondence",
            title="",
            dated=None,
            filename="note.txt",
            data=b"A note.\n",
        )


@pytest.mark.parametrize("who", ["requester", "caseworker"])
def test_a_date_in_the_future_is_refused_by_the_api_as_by_the_pages(
    app: Flask, api: ApiClient, cast: Cast, filed: dict[str, Any], who: str
) -> None:
    tomorrow = clock.today() + dt.timedelta(days=1)
    response = upload(
        api,
        cast.token(who),
        filed["reference"],
        b"A letter.\n",
        "letter.txt",
        dated=tomorrow.isoformat(),
    )
    assert response.status_code == 422, response.json
    assert response.json["errors"] == [{"field": "dated", "message": FUTURE}]
    assert _documents(app) == 0

    pages = PageClient(app)
    with app.app_context():
        from review_service.accounts.models import User

        pages.sign_in_as(db_session().get(User, cast.user_ids[who]))
    reference = filed["reference"]
    url = (
        f"/complaints/{reference}/documents/new"
        if who == "requester"
        else f"/staff/cases/{reference}/documents/new"
    )
    page = pages.post(
        url,
        {
            "kind": "response",
            "dated": [str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)],
            "file": (io.BytesIO(b"A letter.\n"), "letter.txt"),
        },
        content_type="multipart/form-data",
    )
    assert FUTURE in page.get_data(as_text=True)
    assert _documents(app) == 0


def test_the_api_takes_the_kinds_the_pages_offer(
    app: Flask, api: ApiClient, cast: Cast, filed: dict[str, Any]
) -> None:
    for kind in documents.CASE_DOCUMENT_KINDS:
        response = upload(
            api, cast.token("requester"), filed["reference"], b"Text.\n", "a.txt", kind=kind
        )
        assert response.status_code == 201, (kind, response.json)
    response = upload(
        api, cast.token("requester"), filed["reference"], b"Text.\n", "a.txt", kind="other"
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json["errors"]] == ["kind"]
