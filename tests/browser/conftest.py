"""Fixtures for the browser suite: one real server (gunicorn through ``review-service serve``)
on a fresh migrated SQLite file, one real SMTP server (aiosmtpd), one headless Chromium for
the whole session, and a fresh browser context per page.

Everything listens on and talks to 127.0.0.1 only; a route in every browser context refuses
any request that would leave loopback.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from tests.browser.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO_ROOT,
    Data,
    Mailbox,
    note_off_loopback,
    watch,
)
from tests.servers import stop_server
from tests.smtp import free_port, serving

START_TIMEOUT = 60.0
WORKER_GRACE = 8.0  # a freshly forked worker answers /healthz in well under a second
_BOOTED = re.compile(r"Booting worker with pid: (\d+)")
LOG_OFFSET = pytest.StashKey[int]()
SERVER_LOG = pytest.StashKey[tuple[Path, str]]()


BROWSER_SUITE = Path(__file__).resolve().parent
SWEEP = BROWSER_SUITE / "test_every_page.py"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is marked ``browser`` (selected by ``-m browser``, left out by
    ``-m "not browser"``): marked here once, before ``-m`` chooses and before the root conftest
    skips the suite when Chromium is missing."""
    for item in items:
        if BROWSER_SUITE in item.path.parents:
            item.add_marker(pytest.mark.browser)
    # The sweep of every page (test_every_page.py) files cases at every stage in the suite's one
    # database, an unlisted authority's among them, and sends every form empty: it runs last, so
    # the tests that expect what they made alone on a page (no failed e-mail left once theirs is
    # sent again, no unlisted authority once theirs is merged) still meet it. A stable sort: the
    # other tests keep their order.
    items.sort(key=lambda item: item.path == SWEEP)


@dataclass(frozen=True)
class LiveServer:
    url: str
    database_url: str
    secret_key: str
    upload_dir: Path
    log_path: Path
    started_in: float  # seconds from launch until /healthz answered
    hung_workers: tuple[int, ...]  # workers killed for not answering after booting

    def log(self, since: int = 0) -> str:
        with self.log_path.open("rb") as log:
            log.seek(since)
            return log.read().decode("utf-8", errors="replace")

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server on 127.0.0.1 (a free port) keeping every message it receives."""
    handler = Mailbox()
    with serving(handler) as handler.port:
        yield handler


def _server_command() -> list[str]:
    script = Path(sys.executable).parent / "review-service"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "review_service.cli"]


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log_path: Path) -> list[int]:
    """Wait for /healthz. A worker that has not answered WORKER_GRACE seconds after booting
    is taken to be hung: it is killed (gunicorn forks a fresh one at once, instead of after
    its 30 s worker timeout) and its pid returned, for test_server.py to report."""
    deadline = time.monotonic() + START_TIMEOUT
    booted: dict[int, float] = {}
    killed: list[int] = []
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"the server exited with {process.returncode} while starting:\n"
                + log_path.read_text(errors="replace"),
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return killed
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        now = time.monotonic()
        for pid in map(int, _BOOTED.findall(log_path.read_text(errors="replace"))):
            booted.setdefault(pid, now)
            if pid not in killed and now - booted[pid] > WORKER_GRACE:
                killed.append(pid)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        time.sleep(0.1)
    pytest.fail(
        f"the server did not answer {url}/healthz within {START_TIMEOUT:.0f}s:\n"
        + log_path.read_text(errors="replace"),
        pytrace=False,
    )


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, mailbox: Mailbox, request: pytest.FixtureRequest
) -> Iterator[LiveServer]:
    """``review-service serve`` in a subprocess on a fresh, migrated SQLite database."""
    from review_service import migrate

    root = tmp_path_factory.mktemp("live")
    database_url = f"sqlite:///{root / 'review_service.sqlite3'}"
    migrate.upgrade(database_url)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = root / "server.log"
    secret_key = secrets.token_hex(32)
    upload_dir = root / "uploads"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret_key,
        "REVIEW_SERVICE_ENV": "test",
        "SMTP_HOST": mailbox.host,
        "SMTP_PORT": str(mailbox.port),
        "BASE_URL": url,
        "UPLOAD_DIR": str(upload_dir),
        "RATELIMIT_ENABLED": "false",
        "PYTHONUNBUFFERED": "1",
        # gunicorn's control socket goes under XDG_RUNTIME_DIR: keep it private to this run
        # so two suites (or a developer's server) never share ~/.gunicorn/gunicorn.ctl.
        "XDG_RUNTIME_DIR": str(root),
    }
    command = [*_server_command(), "serve", "--host", "127.0.0.1", "--port", str(port)]
    started = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*command, "--workers", "1"],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: teardown can reach the workers
        )
    try:
        hung = _wait_until_healthy(url, process, log_path)
        yield LiveServer(
            url=url,
            database_url=database_url,
            secret_key=secret_key,
            upload_dir=upload_dir,
            log_path=log_path,
            started_in=time.monotonic() - started,
            hung_workers=tuple(hung),
        )
    finally:
        stop_server(process)
        # Printed at the end of the run when a test failed (pytest_terminal_summary below):
        # output printed here would be captured and shown only if the last test failed.
        request.config.stash[SERVER_LOG] = (log_path, log_path.read_text(errors="replace"))


@pytest.fixture(scope="session")
def data(live_server: LiveServer) -> Iterator[Data]:
    """Direct access to the live server's database for set-up."""
    from review_service import create_app
    from review_service.extensions import database

    app = create_app(
        {
            "ENVIRONMENT": "test",
            "DATABASE_URL": live_server.database_url,
            "SECRET_KEY": live_server.secret_key,
            "UPLOAD_DIR": live_server.upload_dir,
            "BASE_URL": live_server.url,
            "RATELIMIT_ENABLED": False,
        }
    )
    yield Data(app)
    database(app).engine.dispose()


