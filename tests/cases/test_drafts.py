"""The server-side draft: where the requester is, and the complaint the answers describe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from review_service.accounts.models import Authority
from review_service.cases import drafts
from review_service.cases.models import ComplaintDraft
from review_service.errors import ValidationFailed
from review_service.extensions import database
from tests.cases.journey import NOTICE
from tests.factories import create_authority, create_user


def test_the_next_question_is_the_first_unanswered() -> None:
    assert drafts.next_step({}) == "authority"
    assert drafts.next_step({"done": ["authority", "law"]}) == "request"
    every = ["authority", "law", "request", "response", "findings", "grounds"]
    assert drafts.next_step({"done": every}) is None


def test_without_a_response_there_are_no_findings_to_confirm() -> None:
    answers = {"no_response": True, "done": ["authority", "law", "request", "response"]}
    assert drafts.next_step(answers) == "grounds"
    assert not drafts.may_visit(answers, "findings")
    assert drafts.previous_step(answers, "grounds") == "response"


def test_a_page_is_reachable_only_after_the_pages_before_it() -> None:
    answers = {"done": ["authority"]}
    assert drafts.may_visit(answers, "law")
    assert not drafts.may_visit(answers, "request")
    assert not drafts.may_visit(answers, "check")


def test_answers_become_the_command_that_files_the_complaint() -> None:
    answers = {
        "authority_id": 7,
        "regime": "foia",
        "request_reference": "FOI-1",
        "request_sent_on": "2026-09-01",
        "request_text": "Drones",
        "response_how": "paste",
        "response_text": NOTICE,
        "response_date": "2026-09-28",
        "review_window_working_days": 40,
        "provisions": [
            {"provision": "s.24(2)", "ncnd": True},
            {"provision": "s.43", "ncnd": False},
        ],
        "grounds": [
            {"kind": "provision", "provision": "s.24(2)", "text": "Not engaged"},
            {"kind": "provision", "provision": "s.31(3)", "text": "removed since"},
            {"kind": "late_response", "provision": None, "text": ""},
        ],
    }
    command = drafts.command_from(answers)
    assert command.authority_id == 7
    assert command.request_sent_on == dt.date(2026, 9, 1)
    assert command.response_date == dt.date(2026, 9, 28)
    assert [(p.provision, p.ncnd) for p in command.provisions] == [
        ("s.24(2)", True),
        ("s.43", False),
    ]
    # a ground about a provision no longer in the list is dropped
    assert [(g.kind, g.provision) for g in command.grounds] == [
        ("provision", "s.24(2)"),
        ("late_response", None),
    ]


def test_no_response_files_no_date_text_or_provisions() -> None:
    command = drafts.command_from(
        {"no_response": True, "response_text": "stale", "provisions": [{"provision": "s.43"}]}
    )
    assert command.no_response is True
    assert command.response_date is None
    assert command.response_text == ""
    assert command.provisions == ()


def test_the_reader_fills_in_what_it_finds_without_overwriting_the_reference() -> None:
    changes = drafts.reading_changes({"request_reference": "MINE"}, NOTICE, "foia")
    assert changes["provisions"] == [
        {"provision": "s.24(2)", "ncnd": True},
        {"provision": "s.31(3)", "ncnd": True},
    ]
    assert changes["review_window_working_days"] == 40
    assert "request_reference" not in changes
    assert drafts.reading_changes({}, NOTICE, "foia")["request_reference"] == "2018030000548"


def test_foia_numbers_are_not_carried_over_to_a_scottish_request() -> None:
    changes = drafts.reading_changes({}, NOTICE, "foisa")
    assert changes["provisions"] == []
    assert changes["reader_regime"] == "foia"
    assert changes["reader_found"] == 2


def test_provisions_can_be_added_once_and_removed(session) -> None:  # type: ignore[no-untyped-def]
    requester = create_user(session)
    drafts.save_answers(session, requester, {"regime": "foia", "provisions": []})
    assert drafts.add_provision(session, requester, "s.43", ncnd=False) == "s.43"
    with pytest.raises(ValidationFailed) as duplicate:
        drafts.add_provision(session, requester, "s.43", ncnd=True)
    assert duplicate.value.errors == {"provision": "s.43 is already in the list"}
    with pytest.raises(ValidationFailed):
        drafts.add_provision(session, requester, "s.17", ncnd=False)  # procedural, not an exemption
    drafts.toggle_ncnd(session, requester, 0)
    assert drafts.answers_of(session, requester)["provisions"] == [
        {"provision": "s.43", "ncnd": True}
    ]
    assert drafts.remove_provision(session, requester, 5) is None
    assert drafts.remove_provision(session, requester, 0) == "s.43"
    assert drafts.answers_of(session, requester)["provisions"] == []


def test_each_requester_has_their_own_draft(session) -> None:  # type: ignore[no-untyped-def]
    one, two = create_user(session), create_user(session)
    drafts.save_answers(session, one, {"request_text": "one"}, step="authority")
    drafts.save_answers(session, two, {"request_text": "two"})
    assert drafts.answers_of(session, one)["request_text"] == "one"
    assert drafts.answers_of(session, one)["done"] == ["authority"]
    assert drafts.answers_of(session, two)["done"] == []
    drafts.discard(session, one)
    assert drafts.find_draft(session, one) is None
    assert drafts.find_draft(session, two) is not None


# -- two tabs saving the first answer at once ------------------------------------------------


@contextmanager
def other_tab_saves_first(app, user_id: int, answers: dict[str, Any]) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Make the race happen every time: just before a draft for `user_id` is first inserted,
    "another tab" inserts and commits its own draft for the same requester, on a connection
    of its own. Each save has then read "no draft yet", and the second insert breaks the
    one-draft-per-user rule."""
    state = {"fired": False}

    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        if state["fired"] or not any(
            isinstance(o, ComplaintDraft) and o.user_id == user_id for o in session.new
        ):
            return
        state["fired"] = True
        with database(app).sessionmaker() as other:
            other.add(ComplaintDraft(user_id=user_id, answers=answers))
            other.commit()

    event.listen(Session, "before_flush", before_flush)
    try:
        yield
    finally:
        event.remove(Session, "before_flush", before_flush)
    assert state["fired"], "the other tab never saved"


