"""Every page the service has, as every kind of person who may see it, at every stage where it
changes, passes the accessibility checks (WCAG 2.2 AA) in a real browser.

The pages are the URL map's GET routes (so a new page is swept without a line here); who may
see each, and at which stage, comes from the declared access policy (tests/security/policy.py).
Each page is visited once per kind of person it is drawn for (nobody signed in, a requester, a
reviewer, a caseworker, an administrator), and:

- the case pages (the requester's, the staff's and the regulator stage's) at every stage of a
  case (received, acknowledged, in review, decided, referred to the regulator, its decision,
  appealed, closed), for a FOIA, an EIR and a FOISA case;
- every other page of a case at the stage its action is possible, for each law;
- every page with a form also submitted empty (its fields cleared), so its error summary shows.

Each visit passes helpers.check (one h1, the title starting with it, no script errors, no
sideways scrolling at 320 px) with axe-core's WCAG 2.0/2.1/2.2 A and AA rules failing at any
impact, plus what axe does not check (``extra_checks``): the title is "<h1> – Review service";
every field has a label; the error summary's links point at fields on the page; no positive
tabindex; headings do not skip a level; no two links share a name but lead to different places,
and no link is only "Change", "View" or "Remove" with nothing to say what; controls are at least
24 by 24 CSS px (WCAG 2.5.8); a focused control is never hidden under a sticky or fixed element
(WCAG 2.4.11). Every problem on every page is reported together.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask, url_for
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from sqlalchemy.orm import Session

from review_service import clock
from review_service.cases.models import Case
from tests.browser.conftest import LiveServer
from tests.browser.helpers import (
    PASSWORD,
    Data,
    _text,
    check,
    sign_in,
    working_days_before,
)
from tests.security.calls import routes
from tests.security.policy import OK, POLICY

SERVICE = "Review service"
EVERY_IMPACT = frozenset({"minor", "moderate", "serious", "critical"})
REGIMES = ("foia", "eir", "foisa")
# The stages at which a case page changes; "open" is where most staff actions are possible:
# filed, original decision-maker recorded, reviewer assigned, findings saved, a document added.
CASE_STAGES = (
    "received",
    "acknowledged",
    "in_review",
    "decided",
    "referred",
    "decision_notice",
    "appealed",
    "closed",
)
OVERVIEWS = {"complaints.case", "staff.case", "regulator.case"}
# The policy's stage names, as the cases made here are named.
POLICY_STAGE = {"open": "open", "decided": "decided", "referred": "referred", "dn":
                "decision_notice", "appealed": "appealed", "emailed": "emailed"}  # fmt: skip
# Only for a browser that has just given a right password: visited by signing in (below).
MID_SIGN_IN = {"two_factor.code", "two_factor.recovery"}
# The kinds of people, each one account: the policy's caller names.
KINDS = {
    "anon": "nobody signed in",
    "owner": "requester",
    "rev": "reviewer",
    "asg": "reviewer",
    "cw": "caseworker",
    "adm": "administrator",
}
PROVISIONS = {
    "foia": (("s.24(2)", True), ("s.31(3)", True)),
    "eir": (("reg 12(5)(a)", False), ("reg 13", False)),
    "foisa": (("s.35(1)(a)", False), ("s.38(1)(b)", False)),
}


@dataclass
class Sweep:
    """The accounts and cases made for the sweep, and what it found."""

    emails: dict[str, str] = field(default_factory=dict)  # "cw:eir" -> e-mail address
    users: dict[str, int] = field(default_factory=dict)
    authority_ids: dict[str, int] = field(default_factory=dict)  # regime -> authority
    cases: dict[str, str] = field(default_factory=dict)  # "foia:decided" -> reference
    arguments: dict[str, Any] = field(default_factory=dict)  # URL arguments
    problems: list[str] = field(default_factory=list)
    visits: list[str] = field(default_factory=list)
    downloads: set[str] = field(default_factory=set)
    same: list[str] = field(default_factory=list)  # visits whose markup was already checked


def _seed(data: Data) -> Sweep:
    from sqlalchemy import select

    from review_service.accounts import services as accounts
    from review_service.accounts.models import Role, User
    from review_service.admin import services as admin
    from review_service.cases.models import Case
    from review_service.documents.services import add_case_document
    from review_service.letters.services import latest_letter
    from tests import factories
    from tests.security.world import TEXT_FILE, failed_email

    sweep = Sweep()
    today = clock.today()
    names = {"foia": "Sweepshire County Council", "eir": "Sweepshire Water Board",
             "foisa": "Sweep Council (Scotland)"}  # fmt: skip
    for regime in REGIMES:
        sweep.authority_ids[regime] = data.authority(
            names[regime], regime=regime, email=f"foi@{regime}.sweep.example",
            address="Town Hall\nSweepton\nSW1 1AA",
        )  # fmt: skip
        for caller, role in (("cw", "caseworker"), ("asg", "reviewer"), ("odm", "reviewer")):
            email = f"sweep.{caller}.{regime}@sweep.example"
            sweep.users[f"{caller}:{regime}"] = data.user(
                role, email_address=email, name=f"Sweep {caller} {regime}",
                authority_id=sweep.authority_ids[regime],
            )  # fmt: skip
            sweep.emails[f"{caller}:{regime}"] = email
    for caller, role in (("rev", "reviewer"), ("adm", "admin"), ("owner", "requester")):
        email = f"sweep.{caller}@sweep.example"
        authority = sweep.authority_ids["foia"] if caller == "rev" else None
        sweep.users[caller] = data.user(
            role, email_address=email, name=f"Sweep {caller}", authority_id=authority
        )
        sweep.emails[caller] = email

    with data.session() as session:
        owner = session.get(User, sweep.users["owner"])
        assert owner is not None
        for regime in REGIMES:
            for stage in CASE_STAGES:
                sweep.cases[f"{regime}:{stage}"] = _case_at(session, sweep, regime, stage).reference
            case = _case_at(session, sweep, regime, "open")
            document = add_case_document(
                session, owner, case, kind="correspondence", title="Letter from the authority",
                dated=None, filename="letter.txt", data=TEXT_FILE,
            )  # fmt: skip
            sweep.cases[f"{regime}:open"] = case.reference
            sweep.arguments[f"document_id:{regime}"] = document.id
            decided = session.scalar(
                select(Case).where(Case.reference == sweep.cases[f"{regime}:decided"])
            )
            assert decided is not None
            letter = latest_letter(session, decided, "outcome")
            assert letter is not None
            sweep.arguments[f"letter_id:{regime}"] = letter.id
        sweep.cases["foia:emailed"] = _case_at(session, sweep, "foia", "emailed").reference
        sweep.arguments["outbox_id"] = failed_email(session, case)

        adm = session.get(User, sweep.users["adm"])
        assert adm is not None
        override = admin.add_holiday_override(
            session,
            adm,
            admin.NewOverride(
                day=dt.date(today.year + 1, 3, 2), action="add", regime=None, note="Proclaimed"
            ),
        )
        newcomer = factories.create_user(session, Role.REQUESTER, email_confirmed_at=None)
        token, _ = accounts.create_api_token(session, owner, "sweep")
        sweep.arguments.update(
            token_id=token.id,
            user_id=sweep.users["cw:foia"],
            authority_id=sweep.authority_ids["foia"],
            merge_authority_id=factories.create_authority(session, is_listed=False).id,
            override_id=override.id,
            index=0,
            confirm_token=accounts.confirmation_token(newcomer),
            reset_token=accounts.reset_token(newcomer),
        )
    _answer_every_question(data, sweep)
    return sweep


def _case_at(session: Session, sweep: Sweep, regime: str, stage: str) -> Case:
    """The requester's complaint under ``regime`` at ``stage`` (CASE_STAGES, "open" or
    "emailed"), handled by that authority's caseworker and assigned reviewer."""
    from review_service.accounts.models import Authority, User
    from review_service.cases import services as cases
    from review_service.domain.review import GroundKind
    from review_service.reviews import services as reviews
    from tests import factories

    def person(name: str) -> User:
        found = session.get(User, sweep.users[name])
        assert found is not None
        return found

    owner, cw, asg = person("owner"), person(f"cw:{regime}"), person(f"asg:{regime}")
    authority = session.get(Authority, sweep.authority_ids[regime])
    today = clock.today()
    provisions = PROVISIONS[regime]
    case = factories.create_case(
        session, requester=owner, authority=authority, today=today, regime=regime,
        request_sent_on=today - dt.timedelta(days=45),
        response_date=working_days_before(today, 8),
        provisions=tuple(cases.ProvisionInput(p, ncnd=n) for p, n in provisions),
        grounds=(
            cases.GroundInput(
                GroundKind.PROVISION, "It is not engaged.", provision=provisions[0][0]
            ),
            cases.GroundInput(GroundKind.MORE_INFORMATION_HELD, "There is more."),
        ),
    )  # fmt: skip
    if stage == "emailed":
        case.sent_by_email_to = "foi@elsewhere.sweep.example"
    elif stage == "open":
        cases.record_original_decision_maker(session, cw, case, user_id=person(f"odm:{regime}").id)
        cases.assign(session, cw, case, reviewer_id=asg.id)
        reviews.save_decision(session, asg, case, factories.full_decision(case))
    elif stage == "closed":
        factories.advance_case(
            session, case, "decision_notice", caseworker=cw, reviewer=asg, today=today
        )
        cases.close(session, cw, case, reason="Settled.", without_compliance=True)
    elif stage != "received":
        factories.advance_case(session, case, stage, caseworker=cw, reviewer=asg, today=today)
    session.flush()
    return case


