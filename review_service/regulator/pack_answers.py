"""The regulator's two questions: the answers the ICO's form asks for, drafted from the
grounds, the provisions and the dates (each within the form's 2,000 characters) and only ever
offered to the requester as a suggestion (``suggestions``); ``current_answers`` is what they
gave."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from sqlalchemy.orm import Session, object_session

from review_service import clock
from review_service.cases.models import Case, CitedProvision
from review_service.domain import limits
from review_service.domain.calendar import Regime, WorkingDayCalendar
from review_service.domain.exemptions import ProvisionKind
from review_service.domain.regimes import rules_for
from review_service.domain.review import GroundKind, ProvisionOutcome, ReliedOn, ReviewOutcome
from review_service.letters.render import format_date
from review_service.regulator.chronology import (
    RESPONSE_WORKING_DAYS,
    case_calendar,
    response_rule,
    review_limit,
    review_name,
    working_days,
)
from review_service.regulator.models import RegulatorReferral
from review_service.regulator.queries import referral_for
from review_service.reviews.models import ProvisionFinding, ReviewDecision
from review_service.reviews.outcome import relied_on
from review_service.reviews.services import decision_for

CHALLENGE_QUESTION = "What part of the response do you challenge, and why?"
CONDUCT_QUESTION = "Why do you believe the authority has not acted properly?"


# ---------------------------------------------------------------------------------------------
# The regulator's two questions


@dataclass(frozen=True)
class PackAnswers:
    challenge_text: str  # what part of the response you challenge, and why
    conduct_text: str  # why the authority has not acted properly


ANSWER_FIELDS = ("challenge_text", "conduct_text")


def fit(text: str, limit: int = limits.PACK_ANSWER) -> str:
    """Cut ``text`` to ``limit`` characters at a word boundary, marking the cut with '…'."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def _provision_label(relied: ReliedOn) -> str:
    details = [relied.title]
    if relied.ncnd:
        details.append("neither confirm nor deny")
    if relied.kind is ProvisionKind.REFUSAL_GROUND:
        details.append("a ground for refusal, not an exemption")
    elif relied.kind is ProvisionKind.EXCLUSION:  # EIR reg 5(3), the applicant's own data
        details.append("outside the duty to disclose, not an exception")
    else:
        details.append("absolute" if relied.absolute else "the public-interest test applies")
    return f"{relied.provision} ({'; '.join(details)})"


def described_provision(
    case: Case, cited: CitedProvision, finding: ProvisionFinding | None
) -> ReliedOn:
    """The provision relied on after the review (a replacement, not the one it replaced), or
    the one first cited when it was withdrawn, so it can still be described."""
    return relied_on(case, cited, finding) or cast(ReliedOn, relied_on(case, cited, None))


def _findings(decision: ReviewDecision | None) -> dict[int, tuple[str, str]]:
    if decision is None:
        return {}
    return {
        f.cited_provision_id: (f.finding, f.replacement_provision)
        for f in decision.provision_findings
    }


def disputed_provisions(case: Case, decision: ReviewDecision | None) -> list[str]:
    """The provisions still relied on after any review (a withdrawn one is no longer disputed)."""
    findings = _findings(decision)
    disputed = []
    for cited in case.refusal_notice.provisions:
        finding, replacement = findings.get(cited.id, (ProvisionOutcome.MAINTAINED.value, ""))
        ncnd = " (neither confirm nor deny)" if cited.ncnd else ""
        if finding == ProvisionOutcome.WITHDRAWN:
            continue
        if finding == ProvisionOutcome.REPLACED and replacement:
            disputed.append(f"{replacement} (in place of {cited.provision})")
        else:
            disputed.append(cited.provision + ncnd)
    return disputed


def pack_answers(
    case: Case, *, decision: ReviewDecision | None = None, today: dt.date | None = None
) -> PackAnswers:
    """The two answers the regulator's form asks for, pre-filled from what the case holds."""
    today = today or clock.today()
    session = object_session(case)
    if session is None:
        raise ValueError("The pack answers are built from a case held by a session.")
    if decision is None:
        decision = decision_for(session, case)
    calendar = case_calendar(session, case)
    challenge = _challenge(case, decision)
    conduct = _conduct(case, calendar, today)
    return PackAnswers(
        challenge_text=fit("\n".join(challenge)), conduct_text=fit("\n".join(conduct))
    )


