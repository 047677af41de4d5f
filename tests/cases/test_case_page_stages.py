"""Issue 12 item 4: the requester's case page at every stage says where the case is, what was
decided (with the letter), the next date that matters and what the requester can do now:
received, acknowledged, in review, decided, referred, decision notice, appealed (and the
tribunal's decision), closed and withdrawn."""

from __future__ import annotations

import datetime as dt
import html as html_module
import re
from typing import Any

import pytest

from review_service import clock
from review_service.cases import services as cases
from review_service.domain import deadlines
from review_service.domain.review import ReviewOutcome
from review_service.errors import Conflict
from review_service.letters.services import latest_letter
from review_service.regulator import services as regulator
from tests.factories import advance_case, create_authority, create_case, create_staff

FILED = dt.date(2026, 10, 5)
TODAY = dt.date(2026, 10, 12)
REVIEW = "internal review"
ICO = "the Information Commissioner's Office (ICO)"
COURT = "First-tier Tribunal (General Regulatory Chamber)"


@pytest.fixture
def world(session: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    authority = create_authority(session, name="Northshire Police", email="foi@northshire.example")
    staff = create_staff(session, authority)
    case = create_case(session, authority=authority, today=FILED)
    session.commit()
    return {"authority": authority, "staff": staff, "case": case}


def _at(session: Any, world: dict[str, Any], stage: str) -> Any:
    case = world["case"]
    if stage != "received":
        advance_case(
            session,
            case,
            stage,
            caseworker=world["staff"]["caseworker"],
            reviewer=world["staff"]["reviewer"],
            today=TODAY,
        )
    session.commit()
    return case


def _page(client: Any, case: Any) -> dict[str, str]:
    """The four answers of the case page, by section, as plain text."""
    client.sign_in_as(case.requester)
    html = client.get(f"/complaints/{case.reference}").get_data(as_text=True)
    found = {}
    for section in ("where", "decided", "next-date", "can-do"):
        match = re.search(rf'id="{section}"[^>]*>(.*?)</(?:p|div)>\s*(?:<h2|$)', html, re.S)
        assert match, f"no {section} section"
        text = html_module.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))
        found[section] = " ".join(text.split())
    found["html"] = html
    return found


def _page_at(client: Any, session: Any, world: dict[str, Any], stage: str) -> Any:
    """The case taken on to ``stage``, and its page's answers as the requester sees them."""
    case = _at(session, world, stage)
    return case, _page(client, case)


def _due(case: Any) -> str:
    return f"{case.review_due_on:%A} {case.review_due_on.day} {case.review_due_on:%B %Y}"


def test_received(client, session, world) -> None:  # type: ignore[no-untyped-def]
    case, page = _page_at(client, session, world, "received")
    assert page["where"] == "Northshire Police has your complaint. It has not acknowledged it yet."
    assert page["decided"] == "Nothing yet."
    assert page["next-date"].startswith(
        f"Northshire Police should send you the outcome of its {REVIEW} by {_due(case)}"
    )
    assert f"Wait for the outcome of the {REVIEW}." in page["can-do"]
    assert "Withdraw your complaint" in page["can-do"]


def test_acknowledged(client, session, world) -> None:  # type: ignore[no-untyped-def]
    case, page = _page_at(client, session, world, "acknowledged")
    assert page["where"].startswith(
        "Northshire Police acknowledged your complaint on 12 October 2026."
    )
    assert page["decided"] == "Nothing yet."
    assert f"by {_due(case)}" in page["next-date"]
    assert "Withdraw your complaint" in page["can-do"]


def test_in_review(client, session, world) -> None:  # type: ignore[no-untyped-def]
    case, page = _page_at(client, session, world, "in_review")
    assert page["where"] == (
        "A reviewer at Northshire Police, who was not involved in the original decision, is "
        f"looking at your request again (the {REVIEW})."
    )
    assert f"by {_due(case)}" in page["next-date"]
    assert "Withdraw your complaint" in page["can-do"]


def test_decided(client, session, world) -> None:  # type: ignore[no-untyped-def]
    case, page = _page_at(client, session, world, "decided")
    window = deadlines.regulator_complaint_window("foia", TODAY)
    outcome = ReviewOutcome(case.outcome).label
    assert page["where"] == (
        f"Northshire Police has sent you the outcome of its {REVIEW}: {outcome.lower()}."
    )
    assert page["decided"].startswith(
        f"Outcome of the {REVIEW} {outcome}, sent on 12 October 2026. Read the letter"
    )
    letter = latest_letter(session, case, "outcome")
    assert f'/complaints/{case.reference}/letters/{letter.id}.pdf"' in page["html"]
    assert page["next-date"].startswith(
        f"If you are unhappy with the outcome, complain to {ICO} by {window.due:%A} "
        f"{window.due.day} {window.due:%B %Y}"
    )
    assert f"Complain to {ICO}" in page["can-do"]
    assert f'href="/complaints/{case.reference}/regulator"' in page["html"]
    assert "Withdraw" not in page["can-do"]


def test_referred(client, session, world) -> None:  # type: ignore[no-untyped-def]
    case, page = _page_at(client, session, world, "referred")
    assert page["where"] == (
        f"You complained to {ICO} on 12 October 2026. It has not given a case reference yet."
    )
    assert "Outcome of the internal review" in page["decided"]
    assert page["next-date"] == f"None yet: {ICO} does not set a date for its decision."
    assert f"Your complaint to {ICO}" in page["can-do"]
    assert "Withdraw" not in page["can-do"]