def _fresh_case(data: Data, sweep: Sweep, regime: str, stage: str) -> str:
    with data.session() as session:
        return _case_at(session, sweep, regime, stage).reference


def _answer_every_question(data: Data, sweep: Sweep) -> None:
    """The requester's complaint in progress, every question answered (so every page of the
    journey can be visited)."""
    from review_service.accounts.models import User
    from review_service.extensions import db_session
    from tests.cases import journey
    from tests.pages import PageClient

    client = PageClient(data.app)
    with data.app.app_context():
        client.sign_in_as(db_session().get(User, sweep.users["owner"]))
    today = clock.today()
    journey.answer_up_to_response(
        client, sweep.authority_ids["foia"], sent=today - dt.timedelta(days=30)
    )
    journey.paste_response(client)
    journey.confirm_findings(client, working_days_before(today, 8))
    journey.choose_grounds(
        client, {"p0": "Saying whether the data exists harms nobody.", "more_information_held": ""}
    )


def _url(app: Flask, sweep: Sweep, visit: Visit, reference: str | None = None) -> str:
    arguments, regime, endpoint = sweep.arguments, visit.regime, visit.endpoint
    values = {
        "reference": reference or sweep.cases.get(f"{regime}:{visit.stage}", ""),
        "letter_id": arguments[f"letter_id:{regime}"],
        "document_id": arguments[f"document_id:{regime}"],
        "token_id": arguments["token_id"],
        "user_id": arguments["user_id"],
        "authority_id": arguments["merge_authority_id"]
        if endpoint == "admin.merge_authority"
        else arguments["authority_id"],
        "override_id": arguments["override_id"],
        "outbox_id": arguments["outbox_id"],
        "index": 0,
        "token": arguments["confirm_token"]
        if endpoint == "accounts.confirm"
        else arguments["reset_token"],
    }
    rule = routes(app)[visit.key]
    with app.test_request_context():
        return url_for(endpoint, **{name: values[name] for name in rule.arguments})