def _challenge(case: Case, decision: ReviewDecision | None) -> list[str]:
    """What is challenged, and why: the request, the response, the review, then the grounds."""
    request = case.information_request
    notice = case.refusal_notice
    findings = _findings(decision)
    reference = (
        f" (their reference {request.authority_reference})" if request.authority_reference else ""
    )
    sent = f" on {format_date(request.sent_on)}" if request.sent_on else ""
    challenge: list[str] = [f"I asked {case.authority.name} for information{sent}{reference}."]
    if notice.no_response:
        challenge.append("The authority did not respond to my request.")
    elif notice.provisions:
        cited_list = ", ".join(
            _provision_label(described_provision(case, p, None)) for p in notice.provisions
        )
        dated = f" dated {format_date(notice.issued_on)}" if notice.issued_on else ""
        challenge.append(f"Its response{dated} relied on {cited_list}.")
    if case.outcome and case.decided_on:
        challenge.append(_review_line(case, case.decided_on, findings))
    points, challenged = _challenged_grounds(case, decision)
    unchallenged = [
        p.provision
        for p in notice.provisions
        if p.id not in challenged and findings.get(p.id, ("", ""))[0] != ProvisionOutcome.WITHDRAWN
    ]
    if points:
        challenge.append("I challenge:")
        challenge += points
    if unchallenged and not points:
        challenge.append(f"I challenge its reliance on {', '.join(unchallenged)}.")
    presumption = rules_for(case.regime).disclosure_presumption  # EIR reg 12(2), 12(1)(b)
    if presumption and (points or unchallenged):
        challenge.append(presumption)
    return challenge


def _review_line(case: Case, decided_on: dt.date, findings: dict[int, tuple[str, str]]) -> str:
    """What the review decided, and which provisions it withdrew or replaced."""
    assert case.outcome is not None
    notice = case.refusal_notice
    outcome = ReviewOutcome(case.outcome).label.lower()
    line = f"Its {review_name(Regime(case.regime))} of {format_date(decided_on)}: {outcome}."
    withdrawn = [
        p.provision for p in notice.provisions if findings.get(p.id, ("", ""))[0] == "withdrawn"
    ]
    if withdrawn:
        line += f" It no longer relies on {', '.join(withdrawn)}."
    for cited in notice.provisions:
        finding, replacement = findings.get(cited.id, ("", ""))
        if finding == "replaced" and replacement:
            line += f" It now relies on {replacement} instead of {cited.provision}."
    return line


def _challenged_grounds(case: Case, decision: ReviewDecision | None) -> tuple[list[str], set[int]]:
    """One point per ground the requester gave (a provision withdrawn at review is dropped),
    and the ids of the cited provisions those grounds challenge."""
    decisions = {f.cited_provision_id: f for f in decision.provision_findings} if decision else {}
    points: list[str] = []
    challenged: set[int] = set()
    for ground in case.grounds:
        kind = GroundKind(ground.kind)
        words = ground.requester_text.strip()
        if kind is GroundKind.PROVISION and ground.cited_provision is not None:
            cited = ground.cited_provision
            challenged.add(cited.id)
            relied = relied_on(case, cited, decisions.get(cited.id))
            if relied is None:
                continue  # withdrawn at review
            because = words or "I do not accept that it applies."
            extra = (
                " Even if it is engaged, the public interest favours disclosure."
                if relied.public_interest_test and "public interest" not in because.lower()
                else ""
            )
            points.append(f"- {_provision_label(relied)}: {because}{extra}")
        elif kind is GroundKind.MORE_INFORMATION_HELD:
            points.append(
                "- I believe the authority holds more information than it found"
                + (f": {words}" if words else ".")
            )
        elif kind is GroundKind.OTHER and words:
            points.append(f"- {words}")
    return points, challenged


def _conduct(case: Case, calendar: WorkingDayCalendar, today: dt.date) -> list[str]:
    """Why the authority has not acted properly: late answers, then the procedural grounds."""
    conduct = [*_late_response(case, calendar), *_late_review(case, calendar, today)]
    conduct += _procedural_grounds(case)
    if not conduct:
        conduct.append(
            "It was wrong to withhold the information, for the reasons given in my answer "
            "about what I challenge."
        )
    return conduct