def test_decision_notice(client, session, world) -> None:  # type: ignore[no-untyped-def]
    case = _at(session, world, "decision_notice")
    notice = regulator.decision_notice_for(session, case)
    page = _page(client, case)
    assert (
        page["where"] == "The Information Commissioner's Office (ICO) has decided your complaint."
    )
    assert "Decision notice IC-400123-K2M4, sent on 12 October 2026." in page["decided"]
    # A regulator's possessive from its profile, not "... (ICO)'s decision".
    assert "The ICO's decision" in page["decided"]
    assert "(ICO)'s" not in page["html"] and "(ICO)&#39;s" not in page["html"]
    assert "s.24(2): not upheld" in page["decided"] and "s.31(3): not upheld" in page["decided"]
    assert (
        f"Steps Northshire Police must take by {notice.compliance_due_on.day} "
        f"{notice.compliance_due_on:%B %Y}: Confirm or deny" in page["decided"]
    )
    assert page["next-date"].startswith(
        f"Either side can appeal to the {COURT} until {notice.appeal_due_on:%A} "
        f"{notice.appeal_due_on.day} {notice.appeal_due_on:%B %Y}"
    )
    assert f"you can appeal to the {COURT} (on the facts or the law)" in page["can-do"]
    assert f"Your complaint to {ICO}" in page["can-do"]


def test_appealed_and_the_tribunals_decision(client, session, world) -> None:  # type: ignore[no-untyped-def]
    case, page = _page_at(client, session, world, "appealed")
    assert page["where"] == f"The decision on your complaint is under appeal to the {COURT}."
    assert (
        f"Appeal to the {COURT} Northshire Police appealed on 12 October 2026. "
        f"The {COURT} has not decided it yet." in page["decided"]
    )
    assert page["next-date"] == f"None here: the {COURT} sets its own dates and will write to you."
    assert f"The {COURT} will write to you" in page["can-do"]

    regulator.record_tribunal_outcome(
        session, world["staff"]["caseworker"], case, outcome="dismissed", outcome_on=TODAY
    )
    session.commit()
    page = _page(client, case)
    assert page["where"] == f"The {COURT} has decided the appeal against the decision."
    assert "Appeal dismissed, on 12 October 2026." in page["decided"]
    # Decided: no longer "will write to you" about an appeal that is over (a defect found by
    # the browser test). The steps ordered stand, and the regulator can enforce them.
    assert page["next-date"] == (
        f"None here: the {COURT}'s decision says whether it can be appealed further, and by when."
    )
    assert "will write to you" not in page["can-do"]
    assert f"Read the {COURT}'s decision" in page["can-do"]
    assert (
        f"does not take the steps ordered, tell {ICO}: it can enforce its decision"
        in (page["can-do"])
    )


def test_closed(client, session, world) -> None:  # type: ignore[no-untyped-def]
    case = _at(session, world, "decision_notice")
    cases.close(
        session,
        world["staff"]["caseworker"],
        case,
        reason="The ICO's decision stands.",
        without_compliance=True,
    )
    session.commit()
    page = _page(client, case)
    assert (
        page["where"] == "Your complaint was closed on 12 October 2026: The ICO's decision stands."
    )
    assert "Decision notice IC-400123-K2M4" in page["decided"]
    assert page["next-date"] == "None: your complaint is closed."
    assert "contact Northshire Police at foi@northshire.example" in page["can-do"]
    assert f"Your complaint to {ICO}" in page["can-do"]
    assert "Withdraw" not in page["can-do"]


def test_withdrawn(client, session, world) -> None:  # type: ignore[no-untyped-def]
    case = _at(session, world, "received")
    cases.withdraw(session, case.requester, case, reason="I have the answer now.")
    session.commit()
    page = _page(client, case)
    assert (
        page["where"] == "Your complaint was withdrawn on 12 October 2026: “I have the answer now.”"
    )
    # Not "Nothing yet.": nothing more will be decided.
    assert page["decided"] == "Nothing: your complaint was withdrawn before anything was decided."
    assert page["next-date"] == "None: your complaint is withdrawn."
    assert "Make a new complaint" in page["can-do"]
    assert "Withdraw your complaint" not in page["can-do"]


def test_after_the_outcome_the_requester_has_nothing_left_to_withdraw(
    client, session, world
) -> None:  # type: ignore[no-untyped-def]
    case = _at(session, world, "decided")
    with pytest.raises(Conflict, match="no request for review left to withdraw"):
        cases.withdraw(session, case.requester, case)
    session.rollback()
    client.sign_in_as(case.requester)
    response = client.get(f"/complaints/{case.reference}/withdraw")
    assert response.status_code == 302
    # Staff can still record a withdrawal (say, of the complaint to the regulator).
    cases.withdraw(session, world["staff"]["caseworker"], case, reason="Told us by phone.")
    assert case.status == "withdrawn"


def test_each_route_names_only_its_own_outcomes_as_leaving_the_decision_standing() -> None:
    from review_service.domain.calendar import Regime
    from review_service.domain.regimes import rules_for

    for regime in Regime:
        route = rules_for(regime).appeal
        assert route.decision_stands_after
        assert route.decision_stands_after < set(route.outcome_labels), regime
