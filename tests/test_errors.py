"""Errors a view did not catch still reach the user as a clear message, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from review_service.errors import Conflict, StaleCase, ValidationFailed
from review_service.web.access import public


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [
        (
            Conflict("This review has already been extended to the maximum."),
            409,
            "already been extended",
        ),
        (StaleCase(), 409, "Someone else changed this case"),
        (
            ValidationFailed({"reason": "Enter why the case is being closed"}),
            400,
            "Enter why the case is being closed",
        ),
    ],
)
def test_an_uncaught_service_error_is_shown_as_a_message(app, error, status, message) -> None:  # type: ignore[no-untyped-def]
    @app.get("/raise-for-test")
    @public
    def raises():  # type: ignore[no-untyped-def]
        raise error

    response = app.test_client().get("/raise-for-test")
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_an_unexpected_error_gives_the_500_page(app) -> None:  # type: ignore[no-untyped-def]
    @app.get("/crash-for-test")
    @public
    def crashes():  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    response = app.test_client().get("/crash-for-test")
    assert response.status_code == 500
    assert "boom" not in response.get_data(as_text=True)


def test_form_input_with_a_nul_character_is_refused_plainly(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/sign-in", {"email": "a\x00@example.org", "password": "x" * 12})
    assert response.status_code == 400
    assert "not allowed (NUL)" in response.get_data(as_text=True)


def test_a_form_part_without_a_name_is_refused_plainly(client) -> None:  # type: ignore[no-untyped-def]
    # Found by the form fuzzing: a field name with a line break in it breaks its part's
    # Content-Disposition header, so the part arrives with no name; the CSRF check then failed
    # on it with a 500.
    import io

    hostile = {
        "a@example.org\r\nBcc: x@evil.example": "99",
        "file": (io.BytesIO(b"text"), "letter.txt"),
    }
    response = client.raw.post("/sign-in", data=hostile, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "a part with no name" in response.get_data(as_text=True)


def test_invalid_transition_survives_being_copied_and_reads_well() -> None:
    import copy

    from review_service.domain.lifecycle import CaseAction, CaseStatus, InvalidTransition

    error = InvalidTransition(CaseStatus.CLOSED, CaseAction.RECORD_COMPLIANCE)
    assert str(copy.copy(error)) == "“Record compliance” is not possible while the case is closed."


def test_a_page_query_with_a_nul_character_is_refused_plainly(client, session) -> None:  # type: ignore[no-untyped-def]
    # Found by the form fuzzing: the staff queue's search sent NUL to SQLite's full-text MATCH.
    from tests.factories import create_authority, create_staff

    staff = create_staff(session, create_authority(session))
    session.commit()
    client.sign_in_as(staff["reviewer"])
    response = client.raw.get("/staff", query_string={"q": '\x00Subject X-Injected: yes"'})
    assert response.status_code == 400
    assert "not allowed (NUL)" in response.get_data(as_text=True)


def test_a_page_address_with_a_nul_character_is_refused_plainly(client, session) -> None:  # type: ignore[no-untyped-def]
    # Found by probing the pages by hand (fuzz15): a NUL in a case reference in the path
    # reached PostgreSQL's comparison of the reference and came back as a 500; a NUL in a
    # query parameter's name passed the check of the values.
    from tests.factories import create_case

    case = create_case(session)
    session.commit()
    client.sign_in_as(case.requester)
    for address in (
        f"/complaints/{case.reference}%00",
        f"/complaints/{case.reference}%00/withdraw",
        "/complaints?a%00b=1",
    ):
        response = client.raw.get(address)
        assert response.status_code == 400, address
        assert "not allowed (NUL)" in response.get_data(as_text=True)


def test_a_case_reference_with_a_nul_character_is_no_case(session) -> None:  # type: ignore[no-untyped-def]
    # PostgreSQL cannot compare text holding NUL: the lookup says "no such case" before asking.
    from review_service.cases.policy import case_for
    from review_service.errors import NotFound
    from tests.factories import create_case

    case = create_case(session)
    session.commit()
    with pytest.raises(NotFound, match="No case with that reference"):
        case_for(session, case.requester, case.reference + "\x00")


# -- one mapping from a service error to its problem --------------------------------------------


@pytest.mark.parametrize("raised", ["validation", "invalid-transition", "conflict", "forbidden"])
def test_a_service_error_outside_the_api_views_is_the_same_problem_as_inside(
    app: Flask, raised: str
) -> None:
    """An /api/ path answered by the application's handlers (not the API blueprint's) gives
    the same problem: one mapping, so the type a client switches on does not depend on where
    the error was met (it was "conflict" for a refused lifecycle move, and a validation
    problem without its ``errors``)."""
    from review_service.api.problems import PROBLEM_BASE
    from review_service.domain.lifecycle import CaseAction, CaseStatus, InvalidTransition
    from review_service.errors import Forbidden

    errors: dict[str, Exception] = {
        "validation": ValidationFailed({"note": "Say what the correction is"}),
        "invalid-transition": InvalidTransition(CaseStatus.CLOSED, CaseAction.ASSIGN),
        "conflict": Conflict("Already recorded."),
        "forbidden": Forbidden("Not yours."),
    }

    @public
    def fails() -> Any:
        raise errors[raised]

    app.add_url_rule("/api/test-only/fails", view_func=fails)
    response = app.test_client().get("/api/test-only/fails")
    body = response.json
    assert response.mimetype == "application/problem+json"
    assert body["type"] == PROBLEM_BASE + raised
    assert body["status"] == response.status_code
    if raised == "validation":
        assert response.status_code == 422
        assert body["errors"] == [{"field": "note", "message": "Say what the correction is"}]
    if raised == "invalid-transition":
        assert (body["case_status"], body["action"]) == ("closed", "assign")