def _account(sweep: Sweep, caller: str, regime: str) -> str:
    return sweep.emails.get(f"{caller}:{regime}") or sweep.emails[caller]


@dataclass(frozen=True)
class Visit:
    endpoint: str
    key: str
    caller: str
    regime: str
    stage: str
    form: bool  # also submit its form empty


def plan(app: Flask) -> list[Visit]:
    """One visit per page, kind of person, law and stage at which the page differs."""
    visits: list[Visit] = []
    found = routes(app)
    posted = {key.rsplit(" ", 1)[0] for key in found if key.endswith(" POST")}
    for key in sorted(found):
        endpoint, method = key.rsplit(" ", 1)
        if method != "GET" or endpoint.startswith("api.") or endpoint in MID_SIGN_IN:
            continue
        if endpoint in ("static", "public.healthz"):
            continue
        rule = POLICY[key]
        allowed = [c for c in KINDS if rule.answers[c] == OK]
        # One account of each kind: the assigned reviewer for a case's pages, another one
        # (of the authority, not assigned) for the rest.
        reviewer = "asg" if rule.stage != "-" else "rev"
        callers = [c for c in allowed if KINDS[c] != "reviewer" or c == reviewer]
        if rule.stage != "-" and reviewer not in allowed and "rev" in allowed:
            callers.append("rev")
        if rule.stage == "-":
            combinations = [("foia", "-")]
        elif endpoint in OVERVIEWS:
            first = CASE_STAGES.index("decided") if endpoint == "regulator.case" else 0
            combinations = [(r, s) for r in REGIMES for s in CASE_STAGES[first:]]
        elif rule.stage == "emailed":
            combinations = [("foia", "emailed")]
        else:
            combinations = [(r, POLICY_STAGE[rule.stage]) for r in REGIMES]
        for regime, stage in combinations:
            for n, caller in enumerate(callers):
                # The administrator sees a case's pages as a caseworker does: once, for FOIA.
                if caller == "adm" and rule.stage != "-" and regime != "foia":
                    continue
                form = endpoint in posted and n == 0 and regime == "foia"
                visits.append(Visit(endpoint, key, caller, regime, stage, form))
    return visits


