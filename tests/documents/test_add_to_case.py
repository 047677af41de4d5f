"""Adding a document to a filed case: the requester to their own, caseworkers and admins to
their authority's. The file is checked as every upload is; the regulator's checklist ticks."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import TestResponse, encode_multipart

from review_service import clock
from review_service.accounts.models import Authority, Role, User
from review_service.audit.models import AuditEvent
from review_service.cases.models import Case
from review_service.documents import services as documents
from review_service.documents.models import Document
from review_service.errors import Forbidden, NotFound, ValidationFailed
from review_service.regulator.pack_documents import CHECKLIST_KINDS, document_checklist
from tests.factories import create_authority, create_case, create_user, small_pdf
from tests.pages import PageClient

PDF = small_pdf("A copy of the letter")
MAX = 10 * 1024 * 1024


@dataclass
class World:
    authority: Authority
    requester: User
    case: Case
    caseworker: User
    reviewer: User
    admin: User

    @property
    def requester_url(self) -> str:
        return f"/complaints/{self.case.reference}/documents/new"

    @property
    def staff_url(self) -> str:
        return f"/staff/cases/{self.case.reference}/documents/new"


@pytest.fixture
def world(session) -> World:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    requester = create_user(session)
    case = create_case(session, requester=requester, authority=authority)
    world = World(
        authority=authority,
        requester=requester,
        case=case,
        caseworker=create_user(session, Role.CASEWORKER, authority=authority),
        reviewer=create_user(session, Role.REVIEWER, authority=authority),
        admin=create_user(session, Role.ADMIN),
    )
    session.commit()
    return world


def fresh(session) -> None:  # type: ignore[no-untyped-def]
    """Read afresh what the requests committed."""
    session.commit()
    session.expire_all()


def add_document(
    client: PageClient,
    url: str,
    *,
    kind: str | None = "request",
    title: str = "",
    dated: tuple[str, str, str] = ("", "", ""),
    data: bytes | None = PDF,
    name: str = "letter.pdf",
) -> TestResponse:
    """Post the form as a browser does (a file part even when no file was chosen). The body is
    built in memory: the test client would spool a large one to a file it never closes."""
    fields: dict[str, Any] = {
        "csrf_token": client.csrf_token(url),
        "title": title,
        "dated": list(dated),
        "file": FileStorage(
            io.BytesIO(data or b""),
            filename=name if data is not None else "",
            content_type="application/octet-stream",
        ),
    }
    if kind is not None:
        fields["kind"] = kind
    boundary, body = encode_multipart(fields)
    response = client.raw.post(
        url, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    return client._checked(response)


def day_parts(day: dt.date) -> tuple[str, str, str]:
    return (str(day.day), str(day.month), str(day.year))


def test_the_kinds_offered_are_the_regulator_checklist_kinds() -> None:
    assert documents.CASE_DOCUMENT_KINDS == CHECKLIST_KINDS


# -- the requester's page --------------------------------------------------------------------


def test_requester_page_offers_each_kind_in_plain_words(client, world) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(world.requester)
    response = client.get(world.requester_url)

    assert response.status_code == 200
    assert client.last_page.h1 == ["Add a document to your complaint"]
    html = response.get_data(as_text=True)
    text = client.last_page.text
    for label in (
        "Your original request",
        "The authority's response",
        "Your request for a review",
        "The review outcome",
        "Other letters or e-mails about the request",
        "Consent from the person you are acting for",
    ):
        assert label in text
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file"' in html
    assert 'name="dated"' in html and 'id="dated-day"' in html
    assert f'href="/complaints/{world.case.reference}" class="govuk-back-link"' in html


def test_requester_adds_a_document_to_their_case(client, session, world, app) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(world.requester)
    sent = clock.today() - dt.timedelta(days=40)

    response = add_document(
        client,
        world.requester_url,
        kind="request",
        title="  My e-mail   to the council ",
        dated=day_parts(sent),
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/complaints/{world.case.reference}"
    fresh(session)
    document = session.scalars(select(Document)).one()
    assert (document.case_id, document.owner_id) == (world.case.id, world.requester.id)
    assert (document.kind, document.title, document.dated) == (
        "request",
        "My e-mail to the council",
        sent,
    )
    assert documents.read_document(app.config["UPLOAD_DIR"], document) == PDF
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "upload_document")).one()
    assert event.case_id == world.case.id and event.actor_id == world.requester.id
    assert event.after["document_id"] == document.id and event.after["kind"] == "request"

    page = client.get(f"/complaints/{world.case.reference}")
    assert "“My e-mail to the council” has been added." in client.last_page.text
    html = page.get_data(as_text=True)
    assert f'href="/documents/{document.id}"' in html
    assert f'href="{world.requester_url}"' in html  # "Add a document" on the case page


def test_without_a_title_the_file_name_is_used(client, session, world) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(world.requester)
    response = add_document(
        client, world.requester_url, kind="correspondence", data=b"Dear Ms Example", name="reply"
    )
    assert response.status_code == 302
    fresh(session)
    document = session.scalars(select(Document)).one()
    assert (document.title, document.filename, document.dated) == ("reply.txt", "reply.txt", None)
    assert document.media_type == "text/plain; charset=utf-8"


@pytest.mark.parametrize(
    ("fields", "message", "anchor"),
    [
        ({"kind": None}, "Select what the document is", "kind"),
        ({"kind": "passport"}, "Select what the document is", "kind"),
        ({"data": None}, "Select a file to upload", "file"),
        ({"data": b""}, "The selected file is empty", "file"),
        (
            {"data": b"binary\x00bytes", "name": "letter.pdf"},
            "The selected file must be a PDF, a Word document (.docx), a picture (JPEG or PNG) "
            "or a plain text file",
            "file",
        ),
        (
            {"data": b"%PDF-1.7\n" + b"0" * MAX},
            "The selected file must be smaller than 10 MB",
            "file",
        ),
        ({"title": "x" * 201}, "The title must be 200 characters or fewer", "title"),
        (
            {"dated": ("3", "", "2026")},
            "The date on the document must include a month",
            "dated-day",
        ),
        (
            {"dated": ("31", "2", "2026")},
            "The date on the document must be a real date",
            "dated-day",
        ),
        ({"dated": ("1", "1", "26")}, "Year must include 4 numbers", "dated-day"),
        (
            {"dated": ("1", "1", "2004")},
            "The date on the document must be on or after 1 January 2005",
            "dated-day",
        ),
        ({"dated": "future"}, "The date on the document must be today or in the past", "dated-day"),
    ],
)
def test_each_problem_is_explained_and_nothing_is_stored(
    client, session, world, app, fields: dict[str, Any], message: str, anchor: str
) -> None:  # type: ignore[no-untyped-def]
    if fields.get("dated") == "future":
        fields = {"dated": day_parts(clock.today() + dt.timedelta(days=1))}
    client.sign_in_as(world.requester)

    response = add_document(client, world.requester_url, **fields)

    assert response.status_code == 200
    assert client.last_page.title == "Error: Add a document to your complaint – Review service"
    assert message in client.last_page.text
    html = response.get_data(as_text=True)
    # The error summary links to the field, or to a date's day box (a field that takes focus).
    assert f'href="#{anchor}"' in html
    assert f'id="{anchor}"' in html
    fresh(session)
    assert session.scalars(select(Document)).all() == []
    upload_dir = app.config["UPLOAD_DIR"]
    assert not upload_dir.exists() or not [p for p in upload_dir.rglob("*") if p.is_file()]


def test_what_was_entered_is_kept_when_the_form_is_shown_again(client, world) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(world.requester)
    response = add_document(
        client,
        world.requester_url,
        kind="consent",
        title="Signed note",
        data=None,
        dated=("2", "", ""),
    )
    html = response.get_data(as_text=True)
    assert 'value="consent" checked' in html
    assert 'value="Signed note"' in html
    assert 'id="dated-day" name="dated" type="text" value="2"' in html
    assert "The date on the document must include a month and a year" in client.last_page.text


# -- the regulator's checklist ---------------------------------------------------------------


def test_consent_added_from_the_checklist_ticks_it(client, session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    requester = create_user(session)
    case = create_case(
        session, requester=requester, authority=authority, acting_for_someone_else=True
    )
    session.commit()
    client.sign_in_as(requester)
    pack = f"/complaints/{case.reference}/regulator"

    html = client.get(pack).get_data(as_text=True)
    assert "Consent from the person you are acting for Missing" in client.last_page.text
    link = f"/complaints/{case.reference}/documents/new?kind=consent&amp;return_to=regulator"
    assert f'href="{link}"' in html
    # every missing item has its own link, with the kind chosen
    assert (
        f"/complaints/{case.reference}/documents/new?kind=request&amp;return_to=regulator" in html
    )

    url = link.replace("&amp;", "&")
    form = client.get(url).get_data(as_text=True)
    assert 'value="consent" checked' in form
    assert f'href="{pack}" class="govuk-back-link"' in form
    response = add_document(
        client, url, kind="consent", title="Consent from my neighbour", data=b"I agree. A. Person"
    )

    assert response.status_code == 302
    assert response.headers["Location"] == pack
    client.get(pack)
    text = client.last_page.text
    assert "Consent from the person you are acting for Held Consent from my neighbour" in text
    assert "“Consent from my neighbour” has been added." in text
    fresh(session)
    consent = next(i for i in document_checklist(session, case) if i.key == "consent")
    assert consent.present and not consent.missing


def test_another_return_address_is_ignored(client, world) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(world.requester)
    url = world.requester_url + "?return_to=https://evil.example/"
    response = add_document(client, url)
    assert response.headers["Location"] == f"/complaints/{world.case.reference}"


# -- the staff page --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["caseworker", "admin"])
def test_caseworkers_and_admins_add_documents_to_the_case(client, session, world, who) -> None:  # type: ignore[no-untyped-def]
    staff = getattr(world, who)
    client.sign_in_as(staff)
    case_page = f"/staff/cases/{world.case.reference}"

    assert f'href="{world.staff_url}"' in client.get(case_page).get_data(as_text=True)
    form = client.get(world.staff_url)
    assert form.status_code == 200
    assert client.last_page.h1 == [f"Add a document to case {world.case.reference}"]
    assert "Consent from the person the requester is acting for" in client.last_page.text
    assert f'href="{case_page}" class="govuk-back-link"' in form.get_data(as_text=True)

    response = add_document(
        client,
        world.staff_url,
        kind="review_outcome",
        title="Outcome letter sent by post",
        dated=day_parts(clock.today()),
    )

    assert response.status_code == 302
    assert response.headers["Location"] == case_page
    fresh(session)
    document = session.scalars(select(Document)).one()
    assert (document.case_id, document.owner_id, document.kind) == (
        world.case.id,
        staff.id,
        "review_outcome",
    )
    html = client.get(case_page).get_data(as_text=True)
    assert "Outcome letter sent by post" in html
    # the requester sees it on their case
    client.sign_in_as(world.requester)
    assert "Outcome letter sent by post" in client.get(
        f"/complaints/{world.case.reference}"
    ).get_data(as_text=True)


def test_staff_form_errors_are_shown_with_400(client, session, world) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(world.caseworker)
    response = add_document(client, world.staff_url, kind=None, data=None)
    assert response.status_code == 400
    assert client.last_page.title.startswith("Error: ")
    assert "Select what the document is" in client.last_page.text
    assert "Select a file to upload" in client.last_page.text
    fresh(session)
    assert session.scalars(select(Document)).all() == []


def test_reviewers_do_not_see_the_link(client, world) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(world.reviewer)
    html = client.get(f"/staff/cases/{world.case.reference}").get_data(as_text=True)
    assert world.staff_url not in html


# -- who may add -----------------------------------------------------------------------------


def assert_upload_refused(client, session, url: str, token: str, status: int) -> None:  # type: ignore[no-untyped-def]
    """A PDF posted to ``url`` with a valid CSRF ``token`` gets ``status`` and stores nothing."""
    response = client.raw.post(
        url, data={"csrf_token": token, "kind": "request", "file": (io.BytesIO(PDF), "a.pdf")}
    )
    assert response.status_code == status
    fresh(session)
    assert session.scalars(select(Document)).all() == []


def test_another_requester_gets_404(client, session, world) -> None:  # type: ignore[no-untyped-def]
    stranger = create_user(session)
    session.commit()
    client.sign_in_as(stranger)
    assert client.get(world.requester_url).status_code == 404
    token = client.csrf_token("/complaints")
    assert_upload_refused(client, session, world.requester_url, token, 404)


def test_staff_of_another_authority_get_404(client, session, world) -> None:  # type: ignore[no-untyped-def]
    outsider = create_user(session, Role.CASEWORKER, authority=create_authority(session))
    session.commit()
    client.sign_in_as(outsider)
    assert client.get(world.staff_url).status_code == 404


def test_reviewers_are_refused(client, session, world) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(world.reviewer)
    assert client.get(world.staff_url).status_code == 403
    token = client.csrf_token("/staff")  # a valid token: the refusal is the access rule
    assert_upload_refused(client, session, world.staff_url, token, 403)


def test_each_side_keeps_to_its_own_page(client, world) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(world.caseworker)
    assert client.get(world.requester_url).status_code == 403
    client.sign_in_as(world.requester)
    assert client.get(world.staff_url).status_code == 404


@pytest.mark.parametrize("page", ["requester_url", "staff_url"])
def test_signed_out_visitors_are_sent_to_sign_in(client, world, page: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(getattr(world, page))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


# -- the service -----------------------------------------------------------------------------


def test_the_service_checks_who_is_adding(session, world, app) -> None:  # type: ignore[no-untyped-def]
    def add(actor: User) -> Document:
        return documents.add_case_document(
            session,
            actor,
            world.case,
            kind="correspondence",
            title="",
            dated=None,
            filename="note.txt",
            data=b"A note",
        )

    with pytest.raises(Forbidden):
        add(world.reviewer)
    with pytest.raises(NotFound):
        add(create_user(session))
    with pytest.raises(NotFound):
        add(create_user(session, Role.ADMIN, authority=create_authority(session)))
    assert add(world.admin).case_id == world.case.id


def test_the_service_reports_every_problem_at_once(session, world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as failed:
        documents.add_case_document(
            session,
            world.requester,
            world.case,
            kind="other",
            title="t" * 201,
            dated=clock.today() + dt.timedelta(days=1),
            filename="photo.pdf",
            data=b"binary\x00bytes",
        )
    assert set(failed.value.errors) == {"kind", "title", "dated", "file"}
    assert session.scalars(select(Document)).all() == []
