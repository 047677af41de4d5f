"""Documents and letters download as attachments, only for people entitled to the case.

Requesters get 404 for anything that is not theirs, exactly as for something that does not
exist; staff see only their own authority's cases.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from review_service.accounts.models import Authority, Role, User
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.documents import services as documents
from review_service.documents.models import Document
from review_service.letters.models import Letter
from review_service.letters.queries import case_letters
from tests.factories import create_authority, create_case, create_user, small_pdf, store_document

CONTENT = small_pdf("The requester's copy of the response")


@dataclass
class World:
    authority: Authority
    owner: User
    case: Case
    document: Document
    draft_document: Document
    letter: Letter


@pytest.fixture
def world(app, session) -> World:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    owner = create_user(session)
    case = create_case(session, requester=owner, authority=authority)
    upload = documents.check_upload("response.pdf", CONTENT, max_bytes=10 * 1024 * 1024)
    document = store_document(
        session,
        owner,
        upload,
        app.config["UPLOAD_DIR"],
        title="The authority’s response",
        case=case,
    )
    draft_upload = documents.check_upload("draft.txt", b"not filed yet", max_bytes=1024)
    draft_document = store_document(
        session, owner, draft_upload, app.config["UPLOAD_DIR"], title="Unsent response"
    )
    caseworker = create_user(session, Role.CASEWORKER, authority=authority)
    cases.acknowledge(session, caseworker, case)
    [letter] = session.scalars(case_letters(case.id))
    session.commit()
    return World(authority, owner, case, document, draft_document, letter)


def urls(world: World) -> dict[str, str]:
    ref = world.case.reference
    return {
        "case": f"/complaints/{ref}",
        "confirmation": f"/complaints/{ref}/confirmation",
        "withdraw": f"/complaints/{ref}/withdraw",
        "letter": f"/complaints/{ref}/letters/{world.letter.id}.pdf",
        "document": f"/documents/{world.document.id}",
    }


def test_owner_downloads_documents_and_letters_as_attachments(client, world) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(world.owner)
    document = client.get(urls(world)["document"])
    assert document.status_code == 200
    assert document.data == CONTENT
    assert document.mimetype == "application/pdf"
    assert document.headers["Content-Disposition"] == "attachment; filename=response.pdf"
    assert document.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in document.headers["Cache-Control"]

    letter = client.get(urls(world)["letter"])
    assert letter.status_code == 200
    assert letter.data.startswith(b"%PDF-")
    assert letter.headers["Content-Disposition"] == (
        f"attachment; filename={world.case.reference}-acknowledgement-v1.pdf"
    )
    draft = client.get(f"/documents/{world.draft_document.id}")
    assert draft.status_code == 200 and draft.data == b"not filed yet"


def test_case_page_links_to_its_letters_and_documents(client, world) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(world.owner)
    html = client.get(urls(world)["case"]).get_data(as_text=True)
    assert f'href="{urls(world)["letter"]}"' in html
    assert f'href="{urls(world)["document"]}"' in html


@pytest.mark.parametrize("page", ["case", "confirmation", "withdraw", "letter", "document"])
def test_another_requester_gets_404(client, session, world, page: str) -> None:  # type: ignore[no-untyped-def]
    stranger = create_user(session)
    session.commit()
    client.sign_in_as(stranger)
    assert client.get(urls(world)[page]).status_code == 404


def test_another_requester_cannot_withdraw_by_posting(client, session, world) -> None:  # type: ignore[no-untyped-def]
    stranger = create_user(session)
    session.commit()
    client.sign_in_as(stranger)
    token = client.csrf_token("/complaints")
    response = client.raw.post(urls(world)["withdraw"], data={"csrf_token": token})
    assert response.status_code == 404
    session.refresh(world.case)
    assert world.case.status == "received"


def test_another_requesters_unsent_upload_is_404(client, session, world) -> None:  # type: ignore[no-untyped-def]
    stranger = create_user(session)
    session.commit()
    client.sign_in_as(stranger)
    assert client.get(f"/documents/{world.draft_document.id}").status_code == 404


def test_a_letter_of_another_case_is_404_under_your_own_reference(client, session, world) -> None:  # type: ignore[no-untyped-def]
    other = create_case(session, requester=world.owner, authority=world.authority)
    session.commit()
    client.sign_in_as(world.owner)
    url = f"/complaints/{other.reference}/letters/{world.letter.id}.pdf"
    assert client.get(url).status_code == 404


def test_staff_of_another_authority_are_refused(client, session, world) -> None:  # type: ignore[no-untyped-def]
    elsewhere = create_authority(session)
    outsider = create_user(session, Role.CASEWORKER, authority=elsewhere)
    session.commit()
    client.sign_in_as(outsider)
    assert client.get(urls(world)["document"]).status_code == 404
    assert client.get(f"/documents/{world.draft_document.id}").status_code == 404
    # the requester's pages are not staff pages at all
    for page in ("case", "letter"):
        assert client.get(urls(world)[page]).status_code == 403


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.REVIEWER])
def test_staff_of_the_authority_may_download_its_documents(
    client, session, world, role: Role
) -> None:  # type: ignore[no-untyped-def]
    member = create_user(session, role, authority=world.authority)
    session.commit()
    client.sign_in_as(member)
    assert client.get(urls(world)["document"]).status_code == 200
    # but not what a requester has uploaded and not yet sent
    assert client.get(f"/documents/{world.draft_document.id}").status_code == 404


def test_an_admin_for_every_authority_may_download(client, session, world) -> None:  # type: ignore[no-untyped-def]
    admin = create_user(session, Role.ADMIN)
    session.commit()
    client.sign_in_as(admin)
    assert client.get(urls(world)["document"]).status_code == 200


@pytest.mark.parametrize("page", ["case", "letter", "document", "withdraw"])
def test_signed_out_visitors_are_sent_to_sign_in(client, world, page: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(urls(world)[page])
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_signed_out_visitors_are_sent_to_sign_in_for_your_complaints(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/complaints")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=%2Fcomplaints"


def test_a_missing_document_is_404(client, world) -> None:  # type: ignore[no-untyped-def]
    client.sign_in_as(world.owner)
    assert client.get("/documents/999999").status_code == 404
