"""``make bench``: the production server under load, at 1,000 and 100,000 cases, on SQLite and
PostgreSQL, beside a trivial "floor" page served with the same gunicorn settings.

For each database and size it:
1. seeds a database with ``review-service seed-load`` (kept under instance/bench/ and reused
   while the seeding code is unchanged; migrated with ``review-service db upgrade`` every run);
2. makes what the requests need with the service functions: passwords for one caseworker,
   reviewer and requester of the busiest authority, API tokens, a case with a complete saved
   decision (for the outcome letter preview) and a decided case with five documents (for the
   complaint pack);
3. starts ``review-service serve`` (production settings, no e-mail sender) and the floor page
   (scripts/bench_floor.py) with the same gunicorn settings, on free ports on 127.0.0.1;
4. drives both from another process with wrk (installed from Debian if missing), at
   concurrency 1 and 8, in three interleaved rounds: each round measures the floor and then
   every endpoint, so each endpoint is compared with the floor of its own round;
5. counts the SQL statements of each request in-process (Flask test client, same database),
   times the letter and pack rendering in-process, runs ``review-service reminders`` twice (the
   second run finds nothing new to queue) and reads the workers' memory;
and writes BENCHMARKS.md. Figures are medians of the three rounds. Rate limits are switched
off for the run (one client address sends every request), and so is the staff second factor.

Nothing here is part of the test suite. Environment: BENCH_SECONDS (per measurement, default
3), BENCH_SIZES (default 1000,100000), BENCH_DATABASES (default sqlite,postgresql),
BENCH_PG_URL (an administrative PostgreSQL URL), BENCH_PG_PREFIX (the bench databases' name
prefix, default review_service_bench), BENCH_OUTPUT (default BENCHMARKS.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import os
import re
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DIR = ROOT / "instance" / "bench"
REVIEW_SERVICE = [sys.executable, "-m", "review_service.cli"]
SECONDS = max(1, int(os.environ.get("BENCH_SECONDS", "3")))
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,100000").split(",")]
DATABASES = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
PG_ADMIN = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# Several checkouts on one PostgreSQL server each name their own bench databases.
PG_PREFIX = os.environ.get("BENCH_PG_PREFIX", "review_service_bench")
ROUNDS = 3
IN_PROCESS_RUNS = 20  # renderings timed in-process, for the median
CONCURRENCY = (1, 8)
SEARCH = "drones"
PASSWORD = "bench-" + secrets.token_hex(8)
SECRET_KEY = secrets.token_hex(32)

WRK_SCRIPT = r"""
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  failures = 0
  if os.getenv("BENCH_BODY_FILE") ~= nil and os.getenv("BENCH_BODY_FILE") ~= "" then
    local f = io.open(os.getenv("BENCH_BODY_FILE"), "rb")
    wrk.method = "POST"
    wrk.body = f:read("*all")
    f:close()
    wrk.headers["Content-Type"] = "application/json"
  end
end
function response(status, headers, body)
  if status ~= 200 then failures = failures + 1 end
end
function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("failures") end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, '
    .. '"failed": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), failed,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout))
