"""A seeded world for calling every route as every caller of the access policy.

One authority with its staff, an administrator, a caseworker of another authority, two
requesters with a complaint in progress each, and the owner's cases at each stage the policy
names (tests/security/policy.py), all made through the services the pages and the API use.
Every caller has a live API token; the owner also has a revoked one.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

import pyotp
from flask import Flask
from sqlalchemy.orm import Session

from review_service import clock
from review_service.accounts import services as accounts
from review_service.accounts import two_factor
from review_service.accounts.models import Authority, Role, User
from review_service.admin import services as admin
from review_service.cases import services as cases
from review_service.cases.models import Case
from review_service.documents.services import add_case_document
from review_service.errors import ValidationFailed
from review_service.extensions import commit, db_session
from review_service.letters.services import latest_letter
from review_service.mail.models import MailStatus
from review_service.mail.services import queue_email
from review_service.regulator import services as regulator
from review_service.reviews import services as reviews
from tests import factories
from tests.cases import journey
from tests.pages import PageClient

# "Today" while the world is called: the open case was filed the day before.
TODAY = dt.date(2026, 12, 15)
FILED = dt.date(2026, 10, 5)  # the older cases
DECIDED = dt.date(2026, 10, 20)
REFERRED = dt.date(2026, 10, 22)
DECISION_NOTICE = dt.date(2026, 12, 1)
APPEALED = dt.date(2026, 12, 10)

ROLES = {
    "owner": Role.REQUESTER,
    "other": Role.REQUESTER,
    "rev": Role.REVIEWER,
    "asg": Role.REVIEWER,
    "odm": Role.REVIEWER,
    "cw": Role.CASEWORKER,
    "adm": Role.ADMIN,
    "out": Role.CASEWORKER,
}

TEXT_FILE = b"Letter from the authority, 3 December 2026.\nWe hold the information.\n"


@dataclass
class Clock:
    today: dt.date = TODAY

    def __call__(self) -> dt.date:
        return self.today


@dataclass
class World:
    authority_id: int
    other_authority_id: int
    users: dict[str, int] = field(default_factory=dict)  # caller -> user id
    emails: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # caller -> bearer token ("rvk" too)
    owner_token_id: int = 0
    cases: dict[str, str] = field(default_factory=dict)  # stage -> reference
    case_ids: dict[str, int] = field(default_factory=dict)
    ground_ids: list[int] = field(default_factory=list)  # of the open case
    provision_ids: list[int] = field(default_factory=list)  # of the open case
    document_id: int = 0  # on the open case
    letter_id: int = 0  # the outcome letter of the decided case
    override_id: int = 0
    outbox_id: int = 0  # a failed e-mail about the open case
    unlisted_authority_id: int = 0  # one a requester named: not using the service
    newcomer_email: str = ""
    confirm_token: str = ""
    reset_token: str = ""
    second_factor_secret: str = ""  # of users["tfa"], an administrator with an app set up


# Not a caller of the policy: an administrator who has set up an authenticator app, whose pages
# (the code step of signing in, recovery codes, an administrator's reset) only exist for them.
SECOND_FACTOR = "tfa"


def build_world(app: Flask, today: Clock) -> World:
    """Seed the world (``today`` is the clock the services read; it ends at TODAY)."""
    with app.app_context():
        session = db_session()
        world, people = build_cast(session)
        home = session.get(Authority, world.authority_id)
        assert home is not None
        newcomer = factories.create_user(session, Role.REQUESTER, email_confirmed_at=None)
        world.newcomer_email = newcomer.email
        world.confirm_token = accounts.confirmation_token(newcomer)
        world.reset_token = accounts.reset_token(newcomer)
        enrolled = factories.create_user(session, Role.ADMIN)
        world.users[SECOND_FACTOR] = enrolled.id
        world.emails[SECOND_FACTOR] = enrolled.email
        world.second_factor_secret = _set_up_an_app(session, enrolled)
        override = admin.add_holiday_override(
            session,
            people["adm"],
            admin.NewOverride(
                day=dt.date(2027, 3, 1), action="add", regime=None, note="Proclaimed"
            ),
        )
        world.override_id = override.id
        world.unlisted_authority_id = factories.create_authority(session, is_listed=False).id
        commit()

        for stage in ("decided", "referred", "dn", "appealed", "open"):
            case = case_at(session, stage, people, home, today)
            world.cases[stage] = case.reference
            world.case_ids[stage] = case.id
            commit()
        # A complaint e-mailed to its authority (as to one not using the service), waiting.
        today.today = TODAY - dt.timedelta(days=1)
        emailed = factories.create_case(session, requester=people["owner"], authority=home,
                                        today=today.today)  # fmt: skip
        emailed.sent_by_email_to = "foi@testshire.example"
        world.cases["emailed"], world.case_ids["emailed"] = emailed.reference, emailed.id
        commit()
        today.today = TODAY
        outcome = latest_letter(session, case_with(session, world, "decided"), "outcome")
        assert outcome is not None
        world.letter_id = outcome.id
        case = case_with(session, world, "open")
        document = add_case_document(
            session,
            people["owner"],
            case,
            kind="correspondence",
            title="Letter from the authority",
            dated=None,
            filename="letter.txt",
            data=TEXT_FILE,
        )
        world.ground_ids = [g.id for g in case.grounds]
        world.provision_ids = [p.id for p in case.refusal_notice.provisions]
        world.document_id = document.id
        world.outbox_id = failed_email(session, case)
        commit()
        assert clock.today() == TODAY

    for caller in ("owner", "other"):
        _answer_every_question(app, world, caller)
    return world


def _set_up_an_app(session: Session, user: User) -> str:
    """An authenticator app for ``user``, confirmed with the previous step's code (so the
    current one still signs in); its secret."""
    setup = two_factor.start_setup(session, user)
    try:
        two_factor.confirm_setup(session, user, pyotp.TOTP(setup.secret).at(time.time() - 30))
    except ValidationFailed:  # the step turned between making the code and checking it
        two_factor.confirm_setup(session, user, pyotp.TOTP(setup.secret).at(time.time() - 30))
    return setup.secret


def build_cast(session: Session) -> tuple[World, dict[str, User]]:
    """The authorities and the callers (each with a live API token; the owner also has a
    revoked one), without any case."""
    home = factories.create_authority(session, name="Testshire County Council", regime="foia")
    away = factories.create_authority(session, name="Elsewhere Borough Council")
    world = World(authority_id=home.id, other_authority_id=away.id)
    people: dict[str, User] = {}
    for caller, role in ROLES.items():
        authority = None
        if role in (Role.REVIEWER, Role.CASEWORKER):
            authority = away if caller == "out" else home
        people[caller] = factories.create_user(session, role, authority=authority)
        world.users[caller] = people[caller].id
        world.emails[caller] = people[caller].email
        token, world.tokens[caller] = accounts.create_api_token(session, people[caller], caller)
        if caller == "owner":
            world.owner_token_id = token.id
    revoked, world.tokens["rvk"] = accounts.create_api_token(session, people["owner"], "old")
    accounts.revoke_api_token(session, people["owner"], revoked.id)
    return world, people


def case_with(session: Session, world: World, stage: str) -> Case:
    case = session.get(Case, world.case_ids[stage])
    assert case is not None
    return case


def case_at(
    session: Session, stage: str, people: dict[str, User], authority: Authority, today: Clock
) -> Case:
    """The owner's complaint at ``stage`` (see STAGES in tests/security/policy.py), handled
    by the caseworker ``cw`` and the reviewer ``asg``, with ``odm`` as the original
    decision-maker. The clock ends at TODAY."""
    cw, asg, owner = people["cw"], people["asg"], people["owner"]
    if stage == "open":
        today.today = filed = TODAY - dt.timedelta(days=1)
        case = factories.create_case(session, requester=owner, authority=authority, today=filed)
        cases.record_original_decision_maker(session, cw, case, user_id=people["odm"].id)
        cases.assign(session, cw, case, reviewer_id=asg.id)
        reviews.save_decision(session, asg, case, factories.full_decision(case))
        today.today = TODAY
        return case
    today.today = FILED
    case = factories.create_case(session, requester=owner, authority=authority, today=FILED)
    cases.acknowledge(session, cw, case, today=FILED)
    cases.record_original_decision_maker(session, cw, case, user_id=people["odm"].id)
    cases.assign(session, cw, case, reviewer_id=asg.id)
    reviews.save_decision(session, asg, case, factories.full_decision(case))
    today.today = DECIDED
    reviews.issue_decision(session, asg, case, today=DECIDED)
    if stage != "decided":
        today.today = REFERRED
        regulator.refer(session, owner, case, referred_on=REFERRED)
    if stage in ("dn", "appealed"):
        today.today = DECISION_NOTICE
        regulator.record_decision_notice(
            session,
            cw,
            case,
            regulator.DecisionNoticeInput(
                kind="decision_notice",
                issued_on=DECISION_NOTICE,
                reference="IC-123456-A1B2",
                findings=(("s.24(2)", "upheld"),),
                steps_required="Confirm whether the information is held.",
            ),
        )
    if stage == "appealed":
        today.today = APPEALED
        regulator.appeal(session, owner, case, appellant="requester", lodged_on=APPEALED)
    session.flush()
    today.today = TODAY
    return case


def _answer_every_question(app: Flask, world: World, caller: str) -> None:
    """A complaint in progress with every question answered, ready to send."""
    client = PageClient(app)
    with app.app_context():
        client.sign_in_as(db_session().get(User, world.users[caller]))
    journey.answer_up_to_response(client, world.authority_id, sent=TODAY - dt.timedelta(days=30))
    journey.paste_response(client)
    journey.confirm_findings(client, TODAY - dt.timedelta(days=10))
    journey.choose_grounds(
        client, {"p0": "Saying whether the data exists harms nobody.", "more_information_held": ""}
    )


def failed_email(session: Session, case: Case) -> int:
    """An e-mail about ``case`` that the outbox worker gave up on; its id."""
    message = queue_email(session, to=case.requester.email, subject="Your complaint", body="x")
    assert message is not None
    message.case_id = case.id
    message.status = MailStatus.FAILED.value
    message.last_error = "Gave up after 14 attempts over 24.3 hours."
    session.flush()
    return message.id