# -- the checks axe does not do ------------------------------------------------------------

_EXTRA_CHECKS = """() => {
  const problems = [];
  const shown = e => e.getClientRects().length > 0;
  const describe = e => e.outerHTML.slice(0, 140).replace(/\\s+/g, ' ');
  const name = e => {
    const labelled = e.getAttribute('aria-labelledby');
    if (labelled) return labelled.split(/\\s+/).map(
      id => (document.getElementById(id) || {textContent: ''}).textContent).join(' ');
    return e.getAttribute('aria-label') || e.textContent || e.getAttribute('title') || '';
  };
  const clean = s => s.replace(/\\s+/g, ' ').trim();

  // Every field has a label.
  for (const field of document.querySelectorAll('input, select, textarea')) {
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(field.type)) continue;
    const labelled = (field.labels && [...field.labels].some(l => clean(l.textContent)))
      || clean(field.getAttribute('aria-label') || '')
      || (field.getAttribute('aria-labelledby') && clean(name(field)));
    if (!labelled) problems.push(`field without a label: ${describe(field)}`);
  }
  // No positive tabindex.
  for (const element of document.querySelectorAll('[tabindex]')) {
    if (parseInt(element.getAttribute('tabindex'), 10) > 0) {
      problems.push(`positive tabindex: ${describe(element)}`);
    }
  }
  // Headings do not skip a level (an h2 may come before the h1: the error summary's).
  let previous = 1;
  for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    if (!shown(heading)) continue;
    const level = Number(heading.tagName[1]);
    if (level > previous + 1) {
      problems.push(`heading skips from h${previous} to h${level}: ${clean(heading.textContent)}`);
    }
    previous = level;
  }
  // Links: a name, no bare "Change"-like words, one name per destination.
  const vague = new Set(['change', 'view', 'remove', 'edit', 'delete', 'download', 'more',
    'here', 'click here', 'read more', 'details', 'open', 'select', 'link', 'continue']);
  const destinations = new Map();
  for (const link of document.querySelectorAll('a[href]')) {
    if (!shown(link)) continue;
    const text = clean(name(link));
    if (!text) { problems.push(`link without a name: ${describe(link)}`); continue; }
    if (vague.has(text.toLowerCase())) {
      problems.push(`link named only '${text}': ${describe(link)}`);
    }
    const href = link.getAttribute('href');
    const key = text.toLowerCase();
    if (!destinations.has(key)) destinations.set(key, new Set());
    destinations.get(key).add(href);
  }
  for (const [text, hrefs] of destinations) {
    if (hrefs.size > 1) {
      problems.push(`links named '${text}' lead to ${hrefs.size} places: ${[...hrefs].join(', ')}`);
    }
  }
  // Target size (WCAG 2.5.8): controls at least 24 by 24 CSS px. Links in text are exempt;
  // axe's target-size rule checks links and the spacing exception.
  const controls = 'button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  for (const control of document.querySelectorAll(controls)) {
    if (!shown(control)) continue;
    const box = control.getBoundingClientRect();
    const style = getComputedStyle(control);
    if (style.opacity === '0' || style.visibility === 'hidden') continue;
    if (control.closest('[aria-hidden=true]')) continue;  // not for anyone to use
    if (box.width < 24 || box.height < 24) {
      problems.push(`target ${Math.round(box.width)}x${Math.round(box.height)} px: `
                    + describe(control));
    }
  }
  // Focus not obscured (WCAG 2.4.11) by sticky or fixed elements.
  const covers = [...document.querySelectorAll('body *')].filter(
    e => ['sticky', 'fixed'].includes(getComputedStyle(e).position) && shown(e));
  if (covers.length) {
    const focusable = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
    for (const control of document.querySelectorAll(focusable)) {
      if (!shown(control) || covers.some(c => c.contains(control))) continue;
      control.focus();
      const box = control.getBoundingClientRect();
      const hidden = covers.some(c => {
        const over = c.getBoundingClientRect();
        return box.top >= over.top && box.bottom <= over.bottom
          && box.left >= over.left && box.right <= over.right;
      });
      if (hidden) problems.push(`focused control hidden by a sticky element: ${describe(control)}`);
    }
    document.activeElement && document.activeElement.blur();
    window.scrollTo(0, 0);
  }
  return problems;
}"""

