"""The ``review-service`` command line."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from sqlalchemy import select

from review_service.accounts.models import Role


@contextmanager
def _app() -> Iterator[Any]:
    """The application, for one command: its database connections are closed at the end."""
    from review_service.app import create_app
    from review_service.extensions import database

    app = create_app()
    try:
        yield app
    finally:
        database(app).engine.dispose()


def _email_address(_ctx: Any, _param: Any, value: str) -> str:
    """The one address check every entry point uses (accounts/email_addresses.py)."""
    from review_service.accounts.email_addresses import (
        InvalidEmailAddress,
        normalise_email_address,
    )

    try:
        return normalise_email_address(value)
    except InvalidEmailAddress as error:
        raise click.BadParameter(error.message) from None


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _parse_date(_ctx: Any, _param: Any, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


@click.group(help="Review service: complaints about freedom of information responses.")
def main() -> None:
    pass


# -- database ------------------------------------------------------------------------------


@main.group(help="Database schema (Alembic migrations).")
def db() -> None:
    pass


@db.command("upgrade", help="Migrate the database to the newest schema (or --revision).")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    from review_service import migrate
    from review_service.config import INSTANCE_DIR, load_config

    url = str(load_config()["DATABASE_URL"])
    if url.startswith("sqlite"):
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(url, revision)
    click.echo(
        f"Database at revision {migrate.head_revision(url) if revision == 'head' else revision}."
    )


@db.command("downgrade", help="Step the schema back to REVISION (e.g. base).")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    from review_service import migrate
    from review_service.config import load_config

    migrate.downgrade(str(load_config()["DATABASE_URL"]), revision)
    click.echo(f"Database at revision {revision}.")


# -- accounts ------------------------------------------------------------------------------


@main.command("create-user", help="Create an account (prints a generated password once).")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--email", required=True, callback=_email_address)
@click.option("--name", default=None, help="Full name (default: from the e-mail address).")
@click.option("--authority", default=None, help="Name of the staff member's authority.")
def create_user(role: str, email: str, name: str | None, authority: str | None) -> None:
    from review_service.accounts.models import Authority
    from review_service.accounts.services import create_user as create
    from review_service.errors import ValidationFailed
    from review_service.extensions import commit, db_session

    with _app() as app, app.app_context():
        session = db_session()
        auth = None
        if authority:
            auth = session.scalar(select(Authority).where(Authority.name == authority))
            if auth is None:
                raise click.UsageError(f"No authority called {authority!r}.")
        password = secrets.token_urlsafe(12)
        try:
            user = create(
                session,
                None,
                email=email,
                name=name or email.split("@")[0],
                role=role,
                password=password,
                authority=auth,
            )
        except ValidationFailed as error:
            raise click.UsageError("; ".join(error.errors.values())) from None
        commit()
        click.echo(f"Created {role} {user.email} with password: {password}")


@main.command(help="Create a demo authority and one account per role (passwords shown once).")
def demo() -> None:
    from review_service.demo import create_demo
    from review_service.extensions import commit, db_session
    from review_service.mail.dev import enabled as mail_pages

    with _app() as app, app.app_context():
        created = create_demo(db_session())
        commit()
    if mail_pages(app.config):
        click.echo(
            f"E-mail is not sent in development: read it at {app.config['BASE_URL']}/dev/mail "
            f"(files in {app.config['MAIL_DIR']})."
        )
    if not created:
        click.echo("Demo accounts already exist; their passwords were shown when they were made.")
        click.echo("Reset one with: review-service reset-password --email EMAIL")
        return
    click.echo("Demo accounts (passwords are shown only now):")
    for role, email, password in created:
        click.echo(f"  {role:<11} {email:<32} {password}")


@main.command("reset-password", help="Give an account a new random password (printed once).")
@click.option("--email", required=True, callback=_email_address)
def reset_password(email: str) -> None:
    from review_service.accounts.services import set_password, user_by_email
    from review_service.audit.services import record
    from review_service.db import utcnow as db_utcnow
    from review_service.extensions import commit, db_session

    with _app() as app, app.app_context():
        session = db_session()
        user = user_by_email(session, email)
        if user is None:
            raise click.UsageError(f"No account for {email}.")
        password = secrets.token_urlsafe(12)
        set_password(session, user, password)  # and every session of the account ends
        if user.email_confirmed_at is None:
            # The operator hands the password over and so vouches for the address.
            user.email_confirmed_at = db_utcnow()
        record(
            session,
            None,
            "reset_password",
            f"Password reset from the command line for user {user.id}",
            after={"user_id": user.id},
            visible_to_requester=False,
        )
        commit()
    click.echo(f"New password for {email}: {password}")


@main.command(
    "reset-two-factor",
    help="Remove an account's authenticator app and recovery codes (for someone who lost "
    "both, when no other administrator can reset it); they set a new app up at next sign-in.",
)
@click.option("--email", required=True, callback=_email_address)
def reset_two_factor(email: str) -> None:
    from review_service.accounts import two_factor
    from review_service.accounts.services import user_by_email
    from review_service.errors import Conflict
    from review_service.extensions import commit, db_session

    with _app() as app, app.app_context():
        session = db_session()
        user = user_by_email(session, email)
        if user is None:
            raise click.UsageError(f"No account for {email}.")
        try:
            two_factor.reset(session, None, user)  # audited, and every session ends
        except Conflict as error:
            raise click.UsageError(error.message) from None
        commit()
    click.echo(f"{email} will set up an authenticator app again at their next sign-in.")


@main.group(help="API tokens.")
def token() -> None:
    pass


@token.command("create", help="Create an API token for a user (shown once).")
@click.option("--email", required=True, callback=_email_address)
@click.option("--name", default="Command line", show_default=True)
def token_create(email: str, name: str) -> None:
    from review_service.accounts.services import create_api_token, user_by_email
    from review_service.extensions import commit, db_session

    with _app() as app, app.app_context():
        session = db_session()
        user = user_by_email(session, email)
        if user is None:
            raise click.UsageError(f"No account for {email}.")
        _token, secret = create_api_token(session, user, name)
        commit()
    click.echo(secret)


# -- deadlines and notices -----------------------------------------------------------------


@main.command(help="Add working days to a date; prints the ISO date, then the days skipped.")
@click.option("--from", "start", required=True, callback=_parse_date, help="YYYY-MM-DD (day 0)")
@click.option("--working-days", type=click.IntRange(min=0, max=10_000), required=True)
@click.option(
    "--regime", type=click.Choice(["foia", "eir", "foisa"]), default="foia", show_default=True
)
@click.option(
    "--without-overrides",
    is_flag=True,
    help="Count on the published bank holidays only, without the database's holiday overrides.",
)
def deadline(start: dt.date, working_days: int, regime: str, without_overrides: bool) -> None:
    from review_service.domain.calendar import WorkingDayCalendar, calendar_for

    calendar: WorkingDayCalendar = (
        calendar_for(regime) if without_overrides else _calendar_in_force(regime)
    )
    try:
        due = calendar.add_working_days(start, working_days)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    click.echo(due.isoformat())
    for skipped in calendar.skipped_days(start, due):
        click.echo(f"skipped {skipped.day.isoformat()} {skipped.name}")


def _calendar_in_force(regime: str) -> Any:
    """The calendar the pages and the API count on, administrators' holiday overrides included
    (issue 11, item 9: one calendar at every entry point)."""
    from sqlalchemy.exc import SQLAlchemyError

    from review_service.cases.policy import working_day_calendar
    from review_service.extensions import db_session

    with _app() as app, app.app_context():
        try:
            return working_day_calendar(db_session(), regime)
        except SQLAlchemyError as error:
            raise click.ClickException(
                "Could not read the bank-holiday overrides from the database "
                f"({type(error).__name__}). Run `review-service db upgrade`, or pass "
                "--without-overrides to count on the published bank holidays only."
            ) from None


@main.command("parse-notice", help="Read a refusal notice (text or PDF file).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def parse_notice(file: Path, as_json: bool) -> None:
    from review_service.documents.pdf_text import UnreadableDocument, extract_pdf_text
    from review_service.domain.exemptions import ProvisionKind
    from review_service.domain.notice_reader import read_notice

    data = file.read_bytes()
    if data.startswith(b"%PDF"):
        try:
            text = extract_pdf_text(data)
        except UnreadableDocument as error:
            raise click.ClickException(str(error)) from None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    reading = read_notice(text)
    if as_json:
        click.echo(json.dumps(reading.to_json(), indent=2))
        return
    click.echo(f"Reference: {reading.reference or 'not found'}")
    click.echo(f"Date:      {reading.date.isoformat() if reading.date else 'not found'}")
    click.echo(f"Regime:    {reading.regime.value}")
    window = reading.review_window_working_days
    click.echo(f"Review window: {f'{window} working days' if window else 'not stated'}")
    click.echo("Provisions:" if reading.provisions else "Provisions: none found")
    for p in reading.provisions:
        # s.12 and s.14 are grounds for refusing the request, not exemptions (absolute or not)
        if p.kind == ProvisionKind.REFUSAL_GROUND.value:
            kind = "ground for refusal, not an exemption"
        elif p.kind == ProvisionKind.EXCLUSION.value:  # EIR reg 5(3), the applicant's own data
            kind = "outside the duty to disclose, not an exception"
        else:
            kind = "absolute" if p.absolute else "qualified"
        click.echo(f"  {p.provision:<14} {p.title} ({kind}{', NCND' if p.ncnd else ''})")


# -- cases ---------------------------------------------------------------------------------


@main.group(help="Look at cases.")
def case() -> None:
    pass


@case.command("show", help="Print a case: status, dates and its audit trail.")
@click.argument("reference")
def case_show(reference: str) -> None:
    from review_service.audit.services import timeline
    from review_service.cases.models import Case
    from review_service.extensions import db_session

    with _app() as app, app.app_context():
        session = db_session()
        found = session.scalar(select(Case).where(Case.reference == reference))
        if found is None:
            raise click.ClickException(f"No case with reference {reference}.")
        click.echo(f"{found.reference}  {found.status}  ({found.regime.upper()})")
        click.echo(f"Authority:   {found.authority.name}")
        click.echo(f"Requester:   {found.requester.name} <{found.requester.email}>")
        click.echo(f"Received:    {found.received_on.isoformat()}")
        click.echo(
            f"Review due:  {found.review_due_on.isoformat()}"
            + (" (extended)" if found.extended else "")
        )
        if found.reviewer:
            click.echo(f"Reviewer:    {found.reviewer.name}")
        if found.outcome:
            click.echo(f"Outcome:     {found.outcome}")
        provisions = ", ".join(
            p.provision + (" NCND" if p.ncnd else "") for p in found.refusal_notice.provisions
        )
        click.echo(f"Provisions:  {provisions or 'none'}")
        click.echo("Timeline:")
        for event in timeline(session, found, for_requester=False):
            who = event.actor.name if event.actor else "system"
            click.echo(f"  {event.at:%Y-%m-%d %H:%M}  {who}: {event.summary}")


@main.command(
    "seed-load",
    help="Fill the database with a large synthetic history for load tests (never production).",
)
@click.option("--cases", type=click.IntRange(1, 2_000_000), required=True)
@click.option("--authorities", type=click.IntRange(1, 1_000), default=25, show_default=True)
@click.option("--seed", "random_seed", type=int, default=1, show_default=True)
@click.option("--today", callback=_parse_date, default=None, help="Pretend it is this date.")
def seed_load(cases: int, authorities: int, random_seed: int, today: dt.date | None) -> None:
    from pathlib import Path

    from review_service import clock
    from review_service.extensions import db_session
    from review_service.seed_load import seed_load as seed

    started = time.perf_counter()
    with _app() as app, app.app_context():
        if app.config.get("ENVIRONMENT") == "production":
            raise click.UsageError("seed-load writes synthetic people: not in production.")
        with click.progressbar(length=cases, label="Seeding cases", show_pos=True) as bar:
            result = seed(
                db_session(),
                cases=cases,
                authorities=authorities,
                today=today or clock.today(),
                upload_dir=Path(app.config["UPLOAD_DIR"]),
                random_seed=random_seed,
                progress=bar.update,
            )
    rows = sum(result.rows.values())
    click.echo(
        f"Seeded {result.cases:,} cases for {result.authorities} authorities and "
        f"{result.requesters:,} requesters ({rows:,} rows) in "
        f"{time.perf_counter() - started:.0f} s."
    )


# -- audit ---------------------------------------------------------------------------------


@main.group(help="The tamper-evident audit trail.")
def audit() -> None:
    pass


@audit.command("verify", help="Check the audit hash chain; exits 1 at the first broken link.")
def audit_verify() -> None:
    from review_service.audit.chain import verify
    from review_service.extensions import db_session

    with _app() as app, app.app_context():
        result = verify(db_session())
    if result.broken is not None:
        click.echo(str(result.broken), err=True)
        sys.exit(1)
    click.echo(
        f"Audit chain intact: {result.events} events. "
        f"Head: event {result.head_seq}, hash {result.head_hash}"
    )


@main.command(
    help="Check that every case's audit trail explains its state and dates, every letter "
    "matches its SHA-256 and every document's file exists with its hash; exits 1 on a problem."
)
@click.option(
    "--limit",
    type=click.IntRange(1, 10_000),
    default=20,
    show_default=True,
    help="How many problems to name.",
)
def check(limit: int) -> None:
    from review_service.extensions import database
    from review_service.ops.integrity import begin_snapshot, counts, run_check

    with _app() as app, database(app).sessionmaker() as session:
        begin_snapshot(session)
        total = sum(counts(session))
        with click.progressbar(
            length=total, label="Checking cases, letters and documents", file=sys.stderr
        ) as bar:
            report = run_check(
                session, Path(app.config["UPLOAD_DIR"]), limit=limit, progress=bar.update
            )
        session.rollback()
    click.echo(
        f"Checked {_count(report.cases, 'case')}, {_count(report.letters, 'letter')} and "
        f"{_count(report.documents, 'document')}."
    )
    if report.ok:
        click.echo("No problems found.")
        return
    click.echo(f"{report.problem_count:,} problem(s):", err=True)
    for problem in report.problems:
        click.echo(f"  {problem}", err=True)
    if report.problem_count > len(report.problems):
        click.echo(
            f"  ... and {report.problem_count - len(report.problems):,} more "
            "(--limit to see more).",
            err=True,
        )
    sys.exit(1)


_PG_BIN = click.option(
    "--pg-bin",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder with pg_dump and pg_restore (default: PATH).",
)


@main.command(
    help="Back up the database (SQLite online backup, or pg_dump) and the upload store into "
    "DIR, a new or empty folder, with a manifest of hashes."
)
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@_PG_BIN
def backup(folder: Path, pg_bin: Path | None) -> None:
    from review_service.config import load_config
    from review_service.ops.backup import BackupError, stored_files
    from review_service.ops.backup import backup as run_backup

    config = load_config()
    upload_dir = Path(str(config["UPLOAD_DIR"]))
    try:
        with click.progressbar(
            length=len(stored_files(upload_dir)), label="Copying uploads", file=sys.stderr
        ) as bar:
            result = run_backup(
                str(config["DATABASE_URL"]), upload_dir, folder, pg_bin=pg_bin, progress=bar.update
            )
    except BackupError as error:
        raise click.ClickException(error.message) from None
    records = result.database["records"]
    click.echo(
        f"Backed up {_count(records['cases'], 'case')}, {_count(records['letters'], 'letter')}, "
        f"{_count(records['audit_events'], 'audit event')} and "
        f"{_count(result.uploads, 'uploaded file')} to {result.folder}."
    )
    head = records["audit_head"]
    if head:
        click.echo(f"Audit chain head: event {head['seq']}, hash {head['hash']}")
    if result.unmatched_uploads:
        click.echo(
            f"Warning: {_count(len(result.unmatched_uploads), 'stored file')} do not match "
            f"their SHA-256 name (first: {result.unmatched_uploads[0]}); run review-service "
            "check.",
            err=True,
        )


@main.command(
    help="Restore a backup made by `review-service backup` into an empty database and upload "
    "store (--force replaces a database's contents and adds to a store that has files)."
)
@click.argument(
    "folder", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--force", is_flag=True, help="Restore even into a database that has data.")
@_PG_BIN
def restore(folder: Path, force: bool, pg_bin: Path | None) -> None:
    from review_service import migrate
    from review_service.config import load_config
    from review_service.ops.backup import BackupError, read_manifest
    from review_service.ops.backup import restore as run_restore

    config = load_config()
    url = str(config["DATABASE_URL"])
    try:
        manifest = read_manifest(folder)
        with click.progressbar(
            length=2 * len(manifest["uploads"]) + 1, label="Restoring", file=sys.stderr
        ) as bar:
            result = run_restore(
                url,
                Path(str(config["UPLOAD_DIR"])),
                folder,
                force=force,
                pg_bin=pg_bin,
                progress=bar.update,
            )
    except BackupError as error:
        raise click.ClickException(error.message) from None
    records = result.restored
    click.echo(
        f"Restored {_count(records['cases'], 'case')}, {_count(records['letters'], 'letter')}, "
        f"{_count(records['audit_events'], 'audit event')} and "
        f"{_count(result.uploads, 'uploaded file')} from the backup of "
        f"{manifest['created_at']}."
    )
    if result.differences:
        for difference in result.differences:
            click.echo(f"  {difference}", err=True)
        raise click.ClickException("The restored database does not match the backup's manifest.")
    if records["schema_revision"] != migrate.head_revision(url):
        click.echo(
            f"The backup's schema is revision {records['schema_revision']}: run "
            "review-service db upgrade before serving.",
        )
    click.echo("Now run: review-service check && review-service audit verify")


@main.group(help="Requesters' personal data in closed cases (each authority's retention period).")
def retention() -> None:
    pass


@retention.command(
    "apply",
    help="Anonymise the requester's personal data in every case closed longer ago than its "
    "authority's retention period (letters are kept as the authority's record).",
)
@click.option("--dry-run", is_flag=True, help="List the cases due; change nothing.")
@click.option("--today", callback=_parse_date, default=None, help="Pretend it is this date.")
def retention_apply(dry_run: bool, today: dt.date | None) -> None:
    from review_service import clock
    from review_service.extensions import database
    from review_service.privacy.retention import apply_retention, due_cases

    today = today or clock.today()
    with _app() as app:
        sessions = database(app).sessionmaker
        with sessions() as session:
            due = due_cases(session, today)
        click.echo(f"{_count(len(due), 'case')} due on {today.isoformat()}" + (":" if due else "."))
        for item in due:
            click.echo(
                f"  {item.reference}  {item.authority}: closed {item.closed_on.isoformat()}, "
                f"kept {item.retention_months} months, due {item.due_on.isoformat()}"
            )
        if dry_run:
            click.echo("Dry run: nothing was changed.")
            return
        if not due:
            return
        with click.progressbar(length=len(due), label="Anonymising", file=sys.stderr) as bar:
            run = apply_retention(
                sessions, Path(app.config["UPLOAD_DIR"]), today=today, progress=bar.update
            )
    click.echo(
        f"Anonymised {_count(run.cases, 'case')}: removed "
        f"{_count(run.documents_removed, 'document')} ({_count(run.files_deleted, 'file')}) and "
        f"{_count(run.messages_removed, 'e-mail message')}; kept "
        f"{_count(run.letters_kept, 'letter')} as the authorities' record; anonymised "
        f"{_count(run.accounts_anonymised, 'requester account')}."
    )


# -- e-mail, reminders, serving ------------------------------------------------------------


@main.group(help="The e-mail outbox.")
def outbox() -> None:
    pass


@outbox.command("send", help="Send the e-mail that is due now, then stop (see also: worker).")
@click.option("--loop", is_flag=True, help="Keep sending, as `review-service worker` does.")
@click.option("--interval", type=click.FloatRange(min=0.1), default=10, show_default=True)
def outbox_send(loop: bool, interval: float) -> None:
    if loop:
        _run_worker(interval)
        return
    from review_service.extensions import database
    from review_service.mail.worker import send_pending

    with _app() as app:
        sessions = database(app).sessionmaker
        limit = int(app.config["MAIL_BATCH"])
        sent = failed = 0
        while True:
            batch = send_pending(sessions, app.config, limit=limit)
            sent, failed = sent + batch.sent, failed + batch.failed
            if batch.sent + batch.failed < limit:
                break
    click.echo(f"Sent {sent}, not sent {failed}.")


@outbox.command("status", help="Count the outbox's messages by state.")
def outbox_status() -> None:
    from review_service.extensions import db_session
    from review_service.mail.admin import outbox_counts

    with _app() as app, app.app_context():
        counts = outbox_counts(db_session())
    click.echo(
        f"Pending {counts.pending} (due now {counts.due}, retrying {counts.retrying}), "
        f"failed {counts.failed}, sent {counts.sent}."
    )
    if counts.failed:
        click.echo("Failed messages can be sent again from /admin/mail.")


@main.command(help="Run the outbox worker: sends e-mail as it is queued, retries with back-off.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=5,
    show_default=True,
    help="Seconds to wait when nothing is due.",
)
def worker(interval: float) -> None:
    _run_worker(interval)


def _run_worker(interval: float) -> None:
    """Send until SIGTERM or Ctrl-C; several workers may run at once (each message is
    claimed by one)."""
    import signal
    import threading

    from review_service.extensions import database
    from review_service.mail.worker import Batch, mail_transport, run_worker

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())

    def report(batch: Batch) -> None:
        click.echo(f"Sent {batch.sent}, not sent {batch.failed}.")

    with _app() as app:
        where = (
            f"as .eml files in {app.config['MAIL_DIR']}"
            if mail_transport(app.config) == "files"
            else f"over SMTP to {app.config['SMTP_HOST']}:{app.config['SMTP_PORT']}"
        )
        click.echo(f"Outbox worker sending {where}.")
        run_worker(
            database(app).sessionmaker,
            app.config,
            interval=interval,
            stop=stop,
            on_batch=report,
        )


@main.command(help="Queue reminder e-mails (run from cron; safe to run twice).")
@click.option("--today", callback=_parse_date, default=None, help="Pretend it is this date.")
def reminders(today: dt.date | None) -> None:
    from review_service.extensions import commit, db_session
    from review_service.regulator.reminders import queue_reminders

    with _app() as app, app.app_context():
        count = queue_reminders(db_session(), today=today)
        commit()
    click.echo(f"Queued {count} reminder(s).")


@main.command(help="Serve the application with gunicorn (and send e-mail in the background).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: WEB_CONCURRENCY, or one per CPU core plus one).",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=None,
    help="Threads per worker (default: WEB_THREADS, or 1; more than 1 uses gthread workers).",
)
@click.option(
    "--send-mail/--no-send-mail",
    default=True,
    show_default=True,
    help="Run the outbox sender in the server's main process.",
)
def serve(host: str, port: int, workers: int | None, threads: int | None, send_mail: bool) -> None:
    from review_service import server
    from review_service.app import create_app
    from review_service.config import ConfigError, check_server_config, served_base_url
    from review_service.extensions import database

    try:
        app = create_app()
        check_server_config(app.config)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    if not app.config["BASE_URL_CHOSEN"]:
        # Links in e-mails lead here, not to the default port (the sender process and the
        # workers read the same setting).
        os.environ["BASE_URL"] = app.config["BASE_URL"] = served_base_url(host, port)

    sender: list[subprocess.Popen[bytes]] = []

    def start_sender(_server: Any) -> None:
        # A separate process, not a thread in the gunicorn master: a thread that is inside
        # SQLite when a worker forks leaves the child holding SQLite's locks (deadlock).
        if send_mail:
            sender.append(
                subprocess.Popen(  # noqa: S603 - our own command, no shell
                    [
                        sys.executable,
                        "-m",
                        "review_service.cli",
                        "worker",
                        "--interval",
                        "5",
                    ]
                )
            )

    def stop_sender(_server: Any) -> None:
        for process in sender:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    def after_fork(_server: Any, _worker: Any) -> None:
        # Connections made in the master must not be shared with forked workers.
        database(app).engine.dispose(close=False)

    try:
        settings = server.settings(
            host,
            port,
            workers=workers,
            threads=threads,
            hooks={"when_ready": start_sender, "on_exit": stop_sender, "post_fork": after_fork},
        )
    except server.ServerSettingError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Review service on http://{host}:{port} with {settings.workers} {settings.worker_class} "
        f"workers of {settings.threads} thread{'s' if settings.threads > 1 else ''}"
    )
    sys.argv = sys.argv[:1]
    server.run(app, settings)


if __name__ == "__main__":
    main()