def _late_response(case: Case, calendar: WorkingDayCalendar) -> list[str]:
    request = case.information_request
    notice = case.refusal_notice
    rule = response_rule(Regime(case.regime))
    if notice.no_response and request.sent_on:
        due = calendar.add_working_days(request.sent_on, RESPONSE_WORKING_DAYS)
        return [
            f"It did not respond to my request of {format_date(request.sent_on)}. {rule} "
            f"required a response within {working_days(RESPONSE_WORKING_DAYS)}, by "
            f"{format_date(due)}."
        ]
    if notice.issued_on and request.sent_on:
        count = calendar.working_days_between(request.sent_on, notice.issued_on)
        if count > RESPONSE_WORKING_DAYS:
            return [
                f"It responded {working_days(count)} after my request, beyond the "
                f"{working_days(RESPONSE_WORKING_DAYS)} {rule} allows."
            ]
    return []


def _late_review(case: Case, calendar: WorkingDayCalendar, today: dt.date) -> list[str]:
    review = review_name(Regime(case.regime))
    limit, limit_rule = review_limit(case)
    if case.decided_on is not None:
        count = calendar.working_days_between(case.received_on, case.decided_on)
        if count > limit:
            return [
                f"It took {working_days(count)} to complete the {review} I asked for on "
                f"{format_date(case.received_on)}, beyond the {working_days(limit)} "
                f"{limit_rule}."
            ]
        return []
    if today > case.review_due_on:
        count = calendar.working_days_between(case.received_on, today)
        return [
            f"It has not completed the {review} I asked for on {format_date(case.received_on)}: "
            f"{working_days(count)} have passed, beyond the {working_days(limit)} {limit_rule}."
        ]
    return []


def _procedural_grounds(case: Case) -> list[str]:
    rules = _procedural_rules(Regime(case.regime))
    conduct: list[str] = []
    for ground in case.grounds:
        kind = GroundKind(ground.kind)
        words = ground.requester_text.strip()
        if kind is GroundKind.LATE_RESPONSE:
            conduct.append("The response was late" + (f": {words}" if words else "."))
        elif kind is GroundKind.INADEQUATE_NOTICE:
            conduct.append(
                f"The refusal notice did not explain itself as {rules['notice']} requires"
                + (f": {words}" if words else ".")
            )
        elif kind is GroundKind.NO_ADVICE_AND_ASSISTANCE:
            conduct.append(
                f"It offered no advice and assistance ({rules['advice']})"
                + (f": {words}" if words else ".")
            )
    return conduct


def _procedural_rules(regime: Regime) -> dict[str, str]:
    rules = rules_for(regime)
    return {"notice": rules.notice_rule, "advice": rules.advice_rule}


def current_answers(session: Session, case: Case) -> PackAnswers:
    """The requester's answers as last saved (with the referral, or by the last edit); empty
    when they have given none. Never the drafted suggestion (``pack_answers``): nothing goes
    into their answers, their letter or the pack without their action (issue 12 item 11)."""
    return saved_answers(case, referral_for(session, case))


def saved_answers(case: Case, referral: RegulatorReferral | None) -> PackAnswers:
    """``current_answers`` from the case's referral (None: not referred), already read."""
    if referral is not None and (referral.challenge_text or referral.conduct_text):
        return PackAnswers(referral.challenge_text, referral.conduct_text)
    return PackAnswers(case.regulator_challenge_text, case.regulator_conduct_text)


def suggestions(session: Session, case: Case, *, today: dt.date) -> dict[str, str]:
    """The drafted answer for each question (``challenge_text``, ``conduct_text``) that is not
    already the requester's answer: shown to them as a marked suggestion to use or ignore.
    None once they have told us they sent their complaint (the answers are then fixed)."""
    if referral_for(session, case) is not None:
        return {}
    saved = current_answers(session, case)
    drafted = pack_answers(case, today=today)
    return {
        name: text
        for name in ANSWER_FIELDS
        if (text := getattr(drafted, name)) and text != getattr(saved, name)
    }
