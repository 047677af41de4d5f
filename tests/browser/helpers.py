"""Helpers for the browser suite.

- ``visit``/``submit``/``check``: every page the browser lands on is checked: exactly one
  ``h1``, a ``<title>`` that starts with the h1's text (after an optional "Error: "), no
  script errors or failed assets, no serious or critical axe-core (WCAG 2.2 AA) violations,
  and no sideways scrolling at 320 CSS px wide (WCAG 1.4.10 Reflow): so every page of every
  journey in the suite is checked at phone width.
- ``Mailbox``: the handler of a real aiosmtpd server on loopback; tests wait for the e-mail
  the server's outbox sender delivers (it polls every 5 seconds).
- ``Data``: set-up written straight into the server's database through the same service
  functions the pages use.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import functools
import os
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, Request, Response, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from tests.browser.conftest import Team

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery staple"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
MAIL_TIMEOUT = 30.0  # the server's outbox sender polls every 5 seconds


def browser_missing() -> bool:
    """Chromium is missing and we are not on CI (on CI the ``browser`` fixture fails instead:
    CI must not pass by skipping the browser suite)."""
    return not CHROMIUM.exists() and os.environ.get("CI") != "true"


def working_days_before(day: dt.date, count: int) -> dt.date:
    """A weekday ``count`` weekdays before ``day`` (bank holidays ignored: close enough for
    choosing past dates that are comfortably inside a window)."""
    while count:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


# -- page checks ---------------------------------------------------------------------------


@dataclass
class _PageProblems:
    script_errors: list[str] = field(default_factory=list)
    failed_assets: list[str] = field(default_factory=list)
    off_loopback: list[str] = field(default_factory=list)


_problems: weakref.WeakKeyDictionary[Page, _PageProblems] = weakref.WeakKeyDictionary()


_BROWSER_OWN = ("chrome:", "chrome-extension:")


def watch(page: Page) -> Page:
    """Record script errors, CSP refusals and failed assets (CSS, JS, images) on ``page``."""
    problems = _problems.setdefault(page, _PageProblems())

    def on_console(message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.script_errors.append(message.text)

    def on_response(response: Response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            problems.failed_assets.append(f"{response.status} {response.url}")

    def on_request_failed(request: Request) -> None:
        # ERR_ABORTED: the browser cancelled it because the page was left, not a fault; the
        # browser's own PDF viewer (chrome:, chrome-extension:) is not the page's.
        if request.url.startswith(_BROWSER_OWN):
            return
        if request.resource_type != "document" and request.failure != "net::ERR_ABORTED":
            problems.failed_assets.append(f"failed {request.url}: {request.failure}")

    page.on("pageerror", lambda error: problems.script_errors.append(str(error)))
    page.on("console", on_console)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    return page


def note_off_loopback(page: Page, url: str) -> None:
    _problems.setdefault(page, _PageProblems()).off_loopback.append(
        f"refused a request that would leave 127.0.0.1: {url}"
    )


def _text(value: str) -> str:
    return " ".join(value.split())


def check(page: Page, *, impacts: frozenset[str] = BLOCKING_IMPACTS) -> None:
    """The checks every page passes: one h1, title starts with it, no script errors or
    broken assets, nothing outside 127.0.0.1, and axe-core finds nothing serious (or nothing
    of ``impacts``)."""
    where = page.url
    headings = page.locator("h1")
    assert headings.count() == 1, (
        f"{where}: expected exactly one h1, found {headings.all_inner_texts()!r}"
    )
    h1 = _text(headings.inner_text())
    title = _text(page.title())
    assert h1, f"{where}: the h1 is empty"
    assert title.removeprefix("Error: ").startswith(h1), (
        f"{where}: title {title!r} does not start with the h1 {h1!r}"
    )
    problems = _problems.get(page)
    if problems is not None:
        found = problems.script_errors + problems.failed_assets + problems.off_loopback
        for kind in (problems.script_errors, problems.failed_assets, problems.off_loopback):
            kind.clear()
        assert not found, f"{where}: " + "; ".join(found)
    axe_check(page, impacts=impacts)
    reflow_check(page)


REFLOW_WIDTH = 320  # CSS pixels: WCAG 2.2 SC 1.4.10 Reflow (1280 px at 400% zoom)

_OVERFLOW = """(width) => {
  const root = document.documentElement;
  const seen = [];
  if (root.scrollWidth <= width) return {width: root.scrollWidth, culprits: seen};
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    // Report the outermost elements that stick out, not every descendant.
    if (box.right > width && !seen.some(s => s.element.contains(element))) {
      seen.push({element, right: Math.round(box.right)});
    }
  }
  // Text wider than its box (a long word) widens the page too: name the box.
  for (const element of document.querySelectorAll('body *')) {
    if (element.clientWidth && element.scrollWidth > element.clientWidth + 1 && seen.length < 5) {
      seen.push({element, right: Math.round(element.getBoundingClientRect().left
                                            + element.scrollWidth)});
    }
  }
  const described = seen.slice(0, 8).map(
    s => `${s.element.outerHTML.slice(0, 160)} (right edge ${s.right}px)`);
  return {width: root.scrollWidth, culprits: described};
}"""


def reflow_check(page: Page) -> None:
    """At 320 CSS px wide the page needs no horizontal scrolling (WCAG 1.4.10): checked at
    that width, then the window goes back to its size."""
    size = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 720})
    try:
        found = page.evaluate(_OVERFLOW, REFLOW_WIDTH)
    finally:
        if size is not None:
            page.set_viewport_size(size)
    assert found["width"] <= REFLOW_WIDTH, (
        f"{page.url}: {found['width']} px wide at {REFLOW_WIDTH} px, so it scrolls sideways; "
        "sticking out: " + "; ".join(found["culprits"])
    )


@functools.cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8") + "\n;undefined"


_AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],  // skip collecting the passes: faster
  });
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || '',
                              html: n.html}))
  }));
}"""


