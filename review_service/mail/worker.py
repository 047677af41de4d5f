"""Send queued e-mail: over SMTP, or (in development) into .eml files under instance/mail/.

Safe to run in several processes at once. A worker claims a batch of due messages with one
UPDATE (on PostgreSQL its rows chosen ``FOR UPDATE SKIP LOCKED``, so two workers never wait
for each other or take the same message; on SQLite the statement runs under the database's
single writer lock). The claim gives each message a token and a lease: the worker renews the
lease just before sending each message, and a worker that dies leaves its messages to be
claimed again when the lease runs out.

Each message is handled on its own, and nothing one message does stops the others:

- it cannot be built (a bad address, a header with a line break, a broken attachment):
  ``failed`` at once, with the reason;
- the mail server refuses it or cannot be reached: tried again later, each wait twice the
  last (``RetryPolicy``), for at least a day; then ``failed`` with the last error;
- it is accepted: ``sent``.

Every attempt carries the message's stored Message-ID, so if the worker dies after the SMTP
server accepted a message and before it was marked sent, the copy sent again is recognisably
the same message.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import smtplib
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any, NamedTuple, Protocol, cast

from sqlalchemy import Table, or_, select, update
from sqlalchemy.orm import Session, selectinload, sessionmaker

from review_service.accounts.email_addresses import InvalidEmailAddress, normalise_email_address
from review_service.audit.services import record
from review_service.cases.models import Case
from review_service.db import rows_changed, utcnow
from review_service.letters.models import Letter
from review_service.mail.models import MailStatus, OutboxAttachment, OutboxMessage

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
outbox = cast(Table, OutboxMessage.__table__)
MAX_ERROR = 2000


# -- when to try again -------------------------------------------------------------------


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential back-off: the first retry ``first_delay`` after the first attempt, each
    wait twice the one before up to ``max_delay``, until the waits add up to ``retry_for``."""

    first_delay: dt.timedelta
    max_delay: dt.timedelta
    retry_for: dt.timedelta

    def delays(self) -> tuple[dt.timedelta, ...]:
        waits: list[dt.timedelta] = []
        wait = self.first_delay
        while sum(waits, dt.timedelta()) < self.retry_for:
            waits.append(min(wait, self.max_delay))
            wait *= 2
        return tuple(waits)

    @property
    def max_attempts(self) -> int:
        return len(self.delays()) + 1

    def wait_after(self, attempts: int) -> dt.timedelta:
        """The wait after the ``attempts``-th attempt failed (1 for the first)."""
        waits = self.delays()
        return waits[min(attempts, len(waits)) - 1]


def retry_policy(config: dict[str, Any]) -> RetryPolicy:
    return RetryPolicy(
        first_delay=dt.timedelta(seconds=float(config.get("MAIL_RETRY_FIRST_DELAY", 60))),
        max_delay=dt.timedelta(seconds=float(config.get("MAIL_RETRY_MAX_DELAY", 4 * 3600))),
        retry_for=dt.timedelta(hours=float(config.get("MAIL_RETRY_HOURS", 24))),
    )


def lease(config: dict[str, Any]) -> dt.timedelta:
    """How long a claim lasts: longer than one message can take to send (the SMTP timeout
    applies to each step of the conversation)."""
    return dt.timedelta(seconds=float(config.get("MAIL_CLAIM_LEASE", 300)))


# -- building a message --------------------------------------------------------------------


