"""The server-side draft: where the requester is, and the complaint the answers describe."""

from __future__ import annotations

import datetime as dt

import pytest

from review_service.cases import drafts
from review_service.errors import ValidationFailed
from tests.cases.journey import NOTICE
from tests.factories import create_user


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