_CONDITIONAL_REVEAL = re.compile(r'class="govuk-(?:radios|checkboxes)__input"')
_ARIA_ATTRIBUTE = re.compile(r"\baria-[a-z]+(?==)")


def _without_known_exceptions(violation: dict[str, Any]) -> dict[str, Any]:
    """Drop the one violation GOV.UK Frontend ships on purpose.

    Its JavaScript puts ``aria-expanded`` on radios and checkboxes that reveal a conditional
    question. ARIA does not allow it on those roles, so axe-core reports aria-allowed-attr
    (critical), but the Design System keeps it because screen readers announce it and user
    research found it helps: https://github.com/alphagov/govuk-frontend/issues/979 (open;
    a documented known issue). Any other attribute, or any other element, still fails.
    """
    if violation["id"] != "aria-allowed-attr":
        return violation
    nodes = [
        n
        for n in violation["nodes"]
        if not (
            _CONDITIONAL_REVEAL.search(n["html"])
            and set(_ARIA_ATTRIBUTE.findall(n["summary"])) == {"aria-expanded"}
        )
    ]
    return {**violation, "nodes": nodes, "impact": violation["impact"] if nodes else "none"}


def axe_check(page: Page, *, impacts: frozenset[str] = BLOCKING_IMPACTS) -> list[dict[str, Any]]:
    """Run axe-core on the page; fail on any serious or critical violation (or any of
    ``impacts``).

    Returns every violation (minor and moderate ones too) for tests that want them."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy
        # does not govern: a <script> tag (add_script_tag) would be refused, as it should be.
        page.evaluate(_axe_source())
    violations: list[dict[str, Any]] = page.evaluate(_AXE_RUN, AXE_TAGS)
    blocking = [v for v in map(_without_known_exceptions, violations) if v["impact"] in impacts]
    if blocking:
        kinds = "/".join(sorted(impacts))
        lines = [f"axe-core: {len(blocking)} {kinds} violation(s) on {page.url}"]
        for violation in blocking:
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} "
                f"<{violation['helpUrl']}>"
            )
            for node in violation["nodes"]:
                lines.append(f"    {node['target']}: {_text(node['summary'])}")
                lines.append(f"      {node['html'][:300]}")
        pytest.fail("\n".join(lines), pytrace=False)
    return violations


def visit(page: Page, path: str, *, status: int = 200) -> Response:
    """Go to ``path`` (relative to the server), expect ``status``, and check the page."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    _expect_status(page, response, status, f"GET {path}")
    check(page)
    return response


def submit(page: Page, button: str = "Continue", *, status: int = 200) -> Response:
    """Press the button called ``button``, wait for the next page, expect ``status`` and
    check the page."""
    target = page.get_by_role("button", name=button, exact=True)
    return navigate(page, target, status=status, what=f"pressing {button!r}")


def follow(page: Page, link: str, *, status: int = 200, exact: bool = True) -> Response:
    """Click the (first) link called ``link``, then expect ``status`` and check the page."""
    target = page.get_by_role("link", name=link, exact=exact).first
    return navigate(page, target, status=status, what=f"following {link!r}")