class Unbuildable(ValueError):
    """The message cannot be sent as it is stored; ``reason`` says why (for the admin page)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def literal_header_text(text: str) -> str:
    """``text`` for a header, to be read as these very words.

    A subject carries text people typed (an authority's reference). Python's e-mail package
    decodes an RFC 2047 encoded word in a header it is given (``=?utf-8?q?x=0D=0ABcc:...?=``)
    and, before Python 3.11.10 and 3.12.5 (gh-121650), writes the characters it decoded onto
    the wire as they are: a CR LF in one added headers, or a blank line a whole body, to a
    message the service sends. No encoded word is meant in the text we write, so the opening
    ``=?`` of one is broken with a space."""
    return text.replace("=?", "= ?")


def require_headers_written_as_set(email: EmailMessage) -> None:
    """Unbuildable unless each header, as it will be written, is one header: a line whose
    continuation lines start with white space, with no other line break and no control
    character in its value as a mail program will read it."""
    for name, value in email.items():
        decoded = str(value)
        folded = email.policy.fold(name, value)
        lines = folded.removesuffix("\n").split("\n")
        if (
            len(decoded.splitlines()) > 1
            or any(ord(c) < 32 or c == "\x7f" for c in decoded)
            or "\r" in folded
            or any(line[:1] not in (" ", "\t") for line in lines[1:])
        ):
            raise Unbuildable(f"The {name} header would not be written as one header.")


def build_message(message: OutboxMessage, sender: str) -> EmailMessage:
    """The e-mail for an outbox row, or Unbuildable."""
    try:
        to = normalise_email_address(message.to_address or "")
    except InvalidEmailAddress as error:
        raise Unbuildable(f"The recipient's address is not usable: {error.message}.") from None
    if not (message.subject or "").strip():
        raise Unbuildable("The message has no subject.")
    if message.body is None or not message.body.strip():
        raise Unbuildable("The message has no text.")
    if not re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", message.message_id or ""):
        raise Unbuildable(f"The message has no usable Message-ID ({message.message_id!r}).")
    email = EmailMessage()
    try:
        email["From"] = sender
        email["To"] = to
        email["Subject"] = literal_header_text(message.subject)
        email["Date"] = format_datetime(message.created_at or utcnow())
        email["Message-ID"] = message.message_id
        email.set_content(message.body)
    except (ValueError, TypeError) as error:
        raise Unbuildable(f"The message cannot be written as an e-mail: {error}.") from None
    require_headers_written_as_set(email)
    for attachment in message.attachments:
        maintype, _, subtype = (attachment.media_type or "").partition("/")
        data = attachment.data
        if not maintype or not subtype or data is None:
            raise Unbuildable(
                f"Attachment {attachment.id} has no content or no media type "
                f"({attachment.media_type!r})."
            )
        try:
            email.add_attachment(
                data, maintype=maintype, subtype=subtype, filename=attachment.filename
            )
        except (ValueError, TypeError) as error:
            raise Unbuildable(f"Attachment {attachment.id} cannot be attached: {error}.") from None
    return email


# -- where messages go ---------------------------------------------------------------------


class Transport(Protocol):
    def send(self, email: EmailMessage, outbox_id: int) -> None: ...

    def close(self) -> None: ...


class SmtpTransport:
    """One SMTP connection for a batch, opened on first use and dropped after any error."""

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self._config
        timeout = float(config.get("SMTP_TIMEOUT", 20))
        smtp = smtplib.SMTP(str(config["SMTP_HOST"]), int(config["SMTP_PORT"]), timeout=timeout)
        try:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USERNAME"):
                smtp.login(str(config["SMTP_USERNAME"]), str(config.get("SMTP_PASSWORD") or ""))
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, email: EmailMessage, outbox_id: int) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.send_message(email)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


class FileTransport:
    """Development: each message as an .eml file in a folder (the development mail page, and
    any mail program, can open them)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, email: EmailMessage, outbox_id: int) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"{utcnow():%Y%m%d-%H%M%S}-message-{outbox_id}.eml"
        partial = self.directory / f".{name}.part"
        partial.write_bytes(bytes(email))
        partial.replace(self.directory / name)  # appears whole or not at all

    def close(self) -> None:
        pass


def mail_transport(config: dict[str, Any]) -> str:
    """``files`` or ``smtp``: as MAIL_TRANSPORT says; unset, files in development when no
    SMTP_HOST was given (``make run``), SMTP everywhere else."""
    chosen = str(config.get("MAIL_TRANSPORT") or "")
    if chosen:
        return chosen
    if config.get("ENVIRONMENT") == "development" and not config.get("SMTP_HOST_CHOSEN"):
        return "files"
    return "smtp"


def transport_for(config: dict[str, Any]) -> Transport:
    if mail_transport(config) == "files":
        return FileTransport(Path(str(config["MAIL_DIR"])))
    return SmtpTransport(config)


