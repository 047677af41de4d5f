"""Development only: the e-mail the service would have sent, as pages.

Under ``make run`` (development, no SMTP_HOST) the outbox worker writes each message as an
.eml file in MAIL_DIR (instance/mail/ by default); these pages list them and show each one,
with its links clickable, so a newcomer can follow a confirmation or password link.

The blueprint is registered only in development with the files transport (never in
production, where the configuration refuses that transport), and answers only requests from
this machine (loopback): the messages hold other people's links and addresses.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from io import BytesIO
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, send_file
from flask.typing import ResponseReturnValue
from markupsafe import Markup, escape

from review_service.mail.worker import mail_transport
from review_service.web.access import public

bp = Blueprint("dev_mail", __name__, url_prefix="/dev/mail")
FILE_NAME = re.compile(r"\d{8}-\d{6}-message-\d+\.eml")
LINK = re.compile(r"https?://[^\s<>\"']+")
LIST_LIMIT = 200


def enabled(config: dict[str, Any]) -> bool:
    return config.get("ENVIRONMENT") == "development" and mail_transport(config) == "files"


@bp.before_request
def only_from_this_machine() -> None:
    try:
        loopback = ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        abort(404)


@dataclass(frozen=True)
class Caught:
    name: str
    message: EmailMessage

    def header(self, name: str) -> str:
        return str(self.message.get(name, ""))

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return str(part.get_content()) if part is not None else ""

    def attachments(self) -> list[EmailMessage]:
        return list(self.message.iter_attachments())


def _folder() -> Path:
    return Path(str(current_app.config["MAIL_DIR"]))


def _read(path: Path) -> Caught:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    return Caught(path.name, message)


def _caught(name: str) -> Caught:
    path = _folder() / name
    if not FILE_NAME.fullmatch(name) or not path.is_file():
        abort(404)
    return _read(path)


def _with_links(text: str) -> Markup:
    """The text escaped, with each web address a link (the confirmation links...) and each
    line break kept."""
    out: list[str] = []
    last = 0
    for found in LINK.finditer(text):
        url = found.group(0).rstrip(".,;:)")
        out.append(str(escape(text[last : found.start()])))
        out.append(f'<a class="govuk-link" href="{escape(url)}">{escape(url)}</a>')
        last = found.start() + len(url)
    out.append(str(escape(text[last:])))
    return Markup("".join(out).replace("\n", "<br>\n"))  # noqa: S704 - pieces escaped above


@bp.get("")
@public
def index() -> ResponseReturnValue:
    folder = _folder()
    paths = sorted((p for p in folder.glob("*.eml") if FILE_NAME.fullmatch(p.name)), reverse=True)
    return render_template(
        "mail/dev_index.html",
        messages=[_read(p) for p in paths[:LIST_LIMIT]],
        total=len(paths),
        folder=folder,
    )


@bp.get("/<name>")
@public
def message(name: str) -> ResponseReturnValue:
    caught = _caught(name)
    return render_template("mail/dev_message.html", caught=caught, body=_with_links(caught.text()))


@bp.get("/<name>/raw")
@public
def raw(name: str) -> ResponseReturnValue:
    _caught(name)
    data = (_folder() / name).read_bytes()
    return send_file(
        BytesIO(data), mimetype="message/rfc822", as_attachment=True, download_name=name
    )


@bp.get("/<name>/attachments/<int:index>")
@public
def attachment(name: str, index: int) -> ResponseReturnValue:
    parts = _caught(name).attachments()
    if not 0 <= index < len(parts):
        abort(404)
    part = parts[index]
    content = part.get_content()
    data = content if isinstance(content, bytes) else str(content).encode()
    return send_file(
        BytesIO(data),
        mimetype=part.get_content_type(),
        as_attachment=True,
        download_name=part.get_filename() or f"attachment-{index + 1}",
    )