def navigate(
    page: Page, target: Locator, *, status: int = 200, what: str | None = None
) -> Response:
    """Click ``target``, wait for the page it leads to, expect ``status``, check the page."""
    with page.expect_navigation() as navigation:
        target.click()
    response = navigation.value
    _expect_status(page, response, status, what or f"clicking {target}")
    check(page)
    return response


def _expect_status(page: Page, response: Response, status: int, what: str) -> None:
    if response.status != status:
        body = _text(page.locator("body").inner_text())[:1500] if page.url else ""
        pytest.fail(
            f"{what}: expected HTTP {status}, got {response.status} at {response.url}\n{body}",
            pytrace=False,
        )


def expect_all_in(locator: Locator, *phrases: str) -> None:
    """Each phrase is (or comes to be) in the element's text: Playwright's waiting check."""
    for phrase in phrases:
        expect(locator).to_contain_text(phrase)


def error_messages(page: Page) -> list[str]:
    """The messages in the page's GOV.UK error summary."""
    return [_text(t) for t in page.locator(".govuk-error-summary__list li").all_inner_texts()]


def expect_validation_error(
    page: Page, button: str = "Continue", *, status: int = 200
) -> list[str]:
    """Press ``button`` and expect the same page back (with ``status``: the staff pages
    answer 400) with an error summary, an "Error: " title, and each summary link pointing at
    an element on the page."""
    submit(page, button, status=status)
    messages = error_messages(page)
    assert messages, f"{page.url}: no error summary after pressing {button!r}"
    assert page.title().startswith("Error: "), f"{page.url}: title {page.title()!r}"
    for href in page.locator(".govuk-error-summary__list a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    ):
        assert href.startswith("#"), href
        assert page.locator(f"[id='{href[1:]}']").count() == 1, (
            f"{page.url}: error summary link {href} points at no element"
        )
    return messages


def fill_date(page: Page, legend: str, day: dt.date) -> None:
    """Fill a GOV.UK date input (day, month, year) found by its fieldset's legend."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def long_date(day: dt.date) -> str:
    """A date as the pages and letters write it: 5 May 2026."""
    return f"{day:%-d %B %Y}"


def record_regulator_decision(
    page: Page,
    *,
    issued: str,
    reference_label: str,
    reference: str,
    sent_on: dt.date,
    outcomes: dict[str, str],
    steps: str,
) -> None:
    """On the staff "Record the regulator's decision" page: the regulator issued a decision
    (``issued`` is that radio's label: "It issued a decision notice" for the ICO, "It issued a
    decision" for the SIC), with its reference, date, an outcome per provision ({"s.24(2)":
    "Not upheld"}, found by the group's name) and the steps; submitted and confirmed."""
    page.get_by_label(issued, exact=True).check()
    page.get_by_label(reference_label).fill(reference)
    fill_date(page, "Date the decision was sent", sent_on)
    for provision, outcome in outcomes.items():
        page.get_by_role("group", name=re.compile("^" + re.escape(provision))).get_by_label(
            outcome, exact=True
        ).check()
    page.get_by_label("Steps the authority must take").fill(steps)
    submit(page, "Record the decision")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The regulator's decision has been recorded"
    )


# Authenticator secrets of the accounts the browser suite set an app up for, and the last
# 30-second step whose code each used (a code is good once: the next sign-in waits for a new one).
_authenticators: dict[str, str] = {}
_last_step: dict[str, int] = {}


def sign_in(page: Page, email_address: str, password: str = PASSWORD) -> None:
    """Sign in by the pages: the password, then for staff who need one the code from an
    authenticator app (set up through the pages the first time, as a person would)."""
    visit(page, "/sign-in")
    page.get_by_label("E-mail address").fill(email_address)
    page.get_by_label("Password", exact=True).fill(password)
    submit(page, "Sign in")
    heading = _text(page.locator("h1").inner_text())
    if heading == "Set up an authenticator app":
        key = _text(page.locator("#set-up-key").inner_text()).replace(" ", "")
        _authenticators[email_address] = key
        _enter_code(page, email_address)
        assert _text(page.locator("h1").inner_text()) == "Save your recovery codes"
        follow(page, "I have saved my recovery codes")
    elif heading == "Enter the security code from your app":
        _enter_code(page, email_address)