_ERROR_SUMMARY_LINKS = """() => [...document.querySelectorAll('.govuk-error-summary a')].map(
  a => { const href = a.getAttribute('href') || '';
         const target = href.startsWith('#') && document.getElementById(href.slice(1));
         return target && target.matches('input, select, textarea, fieldset, [tabindex]')
           ? '' : `error summary link ${href} (${a.textContent.trim()}) points at no field`;
       }).filter(Boolean)"""

_EMPTY_THE_FORM = """(path) => {
  const form = [...document.querySelectorAll('main form')].find(f => {
    const action = f.getAttribute('action');
    return !action || new URL(action, location.href).pathname === path;
  });
  if (!form) return false;
  const fields = [...form.elements].filter(
    e => e.matches('input, select, textarea') && !['hidden', 'submit', 'button'].includes(e.type));
  if (!fields.length) return false;
  for (const field of fields) {
    if (field.type === 'radio' || field.type === 'checkbox') field.checked = false;
    else if (field.tagName === 'SELECT') field.selectedIndex = 0;
    else field.value = '';
  }
  const button = [...form.querySelectorAll('button:not([type=button]), input[type=submit]')]
    .find(b => b.getAttribute('aria-hidden') !== 'true' && b.getClientRects().length);
  if (!button) return false;
  button.setAttribute('data-sweep-submit', '');
  return true;
}"""


def sweep_check(page: Page, sweep: Sweep, what: str) -> None:
    """helpers.check with axe at every impact, and the checks axe does not do."""
    sweep.visits.append(what)
    try:
        check(page, impacts=EVERY_IMPACT)
    except (AssertionError, pytest.fail.Exception) as failed:
        sweep.problems.append(f"{what}: {failed}")
    h1 = _text(page.locator("h1").first.inner_text()) if page.locator("h1").count() else ""
    title = _text(page.title()).removeprefix("Error: ")
    if title != f"{h1} – {SERVICE}":
        sweep.problems.append(f"{what}: title {title!r} is not '<h1> – {SERVICE}' (h1 {h1!r})")
    found: list[str] = page.evaluate(_EXTRA_CHECKS)
    found += page.evaluate(_ERROR_SUMMARY_LINKS)
    sweep.problems.extend(f"{what}: {problem}" for problem in found)


_TEXT = re.compile(r">[^<]*<")
_VALUES = re.compile(r'(?<!class)="[^"]*"')


def _shape(html: str) -> str:
    """The page's markup without its text and attribute values."""
    return _VALUES.sub("", _TEXT.sub("><", html))


def _go(page: Page, url: str) -> int:
    response = page.goto(url)
    return response.status if response is not None else 0


def _visit(page: Page, sweep: Sweep, visit: Visit, url: str, shapes: set[str]) -> bool:
    """Go to ``url`` and check it, unless its markup was checked already; whether it is a
    page (not a download, not refused)."""
    what = f"{url} as {visit.caller} ({visit.regime}, {visit.stage})"
    try:
        response = page.goto(url)
        assert response is not None, url
        status, kind = response.status, response.headers.get("content-type", "")
    except PlaywrightError:  # "Download is starting"
        status, kind = 200, page.request.get(url).headers.get("content-type", "")
    if status < 400 and not kind.startswith("text/html"):
        sweep.downloads.add(visit.endpoint)  # a PDF, a ZIP, a file: not a page
        return False
    if status >= 400:
        sweep.problems.append(f"{what}: answered {status}")
        return False
    # The same markup but for its words and numbers (another law's wording, another case's
    # reference): the same page for these checks, so checked once.
    shape = _shape(page.content())
    if shape in shapes:
        sweep.same.append(what)
        return True
    shapes.add(shape)
    sweep_check(page, sweep, what)
    return True