@dataclass(frozen=True)
class Team:
    """An authority with its information-rights team (all passwords: helpers.PASSWORD)."""

    authority_id: int
    authority: str
    caseworker: str
    reviewer: str
    original_decision_maker: str  # a reviewer too: the one who must not review


@pytest.fixture(scope="session")
def police(data: Data) -> Team:
    """The Metropolitan Police Service, listed for requesters, with a caseworker and two
    reviewers."""
    name = "Metropolitan Police Service"
    authority_id = data.authority(
        name,
        email="foi@met.police.example",
        address="Information Rights Unit\nPO Box 313\nSidcup\nDA15 0HH",
        signatory_title="Information Rights Manager",
    )
    team = Team(
        authority_id=authority_id,
        authority=name,
        caseworker="casey.worker@met.police.example",
        reviewer="rita.reviewer@met.police.example",
        original_decision_maker="priya.natarajan@met.police.example",
    )
    data.user(
        "caseworker", email_address=team.caseworker, name="Casey Worker", authority_id=authority_id
    )
    data.user(
        "reviewer", email_address=team.reviewer, name="Rita Reviewer", authority_id=authority_id
    )
    data.user(
        "reviewer",
        email_address=team.original_decision_maker,
        name="Priya Natarajan",
        authority_id=authority_id,
    )
    return team


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (CI=true: the suite must run)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# chrome: and chrome-extension: are the browser's own PDF viewer (a letter previewed in a frame).
_NOT_LOOPBACK = re.compile(
    r"^(?!https?://127\.0\.0\.1[:/])(?!data:|blob:|about:|chrome:|chrome-extension:)"
)


@pytest.fixture
def new_page(live_server: LiveServer, browser: Browser) -> Iterator[Callable[..., Page]]:
    """Make a page in a fresh browser context (its own cookies: one per person), optionally
    ``width`` CSS px wide.

    ``live_server`` is requested before ``browser`` so the browser (and its keep-alive
    connections) is gone before the server is asked to stop."""
    contexts: list[BrowserContext] = []

    def make(width: int | None = None) -> Page:
        viewport = {"viewport": {"width": width, "height": 800}} if width else {}
        context = browser.new_context(base_url=live_server.url, accept_downloads=True, **viewport)
        context.set_default_timeout(30_000)  # generous: CI machines can be busy
        contexts.append(context)
        page = watch(context.new_page())

        def refuse(route: Route) -> None:
            note_off_loopback(page, route.request.url)
            route.abort()

        context.route(_NOT_LOOPBACK, refuse)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    return new_page()


@pytest.fixture(autouse=True)
def _server_log_offset(request: pytest.FixtureRequest, live_server: LiveServer) -> None:
    request.node.stash[LOG_OFFSET] = live_server.log_size()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.failed and LOG_OFFSET in item.stash:
        server = item.funcargs.get("live_server") if hasattr(item, "funcargs") else None
        if isinstance(server, LiveServer):
            lines = server.log(item.stash[LOG_OFFSET]).splitlines()
            log = "\n".join(line for line in lines if "GET /static/" not in line)
            report.sections.append(("server log during this test", log[-20_000:]))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    stats = terminalreporter.stats
    if SERVER_LOG not in config.stash or not (stats.get("failed") or stats.get("error")):
        return
    path, log = config.stash[SERVER_LOG]
    terminalreporter.write_sep("-", f"server log ({path})")
    terminalreporter.write_line(log)