# -- sending -------------------------------------------------------------------------------


class Batch(NamedTuple):
    sent: int  # accepted by the mail server (or written to a file)
    failed: int  # not sent this time: to be tried again, or given up on


def send_pending(
    sessions: sessionmaker[Session],
    config: dict[str, Any],
    *,
    limit: int | None = None,
    now: Clock = utcnow,
    transport: Transport | None = None,
) -> Batch:
    """Claim up to ``limit`` due messages and try to send each once."""
    limit = limit or int(config.get("MAIL_BATCH", 50))
    token = uuid.uuid4().hex
    ids = claim(sessions, token, limit=limit, at=now(), lease_for=lease(config))
    if not ids:
        return Batch(0, 0)
    sender = Sender(sessions, config, token, now, transport or transport_for(config))
    sent = failed = 0
    try:
        for message_id in ids:
            try:
                delivered = sender.send(message_id)
            except Exception:  # one message never stops the others
                log.exception("outbox message %s: could not be handled; will try again", message_id)
                delivered = False
            sent += delivered
            failed += not delivered
    finally:
        sender.transport.close()
    return Batch(sent, failed)


def claim(
    sessions: sessionmaker[Session],
    token: str,
    *,
    limit: int,
    at: dt.datetime,
    lease_for: dt.timedelta,
) -> list[int]:
    """Take up to ``limit`` due messages for this worker (one statement); their ids, oldest
    due first. Claiming counts an attempt, so a message that kills its worker every time
    still comes to an end."""
    with sessions() as session:
        due = (
            select(outbox.c.id)
            .where(
                outbox.c.status == MailStatus.PENDING.value,
                outbox.c.next_attempt_at <= at,
                or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until <= at),
            )
            .order_by(outbox.c.next_attempt_at, outbox.c.id)
            .limit(limit)
        )
        if session.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        claimed = session.execute(
            update(outbox)
            .where(outbox.c.id.in_(due.scalar_subquery()))
            .values(
                claim_token=token,
                claimed_until=at + lease_for,
                attempts=outbox.c.attempts + 1,
                last_attempt_at=at,
            )
            .returning(outbox.c.id, outbox.c.next_attempt_at)
        ).all()
        session.commit()
    return [row.id for row in sorted(claimed, key=lambda row: (row.next_attempt_at, row.id))]