def _send_empty(page: Page, sweep: Sweep, what: str, url: str, server: str) -> None:
    """The page's own form with every field emptied, sent: its error summary checked."""
    if _go(page, url) >= 400:
        return
    path = page.url.split("?")[0].removeprefix(server)
    if not page.evaluate(_EMPTY_THE_FORM, path):
        return  # nothing to fill in: no error state
    try:
        with page.expect_navigation(timeout=10_000):
            page.locator("[data-sweep-submit]").first.click(timeout=10_000)
    except PlaywrightError as failed:
        sweep.problems.append(f"{what}: could not send: {str(failed)[:300]}")
        return
    if page.locator(".govuk-error-summary").count():
        sweep_check(page, sweep, what)


def test_every_page_as_everyone_at_every_stage_is_accessible(
    new_page: Callable[..., Page], data: Data, live_server: LiveServer, record_property: Any
) -> None:
    started = time.monotonic()
    sweep = _seed(data)
    visits = plan(data.app)
    # One person at a time, each in a browser context of their own that is closed when they
    # are done: an idle connection of a context left open can hold the server's one worker.
    by_account: dict[str, list[Visit]] = {}
    for visit in visits:
        account = "" if visit.caller == "anon" else _account(sweep, visit.caller, visit.regime)
        by_account.setdefault(account, []).append(visit)
    shapes: set[str] = set()
    for account, theirs in by_account.items():
        page = new_page()
        if account:
            sign_in(page, account)
        forms: list[tuple[Visit, str]] = []
        for visit in theirs:
            if visit.endpoint in sweep.downloads:
                continue
            url = _url(data.app, sweep, visit)
            if _visit(page, sweep, visit, url, shapes) and visit.form:
                forms.append((visit, url))
        # The error states, after their pages have been seen as they are.
        for visit, url in forms:
            if POLICY[visit.key].stage != "-":
                # A case of its own: an empty form may still do something (withdraw the case).
                reference = _fresh_case(data, sweep, visit.regime, visit.stage)
                url = _url(data.app, sweep, visit, reference)
            _send_empty(page, sweep, f"{url} sent empty as {visit.caller}", url, live_server.url)
        page.context.close()

    _mid_sign_in(new_page, sweep)
    seconds = time.monotonic() - started
    record_property("count:accessibility sweep: page visits", len(sweep.visits))
    print(  # noqa: T201
        f"\nswept {len(sweep.visits)} page visits in {seconds:.0f} s "
        f"({len(sweep.same)} more the same markup as one swept)"
    )
    assert not sweep.problems, (
        f"{len(sweep.problems)} problem(s) on {len(sweep.visits)} page visits:\n"
        + "\n".join(sweep.problems)
    )


def _mid_sign_in(new_page: Callable[..., Page], sweep: Sweep) -> None:
    """The code step of signing in and the recovery-code step, each also sent empty."""
    page = new_page()
    page.goto("/sign-in")
    page.get_by_label("E-mail address").fill(sweep.emails["adm"])
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    for step, link in (("the code step", "Use a recovery code instead"), ("recovery", None)):
        sweep_check(page, sweep, f"{page.url} ({step}) as adm")
        with page.expect_navigation():
            page.locator("main form button").first.click()
        sweep_check(page, sweep, f"{page.url} ({step} sent empty) as adm")
        if link:
            with page.expect_navigation():
                page.get_by_role("link", name=link).click()


def test_the_checks_axe_does_not_do_catch_what_they_are_for(page: Page) -> None:
    page.set_content(
        "<title>Sample</title><main><h1>Sample</h1><h3>Skipped a level</h3>"
        "<a href='/a'>Change</a><a href='/b'>Details of b</a><a href='/c'>Details of b</a>"
        "<input id='unlabelled'>"
        "<button tabindex='2' style='width:10px;height:10px;padding:0;border:0'>x</button>"
        "<div class='govuk-error-summary'><a href='#nowhere'>Enter it</a></div></main>"
    )
    found = " | ".join(page.evaluate(_EXTRA_CHECKS) + page.evaluate(_ERROR_SUMMARY_LINKS))
    for problem in (
        "heading skips from h1 to h3",
        "link named only 'Change'",
        "links named 'details of b' lead to 2 places",
        "field without a label",
        "positive tabindex",
        "target 10x10 px",
        "error summary link #nowhere",
    ):
        assert problem in found, (problem, found)