def signed_in(new_page: Callable[[], Page], email_address: str, password: str = PASSWORD) -> Page:
    """A new page, signed in as ``email_address``."""
    page = new_page()
    sign_in(page, email_address, password)
    return page


def _enter_code(page: Page, email_address: str) -> None:
    import pyotp

    totp = pyotp.TOTP(_authenticators[email_address])
    while int(time.time()) // 30 <= _last_step.get(email_address, -1):
        time.sleep(1)
    step = int(time.time()) // 30
    page.get_by_label("Security code").fill(totp.at(step * 30))
    _last_step[email_address] = step
    submit(page, "Continue")


def choose_authority(page: Page, authority: str) -> None:
    """Start a complaint: choose ``authority`` from the list and continue (to "Which law")."""
    visit(page, "/complaints/new")
    page.get_by_label("Which authority did you send your request to?").select_option(
        label=authority
    )
    submit(page)


def choose_an_unlisted_authority(page: Page, name: str, address: str) -> None:
    """On "Which authority": name an authority not in the list, with its e-mail address for
    information requests, and continue (to "Which law")."""
    page.get_by_label("Which authority did you send your request to?").select_option(
        label="It is not in this list"
    )
    page.get_by_label("If it is not in the list, enter its name").fill(name)
    page.get_by_label("and its e-mail address for information requests").fill(address)
    submit(page)


def answer_up_to_the_findings(
    page: Page, authority: str, sent: dt.date, responded: dt.date, request_text: str
) -> None:
    """From "Which authority" to "What we found": a FOIA request sent on ``sent`` to
    ``authority`` and the police-style response of ``responded``, pasted."""
    choose_authority(page, authority)
    page.get_by_label("Freedom of Information Act 2000 (FOI)").check()
    submit(page)
    fill_date(page, "When did you send your request?", sent)
    page.get_by_label("What did you ask for?").fill(request_text)
    submit(page)
    page.get_by_label("Copy and paste its text").check()
    page.get_by_label("Paste the text of the response").fill(
        police_partial_disclosure(sent, responded)
    )
    submit(page)
    assert page.url.endswith("/complaints/new/findings"), page.url


def answer_a_complaint_of_no_response(page: Page, request_text: str) -> None:
    """From "Which law" to "Check your answers": a FOIA request sent 60 days ago that got no
    response, complained of as late (the authority is already chosen)."""
    from review_service import clock

    assert page.url.endswith("/complaints/new/law"), page.url
    page.get_by_label("Freedom of Information Act 2000 (FOI)").check()
    submit(page)
    fill_date(page, "When did you send your request?", clock.today() - dt.timedelta(days=60))
    page.get_by_label("What did you ask for?").fill(request_text)
    submit(page)
    page.get_by_label("I did not get a response").check()
    submit(page)
    page.get_by_label("The response was late").check()
    submit(page)
    assert page.url.endswith("/complaints/new/check"), page.url


CASE_REFERENCE = re.compile(r"IR-\d{4}-\d{5}")


def confirmation_reference(page: Page) -> str:
    """On the page after "Send complaint": assert it is the confirmation page and return the
    case reference its panel gives."""
    assert "/confirmation" in page.url, page.url
    panel = page.locator(".govuk-panel")
    found = CASE_REFERENCE.search(panel.inner_text())
    assert found, panel.inner_html()
    return found.group(0)


# -- e-mail --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    filename: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class Mail:
    sender: str
    recipients: tuple[str, ...]
    subject: str
    body: str
    attachments: tuple[Attachment, ...]
    message: EmailMessage

    def links(self) -> list[str]:
        return re.findall(r"https?://\S+", self.body)

    def link(self, containing: str) -> str:
        found = [url for url in self.links() if containing in url]
        assert found, f"no link containing {containing!r} in:\n{self.body}"
        return found[0]


def parse_mail(raw: bytes, sender: str, recipients: list[str]) -> Mail:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body_part = message.get_body(preferencelist=("plain",))
    body = body_part.get_content() if body_part is not None else ""
    attachments = tuple(
        Attachment(
            part.get_filename() or "",
            part.get_content_type(),
            part.get_payload(decode=True) or b"",
        )
        for part in message.iter_attachments()
    )
    return Mail(
        sender=sender,
        recipients=tuple(r.lower() for r in recipients),
        subject=str(message["Subject"] or ""),
        body=body,
        attachments=attachments,
        message=message,
    )