def test_a_first_answer_saved_from_two_tabs_at_once_updates_the_one_draft(app, session) -> None:  # type: ignore[no-untyped-def]
    requester = create_user(session)
    session.commit()  # the other tab writes on its own connection
    first_tab = {"request_text": "from the first tab", "done": ["authority"]}

    with other_tab_saves_first(app, requester.id, first_tab):
        answers = drafts.save_answers(
            session, requester, {"regime": "foia"}, step="law", undo=("findings",)
        )
    session.commit()

    # Nothing lost: the first tab's answers, with this save's on top.
    assert answers == {
        "request_text": "from the first tab",
        "regime": "foia",
        "done": ["authority", "law"],
    }
    session.expire_all()
    [draft] = session.scalars(select(ComplaintDraft)).all()
    assert draft.user_id == requester.id
    assert draft.answers == answers


@pytest.mark.postgresql_only  # SQLite has one writer at a time: the other tab would wait
def test_work_done_before_the_clash_in_the_same_save_is_kept(app, session) -> None:  # type: ignore[no-untyped-def]
    """Only the failed insert is undone (to a savepoint), not the rest of the transaction."""
    requester = create_user(session)
    session.commit()
    authority = create_authority(session)  # pending in this transaction, not yet committed

    with other_tab_saves_first(app, requester.id, {"done": []}):
        drafts.save_answers(session, requester, {"authority_id": authority.id}, step="authority")
    session.commit()

    session.expire_all()
    assert session.get(Authority, authority.id) is not None
    assert drafts.answers_of(session, requester)["authority_id"] == authority.id


def test_the_second_tab_gets_the_next_question_not_an_error(app, client, session) -> None:  # type: ignore[no-untyped-def]
    authority = create_authority(session)
    requester = create_user(session)
    session.commit()
    client.sign_in_as(requester)
    token = client.csrf_token("/complaints/new/authority")

    with other_tab_saves_first(app, requester.id, {"authority_id": None, "done": ["authority"]}):
        response = client.raw.post(
            "/complaints/new/authority",
            data={"csrf_token": token, "authority": str(authority.id)},
        )

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/complaints/new/law")
    session.expire_all()
    [draft] = session.scalars(select(ComplaintDraft)).all()
    assert draft.answers["authority_id"] == authority.id
    assert draft.answers["done"] == ["authority"]