class Sender:
    """Sends the messages of one claim."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        config: dict[str, Any],
        token: str,
        now: Clock,
        transport: Transport,
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.token = token
        self.now = now
        self.transport = transport
        self.policy = retry_policy(config)
        self.lease = lease(config)
        self.sender = str(config["MAIL_FROM"])

    def send(self, message_id: int) -> bool:
        """Send one claimed message; whether it was delivered."""
        email, attempts = self._prepare(message_id)
        if email is None:
            return False
        try:
            self.transport.send(email, message_id)
        except Exception as error:  # refused, unreachable, or anything else: try again later
            log.warning("outbox message %s: attempt %s failed: %s", message_id, attempts, error)
            self._attempt_failed(message_id, attempts, f"{type(error).__name__}: {error}")
            return False
        self._sent(message_id)
        return True

    def _prepare(self, message_id: int) -> tuple[EmailMessage | None, int]:
        """Renew the claim and build the e-mail. A message that cannot be built, or whose
        worker died on its last attempt, is failed here and None is returned."""
        with self.sessions() as session:
            if not self._hold(session, message_id):
                return None, 0  # no longer ours: the lease ran out and another worker has it
            message = session.scalar(
                select(OutboxMessage)
                .where(OutboxMessage.id == message_id)
                .options(
                    selectinload(OutboxMessage.attachments)
                    .selectinload(OutboxAttachment.letter)
                    .undefer(Letter.pdf)
                )
            )
            assert message is not None
            attempts = message.attempts
            if attempts > self.policy.max_attempts:
                self._give_up(
                    session,
                    message,
                    f"Gave up: the worker stopped while sending it, {attempts - 1} times in all. "
                    "It may or may not have arrived.",
                    "the worker stopped while sending it",
                )
                session.commit()
                return None, attempts
            try:
                email = build_message(message, self.sender)
            except Unbuildable as error:
                self._give_up(session, message, error.reason, "it cannot be built")
                session.commit()
                log.error("outbox message %s cannot be built: %s", message_id, error.reason)
                return None, attempts
            session.commit()
        return email, attempts

    def _ours(self, message_id: int) -> tuple[Any, ...]:
        return (
            outbox.c.id == message_id,
            outbox.c.claim_token == self.token,
            outbox.c.status == MailStatus.PENDING.value,
        )

    def _hold(self, session: Session, message_id: int) -> bool:
        """Renew this worker's lease on the message (the transaction's first statement, a
        write, so on SQLite it holds the writer lock from the start); whether it is ours."""
        renewed = session.execute(
            update(outbox)
            .where(*self._ours(message_id))
            .values(claimed_until=self.now() + self.lease)
        )
        return rows_changed(renewed) == 1

    def _attempt_failed(self, message_id: int, attempts: int, error: str) -> None:
        at = self.now()
        with self.sessions() as session:
            if not self._hold(session, message_id):
                return
            if attempts < self.policy.max_attempts:
                session.execute(
                    update(outbox)
                    .where(*self._ours(message_id))
                    .values(
                        next_attempt_at=at + self.policy.wait_after(attempts),
                        last_error=error[:MAX_ERROR],
                        claim_token=None,
                        claimed_until=None,
                    )
                )
            else:
                message = session.get(OutboxMessage, message_id)
                if message is not None:
                    first = message.created_at
                    self._give_up(
                        session,
                        message,
                        f"Gave up after {attempts} attempts over {_duration(at - first)}. "
                        f"Last error: {error}",
                        f"the mail server did not accept it in {attempts} attempts",
                    )
            session.commit()

    def _give_up(self, session: Session, message: OutboxMessage, reason: str, why: str) -> None:
        at = self.now()
        message.status = MailStatus.FAILED.value
        message.failed_at = at
        message.last_error = reason[:MAX_ERROR]
        message.claim_token = None
        message.claimed_until = None
        # The reason can name the recipient: the audit trail (kept for ever) says only why.
        record(
            session,
            None,
            "email_failed",
            f"E-mail {message.id} was not sent: {why}",
            case=session.get(Case, message.case_id) if message.case_id is not None else None,
            after={"outbox_message": message.id, "attempts": message.attempts},
            visible_to_requester=False,
        )

    def _sent(self, message_id: int) -> None:
        """Whoever's claim it is now: the server has it (never mark a sent message failed)."""
        with self.sessions() as session:
            session.execute(
                update(outbox)
                .where(outbox.c.id == message_id, outbox.c.status != MailStatus.SENT.value)
                .values(
                    status=MailStatus.SENT.value,
                    sent_at=self.now(),
                    failed_at=None,
                    last_error="",
                    claim_token=None,
                    claimed_until=None,
                )
            )
            session.commit()


def _duration(span: dt.timedelta) -> str:
    hours = span.total_seconds() / 3600
    return f"{hours:.1f} hours" if hours >= 1 else f"{span.total_seconds() / 60:.0f} minutes"


# -- the long-running worker ---------------------------------------------------------------


def run_worker(
    sessions: sessionmaker[Session],
    config: dict[str, Any],
    *,
    interval: float,
    stop: threading.Event,
    now: Clock = utcnow,
    on_batch: Callable[[Batch], None] | None = None,
) -> None:
    """Send until ``stop`` is set: a full batch is followed at once by the next, otherwise the
    worker waits ``interval`` seconds. No error stops it (a database outage is logged and
    tried again after the interval)."""
    limit = int(config.get("MAIL_BATCH", 50))
    while not stop.is_set():
        try:
            batch = send_pending(sessions, config, limit=limit, now=now)
        except Exception:
            log.exception("outbox worker: could not claim messages; trying again shortly")
            stop.wait(interval)
            continue
        if on_batch is not None and (batch.sent or batch.failed):
            on_batch(batch)
        if batch.sent + batch.failed < limit:
            stop.wait(interval)