class Mailbox:
    """The aiosmtpd handler: keeps every message delivered to it, parsed."""

    def __init__(self) -> None:
        self._messages: list[Mail] = []
        self._arrived = threading.Condition()
        self.host = "127.0.0.1"
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook name
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode()
        mail = parse_mail(raw, envelope.mail_from, list(envelope.rcpt_tos))
        with self._arrived:
            self._messages.append(mail)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[Mail]:
        with self._arrived:
            return list(self._messages)

    def find(self, to: str, subject: str = "") -> list[Mail]:
        return [
            m
            for m in self.messages
            if to.lower() in m.recipients and subject.lower() in m.subject.lower()
        ]

    def wait_for(self, to: str, subject: str = "", *, timeout: float = MAIL_TIMEOUT) -> Mail:
        """The first message to ``to`` whose subject contains ``subject``, waiting for it to
        arrive for up to ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = self.find(to, subject)
                if found:
                    return found[0]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [f"{m.recipients} {m.subject!r}" for m in self._messages]
                    pytest.fail(
                        f"no e-mail to {to} with {subject!r} in the subject within {timeout:.0f}s;"
                        f" received: {seen}",
                        pytrace=False,
                    )
                self._arrived.wait(min(remaining, 1.0))


# -- database set-up -----------------------------------------------------------------------


class Data:
    """Writes set-up data into the live server's database, one transaction per call."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    @contextmanager
    def session(self) -> Iterator[Session]:
        from review_service.extensions import commit, db_session

        with self.app.app_context():
            yield db_session()
            commit()

    def authority(self, name: str, *, regime: str = "foia", **fields: Any) -> int:
        from review_service.accounts.models import Authority

        with self.session() as session:
            found = session.scalar(select(Authority).where(Authority.name == name))
            if found is not None:
                return found.id
            authority = Authority(name=name, regime=regime, **fields)
            session.add(authority)
            session.flush()
            return authority.id

    def user(
        self,
        role: str,
        *,
        email_address: str,
        name: str,
        authority_id: int | None = None,
        password: str = PASSWORD,
    ) -> int:
        from review_service.accounts.models import Authority
        from review_service.accounts.services import create_user, user_by_email

        with self.session() as session:
            existing = user_by_email(session, email_address)
            if existing is not None:
                return existing.id
            authority = session.get(Authority, authority_id) if authority_id else None
            user = create_user(
                session,
                None,
                email=email_address,
                name=name,
                role=role,
                password=password,
                authority=authority,
            )
            return user.id

    def requester(self, email_address: str, name: str) -> str:
        """A requester account (password: ``PASSWORD``); returns its e-mail address."""
        self.user("requester", email_address=email_address, name=name)
        return email_address

    def overdue_police_complaint(
        self, requester_email: str, authority_id: int, caseworker: str
    ) -> str:
        """``file_police_complaint`` entered by ``caseworker`` as received by post 50 working days
        ago and never answered: the review is overdue. Returns the case reference."""
        from review_service import clock

        return self.file_police_complaint(
            requester_email,
            authority_id,
            entered_by=caseworker,
            received_on=working_days_before(clock.today(), 50),
        )

    def file_police_complaint(
        self,
        requester_email: str,
        authority_id: int,
        *,
        grounds: tuple[Any, ...] = (),
        entered_by: str | None = None,
        received_on: dt.date | None = None,
        request_text: str = "How many live facial recognition deployments were there at stations?",
    ) -> str:
        """File a complaint about ``police_partial_disclosure``: two neither-confirm-nor-deny
        provisions, s.24(2) and s.31(3). Returns the case reference.

        Filed by the requester themselves, or with ``entered_by`` (a caseworker's e-mail) as
        a complaint received by post on ``received_on``. ``grounds``:
        ``cases.services.GroundInput``s; by default one general ground (more information is
        held)."""
        from review_service import clock
        from review_service.accounts.services import user_by_email
        from review_service.cases import services as cases
        from review_service.domain.review import GroundKind

        today = clock.today()
        received = received_on or today
        sent = received - dt.timedelta(days=45)
        responded = working_days_before(received, 8)
        command = cases.FileCase(
            regime="foia",
            authority_id=authority_id,
            request_reference=POLICE_REFERENCE,
            request_sent_on=sent,
            request_text=request_text,
            response_date=responded,
            response_text=police_partial_disclosure(sent, responded),
            review_window_working_days=40,
            provisions=(
                cases.ProvisionInput("s.24(2)", ncnd=True),
                cases.ProvisionInput("s.31(3)", ncnd=True),
            ),
            grounds=grounds
            or (
                cases.GroundInput(
                    GroundKind.MORE_INFORMATION_HELD,
                    "The MPS published deployment records for 2025; 2026's must exist too.",
                ),
            ),
            received_on=received_on,
            requester_email=requester_email if entered_by else "",
        )
        with self.session() as session:
            actor = user_by_email(session, entered_by or requester_email)
            assert actor is not None, entered_by or requester_email
            return cases.file_case(session, actor, command, today=today).case.reference

    def police_case_at(self, team: Team, stage: str, requester_email: str, name: str) -> str:
        """A complaint the requester (created here) files about ``team``'s authority, taken on
        to ``stage`` with the team's caseworker and reviewer. Returns the case reference."""
        requester = self.requester(requester_email, name)
        reference = self.file_police_complaint(requester, team.authority_id)
        self.advance(reference, stage, caseworker=team.caseworker, reviewer=team.reviewer)
        return reference

    def advance(
        self,
        reference: str,
        stage: str,
        *,
        caseworker: str,
        reviewer: str,
        after: str | None = None,
    ) -> None:
        """Take a filed case (or one already at ``after``) on to ``stage``
        (tests.factories.STAGES), everything dated today, through the services the pages use."""
        from review_service import clock
        from review_service.accounts.services import user_by_email
        from review_service.cases.models import Case
        from tests.factories import advance_case

        with self.session() as session:
            case = session.scalar(select(Case).where(Case.reference == reference))
            staff = user_by_email(session, caseworker)
            assigned = user_by_email(session, reviewer)
            assert case is not None and staff is not None and assigned is not None
            advance_case(
                session,
                case,
                stage,
                caseworker=staff,
                reviewer=assigned,
                today=clock.today(),
                after=after,
            )