end
"""


# ---------------------------------------------------------------------------------------------
# Databases


@dataclass
class Target:
    database: str  # "sqlite" or "postgresql"
    cases: int

    @property
    def label(self) -> str:
        return f"{'SQLite' if self.database == 'sqlite' else 'PostgreSQL'}, {self.cases:,} cases"

    @property
    def url(self) -> str:
        if self.database == "sqlite":
            return f"sqlite:///{BENCH_DIR / f'bench-{self.cases}.sqlite3'}"
        base, _, _ = PG_ADMIN.rpartition("/")
        return f"{base}/{PG_PREFIX}_{self.cases}"

    @property
    def upload_dir(self) -> Path:
        return BENCH_DIR / f"uploads-{self.database}-{self.cases}"

    @property
    def stamp_file(self) -> Path:
        return BENCH_DIR / f"{self.database}-{self.cases}.json"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "UPLOAD_DIR": str(self.upload_dir),
            "SECRET_KEY": SECRET_KEY,
            "REVIEW_SERVICE_ENV": "production",
            "RATELIMIT_ENABLED": "false",
            "RATELIMIT_STORAGE_URI": "memory://",  # limits are off: nothing to share
            "BASE_URL": "http://127.0.0.1",
            "SUPPORT_EMAIL": "support@bench.example.org",  # production refuses to start without
            # The bench signs staff in with a password only: the second factor is not measured.
            "REQUIRE_TWO_FACTOR": "false",
        }


def _seed_code_stamp(cases: int) -> str:
    code = (ROOT / "review_service" / "seed_load.py").read_bytes()
    return f"{hashlib.sha256(code).hexdigest()[:16]}:{cases}"


def _recreate(target: Target) -> None:
    if target.database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(target.url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    else:
        import psycopg

        name = target.url.rpartition("/")[2]
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    shutil.rmtree(target.upload_dir, ignore_errors=True)


def _run(
    command: list[str], env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own commands
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


def prepare(target: Target) -> dict[str, Any]:
    """A seeded, migrated database; reseeded when the seeding code or size changed."""
    stamp = _seed_code_stamp(target.cases)
    known = json.loads(target.stamp_file.read_text()) if target.stamp_file.exists() else {}
    if known.get("stamp") == stamp:
        upgraded = _run([*REVIEW_SERVICE, "db", "upgrade"], target.env(), 1800)
        if upgraded.returncode == 0:
            return known
        print(f"  upgrade failed ({upgraded.stderr.strip()[-200:]}); seeding again")
    print(f"  seeding {target.label} ...", flush=True)
    _recreate(target)
    upgraded = _run([*REVIEW_SERVICE, "db", "upgrade"], target.env(), 600)
    if upgraded.returncode != 0:
        raise SystemExit(upgraded.stderr)
    started, cpu = time.perf_counter(), _children_cpu()
    seeded = _run(
        [*REVIEW_SERVICE, "seed-load", "--cases", str(target.cases)],
        {**target.env(), "REVIEW_SERVICE_ENV": "development"},  # seed-load refuses production
        1800,
    )
    seconds = time.perf_counter() - started
    if seeded.returncode != 0:
        raise SystemExit(seeded.stderr)
    known = {
        "stamp": stamp,
        "seed_seconds": round(seconds, 1),
        "seed_cpu_seconds": round(_children_cpu() - cpu, 1),
        "seed_output": seeded.stdout[-300:],
    }
    target.stamp_file.write_text(json.dumps(known))
    print(f"  seeded in {seconds:.0f} s", flush=True)
    return known


# ---------------------------------------------------------------------------------------------
# What the requests need, made with the service functions


@dataclass
class Fixtures:
    caseworker: str
    reviewer: str
    requester: str
    case: str
    preview_case: str
    pack_case: str
    staff_token: str
    requester_token: str
    deep_cursor: str
    open_cases: int
    search_matches: int  # the caseworker's open cases the search finds
    search_added: int  # of those, filed by the bench to fill the search's first page


def _pdf_document(title: str, pages: int) -> bytes:
    from review_service.letters.render import Letterhead, Paragraphs, render_document

    body = tuple(
        Paragraphs(
            f"Part {n + 1}", ("This part of the correspondence is kept for the record. " * 40,)
        )
        for n in range(pages * 3)
    )
    return render_document(
        title, Letterhead("Bench Council", ("Civic Centre",), "foi@bench.example"), body
    )


def make_fixtures(target: Target) -> Fixtures:
    from sqlalchemy import delete, func, select

    from review_service.accounts.models import Role, User
    from review_service.accounts.services import create_api_token, hash_password
    from review_service.app import create_app
    from review_service.cases import services as cases
    from review_service.cases.models import Case, InformationRequest
    from review_service.cases.search import matching_cases
    from review_service.documents.services import add_case_document
    from review_service.domain.lifecycle import CaseStatus
    from review_service.domain.review import GroundKind
    from review_service.extensions import database, db_session
    from review_service.mail.models import OutboxMessage
    from review_service.reviews import services as reviews
    from review_service.staff.queue import OPEN_STATUSES, PAGE_SIZE

    app = create_app(
        {
            "DATABASE_URL": target.url,
            "SECRET_KEY": SECRET_KEY,
            "UPLOAD_DIR": target.upload_dir,
            "SERVER_NAME": "127.0.0.1",
        }
    )
    open_values = [s.value for s in OPEN_STATUSES]
    with app.app_context():
        session = db_session()
        authority_id = session.scalar(
            select(Case.authority_id)
            .where(Case.status.in_(open_values))
            .group_by(Case.authority_id)
            .order_by(func.count().desc())
            .limit(1)
        )
        team = {
            role: session.scalars(
                select(User)
                .where(User.role == role.value, User.authority_id == authority_id)
                .order_by(User.id)
            ).all()
            for role in (Role.CASEWORKER, Role.REVIEWER)
        }
        caseworker, reviewer, other = team[Role.CASEWORKER][0], *team[Role.REVIEWER][:2]
        case = session.scalar(
            select(Case)
            .where(Case.authority_id == authority_id, Case.status == CaseStatus.IN_REVIEW.value)
            .order_by(Case.received_on.desc(), Case.id.desc())
            .limit(1)
        )
        requester = case.requester
        for user in (caseworker, reviewer, requester):
            user.password_hash = hash_password(PASSWORD)
            user.email_confirmed_at = user.email_confirmed_at or dt.datetime.now(dt.UTC)
        _, staff_token = create_api_token(session, caseworker, "bench")
        _, requester_token = create_api_token(session, requester, "bench")

        def bench_case(marker: str, decide: bool) -> Case:
            found = session.scalar(
                select(Case)
                .join(InformationRequest, InformationRequest.id == Case.information_request_id)
                .where(InformationRequest.authority_reference == marker)
            )
            if found is not None:
                return found
            today = dt.date.today()
            filed = cases.file_case(
                session,
                requester,
                cases.FileCase(
                    regime="foia",
                    authority_id=authority_id,
                    request_reference=marker,
                    request_sent_on=today - dt.timedelta(days=60),
                    request_text="Please send the reports about the drones bought since 2020.",
                    response_date=today - dt.timedelta(days=20),
                    response_text="We withhold the reports under sections 31(1) and 43(2).",
                    provisions=(
                        cases.ProvisionInput("s.31(1)"),
                        cases.ProvisionInput("s.43(2)"),
                    ),
                    grounds=(
                        cases.GroundInput(
                            GroundKind.PROVISION, "Not engaged.", provision="s.31(1)"
                        ),
                        cases.GroundInput(GroundKind.MORE_INFORMATION_HELD, "Budgets exist."),
                    ),
                ),
            ).case
            for n, (kind, pages) in enumerate(
                (("request", 1), ("response", 2), ("review_request", 1), ("correspondence", 3))
            ):
                add_case_document(
                    session,
                    requester,
                    filed,
                    kind=kind,
                    title=f"Document {n + 1}",
                    dated=None,
                    filename=f"document-{n + 1}.pdf",
                    data=_pdf_document(f"Document {n + 1}", pages),
                    upload_dir=target.upload_dir,
                    max_bytes=10 * 1024 * 1024,
                )
            add_case_document(
                session,
                requester,
                filed,
                kind="correspondence",
                title="E-mails",
                dated=None,
                filename="emails.txt",
                data=("Dear FOI team,\nThank you.\n" * 200).encode(),
                upload_dir=target.upload_dir,
                max_bytes=10 * 1024 * 1024,
            )
            cases.acknowledge(session, caseworker, filed)
            cases.record_original_decision_maker(session, caseworker, filed, user_id=other.id)
            cases.assign(session, caseworker, filed, reviewer_id=reviewer.id)
            reviews.save_decision(
                session,
                reviewer,
                filed,
                reviews.DecisionInput(
                    ground_findings=tuple(
                        reviews.GroundFindingInput(g.id, i == 1, f"Reasons {i}.")
                        for i, g in enumerate(filed.grounds)
                    ),
                    provision_findings=tuple(
                        reviews.ProvisionFindingInput(
                            p.id,
                            "maintained" if i == 0 else "withdrawn",
                            "",
                            "Reasons.",
                            "The balance favours withholding.",
                        )
                        for i, p in enumerate(filed.refusal_notice.provisions)
                    ),
                    released_information="Some figures.",
                    letter_summary="Thank you for your patience.",
                ),
            )
            if decide:
                reviews.issue_decision(session, reviewer, filed)
            session.flush()
            return filed

        preview = bench_case("BENCH-PREVIEW", decide=False)
        pack = bench_case("BENCH-PACK", decide=True)
        # The search's first page is full at both sizes: at 1,000 cases the seeded requests
        # mention drones in two of the authority's open cases, so its growth figure compared a
        # page of 2 rows with one of 25 (the rows' own drawing, not the size of the data).
        # Cases filed here make up a page and one more; at 100,000 there are hundreds already.
        search_matches = select(func.count()).where(
            Case.authority_id == authority_id,
            Case.status.in_(open_values),
            matching_cases(session.get_bind().dialect.name, SEARCH, open_of_authority=authority_id),
        )
        found = session.scalar(search_matches) or 0
        search_added = max(0, PAGE_SIZE + 1 - found)
        for n in range(search_added):
            cases.file_case(
                session,
                requester,
                cases.FileCase(
                    regime="foia",
                    authority_id=authority_id,
                    request_reference=f"BENCH-SEARCH-{found + n}",
                    request_sent_on=dt.date.today() - dt.timedelta(days=40 + n),
                    request_text=f"Please send the invoices for the {SEARCH} hired in {2000 + n}.",
                    response_date=dt.date.today() - dt.timedelta(days=10 + n % 10),
                    response_text="We withhold the invoices under section 43(2).",
                    provisions=(cases.ProvisionInput("s.43(2)"),),
                    grounds=(
                        cases.GroundInput(
                            GroundKind.PROVISION, "Not engaged.", provision="s.43(2)"
                        ),
                    ),
                ),
            )
        session.flush()
        found_now = session.scalar(search_matches) or 0
        search_added = (
            session.scalar(
                select(func.count()).where(
                    InformationRequest.authority_reference.like("BENCH-SEARCH-%")
                )
            )
            or 0
        )
        # Reminders from an earlier run of the benchmark: the first run below starts afresh.
        session.execute(delete(OutboxMessage).where(OutboxMessage.dedupe_key.like("reminder:%")))
        session.commit()
        queue = (
            select(Case.review_due_on, Case.id)
            .where(Case.authority_id == authority_id, Case.status.in_(open_values))
            .order_by(Case.review_due_on, Case.id)
        )
        open_cases = session.scalar(select(func.count()).select_from(queue.subquery())) or 0
        due, case_id = session.execute(queue.offset(open_cases // 2).limit(1)).one()
        fixtures = Fixtures(
            caseworker=caseworker.email,
            reviewer=reviewer.email,
            requester=requester.email,
            case=case.reference,
            preview_case=preview.reference,
            pack_case=pack.reference,
            staff_token=staff_token,
            requester_token=requester_token,
            deep_cursor=f"{due.isoformat()}_{case_id}",
            open_cases=open_cases,
            search_matches=found_now,
            search_added=search_added,
        )
    database(app).engine.dispose()
    return fixtures


# ---------------------------------------------------------------------------------------------
# Endpoints


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    path: str
    identity: str  # "caseworker", "reviewer", "requester", "staff_token", "requester_token", ""
    body: str = ""  # a JSON body: POST


def endpoints(f: Fixtures, notice: str) -> list[Endpoint]:
    return [
        Endpoint("queue", "staff queue", "/staff", "caseworker"),
        Endpoint("search", f"queue search (q={SEARCH})", f"/staff?q={SEARCH}", "caseworker"),
        Endpoint("api_list", "GET /api/v1/cases", "/api/v1/cases", "staff_token"),
        Endpoint("staff_case", "staff case page", f"/staff/cases/{f.case}", "caseworker"),
        Endpoint("requester_case", "requester case page", f"/complaints/{f.case}", "requester"),
        Endpoint("api_case", "GET /api/v1/cases/{ref}", f"/api/v1/cases/{f.case}", "staff_token"),
        Endpoint(
            "deadlines",
            "GET /api/v1/deadlines",
            "/api/v1/deadlines?from=2026-03-02&working_days=20",
            "",
        ),
        Endpoint("deep_queue", "deep queue page", f"/staff?after={f.deep_cursor}", "caseworker"),
        Endpoint("statistics", "statistics page", "/staff/statistics", "caseworker"),
        Endpoint(
            "letter",
            "outcome letter PDF (preview)",
            f"/staff/cases/{f.preview_case}/decision/preview.pdf",
            "reviewer",
        ),
        Endpoint(
            "pack",
            "pack PDF, five documents",
            f"/complaints/{f.pack_case}/regulator/pack.pdf",
            "requester",
        ),
        Endpoint(
            "notice",
            "notice reader, long notice",
            "/api/v1/notices/parse",
            "",
            json.dumps({"text": notice}),
        ),
    ]


def long_notice() -> str:
    # shared/ sits beside a clone (CI) or further up (a worktree)
    for folder in ROOT.parents:
        sample = folder / "shared" / "samples" / "mps-refusal-notice-2018030000548.txt"
        if sample.exists():
            return sample.read_text(encoding="utf-8")
    notices = sorted((ROOT / "tests" / "fixtures" / "notices").glob("*.txt"))
    return max((p.read_text(encoding="utf-8") for p in notices), key=len)


# ---------------------------------------------------------------------------------------------
# Servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int

    def worker_rss_mb(self) -> list[float]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        sizes = []
        for pid in children.read_text().split() if children.exists() else []:
            status = Path(f"/proc/{pid}/status")
            match = re.search(r"VmRSS:\s+(\d+) kB", status.read_text()) if status.exists() else None
            if match:
                sizes.append(int(match.group(1)) / 1024)
        return sizes


@contextmanager
def serving(command: list[str], env: dict[str, str], log: Path, health: str) -> Iterator[Server]:
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own commands
            [*command, "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    status, _, _ = request(port, "GET", health)
                    if status == 200:
                        break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"server did not start: see {log}")
                time.sleep(0.3)
            yield Server(process, port)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def sign_in(port: int, email: str) -> str:
    """Sign in through the page as a person would; returns the Cookie header value."""
    status, headers, page = request(port, "GET", "/sign-in")
    cookie = headers.get("set-cookie", "").split(";", 1)[0]
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)
    if token is None:
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    form = urllib.parse.urlencode(
        {"csrf_token": token.group(1).decode(), "email": email, "password": PASSWORD}
    ).encode()
    status, headers, _ = request(
        port,
        "POST",
        "/sign-in",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    if status not in (302, 303):
        raise SystemExit(f"could not sign in as {email} (HTTP {status})")
    return headers["set-cookie"].split(";", 1)[0]


# ---------------------------------------------------------------------------------------------
# Measuring


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    raise SystemExit("wrk is not installed: run `make bench` (it installs it from Debian).")


@dataclass
class Sample:
    rps: float
    p50: float
    p95: float
    p99: float
    failed: int


def wrk(
    port: int,
    path: str,
    headers: dict[str, str],
    concurrency: int,
    body: str = "",
    seconds: int = 0,
) -> Sample:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bench.lua"
        script.write_text(WRK_SCRIPT)
        env = dict(os.environ)
        if body:
            body_file = Path(tmp) / "body.json"
            body_file.write_text(body)
            env["BENCH_BODY_FILE"] = str(body_file)
        command = [
            ensure_wrk(),
            "-t",
            str(min(concurrency, 2)),
            "-c",
            str(concurrency),
            "-d",
            f"{seconds or SECONDS}s",
            "--timeout",
            "20s",
            "-s",
            str(script),
        ]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        command.append(f"http://127.0.0.1:{port}{path}")
        done = subprocess.run(  # noqa: S603
            command,
            capture_output=True,
            text=True,
            env=env,
            timeout=(seconds or SECONDS) + 60,
            check=False,
        )
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {done.stdout}\n{done.stderr}")
    data = json.loads(line.removeprefix("BENCH "))
    return Sample(
        rps=data["requests"] / (data["duration_us"] / 1e6),
        p50=data["p50"] / 1000,
        p95=data["p95"] / 1000,
        p99=data["p99"] / 1000,
        failed=data["failed"] + data["errors"],
    )


@dataclass
class Result:
    samples: dict[tuple[str, int], list[Sample]] = field(default_factory=dict)
    floor: dict[int, list[Sample]] = field(default_factory=dict)

    def median(self, key: str, concurrency: int, attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in self.samples[(key, concurrency)])

    def floor_share(self, key: str, concurrency: int) -> float:
        shares = [
            s.rps / f.rps * 100
            for s, f in zip(self.samples[(key, concurrency)], self.floor[concurrency], strict=True)
        ]
        return statistics.median(shares)

    def failed(self, key: str) -> int:
        return sum(s.failed for c in CONCURRENCY for s in self.samples[(key, c)])


ClientFor = Callable[["Endpoint"], tuple[Any, dict[str, str]]]


def endpoint_clients(app: Any, fixtures: Fixtures) -> ClientFor:
    """For each endpoint, a Flask test client of ``app`` calling as the endpoint's identity and
    the headers to send: signed in as the suite does (a bare _user_id is not a session any
    more), or a bearer token. The bench's people are read once."""
    from sqlalchemy import select

    from review_service.accounts.models import User
    from review_service.extensions import db_session
    from tests.pages import sign_in_client

    identities = {
        "caseworker": fixtures.caseworker,
        "reviewer": fixtures.reviewer,
        "requester": fixtures.requester,
    }
    with app.app_context():
        users = {
            name: db_session().scalar(select(User).where(User.email == email))
            for name, email in identities.items()
        }
        db_session().expunge_all()  # plain values (id, session generation) outlive the session
    tokens = {"staff_token": fixtures.staff_token, "requester_token": fixtures.requester_token}

    def client_for(point: Endpoint) -> tuple[Any, dict[str, str]]:
        client = app.test_client()
        headers: dict[str, str] = {}
        if point.identity in users:
            sign_in_client(client, users[point.identity])
        elif point.identity:
            headers["Authorization"] = f"Bearer {tokens[point.identity]}"
        return client, headers

    return client_for


