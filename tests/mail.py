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

    def wait_for(
        self, to: str, timeout: float = 20.0, subject: str = "", containing: str = ""
    ) -> EmailMessage:
        """The first message to ``to`` (whose subject starts with ``subject`` and whose
        body contains ``containing``), waiting. Other tests' emails share the mailbox."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages:
                if (
                    message["To"] == to
                    and message["Subject"].startswith(subject)
                    and (not containing or containing in _text_of(message))
                ):
                    return message
            time.sleep(0.2)
        raise AssertionError(f"No email to {to} within {timeout}s; got {len(self.messages)} others")


def _text_of(message: EmailMessage) -> str:
    """The message's plain text, with plain line ends."""
    body = message.get_body(preferencelist=("plain",))
    return body.get_content().replace("\r\n", "\n") if body else ""


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    mailbox = Mailbox(free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