# -- a refusal notice written for the suite (not a copy of a real letter) ------------------

POLICE_REFERENCE = "2026100001234"


def police_partial_disclosure(sent: dt.date, responded: dt.date) -> str:
    """A Metropolitan Police style response: partial disclosure, and neither confirm nor
    deny under s.24(2) and s.31(3); the legal annex quotes s.17(1) and s.40(2) too, which
    are not relied on."""
    return f"""METROPOLITAN POLICE SERVICE
Information Rights Unit
PO Box 313, Sidcup, DA15 0HH

Date: {responded:%d/%m/%Y}

Dear Mr Okonkwo

Freedom of Information Request Reference No: {POLICE_REFERENCE}

I write in connection with your request for information which was received by the
Metropolitan Police Service (MPS) on {sent:%d/%m/%Y}. I note you seek access to the
following information:

How many live facial recognition deployments did the MPS carry out at railway stations
between January and June 2026, and how many images were on each watchlist?

DECISION

I have today decided to disclose some of the requested information. Some information has
been withheld and this response therefore serves as a Refusal Notice under Section 17 of
the Freedom of Information Act 2000 (the Act).

The MPS can neither confirm nor deny whether any other information is held in relation to
covert deployments of facial recognition technology, as the duty in Section 1(1)(a) of the
Act does not apply by virtue of the following exemptions:

Section 24(2) National Security
Section 31(3) Law Enforcement

Confirming or denying whether covert deployments took place would show criminals where
the MPS does and does not have that capability.

Please find below the information we are able to release.

1. Between January and June 2026 the MPS carried out 14 overt deployments at railway
stations.
2. Watchlists held between 6,000 and 9,500 images.

COMPLAINT RIGHTS

If you are dissatisfied with this response you may ask for an internal review. Your
request for a review should be made within 40 working days of the date of this letter.
If you remain dissatisfied after the review, you may complain to the Information
Commissioner under section 50 of the Act.

Yours sincerely

Priya Natarajan
Freedom of Information Manager

LEGAL ANNEX

Section 17(1) of the Act provides:
(1) A public authority which, in relation to any request for information, is to any extent
relying on a claim that any provision in part II relating to the duty to confirm or deny is
relevant to the request must give the applicant a notice which states the fact.

Section 24(2) of the Act provides:
The duty to confirm or deny does not arise if, or to the extent that, exemption from
section 1(1)(a) is required for the purpose of safeguarding national security.

Section 31(3) of the Act provides:
The duty to confirm or deny does not arise if, or to the extent that, compliance with
section 1(1)(a) would, or would be likely to, prejudice any of the matters mentioned in
subsection (1).

Section 40(2) of the Act provides:
Any information to which a request for information relates is also exempt information if
it constitutes personal data which does not fall within subsection (1).
"""