def count_statements(target: Target, fixtures: Fixtures, points: list[Endpoint]) -> dict[str, int]:
    """SQL statements per request, counted in-process with the test client (warm, 2nd call)."""
    from sqlalchemy import event

    from review_service.app import create_app
    from review_service.extensions import database

    app = create_app(
        {
            "DATABASE_URL": target.url,
            "SECRET_KEY": SECRET_KEY,
            "UPLOAD_DIR": target.upload_dir,
            "RATELIMIT_ENABLED": False,
        }
    )
    counts: dict[str, int] = {}
    statements: list[str] = []
    client_for = endpoint_clients(app, fixtures)
    event.listen(database(app).engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    for point in points:
        client, headers = client_for(point)
        for _ in range(2):
            statements.clear()
            if point.body:
                response = client.post(
                    point.path, data=point.body, headers=headers, content_type="application/json"
                )
            else:
                response = client.get(point.path, headers=headers)
        counts[point.key] = len(statements) if response.status_code == 200 else -1
    database(app).engine.dispose()
    return counts


def in_process_timings(target: Target, fixtures: Fixtures) -> dict[str, float]:
    """Median milliseconds to build and render the outcome letter preview and the pack PDF,
    elapsed and of this process's CPU (the steadier figure on a shared machine)."""
    from sqlalchemy import select

    from review_service import clock
    from review_service.accounts.models import User
    from review_service.app import create_app
    from review_service.cases.models import Case
    from review_service.extensions import database, db_session
    from review_service.regulator.pack_bundles import build_complaint_pack
    from review_service.regulator.pack_pdf import render_pack
    from review_service.reviews.services import preview_outcome_letter

    app = create_app(
        {"DATABASE_URL": target.url, "SECRET_KEY": SECRET_KEY, "UPLOAD_DIR": target.upload_dir}
    )
    timings: dict[str, list[float]] = {"letter": [], "pack": [], "letter_cpu": [], "pack_cpu": []}

    def timed(name: str, render: Callable[[], object]) -> None:
        session.expire_all()
        started, cpu = time.perf_counter(), time.process_time()
        render()
        timings[name].append(time.perf_counter() - started)
        timings[f"{name}_cpu"].append(time.process_time() - cpu)

    with app.app_context():
        session = db_session()
        reviewer = session.scalar(select(User).where(User.email == fixtures.reviewer))
        preview = session.scalar(select(Case).where(Case.reference == fixtures.preview_case))
        pack = session.scalar(select(Case).where(Case.reference == fixtures.pack_case))
        for _ in range(IN_PROCESS_RUNS + 1):  # the first of each is left out (imports, caches)
            timed("letter", lambda: preview_outcome_letter(session, reviewer, preview))
            timed(
                "pack",
                lambda: render_pack(build_complaint_pack(session, pack, today=clock.today())),
            )
    database(app).engine.dispose()
    return {k: statistics.median(v[1:]) * 1000 for k, v in timings.items()}


def _children_cpu() -> float:
    """CPU seconds used by finished child processes: beside the wall time, what a command
    costs on a machine shared with other work."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _forget_reminders(target: Target) -> None:
    """Back to the seeded state, where no reminder has been queued: a database kept from an
    earlier run (or a run by hand) would otherwise make the first run find nothing due."""
    from sqlalchemy import create_engine, text

    engine = create_engine(target.url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM outbox_messages WHERE dedupe_key LIKE 'reminder:%'"))
    engine.dispose()


def reminders(target: Target) -> list[tuple[float, str]]:
    """``review-service reminders`` twice: the first run queues what is due, the second finds
    it all queued already (nothing due)."""
    _forget_reminders(target)
    runs = []
    for _ in range(2):
        started, cpu = time.perf_counter(), _children_cpu()
        done = _run([*REVIEW_SERVICE, "reminders"], target.env(), 600)
        said = done.stdout.strip() or done.stderr[-200:]
        runs.append((time.perf_counter() - started, f"{said}; CPU {_children_cpu() - cpu:.1f} s"))
    return runs


@dataclass
class Report:
    target: Target
    seed: dict[str, Any]
    fixtures: Fixtures
    points: list[Endpoint]
    result: Result
    statements: dict[str, int]
    timings: dict[str, float]
    reminders: list[tuple[float, str]]
    memory: list[float]
    settings: str


def bench(target: Target) -> Report:
    print(f"== {target.label}", flush=True)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    seed = prepare(target)
    fixtures = make_fixtures(target)
    points = endpoints(fixtures, long_notice())
    statements = count_statements(target, fixtures, points)
    timings = in_process_timings(target, fixtures)
    result = Result()
    env = target.env()
    logs = BENCH_DIR / "logs"
    logs.mkdir(exist_ok=True)
    service_command = [*REVIEW_SERVICE, "serve", "--no-send-mail"]
    floor_command = [sys.executable, str(ROOT / "scripts" / "bench_floor.py")]
    with (
        serving(
            service_command, env, logs / f"service-{target.database}-{target.cases}.log", "/healthz"
        ) as app,
        serving(
            floor_command, env, logs / f"floor-{target.database}-{target.cases}.log", "/"
        ) as floor,
    ):
        cookies = {
            "caseworker": sign_in(app.port, fixtures.caseworker),
            "reviewer": sign_in(app.port, fixtures.reviewer),
            "requester": sign_in(app.port, fixtures.requester),
        }

        def headers_for(point: Endpoint) -> dict[str, str]:
            if point.identity in cookies:
                return {"Cookie": cookies[point.identity]}
            if point.identity == "staff_token":
                return {"Authorization": f"Bearer {fixtures.staff_token}"}
            if point.identity == "requester_token":
                return {"Authorization": f"Bearer {fixtures.requester_token}"}
            return {}

        for point in points:  # warm every worker's caches before measuring
            wrk(app.port, point.path, headers_for(point), 8, point.body)
        for round_number in range(ROUNDS):
            for concurrency in CONCURRENCY:
                result.floor.setdefault(concurrency, []).append(
                    wrk(floor.port, "/", {}, concurrency)
                )
                for point in points:
                    # One second of the same requests first, unmeasured: the endpoint before
                    # (a PDF or the notice reader at concurrency 8) leaves the workers' memory
                    # and the database's caches holding its own work, and at concurrency 1 the
                    # first requests after it made the 95th percentile of whichever endpoint
                    # came next (2-7 times its median), not of the endpoint itself.
                    wrk(app.port, point.path, headers_for(point), concurrency, point.body, 1)
                    sample = wrk(app.port, point.path, headers_for(point), concurrency, point.body)
                    result.samples.setdefault((point.key, concurrency), []).append(sample)
            print(f"  round {round_number + 1} done", flush=True)
        memory = app.worker_rss_mb()
        settings = re.search(
            r" with (\d+ \w+ workers of \d+ threads?)",
            (logs / f"service-{target.database}-{target.cases}.log").read_text(),
        )
    runs = reminders(target)
    return Report(
        target,
        seed,
        fixtures,
        points,
        result,
        statements,
        timings,
        runs,
        memory,
        settings.group(1) if settings else "",
    )


# ---------------------------------------------------------------------------------------------
# BENCHMARKS.md

GROWTH = ("queue", "search", "api_list", "staff_case", "requester_case")
FLOOR_10 = ("staff_case", "requester_case", "api_case")
FLOOR_5 = ("queue", "search", "api_list")
FLOOR_50 = ("deadlines",)


def _floor(result: Result, concurrency: int) -> float:
    return statistics.median(s.rps for s in result.floor[concurrency])


def _rounds(result: Result, key: str) -> str:
    return "/".join(_ms(s.p95) for s in result.samples[(key, 1)])


def _ms(value: float) -> str:
    if value == 0:
        return "–"  # no request finished within the measurement
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def write_report(reports: list[Report], started: dt.datetime, load: tuple[str, str]) -> str:
    commit = _run(["git", "rev-parse", "--short", "HEAD"], dict(os.environ), 30).stdout.strip()
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (scripts/bench.py) on {started:%Y-%m-%d %H:%M} UTC at commit "
        f"`{commit}`, on a {os.cpu_count()}-core machine shared with other work (load average "
        f"{load[0]} at the start, {load[1]} at the end). Each figure is the median of "
        f"{ROUNDS} interleaved rounds of {SECONDS:g} s per endpoint and concurrency, measured "
        "with wrk against `review-service serve` (production settings, "
        f'{reports[0].settings if reports else ""}); "% of floor" divides an endpoint\'s '
        "requests per second by those of a trivial Flask page served with the same gunicorn "
        "settings in the same round. SQL statements are counted per request in-process "
        "(Flask test client, same database, second request). Rate limits were off for the run.",
        "",
    ]
    for report in reports:
        result, f = report.result, report.fixtures
        lines += [
            f"## {report.target.label}",
            "",
            f"Seeded in {report.seed.get('seed_seconds', '?')} s "
            f"(CPU {report.seed.get('seed_cpu_seconds', '?')} s) "
            f"(`review-service seed-load --cases {report.target.cases}`). The caseworker's "
            f"authority has {f.open_cases:,} open cases; the deep queue page starts at the "
            f"middle of them; the search finds {f.search_matches:,} of them"
            + (
                f" ({f.search_added} filed by the bench so that its first page is full)"
                if f.search_added
                else ""
            )
            + f". Floor: {_floor(result, 1):,.0f} requests/s at concurrency 1, "
            f"{_floor(result, 8):,.0f} at 8.",
            "",
            "| endpoint | p50 ms | p95 ms | p99 ms | req/s (c=1) | req/s (c=8) | p95 ms (c=8) "
            "| % of floor (c=8) | SQL / request | failed |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for point in report.points:
            key = point.key
            lines.append(
                f"| {point.label} | {_ms(result.median(key, 1, 'p50'))} "
                f"| {_ms(result.median(key, 1, 'p95'))} | {_ms(result.median(key, 1, 'p99'))} "
                f"| {result.median(key, 1, 'rps'):,.1f} | {result.median(key, 8, 'rps'):,.1f} "
                f"| {_ms(result.median(key, 8, 'p95'))} | {result.floor_share(key, 8):.1f}% "
                f"| {report.statements.get(key, '?')} | {result.failed(key)} |"
            )
        (first_s, first), (second_s, second) = report.reminders
        lines += [
            "",
            f"In-process: outcome letter preview {report.timings['letter']:.1f} ms "
            f"(CPU {report.timings['letter_cpu']:.1f} ms), pack PDF with five documents "
            f"{report.timings['pack']:.1f} ms (CPU {report.timings['pack_cpu']:.1f} ms); "
            f"medians of {IN_PROCESS_RUNS}. "
            f'`review-service reminders`: {first_s:.1f} s ("{first}"), run again '
            f'{second_s:.1f} s ("{second}"). Worker memory (RSS) after the run: '
            + ", ".join(f"{m:.0f} MB" for m in report.memory)
            + ".",
            "",
        ]
    lines += _acceptance(reports)
    return "\n".join(lines) + "\n"


def _acceptance(reports: list[Report]) -> list[str]:
    lines = ["## Acceptance", ""]
    by_db: dict[str, dict[int, Report]] = {}
    for report in reports:
        by_db.setdefault(report.target.database, {})[report.target.cases] = report
    for database_name, sizes in by_db.items():
        if len(sizes) < 2:
            continue
        small, large = sizes[min(sizes)], sizes[max(sizes)]
        lines.append(
            f"Growth on {database_name}: p95 at {large.target.cases:,} ÷ p95 at "
            f"{small.target.cases:,} cases (concurrency 1; at most 1.3):"
        )
        lines.append("")
        for key in GROWTH:
            ratio = large.result.median(key, 1, "p95") / small.result.median(key, 1, "p95")
            middle = large.result.median(key, 1, "p50") / small.result.median(key, 1, "p50")
            label = next(p.label for p in large.points if p.key == key)
            lines.append(
                f"- {label}: {ratio:.2f} {'✓' if ratio <= 1.3 else '✗'} "
                f"(p50: {middle:.2f}; p95 of each round: {small.target.cases:,} cases "
                f"{_rounds(small.result, key)} ms, {large.target.cases:,} cases "
                f"{_rounds(large.result, key)} ms)"
            )
        lines.append("")
        lines.append(f"Throughput at concurrency 8 as % of floor, {large.target.label}:")
        lines.append("")
        for keys, limit in ((FLOOR_10, 10), (FLOOR_5, 5), (FLOOR_50, 50)):
            for key in keys:
                share = large.result.floor_share(key, 8)
                label = next(p.label for p in large.points if p.key == key)
                lines.append(
                    f"- {label}: {share:.1f}% (≥ {limit}%) {'✓' if share >= limit else '✗'}"
                )
        first, second = large.reminders[0][0], large.reminders[1][0]
        lines.append(
            f"- outcome letter preview {large.timings['letter']:.1f} ms (≤ 20) "
            f"{'✓' if large.timings['letter'] <= 20 else '✗'}; pack PDF "
            f"{large.timings['pack']:.1f} ms (≤ 150) {'✓' if large.timings['pack'] <= 150 else '✗'}"
        )
        lines.append(
            f"- reminders {first:.1f} s (≤ 10) {'✓' if first <= 10 else '✗'}; nothing due "
            f"{second:.1f} s (≤ 3) {'✓' if second <= 3 else '✗'}"
        )
        lines.append("")
    return lines


def main() -> None:
    ensure_wrk()
    started = dt.datetime.now(dt.UTC)
    load_start = os.getloadavg()[0]
    reports = []
    out = Path(os.environ.get("BENCH_OUTPUT", ROOT / "BENCHMARKS.md"))
    for database_name in DATABASES:
        for cases in SIZES:
            reports.append(bench(Target(database_name, cases)))
            # Written after each database and size, so a run cut short still reports.
            load_end = os.getloadavg()[0]
            text = write_report(reports, started, (f"{load_start:.1f}", f"{load_end:.1f}"))
            out.write_text(text, encoding="utf-8")
            print(f"Wrote {out}", flush=True)


if __name__ == "__main__":
    main()
