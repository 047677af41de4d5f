"""A real SMTP server (aiosmtpd) on loopback for the tests that deliver e-mail.

``smtp`` is a fixture (import it into the test module): it yields ``(inbox, port)``, where
``inbox.messages`` holds every message delivered, parsed. ``serving(handler)`` runs any
aiosmtpd handler on a free port (or a given one: a server that comes up late);
``free_port()`` also gives a port where nothing listens.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from typing import Any

import pytest


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(handler: Any, port: int | None = None) -> Iterator[int]:
    """Run an aiosmtpd server with ``handler`` on 127.0.0.1 (on ``port``, or a free one);
    yields its port."""
    from aiosmtpd.controller import Controller

    controller = Controller(handler, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    with serving(inbox) as port:
        yield inbox, port
