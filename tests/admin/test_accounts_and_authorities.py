"""Administrators manage staff accounts and authorities; every change is audited."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from review_service.accounts.models import Authority, Role, User
from review_service.audit.models import AuditEvent
from review_service.cases.services import assign
from review_service.extensions import commit
from review_service.mail.models import OutboxMessage
from tests.factories import create_authority, create_case, create_staff, create_user
from tests.staff import sign_in

pytestmark = pytest.mark.usefixtures("fresh_sessions")


@pytest.fixture
def setting(session):  # type: ignore[no-untyped-def]
    authority = create_authority(session, name="Adminshire Council")
    staff = create_staff(session, authority)
    commit()
    return authority, staff


def last_event(session) -> AuditEvent:  # type: ignore[no-untyped-def]
    return session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def test_the_administration_pages_render(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    authority, staff = setting
    sign_in(client, staff["admin"])
    for url, heading in (
        ("/admin", "Administration"),
        ("/admin/staff", "Staff accounts"),
        ("/admin/staff/new", "Add a member of staff"),
        (f"/admin/staff/{staff['reviewer'].id}", staff["reviewer"].name),
        ("/admin/authorities", "Authorities"),
        ("/admin/authorities/new", "Add an authority"),
        (f"/admin/authorities/{authority.id}", "Adminshire Council"),
        ("/admin/holidays", "Bank-holiday changes"),
    ):
        assert client.get(url).status_code == 200, url
        assert client.last_page.h1 == [heading]


def test_two_staff_of_the_same_name_have_links_named_apart(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    """Names are not unique: each link in the staff list also names the account's e-mail address
    (visually hidden, beside the column that shows it), so a screen reader's list of links tells
    two people called the same apart (WCAG 2.4.4)."""
    authority, staff = setting
    twins = [
        create_user(session, Role.REVIEWER, authority=authority, name="Sam Same") for _ in range(2)
    ]
    commit()
    sign_in(client, staff["admin"])
    html = client.get("/admin/staff").get_data(as_text=True)
    for twin in twins:
        assert (
            f'href="/admin/staff/{twin.id}">Sam Same<span class="govuk-visually-hidden"> '
            f"({twin.email})</span></a>"
        ) in html


def test_creating_a_staff_account_sends_a_set_password_link(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    authority, staff = setting
    sign_in(client, staff["admin"])
    response = client.post(
        "/admin/staff/new",
        {
            "name": "Nia Reviewer",
            "email": "Nia@Adminshire.example",
            "role": "reviewer",
            "authority": str(authority.id),
        },
    )
    assert response.status_code == 302
    user = session.scalar(select(User).where(User.email == "nia@adminshire.example"))
    assert (user.role, user.authority_id, user.is_active_account) == (
        "reviewer",
        authority.id,
        True,
    )
    mail = session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == user.email))
    link = re.search(r"http://localhost/reset-password/\S+", mail.body)
    assert link is not None
    event = last_event(session)
    assert (event.action, event.actor_id) == ("create_user", staff["admin"].id)
    # The link lets them choose a password.
    client.sign_out()
    assert client.get(link.group(0)).status_code == 200


def test_staff_account_validation(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    _, staff = setting
    sign_in(client, staff["admin"])
    response = client.post(
        "/admin/staff/new", {"name": "", "email": "not-an-address", "role": "requester"}
    )
    assert response.status_code == 400
    text = client.last_page.text
    assert "Enter the person's name" in text
    assert "Not a valid choice" in text or "Select a role" in text
    taken = client.post(
        "/admin/staff/new",
        {"name": "Copy", "email": staff["reviewer"].email, "role": "reviewer", "authority": ""},
    )
    assert taken.status_code == 400
    assert "An account with this e-mail address already exists" in client.last_page.text
    bad_email = client.post(
        "/admin/staff/new", {"name": "X", "email": "x@nowhere", "role": "reviewer"}
    )
    assert bad_email.status_code == 400
    assert "Enter an e-mail address in the correct format" in client.last_page.text


def test_changing_a_role_is_audited_and_guarded(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    authority, staff = setting
    sign_in(client, staff["admin"])
    reviewer = staff["other_reviewer"]
    url = f"/admin/staff/{reviewer.id}/role"
    response = client.post(url, {"role": "caseworker"}, form_url=f"/admin/staff/{reviewer.id}")
    assert response.status_code == 302
    session.expire_all()
    assert reviewer.role == "caseworker"
    event = last_event(session)
    assert (event.action, event.before["role"], event.after["role"]) == (
        "change_role",
        "reviewer",
        "caseworker",
    )

    # A reviewer with open reviews keeps the role until they are reassigned.
    case = create_case(session, authority=authority)
    assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)
    commit()
    busy = client.post(
        f"/admin/staff/{staff['reviewer'].id}/role",
        {"role": "caseworker"},
        form_url=f"/admin/staff/{staff['reviewer'].id}",
    )
    assert busy.status_code == 400
    assert "has 1 open review; reassign them before changing the role" in client.last_page.text

    # No one changes their own role (nor can lock themselves out).
    client.get(f"/admin/staff/{staff['admin'].id}")
    assert "This is your own account" in client.last_page.text
    own = client.post(
        f"/admin/staff/{staff['admin'].id}/role", {"role": "reviewer"}, form_url="/admin/staff"
    )
    assert own.status_code == 400
    assert "You cannot change your own role" in client.last_page.text


def test_deactivating_and_reactivating_an_account(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    authority, staff = setting
    case = create_case(session, authority=authority)
    assign(session, staff["caseworker"], case, reviewer_id=staff["reviewer"].id)
    commit()
    sign_in(client, staff["admin"])
    page = f"/admin/staff/{staff['reviewer'].id}"
    response = client.post(f"{page}/active", {}, form_url=page)
    assert response.status_code == 302
    client.get(response.headers["Location"])
    assert "deactivated. They still have 1 open review: reassign them." in client.last_page.text
    session.expire_all()
    assert not staff["reviewer"].is_active_account
    assert last_event(session).action == "deactivate_user"
    # A deactivated account is not signed in any more, and is not offered as a reviewer.
    sign_in(client, staff["reviewer"])
    assert client.get("/staff").status_code == 302
    sign_in(client, staff["caseworker"])
    html = client.get(f"/staff/cases/{case.reference}/assign").get_data(as_text=True)
    choices = re.search(r'<select[^>]*name="reviewer".*?</select>', html, re.S).group(0)
    assert f'value="{staff["reviewer"].id}"' not in choices
    assert f'value="{staff["other_reviewer"].id}"' in choices

    sign_in(client, staff["admin"])
    client.post(f"{page}/active", {}, form_url=page)
    session.expire_all()
    assert staff["reviewer"].is_active_account
    assert last_event(session).action == "reactivate_user"

    own = f"/admin/staff/{staff['admin'].id}"
    client.post(f"{own}/active", {}, form_url=page)
    session.expire_all()
    assert staff["admin"].is_active_account


def test_editing_an_authority_letterhead_and_policy(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    authority, staff = setting
    sign_in(client, staff["admin"])
    url = f"/admin/authorities/{authority.id}"
    client.get(url)
    form = {
        "name": "Adminshire County Council",
        "regime": "foia",
        "email": "FOI@adminshire.example",
        "address": "County Hall\r\nAdminford\r\nAD1 1AA",
        "telephone": "01234 567890",
        "letter_footer": "Adminshire County Council & partners",
        "signatory_title": "Head of Information Governance",
        "receipt_on_non_working_day_starts_next_working_day": "y",
        "refuse_late_review_requests": "y",
        "review_request_window_working_days": "60",
        "retention_months": "24",
        "is_listed": "y",
    }
    assert client.post(url, form).status_code == 302
    session.expire_all()
    assert authority.name == "Adminshire County Council"
    assert authority.email == "foi@adminshire.example"
    assert authority.address == "County Hall\nAdminford\nAD1 1AA"
    assert authority.receipt_on_non_working_day_starts_next_working_day
    assert authority.refuse_late_review_requests
    assert authority.review_request_window_working_days == 60
    assert authority.retention_months == 24
    event = last_event(session)
    assert event.action == "update_authority"
    assert event.before["review_request_window_working_days"] == 40
    assert event.after["review_request_window_working_days"] == 60
    assert (event.before["retention_months"], event.after["retention_months"]) == (72, 24)
    assert "telephone" in event.after and "is_listed" not in event.after  # only what changed

    pdf = client.get(f"{url}/letterhead.pdf")
    assert pdf.mimetype == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text().split())
    assert "Adminshire County Council & partners" in text
    assert "Head of Information Governance" in text and "AD1 1AA" in text

    # Unticked boxes switch the policies back off.
    off = {k: v for k, v in form.items() if k not in ("refuse_late_review_requests",)}
    client.post(url, off)
    session.expire_all()
    assert not authority.refuse_late_review_requests


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the authority's name"),
        ({"review_request_window_working_days": "0"}, "between 1 and 120 working days"),
        ({"review_request_window_working_days": "forty"}, "whole number of working days"),
        ({"retention_months": "0"}, "between 1 and 1,200 months"),
        ({"retention_months": "six years"}, "whole number of months, like 72"),
        ({"retention_months": ""}, "Enter how many months to keep requesters' personal data"),
        ({"email": "foi@nowhere"}, "Enter an e-mail address in the correct format"),
        ({"signatory_title": " "}, "Enter the title printed under the reviewer's name"),
        ({"regime": "gdpr"}, "Not a valid choice"),
        ({"address": "\n".join(f"Line {i}" for i in range(9))}, "no more than 8 lines"),
    ],
)
def test_authority_validation(client, session, setting, changes, message) -> None:  # type: ignore[no-untyped-def]
    authority, staff = setting
    sign_in(client, staff["admin"])
    form = {
        "name": authority.name,
        "regime": "foia",
        "email": "foi@adminshire.example",
        "address": "",
        "telephone": "",
        "letter_footer": "",
        "signatory_title": "Internal reviewer",
        "review_request_window_working_days": "40",
        "retention_months": "72",
        "is_listed": "y",
        **changes,
    }
    response = client.post(f"/admin/authorities/{authority.id}", form)
    assert response.status_code == 400
    assert message in client.last_page.text
    assert client.last_page.title.startswith("Error: ")


def test_adding_an_authority(client, session, setting) -> None:  # type: ignore[no-untyped-def]
    authority, staff = setting
    sign_in(client, staff["admin"])
    form = {
        "name": "Glenshire Council",
        "regime": "foisa",
        "email": "foi@glenshire.example",
        "signatory_title": "Reviewing officer",
        "review_request_window_working_days": "40",
        "retention_months": "72",
        "is_listed": "y",
    }
    assert client.post("/admin/authorities/new", form).status_code == 302
    created = session.scalar(select(Authority).where(Authority.name == "Glenshire Council"))
    assert created.regime == "foisa" and created.is_listed
    assert last_event(session).action == "create_authority"
    duplicate = client.post("/admin/authorities/new", {**form, "name": "glenshire council"})
    assert duplicate.status_code == 400
    assert "An authority with this name already exists" in client.last_page.text


def test_requester_roles_cannot_be_given_by_admin(session, setting) -> None:  # type: ignore[no-untyped-def]
    from review_service.admin import services
    from review_service.errors import ValidationFailed

    _, staff = setting
    with pytest.raises(ValidationFailed) as refused:
        services.change_role(session, staff["admin"], staff["reviewer"], Role.REQUESTER)
    assert refused.value.errors == {"role": "Select a role"}


def test_an_authority_with_staff_is_never_merged_into_another(session, setting) -> None:  # type: ignore[no-untyped-def]
    """An administrator of one authority may untick "List it for requesters" on their own
    authority; it then looked like one a requester added, and merging it into another moved
    its staff (that administrator too) into the other authority, with all of its cases."""
    from review_service.admin import services
    from review_service.errors import Conflict

    authority, staff = setting
    other = create_authority(session, name="Otherborough Council")
    own_admin = create_user(session, Role.ADMIN, authority=authority)
    commit()
    details = services.AuthorityDetails(
        **{f: getattr(authority, f) for f in services.AuthorityDetails.__dataclass_fields__}
    )
    services.update_authority(
        session, own_admin, authority, dataclasses.replace(details, is_listed=False)
    )
    commit()
    assert authority.id in [
        u.authority.id for u in services.unlisted_authorities(session, staff["admin"])
    ]

    with pytest.raises(Conflict, match="has staff accounts"):
        services.merge_authority(session, staff["admin"], authority, other.id)
    session.rollback()
    assert session.get(User, own_admin.id).authority_id == authority.id
