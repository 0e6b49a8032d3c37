"""A real SMTP server on a free local port (aiosmtpd), collecting what it receives."""

from __future__ import annotations

import email
import email.policy
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from ops.settings import free_port


class Mailbox:
    def __init__(self, port: int):
        self.port = port
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted"

    def wait_for(self, to: str, timeout: float = 20.0, subject: str = "") -> EmailMessage:
        """The first message to ``to`` (whose subject starts with ``subject``), waiting."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages:
                if message["To"] == to and message["Subject"].startswith(subject):
                    return message
            time.sleep(0.2)
        raise AssertionError(f"No email to {to} within {timeout}s; got {len(self.messages)} others")


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    mailbox = Mailbox(free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
